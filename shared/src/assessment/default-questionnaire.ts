import type { Dimension, MaturityLevel, Question, QuestionnaireDefinition, QuestionOption } from './questionnaire.ts'

/**
 * The PID's default digital-maturity questionnaire, written for this platform: the six dimensions of
 * the EU Digital Maturity Assessment plus e-government and cybersecurity, 36 questions, and the five
 * maturity classes used by the chambers (Esordiente ... Campione).
 */
export const DEFAULT_QUESTIONNAIRE_CODE = 'pid-maturita-digitale'

type T = [it: string, en: string]
const tx = ([it, en]: T) => ({ it, en })
const opt = (key: string, points: number, label: T): QuestionOption => ({ key, points, label: tx(label) })

/** Yes / partly / no, worth 2 / 1 / 0. */
const YES_PARTLY_NO = [opt('yes', 2, ['Sì', 'Yes']), opt('partly', 1, ['In parte', 'Partly']), opt('no', 0, ['No', 'No'])]

interface Q { id: string; kind: Question['kind']; text: T; help?: T; options?: QuestionOption[]; weight?: number;
  required?: boolean; bands?: Question['bands']; unit?: T; showIf?: Question['showIf']; maxPoints?: number }

function dimension(key: string, title: T, description: T, competences: string[], questions: Q[]): { dim: Dimension; questions: Question[] } {
  return {
    dim: { key, title: tx(title), description: tx(description), weight: 1, competences },
    questions: questions.map((q) => ({
      id: q.id, dimension: key, kind: q.kind, text: tx(q.text), weight: q.weight ?? (q.kind === 'text' ? 0 : 1),
      required: q.required ?? q.kind !== 'text',
      ...(q.help ? { help: tx(q.help) } : {}),
      ...(q.kind === 'yes_no' ? { options: q.options ?? YES_PARTLY_NO } : q.options ? { options: q.options } : {}),
      ...(q.bands ? { bands: q.bands } : {}), ...(q.unit ? { unit: tx(q.unit) } : {}),
      ...(q.showIf ? { showIf: q.showIf } : {}), ...(q.maxPoints ? { maxPoints: q.maxPoints } : {}),
    })),
  }
}

const SCALE_HELP: T = ['0 = per nulla, 5 = pienamente integrato nel lavoro di ogni giorno.',
  '0 = not at all, 5 = fully part of everyday work.']

const parts = [
  dimension('strategy', ['Strategia digitale', 'Digital business strategy'],
    ['Quanto il digitale entra nelle scelte e negli investimenti dell\'impresa.', 'How far digital shapes the firm\'s choices and investments.'],
    ['strategia-digitale', 'industria-4.0', 'e-commerce'], [
      { id: 'str_plan', kind: 'single', text: ['Avete un piano per la trasformazione digitale dell\'impresa?', 'Do you have a plan for the digital transformation of the firm?'],
        options: [opt('none', 0, ['No, non ci abbiamo ancora pensato', 'No, not thought about yet']), opt('ideas', 1, ['Qualche idea, non scritta', 'Some ideas, not written down']),
          opt('written', 2, ['Un piano scritto', 'A written plan']), opt('reviewed', 3, ['Un piano scritto, rivisto ogni anno con obiettivi misurabili', 'A written plan, reviewed yearly with measurable goals'])] },
      { id: 'str_budget', kind: 'single', text: ['Quota del fatturato investita ogni anno in tecnologie digitali', 'Share of turnover invested each year in digital technology'],
        help: ['Software, hardware, servizi cloud, consulenze e formazione sul digitale.', 'Software, hardware, cloud services, consulting and digital training.'],
        options: [opt('lt1', 0, ['Meno dell\'1%', 'Under 1%']), opt('from1to3', 1, ['Tra l\'1% e il 3%', '1% to 3%']), opt('from3to5', 2, ['Tra il 3% e il 5%', '3% to 5%']), opt('gt5', 3, ['Più del 5%', 'Over 5%'])] },
      { id: 'str_owner', kind: 'yes_no', text: ['C\'è una persona responsabile dei progetti digitali?', 'Is someone in charge of digital projects?'] },
      { id: 'str_customers', kind: 'scale', text: ['Quanto usate il digitale per conoscere e seguire i clienti?', 'How much do you use digital tools to know and follow your customers?'], help: SCALE_HELP },
      { id: 'str_priority', kind: 'text', text: ['Qual è la vostra priorità digitale per i prossimi 12 mesi?', 'What is your digital priority for the next 12 months?'] },
    ]),
  dimension('readiness', ['Prontezza digitale', 'Digital readiness'],
    ['Le tecnologie digitali già in uso, di base e avanzate.', 'The digital technologies already in use, basic and advanced.'],
    ['cloud', 'e-commerce', 'industria-4.0'], [
      { id: 'rdy_tools', kind: 'multi', text: ['Quali di questi strumenti usate?', 'Which of these tools do you use?'],
        options: [opt('website', 1, ['Sito web aggiornato', 'Up-to-date website']), opt('crm', 1, ['Gestionale clienti (CRM)', 'Customer management (CRM)']),
          opt('erp', 1, ['Gestionale amministrativo (ERP)', 'Business management (ERP)']), opt('cloud', 1, ['Archiviazione e programmi in cloud', 'Cloud storage and software']),
          opt('collab', 1, ['Strumenti di lavoro condiviso e videochiamata', 'Collaboration and video-call tools']), opt('none', 0, ['Nessuno di questi', 'None of these'])] },
      { id: 'rdy_online_sales', kind: 'yes_no', text: ['Vendete prodotti o servizi online?', 'Do you sell products or services online?'] },
      { id: 'rdy_channels', kind: 'multi', text: ['Attraverso quali canali vendete online?', 'Through which channels do you sell online?'],
        showIf: { question: 'rdy_online_sales', anyOf: ['yes', 'partly'] },
        options: [opt('own_shop', 1, ['Negozio online proprio', 'Own online shop']), opt('marketplace', 1, ['Marketplace', 'Marketplaces']),
          opt('social', 1, ['Social network', 'Social networks']), opt('b2b', 1, ['Portali B2B', 'B2B portals'])], maxPoints: 3 },
      { id: 'rdy_advanced', kind: 'scale', text: ['Quanto usate tecnologie avanzate (IoT, realtà aumentata, stampa 3D, simulazione)?', 'How much do you use advanced technology (IoT, augmented reality, 3D printing, simulation)?'], help: SCALE_HELP },
      { id: 'rdy_connectivity', kind: 'single', text: ['Com\'è la connessione a internet della sede?', 'How is the internet connection at your premises?'],
        options: [opt('poor', 0, ['Lenta o instabile', 'Slow or unreliable']), opt('adsl', 1, ['Adeguata per l\'ufficio', 'Adequate for office work']), opt('fibre', 2, ['Fibra o connessione ultra-veloce', 'Fibre or ultra-fast'])] },
    ]),
  dimension('human', ['Persone e competenze', 'Human-centric digitalisation'],
    ['Competenze digitali, formazione e coinvolgimento delle persone.', 'Digital skills, training and involvement of people.'],
    ['formazione', 'competenze-digitali'], [
      { id: 'hum_skills', kind: 'scale', text: ['Quanto sono diffuse le competenze digitali di base tra chi lavora con voi?', 'How widespread are basic digital skills among the people working with you?'], help: SCALE_HELP },
      { id: 'hum_training_hours', kind: 'number', text: ['Ore di formazione sul digitale per persona nell\'ultimo anno (in media)', 'Hours of digital training per person in the last year (average)'],
        unit: ['ore', 'hours'], bands: [{ min: 0, points: 0 }, { min: 4, points: 1 }, { min: 12, points: 2 }, { min: 24, points: 3 }] },
      { id: 'hum_involve', kind: 'yes_no', text: ['Coinvolgete i collaboratori nella scelta dei nuovi strumenti digitali?', 'Do you involve staff in choosing new digital tools?'] },
      { id: 'hum_remote', kind: 'yes_no', text: ['Chi lavora con voi può lavorare da remoto quando serve?', 'Can people work remotely when needed?'] },
    ]),
  dimension('data', ['Gestione dei dati', 'Data management'],
    ['Come i dati vengono raccolti, protetti e usati per decidere.', 'How data are collected, protected and used to decide.'],
    ['dati', 'cloud', 'intelligenza-artificiale'], [
      { id: 'dat_digital', kind: 'single', text: ['Come sono conservati i dati dell\'impresa (clienti, ordini, magazzino)?', 'How are the firm\'s data (customers, orders, stock) kept?'],
        options: [opt('paper', 0, ['Soprattutto su carta', 'Mostly on paper']), opt('files', 1, ['Fogli di calcolo sparsi', 'Scattered spreadsheets']),
          opt('systems', 2, ['In gestionali separati', 'In separate systems']), opt('integrated', 3, ['In sistemi integrati tra loro', 'In integrated systems'])] },
      { id: 'dat_decide', kind: 'scale', text: ['Quanto usate i dati (indicatori, cruscotti) per prendere decisioni?', 'How much do you use data (indicators, dashboards) to take decisions?'], help: SCALE_HELP },
      { id: 'dat_backup', kind: 'yes_no', text: ['Fate copie di sicurezza dei dati, automatiche e verificate?', 'Do you make automatic, tested backups of your data?'] },
      { id: 'dat_share', kind: 'yes_no', text: ['Scambiate dati in formato digitale con clienti e fornitori?', 'Do you exchange data digitally with customers and suppliers?'] },
      { id: 'dat_gdpr', kind: 'yes_no', text: ['Il trattamento dei dati personali è documentato (registro, informative)?', 'Is your processing of personal data documented (records, notices)?'] },
    ]),
  dimension('automation', ['Automazione e intelligenza artificiale', 'Automation and artificial intelligence'],
    ['Processi automatizzati e uso dell\'intelligenza artificiale.', 'Automated processes and use of artificial intelligence.'],
    ['intelligenza-artificiale', 'industria-4.0', 'robotica'], [
      { id: 'aut_processes', kind: 'scale', text: ['Quanto sono automatizzati i processi ripetitivi (ordini, fatture, produzione)?', 'How automated are repetitive processes (orders, invoices, production)?'], help: SCALE_HELP },
      { id: 'aut_ai_use', kind: 'yes_no', text: ['Usate strumenti di intelligenza artificiale nel lavoro?', 'Do you use artificial intelligence tools at work?'],
        help: ['Per esempio assistenti di scrittura, traduzione, analisi di documenti, previsioni.', 'For example writing assistants, translation, document analysis, forecasting.'] },
      { id: 'aut_ai_areas', kind: 'multi', text: ['In quali attività usate l\'intelligenza artificiale?', 'In which activities do you use artificial intelligence?'],
        showIf: { question: 'aut_ai_use', anyOf: ['yes', 'partly'] },
        options: [opt('marketing', 1, ['Marketing e comunicazione', 'Marketing and communication']), opt('customer', 1, ['Assistenza clienti', 'Customer service']),
          opt('operations', 1, ['Produzione e logistica', 'Operations and logistics']), opt('admin', 1, ['Amministrazione', 'Administration'])], maxPoints: 3 },
      { id: 'aut_machines', kind: 'single', text: ['I macchinari o gli impianti sono collegati a un sistema informatico?', 'Are machines or equipment connected to an IT system?'],
        options: [opt('na', 0, ['Non abbiamo macchinari o impianti', 'We have no machines or equipment']), opt('no', 0, ['No', 'No']),
          opt('some', 1, ['Alcuni', 'Some']), opt('most', 2, ['La maggior parte', 'Most of them'])] },
    ]),
  dimension('green', ['Digitale sostenibile', 'Green digitalisation'],
    ['Il digitale al servizio dell\'ambiente e dell\'efficienza.', 'Digital technology serving the environment and efficiency.'],
    ['sostenibilita', 'energia'], [
      { id: 'grn_energy', kind: 'yes_no', text: ['Misurate i consumi di energia con strumenti digitali?', 'Do you measure energy use with digital tools?'] },
      { id: 'grn_paperless', kind: 'scale', text: ['Quanto avete ridotto carta e spostamenti grazie al digitale?', 'How much have you cut paper and travel thanks to digital tools?'], help: SCALE_HELP },
      { id: 'grn_criteria', kind: 'yes_no', text: ['Nella scelta di tecnologie considerate l\'impatto ambientale?', 'Do you consider environmental impact when choosing technology?'] },
      { id: 'grn_reuse', kind: 'yes_no', text: ['Riutilizzate o riciclate in modo certificato i dispositivi dismessi?', 'Do you reuse or recycle retired devices through certified channels?'] },
    ]),
  dimension('egov', ['E-government', 'E-government'],
    ['Uso dei servizi digitali della pubblica amministrazione.', 'Use of the public administration\'s digital services.'],
    ['e-government'], [
      { id: 'egv_spid', kind: 'yes_no', text: ['Chi rappresenta l\'impresa usa SPID o CIE per i servizi pubblici online?', 'Does the firm\'s representative use SPID or CIE for public online services?'] },
      { id: 'egv_einvoice', kind: 'single', text: ['Come gestite la fatturazione elettronica?', 'How do you handle e-invoicing?'],
        options: [opt('outsourced', 1, ['La gestisce tutta il commercialista', 'Our accountant does it all']), opt('portal', 1, ['Con il portale dell\'Agenzia delle Entrate', 'Through the Revenue Agency portal']),
          opt('integrated', 2, ['Integrata nel nostro gestionale', 'Integrated in our management software'])] },
      { id: 'egv_pagopa', kind: 'yes_no', text: ['Pagate tributi e servizi pubblici con PagoPA?', 'Do you pay public fees and services through PagoPA?'] },
      { id: 'egv_pec', kind: 'single', text: ['Come usate la PEC e il domicilio digitale?', 'How do you use certified e-mail (PEC) and the digital domicile?'],
        options: [opt('rarely', 0, ['La controlliamo raramente', 'We rarely check it']), opt('regular', 1, ['La leggiamo ogni giorno', 'We read it daily']),
          opt('integrated', 2, ['È integrata nella gestione dei documenti', 'It is integrated with our document management'])] },
      { id: 'egv_fascicolo', kind: 'yes_no', text: ['Consultate online il fascicolo d\'impresa e le pratiche in Camera di commercio?', 'Do you consult your business file and chamber procedures online?'] },
    ]),
  dimension('security', ['Cybersicurezza', 'Cybersecurity'],
    ['Protezione di sistemi, dati e persone dagli attacchi informatici.', 'Protection of systems, data and people from cyber attacks.'],
    ['cybersecurity'], [
      { id: 'sec_basics', kind: 'multi', text: ['Quali di queste protezioni avete?', 'Which of these protections do you have?'],
        options: [opt('antivirus', 1, ['Antivirus aggiornato su tutti i dispositivi', 'Up-to-date antivirus on every device']), opt('updates', 1, ['Aggiornamenti automatici del software', 'Automatic software updates']),
          opt('mfa', 1, ['Autenticazione a due fattori', 'Two-factor authentication']), opt('firewall', 1, ['Firewall', 'Firewall']),
          opt('passwords', 1, ['Gestore delle password', 'Password manager'])] },
      { id: 'sec_training', kind: 'yes_no', text: ['Le persone sanno riconoscere una mail di phishing?', 'Can your people recognise a phishing e-mail?'], help: ['Per esempio grazie a una formazione o a simulazioni.', 'For example thanks to training or simulations.'] },
      { id: 'sec_plan', kind: 'yes_no', text: ['Sapete cosa fare in caso di attacco informatico (piano di risposta)?', 'Do you know what to do after a cyber attack (response plan)?'] },
      { id: 'sec_assessment', kind: 'single', text: ['Quando avete verificato l\'ultima volta la sicurezza dei vostri sistemi?', 'When did you last check the security of your systems?'],
        options: [opt('never', 0, ['Mai', 'Never']), opt('gt2y', 1, ['Più di due anni fa', 'More than two years ago']), opt('lt2y', 2, ['Negli ultimi due anni', 'In the last two years']), opt('yearly', 3, ['Ogni anno', 'Every year'])] },
    ]),
]

const LEVELS: MaturityLevel[] = [
  { level: 1, key: 'esordiente', min: 0, label: { it: 'Esordiente', en: 'Beginner' },
    description: { it: 'Il digitale è ancora ai primi passi: conviene partire dai servizi di base.', en: 'Digital is taking its first steps: start from the basics.' } },
  { level: 2, key: 'apprendista', min: 20, label: { it: 'Apprendista', en: 'Apprentice' },
    description: { it: 'Alcuni strumenti sono in uso, ma non ancora collegati tra loro.', en: 'Some tools are in use, not yet connected to each other.' } },
  { level: 3, key: 'specialista', min: 40, label: { it: 'Specialista', en: 'Specialist' },
    description: { it: 'Il digitale sostiene diversi processi: è il momento di integrarli.', en: 'Digital supports several processes: time to integrate them.' } },
  { level: 4, key: 'esperto', min: 60, label: { it: 'Esperto', en: 'Expert' },
    description: { it: 'Processi integrati e uso dei dati: pronti per tecnologie avanzate.', en: 'Integrated processes and data use: ready for advanced technology.' } },
  { level: 5, key: 'campione', min: 80, label: { it: 'Campione', en: 'Champion' },
    description: { it: 'Il digitale guida la strategia: l\'impresa può fare da esempio.', en: 'Digital drives the strategy: the firm can lead by example.' } },
]

export const DEFAULT_QUESTIONNAIRE: QuestionnaireDefinition = {
  title: { it: 'Autovalutazione della maturità digitale', en: 'Digital maturity self-assessment' },
  intro: {
    it: 'Otto aree, circa 35 domande, 15 minuti. Le risposte si salvano da sole: può interrompere e riprendere anche da un altro dispositivo.',
    en: 'Eight areas, about 35 questions, 15 minutes. Answers save themselves: you can stop and resume, even on another device.',
  },
  dimensions: parts.map((p) => p.dim),
  questions: parts.flatMap((p) => p.questions),
  levels: LEVELS,
}
