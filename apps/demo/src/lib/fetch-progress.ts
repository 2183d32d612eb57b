import { SparseCnnError } from '@sparsecnn/tensor';

/** Bytes received so far and the total from Content-Length (null when the server does not say). */
export type ProgressFn = (loaded: number, total: number | null) => void;

/**
 * Fetch a URL as bytes, streaming the body and reporting progress per chunk. HTTP errors and network failures are
 * E_IO errors naming the URL; a body shorter or longer than its Content-Length is E_TRUNCATED / E_FORMAT.
 */
export async function fetchBytes(url: string, onProgress?: ProgressFn, init?: RequestInit): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot fetch: ${e instanceof Error ? e.message : String(e)}`, { file: url }, { cause: e });
  }
  if (!res.ok) {
    throw new SparseCnnError('E_IO', `HTTP ${res.status} ${res.statusText || ''}`.trim(), { file: url });
  }
  const header = res.headers.get('content-length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  onProgress?.(0, total);
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress?.(bytes.length, total ?? bytes.length);
    return bytes;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new SparseCnnError('E_IO', `the download broke off after ${loaded}${total !== null ? ` of ${total}` : ''} bytes: ${e instanceof Error ? e.message : String(e)}`, { file: url }, { cause: e });
    }
    const { done, value } = chunk;
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (total !== null && loaded > total) {
      await reader.cancel();
      throw new SparseCnnError('E_FORMAT', `the body is longer than its Content-Length (${total} bytes)`, { file: url });
    }
    onProgress?.(loaded, total);
  }
  if (total !== null && loaded !== total) {
    throw new SparseCnnError('E_TRUNCATED', `received ${loaded} of ${total} bytes`, { file: url });
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function fetchText(url: string, onProgress?: ProgressFn): Promise<string> {
  return new TextDecoder().decode(await fetchBytes(url, onProgress));
}
