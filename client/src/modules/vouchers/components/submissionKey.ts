/**
 * The Idempotency-Key of a submission: made once per application and kept in this tab until the
 * server answers, so a retry after a lost answer (network, reload) gets the first result instead of
 * a second protocol. Random from crypto.getRandomValues (available on plain http too).
 */
export function submissionKey(applicationId: number): { value: string; clear(): void } {
  const name = `pid.voucherSubmit.${applicationId}`
  let value = sessionStorage.getItem(name)
  if (!value) {
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    value = `submit-${applicationId}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`
    sessionStorage.setItem(name, value)
  }
  return { value, clear: () => sessionStorage.removeItem(name) }
}
