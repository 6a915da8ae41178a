import type { CreateServiceBody } from '@pid/shared'

type S = [code: string, line: CreateServiceBody['serviceLine'], titleIt: string, titleEn: string, descIt: string, descEn: string, dims: string[], below?: number]

/** The PID's services (A information, B assistance and training, C partners and vouchers, D specialist services). */
const ROWS: S[] = [
  ['a-incentivi', 'A', 'Informazione su incentivi e bandi per il digitale', 'Information on digital incentives and calls',
    'Lo sportello PID spiega incentivi nazionali e regionali, crediti d\'imposta e bandi aperti.', 'The PID desk explains national and regional incentives, tax credits and open calls.',
    ['strategy', 'readiness', 'automation', 'green']],
  ['a-egov', 'A', 'Sportello e-government: SPID, fatturazione elettronica, PagoPA, PEC', 'E-government desk: SPID, e-invoicing, PagoPA, PEC',
    'Assistenza all\'uso dei servizi digitali della pubblica amministrazione e del fascicolo d\'impresa.', 'Help with the public administration\'s digital services and the business file.',
    ['egov'], 70],
  ['b-orientamento', 'B', 'Colloquio di orientamento con un esperto PID', 'Orientation meeting with a PID expert',
    'Rilettura del risultato con un digital coordinator, aree di miglioramento e piano di interventi.', 'Review of the result with a digital coordinator, areas to improve and an action plan.',
    ['strategy', 'readiness', 'human', 'data', 'automation', 'green', 'egov', 'security'], 50],
  ['b-formazione', 'B', 'Formazione sulle competenze digitali', 'Digital skills training',
    'Seminari e corsi brevi del PID per imprenditori e collaboratori.', 'PID seminars and short courses for owners and staff.',
    ['human', 'data', 'security']],
  ['b-mentoring', 'B', 'Digital mentoring', 'Digital mentoring',
    'Un mentor esperto affianca l\'impresa, di persona o a distanza, gratuitamente.', 'An experienced mentor supports the firm, in person or remotely, free of charge.',
    ['strategy', 'readiness']],
  ['b-experience', 'B', 'Visita guidata all\'Experience center', 'Guided visit to the Experience centre',
    'Dimostrazioni di tecnologie 4.0 e casi di imprese che le usano.', 'Demonstrations of 4.0 technology and cases of firms using it.',
    ['automation', 'readiness', 'data']],
  ['c-voucher', 'C', 'Voucher digitali', 'Digital vouchers',
    'Contributi della Camera di commercio per servizi di consulenza, formazione e tecnologie digitali.', 'Chamber grants for digital consulting, training and technology.',
    ['readiness', 'automation', 'data', 'green']],
  ['c-competence', 'C', 'Incontro con un competence center o un Digital Innovation Hub', 'Meeting with a competence centre or a Digital Innovation Hub',
    'Il PID mette in contatto l\'impresa con i partner specializzati del territorio.', 'The PID connects the firm with specialised partners nearby.',
    ['automation', 'data', 'strategy'], 50],
  ['d-cyber', 'D', 'Servizi specialistici: privacy e cybersicurezza', 'Specialist services: privacy and cybersecurity',
    'Verifiche di base e indicazioni pratiche per proteggere dati e sistemi.', 'Basic checks and practical advice to protect data and systems.',
    ['security', 'data']],
  ['d-energia', 'D', 'Efficienza energetica ed economia circolare', 'Energy efficiency and circular economy',
    'Orientamento sull\'uso del digitale per ridurre consumi e sprechi.', 'Guidance on using digital tools to cut energy use and waste.',
    ['green']],
  ['d-modelli', 'D', 'Nuovi modelli di business e proprietà intellettuale', 'New business models and intellectual property',
    'Centri PIP/PATLIB e supporto per ripensare l\'offerta con il digitale.', 'PIP/PATLIB centres and support to rethink the offer with digital.',
    ['strategy']],
]

export const DEFAULT_CATALOGUE: CreateServiceBody[] = ROWS.map(([code, serviceLine, titleIt, titleEn, descIt, descEn, dimensions, below]) => ({
  code, serviceLine, title: { it: titleIt, en: titleEn }, description: { it: descIt, en: descEn }, dimensions,
  belowScore: below ?? 60, url: null, active: true,
}))
