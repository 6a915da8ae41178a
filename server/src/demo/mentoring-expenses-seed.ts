import type { Db } from '../db/database.ts'

/** The demo's mentoring, expenses part (run after the earlier parts' seeds, in order mentors, matching, engagement, expenses). */
export async function seedDemoMentoringExpenses(_db: Db): Promise<void> {
}
