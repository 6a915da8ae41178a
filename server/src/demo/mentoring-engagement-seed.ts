import type { Db } from '../db/database.ts'

/** The demo's mentoring, engagement part (run after the earlier parts' seeds, in order mentors, matching, engagement, expenses). */
export async function seedDemoMentoringEngagement(_db: Db): Promise<void> {
}
