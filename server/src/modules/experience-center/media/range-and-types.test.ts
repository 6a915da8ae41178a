import { describe, expect, it } from 'vitest'
import { parseRange } from './range.ts'
import { sniffMediaFile } from './file-types.ts'

describe('a Range header', () => {
  it('answers single byte ranges, the whole file for what it does not serve, 416 past the end', () => {
    expect(parseRange(undefined, 100)).toBe('whole')
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 })
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=9-2', 100)).toBe('whole')
    expect(parseRange('bytes=0-1,4-5', 100)).toBe('whole')
    expect(parseRange('items=0-1', 100)).toBe('whole')
    // An open range is answered in parts; a closed one as asked.
    expect(parseRange('bytes=0-', 100, 30)).toEqual({ start: 0, end: 29 })
    expect(parseRange('bytes=80-', 100, 30)).toEqual({ start: 80, end: 99 })
    expect(parseRange('bytes=0-99', 100, 30)).toEqual({ start: 0, end: 99 })
  })
})

describe("a media file's type, by its bytes", () => {
  const zip = (part: string) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(`....[Content_Types].xml....${part}....`, 'latin1')])
  it('knows MP4, WebM, PDF, PNG, JPEG, Word and PowerPoint, and nothing else', () => {
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypmp42', 'latin1'), Buffer.alloc(8)])
    expect(sniffMediaFile(mp4)).toBe('video/mp4')
    expect(sniffMediaFile(Buffer.concat([Buffer.from([0, 0, 0, 0x14]), Buffer.from('ftypqt  ', 'latin1')]))).toBeNull()
    expect(sniffMediaFile(Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from('webm', 'latin1')]))).toBe('video/webm')
    expect(sniffMediaFile(Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88]), Buffer.from('matroska', 'latin1')]))).toBeNull()
    expect(sniffMediaFile(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    expect(sniffMediaFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffMediaFile(zip('word/document.xml'))).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(sniffMediaFile(zip('ppt/presentation.xml'))).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation')
    expect(sniffMediaFile(zip('xl/workbook.xml'))).toBeNull()
    expect(sniffMediaFile(Buffer.from('MZ\x90\x00', 'latin1'))).toBeNull()
    expect(sniffMediaFile(Buffer.from('<html><script>'))).toBeNull()
  })
})
