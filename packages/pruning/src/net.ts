/**
 * A trainable network built from a Caffe train/test NetParameter for one phase: Data layers feed images and labels,
 * Convolution / InnerProduct / Pooling / ReLU / LRN / Dropout / Flatten run forward and backward through the kernel
 * chain, SoftmaxWithLoss gives the loss and Accuracy the top-k accuracy. Learned parameters live in a shared
 * `ParamStore`, so the TRAIN and TEST nets (built separately, like Caffe's) see the same weights.
 */
import { activeLayers, toNetDescription, type LayerParameter, type NetParameter } from '@sparsecnn/caffe-io';
import {
  convOutputShape, type Conv2dSpec, type KernelName, type KernelTable, type LrnParams as KLrnParams, type Pool2dParams, type Prepared,
} from '@sparsecnn/kernels-api';
import {
  LAYER_SCHEMAS, Rng, SparseCnnError, formatShape, getLayerSchema, isSparseCnnError, sizeOf, type ConvolutionParams, type ErrorContext,
  type InnerProductParams, type LayerDescription, type PoolingParams, type Tensor,
} from '@sparsecnn/tensor';
import type { CsrMatrix } from '@sparsecnn/sparse';
import { fill, type FillerParameter } from './fillers.js';
import type { KernelChain } from './kernels.js';

export type Phase = 'TRAIN' | 'TEST';

/** One learned blob (weights or bias of a layer), shared by the nets of every phase. */
export interface ParamBlob {
  /** `${layer}/${index}` (index 0 = weights, 1 = bias). */
  readonly key: string;
  readonly layer: string;
  readonly layerType: 'Convolution' | 'InnerProduct';
  readonly index: number;
  readonly shape: readonly number[];
  /** The weights the forward pass uses. */
  data: Float32Array;
  /** Gradient accumulator (zeroed by the solver each iteration), then the update value. */
  readonly diff: Float32Array;
  /** Momentum history. */
  readonly history: Float32Array;
  readonly lrMult: number;
  readonly decayMult: number;
  /** Pruning mask (1 = kept); null = no mask. */
  mask: Uint8Array | null;
  /**
   * Dynamic Network Surgery: the dense weights the update goes to, `data = shadow * mask` after each step; null for
   * ordinary parameters.
   */
  shadow: Float32Array | null;
  /** Per-parameter regularization override (SkimCaffe's per-layer L1 / L2), else the solver's. */
  regularization: 'L1' | 'L2' | null;
  /** Incremented whenever `data` changes (invalidates prepared kernels). */
  version: number;
}

export class ParamStore {
  readonly params = new Map<string, ParamBlob>();

  get(key: string): ParamBlob | undefined {
    return this.params.get(key);
  }
  /** Weight blobs (index 0) of Convolution / InnerProduct layers, in network order. */
  weights(): ParamBlob[] {
    return [...this.params.values()].filter((p) => p.index === 0);
  }
  list(): ParamBlob[] {
    return [...this.params.values()];
  }
  /** Layer name -> its blobs in Caffe order. */
  byLayer(): Map<string, ParamBlob[]> {
    const m = new Map<string, ParamBlob[]>();
    for (const p of this.params.values()) {
      const list = m.get(p.layer) ?? [];
      list[p.index] = p;
      m.set(p.layer, list);
    }
    return m;
  }
  /** Number of non-zero weights (index-0 blobs) per layer and in total. */
  nonZeros(): { total: number; weights: number; layers: Array<{ layer: string; nonZeros: number; weights: number; density: number }> } {
    const layers = this.weights().map((p) => {
      let nz = 0;
      for (let i = 0; i < p.data.length; i++) if (p.data[i] !== 0) nz++;
      return { layer: p.layer, nonZeros: nz, weights: p.data.length, density: p.data.length ? nz / p.data.length : 0 };
    });
    return { total: layers.reduce((s, l) => s + l.nonZeros, 0), weights: layers.reduce((s, l) => s + l.weights, 0), layers };
  }
}

export interface BuildOptions {
  readonly phase: Phase;
  /** Image shape [C, H, W] of the data the Data layers read. */
  readonly dataShape: readonly [number, number, number];
  /** Shared parameters: created (filled by the layers' fillers) when absent, checked when present. */
  readonly store: ParamStore;
  /** Weights by layer name (e.g. from a .caffemodel) used instead of the fillers for new parameters. */
  readonly weights?: ReadonlyMap<string, readonly Tensor[]>;
  /** Seed of the fillers and of Dropout. */
  readonly seed: number;
  readonly file?: string;
  /** Override of the Data layers' batch size. */
  readonly batch?: number;
}

type BlobId = number;

type SpmmBackward = (x: Tensor, w: CsrMatrix, gy: Tensor) => { gradInput: Tensor; gradValues: Float32Array; gradBias: Float32Array };

/** A kernel with the optional trailing `{ gradInput }` hint of the native backward ops (other backends ignore it). */
type WithHint<F> = F extends (...a: infer A) => infer R ? (...a: [...A, { gradInput: boolean }]) => R : never;

interface Step {
  readonly name: string;
  readonly type: string;
  readonly bottoms: readonly BlobId[];
  readonly tops: readonly BlobId[];
  forward(net: TrainNet): void;
  /** Reads the tops' gradients, accumulates bottoms' gradients and parameter diffs. */
  backward?(net: TrainNet): void;
}

export interface DataLayerInfo {
  readonly name: string;
  readonly batch: number;
  readonly scale: number;
  readonly meanValues: readonly number[];
  readonly dataBlob: BlobId;
  readonly labelBlob: BlobId | null;
}

export interface ForwardResult {
  /** Sum of the weighted losses. */
  readonly loss: number;
  /** Named scalar outputs (losses, accuracies) of this pass. */
  readonly outputs: Record<string, number>;
}

function ctxOf(layer: string, file?: string): ErrorContext {
  return file !== undefined ? { file, layer } : { layer };
}

/** Gradient of an SSA blob: accumulated into lazily. */
function addInto(dst: Float32Array, src: ArrayLike<number>): void {
  for (let i = 0; i < dst.length; i++) dst[i]! += src[i]!;
}

const SUPPORTED = new Set(['Data', 'Input', 'Convolution', 'InnerProduct', 'ReLU', 'Pooling', 'LRN', 'Dropout', 'Flatten', 'Split', 'SoftmaxWithLoss', 'Accuracy', 'Silence']);

export class TrainNet {
  readonly phase: Phase;
  readonly name: string;
  readonly steps: Step[] = [];
  /** SSA blob values. */
  readonly values: Array<Tensor | null> = [];
  /** SSA blob gradients (null = none reached this pass). */
  readonly grads: Array<Float32Array | null> = [];
  readonly labels = new Map<BlobId, Int32Array>();
  readonly blobNames: string[] = [];
  readonly blobShapes: number[][] = [];
  readonly needsGrad: boolean[] = [];
  readonly data: DataLayerInfo[] = [];
  readonly params: ParamBlob[] = [];
  /** Names of the loss outputs and their weights. */
  readonly losses: Array<{ name: string; blob: BlobId; weight: number }> = [];
  readonly accuracies: Array<{ name: string; blob: BlobId }> = [];
  readonly scalars = new Map<BlobId, number>();
  /** Convolution layers' geometry (per image). */
  readonly convSpecs = new Map<string, Conv2dSpec>();
  /** Per-iteration generator (Dropout). */
  rng: Rng;
  private readonly prepared = new Map<string, { version: number; handle: Prepared }>();
  private overwriteDiffs = false;
  /** Layers whose weight gradient may use the masked sparse backward op when their density is at most this. */
  sparseBackwardDensity = 0.25;

  private constructor(
    readonly kernels: KernelChain,
    readonly store: ParamStore,
    phase: Phase,
    name: string,
    readonly seed: number,
  ) {
    this.phase = phase;
    this.name = name;
    this.rng = new Rng(seed);
  }

  get batch(): number {
    return this.data[0]?.batch ?? 0;
  }

  /** Build the net of one phase. Throws SparseCnnError (E_FORMAT / E_SHAPE / E_UNSUPPORTED with layer context). */
  static build(param: NetParameter, kernels: KernelChain, options: BuildOptions): TrainNet {
    const { phase, file } = options;
    const layers = activeLayers(param, phase, file);
    const net = new TrainNet(kernels, options.store, phase, param.name ?? '', options.seed);
    const [C, H, W] = options.dataShape;
    // Data layers: shapes and transforms.
    const inputShapes: Record<string, number[]> = {};
    for (const l of layers) {
      const ctx = ctxOf(l.name ?? '', file);
      if (!SUPPORTED.has(l.type ?? '')) {
        throw new SparseCnnError('E_UNSUPPORTED', `layer type '${l.type}' cannot be trained (supported: ${[...SUPPORTED].join(', ')})`, ctx);
      }
      if (l.type === 'Data') {
        const dp = l.data_param;
        const batch = options.batch ?? dp?.batch_size ?? 0;
        if (!(Number.isSafeInteger(batch) && batch >= 1)) throw new SparseCnnError('E_FORMAT', 'Data layer needs data_param.batch_size >= 1', ctx);
        const tp = l.transform_param ?? {};
        if ((tp.crop_size ?? 0) !== 0 && tp.crop_size !== H) throw new SparseCnnError('E_UNSUPPORTED', `transform_param.crop_size ${tp.crop_size} (crops are not supported)`, ctx);
        if (tp.mirror) throw new SparseCnnError('E_UNSUPPORTED', 'transform_param.mirror is not supported', ctx);
        if (tp.mean_file) throw new SparseCnnError('E_UNSUPPORTED', 'transform_param.mean_file is not supported (use mean_value)', ctx);
        const tops = l.top ?? [];
        if (tops.length < 1 || tops.length > 2) throw new SparseCnnError('E_FORMAT', 'Data layer needs tops data (and label)', ctx);
        inputShapes[tops[0]!] = [batch, C, H, W];
      }
    }
    if (Object.keys(inputShapes).length !== 1) {
      throw new SparseCnnError('E_FORMAT', `the ${phase} net needs exactly one Data layer, found ${Object.keys(inputShapes).length}`, file !== undefined ? { file } : {});
    }
    let desc;
    try {
      desc = toNetDescription(param, undefined, { phase, inputShapes, ...(file !== undefined ? { file } : {}) });
    } catch (e) {
      throw isSparseCnnError(e) ? e : new SparseCnnError('E_FORMAT', String(e), file !== undefined ? { file } : {});
    }
    const described = new Map<string, LayerDescription>(desc.layers.map((l) => [l.name, l]));
    const latest = new Map<string, BlobId>();
    const consumers = new Map<BlobId, number>();
    const newBlob = (name: string, shape: number[], needsGrad: boolean): BlobId => {
      const id = net.values.length;
      net.values.push(null);
      net.grads.push(null);
      net.blobNames.push(name);
      net.blobShapes.push(shape);
      net.needsGrad.push(needsGrad);
      latest.set(name, id);
      return id;
    };
    const bottom = (name: string, ctx: ErrorContext): BlobId => {
      const id = latest.get(name);
      if (id === undefined) throw new SparseCnnError('E_FORMAT', `bottom '${name}' is not produced by an earlier layer`, ctx);
      consumers.set(id, (consumers.get(id) ?? 0) + 1);
      return id;
    };
    const rng = new Rng(options.seed);
    for (const l of layers) {
      const name = l.name ?? '';
      const type = l.type!;
      const ctx = ctxOf(name, file);
      try {
        net.addLayer(l, type, described.get(name), { newBlob, bottom, ctx, options, rng });
      } catch (e) {
        if (isSparseCnnError(e)) throw e.context.layer ? e : e.withContext(ctx);
        throw e;
      }
    }
    if (phase === 'TRAIN' && net.losses.length === 0) {
      throw new SparseCnnError('E_FORMAT', 'the TRAIN net has no loss layer (SoftmaxWithLoss)', file !== undefined ? { file } : {});
    }
    void consumers;
    return net;
  }

  private addLayer(
    l: LayerParameter,
    type: string,
    d: LayerDescription | undefined,
    b: {
      newBlob: (name: string, shape: number[], needsGrad: boolean) => BlobId;
      bottom: (name: string, ctx: ErrorContext) => BlobId;
      ctx: ErrorContext;
      options: BuildOptions;
      rng: Rng;
    },
  ): void {
    const name = l.name ?? '';
    const tops = l.top ?? [];
    const bottoms = (l.bottom ?? []).map((x) => b.bottom(x, b.ctx));
    const shapeOf = (id: BlobId) => this.blobShapes[id]!;
    const gradIn = (ids: readonly BlobId[]) => ids.some((i) => this.needsGrad[i]);
    /** The tops' shapes from the layer table (for the types it has: not Data and the loss layers). */
    const outShapes = (): number[][] => getLayerSchema(type, b.ctx).outputShapes(d!.params, bottoms.map(shapeOf), tops.length, b.ctx);
    switch (type) {
      case 'Data': {
        const [C, H, W] = b.options.dataShape;
        const batch = b.options.batch ?? l.data_param!.batch_size!;
        const dataBlob = b.newBlob(tops[0]!, [batch, C, H, W], false);
        const labelBlob = tops[1] !== undefined ? b.newBlob(tops[1], [batch], false) : null;
        const tp = l.transform_param ?? {};
        this.data.push({ name, batch, scale: tp.scale ?? 1, meanValues: [...(tp.mean_value ?? [])], dataBlob, labelBlob });
        this.values[dataBlob] = { dtype: 'float32', shape: [batch, C, H, W], data: new Float32Array(batch * C * H * W) };
        if (labelBlob !== null) this.labels.set(labelBlob, new Int32Array(batch));
        return;
      }
      case 'Input':
        throw new SparseCnnError('E_UNSUPPORTED', 'Input layers cannot feed training: use a Data layer (images and labels)', b.ctx);
      case 'Silence':
        return;
      case 'Convolution':
      case 'InnerProduct':
        this.addWeighted(l, type, d!, bottoms, tops, b);
        return;
      case 'ReLU': {
        const p = d!.params as { negativeSlope: number };
        const x = bottoms[0]!;
        const y = b.newBlob(tops[0]!, outShapes()[0]!, gradIn([x]));
        const params = { negativeSlope: p.negativeSlope };
        this.steps.push({
          name, type, bottoms: [x], tops: [y],
          forward: (net) => {
            net.values[y] = net.kernels.table('relu').relu(net.values[x]!, params);
          },
          backward: (net) => {
            const g = net.grads[y];
            if (!g || !net.needsGrad[x]) return;
            const r = net.kernels.table('reluBackward').reluBackward(net.values[x]!, { dtype: 'float32', shape: shapeOf(y), data: g }, params);
            net.accumulate(x, r.data, true);
          },
        });
        return;
      }
      case 'Pooling': {
        const x = bottoms[0]!;
        const xs = shapeOf(x);
        // Global pooling's kernel is the input size (resolved by the table, as caffe-io does).
        const p = LAYER_SCHEMAS.Pooling.resolve!(d!.params as PoolingParams, [xs]);
        const params: Pool2dParams = { method: p.pool, kernel: p.kernel, stride: p.stride, pad: p.pad, global: p.global };
        const ys = LAYER_SCHEMAS.Pooling.outputShapes(p, [xs], 1, b.ctx)[0]!;
        const y = b.newBlob(tops[0]!, ys, gradIn([x]));
        this.steps.push({
          name, type, bottoms: [x], tops: [y],
          forward: (net) => {
            net.values[y] = net.kernels.table('pool2d').pool2d(net.values[x]!, params);
          },
          backward: (net) => {
            const g = net.grads[y];
            if (!g || !net.needsGrad[x]) return;
            const r = net.kernels.table('pool2dBackward').pool2dBackward(net.values[x]!, { dtype: 'float32', shape: ys, data: g }, params);
            net.accumulate(x, r.data, true);
          },
        });
        return;
      }
      case 'LRN': {
        const params = d!.params as KLrnParams;
        const x = bottoms[0]!;
        const y = b.newBlob(tops[0]!, outShapes()[0]!, gradIn([x]));
        this.steps.push({
          name, type, bottoms: [x], tops: [y],
          forward: (net) => {
            net.values[y] = net.kernels.table('lrn').lrn(net.values[x]!, params);
          },
          backward: (net) => {
            const g = net.grads[y];
            if (!g || !net.needsGrad[x]) return;
            const r = net.kernels.table('lrnBackward').lrnBackward(net.values[x]!, { dtype: 'float32', shape: shapeOf(y), data: g }, params);
            net.accumulate(x, r.data, true);
          },
        });
        return;
      }
      case 'Dropout': {
        const ratio = (d!.params as { ratio: number }).ratio;
        if (!(ratio >= 0 && ratio < 1)) throw new SparseCnnError('E_FORMAT', `dropout_ratio must be in [0, 1), got ${ratio}`, b.ctx);
        const x = bottoms[0]!;
        const y = b.newBlob(tops[0]!, outShapes()[0]!, gradIn([x]));
        const scale = 1 / (1 - ratio);
        let keep: Uint8Array | null = null;
        this.steps.push({
          name, type, bottoms: [x], tops: [y],
          forward: (net) => {
            const xv = net.values[x]!;
            if (net.phase === 'TEST') {
              net.values[y] = xv;
              return;
            }
            keep ??= new Uint8Array(xv.data.length);
            const out = new Float32Array(xv.data.length);
            for (let i = 0; i < out.length; i++) {
              const k = net.rng.next() >= ratio ? 1 : 0;
              keep[i] = k;
              out[i] = k ? xv.data[i]! * scale : 0;
            }
            net.values[y] = { dtype: 'float32', shape: [...xv.shape], data: out };
          },
          backward: (net) => {
            const g = net.grads[y];
            if (!g || !net.needsGrad[x]) return;
            const gx = new Float32Array(g.length);
            if (net.phase === 'TEST' || !keep) gx.set(g);
            else for (let i = 0; i < g.length; i++) gx[i] = keep[i] ? g[i]! * scale : 0;
            net.accumulate(x, gx, true);
          },
        });
        return;
      }
      case 'Flatten':
      case 'Split': {
        const x = bottoms[0]!;
        if (type === 'Flatten') {
          const p = d!.params as { axis: number; endAxis: number };
          if (p.axis !== 1 || p.endAxis !== -1) throw new SparseCnnError('E_UNSUPPORTED', 'Flatten other than axis 1 to the end', b.ctx);
        }
        const shapes = outShapes();
        const ys = tops.map((t, i) => b.newBlob(t, shapes[i]!, gradIn([x])));
        this.steps.push({
          name, type, bottoms: [x], tops: ys,
          forward: (net) => {
            const xv = net.values[x]!;
            ys.forEach((y, i) => {
              net.values[y] = { dtype: 'float32', shape: shapes[i]!, data: xv.data };
            });
          },
          backward: (net) => {
            if (!net.needsGrad[x]) return;
            for (const y of ys) {
              const g = net.grads[y];
              if (g) net.accumulate(x, g);
            }
          },
        });
        return;
      }
      case 'SoftmaxWithLoss': {
        if (bottoms.length !== 2) throw new SparseCnnError('E_FORMAT', 'SoftmaxWithLoss needs bottoms (scores, label)', b.ctx);
        const lp = l.loss_param ?? {};
        if (Object.prototype.hasOwnProperty.call(lp, 'ignore_label')) throw new SparseCnnError('E_UNSUPPORTED', 'loss_param.ignore_label is not supported', b.ctx);
        const [x, lab] = bottoms as [BlobId, BlobId];
        const xs = shapeOf(x);
        if (xs.length < 2 || xs.slice(2).some((v) => v !== 1)) throw new SparseCnnError('E_SHAPE', `SoftmaxWithLoss scores must be [N, C], got ${formatShape(xs)}`, b.ctx);
        if (!this.labels.has(lab)) throw new SparseCnnError('E_FORMAT', `bottom '${l.bottom![1]}' of SoftmaxWithLoss is not a label blob`, b.ctx);
        const weight = l.loss_weight?.[0] ?? 1;
        const y = b.newBlob(tops[0] ?? `${name}:loss`, [1], false);
        this.losses.push({ name: tops[0] ?? name, blob: y, weight });
        let gradLogits: Float32Array | null = null;
        this.steps.push({
          name, type, bottoms: [x, lab], tops: [y],
          forward: (net) => {
            const xv = net.values[x]!;
            const logits: Tensor = { dtype: 'float32', shape: [xs[0]!, xs[1]!], data: xv.data };
            const r = net.kernels.table('softmaxCrossEntropy').softmaxCrossEntropy(logits, net.labels.get(lab)!);
            net.scalars.set(y, r.loss);
            gradLogits = r.gradLogits.data;
          },
          backward: (net) => {
            if (!gradLogits || !net.needsGrad[x]) return;
            // gradLogits is this pass's fresh kernel output (recomputed every forward): handed over, scaled in place.
            const g = gradLogits;
            gradLogits = null;
            if (weight !== 1) for (let i = 0; i < g.length; i++) g[i]! *= weight;
            net.accumulate(x, g, true);
          },
        });
        return;
      }
      case 'Accuracy': {
        if (bottoms.length !== 2) throw new SparseCnnError('E_FORMAT', 'Accuracy needs bottoms (scores, label)', b.ctx);
        const [x, lab] = bottoms as [BlobId, BlobId];
        const xs = shapeOf(x);
        const topK = l.accuracy_param?.top_k ?? 1;
        if (!this.labels.has(lab)) throw new SparseCnnError('E_FORMAT', `bottom '${l.bottom![1]}' of Accuracy is not a label blob`, b.ctx);
        const y = b.newBlob(tops[0] ?? `${name}:accuracy`, [1], false);
        this.accuracies.push({ name: tops[0] ?? name, blob: y });
        this.steps.push({
          name, type, bottoms: [x, lab], tops: [y],
          forward: (net) => {
            const v = net.values[x]!.data;
            const labels = net.labels.get(lab)!;
            const n = xs[0]!;
            const c = v.length / n;
            let correct = 0;
            for (let i = 0; i < n; i++) {
              const t = v[i * c + labels[i]!]!;
              let above = 0;
              for (let j = 0; j < c; j++) if (v[i * c + j]! > t) above++;
              if (above < topK) correct++;
            }
            net.scalars.set(y, correct / n);
          },
        });
        return;
      }
    }
  }

  private addWeighted(
    l: LayerParameter,
    type: 'Convolution' | 'InnerProduct',
    d: LayerDescription,
    bottoms: BlobId[],
    tops: readonly string[],
    b: { newBlob: (name: string, shape: number[], needsGrad: boolean) => BlobId; ctx: ErrorContext; options: BuildOptions; rng: Rng },
  ): void {
    const name = l.name ?? '';
    if (bottoms.length !== 1 || tops.length !== 1) throw new SparseCnnError('E_FORMAT', `${type} needs one bottom and one top`, b.ctx);
    const x = bottoms[0]!;
    const xs = this.blobShapes[x]!;
    let wShape: number[];
    let ys: number[];
    let spec: Conv2dSpec | null = null;
    let biasTerm: boolean;
    let wFiller: FillerParameter | null | undefined;
    let bFiller: FillerParameter | null | undefined;
    if (type === 'Convolution') {
      const p = d.params as ConvolutionParams;
      // Shapes (NCHW input, groups, geometry) from the layer table; then the kernels-api contract's check of the spec.
      ys = LAYER_SCHEMAS.Convolution.outputShapes(p, [xs], 1, b.ctx)[0]!;
      wShape = LAYER_SCHEMAS.Convolution.blobShapes(p, xs, 1, b.ctx)[0]!;
      spec = {
        inChannels: xs[1]!, inH: xs[2]!, inW: xs[3]!, outChannels: p.numOutput, kernel: p.kernel, stride: p.stride, pad: p.pad,
        dilation: p.dilation, groups: p.group, relu: false,
      };
      convOutputShape(spec, xs);
      this.convSpecs.set(name, spec);
      biasTerm = p.biasTerm;
      wFiller = l.convolution_param?.weight_filler;
      bFiller = l.convolution_param?.bias_filler;
    } else {
      const p = d.params as InnerProductParams;
      if (p.transpose) throw new SparseCnnError('E_UNSUPPORTED', 'InnerProduct transpose is not supported for training', b.ctx);
      if (p.axis !== 1) throw new SparseCnnError('E_UNSUPPORTED', `InnerProduct axis ${p.axis} is not supported (1 only)`, b.ctx);
      ys = LAYER_SCHEMAS.InnerProduct.outputShapes(p, [xs], 1, b.ctx)[0]!;
      wShape = LAYER_SCHEMAS.InnerProduct.blobShapes(p, xs, 1, b.ctx)[0]!;
      biasTerm = p.biasTerm;
      wFiller = l.inner_product_param?.weight_filler;
      bFiller = l.inner_product_param?.bias_filler;
    }
    const specs = l.param ?? [];
    const shapes = biasTerm ? [wShape, [wShape[0]!]] : [wShape];
    const params = shapes.map((shape, index) => {
      const key = `${name}/${index}`;
      const existing = this.store.get(key);
      if (existing) {
        if (existing.shape.length !== shape.length || existing.shape.some((v, i) => v !== shape[i])) {
          throw new SparseCnnError('E_SHAPE', `parameter ${index} has shape ${formatShape(existing.shape)} in another phase, ${formatShape(shape)} here`, b.ctx);
        }
        return existing;
      }
      const count = sizeOf(shape);
      const data = new Float32Array(count);
      const given = b.options.weights?.get(name)?.[index];
      if (given) {
        if (given.data.length !== count) {
          throw new SparseCnnError('E_SHAPE', `the weights file has ${formatShape(given.shape)} for blob ${index}, the net needs ${formatShape(shape)}`, b.ctx);
        }
        data.set(given.data);
      } else {
        fill(data, shape, index === 0 ? wFiller : bFiller, b.rng, b.ctx);
      }
      const ps = specs[index];
      const lrMult = ps?.lr_mult ?? 1;
      const decayMult = ps?.decay_mult ?? 1;
      if (!Number.isFinite(lrMult) || !Number.isFinite(decayMult)) throw new SparseCnnError('E_FORMAT', 'lr_mult and decay_mult must be finite', b.ctx);
      const blob: ParamBlob = {
        key, layer: name, layerType: type, index, shape, data, diff: new Float32Array(count), history: new Float32Array(count),
        lrMult, decayMult, mask: null, shadow: null, regularization: null, version: 0,
      };
      this.store.params.set(key, blob);
      return blob;
    });
    this.params.push(...params);
    const [wp, bp] = params as [ParamBlob, ParamBlob | undefined];
    const y = b.newBlob(tops[0]!, ys, true);
    const tensorOf = (p: ParamBlob): Tensor => ({ dtype: 'float32', shape: [...p.shape], data: p.data });
    const weightOps: KernelName[] = type === 'Convolution' ? ['prepareConv2d', 'conv2d'] : ['prepareGemm', 'gemm'];
    this.steps.push({
      name, type, bottoms: [x], tops: [y],
      forward: (net) => {
        const version = wp.version * 1_000_003 + (bp?.version ?? 0);
        let cached = net.prepared.get(name);
        if (!cached || cached.version !== version) {
          cached?.handle.dispose();
          const k = net.kernels.table(...weightOps);
          const handle = type === 'Convolution'
            ? k.prepareConv2d(tensorOf(wp), bp ? bp.data : null, spec!)
            : k.prepareGemm(tensorOf(wp), bp ? bp.data : null, { relu: false });
          cached = { version, handle };
          net.prepared.set(name, cached);
        }
        const k = net.kernels.table(...weightOps);
        const xv = net.values[x]!;
        net.values[y] = type === 'Convolution'
          ? k.conv2d(xv, cached.handle as Prepared<'conv2d'>)
          : k.gemm(xv, cached.handle as Prepared<'gemm'>);
      },
      backward: (net) => {
        const g = net.grads[y];
        if (!g) return;
        const xv = net.values[x]!;
        const gy: Tensor = { dtype: 'float32', shape: ys, data: g };
        // The native dense backward ops take an optional hint to skip an input gradient nobody reads (conv1).
        const hint = { gradInput: net.needsGrad[x] === true };
        let gradInput: Tensor;
        if (type === 'Convolution') {
          const sparse = net.sparseCandidate(wp);
          if (sparse) {
            const r = net.kernels.table('sparseConv2dBackward').sparseConv2dBackward(xv, sparse.csr, gy, spec!);
            const diff = wp.diff;
            for (let j = 0; j < sparse.positions.length; j++) diff[sparse.positions[j]!]! += r.gradValues[j]!;
            if (bp) addInto(bp.diff, r.gradBias);
            gradInput = r.gradInput;
          } else {
            const r = (net.kernels.table('conv2dBackward').conv2dBackward as WithHint<KernelTable['conv2dBackward']>)(xv, tensorOf(wp), gy, spec!, hint);
            net.intoDiff(wp, r.gradWeights.data);
            if (bp) net.intoDiff(bp, r.gradBias);
            gradInput = r.gradInput;
          }
        } else if (net.spmmBackward() && net.sparseCandidate(wp, 'spmm')) {
          // A frozen, sparse mask: gradients of the kept weights only (native spmmBackward, outside the contract).
          const sparse = net.sparseCandidate(wp, 'spmm')!;
          const r = net.spmmBackward()!(xv, sparse.csr, gy);
          const diff = wp.diff;
          for (let j = 0; j < sparse.positions.length; j++) diff[sparse.positions[j]!]! += r.gradValues[j]!;
          if (bp) addInto(bp.diff, r.gradBias);
          gradInput = r.gradInput;
        } else {
          const r = (net.kernels.table('gemmBackward').gemmBackward as WithHint<KernelTable['gemmBackward']>)(xv, tensorOf(wp), gy, hint);
          net.intoDiff(wp, r.gradWeights.data);
          if (bp) net.intoDiff(bp, r.gradBias);
          gradInput = r.gradInput;
        }
        if (net.needsGrad[x]) net.accumulate(x, gradInput.data, true);
      },
    });
  }

  /**
   * A masked convolution whose mask is frozen and sparse enough: its weight gradient is computed only for the kept
   * weights (sparseConv2dBackward), when a backend other than the JS reference has that op.
   */
  sparseCandidate(p: ParamBlob, op: 'conv' | 'spmm' = 'conv'): { csr: CsrMatrix; positions: Int32Array } | null {
    if (!p.mask || p.shadow) return null;
    if (op === 'conv') {
      let be;
      try {
        be = this.kernels.backendFor('sparseConv2dBackward');
      } catch {
        return null;
      }
      if (be.name === 'js') return null;
    }
    const mask = p.mask;
    let kept = 0;
    for (let i = 0; i < mask.length; i++) kept += mask[i]!;
    if (kept > this.sparseBackwardDensity * mask.length) return null;
    const rows = p.shape[0]!;
    const cols = mask.length / rows;
    const rowPtr = new Int32Array(rows + 1);
    const colIdx = new Int32Array(kept);
    const values = new Float32Array(kept);
    const positions = new Int32Array(kept);
    let j = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        if (mask[i]) {
          colIdx[j] = c;
          values[j] = p.data[i]!;
          positions[j] = i;
          j++;
        }
      }
      rowPtr[r + 1] = j;
    }
    return { csr: { format: 'csr', rows, cols, rowPtr, colIdx, values }, positions };
  }

  /** The native masked inner-product gradient (not part of the kernel contract), when a backend of the chain has it. */
  spmmBackward(): SpmmBackward | null {
    for (const b of this.kernels.backends) {
      const f = (b.kernels as { spmmBackward?: SpmmBackward }).spmmBackward;
      if (typeof f === 'function') return f;
    }
    return null;
  }

  /**
   * Add `g` into the gradient of blob `id`. `owned`: `g` is a fresh array nobody else writes (a kernel's output),
   * so the first gradient of a blob is taken as is instead of copied.
   */
  accumulate(id: BlobId, g: Float32Array, owned = false): void {
    const cur = this.grads[id];
    if (cur) addInto(cur, g);
    else if (owned) this.grads[id] = g;
    else this.grads[id] = g.slice();
  }

  /**
   * A parameter gradient from a dense backward op into `p.diff`: copied over it when `overwriteParamDiffs` is set
   * for this pass (the solver's first pass of an iteration, diffs just zeroed), else added.
   */
  intoDiff(p: ParamBlob, g: Float32Array): void {
    if (this.overwriteDiffs) p.diff.set(g);
    else addInto(p.diff, g);
  }

  /** Load the next batch of each Data layer. */
  feed(fill: (info: DataLayerInfo, data: Float32Array, labels: Int32Array | null) => void): void {
    for (const d of this.data) {
      const v = this.values[d.dataBlob]!;
      fill(d, v.data, d.labelBlob !== null ? this.labels.get(d.labelBlob)! : null);
    }
  }

  forward(): ForwardResult {
    for (let i = 0; i < this.grads.length; i++) this.grads[i] = null;
    for (const s of this.steps) s.forward(this);
    let loss = 0;
    const outputs: Record<string, number> = {};
    for (const l of this.losses) {
      const v = this.scalars.get(l.blob) ?? 0;
      outputs[l.name] = v;
      loss += l.weight * v;
    }
    for (const a of this.accuracies) outputs[a.name] = this.scalars.get(a.blob) ?? 0;
    return { loss, outputs };
  }

  /**
   * Backpropagate the losses (after forward), accumulating into the parameters' diffs; with `overwriteParamDiffs`
   * the dense weight and bias gradients replace the diffs instead (one copy, no add: the caller zeroed the diffs,
   * so the sparse ops' scattered adds stay right).
   */
  backward(options: { overwriteParamDiffs?: boolean } = {}): void {
    this.overwriteDiffs = options.overwriteParamDiffs === true;
    try {
      for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!.backward?.(this);
    } finally {
      this.overwriteDiffs = false;
    }
  }

  /** Scores blob feeding the first loss or accuracy layer (the logits). */
  logitsBlob(): BlobId | undefined {
    const step = this.steps.find((s) => s.type === 'SoftmaxWithLoss' || s.type === 'Accuracy');
    return step?.bottoms[0];
  }

  dispose(): void {
    for (const p of this.prepared.values()) p.handle.dispose();
    this.prepared.clear();
  }
}

/** Raw Data-layer info of a phase (batch size, transform) without building the net. */
export function dataLayerOf(param: NetParameter, phase: Phase, file?: string): LayerParameter | undefined {
  return activeLayers(param, phase, file).find((l) => l.type === 'Data');
}
