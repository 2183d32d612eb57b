/**
 * NetParameter (deploy .prototxt, optionally with weights) -> NetDescription, and back.
 *
 * Caffe's defaults are applied here (the parsers keep only what the files say). Inputs come from Input layers,
 * `input` + `input_shape`, `input` + `input_dim`, or data layers (Data, ImageData, ...; see `dataLayerShape`).
 * Layers that only matter for training (losses, Accuracy, Silence) are dropped; the TEST phase is selected.
 */
import { expandFusedLayer } from './fused.js';
import {
  LAYER_TYPES, SparseCnnError, convOutputSize, formatShape, isSparseCnnError, poolOutputSize, reshape, sizeOf,
} from '@sparsecnn/tensor';
import type {
  LayerDescription, LayerType, NetDescription, NetInput, Pair, Tensor, TransformDescription,
} from '@sparsecnn/tensor';
import { blobToTensor, legacyBlobs, tensorToBlob } from './blob.js';
import { activeLayers, allLayers, hasOwn, layerIncluded } from './layers.js';
import type { PhaseName } from './layers.js';
import { caffe, int64ToNumber } from './schema.js';
import type { BlobShape, Int64Like, LayerParameter, NetParameter, TransformationParameter } from './schema.js';

export interface ConvertOptions {
  /** File name used in errors (the prototxt, or the weights file for blob errors). */
  readonly file?: string;
  /** File name of the weights, used in blob errors (defaults to `file`). */
  readonly weightsFile?: string;
  /** Phase whose include/exclude rules select the layers; default 'TEST'. */
  readonly phase?: PhaseName;
  /** Input shapes (NCHW) overriding or completing what the net declares, by input blob name. */
  readonly inputShapes?: Readonly<Record<string, readonly number[]>>;
}

/** Layer types that feed data; their first top becomes a network input. */
export const DATA_LAYER_TYPES: ReadonlySet<string> = new Set([
  'Input', 'Data', 'ImageData', 'MemoryData', 'HDF5Data', 'DummyData', 'WindowData', 'AnnotatedData',
]);

/** Layer types that only matter for training or evaluation; dropped for inference. */
export const TRAINING_ONLY_TYPES: ReadonlySet<string> = new Set([
  'Accuracy', 'SoftmaxWithLoss', 'EuclideanLoss', 'SigmoidCrossEntropyLoss', 'HingeLoss', 'InfogainLoss',
  'MultinomialLogisticLoss', 'ContrastiveLoss', 'Silence', 'HDF5Output',
]);

type Ctx = { readonly file?: string; readonly layer?: string };

function fail(code: 'E_FORMAT' | 'E_SHAPE' | 'E_UNSUPPORTED', ctx: Ctx, message: string): never {
  throw new SparseCnnError(code, message, ctx);
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function opt(msg: object | null | undefined, key: string): number | undefined {
  return hasOwn(msg, key) ? ((msg as Record<string, unknown>)[key] as number) : undefined;
}

function repeated(msg: object | null | undefined, key: string): number[] {
  const v = msg ? (msg as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? (v as number[]) : [];
}

/** Caffe's (h, w) from `x_h`/`x_w`, else the repeated `x` (1 or 2 entries), else the default. */
function pairParam(
  p: object | null | undefined, key: string, fallback: number | undefined, ctx: Ctx, what: string, hw = key,
): Pair {
  const h = opt(p, `${hw}_h`);
  const w = opt(p, `${hw}_w`);
  if (h !== undefined || w !== undefined) {
    if (h === undefined || w === undefined) fail('E_FORMAT', ctx, `${what}: ${key}_h and ${key}_w must be given together`);
    return [h, w];
  }
  const list = repeated(p, key);
  if (list.length === 1) return [list[0]!, list[0]!];
  if (list.length === 2) return [list[0]!, list[1]!];
  if (list.length > 2) fail('E_UNSUPPORTED', ctx, `${what}: ${list.length}-D ${key} is not supported (2-D only)`);
  if (fallback === undefined) fail('E_FORMAT', ctx, `${what}: ${key} is not specified`);
  return [fallback, fallback];
}

/** Pooling's scalar kernel_size / stride / pad (not repeated) with _h/_w overrides. */
function poolPair(p: object | null | undefined, key: string, fallback: number | undefined, ctx: Ctx, hw = key): Pair {
  const h = opt(p, `${hw}_h`);
  const w = opt(p, `${hw}_w`);
  if (h !== undefined || w !== undefined) {
    if (h === undefined || w === undefined) fail('E_FORMAT', ctx, `Pooling: ${key}_h and ${key}_w must be given together`);
    return [h, w];
  }
  const v = opt(p, key);
  if (v !== undefined) return [v, v];
  if (fallback === undefined) fail('E_FORMAT', ctx, `Pooling: ${key}_size is not specified`);
  return [fallback, fallback];
}

function shapeFromBlobShape(s: BlobShape, ctx: Ctx): number[] {
  const dims = (s.dim ?? []).map((d) => int64ToNumber(d as Int64Like));
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 1) fail('E_SHAPE', ctx, `invalid input dimension ${d} in ${formatShape(dims)}`);
  }
  return dims;
}

function transformOf(tp: TransformationParameter | null | undefined): TransformDescription | undefined {
  if (!tp) return undefined;
  const t: { -readonly [K in keyof TransformDescription]: TransformDescription[K] } = {};
  if (hasOwn(tp, 'scale')) t.scale = tp.scale!;
  if ((tp.mean_value?.length ?? 0) > 0) t.meanValues = [...tp.mean_value!];
  if (hasOwn(tp, 'mean_file') && tp.mean_file) t.meanFile = tp.mean_file;
  if (hasOwn(tp, 'crop_size') && tp.crop_size) t.cropSize = tp.crop_size;
  if (hasOwn(tp, 'mirror')) t.mirror = !!tp.mirror;
  return Object.keys(t).length > 0 ? t : undefined;
}

/** The layer's `transform_param`, or the legacy transform fields of a data_param / image_data_param. */
function layerTransform(l: LayerParameter): TransformDescription | undefined {
  const own = transformOf(l.transform_param);
  if (own) return own;
  const legacy = l.data_param ?? l.image_data_param;
  if (!legacy) return undefined;
  const t = transformOf({
    ...(hasOwn(legacy, 'scale') ? { scale: legacy.scale } : {}),
    ...(hasOwn(legacy, 'mean_file') ? { mean_file: legacy.mean_file } : {}),
    ...(hasOwn(legacy, 'crop_size') ? { crop_size: legacy.crop_size } : {}),
    ...(hasOwn(legacy, 'mirror') ? { mirror: legacy.mirror } : {}),
  } as TransformationParameter);
  return t;
}

type MutableLayer = { name: string; type: LayerType; bottoms: string[]; tops: string[]; params: unknown; blobs: Tensor[] };

/** A data layer's input shape: [batch, channels, crop, crop]. See `toNetDescription` for the assumptions. */
function dataLayerShape(l: LayerParameter, channels: number | undefined, ctx: Ctx): number[] | undefined {
  const batch = num(l.data_param?.batch_size ?? l.image_data_param?.batch_size, 1) || 1;
  const t = layerTransform(l);
  let h = t?.cropSize;
  let w = t?.cropSize;
  if (!h && l.image_data_param) {
    h = opt(l.image_data_param, 'new_height') || undefined;
    w = opt(l.image_data_param, 'new_width') || undefined;
  }
  const c = channels ?? (l.image_data_param && hasOwn(l.image_data_param, 'is_color') && !l.image_data_param.is_color ? 1 : 3);
  void ctx;
  if (!h || !w) return undefined;
  return [batch, c, h, w];
}

interface Described {
  name: string;
  inputs: NetInput[];
  layers: MutableLayer[];
  transform?: TransformDescription;
  /** Input blob name -> data layer awaiting a shape (channel count from the first convolution's weights). */
  pendingData: Map<string, LayerParameter>;
}

function describe(deploy: NetParameter, options: ConvertOptions): Described {
  const file = options.file;
  if (typeof deploy !== 'object' || deploy === null) {
    throw new SparseCnnError('E_ARGUMENT', 'expected a NetParameter', { file });
  }
  const inputs: NetInput[] = [];
  const layers: MutableLayer[] = [];
  const pendingData = new Map<string, LayerParameter>();
  let transform: TransformDescription | undefined;
  const addInput = (name: string, shape: number[], ctx: Ctx): void => {
    if (inputs.some((i) => i.name === name)) fail('E_FORMAT', ctx, `input '${name}' is declared twice`);
    inputs.push({ name, shape: options.inputShapes?.[name] ? [...options.inputShapes[name]] : shape });
  };

  // Net-level inputs: input + input_shape, or input + input_dim (4 per input).
  const netInputs = deploy.input ?? [];
  const inputShapes = deploy.input_shape ?? [];
  const inputDims = deploy.input_dim ?? [];
  netInputs.forEach((name, i) => {
    const ctx = { file };
    let shape: number[] | undefined;
    if (inputShapes.length > 0) {
      const s = inputShapes[i] ?? (inputShapes.length === 1 ? inputShapes[0] : undefined);
      if (!s) fail('E_FORMAT', ctx, `input '${name}' has no input_shape (${inputShapes.length} given for ${netInputs.length} inputs)`);
      shape = shapeFromBlobShape(s, ctx);
    } else if (inputDims.length > 0) {
      if (inputDims.length !== netInputs.length * 4) {
        fail('E_FORMAT', ctx, `input_dim has ${inputDims.length} values; expected 4 per input (${netInputs.length} inputs)`);
      }
      shape = inputDims.slice(i * 4, i * 4 + 4);
      if (shape.some((d) => !Number.isSafeInteger(d) || d < 1)) fail('E_SHAPE', ctx, `invalid input_dim ${formatShape(shape)}`);
    } else if (options.inputShapes?.[name]) {
      shape = [...options.inputShapes[name]];
    } else fail('E_FORMAT', ctx, `input '${name}' has neither input_shape nor input_dim`);
    addInput(name, shape, ctx);
  });

  const names = new Set<string>();
  const phase = options.phase ?? 'TEST';
  const produced = new Set<string>(inputs.map((i) => i.name));
  // Data layers of the other phase: a .caffemodel is saved from the TRAIN net, so its only data layer is TRAIN.
  const otherPhaseData = allLayers(deploy, file).filter(
    (l) => DATA_LAYER_TYPES.has(l.type ?? '') && l.type !== 'Input' && !layerIncluded(l, phase),
  );
  const produce = (tops: readonly string[]): void => {
    for (const t of tops) produced.add(t);
  };
  const requireBottoms = (bottoms: readonly string[], ctx: Ctx): void => {
    for (const b of bottoms) {
      if (produced.has(b)) continue;
      const data = otherPhaseData.find((d) => d.top?.[0] === b);
      if (data) {
        if (options.inputShapes?.[b]) addInput(b, [...options.inputShapes[b]], ctx);
        else pendingData.set(b, data);
        transform ??= layerTransform(data);
        produced.add(b);
      } else fail('E_FORMAT', ctx, `bottom '${b}' is not produced by any input or earlier layer`);
    }
  };
  // SkimCaffe's fused types (ConvolutionReLU, ...) become the standard layers they stand for.
  for (const l of activeLayers(deploy, phase, file).flatMap((x) => expandFusedLayer(x, file))) {
    const name = l.name ?? '';
    const type = l.type ?? '';
    const ctx: Ctx = { file, layer: name };
    if (names.has(name)) fail('E_FORMAT', ctx, `layer name '${name}' is used twice`);
    names.add(name);
    const bottoms = [...(l.bottom ?? [])];
    const tops = [...(l.top ?? [])];

    if (DATA_LAYER_TYPES.has(type)) {
      if (type === 'Input') {
        transform ??= transformOf(l.transform_param);
        const shapes = l.input_param?.shape ?? [];
        tops.forEach((top, i) => {
          const s = shapes[i] ?? (shapes.length === 1 ? shapes[0] : undefined);
          if (!s && !options.inputShapes?.[top]) fail('E_FORMAT', ctx, `Input layer has no shape for top '${top}'`);
          addInput(top, s ? shapeFromBlobShape(s, ctx) : [...options.inputShapes![top]!], ctx);
        });
      } else {
        const top = tops[0];
        if (top === undefined) fail('E_FORMAT', ctx, `${type} layer has no top`);
        transform ??= layerTransform(l);
        if (options.inputShapes?.[top]) addInput(top, [...options.inputShapes[top]], ctx);
        else pendingData.set(top, l);
      }
      produce(tops);
      continue;
    }
    if (TRAINING_ONLY_TYPES.has(type)) continue;
    requireBottoms(bottoms, ctx);
    produce(tops);
    if (!(LAYER_TYPES as readonly string[]).includes(type)) {
      fail('E_UNSUPPORTED', ctx, `layer type '${type}' is not supported (supported: ${LAYER_TYPES.join(', ')})`);
    }
    transform ??= transformOf(l.transform_param);
    layers.push({ name, type: type as LayerType, bottoms, tops, params: layerParams(l, type as LayerType, ctx), blobs: [] });
  }
  return { name: deploy.name ?? '', inputs, layers, pendingData, ...(transform ? { transform } : {}) };
}

function layerParams(l: LayerParameter, type: LayerType, ctx: Ctx): unknown {
  switch (type) {
    case 'Convolution': {
      const p = l.convolution_param;
      if (!p || !hasOwn(p, 'num_output')) fail('E_FORMAT', ctx, 'Convolution needs convolution_param.num_output');
      if (num(p.axis, 1) !== 1) fail('E_UNSUPPORTED', ctx, `Convolution axis ${p.axis} is not supported (1 only)`);
      const group = num(p.group, 1);
      const numOutput = p.num_output!;
      if (numOutput < 1 || group < 1 || numOutput % group !== 0) {
        fail('E_FORMAT', ctx, `Convolution num_output ${numOutput} must be a positive multiple of group ${group}`);
      }
      const kernel = pairParam(p, 'kernel_size', undefined, ctx, 'Convolution', 'kernel');
      const stride = pairParam(p, 'stride', 1, ctx, 'Convolution');
      const pad = pairParam(p, 'pad', 0, ctx, 'Convolution');
      const dil = repeated(p, 'dilation');
      if (dil.length > 2) fail('E_UNSUPPORTED', ctx, 'Convolution: only 2-D dilation is supported');
      const dilation: Pair = dil.length === 0 ? [1, 1] : [dil[0]!, dil[1] ?? dil[0]!];
      if ([...kernel, ...stride, ...dilation].some((v) => v < 1)) fail('E_FORMAT', ctx, 'Convolution kernel, stride and dilation must be >= 1');
      return { numOutput, kernel, stride, pad, dilation, group, biasTerm: p.bias_term ?? true };
    }
    case 'InnerProduct': {
      const p = l.inner_product_param;
      if (!p || !hasOwn(p, 'num_output') || !(p.num_output! >= 1)) {
        fail('E_FORMAT', ctx, 'InnerProduct needs inner_product_param.num_output >= 1');
      }
      return { numOutput: p.num_output!, biasTerm: p.bias_term ?? true, transpose: !!p.transpose, axis: num(p.axis, 1) };
    }
    case 'ReLU':
      return { negativeSlope: num(l.relu_param?.negative_slope, 0) };
    case 'Pooling': {
      const p = l.pooling_param;
      const method = num(p?.pool, 0);
      if (method !== 0 && method !== 1 && method !== 2) fail('E_FORMAT', ctx, `unknown pooling method ${method}`);
      if (method === caffe.PoolingParameter.PoolMethod.STOCHASTIC) fail('E_UNSUPPORTED', ctx, 'STOCHASTIC pooling is not supported');
      if (num(p?.round_mode, 0) !== caffe.PoolingParameter.RoundMode.CEIL) {
        fail('E_UNSUPPORTED', ctx, 'Pooling round_mode FLOOR is not supported (Caffe default CEIL only)');
      }
      const global = !!p?.global_pooling;
      // Global pooling's kernel is the input size, filled in once shapes are inferred ([0, 0] when unknown).
      const kernel = global ? ([0, 0] as Pair) : poolPair(p, 'kernel_size', undefined, ctx, 'kernel');
      const stride = global ? ([1, 1] as Pair) : poolPair(p, 'stride', 1, ctx);
      const pad = poolPair(p, 'pad', 0, ctx);
      if (!global && (kernel[0] < 1 || kernel[1] < 1 || stride[0] < 1 || stride[1] < 1)) {
        fail('E_FORMAT', ctx, 'Pooling kernel and stride must be >= 1');
      }
      return { pool: method === 1 ? 'ave' : 'max', kernel, stride, pad, global };
    }
    case 'LRN': {
      const p = l.lrn_param;
      return {
        localSize: num(p?.local_size, 5),
        alpha: num(p?.alpha, 1),
        beta: num(p?.beta, 0.75),
        k: num(p?.k, 1),
        region: num(p?.norm_region, 0) === 1 ? 'within' : 'across',
      };
    }
    case 'Softmax':
      return { axis: num(l.softmax_param?.axis, 1) };
    case 'Concat': {
      const p = l.concat_param;
      const axis = hasOwn(p, 'axis') ? p!.axis! : hasOwn(p, 'concat_dim') ? p!.concat_dim! : 1;
      return { axis };
    }
    case 'Dropout':
      return { ratio: num(l.dropout_param?.dropout_ratio, 0.5) };
    case 'Eltwise': {
      const op = num(l.eltwise_param?.operation, 1);
      return { operation: op === 0 ? 'prod' : op === 2 ? 'max' : 'sum', coeffs: [...(l.eltwise_param?.coeff ?? [])] };
    }
    case 'BatchNorm': {
      const p = l.batch_norm_param;
      return { eps: num(p?.eps, 1e-5), useGlobalStats: hasOwn(p, 'use_global_stats') ? !!p!.use_global_stats : true };
    }
    case 'Scale': {
      const p = l.scale_param;
      return { axis: num(p?.axis, 1), numAxes: num(p?.num_axes, 1), biasTerm: !!p?.bias_term };
    }
    case 'Flatten':
      return { axis: num(l.flatten_param?.axis, 1), endAxis: num(l.flatten_param?.end_axis, -1) };
    case 'Split':
    case 'Input':
      return {};
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shape inference (enough to know every parameter blob's expected shape).

function normAxis(axis: number, rank: number, ctx: Ctx): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail('E_SHAPE', ctx, `axis ${axis} is out of range for a rank-${rank} blob`);
  return a;
}

/** Input shape of each layer's first bottom (undefined when unknown), and the output shapes. */
function inferShapes(desc: Described, file: string | undefined): Map<string, number[][]> {
  const shapes = new Map<string, number[]>();
  for (const i of desc.inputs) shapes.set(i.name, [...i.shape]);
  const bottomShapes = new Map<string, number[][]>();
  for (const layer of desc.layers) {
    const ctx: Ctx = { file, layer: layer.name };
    const ins = layer.bottoms.map((b) => shapes.get(b));
    if (ins.some((s) => s === undefined) || ins.length === 0) continue;
    const inShapes = ins as number[][];
    bottomShapes.set(layer.name, inShapes);
    const s = inShapes[0]!;
    let outs: number[][];
    try {
      outs = outputShapes(layer, inShapes, s, ctx);
    } catch (e) {
      if (isSparseCnnError(e)) throw e.withContext(ctx);
      throw e;
    }
    layer.tops.forEach((t, i) => {
      const o = outs[i] ?? outs[0];
      if (o) shapes.set(t, o);
    });
  }
  return bottomShapes;
}

function outputShapes(layer: MutableLayer, ins: number[][], s: number[], ctx: Ctx): number[][] {
  const need4 = (): [number, number, number, number] => {
    if (s.length !== 4) fail('E_SHAPE', ctx, `${layer.type} needs an NCHW input, got ${formatShape(s)}`);
    return s as [number, number, number, number];
  };
  switch (layer.type) {
    case 'Convolution': {
      const p = layer.params as { numOutput: number; kernel: Pair; stride: Pair; pad: Pair; dilation: Pair; group: number };
      const [n, c, h, w] = need4();
      if (c % p.group !== 0) fail('E_SHAPE', ctx, `input channels ${c} are not divisible by group ${p.group}`);
      return [[n, p.numOutput, convOutputSize(h, p.kernel[0], p.stride[0], p.pad[0], p.dilation[0]),
        convOutputSize(w, p.kernel[1], p.stride[1], p.pad[1], p.dilation[1])]];
    }
    case 'Pooling': {
      const p = layer.params as { kernel: Pair; stride: Pair; pad: Pair; global: boolean };
      const [n, c, h, w] = need4();
      if (p.global) return [[n, c, 1, 1]];
      return [[n, c, poolOutputSize(h, p.kernel[0], p.stride[0], p.pad[0]), poolOutputSize(w, p.kernel[1], p.stride[1], p.pad[1])]];
    }
    case 'InnerProduct': {
      const p = layer.params as { numOutput: number; axis: number };
      const axis = normAxis(p.axis, s.length, ctx);
      return [[...s.slice(0, axis), p.numOutput]];
    }
    case 'Concat': {
      const axis = normAxis((layer.params as { axis: number }).axis, s.length, ctx);
      const out = [...s];
      out[axis] = 0;
      for (const x of ins) {
        if (x.length !== s.length || x.some((d, i) => i !== axis && d !== s[i])) {
          fail('E_SHAPE', ctx, `Concat inputs ${ins.map(formatShape).join(', ')} differ outside axis ${axis}`);
        }
        out[axis]! += x[axis]!;
      }
      return [out];
    }
    case 'Flatten': {
      const p = layer.params as { axis: number; endAxis: number };
      const a = normAxis(p.axis, s.length, ctx);
      const e = normAxis(p.endAxis, s.length, ctx);
      if (e < a) fail('E_SHAPE', ctx, `Flatten end_axis ${p.endAxis} precedes axis ${p.axis}`);
      return [[...s.slice(0, a), s.slice(a, e + 1).reduce((x, y) => x * y, 1), ...s.slice(e + 1)]];
    }
    default:
      return layer.tops.map(() => [...s]);
  }
}

/** Expected parameter blob shapes per layer (-1 = unknown dimension). */
function expectedBlobShapes(layer: MutableLayer, bottom: number[] | undefined, ctx: Ctx): number[][] {
  switch (layer.type) {
    case 'Convolution': {
      const p = layer.params as { numOutput: number; kernel: Pair; group: number; biasTerm: boolean };
      const cin = bottom && bottom.length === 4 ? bottom[1]! / p.group : -1;
      const w = [p.numOutput, cin, p.kernel[0], p.kernel[1]];
      return p.biasTerm ? [w, [p.numOutput]] : [w];
    }
    case 'InnerProduct': {
      const p = layer.params as { numOutput: number; biasTerm: boolean; transpose: boolean; axis: number };
      const k = bottom ? bottom.slice(normAxis(p.axis, bottom.length, ctx)).reduce((a, b) => a * b, 1) : -1;
      const w = p.transpose ? [k, p.numOutput] : [p.numOutput, k];
      return p.biasTerm ? [w, [p.numOutput]] : [w];
    }
    case 'BatchNorm': {
      const c = bottom && bottom.length >= 2 ? bottom[1]! : -1;
      return [[c], [c], [1]];
    }
    case 'Scale': {
      const p = layer.params as { axis: number; numAxes: number; biasTerm: boolean };
      if (layer.bottoms.length > 1) return p.biasTerm ? [[-1]] : [];
      let shape: number[] = [-1];
      if (bottom) {
        const a = normAxis(p.axis, bottom.length, ctx);
        shape = p.numAxes === -1 ? bottom.slice(a) : bottom.slice(a, a + p.numAxes);
      }
      return p.biasTerm ? [shape, shape] : [shape];
    }
    default:
      return [];
  }
}

function matches(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.length === expected.length && actual.every((d, i) => expected[i] === -1 || d === expected[i]);
}

function stripOnes(s: readonly number[]): number[] {
  let i = 0;
  while (i < s.length - 1 && s[i] === 1) i++;
  return s.slice(i);
}

/** Checks a blob against its expected shape; legacy 4-D (N, C, H, W) blobs are reshaped when the counts match. */
function fitBlob(t: Tensor, expected: readonly number[], ctx: Ctx, what: string): Tensor {
  if (matches(t.shape, expected)) return t;
  const known = expected.every((d) => d >= 0);
  if (known && sizeOf(t.shape) === sizeOf(expected)) {
    if (legacyBlobs.has(t) || matches(stripOnes(t.shape), stripOnes(expected))) return reshape(t, expected);
  }
  if (!known) {
    // An unknown dimension: a legacy blob padded with leading 1s may still fit once they are stripped.
    const s = stripOnes(t.shape);
    if (s.length === expected.length && matches(s, expected)) return reshape(t, s);
  }
  const shown = `[${expected.map((d) => (d < 0 ? '?' : String(d))).join(', ')}]`;
  fail('E_SHAPE', ctx, `${what} has shape ${formatShape(t.shape)}, expected ${shown}`);
}

/** BatchNorm's third blob is a moving-average scale factor: divide it out (0 means "all zero") and store 1. */
function normalizeBatchNorm(blobs: Tensor[]): Tensor[] {
  const [mean, variance, factor] = blobs;
  if (!mean || !variance) return blobs;
  const f = factor?.data[0] ?? 1;
  const s = f === 0 ? 0 : 1 / f;
  const m = new Float32Array(mean.data.length);
  const v = new Float32Array(variance.data.length);
  for (let i = 0; i < m.length; i++) m[i] = mean.data[i]! * s;
  for (let i = 0; i < v.length; i++) v[i] = variance.data[i]! * s;
  return [
    { dtype: 'float32', shape: [...mean.shape], data: m },
    { dtype: 'float32', shape: [...variance.shape], data: v },
    { dtype: 'float32', shape: factor ? [...factor.shape] : [1], data: new Float32Array([1]) },
  ];
}

const BLOB_NAMES: Partial<Record<LayerType, readonly string[]>> = {
  Convolution: ['weights', 'bias'],
  InnerProduct: ['weights', 'bias'],
  BatchNorm: ['mean', 'variance', 'scale factor'],
  Scale: ['scale', 'bias'],
};

/** Weight tensors by layer name from a NetParameter (e.g. a decoded .caffemodel); layers without blobs are skipped. */
export function weightsFromNetParameter(net: NetParameter, file?: string): Map<string, Tensor[]> {
  const out = new Map<string, Tensor[]>();
  for (const l of allLayers(net, file)) {
    const blobs = l.blobs ?? [];
    if (blobs.length === 0) continue;
    const name = l.name ?? '';
    // A blob list rebuilt in code (e.g. from a compact file's records) must be dense: a hole, or a length far
    // beyond the blobs present (a sparse array), is a damaged file. Object.keys counts only the present ones.
    if (Object.keys(blobs).length !== blobs.length) {
      throw new SparseCnnError('E_FORMAT', `layer lists ${blobs.length} blobs but ${Object.keys(blobs).length} are present`, { file, layer: name });
    }
    out.set(name, blobs.map((b) => blobToTensor(b, { file, layer: name })));
  }
  return out;
}

/**
 * Converts a Caffe net (deploy prototxt, optionally the weights: a decoded .caffemodel or a name -> tensors map,
 * e.g. from `decodeDeepCompressionNet`) to the runtime's NetDescription.
 *
 * Inputs: `input` + `input_shape` / `input_dim`, Input layers, and data layers (Data, ImageData, ...). A data
 * layer's shape is ASSUMED to be [batch_size, C, crop_size, crop_size] (ImageData: new_height x new_width when
 * there is no crop), where C is taken from the weights of the first Convolution reading the blob, else 3
 * (1 for ImageData with is_color false). A data layer without crop_size or a resize needs `options.inputShapes`.
 * The transform (scale, mean values, mean file, crop, mirror) comes from the first data layer, else from the first
 * layer with a transform_param. Blobs stored inside `deploy` itself (a .caffemodel passed as the net) are used
 * for layers the `weights` argument does not cover.
 */
export function toNetDescription(
  deploy: NetParameter,
  weights?: NetParameter | ReadonlyMap<string, readonly Tensor[]>,
  options: ConvertOptions = {},
): NetDescription {
  const file = options.file;
  const wfile = options.weightsFile ?? file;
  const desc = describe(deploy, options);

  let weightMap: ReadonlyMap<string, readonly Tensor[]> | undefined;
  if (weights instanceof Map) weightMap = weights;
  else if (weights) weightMap = weightsFromNetParameter(weights as NetParameter, wfile);
  const own = weightsFromNetParameter(deploy, file);

  // Resolve data-layer input shapes (channels from the first convolution that reads the blob).
  for (const [top, l] of desc.pendingData) {
    const ctx = { file, layer: l.name ?? '' };
    const conv = desc.layers.find((x) => x.type === 'Convolution' && x.bottoms.includes(top));
    let channels: number | undefined;
    if (conv) {
      const w = (weightMap?.get(conv.name) ?? own.get(conv.name))?.[0];
      const g = (conv.params as { group: number }).group;
      if (w && w.shape.length === 4) channels = w.shape[1]! * g;
    }
    const shape = dataLayerShape(l, channels, ctx);
    if (!shape) {
      fail('E_SHAPE', ctx, `cannot tell the input shape of ${l.type} layer '${l.name}' (no crop_size); pass options.inputShapes['${top}']`);
    }
    desc.inputs.push({ name: top, shape });
  }

  const bottomShapes = inferShapes(desc, file);
  for (const layer of desc.layers) {
    // Global pooling: Caffe sets the kernel to the input's spatial size.
    const bottom = bottomShapes.get(layer.name)?.[0];
    if (layer.type === 'Pooling' && (layer.params as { global: boolean }).global && bottom?.length === 4) {
      layer.params = { ...(layer.params as object), kernel: [bottom[2]!, bottom[3]!] };
    }
  }
  for (const layer of desc.layers) {
    const ctx: Ctx = { file: wfile, layer: layer.name };
    const names = BLOB_NAMES[layer.type];
    if (!names) continue;
    const given = weightMap?.get(layer.name) ?? own.get(layer.name);
    if (!given) {
      if (weightMap && (layer.type === 'Convolution' || layer.type === 'InnerProduct')) {
        fail('E_FORMAT', ctx, `the weights have no blobs for ${layer.type} layer '${layer.name}'`);
      }
      continue;
    }
    const expected = expectedBlobShapes(layer, bottomShapes.get(layer.name)?.[0], ctx);
    if (given.length !== expected.length) {
      fail('E_SHAPE', ctx, `${layer.type} layer has ${given.length} blobs, expected ${expected.length} (${names.slice(0, expected.length).join(', ')})`);
    }
    let blobs = given.map((t, i) => fitBlob(t, expected[i]!, ctx, `blob ${i} (${names[i] ?? 'blob'})`));
    if (layer.type === 'BatchNorm') blobs = normalizeBatchNorm(blobs);
    layer.blobs = blobs;
  }

  const out: NetDescription = {
    name: desc.name,
    inputs: desc.inputs,
    layers: desc.layers as unknown as LayerDescription[],
    ...(desc.transform ? { transform: desc.transform } : {}),
  };
  return out;
}

/** Expected parameter shapes of every Convolution/InnerProduct layer (used by the .net reader). */
export function parameterShapes(
  deploy: NetParameter, options: ConvertOptions = {},
): Array<{ name: string; type: LayerType; shapes: number[][] }> {
  const desc = describe(deploy, options);
  for (const [top, l] of desc.pendingData) {
    const shape = dataLayerShape(l, undefined, { file: options.file, layer: l.name ?? '' });
    if (shape) desc.inputs.push({ name: top, shape });
  }
  const bottomShapes = inferShapes(desc, options.file);
  return desc.layers
    .filter((l) => BLOB_NAMES[l.type])
    .map((l) => ({
      name: l.name,
      type: l.type,
      shapes: expectedBlobShapes(l, bottomShapes.get(l.name)?.[0], { file: options.file, layer: l.name }),
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// NetDescription -> NetParameter (for writing a .caffemodel Caffe can read).

/** Converts a NetDescription back to a Caffe NetParameter (V2 `layer` entries, an Input layer, shaped blobs). */
export function fromNetDescription(desc: NetDescription): NetParameter {
  const layers: caffe.LayerParameter[] = [];
  if (desc.inputs.length > 0) {
    // Layer names must be unique: pick one no other layer uses.
    const taken = new Set(desc.layers.map((l) => l.name));
    let inputName = desc.inputs.length === 1 ? desc.inputs[0]!.name : 'input';
    for (let i = 1; taken.has(inputName); i++) inputName = `input_${i}`;
    layers.push(caffe.LayerParameter.create({
      name: inputName,
      type: 'Input',
      top: desc.inputs.map((i) => i.name),
      input_param: caffe.InputParameter.create({ shape: desc.inputs.map((i) => caffe.BlobShape.create({ dim: [...i.shape] })) }),
      ...(desc.transform ? { transform_param: transformToProto(desc.transform) } : {}),
    }));
  }
  for (const l of desc.layers) {
    const base: Record<string, unknown> = {
      name: l.name, type: l.type, bottom: [...l.bottoms], top: [...l.tops], blobs: l.blobs.map(tensorToBlob),
    };
    switch (l.type) {
      case 'Input':
        base['input_param'] = { shape: [{ dim: [...l.params.shape] }] };
        break;
      case 'Convolution': {
        const p = l.params;
        base['convolution_param'] = {
          num_output: p.numOutput, bias_term: p.biasTerm, group: p.group,
          ...(p.kernel[0] === p.kernel[1] ? { kernel_size: [p.kernel[0]] } : { kernel_h: p.kernel[0], kernel_w: p.kernel[1] }),
          ...(p.stride[0] === p.stride[1] ? { stride: [p.stride[0]] } : { stride_h: p.stride[0], stride_w: p.stride[1] }),
          ...(p.pad[0] === p.pad[1] ? { pad: [p.pad[0]] } : { pad_h: p.pad[0], pad_w: p.pad[1] }),
          ...(p.dilation[0] !== 1 || p.dilation[1] !== 1 ? { dilation: [...p.dilation] } : {}),
        };
        break;
      }
      case 'InnerProduct':
        base['inner_product_param'] = {
          num_output: l.params.numOutput, bias_term: l.params.biasTerm, transpose: l.params.transpose, axis: l.params.axis,
        };
        break;
      case 'ReLU':
        if (l.params.negativeSlope !== 0) base['relu_param'] = { negative_slope: l.params.negativeSlope };
        break;
      case 'Pooling': {
        const p = l.params;
        base['pooling_param'] = {
          pool: p.pool === 'ave' ? 1 : 0,
          ...(p.global
            ? { global_pooling: true }
            : {
                ...(p.kernel[0] === p.kernel[1] ? { kernel_size: p.kernel[0] } : { kernel_h: p.kernel[0], kernel_w: p.kernel[1] }),
                ...(p.stride[0] === p.stride[1] ? { stride: p.stride[0] } : { stride_h: p.stride[0], stride_w: p.stride[1] }),
              }),
          ...(p.pad[0] === p.pad[1] ? { pad: p.pad[0] } : { pad_h: p.pad[0], pad_w: p.pad[1] }),
        };
        break;
      }
      case 'LRN':
        base['lrn_param'] = {
          local_size: l.params.localSize, alpha: l.params.alpha, beta: l.params.beta, k: l.params.k,
          norm_region: l.params.region === 'within' ? 1 : 0,
        };
        break;
      case 'Softmax':
        base['softmax_param'] = { axis: l.params.axis };
        break;
      case 'Concat':
        base['concat_param'] = { axis: l.params.axis };
        break;
      case 'Dropout':
        base['dropout_param'] = { dropout_ratio: l.params.ratio };
        break;
      case 'Eltwise':
        base['eltwise_param'] = {
          operation: l.params.operation === 'prod' ? 0 : l.params.operation === 'max' ? 2 : 1, coeff: [...l.params.coeffs],
        };
        break;
      case 'BatchNorm':
        base['batch_norm_param'] = { eps: l.params.eps, use_global_stats: l.params.useGlobalStats };
        break;
      case 'Scale':
        base['scale_param'] = { axis: l.params.axis, num_axes: l.params.numAxes, bias_term: l.params.biasTerm };
        break;
      case 'Flatten':
        base['flatten_param'] = { axis: l.params.axis, end_axis: l.params.endAxis };
        break;
      case 'Split':
        break;
    }
    layers.push(caffe.LayerParameter.create(base as caffe.LayerParameter.$Properties));
  }
  return caffe.NetParameter.create({ name: desc.name, layer: layers });
}

function transformToProto(t: TransformDescription): caffe.TransformationParameter.$Properties {
  return {
    ...(t.scale !== undefined ? { scale: t.scale } : {}),
    ...(t.meanValues ? { mean_value: [...t.meanValues] } : {}),
    ...(t.meanFile ? { mean_file: t.meanFile } : {}),
    ...(t.cropSize ? { crop_size: t.cropSize } : {}),
    ...(t.mirror !== undefined ? { mirror: t.mirror } : {}),
  };
}
