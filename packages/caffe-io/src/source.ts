/**
 * Where model bytes come from: a path (Node), a URL (file: through fs, http(s):, blob: and data: through fetch),
 * bytes (ArrayBuffer, Uint8Array or any ArrayBufferView), a Blob / File, or prototxt text. Node modules are imported
 * lazily through a computed specifier, so bundlers for browsers neither include nor fail on them.
 */
import { SparseCnnError } from '@sparsecnn/tensor';

/** Prototxt text given directly; `name` is used in errors (default '<prototxt text>'). */
export interface TextSource {
  readonly text: string;
  readonly name?: string;
}

/**
 * Bytes of a model file: a path string (Node only), a URL, an ArrayBuffer / Uint8Array / other ArrayBufferView, or a
 * Blob / File. A string is always a path, never a URL: wrap URLs in `new URL(...)`.
 */
export type ByteSource = string | URL | ArrayBuffer | ArrayBufferView | Blob;

/** The network definition: a ByteSource holding .prototxt text, or `{ text }`. */
export type PrototxtSource = ByteSource | TextSource;

/** Bytes read from a source, with the name errors use and, for files, the path (relative mean files). */
export interface ReadSource {
  readonly bytes: Uint8Array;
  /** Path, URL, File name, or a description such as '<weights bytes>'. */
  readonly name: string;
  /** The file system path, when the source is a path or a file: URL. */
  readonly path?: string;
}

/** True in Node (and runtimes that mimic its process object, which also have its modules). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * import() of a Node built-in through a computed specifier: bundlers targeting browsers leave it alone (esbuild
 * keeps non-literal imports, webpack / vite are told to ignore it); it only runs on the Node branches.
 */
export async function nodeImport<T>(name: 'fs/promises' | 'fs' | 'path' | 'url'): Promise<T> {
  const specifier = `node:${name}`;
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
}

function isBlob(x: unknown): x is Blob {
  if (typeof Blob !== 'undefined' && x instanceof Blob) return true;
  return typeof x === 'object' && x !== null && typeof (x as Blob).arrayBuffer === 'function' && typeof (x as Blob).size === 'number'
    && typeof (x as Blob).type === 'string';
}

function isTextSource(x: unknown): x is TextSource {
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !(x instanceof ArrayBuffer) && !isBlob(x)
    && !(x instanceof URL) && typeof (x as TextSource).text === 'string';
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  const ctor = (x as { constructor?: { name?: string } }).constructor?.name;
  return ctor ? `a ${ctor}` : 'an object';
}

async function readPath(path: string, field: string): Promise<ReadSource> {
  if (!isNode()) {
    throw new SparseCnnError(
      'E_ARGUMENT',
      `${field}: a path string can only be read in Node; in a browser pass a URL (new URL('${path}', location.href)), ` +
        'an ArrayBuffer / Uint8Array, a File or Blob' + (field === 'prototxt' ? ', or { text }' : ''),
      { file: path },
    );
  }
  const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
  try {
    const b = await fs.readFile(path);
    return { bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength), name: path, path };
  } catch (e) {
    const hint = /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? ' (a string is a path: pass new URL(...) for a URL)' : '';
    throw new SparseCnnError('E_IO', `cannot read the ${field} file: ${(e as Error).message}${hint}`, { file: path }, { cause: e });
  }
}

async function readUrl(url: URL, field: string): Promise<ReadSource> {
  if (url.protocol === 'file:') {
    if (!isNode()) throw new SparseCnnError('E_ARGUMENT', `${field}: a file: URL can only be read in Node`, { file: url.href });
    const { fileURLToPath } = await nodeImport<typeof import('node:url')>('url');
    const r = await readPath(fileURLToPath(url), field);
    return { ...r, name: url.href };
  }
  if (!['http:', 'https:', 'blob:', 'data:'].includes(url.protocol)) {
    throw new SparseCnnError('E_ARGUMENT', `${field}: unsupported URL scheme '${url.protocol}' (file:, http:, https:, blob:, data:)`, { file: url.href });
  }
  if (typeof fetch !== 'function') {
    throw new SparseCnnError('E_UNSUPPORTED', `${field}: fetch() is not available to read ${url.href}`, { file: url.href });
  }
  const name = url.protocol === 'data:' ? `${url.href.slice(0, 40)}...` : url.href;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot fetch the ${field}: ${(e as Error).message}`, { file: name }, { cause: e });
  }
  if (!res.ok) {
    throw new SparseCnnError('E_IO', `cannot fetch the ${field}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, { file: name });
  }
  try {
    return { bytes: new Uint8Array(await res.arrayBuffer()), name };
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot read the ${field} response body: ${(e as Error).message}`, { file: name }, { cause: e });
  }
}

/**
 * Read a source's bytes. `field` ('prototxt' / 'weights') names the source in errors; `fallbackName` names
 * nameless bytes.
 */
export async function readSource(source: PrototxtSource, field: string): Promise<ReadSource> {
  if (typeof source === 'string') {
    if (source === '') throw new SparseCnnError('E_ARGUMENT', `${field}: the path is empty`);
    return readPath(source, field);
  }
  if (source instanceof URL) return readUrl(source, field);
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: `<${field} ArrayBuffer>` };
  if (ArrayBuffer.isView(source)) {
    return { bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength), name: `<${field} bytes>` };
  }
  if (isBlob(source)) {
    const fileName = (source as { name?: unknown }).name;
    const name = typeof fileName === 'string' && fileName !== '' ? fileName : `<${field} Blob>`;
    try {
      return { bytes: new Uint8Array(await source.arrayBuffer()), name };
    } catch (e) {
      throw new SparseCnnError('E_IO', `cannot read the ${field} ${name}: ${(e as Error).message}`, { file: name }, { cause: e });
    }
  }
  if (isTextSource(source)) {
    if (field !== 'prototxt') {
      throw new SparseCnnError('E_ARGUMENT', `${field}: { text } is only for the prototxt; pass the weights as bytes, a URL, a File or a path`);
    }
    const name = source.name ?? '<prototxt text>';
    return { bytes: new TextEncoder().encode(source.text), name };
  }
  throw new SparseCnnError(
    'E_ARGUMENT',
    `${field}: expected a path string, a URL, an ArrayBuffer / Uint8Array, a Blob / File` +
      (field === 'prototxt' ? ' or { text }' : '') + `, got ${describe(source)}`,
  );
}
