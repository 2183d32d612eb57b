/**
 * Liveness-based activation arena: each storage (a blob and its views / in-place versions) occupies a region of one
 * Float32Array from the step that first writes it to its last reader; a region is reused once that reader has run.
 * Best fit among free regions; a free region too small for every request is grown (it is not yet laid out).
 * A concat input written in place (`parent` set) is no region of its own: it sits at `parentOffset` in its parent.
 */
import type { Storage } from './graph.js';

export interface ArenaLayout {
  /** Element offset of each storage (by storage id). */
  readonly offsets: readonly number[];
  /** Total elements. */
  readonly elements: number;
  /** Elements if every storage had its own buffer. */
  readonly unsharedElements: number;
}

interface Slot {
  capacity: number;
  storages: number[];
}

export function layoutArena(storages: readonly Storage[], stepCount: number): ArenaLayout {
  const slots: Slot[] = [];
  const free = new Set<number>(); // slot indices
  const slotOf = new Array<number>(storages.length).fill(-1);
  const byDef = new Map<number, Storage[]>();
  const byEnd = new Map<number, Storage[]>();
  for (const st of storages) {
    if (st.parent !== undefined) continue; // laid out inside its parent (a concat output)
    const d = byDef.get(st.def) ?? [];
    d.push(st);
    byDef.set(st.def, d);
    if (!st.pinned) {
      const end = Math.max(st.lastUse, st.def);
      const e = byEnd.get(end) ?? [];
      e.push(st);
      byEnd.set(end, e);
    }
  }
  const take = (st: Storage): void => {
    let best = -1;
    let largest = -1;
    for (const i of free) {
      const cap = slots[i]!.capacity;
      if (cap >= st.size && (best < 0 || cap < slots[best]!.capacity)) best = i;
      if (largest < 0 || cap > slots[largest]!.capacity) largest = i;
    }
    let i = best >= 0 ? best : largest;
    if (i < 0) {
      slots.push({ capacity: st.size, storages: [] });
      i = slots.length - 1;
    } else {
      free.delete(i);
      slots[i]!.capacity = Math.max(slots[i]!.capacity, st.size);
    }
    slots[i]!.storages.push(st.id);
    slotOf[st.id] = i;
  };
  for (let s = -1; s < stepCount; s++) {
    for (const st of byDef.get(s) ?? []) take(st);
    for (const st of byEnd.get(s) ?? []) free.add(slotOf[st.id]!);
  }
  const slotOffset: number[] = [];
  let elements = 0;
  for (const slot of slots) {
    slotOffset.push(elements);
    elements += slot.capacity;
  }
  const offsets = storages.map((st) => (st.parent !== undefined ? -1 : slotOffset[slotOf[st.id]!]!));
  for (const st of storages) {
    if (st.parent !== undefined) offsets[st.id] = offsets[st.parent]! + st.parentOffset!;
  }
  const unsharedElements = storages.reduce((a, st) => a + st.size, 0);
  return { offsets, elements, unsharedElements };
}
