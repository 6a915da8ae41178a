import { computed, onBeforeUnmount, onMounted, ref } from 'vue'
import type { CheckinBody, DoorEntry, DoorList } from '@pid/shared'
import { ApiError } from '../../../app/api/http'
import { doorApi } from './api'
import { enqueue, isOfflineError, readQueue, removeAnswered, type QueuedCheckin } from './offline-queue'

/** A v4 uuid even where crypto.randomUUID is missing (a plain-http address on the venue's network). */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const listKey = (eventId: number) => `pid.door.list.${eventId}`
const RETRY_MS = 10_000
/** What the server takes of a queued check-in (the label stays on the device). */
const toBody = ({ label: _label, ...body }: QueuedCheckin): CheckinBody => body

export type Outcome =
  | { kind: 'checked_in' | 'already_checked_in'; entry: DoorEntry }
  | { kind: 'queued'; label: string }
  | { kind: 'refused'; error: unknown }

/**
 * The door's state: the event's list (kept in localStorage too, so the tablet still searches it
 * after a reload without a connection), the queue of check-ins made offline and its sending: on
 * the 'online' event, every 10 s while something waits, and by hand. One sending at a time; the
 * server recognises a check-in it already has by its uuid, so sending twice never counts twice.
 */
export function useDoor(chamberId: () => number | null, eventId: () => number) {
  const list = ref<DoorList | null>(null)
  const queue = ref<QueuedCheckin[]>(readQueue(eventId()))
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const sending = ref(false)
  const queuedIds = computed(() => new Set(queue.value.map((q) => q.registrationId).filter((id): id is number => id !== undefined)))

  async function load(): Promise<void> {
    const c = chamberId()
    if (c === null) return
    try {
      list.value = await doorApi.list(c, eventId())
      localStorage.setItem(listKey(eventId()), JSON.stringify(list.value))
    } catch (err) {
      const cached = localStorage.getItem(listKey(eventId()))
      if (isOfflineError(err) && cached) list.value = JSON.parse(cached) as DoorList
      else throw err
    }
  }

  function replace(entry: DoorEntry): void {
    if (!list.value) return
    const items = list.value.items
    const i = items.findIndex((e) => e.id === entry.id)
    if (i >= 0) items.splice(i, 1, entry)
    else items.push(entry)
    list.value.checkedIn = items.filter((e) => e.checkedInAt !== null).length
    localStorage.setItem(listKey(eventId()), JSON.stringify(list.value))
  }

  /** One check-in: sent at once, or queued when there is no connection. */
  async function checkIn(body: Omit<CheckinBody, 'id'>, label: string): Promise<Outcome> {
    const item: QueuedCheckin = { ...body, id: newUuid(), scannedAt: new Date().toISOString(), label }
    const c = chamberId()
    if (c === null) return { kind: 'refused', error: new ApiError(0, 'network', 'no chamber') }
    if (!navigator.onLine) {
      online.value = false
      queue.value = enqueue(eventId(), item)
      return { kind: 'queued', label }
    }
    try {
      const r = await doorApi.checkIn(c, eventId(), toBody(item))
      replace(r.entry)
      return { kind: r.outcome, entry: r.entry }
    } catch (err) {
      if (isOfflineError(err)) {
        online.value = false
        queue.value = enqueue(eventId(), item)
        return { kind: 'queued', label }
      }
      return { kind: 'refused', error: err }
    }
  }

  /** Sends what waits; returns how many the server answered (the refused ones are answered too: they leave the queue). */
  async function flush(): Promise<{ sent: number; refused: { label: string; status?: string; outcome: string }[] }> {
    const c = chamberId()
    const waiting = readQueue(eventId())
    if (sending.value || c === null || waiting.length === 0) return { sent: 0, refused: [] }
    sending.value = true
    try {
      const { results } = await doorApi.checkInBatch(c, eventId(), waiting.map(toBody))
      online.value = true
      for (const r of results) if (r.entry) replace(r.entry)
      queue.value = removeAnswered(eventId(), new Set(results.map((r) => r.id)))
      const refused = results.filter((r) => r.outcome !== 'checked_in' && r.outcome !== 'already_checked_in')
        .map((r) => ({ label: waiting.find((w) => w.id === r.id)?.label ?? '', status: r.status, outcome: r.outcome }))
      return { sent: results.length - refused.length, refused }
    } catch (err) {
      if (isOfflineError(err)) online.value = false
      return { sent: 0, refused: [] }
    } finally {
      sending.value = false
    }
  }

  let timer: ReturnType<typeof setInterval> | undefined
  const listeners: { online?: () => void; offline?: () => void } = {}
  function watchConnection(onSent: (r: Awaited<ReturnType<typeof flush>>) => void): void {
    const tryFlush = async () => {
      if (queue.value.length === 0) return
      const r = await flush()
      if (r.sent > 0 || r.refused.length > 0) onSent(r)
    }
    listeners.online = () => { online.value = true; void tryFlush() }
    listeners.offline = () => { online.value = false }
    onMounted(() => {
      window.addEventListener('online', listeners.online!)
      window.addEventListener('offline', listeners.offline!)
      timer = setInterval(() => { if (navigator.onLine) void tryFlush() }, RETRY_MS)
      if (navigator.onLine) void tryFlush()
    })
    onBeforeUnmount(() => {
      window.removeEventListener('online', listeners.online!)
      window.removeEventListener('offline', listeners.offline!)
      clearInterval(timer)
    })
  }

  return { list, queue, queuedIds, online, sending, load, checkIn, flush, replace, watchConnection }
}
