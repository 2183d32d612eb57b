/**
 * NetParameter (deploy .prototxt, optionally with weights) -> NetDescription, and back.
 *
 * Each layer type's parameters, defaults, shapes and blob shapes come from the layer table of @sparsecnn/tensor
 * (`getLayerSchema`); this file only walks the net. Inputs come from Input layers,
 * `input` + `input_shape`, `input` + `input_dim`, or data layers (Data, ImageData, ...; see `dataLayerShape`).
 * Layers that only matter for training (losses, Accuracy, Silence) are dropped; the TEST phase is selected.
 */
import { expandFusedLayer } from './fused.js';
import {
  DATA_LAYER_TYPES, SparseCnnError, TRAINING_ONLY_TYPES, formatShape, getLayerSchema, isSparseCnnError, reshape, sizeOf,
} from '@sparsecnn/tensor';
import type {
  LayerDescription, LayerSchema, LayerType, NetDescription, NetInput, Tensor, TransformDescription,
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

/** Layer types that feed data (their first top becomes a network input) and types dropped for inference. */
export { DATA_LAYER_TYPES, TRAINING_ONLY_TYPES };

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
  });
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
    const schema = getLayerSchema(type, ctx);
    transform ??= transformOf(l.transform_param);
    layers.push({ name, type: schema.type, bottoms, tops, params: schema.parse(l, ctx), blobs: [] });
  }
  return { name: deploy.name ?? '', inputs, layers, pendingData, ...(transform ? { transform } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Shape inference (enough to know every parameter blob's expected shape).

function schemaOf(layer: MutableLayer): LayerSchema {
  return getLayerSchema(layer.type);
}

/** Input shape of each layer's first bottom (undefined when unknown), and the output shapes. */
function inferShapes(desc: Described, file: string | undefined): Map<string, number[][]> {
  const shapes = new Map<string, number[]>();
  for (const i of desc.inputs) shapes.set(i.name, [...i.shape]);
  const bottomShapes = new Map<string, number[][]>();
  for (const layer of desc.layers) {
    const ctx = { file, layer: layer.name, bottoms: layer.bottoms };
    const ins = layer.bottoms.map((b) => shapes.get(b));
    if (ins.some((s) => s === undefined) || ins.length === 0) continue;
    const inShapes = ins as number[][];
    bottomShapes.set(layer.name, inShapes);
    let outs: number[][];
    try {
      outs = schemaOf(layer).outputShapes(layer.params as never, inShapes, layer.tops.length, ctx);
    } catch (e) {
      if (isSparseCnnError(e)) throw e.withContext({ file, layer: layer.name });
      throw e;
    }
    layer.tops.forEach((t, i) => {
      const o = outs[i] ?? outs[0];
      if (o) shapes.set(t, o);
    });
  }
  return bottomShapes;
}

/** Expected parameter blob shapes of a layer (-1 = unknown dimension). */
function expectedBlobShapes(layer: MutableLayer, bottom: number[] | undefined, ctx: Ctx): number[][] {
  return schemaOf(layer).blobShapes(layer.params as never, bottom, layer.bottoms.length, ctx);
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

/** Names of a layer's learned blobs (undefined when it has none). */
function blobNamesOf(layer: MutableLayer): readonly string[] | undefined {
  const names = schemaOf(layer).blobNames;
  return names.length > 0 ? names : undefined;
}

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
    // Parameters that depend on the input shapes (global pooling: Caffe sets the kernel to the input's size).
    const resolve = schemaOf(layer).resolve;
    const bottoms = bottomShapes.get(layer.name);
    if (resolve && bottoms) layer.params = resolve(layer.params as never, bottoms);
  }
  for (const layer of desc.layers) {
    const ctx: Ctx = { file: wfile, layer: layer.name };
    const names = blobNamesOf(layer);
    if (!names) continue;
    const given = weightMap?.get(layer.name) ?? own.get(layer.name);
    if (!given) {
      if (weightMap && schemaOf(layer).weighted) {
        fail('E_FORMAT', ctx, `the weights have no blobs for ${layer.type} layer '${layer.name}'`);
      }
      continue;
    }
    const expected = expectedBlobShapes(layer, bottomShapes.get(layer.name)?.[0], ctx);
    if (given.length !== expected.length) {
      fail('E_SHAPE', ctx, `${layer.type} layer has ${given.length} blobs, expected ${expected.length} (${names.slice(0, expected.length).join(', ')})`);
    }
    const blobs = given.map((t, i) => fitBlob(t, expected[i]!, ctx, `blob ${i} (${names[i] ?? 'blob'})`));
    const normalize = schemaOf(layer).normalizeBlobs;
    layer.blobs = normalize ? normalize(blobs) : blobs;
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
    .filter((l) => blobNamesOf(l))
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
    Object.assign(base, getLayerSchema(l.type).toCaffe(l.params as never));
    layers.push(caffe.LayerParameter.create(base));
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
