import { isSparseCnnError, type PoolMethod, type PoolingParams } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { poolCases } from './conformance/cases.js';
import type { Pool2dParams } from './ops.js';
import { pool2dOutputShape } from './validate.js';

describe('PoolMethod: one spelling from the layer parameters to the kernels', () => {
  it('a layer\'s `pool` is a kernel `method` as is (the same type)', () => {
    const layer: PoolingParams = { pool: 'ave', kernel: [3, 3], stride: [2, 2], pad: [1, 1], global: false };
    const params: Pool2dParams = { method: layer.pool, kernel: layer.kernel, stride: layer.stride, pad: layer.pad, global: layer.global };
    const methods: PoolMethod[] = ['max', 'ave'];
    for (const method of methods) expect(pool2dOutputShape([1, 2, 7, 7], { ...params, method })).toEqual([1, 2, 4, 4]);
    expect(new Set(poolCases.map((c) => c.params.method))).toEqual(new Set(methods));
  });

  it("accepts the old 'avg' at run time and rejects anything else with E_ARGUMENT", () => {
    const base = { kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false } as const;
    expect(pool2dOutputShape([1, 1, 4, 4], { ...base, method: 'avg' as PoolMethod })).toEqual([1, 1, 2, 2]);
    for (const method of ['AVE', 'mean', 'stochastic', '', undefined]) {
      let err: unknown;
      try {
        pool2dOutputShape([1, 1, 4, 4], { ...base, method: method as PoolMethod });
      } catch (e) {
        err = e;
      }
      expect(isSparseCnnError(err, 'E_ARGUMENT'), String(method)).toBe(true);
    }
  });
});
