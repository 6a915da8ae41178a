import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { DbOrTx } from '../db/database.ts'
import { contentKey, fileInfo, locate, PgStorage, sha256Hex, type NewFile, type Storage, type StoredFileInfo } from './storage.ts'

export interface S3Settings {
  bucket: string
  region: string
  /** Another S3-compatible store (MinIO, Ceph, a cloud provider's): its URL; none for AWS itself. */
  endpoint: string | undefined
  /** Without keys the SDK's usual chain applies (environment, instance role). */
  accessKeyId: string | undefined
  secretAccessKey: string | undefined
  /** `bucket` in the path rather than in the host name, as most self-hosted stores want. */
  forcePathStyle: boolean
  /** Prepended to every key, so one bucket can hold several deployments. */
  prefix: string
}

/**
 * Bytes in a bucket of an S3-compatible store, under content-addressed keys (`prefix` + `ab/abcdef...`):
 * the object is written before the row, in the caller's transaction, so a row never names bytes
 * that are not there; a rolled-back transaction leaves an object no row names (a sweep would
 * collect those, not built yet), and removing a file deletes its row only, as LocalStorage does.
 * Rows of PgStorage (bytes in the row) are still read. A byte range is one ranged GET.
 */
export class S3Storage implements Storage {
  private readonly client: S3Client
  private readonly settings: S3Settings
  constructor(settings: S3Settings) {
    this.settings = settings
    this.client = new S3Client({
      region: settings.region, forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
    })
  }

  async put(db: DbOrTx, file: NewFile): Promise<StoredFileInfo> {
    const sha256 = sha256Hex(file.content)
    const key = `${this.settings.prefix}${contentKey(sha256)}`
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: file.content, ContentType: 'application/octet-stream' }))
    const { id } = await db.insertInto('stored_file').values({
      sha256, media_type: file.mediaType, size_bytes: file.content.length, file_name: file.fileName, content: null, object_key: key,
    }).returning('id').executeTakeFirstOrThrow()
    return { id, sha256, mediaType: file.mediaType, sizeBytes: file.content.length, fileName: file.fileName }
  }

  private async read(key: string, range?: string): Promise<Buffer> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key, ...(range ? { Range: range } : {}) }))
    if (!res.Body) throw new Error(`object ${key} has no body`)
    return Buffer.from(await res.Body.transformToByteArray())
  }

  async get(db: DbOrTx, id: number): Promise<StoredFileInfo & { content: Buffer }> {
    const { objectKey, inRow, ...info } = await locate(db, id)
    if (inRow || !objectKey) return new PgStorage().get(db, id)
    return { ...info, content: await this.read(objectKey) }
  }

  async getRange(db: DbOrTx, id: number, start: number, end: number): Promise<Buffer> {
    const { objectKey, inRow } = await locate(db, id)
    if (inRow || !objectKey) return new PgStorage().getRange(db, id, start, end)
    return this.read(objectKey, `bytes=${start}-${end}`)
  }

  info(db: DbOrTx, id: number): Promise<StoredFileInfo> {
    return fileInfo(db, id)
  }

  infos(db: DbOrTx, ids: readonly number[]): Promise<Map<number, StoredFileInfo>> {
    return new PgStorage().infos(db, ids)
  }

  remove(db: DbOrTx, id: number): Promise<StoredFileInfo | null> {
    return new PgStorage().remove(db, id)
  }
}
