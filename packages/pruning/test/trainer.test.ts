import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  oracleConv2d, oracleGemm, oraclePool2d, oracleSoftmaxCrossEntropy,
} from '@sparsecnn/kernels-api/oracles';
import type { Conv2dSpec, Pool2dParams } from '@sparsecnn/kernels-api';
import { KernelChain, ParamStore, Solver, TrainNet, learningRate, parseSolver, type SolverConfig } from '@sparsecnn/pruning';
import { Trainer } from '@sparsecnn/pruning/node';
import { parsePrototxt } from '@sparsecnn/caffe-io';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import { chains, sgdConfig, syntheticSet, tinyLenetText, tinyNet } from './helpers.js';

const SIZE = 12;
const CLASSES = 5;
const LEARN_SEED = 20261202;

let kernelChains: Array<{ name: string; chain: KernelChain }> = [];
beforeAll(async () => {
  kernelChains = await chains();
});
afterAll(() => {
  for (const c of kernelChains) for (const b of c.chain.backends) b.dispose();
});

/** Float64 forward of the tiny LeNet (its exact layers) with the given parameters: the mean loss. */
function referenceLoss(params: Map<string, Float64Array>, x: Float64Array, labels: Int32Array, n: number): number {
  const s1: Conv2dSpec = { inChannels: 1, inH: SIZE, inW: SIZE, outChannels: 4, kernel: [5, 5], stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, relu: false };
  const y1 = oracleConv2d(x, n, params.get('conv1/0')!, params.get('conv1/1')!, s1); // [n,4,8,8]
  const p1: Pool2dParams = { method: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false };
  const y2 = oraclePool2d(y1, [n, 4, 8, 8], p1); // [n,4,4,4]
  const s2: Conv2dSpec = { inChannels: 4, inH: 4, inW: 4, outChannels: 6, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1, relu: false };
  const y3 = oracleConv2d(y2, n, params.get('conv2/0')!, params.get('conv2/1')!, s2); // [n,6,4,4]
  const p2: Pool2dParams = { method: 'avg', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false };
  const y4 = oraclePool2d(y3, [n, 6, 4, 4], p2); // [n,6,2,2]
  const y5 = oracleGemm(y4, n, params.get('ip1/0')!, 12, 24, params.get('ip1/1')!, true);
  const y6 = oracleGemm(y5, n, params.get('ip2/0')!, CLASSES, 12, params.get('ip2/1')!, false);
  return oracleSoftmaxCrossEntropy(y6, n, labels).loss;
}

describe('trainer: gradients of the whole LeNet-shaped net', () => {
  it('match central finite differences of a float64 reference forward (js and native kernels)', () => {
    for (const { name, chain } of kernelChains) {
      const seed = Rng.freshSeed();
      try {
        const store = new ParamStore();
        const net = TrainNet.build(tinyNet(), chain, { phase: 'TRAIN', dataShape: [1, SIZE, SIZE], store, seed });
        const set = syntheticSet(4, SIZE, CLASSES, seed);
        const rng = new Rng(seed);
        // Random, non-trivial parameters (biases too), so that every ReLU / max-pool branch is exercised.
        for (const p of store.list()) for (let i = 0; i < p.data.length; i++) p.data[i] = rng.uniform(-0.5, 0.5);
        net.feed((_d, data, labels) => {
          for (let i = 0; i < data.length; i++) data[i] = set.pixels[i]! / 256;
          for (let i = 0; i < labels!.length; i++) labels![i] = set.labels[i]!;
        });
        for (const p of store.list()) p.diff.fill(Number.NaN);
        for (const p of store.list()) p.diff.fill(0);
        const r = net.forward();
        net.backward();
        const x = Float64Array.from(net.values[net.data[0]!.dataBlob]!.data);
        const labels = net.labels.get(net.data[0]!.labelBlob!)!;
        const params = new Map(store.list().map((p) => [p.key, Float64Array.from(p.data)]));
        expect(Math.abs(r.loss - referenceLoss(params, x, labels, 4))).toBeLessThan(1e-4);
        const h = 1e-4;
        for (const p of store.list()) {
          const ref = params.get(p.key)!;
          const picks = Array.from({ length: Math.min(8, ref.length) }, () => rng.int(0, ref.length - 1));
          for (const i of picks) {
            const v = ref[i]!;
            ref[i] = v + h;
            const lp = referenceLoss(params, x, labels, 4);
            ref[i] = v - h;
            const lm = referenceLoss(params, x, labels, 4);
            ref[i] = v;
            const fd = (lp - lm) / (2 * h);
            const an = p.diff[i]!;
            if (!(Math.abs(an - fd) <= 2e-3 * Math.abs(fd) + 2e-4)) {
              throw new Error(`${p.key}[${i}]: analytic ${an}, finite difference ${fd}`);
            }
          }
        }
        net.dispose();
      } catch (e) {
        throw new Error(`[${name}] seed ${seed}: ${(e as Error).message}`, { cause: e });
      }
    }
  });
});

describe('learning-rate policies (Caffe GetLearningRate)', () => {
  const base = (o: Partial<SolverConfig>): SolverConfig => ({ ...sgdConfig(), baseLr: 0.01, maxIter: 1000, ...o });
  it('fixed, step, exp, inv, multistep, poly, sigmoid', () => {
    expect(learningRate(base({ lrPolicy: 'fixed' }), 777)).toBe(0.01);
    // step: 0.01 * 0.1^floor(250 / 100) = 0.0001
    expect(learningRate(base({ lrPolicy: 'step', gamma: 0.1, stepsize: 100 }), 250)).toBeCloseTo(1e-4, 15);
    expect(learningRate(base({ lrPolicy: 'step', gamma: 0.1, stepsize: 100 }), 99)).toBeCloseTo(0.01, 15);
    // exp: 0.01 * 0.99^10
    expect(learningRate(base({ lrPolicy: 'exp', gamma: 0.99 }), 10)).toBeCloseTo(0.01 * 0.9043820750088043, 15);
    // inv (the LeNet solver): 0.01 * (1 + 1e-4 * 10000)^-0.75 = 0.01 * 2^-0.75
    expect(learningRate(base({ lrPolicy: 'inv', gamma: 1e-4, power: 0.75 }), 10000)).toBeCloseTo(0.01 * 0.5946035575013605, 15);
    // multistep: boundaries 100, 300; iteration 300 is past both
    const ms = base({ lrPolicy: 'multistep', gamma: 0.5, stepvalue: [100, 300] });
    expect(learningRate(ms, 99)).toBeCloseTo(0.01, 15);
    expect(learningRate(ms, 100)).toBeCloseTo(0.005, 15);
    expect(learningRate(ms, 300)).toBeCloseTo(0.0025, 15);
    // poly: 0.01 * (1 - 250/1000)^2 = 0.005625
    expect(learningRate(base({ lrPolicy: 'poly', power: 2 }), 250)).toBeCloseTo(0.005625, 15);
    // sigmoid: 0.01 / (1 + exp(-0.05 (120 - 100)))
    expect(learningRate(base({ lrPolicy: 'sigmoid', gamma: 0.05, stepsize: 100 }), 120)).toBeCloseTo(0.01 / (1 + Math.exp(-1)), 15);
  });

  it('parses the LeNet solver with its float fields rounded as Caffe stores them', () => {
    const cfg = parseSolver('net: "n.prototxt"\nbase_lr: 0.01\nmomentum: 0.9\nweight_decay: 0.0005\nlr_policy: "inv"\ngamma: 0.0001\npower: 0.75\nmax_iter: 10000\ntest_iter: 100\ntest_interval: 500\nsolver_mode: CPU\n');
    expect(cfg.lrPolicy).toBe('inv');
    expect(cfg.baseLr).toBe(Math.fround(0.01));
    expect(cfg.testIter).toBe(100);
    expect(cfg.regularization).toBe('L2');
    expect(cfg.net).toBe('n.prototxt');
  });
});

describe('typed errors for bad solver and net files', () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (isSparseCnnError(e)) return e.code;
      throw e;
    }
    return 'none';
  };
  it('solver', () => {
    expect(code(() => parseSolver('base_lr: 0.01\nlr_policy: "cosine"\n', { file: 's.prototxt' }))).toBe('E_FORMAT');
    expect(code(() => parseSolver('lr_policy: "fixed"\n'))).toBe('E_FORMAT');
    expect(code(() => parseSolver('base_lr: 0.01\nlr_policy: "step"\n'))).toBe('E_FORMAT');
    expect(code(() => parseSolver('base_lr: 0.01\nlr_policy: "fixed"\ntype: "Adam"\n'))).toBe('E_UNSUPPORTED');
    expect(code(() => parseSolver('base_lr: 0.01\nlr_policy: "fixed"\nregularization_type: "L3"\n'))).toBe('E_UNSUPPORTED');
    expect(code(() => parseSolver('base_lr: 0.01 lr_policy: {'))).toBe('E_PARSE');
    expect(code(() => parseSolver('base_lr: 0.01\nlr_policy: "multistep"\ngamma: 0.1\nstepvalue: 300\nstepvalue: 100\n'))).toBe('E_FORMAT');
    try {
      parseSolver('base_lr: 0.01\nlr_policy: "cosine"\n', { file: 's.prototxt' });
    } catch (e) {
      expect((e as Error).message).toContain('s.prototxt');
    }
  });
  it('net', () => {
    const chain = kernelChains[0]!.chain;
    const build = (text: string) =>
      TrainNet.build(parsePrototxt(text, { file: 'bad.prototxt' }).net, chain, { phase: 'TRAIN', dataShape: [1, SIZE, SIZE], store: new ParamStore(), seed: 1, file: 'bad.prototxt' });
    let err: unknown;
    try {
      build(tinyLenetText().replace('type: "ReLU"', 'type: "Sigmoid"'));
    } catch (e) {
      err = e;
    }
    // An unsupported layer type names the file and the layer.
    expect(isSparseCnnError(err, 'E_UNSUPPORTED')).toBe(true);
    expect((err as { context: { layer?: string; file?: string } }).context).toMatchObject({ layer: 'relu1', file: 'bad.prototxt' });
    expect(code(() => build(tinyLenetText().replace(/layer \{ name: "loss"[^\n]*\n/, '')))).toBe('E_FORMAT');
    expect(code(() => build(tinyLenetText().replace('bottom: "pool1" top: "conv2"', 'bottom: "nope" top: "conv2"')))).toBe('E_FORMAT');
    expect(code(() => build(tinyLenetText().replace('batch_size: 4', 'batch_size: 0')))).toBe('E_FORMAT');
    expect(code(() => build(tinyLenetText().replace('type: "xavier" } bias_filler { type: "constant" value: 0.1 }', 'type: "bilinear" }')))).toBe('E_UNSUPPORTED');
    expect(code(() => build(tinyLenetText().replace('transform_param { scale: 0.00390625 } data_param { source: "x"', 'transform_param { scale: 0.00390625 mirror: true } data_param { source: "x"')))).toBe('E_UNSUPPORTED');
    expect(code(() => build('layer { name: "d" type: "Data" top: "data" top: "label" data_param { batch_size: 2 } } layer { name: "c" type: "Convolution" bottom: "data" top: "c" }'))).toBe('E_FORMAT');
  });
});

describe('training', () => {
  it('learns the synthetic task and resumes from a snapshot to the same weights as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scnn-train-'));
    try {
      const netFile = join(dir, 'net.prototxt');
      writeFileSync(netFile, tinyLenetText({ dropout: true }));
      const train = syntheticSet(200, SIZE, CLASSES, 11);
      const test = syntheticSet(50, SIZE, CLASSES, 12);
      const seed = Rng.freshSeed();
      // lr 0.02 for 100 iterations of batch 4: lr 0.05 for 40 left 2 of 12 fresh seeds near chance (0.30, 0.52).
      const config = sgdConfig({ baseLr: 0.02, maxIter: 100, lrPolicy: 'multistep', gamma: 0.5, stepvalue: [50, 80], testIter: 10, testInterval: 0, snapshotAfterTrain: false });
      for (const { name, chain } of kernelChains) {
        const make = () => Trainer.create({ solver: config, net: netFile, sets: { train, test }, kernels: chain, seed, shuffle: true });
        const a = await make();
        await a.solver.solve();
        // How well a 100-iteration run learns depends on the initialisation (a fresh seed fell near chance in about
        // 1 run of 10), so the learning check runs on a fixed seed (training is bit-deterministic) and the resume
        // check on the fresh one.
        const fixed = await Trainer.create({ solver: config, net: netFile, sets: { train, test }, kernels: chain, seed: LEARN_SEED, shuffle: true });
        await fixed.solver.solve();
        const acc = fixed.solver.runTest(10).accuracy;
        expect(acc, `[${name}] seed ${LEARN_SEED}: accuracy ${acc}`).toBeGreaterThan(0.6);
        const b = await make();
        await b.solver.solve({}, { until: 37 });
        const files = await b.snapshot(join(dir, `snap-${name}`));
        const c = await make();
        await c.resume(files.solverstate);
        expect(c.solver.iter).toBe(37);
        await c.solver.solve();
        for (const p of a.store.list()) {
          const q = c.store.get(p.key)!;
          expect(Buffer.from(q.data.buffer).equals(Buffer.from(p.data.buffer)), `[${name}] seed ${seed}: ${p.key} differs after resume`).toBe(true);
          expect(Buffer.from(q.history.buffer).equals(Buffer.from(p.history.buffer)), `[${name}] ${p.key} history`).toBe(true);
        }
        // A truncated solver state is a typed error, not a crash.
        writeFileSync(join(dir, 'bad.solverstate'), Buffer.from([0x08, 0x96]));
        const d = await make();
        await expect(d.resume(join(dir, 'bad.solverstate'))).rejects.toMatchObject({ name: 'SparseCnnError' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('weight decay (L2 / L1 with decay_mult), momentum and lr_mult follow Caffe’s update', () => {
    const chain = kernelChains[0]!.chain;
    const set = syntheticSet(8, SIZE, CLASSES, 5);
    for (const reg of ['L2', 'L1'] as const) {
      const store = new ParamStore();
      const net = TrainNet.build(tinyNet(), chain, { phase: 'TRAIN', dataShape: [1, SIZE, SIZE], store, seed: 5 });
      const cfg = sgdConfig({ baseLr: 0.1, momentum: 0.5, weightDecay: 0.01, regularization: reg });
      const solver = new Solver({ config: cfg, train: net, trainData: set, store });
      solver.stepOnce(); // non-zero momentum history
      const feeder = solver.trainFeeder;
      for (const q of store.list()) q.diff.fill(0);
      net.feed((_d, data, labels) => feeder.next(data, labels!));
      net.forward();
      net.backward();
      const saved = new Map(store.list().map((p) => [p.key, { grad: Float64Array.from(p.diff), w: Float64Array.from(p.data), h: Float64Array.from(p.history) }]));
      solver.applyUpdate(solver.iter);
      for (const key of ['conv2/0', 'conv2/1', 'ip1/0']) {
        const p = store.get(key)!; // conv2: lr_mult 1 / 2, decay_mult 2 / 0; ip1: defaults 1 / 1
        const { grad, w, h } = saved.get(key)!;
        const localRate = 0.1 * p.lrMult;
        const decay = 0.01 * p.decayMult;
        for (let i = 0; i < w.length; i++) {
          const g = grad[i]! + (reg === 'L2' ? decay * w[i]! : decay * Math.sign(w[i]!));
          const expected = w[i]! - (0.5 * h[i]! + localRate * g);
          if (!(Math.abs(p.data[i]! - expected) <= 1e-6 + 1e-5 * Math.abs(expected))) {
            throw new Error(`${reg} ${key}[${i}]: ${p.data[i]} vs ${expected}`);
          }
        }
      }
      net.dispose();
    }
  });
});
