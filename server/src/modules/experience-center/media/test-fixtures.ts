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
 * An S3-compatible server for the S3 backend's tests: moto's standalone server (`pip install
 * "moto[server]"`), on a free port, with a fresh bucket. Not AWS itself: it speaks the same HTTP API
 * (signed requests, ranged GETs), which is what the backend uses.
 */
export async function startS3Server(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process')
  const { createServer } = await import('node:net')
  const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3')
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)) })
  })
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`moto_server could not start (pip install "moto[server]"): ${e.message}`))))
  const endpoint = `http://127.0.0.1:${port}`
  const env = { STORAGE: 's3', S3_BUCKET: 'pid-media-test', S3_ENDPOINT: endpoint, S3_REGION: 'eu-south-1', S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test',
    S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'media/' }
  const client = new S3Client({ endpoint, region: env.S3_REGION, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  // Ready when it answers: a few seconds for the Python server to start.
  for (let attempt = 0; ; attempt++) {
    try {
      await Promise.race([failed, client.send(new CreateBucketCommand({ Bucket: env.S3_BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-south-1' } }))])
      break
    } catch (err) {
      if (attempt > 100 || String(err).includes('moto_server could not start')) { child.kill(); throw err }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  client.destroy()
  return { env, async stop() { child.kill(); await new Promise((r) => child.once('exit', r)) } }
}
