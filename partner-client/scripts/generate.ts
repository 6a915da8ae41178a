import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createDb } from '../../server/src/db/database.ts'
import { startEmbeddedPostgres } from '../../server/src/db/embedded.ts'
import { migrateToLatest } from '../../server/src/db/migrate.ts'
import { GENERATED_FILES, openApiDocument, renderSchema, renderWebhookEvents } from './openapi-document.ts'

/**
 * Writes src/schema.d.ts and src/webhook-events.ts from the application as it is in this checkout.
 * The app is built on an in-memory embedded PostgreSQL (migrated here), so generating needs no
 * running database and touches none.
 */
const embedded = await startEmbeddedPostgres()
const { db, pool } = createDb(embedded.url, 1)
try {
  await migrateToLatest(db)
  const document = await openApiDocument({ db, pool })
  await writeFile(GENERATED_FILES.schema, await renderSchema(document))
  await writeFile(GENERATED_FILES.webhookEvents, renderWebhookEvents())
  for (const file of Object.values(GENERATED_FILES)) console.log(`wrote ${fileURLToPath(file)}`)
} finally {
  await db.destroy()
  await embedded.close()
}
