import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';

describe('crc32', () => {
  it('matches the standard check values', () => {
    const enc = new TextEncoder();
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc.encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('continues over ranges', () => {
    const b = new TextEncoder().encode('hello, sparse world');
    expect(crc32(b, 7, b.length, crc32(b, 0, 7))).toBe(crc32(b));
  });
});
