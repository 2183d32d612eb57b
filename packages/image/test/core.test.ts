/** The browser-safe core: channels, resize, preprocessing, labels and top-k, against direct float64 computations. */
import { Rng, isSparseCnnError, type NetDescription } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import {
  checkLabelCount, parseLabels, pixelsToInput, preprocessImage, preprocessImages, preprocessOptionsFor, resizeImage,
  resolvePreprocess, toChannels, topK, topKIndices, checkImage,
} from '../src/index.js';

function randomPixels(rng: Rng, n: number): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = rng.nextUint32() & 255;
  return p;
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isSparseCnnError(e) ? e.code : `not typed: ${String(e)}`;
  }
  return undefined;
}

/** Independent float64 resize: the 2-D triangle-weighted average written out directly (no separable passes). */
function referenceResize(src: Uint8Array, inW: number, inH: number, C: number, outW: number, outH: number): Float64Array {
  const weights = (inSize: number, outSize: number, o: number): Array<[number, number]> => {
    const scale = inSize / outSize;
    const support = Math.max(1, scale);
    const centre = scale >= 1 ? (o + 0.5) * scale : o * scale;
    const w: Array<[number, number]> = [];
    for (let i = 0; i < inSize; i++) {
      const t = Math.abs(i + 0.5 - centre) / support;
      if (t < 1) w.push([i, 1 - t]);
    }
    return w;
  };
  const out = new Float64Array(outW * outH * C);
  for (let y = 0; y < outH; y++) {
    const wy = weights(inH, outH, y);
    for (let x = 0; x < outW; x++) {
      const wx = weights(inW, outW, x);
      for (let c = 0; c < C; c++) {
        let acc = 0;
        let norm = 0;
        for (const [i, a] of wy) for (const [j, b] of wx) {
          acc += a * b * src[(i * inW + j) * C + c]!;
          norm += a * b;
        }
        out[(y * outW + x) * C + c] = acc / norm;
      }
    }
  }
  return out;
}

describe('resizeImage', () => {
  it('matches a direct 2-D float64 triangle filter (shrinking and enlarging) within rounding', () => {
    const rng = new Rng();
    for (const [inW, inH, outW, outH, C] of [[37, 29, 16, 11, 3], [9, 7, 23, 19, 1], [40, 12, 13, 30, 4], [5, 5, 5, 9, 2]] as const) {
      const src = randomPixels(rng, inW * inH * C);
      const got = resizeImage({ data: src, width: inW, height: inH, channels: C }, outW, outH);
      expect([got.width, got.height, got.channels]).toEqual([outW, outH, C]);
      const want = referenceResize(src, inW, inH, C, outW, outH);
      for (let i = 0; i < want.length; i++) {
        // The separable float32 passes may round the last half-level the other way.
        expect(Math.abs(got.data[i]! - want[i]!), `seed ${rng.seed} ${inW}x${inH}->${outW}x${outH} at ${i}`).toBeLessThanOrEqual(0.5 + 1e-3);
      }
    }
  });

  it('keeps a constant image constant and returns an image of the same size as it is', () => {
    const img = { data: new Uint8Array(31 * 17 * 3).fill(173), width: 31, height: 17, channels: 3 as const };
    for (const [w, h] of [[7, 5], [64, 64], [31, 40]]) expect(new Set(resizeImage(img, w!, h!).data)).toEqual(new Set([173]));
    expect(resizeImage(img, 31, 17)).toBe(img);
    expect(codeOf(() => resizeImage(img, 0, 4))).toBe('E_ARGUMENT');
  });
});

describe('channels', () => {
  it('drops alpha, repeats gray and converts colour to BT.601 gray', () => {
    const rgba = checkImage({ data: new Uint8ClampedArray([10, 20, 30, 255, 200, 100, 50, 0]), width: 2, height: 1 });
    expect(rgba.channels).toBe(4);
    expect([...toChannels(rgba, 3)]).toEqual([10, 20, 30, 200, 100, 50]);
    expect([...toChannels(rgba, 1)]).toEqual([Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30), Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50)]);
    const ga = checkImage({ data: new Uint8Array([7, 0, 9, 255]), width: 2, height: 1, channels: 2 });
    expect([...toChannels(ga, 3)]).toEqual([7, 7, 7, 9, 9, 9]);
    expect(codeOf(() => checkImage({ data: new Uint8Array(10), width: 2, height: 2 }))).toBe('E_SHAPE');
    expect(codeOf(() => checkImage({ data: new Float32Array(4) as unknown as Uint8Array, width: 2, height: 2 }))).toBe('E_ARGUMENT');
  });
});

describe('preprocessing', () => {
  it('crop (centre and given), mirror, BGR, mean values and scale match a direct float64 computation', () => {
    const rng = new Rng();
    const [rh, rw, H, W] = [13, 17, 8, 9];
    const pixels = randomPixels(rng, rh * rw * 3);
    const mean = [rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)];
    const scale = rng.uniform(0.001, 2);
    for (const [crop, mirror] of [['center', false], [{ x: 8, y: 0 }, true], [{ x: 0, y: 5 }, false]] as const) {
      const p = resolvePreprocess({ channels: 3, height: H, width: W, resize: [rh, rw], meanValues: mean, scale, crop, mirror });
      const out = new Float32Array(3 * H * W + 5).fill(Number.NaN);
      pixelsToInput(pixels, p, out, 5);
      const oy = crop === 'center' ? Math.floor((rh - H) / 2) : crop.y;
      const ox = crop === 'center' ? Math.floor((rw - W) / 2) : crop.x;
      for (let c = 0; c < 3; c++) {
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const sx = mirror ? W - 1 - x : x;
            const rgb = pixels[((y + oy) * rw + (sx + ox)) * 3 + (2 - c)]!; // network channel c = BGR
            const want = (rgb - mean[c]!) * scale;
            const got = out[5 + c * H * W + y * W + x]!;
            expect(Math.abs(got - want), `seed ${rng.seed} c${c} y${y} x${x}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
          }
        }
      }
      expect(Number.isNaN(out[4])).toBe(true);
    }
  });

  it('a mean image of the resize size is cropped with the image; a larger one is centre-cropped', () => {
    const [rh, rw, H, W] = [6, 6, 4, 4];
    const pixels = new Uint8Array(rh * rw).fill(100);
    const mean = new Float32Array(rh * rw).map((_, i) => i);
    const p = resolvePreprocess({ channels: 1, height: H, width: W, resize: [rh, rw], meanImage: { dtype: 'float32', shape: [1, rh, rw], data: mean } });
    const out = new Float32Array(H * W);
    pixelsToInput(pixels, p, out);
    expect(out[0]).toBe(100 - (1 * rw + 1));
    expect(out[H * W - 1]).toBe(100 - (4 * rw + 4));
    const big = new Float32Array(8 * 8).map((_, i) => i);
    const q = resolvePreprocess({ channels: 1, height: H, width: W, resize: [rh, rw], meanImage: { dtype: 'float32', shape: [1, 8, 8], data: big } });
    pixelsToInput(pixels, q, out);
    expect(out[0]).toBe(100 - (2 * 8 + 2));
  });

  it('preprocessImage takes canvas-style RGBA ImageData and equals resize + pixelsToInput', () => {
    const rng = new Rng();
    const [w, h] = [40, 30];
    const rgba = randomPixels(rng, w * h * 4);
    const options = { channels: 3, height: 16, width: 16, resize: [20, 24] as const, meanValues: [104, 117, 123] };
    const t = preprocessImage({ data: new Uint8ClampedArray(rgba), width: w, height: h }, options);
    expect(t.shape).toEqual([1, 3, 16, 16]);
    const rgb = toChannels(checkImage({ data: rgba, width: w, height: h }), 3);
    const resized = resizeImage({ data: rgb, width: w, height: h, channels: 3 }, 24, 20);
    const want = new Float32Array(3 * 16 * 16);
    pixelsToInput(resized.data, resolvePreprocess(options), want);
    expect(Array.from(t.data), `seed ${rng.seed}`).toEqual(Array.from(want));
    const batch = preprocessImages([{ data: rgba, width: w, height: h }, { data: rgba, width: w, height: h, channels: 4 }], options);
    expect(batch.shape).toEqual([2, 3, 16, 16]);
    expect(Array.from(batch.data.subarray(3 * 256))).toEqual(Array.from(want));
    const bad = (() => {
      try {
        preprocessImages([{ data: rgba, width: w, height: h }, { data: rgba.subarray(1), width: w, height: h, channels: 4 }], options);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(isSparseCnnError(bad, 'E_SHAPE')).toBe(true);
    expect(bad!.message).toContain('image 1');
  });

  it('rejects bad options with typed errors', () => {
    expect(codeOf(() => resolvePreprocess({ channels: 4, height: 8, width: 8 }))).toBe('E_UNSUPPORTED');
    expect(codeOf(() => resolvePreprocess({ channels: 3, height: 300, width: 300, resize: [256, 256] }))).toBe('E_ARGUMENT');
    expect(codeOf(() => resolvePreprocess({ channels: 3, height: 8, width: 8, meanValues: [1, 2] }))).toBe('E_ARGUMENT');
    expect(codeOf(() => resolvePreprocess({ channels: 3, height: 8, width: 8, resize: [10, 10], crop: { x: 3, y: 0 } }))).toBe('E_ARGUMENT');
    expect(codeOf(() => resolvePreprocess({ channels: 3, height: 8, width: 8, scale: Number.NaN }))).toBe('E_ARGUMENT');
    const p = resolvePreprocess({ channels: 1, height: 4, width: 4 });
    expect(p.resize).toEqual([4, 4]);
    expect(codeOf(() => pixelsToInput(new Uint8Array(15), p, new Float32Array(16)))).toBe('E_SHAPE');
    expect(codeOf(() => pixelsToInput(new Uint8Array(16), p, new Float32Array(16), 1))).toBe('E_RANGE');
  });

  it('preprocessOptionsFor reads the input shape and the transform; overrides win', () => {
    const net: NetDescription = {
      name: 'n', inputs: [{ name: 'data', shape: [1, 3, 227, 227] }], layers: [],
      transform: { meanValues: [104, 117, 123], scale: 0.5 },
    };
    expect(preprocessOptionsFor(net)).toEqual({ channels: 3, height: 227, width: 227, bgr: true, meanValues: [104, 117, 123], scale: 0.5 });
    expect(preprocessOptionsFor(net, { rgb: true, scale: 1, meanValues: [1, 2, 3], resize: [240, 240] })).toEqual({
      channels: 3, height: 227, width: 227, resize: [240, 240], bgr: false, meanValues: [1, 2, 3], scale: 1,
    });
    expect(codeOf(() => preprocessOptionsFor({ ...net, inputs: [{ name: 'x', shape: [1, 10] }] }))).toBe('E_SHAPE');
  });
});

describe('labels and top-k', () => {
  it('parses synset_words lines, plain names and CRLF; ignores trailing blank lines', () => {
    expect(parseLabels('n01440764 tench, Tinca tinca\r\nn01443537 goldfish\r\n\r\n')).toEqual([
      { wnid: 'n01440764', name: 'tench, Tinca tinca' }, { wnid: 'n01443537', name: 'goldfish' },
    ]);
    expect(parseLabels('\uFEFFzero\none\n two \n')).toEqual([{ name: 'zero' }, { name: 'one' }, { name: 'two' }]);
  });

  it('topK: largest first, ties by lower index, NaN never ranks, labels attached', () => {
    const rng = new Rng();
    const v = Float32Array.from({ length: 50 }, () => rng.uniform(0, 1));
    v[7] = Number.NaN;
    v[3] = 2;
    v[11] = 2;
    const want = [...v.keys()].filter((i) => !Number.isNaN(v[i]!)).sort((a, b) => v[b]! - v[a]! || a - b).slice(0, 6);
    expect(topKIndices(v, 6), `seed ${rng.seed}`).toEqual(want);
    const labels = parseLabels(Array.from({ length: 50 }, (_, i) => `n${String(i).padStart(8, '0')} class ${i}`).join('\n'));
    const top = topK(v, 3, labels);
    expect(top[0]).toEqual({ index: 3, prob: 2, label: 'class 3', wnid: 'n00000003' });
    expect(top[1]!.index).toBe(11);
    expect(topK([0.1, 0.7, 0.2], 5, ['a', 'b', 'c'])).toEqual([
      { index: 1, prob: 0.7, label: 'b' }, { index: 2, prob: 0.2, label: 'c' }, { index: 0, prob: 0.1, label: 'a' },
    ]);
    expect(topK([0.5, 0.5], 1)).toEqual([{ index: 0, prob: 0.5 }]);
  });

  it('a label count different from the class count is E_SHAPE naming both counts and the file', () => {
    let err: unknown;
    try {
      checkLabelCount(new Array(999), 1000, 'synset_words.txt');
    } catch (e) {
      err = e;
    }
    expect(isSparseCnnError(err, 'E_SHAPE')).toBe(true);
    expect((err as Error).message).toMatch(/synset_words\.txt.*999 label line\(s\).*1000 classes/);
    expect(codeOf(() => topK([1, 2, 3], 1, ['a', 'b']))).toBe('E_SHAPE');
  });
});
