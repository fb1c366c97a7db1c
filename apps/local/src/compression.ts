// Content negotiation and compression of the web build's text files, as CloudFront does on AWS:
// brotli when the client takes it, else gzip, else the file as it is.
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** CloudFront compresses files of 1,000 bytes and more; smaller ones gain nothing. */
export const minCompressBytes = 1000;

const compressible = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.svg', '.txt', '.webmanifest']);
export const isCompressible = (extension: string) => compressible.has(extension.toLowerCase());

/** The encoding to send for an Accept-Encoding header (q-values respected; `*` counts). */
export function negotiate(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
  return best[0] ?? null;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compressed copies of the build's files, made once per file version. One entry per file and
 * encoding, replaced when the file changes: bounded by the size of the build.
 */
export class CompressedFiles {
  private readonly entries = new Map<string, { version: string; body: Promise<Buffer> }>();

  get(path: string, version: string, encoding: Encoding): Promise<Buffer> {
    const key = `${encoding}:${path}`;
    const cached = this.entries.get(key);
    if (cached?.version === version) return cached.body;
    const body = readFile(path).then((raw) =>
      encoding === 'br'
        ? brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : gzipAsync(raw, { level: 9 }),
    );
    // A failed read is not kept: the next request tries again.
    body.catch(() => this.entries.get(key)?.body === body && this.entries.delete(key));
    this.entries.set(key, { version, body });
    return body;
  }
}
