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
