import { SparseCnnError } from '@sparsecnn/tensor';

const PAGE = 65536;
const ALIGN = 64;
/** wasm32 addresses: stay below 4 GiB. */
const MAX_BYTES = 0x1_0000_0000 - PAGE;

/**
 * A first-fit allocator over the module's linear memory, above the module's static data. Blocks are 64-byte
 * aligned (cache lines; v128 loads). Freed blocks coalesce with their neighbours; when nothing fits the memory
 * grows. `memory.grow` detaches every view of the old buffer, so views are re-derived from `f32()`/`i32()` after
 * any call that may allocate.
 */
export class WasmHeap {
  /** Free ranges [start, size], sorted by start, never adjacent. */
  private readonly freeList: Array<[number, number]> = [];
  private readonly used = new Map<number, number>();
  private f32View: Float32Array;
  private i32View: Int32Array;
  private view: ArrayBuffer;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    const start = Math.ceil(base / ALIGN) * ALIGN;
    const end = memory.buffer.byteLength;
    if (end > start) this.freeList.push([start, end - start]);
    this.view = memory.buffer;
    this.f32View = new Float32Array(this.view);
    this.i32View = new Int32Array(this.view);
  }

  /** Bytes currently allocated. */
  get allocatedBytes(): number {
    let n = 0;
    for (const s of this.used.values()) n += s;
    return n;
  }

  /** Linear memory size in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  private refresh(): void {
    if (this.view !== this.memory.buffer) {
      this.view = this.memory.buffer;
      this.f32View = new Float32Array(this.view);
      this.i32View = new Int32Array(this.view);
    }
  }

  /** The whole memory as floats (valid until the next allocation). */
  f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  /** The whole memory as int32 (valid until the next allocation). */
  i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  /** Allocate `bytes` (rounded up to 64); zero-filled when `zero` (fresh and recycled blocks alike). */
  alloc(bytes: number, zero = false): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new SparseCnnError('E_ARGUMENT', `cannot allocate ${bytes} bytes`, { backend: 'wasm' });
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let ptr = this.take(size);
    if (ptr < 0) {
      this.grow(size);
      ptr = this.take(size);
      if (ptr < 0) throw new SparseCnnError('E_OVERFLOW', `wasm heap cannot fit ${size} bytes after growing`, { backend: 'wasm' });
    }
    this.used.set(ptr, size);
    if (zero) new Uint8Array(this.memory.buffer, ptr, size).fill(0);
    return ptr;
  }

  /** Release a block from `alloc` (0 is ignored). */
  free(ptr: number): void {
    if (ptr === 0) return;
    const size = this.used.get(ptr);
    if (size === undefined) throw new SparseCnnError('E_ARGUMENT', `wasm heap: ${ptr} is not an allocated block`, { backend: 'wasm' });
    this.used.delete(ptr);
    this.insertFree(ptr, size);
  }

  private take(size: number): number {
    for (let i = 0; i < this.freeList.length; i++) {
      const block = this.freeList[i]!;
      if (block[1] >= size) {
        const ptr = block[0];
        if (block[1] === size) this.freeList.splice(i, 1);
        else {
          block[0] += size;
          block[1] -= size;
        }
        return ptr;
      }
    }
    return -1;
  }

  private insertFree(ptr: number, size: number): void {
    const list = this.freeList;
    let i = 0;
    while (i < list.length && list[i]![0] < ptr) i++;
    list.splice(i, 0, [ptr, size]);
    // Merge with the next, then with the previous block.
    const cur = list[i]!;
    const next = list[i + 1];
    if (next && cur[0] + cur[1] === next[0]) {
      cur[1] += next[1];
      list.splice(i + 1, 1);
    }
    const prev = list[i - 1];
    if (prev && prev[0] + prev[1] === cur[0]) {
      prev[1] += cur[1];
      list.splice(i, 1);
    }
  }

  private grow(size: number): void {
    const end = this.memory.buffer.byteLength;
    const last = this.freeList[this.freeList.length - 1];
    const tailFree = last && last[0] + last[1] === end ? last[1] : 0;
    const need = size - tailFree;
    // Grow by at least a quarter of the current size to keep the number of grows (and view refreshes) small.
    const want = Math.max(need, Math.floor(end / 4));
    let pages = Math.ceil(want / PAGE);
    if (end + pages * PAGE > MAX_BYTES) pages = Math.ceil(need / PAGE);
    if (end + pages * PAGE > MAX_BYTES) {
      throw new SparseCnnError('E_OVERFLOW', `wasm heap: ${size} more bytes would exceed the 4 GiB wasm32 address space`, { backend: 'wasm' });
    }
    try {
      this.memory.grow(pages);
    } catch (e) {
      throw new SparseCnnError('E_OVERFLOW', `wasm heap: growing linear memory by ${pages * PAGE} bytes failed (${String(e)})`, {
        backend: 'wasm',
      });
    }
    this.insertFree(end, pages * PAGE);
  }
}
