import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { userAuth, type Auth } from '../../../../test/actors.ts'
import { MEDIA_MAX_FILES_PER_ITEM } from '@pid/shared'
import { binaryParser, fakeMp4, fakePdf, fakePng, itemBody, startS3Server } from './test-fixtures.ts'

const contexts: TestContext[] = []
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()))
  await Promise.all(stops.map((s) => s()))
})

/** The same checks on every storage backend: the local folder (the default), PostgreSQL rows, an S3-compatible bucket. */
for (const storage of ['local', 'pg', 's3'] as const) {
  describe(`media files (STORAGE=${storage})`, () => {
    let ctx: TestContext
    let milano: number
    let bergamo: number
    let staff: Auth
    let bergamoStaff: Auth
    const base = (c: number) => `/api/v1/chambers/${c}/experience/media`
    const fileRows = async () => Number((await ctx.db.selectFrom('ec_media_file').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const newItem = async () => (await ctx.http().post(base(milano)).set(staff).send(itemBody()).expect(201)).body.id as number
    const upload = (itemId: number, type: string, content: Buffer, fileName = 'video.mp4') =>
      ctx.http().post(`${base(milano)}/${itemId}/files`).query({ fileName }).set(staff).set('content-type', type).send(content)

    beforeAll(async () => {
      let env: Record<string, string> = { STORAGE: storage }
      if (storage === 's3') {
        const s3 = await startS3Server()
        stops.push(s3.stop)
        env = s3.env
      }
      ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000', MEDIA_MAX_BYTES: '4096', ...env } })
      contexts.push(ctx)
      milano = await chamberId(ctx.db, 'Milano')
      bergamo = await chamberId(ctx.db, 'Bergamo')
      staff = await userAuth(ctx, 'digital_promoter', milano)
      bergamoStaff = await userAuth(ctx, 'digital_promoter', bergamo)
    }, 60_000) // the S3 server (Python) takes seconds to start on a loaded machine

    it('stores a file whose bytes are what it claims, and refuses one that is not (nothing written)', async () => {
      const id = await newItem()
      const ok = await upload(id, 'video/mp4', fakeMp4()).expect(201)
      expect(ok.body).toMatchObject({ fileName: 'video.mp4', mediaType: 'video/mp4', sizeBytes: 1000 })
      const before = await fileRows()
      // A PNG sent as a video, a PDF sent as a PNG, an unknown type, an empty body, too big.
      expect((await upload(id, 'video/mp4', fakePng())).status).toBe(415)
      expect((await upload(id, 'image/png', fakePdf(), 'a.png')).status).toBe(415)
      expect((await upload(id, 'application/x-msdownload', Buffer.from('MZ\x90\x00'), 'a.exe')).status).toBe(415)
      expect((await upload(id, 'application/pdf', Buffer.alloc(0), 'a.pdf')).status).toBe(400)
      expect((await upload(id, 'video/mp4', fakeMp4(5000))).status).toBe(413)
      // A file name with a path in it.
      expect((await upload(id, 'application/pdf', fakePdf(), '../etc/passwd')).status).toBe(400)
      expect(await fileRows()).toBe(before)
      const item = await ctx.http().get(`${base(milano)}/${id}`).set(staff).expect(200)
      expect(item.body.files).toHaveLength(1)
      // Where the bytes went: the row (pg), or a content-addressed key (a folder, a bucket).
      const row = await ctx.db.selectFrom('stored_file').select(['object_key', 'content']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
      if (storage === 'pg') expect(row).toMatchObject({ object_key: null })
      else expect(row).toMatchObject({ content: null, object_key: expect.stringMatching(storage === 's3' ? /^media\/[0-9a-f]{2}\/[0-9a-f]{64}$/ : /^[0-9a-f]{2}\/[0-9a-f]{64}$/) })
    })

    it('serves byte ranges over HTTP: 206 with content-range, 416 past the end, 200 whole; safe headers', async () => {
      const id = await newItem()
      const video = fakeMp4(1000)
      const f = (await upload(id, 'video/mp4', video).expect(201)).body.id
      await ctx.http().post(`${base(milano)}/${id}/state`).set(staff).send({ state: 'published' }).expect(200)
      const url = `/api/v1/public/experience/media/${id}/files/${f}`
      const get = (range?: string) => {
        const r = ctx.http().get(url).buffer(true).parse(binaryParser)
        return range ? r.set('range', range) : r
      }
      const whole = await get().expect(200)
      expect(Buffer.compare(whole.body, video)).toBe(0)
      expect(whole.headers).toMatchObject({ 'accept-ranges': 'bytes', 'content-type': 'video/mp4', 'x-content-type-options': 'nosniff' })
      expect(whole.headers['content-disposition']).toMatch(/^inline; filename="video.mp4"/)
      expect(whole.headers['content-security-policy']).toMatch(/sandbox/)
      const mid = await get('bytes=100-199').expect(206)
      expect(mid.headers['content-range']).toBe('bytes 100-199/1000')
      expect(Buffer.compare(mid.body, video.subarray(100, 200))).toBe(0)
      const open = await get('bytes=990-').expect(206)
      expect(open.headers['content-range']).toBe('bytes 990-999/1000')
      expect(open.body.length).toBe(10)
      const tail = await get('bytes=-5').expect(206)
      expect(Buffer.compare(tail.body, video.subarray(995))).toBe(0)
      const clipped = await get('bytes=900-5000').expect(206)
      expect(clipped.headers['content-range']).toBe('bytes 900-999/1000')
      const past = await get('bytes=1000-1100').expect(416)
      expect(past.headers['content-range']).toBe('bytes */1000')
      // Several ranges: the whole file is a valid answer.
      await get('bytes=0-1,5-6').expect(200)
    })

    it('serves documents as downloads, and a draft only to staff of its chamber', async () => {
      const id = await newItem()
      const f = (await upload(id, 'application/pdf', fakePdf(), 'guida è.pdf').expect(201)).body.id
      await ctx.http().get(`/api/v1/public/experience/media/${id}/files/${f}`).expect(404)
      await ctx.http().get(`/api/v1/public/experience/media/${id}`).expect(404)
      const staffCopy = await ctx.http().get(`${base(milano)}/${id}/files/${f}`).set(staff).buffer(true).parse(binaryParser).expect(200)
      expect(staffCopy.headers['content-disposition']).toBe(`attachment; filename="guida _.pdf"; filename*=UTF-8''guida%20%C3%A8.pdf`)
      await ctx.http().get(`${base(bergamo)}/${id}/files/${f}`).set(bergamoStaff).expect(404)
      await ctx.http().delete(`${base(bergamo)}/${id}/files/${f}`).set(bergamoStaff).expect(404)
      await ctx.http().delete(`${base(milano)}/${id}/files/${f}`).set(staff).expect(204)
      await ctx.http().get(`${base(milano)}/${id}/files/${f}`).set(staff).expect(404)
    })

    it(`keeps at most ${MEDIA_MAX_FILES_PER_ITEM} files per item, even when uploads arrive at once`, async () => {
      const id = await newItem()
      const results = await Promise.all(Array.from({ length: MEDIA_MAX_FILES_PER_ITEM + 3 }, (_, i) => upload(id, 'application/pdf', fakePdf(), `doc-${i}.pdf`)))
      expect(results.filter((r) => r.status === 201)).toHaveLength(MEDIA_MAX_FILES_PER_ITEM)
      const refused = results.filter((r) => r.status !== 201)
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([409, 'media_files_limit']))
      const item = await ctx.http().get(`${base(milano)}/${id}`).set(staff).expect(200)
      expect(item.body.files).toHaveLength(MEDIA_MAX_FILES_PER_ITEM)
    })
  })
}
