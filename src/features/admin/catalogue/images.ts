// Product images: an upload (PNG, JPEG or WebP up to 2 MB, recognised by its
// bytes, not by what the browser claims) stored under DATA_DIR/uploads with a
// generated name, or an https URL. Uploads are served by GET /uploads/:name.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { NotFoundError } from '../../../domain/errors.js';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const UPLOAD_PREFIX = '/uploads/';

/** A file part as the multipart parser leaves it in the form body. */
export interface UploadedFile {
  filename: string;
  data: Buffer;
  /** True when the file was longer than the limit and was cut short. */
  truncated: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data);
}

const TYPES = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;
type Extension = keyof typeof TYPES;

/** The image type from the file's first bytes, or null for anything else. */
export function sniffImage(data: Buffer): Extension | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** A problem with an upload, or undefined when it may be stored. */
export function uploadProblem(file: UploadedFile): string | undefined {
  if (file.truncated || file.data.length > MAX_IMAGE_BYTES) return 'The image must be 2 MB or smaller.';
  if (!sniffImage(file.data)) return 'Upload a PNG, JPEG or WebP image.';
  return undefined;
}

export function imageUrlProblem(url: string): string | undefined {
  if (url.length > 500) return 'The image address must be 500 characters or fewer.';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return 'The image address must start with https://';
    if (parsed.username || parsed.password) return 'The image address must not contain a user name or password.';
  } catch {
    return 'Enter a full image address, like https://example.com/latte.jpg';
  }
  return undefined;
}

const NAME = /^[a-f0-9]{32}\.(png|jpg|webp)$/;

export function uploadsDir(deps: AppDeps): string {
  return path.join(deps.config.dataDir, 'uploads');
}

/** Writes a checked upload under a new random name; returns its public URL. */
export async function saveUpload(deps: AppDeps, file: UploadedFile): Promise<string> {
  const extension = sniffImage(file.data);
  if (!extension) throw new Error('saveUpload needs a checked image');
  const name = `${randomBytes(16).toString('hex')}.${extension}`;
  const dir = uploadsDir(deps);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, name), file.data, { flag: 'wx' });
  return `${UPLOAD_PREFIX}${name}`;
}

/** Removes a stored upload (after a failed save); other URLs are left alone. */
export async function discardUpload(deps: AppDeps, url: string | null): Promise<void> {
  const name = url?.startsWith(UPLOAD_PREFIX) ? url.slice(UPLOAD_PREFIX.length) : null;
  if (name && NAME.test(name)) await fs.rm(path.join(uploadsDir(deps), name), { force: true });
}

/** Public: customers see product images. Names are random and never reused, so they cache forever. */
export async function uploadedImageRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get<{ Params: { name: string } }>('/uploads/:name', { schema: { hide: true } }, async (request, reply) => {
    const { name } = request.params;
    const match = NAME.exec(name);
    if (!match) throw new NotFoundError('Image');
    let data: Buffer;
    try {
      data = await fs.readFile(path.join(uploadsDir(deps), name));
    } catch {
      throw new NotFoundError('Image');
    }
    return reply
      .header('content-type', TYPES[match[1] as Extension])
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(data);
  });
}
