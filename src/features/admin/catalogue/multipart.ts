// Multipart forms (the product form's image upload), for the routes registered
// in this scope only. Fields arrive as strings like a urlencoded form (so the
// global CSRF check reads `_csrf` as usual); a file arrives as an UploadedFile,
// cut short at the limit and flagged instead of failing the whole request.
import type { FastifyInstance } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { MAX_IMAGE_BYTES, type UploadedFile } from './images.js';

export async function registerMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60, headerPairs: 100 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      const file: UploadedFile = { filename: part.filename, data, truncated: part.file.truncated };
      (part as unknown as { value: UploadedFile }).value = file;
    },
  });
}
