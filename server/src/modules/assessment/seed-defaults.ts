import { sql } from 'kysely'
import { DEFAULT_QUESTIONNAIRE, DEFAULT_QUESTIONNAIRE_CODE } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { DEFAULT_CATALOGUE } from './default-catalogue.ts'

/**
 * The network-wide defaults every chamber starts from: the default questionnaire (published,
 * version 1) and the PID's service catalogue. Inserted at start when missing, so a fresh install
 * (or a test database) has them; idempotent and safe when several instances start at once.
 */
export async function ensureAssessmentDefaults(db: DbOrTx): Promise<void> {
  await sql`INSERT INTO assessment_questionnaire (chamber_id, code, version, status, definition, published_at)
    SELECT NULL, ${DEFAULT_QUESTIONNAIRE_CODE}, 1, 'published', ${JSON.stringify(DEFAULT_QUESTIONNAIRE)}::jsonb, now()
    WHERE NOT EXISTS (SELECT 1 FROM assessment_questionnaire WHERE chamber_id IS NULL AND code = ${DEFAULT_QUESTIONNAIRE_CODE})
    ON CONFLICT DO NOTHING`.execute(db)
  for (const s of DEFAULT_CATALOGUE) {
    await sql`INSERT INTO assessment_service (chamber_id, code, service_line, title, description, dimensions, below_score, url, active)
      VALUES (NULL, ${s.code}, ${s.serviceLine}, ${JSON.stringify(s.title)}::jsonb, ${JSON.stringify(s.description)}::jsonb,
        ${s.dimensions}::text[], ${s.belowScore}, ${s.url}, ${s.active})
      ON CONFLICT DO NOTHING`.execute(db)
  }
}
