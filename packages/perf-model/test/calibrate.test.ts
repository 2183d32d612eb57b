import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsBackend } from '@sparsecnn/kernels-js';
import { calibrate, parseProfile, predictLayer } from '@sparsecnn/perf-model';
import { loadOrCalibrate, readProfile } from '@sparsecnn/perf-model/node';

describe('calibration through a backend (js, quick)', () => {
  it('fits a profile whose predictions are positive and ordered by density', async () => {
    const backend = createJsBackend();
    const profile = await calibrate(backend, { quick: true });
    expect(() => parseProfile(JSON.parse(JSON.stringify(profile)))).not.toThrow();
    expect(profile.denseFlops).toBeGreaterThan(1e6);
    expect(profile.bandwidth).toBeGreaterThan(1e6);
    const layer = { kind: 'conv' as const, name: 'x', inChannels: 16, inH: 13, inW: 13, outChannels: 16, kernel: [3, 3] as const, stride: [1, 1] as const, pad: [1, 1] as const, dilation: [1, 1] as const, groups: 1 };
    const lo = predictLayer(profile, layer, 0.05);
    const hi = predictLayer(profile, layer, 0.6);
    expect(lo.sparseMs).toBeGreaterThan(0);
    expect(lo.sparseMs).toBeLessThan(hi.sparseMs);
  });

  it('caches profiles per backend and rejects a corrupt cache file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scnn-prof-'));
    const backend = createJsBackend();
    const first = await loadOrCalibrate(backend, { dir, quick: true });
    expect(first.fresh).toBe(true);
    const second = await loadOrCalibrate(backend, { dir, quick: true });
    expect(second.fresh).toBe(false);
    expect(second.profile.createdAt).toBe(first.profile.createdAt);
    writeFileSync(first.file, '{ not json');
    await expect(readProfile(first.file)).rejects.toMatchObject({ code: 'E_FORMAT' });
    const third = await loadOrCalibrate(backend, { dir, quick: true });
    expect(third.fresh).toBe(true);
  });
});
