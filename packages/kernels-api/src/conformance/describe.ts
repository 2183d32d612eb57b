/**
 * `describeConformance`: the one test suite every backend runs. Each op the backend implements is compared, over
 * randomized real-network shapes, with the float64 oracles of this folder (never with another backend), with its
 * outputs poisoned before each call; gradients are also checked by central finite differences of the oracles; bad
 * calls must throw a SparseCnnError. Fresh random data each run: the seed is printed in every failure, and
 * SPARSECNN_SEED=<seed> replays it.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { csrToDense, tensorToCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import {
  Rng, compareClose, isSparseCnnError, poison, randomSparse, randomUniform, zeros, type Shape, type Tensor,
  type Tolerance,
} from '@sparsecnn/tensor';
import type { KernelBackend } from '../backend.js';
import type { AsyncKernelTable, Conv2dSpec, KernelName, KernelTable, Pool2dParams } from '../ops.js';
import {
  TOLERANCES, concatCases, convBackwardCases, convCases, channelCases, eltwiseCases, gemmBackwardCases, gemmCases,
  lossCases, lrnBackwardCases, lrnCases, poolBackwardCases, poolCases, reluCases, softmaxCases, sparseDensities,
  type ConvCase, type GemmCase,
} from './cases.js';
import {
  oracleBatchNorm, oracleConcat, oracleConv2d, oracleConv2dBackward, oracleConvOutputShape, oracleEltwise, oracleGemm,
  oracleGemmBackward, oracleLrn, oracleLrnBackward, oraclePool2d, oraclePool2dBackward, oraclePoolOutputShape,
  oracleRelu, oracleReluBackward, oracleScale, oracleSoftmax, oracleSoftmaxCrossEntropy,
} from './oracles.js';

/** The heavy ops that have promise-returning forms, with the prepare call each needs. */
type AsyncHeavyOp = 'conv2d' | 'sparseConv2d' | 'gemm' | 'spmm';
const PREPARE_OF = {
  conv2d: 'prepareConv2d', sparseConv2d: 'prepareSparseConv2d', gemm: 'prepareGemm', spmm: 'prepareSpmm',
} as const satisfies Record<AsyncHeavyOp, KernelName>;

export interface ConformanceOptions {
  /** Shown in the describe title, e.g. 'native (avx2)'. */
  readonly name: string;
  /** Creates the backend once for the whole suite (disposed afterwards). */
  readonly create: () => Promise<KernelBackend>;
  /** Ops this backend knowingly fails or lacks, each with its reason (listed as skipped tests). */
  readonly skip?: Partial<Record<KernelName, string>>;
}

/** What a case body gets. */
interface CaseContext {
  readonly k: KernelTable;
  readonly rng: Rng;
}

function seedFromEnv(): number | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.SPARSECNN_SEED;
  return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) >>> 0 : undefined;
}

function fail(message: string): never {
  throw new Error(message);
}

function maxAbs(a: ArrayLike<number> | null | undefined): number {
  let m = 0;
  if (a) for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Tolerance for a reduction of length K over operands bounded by ma and mb (plus an added bias up to mbias). */
export function accumulateTolerance(K: number, ma: number, mb: number, mbias = 0): Tolerance {
  const t = TOLERANCES.accumulate;
  return { rtol: t.rtol, atol: t.atolPerSqrtK * Math.sqrt(Math.max(1, K)) * ma * mb + 1e-6 * mbias };
}

function checkClose(label: string, actual: ArrayLike<number>, expected: Float64Array, tol: Tolerance): void {
  const report = compareClose(Array.from(actual), expected, tol);
  if (!report.ok) fail(`${label}: ${report.message}`);
}

function checkShape(label: string, actual: Shape, expected: Shape): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    fail(`${label}: shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}

/**
 * Run `call` into a NaN-poisoned `out`, then once without `out`; both results must match the oracle, and the
 * `inputs` must be left untouched (bit for bit).
 */
function checkOp(
  label: string, shape: Shape, call: (out?: Tensor) => Tensor, expected: Float64Array, tol: Tolerance,
  inputs: readonly Tensor[],
): void {
  const before = inputs.map((t) => new Uint32Array(t.data.slice().buffer));
  const out = zeros(shape);
  poison(out.data);
  const r1 = call(out);
  checkShape(`${label} (with out)`, r1.shape, shape);
  checkClose(`${label} (values written to out)`, out.data, expected, tol);
  if (r1.data !== out.data) fail(`${label}: with out given, the returned tensor must be out (its data is another array)`);
  const r2 = call();
  checkShape(`${label} (without out)`, r2.shape, shape);
  checkClose(`${label} (without out)`, r2.data, expected, tol);
  inputs.forEach((t, i) => {
    const now = new Uint32Array(t.data.slice().buffer);
    const j = now.findIndex((v, e) => v !== before[i]![e]);
    if (j >= 0 || now.length !== before[i]!.length) fail(`${label}: input ${i} was modified (first change at element ${j})`);
  });
}

/** The call must throw a SparseCnnError (not crash, not return). */
function expectRejects(label: string, call: () => unknown): void {
  let threw: unknown = undefined;
  let returned = false;
  try {
    call();
    returned = true;
  } catch (e) {
    threw = e;
  }
  if (returned) fail(`${label}: returned normally, expected a SparseCnnError`);
  if (!isSparseCnnError(threw)) fail(`${label}: threw ${String(threw)}, expected a SparseCnnError`);
}

/**
 * Central finite differences of `loss` (float64, on a float64 copy of `x`) at a few random indices, against the
 * backend's analytic gradient.
 */
function checkFiniteDifference(label: string, rng: Rng, x: ArrayLike<number>, analytic: ArrayLike<number>, loss: (x: Float64Array) => number): void {
  const { rtol, atol, step, samples } = TOLERANCES.finiteDifference;
  if (analytic.length !== x.length) fail(`${label}: gradient has ${analytic.length} elements, input ${x.length}`);
  if (x.length === 0) return;
  const x64 = Float64Array.from(x);
  const picks = Array.from({ length: Math.min(samples, x.length) }, () => rng.int(0, x.length - 1));
  const fd = picks.map((i) => {
    const v = x64[i]!;
    x64[i] = v + step;
    const lp = loss(x64);
    x64[i] = v - step;
    const lm = loss(x64);
    x64[i] = v;
    return (lp - lm) / (2 * step);
  });
  const scale = Math.max(1e-3, maxAbs(fd));
  picks.forEach((i, j) => {
    const a = analytic[i]!;
    const e = fd[j]!;
    if (!(Math.abs(a - e) <= rtol * Math.abs(e) + atol * scale)) {
      fail(`${label}: analytic gradient ${a} at index ${i}, central finite difference ${e} (scale ${scale.toExponential(2)})`);
    }
  });
}

/** sum_i r_i * y_i: the scalar whose gradient is the backward op's result when gradOutput = r. */
function dot(r: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += r[i]! * y[i]!;
  return s;
}

export function convSpec(c: ConvCase): Conv2dSpec {
  return {
    inChannels: c.c, inH: c.h, inW: c.w, outChannels: c.o, kernel: c.kernel, stride: c.stride, pad: c.pad,
    dilation: c.dilation, groups: c.groups, relu: c.relu,
  };
}

export function convWeightShapeOf(c: ConvCase): [number, number, number, number] {
  return [c.o, c.c / c.groups, c.kernel[0], c.kernel[1]];
}

/** Block a dense row-major matrix into CSB (blocks in row-major grid order, entries row-major within a block). */
export function denseToCsbForTests(dense: ArrayLike<number>, rows: number, cols: number, blockRows: number, blockCols: number): CsbMatrix {
  const gridRows = Math.ceil(rows / blockRows);
  const gridCols = Math.ceil(cols / blockCols);
  const blockPtr = new Int32Array(gridRows * gridCols + 1);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let bi = 0; bi < gridRows; bi++) {
    for (let bj = 0; bj < gridCols; bj++) {
      for (let i = bi * blockRows; i < Math.min(rows, (bi + 1) * blockRows); i++) {
        for (let j = bj * blockCols; j < Math.min(cols, (bj + 1) * blockCols); j++) {
          const x = dense[i * cols + j]!;
          if (x !== 0) {
            r.push(i - bi * blockRows);
            c.push(j - bj * blockCols);
            v.push(x);
          }
        }
      }
      blockPtr[bi * gridCols + bj + 1] = v.length;
    }
  }
  const wide = blockRows > 65536 || blockCols > 65536;
  return {
    format: 'csb', rows, cols, blockRows, blockCols, gridRows, gridCols, blockPtr,
    rowIdx: wide ? Int32Array.from(r) : Uint16Array.from(r), colIdx: wide ? Int32Array.from(c) : Uint16Array.from(c),
    values: Float32Array.from(v),
  };
}

function withNaN(t: Tensor, rng: Rng): Tensor {
  const data = t.data.slice();
  data[rng.int(0, data.length - 1)] = Number.NaN;
  return { ...t, data };
}

function csrWithBadColumn(m: CsrMatrix): CsrMatrix {
  const colIdx = m.colIdx.slice();
  if (colIdx.length > 0) colIdx[colIdx.length - 1] = m.cols + 3;
  return { ...m, colIdx };
}

/** Declare the conformance suite for one backend. */
export function describeConformance(options: ConformanceOptions): void {
  const skips = options.skip ?? {};
  describe(`conformance: ${options.name}`, () => {
    let backend: KernelBackend | undefined;
    beforeAll(async () => {
      backend = await options.create();
    });
    afterAll(() => {
      backend?.dispose();
    });

    /** One test: skipped with its reason if listed, skipped at run time if the backend lacks a needed op. */
    const test = (needs: readonly KernelName[], title: string, body: (ctx: CaseContext) => void) => {
      const reason = needs.map((n) => skips[n]).find((r) => r !== undefined);
      if (reason !== undefined) {
        it.skip(`${title} [skipped: ${reason}]`, () => {});
        return;
      }
      it(title, (ctx) => {
        if (!backend) fail(`backend '${options.name}' was not created`);
        const missing = needs.filter((n) => typeof backend!.kernels[n] !== 'function');
        if (missing.length > 0) {
          ctx.skip();
          return;
        }
        const seed = seedFromEnv() ?? Rng.freshSeed();
        try {
          body({ k: backend.kernels as KernelTable, rng: new Rng(seed) });
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          const err = new Error(`[${options.name}] ${title} — seed ${seed} (replay: SPARSECNN_SEED=${seed}): ${msg}`, { cause: e });
          throw err;
        }
      });
    };

    /** Like `test`, for the promise-returning forms in `backend.async` (skipped when the backend has none). */
    const testAsync = (op: AsyncHeavyOp, title: string, body: (ctx: CaseContext & { a: AsyncKernelTable }) => Promise<void>) => {
      const reason = skips[op] ?? skips[PREPARE_OF[op]];
      if (reason !== undefined) {
        it.skip(`${title} [skipped: ${reason}]`, () => {});
        return;
      }
      it(title, async (ctx) => {
        if (!backend) fail(`backend '${options.name}' was not created`);
        if (typeof backend.async?.[op] !== 'function' || typeof backend.kernels[PREPARE_OF[op]] !== 'function') {
          ctx.skip();
          return;
        }
        const seed = seedFromEnv() ?? Rng.freshSeed();
        try {
          await body({ k: backend.kernels as KernelTable, a: backend.async as AsyncKernelTable, rng: new Rng(seed) });
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          throw new Error(`[${options.name}] ${title} — seed ${seed} (replay: SPARSECNN_SEED=${seed}): ${msg}`, { cause: e });
        }
      });
    };

    test([], 'info() describes the backend', () => {
      const info = backend!.info();
      if (info.name !== backend!.name) fail(`info().name '${info.name}' differs from backend.name '${backend!.name}'`);
      if (!(Number.isInteger(info.threads) && info.threads >= 1)) fail(`info().threads is ${info.threads}`);
      if (typeof info.isa !== 'string' || typeof info.version !== 'string') fail(`info() lacks isa/version: ${JSON.stringify(info)}`);
    });

    // --------------------------------------------------------------------------------------- any tensor op
    describe('argument checks', () => {
      const garbage: ReadonlyArray<readonly [string, unknown]> = [
        ['null', null],
        ['an int32 tensor', { dtype: 'int32', shape: [1, 2, 3, 3], data: new Int32Array(18) }],
        ['a tensor whose data does not fill its shape', { dtype: 'float32', shape: [1, 2, 3, 3], data: new Float32Array(17) }],
      ];
      for (const [what, bad] of garbage) {
        const t = bad as Tensor;
        const ops: ReadonlyArray<readonly [KernelName, (k: KernelTable) => unknown]> = [
          ['pool2d', (k) => k.pool2d(t, poolCases[0]!.params)],
          ['relu', (k) => k.relu(t, { negativeSlope: 0 })],
          ['lrn', (k) => k.lrn(t, lrnCases[0]!.params)],
          ['softmax', (k) => k.softmax(t, { axis: 1 })],
          ['concat', (k) => k.concat([t, t], { axis: 1 })],
          ['eltwise', (k) => k.eltwise([t, t], { op: 'sum' })],
          ['scale', (k) => k.scale(t, { scale: new Float32Array(2), bias: null })],
          ['reluBackward', (k) => k.reluBackward(t, t, { negativeSlope: 0 })],
        ];
        for (const [op, call] of ops) test([op], `${op} rejects ${what} as input`, ({ k }) => expectRejects(`${op}(${what})`, () => call(k)));
      }
    });

    // ---------------------------------------------------------------------------------------------- conv2d
    describe('conv2d', () => {
      for (const cs of convCases) {
        test(['prepareConv2d', 'conv2d'], cs.name, ({ k, rng }) => {
          const spec = convSpec(cs);
          const x = randomUniform([cs.n, cs.c, cs.h, cs.w], rng);
          const w = randomUniform(convWeightShapeOf(cs), rng);
          const bias = cs.bias ? randomUniform([cs.o], rng).data : null;
          const shape = oracleConvOutputShape(cs.n, spec);
          const expected = oracleConv2d(x.data, cs.n, w.data, bias, spec);
          const K = (cs.c / cs.groups) * cs.kernel[0] * cs.kernel[1];
          const tol = accumulateTolerance(K, maxAbs(x.data), maxAbs(w.data), maxAbs(bias));
          const p = k.prepareConv2d(w, bias, spec);
          try {
            checkShape('prepared.outputShape', p.outputShape(x.shape), shape);
            checkOp('conv2d', shape, (out) => k.conv2d(x, p, out), expected, tol, [x]);
          } finally {
            p.dispose();
          }
        });
      }
      test(['prepareConv2d', 'conv2d'], 'one prepared handle runs batches 1, 3 and 2 with fresh inputs', ({ k, rng }) => {
        const cs = convCases[7]!;
        const spec = convSpec(cs);
        const w = randomUniform(convWeightShapeOf(cs), rng);
        const bias = randomUniform([cs.o], rng).data;
        const K = (cs.c / cs.groups) * cs.kernel[0] * cs.kernel[1];
        const p = k.prepareConv2d(w, bias, spec);
        try {
          for (const n of [1, 3, 2]) {
            const x = randomUniform([n, cs.c, cs.h, cs.w], rng);
            checkOp(`conv2d batch ${n}`, oracleConvOutputShape(n, spec), (out) => k.conv2d(x, p, out), oracleConv2d(x.data, n, w.data, bias, spec),
              accumulateTolerance(K, maxAbs(x.data), maxAbs(w.data), maxAbs(bias)), [x]);
          }
        } finally {
          p.dispose();
        }
      });
      const base = convCases[3]!;
      test(['prepareConv2d', 'conv2d'], 'rejects a wrong input shape, a wrong out shape, NaN weights, a disposed handle', ({ k, rng }) => {
        const spec = convSpec(base);
        const w = randomUniform(convWeightShapeOf(base), rng);
        const p = k.prepareConv2d(w, null, spec);
        try {
          expectRejects('wrong input channels', () => k.conv2d(randomUniform([1, base.c + 1, base.h, base.w], rng), p));
          expectRejects('wrong input height', () => k.conv2d(randomUniform([1, base.c, base.h - 1, base.w], rng), p));
          expectRejects('3-D input', () => k.conv2d(randomUniform([base.c, base.h, base.w], rng), p));
          const shape = oracleConvOutputShape(1, spec);
          expectRejects('wrong out shape', () => k.conv2d(randomUniform([1, base.c, base.h, base.w], rng), p, zeros([1, shape[1] + 1, shape[2], shape[3]])));
          expectRejects('wrong bias length', () => k.prepareConv2d(w, new Float32Array(base.o + 1), spec));
          expectRejects('wrong weight shape', () => k.prepareConv2d(randomUniform([base.o, base.c + 1, 3, 3], rng), null, spec));
        } finally {
          p.dispose();
        }
        expectRejects('NaN weights', () => k.prepareConv2d(withNaN(w, rng), null, spec));
        if (!p.disposed) fail('prepared.disposed is false after dispose()');
        if (!(Number.isFinite(p.bytes) && p.bytes >= 0)) fail(`prepared.bytes is ${p.bytes}`);
        expectRejects('disposed handle', () => k.conv2d(randomUniform([1, base.c, base.h, base.w], rng), p));
      });
    });

    // ---------------------------------------------------------------------------------------- sparseConv2d
    describe('sparseConv2d', () => {
      const runSparse = (cs: ConvCase, density: number) => ({ k, rng }: CaseContext) => {
        const spec = convSpec(cs);
        const x = randomUniform([cs.n, cs.c, cs.h, cs.w], rng);
        const dense = randomSparse(convWeightShapeOf(cs), rng, density);
        const csr = tensorToCsr(dense);
        const bias = cs.bias ? randomUniform([cs.o], rng).data : null;
        const shape = oracleConvOutputShape(cs.n, spec);
        const expected = oracleConv2d(x.data, cs.n, dense.data, bias, spec);
        const K = (cs.c / cs.groups) * cs.kernel[0] * cs.kernel[1];
        const tol = accumulateTolerance(K * Math.max(density, 0.01), maxAbs(x.data), maxAbs(dense.data), maxAbs(bias));
        const p = k.prepareSparseConv2d(csr, bias, spec);
        try {
          checkShape('prepared.outputShape', p.outputShape(x.shape), shape);
          checkOp('sparseConv2d', shape, (out) => k.sparseConv2d(x, p, out), expected, tol, [x]);
        } finally {
          p.dispose();
        }
      };
      for (const cs of convCases) test(['prepareSparseConv2d', 'sparseConv2d'], `${cs.name} density ${cs.density}`, runSparse(cs, cs.density));
      for (const cs of [convCases[2]!, convCases[6]!, convCases[8]!]) {
        for (const d of [0, ...sparseDensities]) test(['prepareSparseConv2d', 'sparseConv2d'], `${cs.name} density sweep ${d}`, runSparse(cs, d));
      }
      test(['prepareSparseConv2d', 'sparseConv2d'], 'one prepared handle runs batches 1, 3 and 2 with fresh inputs', ({ k, rng }) => {
        for (const cs of [convCases[7]!, convCases[10]!]) {
          const spec = convSpec(cs);
          const dense = randomSparse(convWeightShapeOf(cs), rng, 0.3);
          const bias = randomUniform([cs.o], rng).data;
          const K = (cs.c / cs.groups) * cs.kernel[0] * cs.kernel[1];
          const p = k.prepareSparseConv2d(tensorToCsr(dense), bias, spec);
          try {
            for (const n of [1, 3, 2]) {
              const x = randomUniform([n, cs.c, cs.h, cs.w], rng, -5, 5);
              checkOp(`${cs.name} batch ${n}`, oracleConvOutputShape(n, spec), (out) => k.sparseConv2d(x, p, out),
                oracleConv2d(x.data, n, dense.data, bias, spec), accumulateTolerance(K * 0.3, maxAbs(x.data), maxAbs(dense.data), maxAbs(bias)), [x]);
            }
          } finally {
            p.dispose();
          }
        }
      });
      const base = convCases[3]!;
      test(['prepareSparseConv2d', 'sparseConv2d'], 'rejects an out-of-range column, NaN values, wrong input and out shapes', ({ k, rng }) => {
        const spec = convSpec(base);
        const csr = tensorToCsr(randomSparse(convWeightShapeOf(base), rng, 0.5));
        expectRejects('out-of-range column', () => k.prepareSparseConv2d(csrWithBadColumn(csr), null, spec));
        const nanValues = csr.values.slice();
        nanValues[0] = Number.NaN;
        expectRejects('NaN value', () => k.prepareSparseConv2d({ ...csr, values: nanValues }, null, spec));
        expectRejects('wrong CSR dimensions', () => k.prepareSparseConv2d({ ...csr, cols: csr.cols + 1 }, null, spec));
        const p = k.prepareSparseConv2d(csr, null, spec);
        try {
          expectRejects('wrong input channels', () => k.sparseConv2d(randomUniform([1, base.c + 1, base.h, base.w], rng), p));
          expectRejects('wrong input width', () => k.sparseConv2d(randomUniform([1, base.c, base.h, base.w + 2], rng), p));
          const shape = oracleConvOutputShape(2, spec);
          expectRejects('wrong out shape', () => k.sparseConv2d(randomUniform([2, base.c, base.h, base.w], rng), p, zeros([1, shape[1], shape[2], shape[3]])));
        } finally {
          p.dispose();
        }
      });
    });

    // ------------------------------------------------------------------------------------------ gemm/spmm
    const gemmData = (cs: GemmCase, rng: Rng, density: number) => {
      const K = cs.input.slice(1).reduce((a, b) => a * b, 1);
      const N = cs.input[0]!;
      const x = randomUniform(cs.input, rng);
      const w = density >= 1 ? randomUniform([cs.o, K], rng) : randomSparse([cs.o, K], rng, density);
      const bias = cs.bias ? randomUniform([cs.o], rng).data : null;
      const expected = oracleGemm(x.data, N, w.data, cs.o, K, bias, cs.relu);
      const tol = accumulateTolerance(K * Math.max(density, 0.01), maxAbs(x.data), maxAbs(w.data), maxAbs(bias));
      return { K, N, x, w, bias, expected, tol };
    };
    describe('gemm', () => {
      for (const cs of gemmCases) {
        test(['prepareGemm', 'gemm'], cs.name, ({ k, rng }) => {
          const { N, x, w, bias, expected, tol } = gemmData(cs, rng, 1);
          const p = k.prepareGemm(w, bias, { relu: cs.relu });
          try {
            checkShape('prepared.outputShape', p.outputShape(x.shape), [N, cs.o]);
            checkOp('gemm', [N, cs.o], (out) => k.gemm(x, p, out), expected, tol, [x]);
          } finally {
            p.dispose();
          }
        });
      }
      test(['prepareGemm', 'gemm'], 'rejects NaN weights, a wrong feature count, a wrong out shape', ({ k, rng }) => {
        const w = randomUniform([5, 12], rng);
        expectRejects('NaN weights', () => k.prepareGemm(withNaN(w, rng), null, { relu: false }));
        expectRejects('wrong bias length', () => k.prepareGemm(w, new Float32Array(4), { relu: false }));
        const p = k.prepareGemm(w, null, { relu: false });
        try {
          expectRejects('wrong feature count', () => k.gemm(randomUniform([2, 13], rng), p));
          expectRejects('wrong out shape', () => k.gemm(randomUniform([2, 12], rng), p, zeros([2, 6])));
        } finally {
          p.dispose();
        }
      });
    });

    describe('spmm', () => {
      for (const cs of gemmCases) {
        for (const format of ['csr', 'csb'] as const) {
          test(['prepareSpmm', 'spmm'], `${cs.name} ${format} density ${cs.density}`, ({ k, rng }) => {
            const { N, K, x, w, bias, expected, tol } = gemmData(cs, rng, cs.density);
            const m = format === 'csr' ? tensorToCsr(w) : denseToCsbForTests(w.data, cs.o, K, cs.block[0], cs.block[1]);
            const p = k.prepareSpmm(m, bias, { relu: cs.relu });
            try {
              checkShape('prepared.outputShape', p.outputShape(x.shape), [N, cs.o]);
              checkOp(`spmm (${format})`, [N, cs.o], (out) => k.spmm(x, p, out), expected, tol, [x]);
            } finally {
              p.dispose();
            }
          });
        }
      }
      test(['prepareSpmm', 'spmm'], 'empty matrix gives the bias', ({ k, rng }) => {
        const x = randomUniform([2, 40], rng);
        const bias = randomUniform([9], rng).data;
        const m = tensorToCsr(zeros([9, 40]));
        const p = k.prepareSpmm(m, bias, { relu: false });
        try {
          checkOp('spmm (empty)', [2, 9], (out) => k.spmm(x, p, out), oracleGemm(x.data, 2, new Float64Array(360), 9, 40, bias, false), TOLERANCES.exact, [x]);
        } finally {
          p.dispose();
        }
      });
      test(['prepareSpmm', 'spmm'], 'rejects out-of-range CSR/CSB indices, a wrong feature count, a wrong out shape', ({ k, rng }) => {
        const dense = randomSparse([6, 20], rng, 0.5);
        const csr = tensorToCsr(dense);
        expectRejects('CSR out-of-range column', () => k.prepareSpmm(csrWithBadColumn(csr), null, { relu: false }));
        const nanValues = csr.values.slice();
        nanValues[nanValues.length - 1] = Number.NaN;
        expectRejects('CSR NaN value', () => k.prepareSpmm({ ...csr, values: nanValues }, null, { relu: false }));
        const csb = denseToCsbForTests(dense.data, 6, 20, 4, 8);
        const colIdx = csb.colIdx.slice();
        if (colIdx.length > 0) colIdx[colIdx.length - 1] = 19; // last block is 4 wide: local column 19 is outside it
        expectRejects('CSB out-of-range column', () => k.prepareSpmm({ ...csb, colIdx }, null, { relu: false }));
        const p = k.prepareSpmm(csr, null, { relu: false });
        try {
          expectRejects('wrong feature count', () => k.spmm(randomUniform([2, 21], rng), p));
          expectRejects('wrong out shape', () => k.spmm(randomUniform([2, 20], rng), p, zeros([3, 6])));
        } finally {
          p.dispose();
        }
      });
    });

    // --------------------------------------------------------------------------------------------- pool2d
    describe('pool2d', () => {
      for (const cs of poolCases) {
        test(['pool2d'], cs.name, ({ k, rng }) => {
          const x = randomUniform(cs.shape, rng);
          const shape = oraclePoolOutputShape(cs.shape, cs.params);
          const expected = oraclePool2d(x.data, cs.shape, cs.params);
          checkOp('pool2d', shape, (out) => k.pool2d(x, cs.params, out), expected, cs.params.method === 'max' ? TOLERANCES.exact : TOLERANCES.avgPool, [x]);
        });
      }
      test(['pool2d'], 'rejects a 3-D input and a wrong out shape', ({ k, rng }) => {
        const cs = poolCases[1]!;
        expectRejects('3-D input', () => k.pool2d(randomUniform(cs.shape.slice(1), rng), cs.params));
        expectRejects('wrong out shape', () => k.pool2d(randomUniform(cs.shape, rng), cs.params, zeros([2, 8, 7, 7])));
      });
    });

    // -------------------------------------------------------------------------------------- element-wise
    describe('relu', () => {
      for (const cs of reluCases) {
        test(['relu'], cs.name, ({ k, rng }) => {
          const x = randomUniform(cs.shape, rng);
          const params = { negativeSlope: cs.negativeSlope };
          const expected = oracleRelu(x.data, cs.negativeSlope);
          checkOp('relu', cs.shape, (out) => k.relu(x, params, out), expected, TOLERANCES.relu, [x]);
          const inPlace = { ...x, data: x.data.slice() };
          k.relu(inPlace, params, inPlace);
          checkClose('relu in place', inPlace.data, expected, TOLERANCES.relu);
        });
      }
      test(['relu'], 'rejects a wrong out shape', ({ k, rng }) => {
        expectRejects('wrong out shape', () => k.relu(randomUniform([2, 3], rng), { negativeSlope: 0 }, zeros([3, 2])));
      });
    });

    describe('lrn', () => {
      for (const cs of lrnCases) {
        test(['lrn'], cs.name, ({ k, rng }) => {
          const x = randomUniform(cs.shape, rng, -2, 2);
          checkOp('lrn', cs.shape, (out) => k.lrn(x, cs.params, out), oracleLrn(x.data, cs.shape, cs.params), TOLERANCES.lrn, [x]);
        });
      }
      test(['lrn'], 'rejects a wrong out shape and a 2-D input', ({ k, rng }) => {
        const cs = lrnCases[0]!;
        expectRejects('wrong out shape', () => k.lrn(randomUniform(cs.shape, rng), cs.params, zeros([1, 1, 1, 1])));
        expectRejects('2-D input', () => k.lrn(randomUniform([3, 4], rng), cs.params));
      });
    });

    describe('softmax', () => {
      for (const cs of softmaxCases) {
        test(['softmax'], cs.name, ({ k, rng }) => {
          const x = randomUniform(cs.shape, rng, -cs.scale, cs.scale);
          checkOp('softmax', cs.shape, (out) => k.softmax(x, { axis: cs.axis }, out), oracleSoftmax(x.data, cs.shape, cs.axis), TOLERANCES.softmax, [x]);
        });
      }
      test(['softmax'], 'rejects an axis out of range and a wrong out shape', ({ k, rng }) => {
        expectRejects('axis 2 of rank 2', () => k.softmax(randomUniform([2, 3], rng), { axis: 2 }));
        expectRejects('wrong out shape', () => k.softmax(randomUniform([2, 3], rng), { axis: 1 }, zeros([2, 4])));
      });
    });

    describe('concat', () => {
      for (const cs of concatCases) {
        test(['concat'], cs.name, ({ k, rng }) => {
          const inputs = cs.shapes.map((s) => randomUniform(s, rng));
          const { data, shape } = oracleConcat(inputs, cs.axis);
          checkOp('concat', shape, (out) => k.concat(inputs, { axis: cs.axis }, out), data, TOLERANCES.exact, inputs);
        });
      }
      test(['concat'], 'rejects mismatched shapes and a wrong out shape', ({ k, rng }) => {
        expectRejects('mismatched height', () => k.concat([randomUniform([1, 2, 3, 3], rng), randomUniform([1, 2, 4, 3], rng)], { axis: 1 }));
        expectRejects('wrong out shape', () => k.concat([randomUniform([1, 2], rng), randomUniform([1, 3], rng)], { axis: 1 }, zeros([1, 6])));
      });
    });

    describe('eltwise', () => {
      for (const cs of eltwiseCases) {
        test(['eltwise'], cs.name, ({ k, rng }) => {
          const inputs = Array.from({ length: cs.inputs }, () => randomUniform(cs.shape, rng, -2, 2));
          const params = { op: cs.op, ...(cs.coeffs ? { coeffs: cs.coeffs } : {}), ...(cs.relu ? { relu: true } : {}) };
          const expected = oracleEltwise(inputs.map((t) => t.data), params);
          checkOp('eltwise', cs.shape, (out) => k.eltwise(inputs, params, out), expected, cs.op === 'max' ? TOLERANCES.exact : TOLERANCES.eltwise, inputs);
        });
      }
      test(['eltwise'], 'rejects mismatched shapes', ({ k, rng }) => {
        expectRejects('mismatched shapes', () => k.eltwise([randomUniform([2, 3], rng), randomUniform([3, 2], rng)], { op: 'sum' }));
      });
    });

    describe('batchNorm', () => {
      for (const cs of channelCases) {
        test(['batchNorm'], cs.name, ({ k, rng }) => {
          const C = cs.shape[1]!;
          const x = randomUniform(cs.shape, rng, -3, 3);
          const mean = randomUniform([C], rng).data;
          const variance = randomUniform([C], rng, 0.1, 4).data;
          const params = { mean, variance, eps: 1e-5 };
          const expected = oracleBatchNorm(x.data, cs.shape, mean, variance, 1e-5);
          checkOp('batchNorm', cs.shape, (out) => k.batchNorm(x, params, out), expected, TOLERANCES.channel, [x]);
          const inPlace = { ...x, data: x.data.slice() };
          k.batchNorm(inPlace, params, inPlace);
          checkClose('batchNorm in place', inPlace.data, expected, TOLERANCES.channel);
        });
      }
      test(['batchNorm'], 'rejects a wrong channel count', ({ k, rng }) => {
        expectRejects('mean of 3 for 4 channels', () =>
          k.batchNorm(randomUniform([1, 4, 2, 2], rng), { mean: new Float32Array(3), variance: new Float32Array(4).fill(1), eps: 1e-5 }));
      });
    });

    describe('scale', () => {
      for (const cs of channelCases) {
        test(['scale'], cs.name, ({ k, rng }) => {
          const C = cs.shape[1]!;
          const x = randomUniform(cs.shape, rng, -3, 3);
          const params = { scale: randomUniform([C], rng, -2, 2).data, bias: cs.bias ? randomUniform([C], rng).data : null };
          const expected = oracleScale(x.data, cs.shape, params.scale, params.bias);
          checkOp('scale', cs.shape, (out) => k.scale(x, params, out), expected, TOLERANCES.channel, [x]);
          const inPlace = { ...x, data: x.data.slice() };
          k.scale(inPlace, params, inPlace);
          checkClose('scale in place', inPlace.data, expected, TOLERANCES.channel);
        });
      }
      test(['scale'], 'rejects a wrong channel count', ({ k, rng }) => {
        expectRejects('scale of 5 for 4 channels', () => k.scale(randomUniform([1, 4, 2, 2], rng), { scale: new Float32Array(5), bias: null }));
      });
    });

    // ---------------------------------------------------------------------------------------------- async
    describe('async forms', () => {
      /** Run the async op into a poisoned out and without out; compare both with `expected`. */
      const checkAsync = async (label: string, shape: Shape, call: (out?: Tensor) => Promise<Tensor>, expected: Float64Array, tol: Tolerance) => {
        const out = zeros(shape);
        poison(out.data);
        const r1 = await call(out);
        if (r1.data !== out.data) fail(`${label}: with out given, the returned tensor must be out`);
        checkClose(`${label} (values written to out)`, out.data, expected, tol);
        const r2 = await call();
        checkShape(`${label} (without out)`, r2.shape, shape);
        checkClose(`${label} (without out)`, r2.data, expected, tol);
      };
      const convData = (cs: ConvCase, rng: Rng, density: number, n = cs.n) => {
        const spec = convSpec(cs);
        const dense = density >= 1 ? randomUniform(convWeightShapeOf(cs), rng) : randomSparse(convWeightShapeOf(cs), rng, density);
        const bias = cs.bias ? randomUniform([cs.o], rng).data : null;
        const K = (cs.c / cs.groups) * cs.kernel[0] * cs.kernel[1];
        const tolFor = (x: Tensor) => accumulateTolerance(K * Math.max(density, 0.01), maxAbs(x.data), maxAbs(dense.data), maxAbs(bias));
        const input = () => randomUniform([n, cs.c, cs.h, cs.w], rng);
        return { spec, dense, bias, tolFor, input, shape: oracleConvOutputShape(n, spec) };
      };
      for (const cs of [convCases[2]!, convCases[8]!]) {
        testAsync('conv2d', `conv2d ${cs.name}`, async ({ k, a, rng }) => {
          const d = convData(cs, rng, 1);
          const x = d.input();
          const p = k.prepareConv2d(d.dense, d.bias, d.spec);
          try {
            await checkAsync('async conv2d', d.shape, (out) => a.conv2d(x, p, out), oracleConv2d(x.data, cs.n, d.dense.data, d.bias, d.spec), d.tolFor(x));
          } finally {
            p.dispose();
          }
        });
        testAsync('sparseConv2d', `sparseConv2d ${cs.name} density ${cs.density}`, async ({ k, a, rng }) => {
          const d = convData(cs, rng, cs.density);
          const x = d.input();
          const p = k.prepareSparseConv2d(tensorToCsr(d.dense), d.bias, d.spec);
          try {
            await checkAsync('async sparseConv2d', d.shape, (out) => a.sparseConv2d(x, p, out), oracleConv2d(x.data, cs.n, d.dense.data, d.bias, d.spec), d.tolFor(x));
          } finally {
            p.dispose();
          }
        });
      }
      testAsync('sparseConv2d', 'sparseConv2d: four concurrent calls on one prepared handle', async ({ k, a, rng }) => {
        const cs = convCases[5]!;
        const d = convData(cs, rng, 0.3, 2);
        const p = k.prepareSparseConv2d(tensorToCsr(d.dense), d.bias, d.spec);
        try {
          const xs = [d.input(), d.input(), d.input(), d.input()];
          const ys = await Promise.all(xs.map((x) => a.sparseConv2d(x, p)));
          ys.forEach((y, i) => checkClose(`concurrent call ${i}`, y.data, oracleConv2d(xs[i]!.data, 2, d.dense.data, d.bias, d.spec), d.tolFor(xs[i]!)));
        } finally {
          p.dispose();
        }
      });
      for (const cs of [gemmCases[1]!, gemmCases[3]!]) {
        testAsync('gemm', `gemm ${cs.name}`, async ({ k, a, rng }) => {
          const { N, x, w, bias, expected, tol } = gemmData(cs, rng, 1);
          const p = k.prepareGemm(w, bias, { relu: cs.relu });
          try {
            await checkAsync('async gemm', [N, cs.o], (out) => a.gemm(x, p, out), expected, tol);
          } finally {
            p.dispose();
          }
        });
        testAsync('spmm', `spmm ${cs.name} csr density ${cs.density}`, async ({ k, a, rng }) => {
          const { N, x, w, bias, expected, tol } = gemmData(cs, rng, cs.density);
          const p = k.prepareSpmm(tensorToCsr(w), bias, { relu: cs.relu });
          try {
            await checkAsync('async spmm', [N, cs.o], (out) => a.spmm(x, p, out), expected, tol);
          } finally {
            p.dispose();
          }
        });
      }
      testAsync('sparseConv2d', 'sparseConv2d rejects a wrong input shape with a SparseCnnError', async ({ k, a, rng }) => {
        const cs = convCases[3]!;
        const p = k.prepareSparseConv2d(tensorToCsr(randomSparse(convWeightShapeOf(cs), rng, 0.5)), null, convSpec(cs));
        try {
          let err: unknown;
          try {
            await a.sparseConv2d(randomUniform([1, cs.c + 1, cs.h, cs.w], rng), p);
          } catch (e) {
            err = e;
          }
          if (!isSparseCnnError(err)) fail(`wrong input shape: got ${String(err)}, expected a SparseCnnError`);
        } finally {
          p.dispose();
        }
      });
    });

    // ------------------------------------------------------------------------------------------- backward
    describe('conv2dBackward', () => {
      for (const cs of convBackwardCases) {
        test(['conv2dBackward'], cs.name, ({ k, rng }) => {
          const spec = { ...convSpec(cs), relu: false };
          const x = randomUniform([cs.n, cs.c, cs.h, cs.w], rng);
          const w = randomUniform(convWeightShapeOf(cs), rng);
          const shape = oracleConvOutputShape(cs.n, spec);
          const gy = randomUniform(shape, rng);
          const r = k.conv2dBackward(x, w, gy, spec);
          const o = oracleConv2dBackward(x.data, cs.n, w.data, gy.data, spec);
          const P = shape[2] * shape[3];
          checkShape('gradInput', r.gradInput.shape, x.shape);
          checkShape('gradWeights', r.gradWeights.shape, w.shape);
          checkClose('gradInput', r.gradInput.data, o.gradInput, accumulateTolerance(cs.o * cs.kernel[0] * cs.kernel[1], 1, 1));
          checkClose('gradWeights', r.gradWeights.data, o.gradWeights, accumulateTolerance(cs.n * P, 1, 1));
          checkClose('gradBias', r.gradBias, o.gradBias, accumulateTolerance(cs.n * P, 1, 1));
          checkFiniteDifference('gradInput vs finite differences', rng, x.data, r.gradInput.data, (xx) => dot(gy.data, oracleConv2d(xx, cs.n, w.data, null, spec)));
          checkFiniteDifference('gradWeights vs finite differences', rng, w.data, r.gradWeights.data, (ww) => dot(gy.data, oracleConv2d(x.data, cs.n, ww, null, spec)));
        });
      }
      test(['conv2dBackward'], 'rejects a wrong gradOutput shape', ({ k, rng }) => {
        const cs = convBackwardCases[0]!;
        const spec = convSpec(cs);
        expectRejects('wrong gradOutput', () => k.conv2dBackward(randomUniform([cs.n, cs.c, cs.h, cs.w], rng), randomUniform(convWeightShapeOf(cs), rng), zeros([1, 1, 1, 1]), spec));
      });
    });

    describe('sparseConv2dBackward', () => {
      for (const cs of convBackwardCases) {
        test(['sparseConv2dBackward'], `${cs.name} density ${cs.density}`, ({ k, rng }) => {
          const spec = { ...convSpec(cs), relu: false };
          const x = randomUniform([cs.n, cs.c, cs.h, cs.w], rng);
          const csr = tensorToCsr(randomSparse(convWeightShapeOf(cs), rng, cs.density));
          const dense = csrToDense(csr);
          const shape = oracleConvOutputShape(cs.n, spec);
          const gy = randomUniform(shape, rng);
          const r = k.sparseConv2dBackward(x, csr, gy, spec);
          const o = oracleConv2dBackward(x.data, cs.n, dense, gy.data, spec);
          const P = shape[2] * shape[3];
          const expectedValues = new Float64Array(csr.values.length);
          for (let row = 0; row < csr.rows; row++) {
            for (let j = csr.rowPtr[row]!; j < csr.rowPtr[row + 1]!; j++) expectedValues[j] = o.gradWeights[row * csr.cols + csr.colIdx[j]!]!;
          }
          checkShape('gradInput', r.gradInput.shape, x.shape);
          checkClose('gradInput', r.gradInput.data, o.gradInput, accumulateTolerance(cs.o * cs.kernel[0] * cs.kernel[1], 1, 1));
          checkClose('gradValues', r.gradValues, expectedValues, accumulateTolerance(cs.n * P, 1, 1));
          checkClose('gradBias', r.gradBias, o.gradBias, accumulateTolerance(cs.n * P, 1, 1));
          checkFiniteDifference('gradValues vs finite differences', rng, csr.values, r.gradValues, (vals) => {
            const d = new Float64Array(dense.length);
            for (let row = 0; row < csr.rows; row++) {
              for (let j = csr.rowPtr[row]!; j < csr.rowPtr[row + 1]!; j++) d[row * csr.cols + csr.colIdx[j]!] = vals[j]!;
            }
            return dot(gy.data, oracleConv2d(x.data, cs.n, d, null, spec));
          });
          checkFiniteDifference('gradInput vs finite differences', rng, x.data, r.gradInput.data, (xx) => dot(gy.data, oracleConv2d(xx, cs.n, dense, null, spec)));
        });
      }
      test(['sparseConv2dBackward'], 'rejects an out-of-range column', ({ k, rng }) => {
        const cs = convBackwardCases[0]!;
        const csr = tensorToCsr(randomSparse(convWeightShapeOf(cs), rng, 0.5));
        const shape = oracleConvOutputShape(cs.n, convSpec(cs));
        expectRejects('out-of-range column', () => k.sparseConv2dBackward(randomUniform([cs.n, cs.c, cs.h, cs.w], rng), csrWithBadColumn(csr), zeros(shape), convSpec(cs)));
      });
    });

    describe('gemmBackward', () => {
      for (const cs of gemmBackwardCases) {
        test(['gemmBackward'], cs.name, ({ k, rng }) => {
          const K = cs.input.slice(1).reduce((a, b) => a * b, 1);
          const N = cs.input[0]!;
          const x = randomUniform(cs.input, rng);
          const w = randomUniform([cs.o, K], rng);
          const gy = randomUniform([N, cs.o], rng);
          const r = k.gemmBackward(x, w, gy);
          const o = oracleGemmBackward(x.data, N, w.data, cs.o, K, gy.data);
          checkShape('gradInput', r.gradInput.shape, x.shape);
          checkShape('gradWeights', r.gradWeights.shape, [cs.o, K]);
          checkClose('gradInput', r.gradInput.data, o.gradInput, accumulateTolerance(cs.o, 1, 1));
          checkClose('gradWeights', r.gradWeights.data, o.gradWeights, accumulateTolerance(N, 1, 1));
          checkClose('gradBias', r.gradBias, o.gradBias, accumulateTolerance(N, 1, 1));
          checkFiniteDifference('gradInput vs finite differences', rng, x.data, r.gradInput.data, (xx) => dot(gy.data, oracleGemm(xx, N, w.data, cs.o, K, null, false)));
          checkFiniteDifference('gradWeights vs finite differences', rng, w.data, r.gradWeights.data, (ww) => dot(gy.data, oracleGemm(x.data, N, ww, cs.o, K, null, false)));
        });
      }
      test(['gemmBackward'], 'rejects a wrong gradOutput shape', ({ k, rng }) => {
        expectRejects('wrong gradOutput', () => k.gemmBackward(randomUniform([2, 4], rng), randomUniform([3, 4], rng), zeros([2, 4])));
      });
    });

    describe('pool2dBackward', () => {
      for (const cs of poolBackwardCases) {
        test(['pool2dBackward'], cs.name, ({ k, rng }) => {
          // Distinct, well separated inputs: no ties within a finite-difference step.
          const n = cs.shape.reduce((a, b) => a * b, 1);
          const values = rng.shuffle(Array.from({ length: n }, (_, i) => (2 * i) / n - 1));
          const x = { dtype: 'float32' as const, shape: [...cs.shape], data: Float32Array.from(values) };
          const shape = oraclePoolOutputShape(cs.shape, cs.params);
          const gy = randomUniform(shape, rng);
          const r = k.pool2dBackward(x, gy, cs.params);
          checkShape('gradInput', r.shape, cs.shape);
          checkClose('gradInput', r.data, oraclePool2dBackward(x.data, cs.shape, gy.data, cs.params), TOLERANCES.avgPool);
          checkFiniteDifference('gradInput vs finite differences', rng, x.data, r.data, (xx) => dot(gy.data, oraclePool2d(xx, cs.shape, cs.params)));
        });
      }
      test(['pool2dBackward'], 'max routes ties to the first maximum of each window', ({ k, rng }) => {
        const params: Pool2dParams = { method: 'max', kernel: [3, 3], stride: [2, 2], pad: [1, 1], global: false };
        const xs = [2, 3, 9, 9] as const;
        const x = { dtype: 'float32' as const, shape: [...xs], data: Float32Array.from({ length: 2 * 3 * 81 }, () => rng.int(-1, 1)) };
        const gy = randomUniform(oraclePoolOutputShape(xs, params), rng);
        checkClose('gradInput with ties', k.pool2dBackward(x, gy, params).data, oraclePool2dBackward(x.data, xs, gy.data, params), TOLERANCES.avgPool);
      });
    });

    describe('reluBackward', () => {
      for (const cs of reluCases) {
        test(['reluBackward'], cs.name, ({ k, rng }) => {
          const x = randomUniform(cs.shape, rng);
          const gy = randomUniform(cs.shape, rng);
          const params = { negativeSlope: cs.negativeSlope };
          const r = k.reluBackward(x, gy, params);
          checkShape('gradInput', r.shape, cs.shape);
          checkClose('gradInput', r.data, oracleReluBackward(x.data, gy.data, cs.negativeSlope), TOLERANCES.relu);
          checkFiniteDifference('gradInput vs finite differences', rng, x.data, r.data, (xx) => dot(gy.data, oracleRelu(xx, cs.negativeSlope)));
        });
      }
    });

    describe('lrnBackward', () => {
      for (const cs of lrnBackwardCases) {
        test(['lrnBackward'], cs.name, ({ k, rng }) => {
          const x = randomUniform(cs.shape, rng, -2, 2);
          const gy = randomUniform(cs.shape, rng);
          const r = k.lrnBackward(x, gy, cs.params);
          checkShape('gradInput', r.shape, cs.shape);
          checkClose('gradInput', r.data, oracleLrnBackward(x.data, cs.shape, gy.data, cs.params), TOLERANCES.lrnBackward);
          checkFiniteDifference('gradInput vs finite differences', rng, x.data, r.data, (xx) => dot(gy.data, oracleLrn(xx, cs.shape, cs.params)));
        });
      }
    });

    describe('softmaxCrossEntropy', () => {
      for (const cs of lossCases) {
        test(['softmaxCrossEntropy'], cs.name, ({ k, rng }) => {
          const x = randomUniform([cs.n, cs.classes], rng, -cs.scale, cs.scale);
          const labels = Int32Array.from({ length: cs.n }, () => rng.int(0, cs.classes - 1));
          const r = k.softmaxCrossEntropy(x, labels);
          const o = oracleSoftmaxCrossEntropy(x.data, cs.n, labels);
          checkClose('loss', [r.loss], Float64Array.of(o.loss), TOLERANCES.loss);
          checkClose('probs', r.probs.data, o.probs, TOLERANCES.softmax);
          checkClose('gradLogits', r.gradLogits.data, o.gradLogits, TOLERANCES.softmax);
          checkFiniteDifference('gradLogits vs finite differences', rng, x.data, r.gradLogits.data, (xx) => oracleSoftmaxCrossEntropy(xx, cs.n, labels).loss);
        });
      }
      test(['softmaxCrossEntropy'], 'rejects an out-of-range label and a wrong label count', ({ k, rng }) => {
        expectRejects('label 10 of 10 classes', () => k.softmaxCrossEntropy(randomUniform([2, 10], rng), Int32Array.of(1, 10)));
        expectRejects('label -1', () => k.softmaxCrossEntropy(randomUniform([2, 10], rng), Int32Array.of(-1, 0)));
        expectRejects('3 labels for 2 items', () => k.softmaxCrossEntropy(randomUniform([2, 10], rng), Int32Array.of(1, 2, 3)));
      });
    });
  });
}
