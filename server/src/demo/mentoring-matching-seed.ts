import { sql } from 'kysely'
import { scoreSuggestion, weakestDimensions } from '@pid/shared'
import type { Db, Tx } from '../db/database.ts'

const DAY = 24 * 3600 * 1000
const daysAgo = (n: number, hours = 10) => new Date(Date.now() - n * DAY + hours * 3600 * 1000 - 12 * 3600 * 1000)
/** A Rome day n days from today, 'YYYY-MM-DD'. */
const romeDay = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + n * DAY))

interface MentorRow { id: number; full_name: string; expertise: string[]; sectors: string[]; languages: string[]; provinces: string[]; modes: string[]; max_mentees: number; region_code: string }
interface FirmRow { id: number; name: string; ateco_section: string | null; province_code: string; region_code: string }

/**
 * The demo's mentoring, matching part (after the mentors' seed made the mentor records, one linked
 * to mentor@pid.example): open requests of Milano's firms (from staff, from a firm, from a plan's
 * item when the demo has one), a proposal waiting for the demo mentor, two pairs at work for it and
 * one for another mentor, and a speed-mentoring day next month with its slots. Mentors are read by
 * e-mail and status, never by id; without mentors only the requests and the day are made.
 */
export async function seedDemoMentoringMatching(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const chamber = await tx.selectFrom('chamber').select(['id', 'region_code']).where('short_name', '=', 'Milano').executeTakeFirst()
    if (!chamber) return
    const milano = chamber.id
    const staff = await tx.selectFrom('app_user').select('id').where('email', '=', 'coordinatore@pid.example').executeTakeFirst()
    const mentorQuery = () => tx.selectFrom('mentor as m').innerJoin('chamber as c', 'c.id', 'm.chamber_id')
      .select(['m.id', 'm.full_name', 'm.expertise', 'm.sectors', 'm.languages', 'm.provinces', 'm.modes', 'm.max_mentees', 'c.region_code'])
      .where('m.status', '=', 'active')
    const demoMentor: MentorRow | undefined = await mentorQuery()
      .where((eb) => eb.or([eb('m.email', '=', 'mentor@pid.example'),
        eb('m.user_id', 'in', eb.selectFrom('app_user').select('id').where('email', '=', 'mentor@pid.example'))]))
      .executeTakeFirst()
    const others: MentorRow[] = await mentorQuery().where('m.id', '<>', demoMentor?.id ?? 0).orderBy('m.id').limit(2).execute()
    const firms: FirmRow[] = await tx.selectFrom('firm as f').innerJoin('chamber as c', 'c.id', 'f.chamber_id')
      .select(['f.id', 'f.name', 'f.ateco_section', 'f.province_code', 'c.region_code'])
      .where('f.chamber_id', '=', milano).where('f.merged_into_id', 'is', null).where('f.status', '=', 'active').orderBy('f.id').limit(8).execute()
    if (firms.length < 8) return

    const request = async (firm: FirmRow, v: { source: string; area: string; need: string; mode: string | null; ago: number; planItemId?: number | null
      status?: string; matchedAgo?: number }) => {
      const { id } = await tx.insertInto('mentoring_request').values({
        chamber_id: milano, firm_id: firm.id, source: v.source, plan_item_id: v.planItemId ?? null, need: v.need, area: v.area, preferred_mode: v.mode,
        language: 'it', status: v.status ?? 'open', created_by: v.source === 'firm' ? null : staff?.id ?? null, created_at: daysAgo(v.ago),
        matched_at: v.matchedAgo !== undefined ? daysAgo(v.matchedAgo, 15) : null,
      }).returning('id').executeTakeFirstOrThrow()
      const from = v.source === 'firm' ? "dall'impresa" : v.source === 'staff' ? 'dallo staff' : "dal piano d'intervento dell'assessment"
      await timeline(tx, firm, milano, daysAgo(v.ago), `Richiesta di un mentor, aperta ${from}: ${v.need}`, { mentoringRequestId: id, area: v.area, source: v.source })
      return { id, firm, area: v.area, mode: v.mode }
    }

    const planItem = await tx.selectFrom('assessment_plan_item').select(['id', 'firm_id', 'dimension', 'title'])
      .where('chamber_id', '=', milano).where('kind', '=', 'mentoring').where('dimension', 'is not', null).orderBy('id').executeTakeFirst()

    const open0 = await request(firms[0]!, { source: 'staff', area: 'data', mode: 'in_person', ago: 12,
      need: 'Organizzare i dati di clienti e fornitori in un gestionale unico e leggerli per decidere gli acquisti.' })
    await request(firms[1]!, { source: 'firm', area: 'ecommerce', mode: 'web', ago: 5,
      need: 'Aprire un negozio online per i nostri prodotti alimentari e gestire le spedizioni in Italia.' })
    await request(firms[2]!, { source: 'staff', area: 'security', mode: 'in_person', ago: 2,
      need: 'Proteggere la rete e i dati dopo un tentativo di phishing: procedure, copie di sicurezza, formazione.' })
    if (planItem) {
      const firm = firms.find((f) => f.id === planItem.firm_id) ?? await tx.selectFrom('firm as f').innerJoin('chamber as c', 'c.id', 'f.chamber_id')
        .select(['f.id', 'f.name', 'f.ateco_section', 'f.province_code', 'c.region_code']).where('f.id', '=', planItem.firm_id).executeTakeFirstOrThrow()
      await request(firm, { source: 'assessment_plan', planItemId: planItem.id, area: planItem.dimension!, mode: null, ago: 7, need: planItem.title })
    }

    const match = async (r: { id: number; firm: FirmRow; area: string; mode: string | null }, mentor: MentorRow, v: { proposedAgo: number; accepted?: number }) => {
      const latest = await tx.selectFrom('assessment').select(['id', 'overall', 'level', 'scores']).where('firm_id', '=', r.firm.id).where('is_latest', '=', true).executeTakeFirst()
      const accepted = await tx.selectFrom('mentoring_match').select(sql<number>`count(*)::int`.as('n')).where('mentor_id', '=', mentor.id).where('status', '=', 'accepted')
        .executeTakeFirstOrThrow()
      const s = scoreSuggestion({
        request: { area: r.area, preferredMode: r.mode, language: 'it' },
        firm: { atecoSection: r.firm.ateco_section, provinceCode: r.firm.province_code, regionCode: r.firm.region_code, weakest: weakestDimensions(latest?.scores ?? undefined) },
        mentor: { expertise: mentor.expertise, sectors: mentor.sectors, languages: mentor.languages, provinces: mentor.provinces, regionCode: mentor.region_code,
          modes: mentor.modes, accepted: accepted.n, maxMentees: mentor.max_mentees },
      })
      const isAccepted = v.accepted !== undefined
      const { id } = await tx.insertInto('mentoring_match').values({
        request_id: r.id, chamber_id: milano, firm_id: r.firm.id, mentor_id: mentor.id, status: isAccepted ? 'accepted' : 'proposed', score: s.score,
        explanation: JSON.stringify(s.lines), proposed_by: staff?.id ?? null, proposed_at: daysAgo(v.proposedAgo),
        responded_at: isAccepted ? daysAgo(v.accepted!, 15) : null,
        t0_assessment_id: isAccepted ? latest?.id ?? null : null, t0_overall: isAccepted ? latest?.overall ?? null : null, t0_level: isAccepted ? latest?.level ?? null : null,
      }).returning('id').executeTakeFirstOrThrow()
      if (isAccepted) {
        await timeline(tx, r.firm, milano, daysAgo(v.accepted!, 15), `Abbinata al mentor ${mentor.full_name}`, { mentoringRequestId: r.id, mentoringMatchId: id, mentorId: mentor.id })
      }
    }
    const matched = (firm: FirmRow, area: string, need: string, ago: number, matchedAgo: number) =>
      request(firm, { source: 'staff', area, need, mode: 'in_person', ago, status: 'matched', matchedAgo })

    if (demoMentor) {
      await match(open0, demoMentor, { proposedAgo: 1 })
      await match(await matched(firms[3]!, 'digital_marketing', 'Farsi trovare dai clienti della zona: sito, schede sui motori di ricerca e social.', 40, 33),
        demoMentor, { proposedAgo: 36, accepted: 33 })
      await match(await matched(firms[4]!, 'automation', 'Automatizzare preventivi e ordini, oggi scritti a mano su fogli di calcolo.', 25, 20),
        demoMentor, { proposedAgo: 22, accepted: 20 })
    }
    if (others[0]) {
      await match(await matched(firms[5]!, 'cloud', 'Portare documenti e posta sul cloud e lavorare da più sedi.', 30, 26), others[0], { proposedAgo: 28, accepted: 26 })
    }

    // A speed-mentoring day next month, with slots for the mentors; one booked.
    const { id: dayId } = await tx.insertInto('mentoring_day').values({
      chamber_id: milano, title: 'Speed mentoring: il digitale per le PMI', day: romeDay(30), place: 'PID Milano, Via Meravigli 9/b - Sala Conferenze',
      online_url: null, created_by: staff?.id ?? null,
    }).returning('id').executeTakeFirstOrThrow()
    const at = (minutes: number) => sql<Date>`(${romeDay(30)}::date + make_interval(mins => ${minutes}))::timestamp at time zone 'Europe/Rome'`
    const slotMentors = [demoMentor, ...others].filter((m): m is MentorRow => !!m)
    const starts = [9 * 60 + 30, 9 * 60 + 50, 10 * 60 + 10, 10 * 60 + 30]
    let first = true
    for (const m of slotMentors.length ? slotMentors : [null]) {
      for (const start of starts) {
        const booked = first && m !== null
        await tx.insertInto('mentoring_slot').values({
          day_id: dayId, mentor_id: m?.id ?? null, starts_at: at(start) as unknown as Date, minutes: 20,
          firm_id: booked ? firms[6]!.id : null, topic: booked ? 'Fatturazione elettronica e conservazione digitale' : null,
          booked_at: booked ? new Date() : null, booked_by: booked ? staff?.id ?? null : null,
        }).execute()
        first = false
      }
    }
  })
}

async function timeline(tx: Tx, firm: FirmRow, chamberId: number, at: Date, summary: string, details: Record<string, unknown>) {
  await tx.insertInto('timeline_event').values({ firm_id: firm.id, chamber_id: chamberId, type: 'mentoring', occurred_at: at, summary,
    details: JSON.stringify(details), source_module: 'mentoring' }).execute()
}
