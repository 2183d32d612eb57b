/**
 * Network analysis with no backend: validation, Caffe shape inference, SSA values for blobs (in-place layers make a
 * new version of a blob), dense/sparse choice, ReLU fusion, and which values share storage (views and in-place
 * element-wise ops). The session binds this to kernels and an arena; `planNetwork` / `inferShapes` expose it.
 */
import { validateConv2dSpec, type OpName } from '@sparsecnn/kernels-api';
import type { LayerShape } from '@sparsecnn/perf-model';
import {
  DATA_LAYER_TYPES, SparseCnnError, checkLayerArity, formatShape, getLayerSchema, inLayer, isSparseCnnError, normalizeAxis,
  sizeOf, type LayerDescription, type LayerType, type NetDescription, type Shape, type Tensor,
} from '@sparsecnn/tensor';
import { chooseKernel, csrBytes, validatePlanOptions, type KernelDecision } from './choose-kernel.js';
import type { LayerKernel, PlanOptions } from './types.js';


export type StepKind =
  | 'input' | 'conv' | 'ip' | 'relu' | 'pool' | 'lrn' | 'softmax' | 'concat' | 'eltwise' | 'batchNorm' | 'scale'
  | 'view' | 'fused';

/** The step each computing layer type becomes (views: no kernel, the tops share the bottom's storage). */
const STEP_KINDS: { readonly [T in Exclude<LayerType, 'Input'>]: StepKind } = {
  Convolution: 'conv', InnerProduct: 'ip', ReLU: 'relu', Pooling: 'pool', LRN: 'lrn', Softmax: 'softmax', Concat: 'concat',
  Eltwise: 'eltwise', BatchNorm: 'batchNorm', Scale: 'scale', Dropout: 'view', Flatten: 'view', Split: 'view',
};

/** One version of a blob. */
export interface Value {
  readonly id: number;
  readonly blob: string;
  readonly shape: number[];
  readonly size: number;
  /** Producing step (-1 for network inputs). */
  producer: number;
  /** Steps that read it. */
  readonly readers: number[];
  /** Storage it lives in (views and in-place ops share). -1 when dead (a fused pre-activation). */
  storage: number;
  output: boolean;
}

export interface WeightInfo {
  /** Weight matrix rows x cols (conv: O x (C/g)kh kw; FC: O x K). */
  readonly rows: number;
  readonly cols: number;
  readonly nonZeros: number;
  readonly biasCount: number;
  readonly hasWeights: boolean;
  readonly decision: KernelDecision;
}

export interface Step {
  readonly index: number;
  readonly layer: LayerDescription;
  kind: StepKind;
  readonly inputs: number[];
  outputs: number[];
  /** conv / ip: a ReLU layer fused in; fused ReLU: the layer it is fused into. */
  fusedWith: string | null;
  readonly weights: WeightInfo | null;
  /** Dense MACs per image. */
  readonly macs: number;
}

export interface Storage {
  readonly id: number;
  readonly size: number;
  /** Step that first writes it (-1 for inputs). */
  def: number;
  lastUse: number;
  pinned: boolean;
  /**
   * A concat input written straight into its slice of the concat output: the storage lives inside `parent` at
   * element `parentOffset` (the arena lays out only the parent).
   */
  parent?: number;
  parentOffset?: number;
}

export interface NetworkAnalysis {
  readonly batch: number;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly value: number }>;
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly value: number }>;
  readonly values: readonly Value[];
  readonly steps: readonly Step[];
  readonly storages: readonly Storage[];
}

function fail(code: 'E_FORMAT' | 'E_SHAPE' | 'E_UNSUPPORTED' | 'E_ARGUMENT', layer: string, message: string): never {
  throw new SparseCnnError(code, message, { layer });
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/** Weight / bias blob counts and shapes of a Convolution or InnerProduct layer. */
function weightsOf(layer: LayerDescription): { weights: Tensor | undefined; bias: Tensor | undefined } {
  return { weights: layer.blobs[0], bias: layer.blobs[1] };
}

function countNonZeros(data: Float32Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) n++;
  return n;
}

/** The batch to plan for: an explicit one, or each input's leading dimension (they must agree). */
function defaultBatch(net: NetDescription, batch: number | undefined): number {
  if (batch !== undefined) {
    if (!isPositiveInt(batch)) throw new SparseCnnError('E_ARGUMENT', `batch must be a positive integer, got ${String(batch)}`);
    return batch;
  }
  let first = net.inputs[0]?.shape[0];
  if (first === undefined) {
    const input = net.layers.find((l) => l?.type === 'Input');
    const shape = (input?.params as { shape?: unknown } | undefined)?.shape;
    const dims = Array.isArray(shape) && Array.isArray(shape[0]) ? (shape[0] as unknown[]) : (shape as unknown[] | undefined);
    first = dims?.[0] as number | undefined;
  }
  return isPositiveInt(first) ? first : 1;
}

/**
 * Analyse a network for a batch size. Throws SparseCnnError naming the layer for an unknown type, a missing bottom,
 * a duplicate top, bad parameters or weights whose shapes do not fit.
 */
export function analyzeNetwork(net: NetDescription, batchOption: number | undefined, options: PlanOptions = {}): NetworkAnalysis {
  if (typeof net !== 'object' || net === null || !Array.isArray(net.layers) || !Array.isArray(net.inputs)) {
    throw new SparseCnnError('E_ARGUMENT', 'the network description must have `inputs` and `layers` arrays');
  }
  validatePlanOptions(options);
  const batch = defaultBatch(net, batchOption);
  const values: Value[] = [];
  const steps: Step[] = [];
  const current = new Map<string, number>(); // blob name -> latest value id
  const inputs: Array<{ name: string; value: number }> = [];

  const newValue = (blob: string, shape: number[], producer: number, layer: string): number => {
    let size: number;
    try {
      size = sizeOf(shape);
    } catch (e) {
      if (isSparseCnnError(e)) throw e.withContext({ layer });
      throw e;
    }
    const v: Value = { id: values.length, blob, shape, size, producer, readers: [], storage: -1, output: false };
    values.push(v);
    current.set(blob, v.id);
    return v.id;
  };

  const addInput = (name: string, shape: readonly number[], where: string): void => {
    if (current.has(name)) fail('E_FORMAT', where, `input '${name}' is declared twice`);
    if (!Array.isArray(shape) || shape.length < 1 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
      fail('E_SHAPE', where, `input '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    }
    const id = newValue(name, [batch, ...shape.slice(1)], -1, where);
    inputs.push({ name, value: id });
  };

  for (const input of net.inputs) addInput(input.name, input.shape, input.name);

  // Names used in options.sparse must be weighted layers.
  if (typeof options.sparse === 'object') {
    for (const name of Object.keys(options.sparse)) {
      const l = net.layers.find((x) => x.name === name);
      if (!l || (l.type !== 'Convolution' && l.type !== 'InnerProduct')) {
        throw new SparseCnnError('E_ARGUMENT', `options.sparse names '${name}', which is not a Convolution or InnerProduct layer`, { layer: name });
      }
    }
  }

  const layerNames = new Set<string>();
  net.layers.forEach((layer, index) => {
    const name = typeof layer?.name === 'string' ? layer.name : `#${index}`;
    const raw = layer as unknown as { bottoms?: unknown; tops?: unknown } | null;
    if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.bottoms) || !Array.isArray(raw.tops)) {
      fail('E_FORMAT', name, 'a layer needs `bottoms` and `tops` arrays');
    }
    if (layerNames.has(name)) fail('E_FORMAT', name, `layer name '${name}' is used twice`);
    layerNames.add(name);
    const type = (layer as { type: string }).type;

    const step = (kind: StepKind, inputIds: number[], outShapes: number[][], extra?: Partial<Pick<Step, 'weights' | 'macs'>>): void => {
      // Duplicate tops: a top may only reuse a name that is one of this layer's bottoms (in place).
      for (const top of layer.tops) {
        if (current.has(top) && !layer.bottoms.includes(top)) {
          fail('E_FORMAT', name, `top '${top}' is already produced by an earlier layer (only in-place reuse of a bottom is allowed)`);
        }
      }
      if (new Set(layer.tops).size !== layer.tops.length) fail('E_FORMAT', name, 'a top is listed twice');
      const s: Step = {
        index: steps.length, layer, kind, inputs: inputIds, outputs: [], fusedWith: null,
        weights: extra?.weights ?? null, macs: extra?.macs ?? 0,
      };
      for (const id of inputIds) values[id]!.readers.push(s.index);
      s.outputs = layer.tops.map((top: string, i: number) => newValue(top, outShapes[i]!, s.index, name));
      steps.push(s);
    };

    if (DATA_LAYER_TYPES.has(type)) {
      // Inputs: declared in net.inputs (then nothing to do), or an Input layer with its shape.
      for (const [i, top] of layer.tops.entries()) {
        if (inputs.some((x) => x.name === top)) continue;
        if (type === 'Input') {
          const p = layer.params as { shape?: readonly number[] | readonly (readonly number[])[] };
          const shapes = p?.shape;
          const shape = Array.isArray(shapes?.[0]) ? (shapes as readonly (readonly number[])[])[i] : (shapes as readonly number[] | undefined);
          if (!shape) fail('E_SHAPE', name, `Input layer has no shape for top '${top}'`);
          addInput(top, shape, name);
        }
        // A data layer's other tops (e.g. 'label') are not inputs; using them is a missing-bottom error.
      }
      steps.push({ index: steps.length, layer, kind: 'input', inputs: [], outputs: [], fusedWith: null, weights: null, macs: 0 });
      return;
    }
    const ctx = { layer: name, bottoms: layer.bottoms };
    const schema = getLayerSchema(type, ctx);
    const bottomIds = layer.bottoms.map((b: string): number => {
      const id = current.get(b);
      if (id === undefined) fail('E_FORMAT', name, `bottom '${b}' is not produced by any earlier layer or input`);
      return id;
    });
    const shapes = bottomIds.map((id: number) => values[id]!.shape);
    checkLayerArity(schema, shapes.length, layer.tops.length, ctx);
    // Shapes and checks come from the layer table; what is left here is the runtime's own part (weights, kernel choice).
    const outShapes = schema.outputShapes(layer.params as never, shapes, layer.tops.length, ctx);
    schema.validate?.(layer.params as never, shapes, layer.blobs, ctx);
    const kind = STEP_KINDS[layer.type as Exclude<LayerType, 'Input'>];

    switch (layer.type) {
      case 'Convolution': {
        const p = layer.params;
        const [n, c, h, w] = shapes[0]! as [number, number, number, number];
        const spec = {
          inChannels: c, inH: h, inW: w, outChannels: p.numOutput, kernel: p.kernel, stride: p.stride, pad: p.pad,
          dilation: p.dilation, groups: p.group, relu: false,
        };
        // The kernels-api contract's own check of the spec (sizes that must fit int32 indices).
        const [o, oh, ow] = inLayer(ctx, () => validateConv2dSpec(spec));
        const cols = (c / p.group) * p.kernel[0] * p.kernel[1];
        const { weights, bias } = weightsOf(layer);
        const shape: LayerShape = {
          kind: 'conv', name, inChannels: c, inH: spec.inH, inW: spec.inW, outChannels: o, kernel: p.kernel, stride: p.stride,
          pad: p.pad, dilation: p.dilation, groups: p.group,
        };
        const wantShape = schema.blobShapes(layer.params as never, shapes[0], shapes.length, ctx)[0]!;
        const info = weightInfo(name, layer.type, o, cols, weights, bias, p.biasTerm, wantShape, o * oh * ow * cols, options, shape, n);
        step(kind, bottomIds, outShapes, { weights: info, macs: o * oh * ow * cols });
        return;
      }
      case 'InnerProduct': {
        const p = layer.params;
        const s = shapes[0]!;
        const axis = normalizeAxis(p.axis, s.length); // checked by the schema's shape inference
        const k = s.slice(axis).reduce((a: number, b: number) => a * b, 1);
        const outer = s.slice(0, axis).reduce((a: number, b: number) => a * b, 1);
        const perImage = (outer / (s[0] || 1)) * p.numOutput * k;
        const { weights, bias } = weightsOf(layer);
        const wantShape = schema.blobShapes(layer.params as never, s, shapes.length, ctx)[0]!;
        const fc: LayerShape = { kind: 'fc', name, inFeatures: k, outFeatures: p.numOutput };
        const info = weightInfo(name, layer.type, p.numOutput, k, weights, bias, p.biasTerm, wantShape, perImage, options, fc, outer);
        step(kind, bottomIds, outShapes, { weights: info, macs: perImage });
        return;
      }
      default:
        step(kind, bottomIds, outShapes);
    }
  });

  if (inputs.length === 0) throw new SparseCnnError('E_FORMAT', 'the network has no inputs (declare net.inputs or an Input layer)');

  const fuse = options.fuse !== false;
  if (fuse) fuseRelus(steps, values);

  const outputs: Array<{ name: string; value: number }> = [];
  for (const v of values) {
    if (v.producer >= 0 && v.readers.length === 0 && v.storage !== -2) {
      v.output = true;
      outputs.push({ name: v.blob, value: v.id });
    }
  }
  if (outputs.length === 0) throw new SparseCnnError('E_FORMAT', 'the network has no outputs (every blob is read by a later layer)');
  for (const v of values) if (v.storage === -2) v.storage = -1;

  const storages = assignStorage(steps, values, inputs, fuse);
  return { batch, inputs, outputs, values, steps, storages };
}

function weightInfo(
  name: string, type: 'Convolution' | 'InnerProduct', rows: number, cols: number, weights: Tensor | undefined,
  bias: Tensor | undefined, biasTerm: boolean, wantShape: readonly number[], macs: number, options: PlanOptions,
  shape: LayerShape, batch: number,
): WeightInfo {
  const total = rows * cols;
  if (weights) {
    if (!(weights.data instanceof Float32Array)) fail('E_SHAPE', name, 'weights must be float32');
    if (weights.data.length !== total) {
      fail('E_SHAPE', name, `weights ${formatShape(weights.shape)} do not fit: the layer needs ${formatShape(wantShape)} (${total} values)`);
    }
    if (weights.shape.length === wantShape.length && weights.shape.some((d, i) => d !== wantShape[i])) {
      fail('E_SHAPE', name, `weights ${formatShape(weights.shape)} do not fit: the layer needs ${formatShape(wantShape)}`);
    }
  }
  if (biasTerm && bias && bias.data.length !== rows) {
    fail('E_SHAPE', name, `bias has ${bias.data.length} values, the layer needs ${rows}`);
  }
  const nonZeros = weights ? countNonZeros(weights.data) : total;
  const decision = weights
    ? chooseKernel({ layer: name, type, rows, cols, nonZeros, macs, shape, batch: Math.max(1, batch), backend: options.targetBackend }, options)
    : { choice: 'dense' as const, reason: 'no weights loaded' };
  return { rows, cols, nonZeros, biasCount: biasTerm ? rows : 0, hasWeights: weights !== undefined, decision };
}

/**
 * Fuse a ReLU (slope 0) into the Convolution / InnerProduct / Eltwise that produces its input when the ReLU is the
 * only reader of that pre-activation: the producing step then writes the ReLU's top directly (kernels-api
 * `relu: true`). The ReLU need not follow right after its producer (Caffe nets list a branch's convolutions before
 * their ReLUs at times): nothing else reads the pre-activation, and the ReLU's top does not exist before the ReLU.
 */
function fuseRelus(steps: Step[], values: Value[]): void {
  for (const r of steps) {
    if (r.kind !== 'relu' || r.layer.type !== 'ReLU' || r.layer.params.negativeSlope !== 0) continue;
    const pre = values[r.inputs[0]!]!;
    if (pre.producer < 0 || pre.readers.length !== 1) continue;
    const s = steps[pre.producer]!;
    if ((s.kind !== 'conv' && s.kind !== 'ip' && s.kind !== 'eltwise') || s.fusedWith !== null) continue;
    if (s.outputs.length !== 1 || s.outputs[0] !== pre.id) continue;
    const post = values[r.outputs[0]!]!;
    post.producer = s.index;
    s.outputs = [post.id];
    s.fusedWith = r.layer.name;
    r.kind = 'fused';
    r.fusedWith = s.layer.name;
    r.outputs = [];
    pre.readers.length = 0;
    pre.storage = -2; // dead: not an output, no storage
    r.inputs.length = 0;
  }
}

const ELEMENTWISE: ReadonlySet<StepKind> = new Set(['relu', 'batchNorm', 'scale']);

/** Which values share storage, and each storage's live range in steps. */
function assignStorage(steps: Step[], values: Value[], inputs: ReadonlyArray<{ value: number }>, fuse: boolean): Storage[] {
  const storages: Storage[] = [];
  const members = new Map<number, number[]>(); // storage -> values
  /** Storages that hold a concat output whose inputs were written into it (-> their storages). */
  const children = new Map<number, number[]>();
  const make = (v: Value, def: number): Storage => {
    const st: Storage = { id: storages.length, size: v.size, def, lastUse: def, pinned: false };
    storages.push(st);
    v.storage = st.id;
    members.set(st.id, [v.id]);
    return st;
  };
  const join = (v: Value, storage: number): void => {
    v.storage = storage;
    members.get(storage)!.push(v.id);
  };
  const lastReader = (storage: number): number => {
    let last = -1;
    for (const sid of [storage, ...(children.get(storage) ?? [])]) {
      for (const id of members.get(sid)!) {
        const v = values[id]!;
        if (v.output) return Infinity;
        for (const r of v.readers) last = Math.max(last, r);
      }
    }
    return last;
  };
  const inputStorages = new Set<number>();
  for (const inp of inputs) {
    make(values[inp.value]!, -1);
    inputStorages.add(values[inp.value]!.storage);
  }
  for (const s of steps) {
    if (s.kind === 'input' || s.kind === 'fused') continue;
    if (s.kind === 'view') {
      const st = values[s.inputs[0]!]!.storage;
      for (const o of s.outputs) join(values[o]!, st);
      continue;
    }
    if (ELEMENTWISE.has(s.kind) || (fuse && s.kind === 'eltwise')) {
      // In place when this step is the last reader of everything in the input's storage (and it is no network input
      // the caller fed: inputs are copied into the arena, so that is safe too). Never inside a concat output's
      // slice (the concat output is still live there). An Eltwise may write over any one of its inputs (every
      // backend reads all inputs of an element before writing it): a residual sum then touches 3 buffers, not 4,
      // and the arena holds one block less.
      const out = values[s.outputs[0]!]!;
      const target = s.inputs.map((id) => values[id]!).find((input) =>
        input.storage >= 0 && storages[input.storage]!.size === out.size && storages[input.storage]!.parent === undefined &&
        lastReader(input.storage) <= s.index);
      if (target) {
        join(out, target.storage);
        continue;
      }
    }
    if (fuse && s.kind === 'concat' && concatInPlace(s, values, storages, members, inputStorages, children)) {
      const out = make(values[s.outputs[0]!]!, s.index);
      let off = 0;
      const kids: number[] = [];
      for (const id of s.inputs) {
        const st = storages[values[id]!.storage]!;
        st.parent = out.id;
        st.parentOffset = off;
        off += st.size;
        kids.push(st.id);
        out.def = Math.min(out.def, st.def);
      }
      children.set(out.id, kids);
      s.kind = 'view'; // nothing left to run: the producers wrote the output
      continue;
    }
    for (const o of s.outputs) make(values[o]!, s.index);
  }
  for (const v of values) {
    if (v.storage < 0) continue;
    const st = storages[v.storage]!;
    if (v.output) st.pinned = true;
    for (const r of v.readers) st.lastUse = Math.max(st.lastUse, r);
  }
  // A concat output lives from its first input's producer to the last reader of it or of any input.
  for (const [pid, kids] of children) {
    const p = storages[pid]!;
    for (const k of kids) p.lastUse = Math.max(p.lastUse, storages[k]!.lastUse);
  }
  return storages;
}

/**
 * Whether a concat can be a view: its inputs are laid out back to back in the output (nothing before the axis but
 * ones: batch 1 along channels), and each input is a storage of its own that only producer steps wrote (not a
 * network input, not shared with another concat, not an output, not a view of something else, read by nobody
 * after the producers besides this concat... readers are fine: the slice holds the value until the output dies).
 */
function concatInPlace(
  s: Step, values: readonly Value[], storages: readonly Storage[], members: ReadonlyMap<number, number[]>,
  inputStorages: ReadonlySet<number>, children: ReadonlyMap<number, number[]>,
): boolean {
  const out = values[s.outputs[0]!]!;
  if (s.layer.type !== 'Concat') return false;
  const axis = normalizeAxis(s.layer.params.axis, out.shape.length); // validated by the shape inference
  if (out.shape.slice(0, axis).some((d) => d !== 1)) return false;
  const seen = new Set<number>();
  let total = 0;
  for (const id of s.inputs) {
    const v = values[id]!;
    const st = storages[v.storage];
    if (!st || seen.has(st.id) || inputStorages.has(st.id) || st.parent !== undefined || children.has(st.id)) return false;
    if (st.size !== v.size) return false;
    // every value of the storage: produced by a compute step (not a view of another storage), not a network output
    for (const m of members.get(st.id)!) {
      const mv = values[m]!;
      if (mv.output || mv.size !== v.size) return false;
    }
    seen.add(st.id);
    total += v.size;
  }
  return total === out.size;
}

/** Per-layer shapes (a Caffe-style shape inference), with no backend. */
export interface ShapeInfo {
  readonly batch: number;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly shape: Shape }>;
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly shape: Shape }>;
  readonly layers: ReadonlyArray<{
    readonly name: string;
    readonly type: LayerType;
    readonly inputShapes: readonly Shape[];
    readonly outputShapes: readonly Shape[];
  }>;
}

/** Layer input / output shapes of each step (fused ReLUs keep their own shapes). */
export function stepShapes(a: NetworkAnalysis, s: Step): { inputShapes: number[][]; outputShapes: number[][] } {
  if (s.kind === 'fused') {
    // The fused ReLU reads and writes the shape of the layer it is fused into.
    const host = a.steps.find((h) => h.layer.name === s.fusedWith)!;
    const shape = a.values[host.outputs[0]!]!.shape;
    return { inputShapes: [shape], outputShapes: [shape] };
  }
  if (s.kind === 'input') {
    const shapes = s.layer.tops.flatMap((t) => {
      const inp = a.inputs.find((x) => x.name === t);
      return inp ? [a.values[inp.value]!.shape] : [];
    });
    return { inputShapes: [], outputShapes: shapes };
  }
  return {
    inputShapes: s.inputs.map((id) => a.values[id]!.shape),
    outputShapes: s.outputs.map((id) => a.values[id]!.shape),
  };
}

/** The op a step runs (null for inputs, views and fused ReLUs). */
export function stepOp(s: Step): OpName | null {
  switch (s.kind) {
    case 'conv': return s.weights!.decision.choice === 'sparse' ? 'sparseConv2d' : 'conv2d';
    case 'ip': return s.weights!.decision.choice === 'sparse' ? 'spmm' : 'gemm';
    case 'relu': return 'relu';
    case 'pool': return 'pool2d';
    case 'lrn': return 'lrn';
    case 'softmax': return 'softmax';
    case 'concat': return 'concat';
    case 'eltwise': return 'eltwise';
    case 'batchNorm': return 'batchNorm';
    case 'scale': return 'scale';
    default: return null;
  }
}

export function stepKernel(s: Step): LayerKernel {
  if (s.kind === 'fused') return 'fused';
  if (s.kind === 'input' || s.kind === 'view') return 'none';
  if (s.weights) return s.weights.decision.choice;
  return 'op';
}

/** Weight bytes of a weighted step: dense, CSR, and the chosen form. */
export function stepWeightBytes(s: Step): { dense: number; sparse: number; chosen: number } {
  const w = s.weights;
  if (!w) return { dense: 0, sparse: 0, chosen: 0 };
  const bias = w.biasCount * 4;
  const dense = w.rows * w.cols * 4 + bias;
  const sparse = csrBytes(w.rows, w.nonZeros) + bias;
  return { dense, sparse, chosen: w.decision.choice === 'sparse' ? sparse : dense };
}
