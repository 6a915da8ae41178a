import type { CreateMediaItemBody } from '@pid/shared'

/** A few bytes each file type's signature check accepts: an MP4 'ftyp' box, a PDF header, a PNG header. */
export function fakeMp4(size = 1000): Buffer {
  const b = Buffer.alloc(size)
  Buffer.from([0, 0, 0, 0x18]).copy(b, 0)
  b.write('ftypisom', 4, 'latin1')
  for (let i = 12; i < size; i++) b[i] = i % 251
  return b
}
export const fakePdf = () => Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1')
export const fakePng = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])

export const itemBody = (over: Partial<CreateMediaItemBody> = {}): CreateMediaItemBody => ({
  kind: 'video', title: 'La sartoria digitale di Città Alta', summary: 'Come una bottega artigiana è passata al taglio laser e alla vendita online.',
  themes: ['digital_crafts', 'ecommerce'], sectors: ['C'], sizeClasses: ['micro', 'small'], language: 'it',
  links: [{ url: 'https://example.org/storia', label: 'La storia completa' }], ...over,
})

/** supertest: keep any body as a Buffer (videos, PDFs). */
function keepBytes(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}
export const binaryParser = keepBytes as unknown as (res: unknown, cb: (err: Error | null, body: unknown) => void) => void

/**
 * An S3-compatible server for the S3 backend's tests: s3rver (a dev dependency, installed with the
 * workspace), on a free port, with a fresh bucket in a temporary folder. Not AWS itself: it speaks
 * the same HTTP API (signed requests, ranged GETs), which is what the backend uses.
 */
export async function startS3Server(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { default: S3rver } = await import('s3rver')
  const directory = await mkdtemp(join(tmpdir(), 'pid-s3-'))
  const bucket = 'pid-media-test'
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  const { port } = await server.run()
  const env = { STORAGE: 's3', S3_BUCKET: bucket, S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_REGION: 'eu-south-1',
    // s3rver's fixed credentials
    S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'media/' }
  return { env, async stop() { await server.close(); await rm(directory, { recursive: true, force: true }) } }
}
