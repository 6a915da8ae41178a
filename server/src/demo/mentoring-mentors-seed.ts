import type { Db } from '../db/database.ts'

/** The demo's mentoring, mentors part (run after the earlier parts' seeds, in order mentors, matching, engagement, expenses). */
export async function seedDemoMentoringMentors(_db: Db): Promise<void> {
}
