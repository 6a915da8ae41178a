/**
 * The register extract's layout, used by both sides: the importer reads columns by these names
 * (server/src/modules/crm/imports, whose FORMAT.md is the full reference) and the SPA's import page
 * explains them and offers the sample for download.
 */
export const IMPORT_COLUMNS = [
  'codice_fiscale', 'partita_iva', 'denominazione', 'forma_giuridica', 'rea_provincia', 'rea_numero', 'ateco',
  'ateco_secondari', 'addetti', 'fatturato_euro', 'attivo_euro', 'data_costituzione', 'indirizzo', 'cap',
  'comune_istat', 'provincia', 'pec', 'sito_web', 'stato',
] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** Columns whose cell must not be empty: a row without them is refused. */
export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumn[] = ['codice_fiscale', 'denominazione', 'provincia', 'stato']

/** A sample extract: 26 good rows and 2 bad ones (the importer's tests load it too). */
export const IMPORT_SAMPLE_CSV = `codice_fiscale,partita_iva,denominazione,forma_giuridica,rea_provincia,rea_numero,ateco,ateco_secondari,addetti,fatturato_euro,attivo_euro,data_costituzione,indirizzo,cap,comune_istat,provincia,pec,sito_web,stato
02559140351,02559140351,Tipografia Vismara S.n.c.,snc,MI,1000000,18.12.00,,8,783336,582116,1979-10-27,Via Roma 110,20156,015146,MI,,,attiva
02559210220,02559210220,Informatica Russo,altro,MI,1000001,62.10.00,20.30.00,1,179046,118636,1974-03-06,Via Garibaldi 44,20143,015146,MI,,www.informaticarusso.it,attiva
02559280132,02559280132,Caffè Cattaneo Stefano S.r.l.,srl,MI,1000002,56.30.00,,5,,,2016-08-11,Via San Francesco 3,20049,015002,MI,caffecattaneostefanosrl2@pec.it,,attiva
02559350273,02559350273,Pasticceria Farina S.r.l.,srl,MI,1000003,10.71.20,,163,19248391,12523381,1996-02-21,Via Dante 76,20046,015179,MI,pasticceriafarinasrl3@pec.it,www.pasticceriafarinasrl.it,attiva
02559420688,02559420688,Comunicazione Galbiati Federica S.a.s.,sas,MI,1000004,73.11.01,,0,18027,7775,1977-12-10,Via della Repubblica 74,20138,015146,MI,comunicazionegalbiatifedericas4@pec.it,,attiva
02559490533,02559490533,Tipografia Caruso S.a.s.,sas,MI,1000005,18.12.00,24.54.00,8,,,1953-02-18,Via Dante 90,20126,015146,MI,tipografiacarusosas5@pec.it,,attiva
02559560335,02559560335,Bar Padana di Esposito S.r.l.,srl,MI,1000006,56.30.00,,6,1028455,,2003-10-05,Viale Monza 46,20098,015210,MI,barpadanadiespositosrl6@pec.it,,attiva
02559630328,02559630328,Termoidraulica Palumbo S.n.c.,snc,MI,1000007,43.22.05,,1,195521,165150,2010-04-03,Via della Repubblica 130,20070,015139,MI,,,attiva
02559700634,02559700634,Ristorante Italia S.r.l.,srl,MI,1000008,56.11.11,,7,1195335,1226173,1950-08-14,Piazza della Libertà 150,20128,015146,MI,ristoranteitaliasrl8@pec.it,www.ristoranteitaliasrl.it,cessata
02559770066,02559770066,Società agricola Bonfanti s.s.,societa_semplice,MI,1000009,01.11.00,,6,538347,748622,2006-08-26,Via della Repubblica 53,20123,015146,MI,societaagricolabonfantiss9@pec.it,,attiva
02559840109,02559840109,Cantina Più di Ricci S.r.l.,srl,MI,1000010,11.02.10,,5,1023254,832467,2022-09-10,Viale Lombardia 55,20121,015146,MI,cantinapiudiriccisrl10@pec.it,,attiva
02559910993,02559910993,Sartoria Greco S.r.l.,srl,MI,1000011,14.21.20,,0,32647,19051,1976-11-11,Via dei Mille 34,20079,015077,MI,sartoriagrecosrl11@pec.it,,attiva
02559980277,02559980277,Autofficina Lombarda S.n.c.,snc,MI,1000012,95.31.10,08.92.00;47.62.20,8,702211,,2024-11-17,Via Dante 104,20131,015146,MI,autofficinalombardasnc12@pec.it,,attiva
02560050011,02560050011,Moda Più di Mapelli S.r.l.,srl,MI,1000013,47.71.10,,9,,,1969-08-18,Piazza della Libertà 92,20016,015027,MI,,www.modapiudimapellisrl.it,cessata
02560120632,02560120632,Arosio & Castelli S.r.l.s.,srls,MI,1000014,41.00.00,29.32.00,6,728937,805616,1968-04-14,Via Manzoni 64,20067,015122,MI,,,attiva
02560190338,02560190338,Informatica Città Studi S.r.l.,srl,MI,1000015,62.10.00,,7,801575,830082,2007-07-28,Via Dante 136,20012,015130,MI,informaticacittastudisrl15@pec.it,www.informaticacittastudisrl.it,attiva
02560260438,02560260438,Gelateria Farina S.r.l.,srl,MI,1000016,56.11.12,,9,1326210,761317,2018-10-26,Via dei Mille 33,20148,015146,MI,gelateriafarinasrl16@pec.it,www.gelateriafarinasrl.it,attiva
RDLRRT60L48I361S,02560330884,Immobiliare di Radaelli Roberta,ditta_individuale,MI,1000017,68.31.00,,3,309262,353866,2007-12-03,Via Marconi 56,20021,015010,MI,immobiliarediradaelliroberta17@pec.it,,attiva
02560400943,02560400943,Ferramenta Europa S.n.c.,snc,MI,1000018,47.52.10,,9,1999892,1330015,1982-03-08,Via dei Mille 141,20158,015146,MI,ferramentaeuropasnc18@pec.it,,attiva
02560470052,02560470052,Macelleria Cattaneo S.n.c.,snc,MI,1000019,47.22.00,71.20.22;46.12.05,202,27200833,16585026,1978-06-19,Via Roma 105,20142,015146,MI,,,attiva
02560540193,02560540193,Comunicazione Bontà Lombarde di Parisi S.n.c.,snc,MI,1000020,73.11.01,,1,177533,92690,2001-08-05,Viale Lombardia 23,20084,015237,MI,comunicazionebontalombardedipa20@pec.it,www.comunicazionebontalombardedipa.it,attiva
SLASRA86D51H470H,02560610483,Sala Sara,ditta_individuale,MI,1000021,96.21.00,,7,,,1957-12-01,Viale Monza 39,20074,015247,MI,salasara21@pec.it,,attiva
02560680668,02560680668,Parrucchiera Galbiati S.r.l.,srl,MI,1000022,96.21.00,,7,1575758,,1986-03-16,Via Roma 179,20020,015072,MI,parrucchieragalbiatisrl22@pec.it,,attiva
MRNLCU03S27D198B,02560750693,Marini Luca,ditta_individuale,MI,1000023,49.41.00,,7,528087,640790,1954-02-09,Via Verdi 175,20033,015177,MI,mariniluca23@pec.it,,attiva
02560820470,02560820470,Cantina Pirovano,altro,MI,1000024,11.02.10,,36,,,1982-05-03,Via Dante 34,20069,015015,MI,cantinapirovano24@pec.it,,attiva
02560890523,02560890523,Vivai Lombardi S.r.l.,srl,MI,1000025,01.30.00,,8,1616910,2026135,1961-05-04,Corso Buenos Aires 157,20083,015184,MI,vivailombardisrl25@pec.it,,attiva
02561240354,02561240354,Trattoria del Borgo S.n.c.,snc,MI,1000030,56.11.11,,4,310500,198000,2012-05-14,Via Garibaldi 12,20010,015146,MI,trattoriadelborgo@pec.it,,attiva
02561310356,02561310356,Osteria Bergamasca S.r.l.,srl,BG,1000031,56.11.11,,6,402000,,2015-09-01,Via XX Settembre 8,24121,016024,BG,,,attiva
`
