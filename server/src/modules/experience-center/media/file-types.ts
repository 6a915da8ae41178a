import type { MediaFileType } from '@pid/shared'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
/** ISO base media brands of MP4 files (an MOV's 'qt  ' and a 3GP's are not accepted). */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash', 'mmp4', 'MSNV', 'f4v '])

/**
 * What a media file's bytes are, by their signature (the declared type must match it, so a renamed
 * executable is never served as a video): MP4 ('ftyp' box with a known brand), WebM (EBML header
 * naming the webm doctype), PDF, PNG, JPEG, and Word and PowerPoint files (ZIP packages whose
 * central directory names word/ or ppt/ parts). Null for anything else.
 */
export function sniffMediaFile(b: Buffer): MediaFileType | null {
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp' && MP4_BRANDS.has(b.subarray(8, 12).toString('latin1'))) return 'video/mp4'
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return b.subarray(0, 64).includes('webm', 0, 'latin1') ? 'video/webm' : null
  }
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 4 && b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && b.includes('[Content_Types].xml', 0, 'latin1')) {
    if (b.includes('word/document.xml', 0, 'latin1')) return DOCX
    if (b.includes('ppt/presentation.xml', 0, 'latin1')) return PPTX
  }
  return null
}

/** Played or shown in the page (videos, images); documents are downloaded. */
export const isInline = (t: string) => t.startsWith('video/') || t.startsWith('image/')
