import { hash, verify } from '@node-rs/argon2'

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB memory, 2 iterations, 1 lane.
// (@node-rs/argon2 defaults to the argon2id variant.)
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS)

export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  // Without a hash (unknown user, pending invitation) still spend the same time, so response
  // times do not reveal which emails exist.
  if (!hashed) {
    await hash(password, OPTIONS)
    return false
  }
  try {
    return await verify(hashed, password)
  } catch {
    return false
  }
}
