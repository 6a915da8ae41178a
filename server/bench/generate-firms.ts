/**
 * Writes N realistic firms as a register extract in the import layout (FORMAT.md): valid codici
 * fiscali (companies: partita IVA with office code and check digit; ~15% sole traders with a
 * personal 16-character code), Italian-looking names with the odd accent, ATECO 2025 subcategories,
 * municipalities of the chosen provinces, sizes skewed to micro firms as in the real register.
 * Deterministic for a seed. Usage: `BENCH_FIRMS=20000 DATABASE_URL=... node bench/generate-firms.ts out.csv`.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { pathToFileURL } from 'node:url'
import { checkTaxCode, vatCheckDigit } from '@pid/shared'
import type { Db } from '../src/db/database.ts'
import { personalTaxCode } from '../src/demo/fiscal-code.ts'

export interface GeneratorReference {
  municipalities: { istat: string; province: string; cadastral: string; name: string }[]
  atecoCodes: string[]
}

export interface GenerateOptions {
  path: string
  count: number
  seed?: number
  /** One in `badEvery` rows gets a wrong check digit (an error row); 0 = none. */
  badEvery?: number
  /** First REA number (unique per province); the default stays clear of the demo seed's numbers. */
  reaStart?: number
}

export async function loadGeneratorReference(db: Db, provinces: string[]): Promise<GeneratorReference> {
  const municipalities = await db.selectFrom('municipality').select(['istat_code', 'province_code', 'cadastral_code', 'name'])
    .where('province_code', 'in', provinces).orderBy('istat_code').execute()
  const ateco = await db.selectFrom('ateco').select('code').where('level', '=', 'subcategory').orderBy('code').execute()
  return {
    municipalities: municipalities.map((m) => ({ istat: m.istat_code, province: m.province_code, cadastral: m.cadastral_code, name: m.name })),
    atecoCodes: ateco.map((a) => a.code),
  }
}

/** mulberry32: small, fast, good enough for test data, and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  return { next, int, pick }
}

const TRADES = ['Officina', 'Trattoria', 'Studio', 'Società agricola', 'Bar', 'Pasticceria', 'Panificio', 'Autofficina',
  'Ferramenta', 'Edilizia', 'Impianti elettrici', 'Idraulica', 'Tipografia', 'Falegnameria', 'Agenzia', 'Consulenze',
  'Logistica', 'Trasporti', 'Informatica', 'Software', 'Ristorante', 'Parrucchiera', 'Estetica', 'Cantina', 'Caseificio',
  'Macelleria', 'Gelateria', 'Lavanderia', 'Autoscuola', 'Immobiliare', 'Costruzioni', 'Meccanica', 'Carpenteria',
  'Elettronica', 'Tessitura', 'Moda', 'Design', 'Comunicazione', 'Servizi', 'Caffè', 'Osteria', 'Libreria', 'Ottica',
  'Vivai', 'Serramenti', 'Termoidraulica', 'Stampaggio', 'Minuterie metalliche', 'Laboratorio', 'Sartoria']
const SURNAMES = ['Rossi', 'Bianchi', 'Colombo', 'Ferrari', 'Brambilla', 'Galli', 'Fumagalli', 'Villa', 'Sala', 'Cattaneo',
  'Mariani', 'Ricci', 'Conti', 'Fontana', 'Longhi', 'Moretti', 'Barbieri', 'Lombardi', 'Marchetti', 'Riva', 'Mauri',
  'Pozzi', 'Crippa', 'Bassi', 'Sironi', 'Redaelli', 'Citterio', 'Monti', 'Caprotti', 'Bonfanti', 'Fabbri', 'Cantù',
  'Galbiati', 'Perego', 'Motta', 'De Luca', 'Esposito', 'Russo', 'Romano', 'Gallo', 'Greco', 'Bruno', 'Costa',
  'Giordano', 'Rizzo', 'Mancini', 'Leone', 'Longo', 'Martinelli', 'Vitale', 'Serra', 'Santoro', 'Marini', 'Bernardi',
  "D'Angelo", 'Gatti', 'Pellegrini', 'Palumbo', 'Farina', 'Rinaldi', 'Caruso', 'Ferri', 'Testa', 'Grassi', 'Carbone',
  'Giuliani', 'Benedetti', 'Barone', 'Parisi', 'Valentini', 'Orlando', 'Sartori', 'Silvestri', 'Zanetti', 'Guerra',
  'Negri', 'Cereda', 'Mazzoleni', 'Sangalli', 'Tagliabue', 'Zappa', 'Vismara', 'Castelli', 'Meroni', 'Frigerio',
  'Arosio', 'Viganò', 'Pirovano', 'Beretta', 'Corbetta', 'Locatelli', 'Sormani', 'Borghi', 'Airoldi', 'Nava',
  'Confalonieri', 'Terraneo', 'Radaelli', 'Spinelli', 'Bertolè', 'Mapelli']
const FIRST = { m: ['Mario', 'Luca', 'Giuseppe', 'Giovanni', 'Francesco', 'Marco', 'Andrea', 'Paolo', 'Alessandro', 'Stefano',
  'Nicolò', 'Mattia', 'Davide', 'Simone', 'Roberto', 'Fabio', 'Claudio', 'Massimo', 'Enrico', 'Pietro'],
f: ['Giorgia', 'Francesca', 'Chiara', 'Sara', 'Laura', 'Elena', 'Anna', 'Maria', 'Paola', 'Silvia', 'Federica', 'Martina',
  'Giulia', 'Alessandra', 'Valentina', 'Roberta', 'Cristina', 'Barbara', 'Ilaria', 'Beatrice'] }
const PLACES = ['Lombarda', 'Brianza', 'del Naviglio', 'Ambrosiana', 'San Siro', 'Città Studi', 'Navigli', 'Martesana',
  'Ticino', 'Adda', 'Sempione', 'Brera', 'Porta Romana', 'Alpi', 'Padana', 'Nord', 'Italia', 'Europa', 'Bontà Lombarde', 'Più']
const STREETS = ['Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Via Dante', 'Via Verdi', 'Via Manzoni', 'Via Cavour',
  'Via Matteotti', 'Via XX Settembre', 'Corso Vittorio Emanuele II', 'Via della Repubblica', 'Via dei Mille',
  'Corso Buenos Aires', 'Viale Monza', 'Via Marconi', 'Piazza della Libertà', 'Via San Francesco', 'Viale Lombardia']
/** Legal forms and their share of the register (sole traders ~15%, with a personal codice fiscale). */
const FORMS: [string, number, string][] = [['srl', 0.40, 'S.r.l.'], ['ditta_individuale', 0.55, ''], ['snc', 0.63, 'S.n.c.'],
  ['sas', 0.71, 'S.a.s.'], ['srls', 0.79, 'S.r.l.s.'], ['spa', 0.82, 'S.p.A.'], ['cooperativa', 0.86, 'Società Cooperativa'],
  ['societa_semplice', 0.90, 's.s.'], ['consorzio', 0.91, 'Consorzio'], ['altro', 1, '']]

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '').slice(0, 30) || 'impresa'

export const HEADER = 'codice_fiscale,partita_iva,denominazione,forma_giuridica,rea_provincia,rea_numero,ateco,ateco_secondari,' +
  'addetti,fatturato_euro,attivo_euro,data_costituzione,indirizzo,cap,comune_istat,provincia,pec,sito_web,stato'

/** Writes the file; returns how many rows were made bad on purpose. */
export async function generateFirmsCsv(ref: GeneratorReference, opts: GenerateOptions): Promise<{ rows: number; bad: number }> {
  const r = prng(opts.seed ?? 20260101)
  const out = createWriteStream(opts.path)
  const seenPersonal = new Set<string>()
  // A third of the firms in the provincial capital, as in the register; the rest spread over the province.
  const capitals = ref.municipalities.filter((m) => ['Milano', 'Bergamo', 'Brescia', 'Como', 'Cremona', 'Lecco', 'Lodi',
    'Mantova', 'Monza', 'Pavia', 'Sondrio', 'Varese'].includes(m.name))
  const vatBase = r.int(0, 1_000_000)
  let buffer = `${HEADER}\n`
  let bad = 0
  for (let i = 0; i < opts.count; i++) {
    const u = r.next()
    const [form, , suffix] = FORMS.find(([, cut]) => u < cut)!
    const surname = r.pick(SURNAMES)
    const female = r.next() < 0.4
    const first = r.pick(female ? FIRST.f : FIRST.m)
    const place = capitals.length && r.next() < 0.33 ? r.pick(capitals) : r.pick(ref.municipalities)
    const vatBody = String((vatBase + i * 7) % 10_000_000).padStart(7, '0') + String(r.int(1, 100)).padStart(3, '0')
    let vat = vatBody + vatCheckDigit(vatBody)
    let taxCode = vat
    let name: string
    if (form === 'ditta_individuale') {
      let cf: string
      do {
        const born = new Date(Date.UTC(r.int(1945, 2003), r.int(0, 11), r.int(1, 28)))
        cf = personalTaxCode({ surname, name: first, born, female, cadastralCode: r.pick(ref.municipalities).cadastral })
      } while (seenPersonal.has(cf))
      seenPersonal.add(cf)
      taxCode = cf
      name = r.next() < 0.6 ? `${r.pick(TRADES)} di ${surname} ${first}` : `${surname} ${first}`
    } else {
      const pattern = r.next()
      const core = pattern < 0.35 ? `${r.pick(TRADES)} ${surname}`
        : pattern < 0.55 ? `${r.pick(TRADES)} ${r.pick(PLACES)}`
          : pattern < 0.75 ? `${surname} & ${r.pick(SURNAMES)}`
            : pattern < 0.9 ? `${r.pick(TRADES)} ${surname} ${first}`
              : `${r.pick(TRADES)} ${r.pick(PLACES)} di ${surname}`
      name = form === 'societa_semplice' && r.next() < 0.7 ? `Società agricola ${surname} ${suffix}` : suffix ? `${core} ${suffix}` : core
    }
    if (opts.badEvery && i % opts.badEvery === opts.badEvery - 1) {
      // A wrong check digit: the import must report the row and load the rest.
      vat = vat.slice(0, 10) + String((Number(vat[10]) + 1) % 10)
      if (taxCode.length === 11) taxCode = vat
      else taxCode = taxCode.slice(0, 15) + (taxCode[15] === 'A' ? 'B' : 'A')
      bad++
    }
    const v = r.next()
    const employees = v < 0.82 ? r.int(0, 9) : v < 0.96 ? r.int(10, 49) : v < 0.995 ? r.int(50, 249) : r.int(250, 3000)
    const known = r.next() < 0.9
    const turnover = known ? employees * r.int(40_000, 220_000) + r.int(10_000, 90_000) : null
    const balance = known && r.next() < 0.8 ? Math.round((turnover ?? 0) * (0.4 + r.next())) : null
    const secondary = r.next() < 0.2 ? [r.pick(ref.atecoCodes), r.pick(ref.atecoCodes)].slice(0, r.int(1, 2)).join(';') : ''
    const isCapital = place.name === 'Milano'
    const cap = isCapital ? String(r.int(20121, 20162)) : `20${String(r.int(10, 99)).padStart(3, '0')}`
    const s = r.next()
    buffer += [
      taxCode, vat, quote(name), form, place.province, String((opts.reaStart ?? 3_000_000) + i), r.pick(ref.atecoCodes),
      secondary, String(employees), turnover === null ? '' : String(turnover), balance === null ? '' : String(balance),
      `${r.int(1950, 2024)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      quote(`${r.pick(STREETS)} ${r.int(1, 180)}`), cap, place.istat, place.province,
      r.next() < 0.7 ? `${slug(name)}${i % 97}@pec.it` : '', r.next() < 0.3 ? `www.${slug(name)}.it` : '',
      s < 0.92 ? 'attiva' : s < 0.97 ? 'inattiva' : 'cessata',
    ].join(',') + '\n'
    if (i < 1000 && !(opts.badEvery && i % opts.badEvery === opts.badEvery - 1) && !checkTaxCode(taxCode).ok) {
      throw new Error(`generator bug: ${taxCode} is not a valid codice fiscale`)
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain')
      buffer = ''
    }
  }
  out.end(buffer)
  await once(out, 'finish')
  return { rows: opts.count, bad }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { createDb } = await import('../src/db/database.ts')
  const url = process.env.DATABASE_URL
  const path = process.argv[2]
  if (!url || !path) throw new Error('usage: DATABASE_URL=... [BENCH_FIRMS=n] [BENCH_PROVINCES=MI,BG] node bench/generate-firms.ts out.csv')
  const { db } = createDb(url, 1)
  const ref = await loadGeneratorReference(db, (process.env.BENCH_PROVINCES ?? 'MI').split(','))
  await db.destroy()
  const out = await generateFirmsCsv(ref, { path, count: Number(process.env.BENCH_FIRMS ?? 1_000_000), badEvery: Number(process.env.BENCH_BAD_EVERY ?? 0) })
  console.log(`${out.rows} firms (${out.bad} bad on purpose) -> ${path}`)
}
