import type { Db } from '../db/database.ts'

/** The demo's mentoring, matching part (run after the earlier parts' seeds, in order mentors, matching, engagement, expenses). */
export async function seedDemoMentoringMatching(_db: Db): Promise<void> {
}
