// What a phone downloads for the menu, compressed as a browser asks for it (Accept-Encoding: br,
// gzip): the menu API's JSON and whether a conditional GET is answered 304; the menu page's HTML
// with the CSS and JS it links (images apart, reported beside). Targets: decision 602, issue 11.
import http from 'node:http';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  text: string;
}

function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { headers: { 'accept-encoding': 'br, gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: body.length, text: res.headers['content-encoding'] ? '' : body.toString() });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export interface PageWeight {
  menuJsonBytes: number;
  menuJsonEncoding: string;
  conditionalGetStatus: number;
  menuApiSetsCookie: boolean;
  menuPageBytes: number;
  /** HTML + the CSS and JS it links, each compressed. */
  menuPageWithAssetsBytes: number;
  imagesBytes: number;
  assets: string[];
}

export async function measurePageWeight(base: string, store: string): Promise<PageWeight> {
  const menu = await get(base, `/api/v1/stores/${store}/menu`);
  const again = await get(base, `/api/v1/stores/${store}/menu`, { 'if-none-match': String(menu.headers['etag'] ?? '') });
  const page = await get(base, `/stores/${store}`);
  // The links, from the page as it is (uncompressed, once).
  const plain = await get(base, `/stores/${store}`, { 'accept-encoding': 'identity' });
  const assets = [...plain.text.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1]!);
  const images = [...new Set([...plain.text.matchAll(/<img[^>]* src="([^"]+)"/g)].map((m) => m[1]!))];
  let withAssets = page.bytes;
  for (const asset of assets) withAssets += (await get(base, asset)).bytes;
  let imagesBytes = 0;
  for (const image of images) imagesBytes += (await get(base, image)).bytes;
  return {
    menuJsonBytes: menu.bytes,
    menuJsonEncoding: String(menu.headers['content-encoding'] ?? 'identity'),
    conditionalGetStatus: again.status,
    menuApiSetsCookie: menu.headers['set-cookie'] !== undefined,
    menuPageBytes: page.bytes,
    menuPageWithAssetsBytes: withAssets,
    imagesBytes,
    assets,
  };
}
