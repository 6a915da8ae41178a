import type { CheckinBody } from '@pid/shared'

/**
 * The check-ins made at the door while the connection is down, kept in localStorage (per event) so
 * a reload or a closed tab loses none. Each carries the uuid made when staff tapped, so sending it
 * again (a retry after a timeout, a second tab) is recognised by the server and counted once; an
 * item leaves the queue only when the server has answered it.
 */
export interface QueuedCheckin extends CheckinBody {
  id: string
  /** what the list showed, to show the queue without the server */
  label: string
}

const key = (eventId: number) => `pid.door.queue.${eventId}`

export function readQueue(eventId: number): QueuedCheckin[] {
  try {
    const raw = localStorage.getItem(key(eventId))
    const parsed: unknown = raw ? JSON.parse(raw) : []
    return Array.isArray(parsed) ? (parsed as QueuedCheckin[]) : []
  } catch {
    return []
  }
}

export function writeQueue(eventId: number, items: QueuedCheckin[]): void {
  if (items.length === 0) localStorage.removeItem(key(eventId))
  else localStorage.setItem(key(eventId), JSON.stringify(items))
}

/** Adds a check-in unless the same person is already waiting in the queue (a double tap). */
export function enqueue(eventId: number, item: QueuedCheckin): QueuedCheckin[] {
  const items = readQueue(eventId)
  const same = items.some((q) => (item.registrationId !== undefined && q.registrationId === item.registrationId) || (item.token && q.token === item.token))
  const next = same ? items : [...items, item]
  writeQueue(eventId, next)
  return next
}

/** Removes the answered ones (by uuid), keeping whatever was queued meanwhile. */
export function removeAnswered(eventId: number, answered: ReadonlySet<string>): QueuedCheckin[] {
  const next = readQueue(eventId).filter((q) => !answered.has(q.id))
  writeQueue(eventId, next)
  return next
}

/** Without a connection a fetch fails before any answer: that, and only that, queues the check-in. */
export const isOfflineError = (err: unknown): boolean =>
  (typeof navigator !== 'undefined' && !navigator.onLine) || (err instanceof Error && 'code' in err && (err as { code: string }).code === 'network')
