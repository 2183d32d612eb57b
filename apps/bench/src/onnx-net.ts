/**
 * A whole Caffe network (the NetDescription sparsecnn runs) as an ONNX model with the same weights, so that
 * onnxruntime runs exactly the network we run: Convolution, InnerProduct (Flatten + Gemm), ReLU (LeakyRelu when
 * negative_slope != 0), Pooling (MaxPool / AveragePool with Caffe's ceil-mode output size, global pooling), LRN
 * (across channels), Concat, Softmax, Eltwise, BatchNorm, Scale, Flatten; Dropout and Split are identities.
 * Caffe's in-place layers (top == bottom) get fresh ONNX value names. Input `x` [batch, ...], output `y` (the one
 * blob no layer reads; a network with several such blobs is rejected).
 */
import { SparseCnnError, type LayerDescription, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { encodeOnnxModel, floatAttr, intAttr, intsAttr, type OnnxNode } from './onnx.js';

export interface NetOnnx {
  readonly model: Uint8Array;
  /** [batch, ...] of the input. */
  readonly inputShape: number[];
  /** The Caffe blob that `y` holds. */
  readonly output: string;
  /** Layers left out as identities (Dropout, Split), for the report. */
  readonly identities: string[];
}

type Init = { name: string; dims: readonly number[]; data: Float32Array };

function unsupported(layer: LayerDescription, why: string): never {
  throw new SparseCnnError('E_UNSUPPORTED', `ONNX export: ${why}`, { layer: layer.name });
}

function weightsOf(layer: LayerDescription, i: number): Tensor {
  const b = layer.blobs[i];
  if (!b) unsupported(layer, `the layer has no blob ${i} (weights not loaded?)`);
  return b;
}

/** Blobs no layer reads (each once), in the order they are produced. */
export function netOutputs(net: NetDescription): string[] {
  const read = new Set<string>();
  const produced: string[] = [];
  for (const l of net.layers) {
    for (const b of l.bottoms) read.add(b);
  }
  for (const l of net.layers) {
    for (const t of l.tops) {
      if (l.bottoms.includes(t)) continue; // in place
      if (!produced.includes(t)) produced.push(t);
    }
  }
  // A blob updated in place after its last reader is still an output when nothing else reads it.
  return produced.filter((t) => !net.layers.some((l) => l.bottoms.includes(t) && !l.tops.includes(t)));
}

/** The ONNX model of `net` for a fixed batch (opset 13). */
export function netToOnnx(net: NetDescription, batch: number): NetOnnx {
  if (net.inputs.length !== 1) throw new SparseCnnError('E_UNSUPPORTED', `ONNX export: ${net.inputs.length} inputs (one supported)`);
  const input = net.inputs[0]!;
  const inputShape = [batch, ...input.shape.slice(1)];
  const current = new Map<string, string>([[input.name, 'x']]);
  const nodes: OnnxNode[] = [];
  const inits: Init[] = [];
  const identities: string[] = [];
  let fresh = 0;
  const valueOf = (layer: LayerDescription, blob: string): string => {
    const v = current.get(blob);
    if (v === undefined) unsupported(layer, `bottom '${blob}' is not produced before this layer`);
    return v;
  };
  const define = (blob: string): string => {
    const v = `${blob}#${fresh++}`;
    current.set(blob, v);
    return v;
  };
  const init = (name: string, dims: readonly number[], data: Float32Array): string => {
    inits.push({ name, dims, data });
    return name;
  };
  for (const layer of net.layers) {
    if (layer.type === 'Input') {
      if (!layer.tops.includes(input.name)) unsupported(layer, 'a second Input layer');
      continue;
    }
    const ins = layer.bottoms.map((b) => valueOf(layer, b));
    const one = (): string => {
      if (layer.tops.length !== 1) unsupported(layer, `${layer.tops.length} tops (one supported)`);
      return define(layer.tops[0]!);
    };
    switch (layer.type) {
      case 'Convolution': {
        const p = layer.params;
        const w = weightsOf(layer, 0);
        const args = [ins[0]!, init(`${layer.name}.W`, w.shape, w.data)];
        if (p.biasTerm) args.push(init(`${layer.name}.B`, [p.numOutput], weightsOf(layer, 1).data));
        nodes.push({
          opType: 'Conv', inputs: args, outputs: [one()],
          attributes: [
            intsAttr('kernel_shape', p.kernel), intsAttr('strides', p.stride),
            intsAttr('pads', [p.pad[0], p.pad[1], p.pad[0], p.pad[1]]), intsAttr('dilations', p.dilation), intAttr('group', p.group),
          ],
        });
        break;
      }
      case 'InnerProduct': {
        const p = layer.params;
        const w = weightsOf(layer, 0);
        const flat = `${layer.name}#flat`;
        nodes.push({ opType: 'Flatten', inputs: [ins[0]!], outputs: [flat], attributes: [intAttr('axis', p.axis)] });
        const dims = p.transpose ? [w.data.length / p.numOutput, p.numOutput] : [p.numOutput, w.data.length / p.numOutput];
        const args = [flat, init(`${layer.name}.W`, dims, w.data)];
        if (p.biasTerm) args.push(init(`${layer.name}.B`, [p.numOutput], weightsOf(layer, 1).data));
        nodes.push({ opType: 'Gemm', inputs: args, outputs: [one()], attributes: [intAttr('transB', p.transpose ? 0 : 1), floatAttr('alpha', 1), floatAttr('beta', 1)] });
        break;
      }
      case 'ReLU': {
        const slope = layer.params.negativeSlope;
        if (slope === 0) nodes.push({ opType: 'Relu', inputs: [ins[0]!], outputs: [one()] });
        else nodes.push({ opType: 'LeakyRelu', inputs: [ins[0]!], outputs: [one()], attributes: [floatAttr('alpha', slope)] });
        break;
      }
      case 'Pooling': {
        const p = layer.params;
        const max = p.pool === 'max';
        if (p.global) {
          nodes.push({ opType: max ? 'GlobalMaxPool' : 'GlobalAveragePool', inputs: [ins[0]!], outputs: [one()] });
          break;
        }
        // Caffe sizes pooling outputs with ceil(); its clip of a last window starting in the padding is not in ONNX.
        const attrs = [
          intsAttr('kernel_shape', p.kernel), intsAttr('strides', p.stride),
          intsAttr('pads', [p.pad[0], p.pad[1], p.pad[0], p.pad[1]]), intAttr('ceil_mode', 1),
        ];
        if (!max) attrs.push(intAttr('count_include_pad', 1));
        nodes.push({ opType: max ? 'MaxPool' : 'AveragePool', inputs: [ins[0]!], outputs: [one()], attributes: attrs });
        break;
      }
      case 'LRN': {
        const p = layer.params;
        if (p.region !== 'across') unsupported(layer, 'LRN WITHIN_CHANNEL has no ONNX operator');
        nodes.push({
          opType: 'LRN', inputs: [ins[0]!], outputs: [one()],
          attributes: [intAttr('size', p.localSize), floatAttr('alpha', p.alpha), floatAttr('beta', p.beta), floatAttr('bias', p.k)],
        });
        break;
      }
      case 'Concat':
        nodes.push({ opType: 'Concat', inputs: ins, outputs: [one()], attributes: [intAttr('axis', layer.params.axis)] });
        break;
      case 'Softmax':
        nodes.push({ opType: 'Softmax', inputs: [ins[0]!], outputs: [one()], attributes: [intAttr('axis', layer.params.axis)] });
        break;
      case 'Eltwise': {
        const p = layer.params;
        const coeffs = p.coeffs.length > 0 ? p.coeffs : ins.map(() => 1);
        let terms = ins;
        if (p.operation === 'sum' && coeffs.some((c) => c !== 1)) {
          terms = ins.map((v, i) => {
            if (coeffs[i] === 1) return v;
            const out = `${layer.name}#c${i}`;
            nodes.push({ opType: 'Mul', inputs: [v, init(`${layer.name}.coeff${i}`, [], Float32Array.of(coeffs[i]!))], outputs: [out] });
            return out;
          });
        }
        nodes.push({ opType: p.operation === 'sum' ? 'Sum' : p.operation === 'prod' ? 'Mul' : 'Max', inputs: terms, outputs: [one()] });
        break;
      }
      case 'BatchNorm': {
        const mean = weightsOf(layer, 0).data;
        const variance = weightsOf(layer, 1).data;
        const f = layer.blobs[2]?.data[0] ?? 1;
        const inv = f === 0 ? 0 : 1 / f;
        const c = mean.length;
        nodes.push({
          opType: 'BatchNormalization',
          inputs: [
            ins[0]!, init(`${layer.name}.scale`, [c], new Float32Array(c).fill(1)), init(`${layer.name}.B`, [c], new Float32Array(c)),
            init(`${layer.name}.mean`, [c], mean.map((x) => x * inv)), init(`${layer.name}.var`, [c], variance.map((x) => x * inv)),
          ],
          outputs: [one()],
          attributes: [floatAttr('epsilon', layer.params.eps)],
        });
        break;
      }
      case 'Scale': {
        if (ins.length !== 1) unsupported(layer, 'Scale with the factor as a second bottom');
        const s = weightsOf(layer, 0);
        const c = s.data.length;
        const mulOut = layer.params.biasTerm ? `${layer.name}#mul` : one();
        nodes.push({ opType: 'Mul', inputs: [ins[0]!, init(`${layer.name}.scale`, [c, 1, 1], s.data)], outputs: [mulOut] });
        if (layer.params.biasTerm) {
          nodes.push({ opType: 'Add', inputs: [mulOut, init(`${layer.name}.bias`, [c, 1, 1], weightsOf(layer, 1).data)], outputs: [one()] });
        }
        break;
      }
      case 'Flatten': {
        if (layer.params.endAxis !== -1) unsupported(layer, 'Flatten with end_axis != -1');
        nodes.push({ opType: 'Flatten', inputs: [ins[0]!], outputs: [one()], attributes: [intAttr('axis', layer.params.axis)] });
        break;
      }
      case 'Dropout':
        identities.push(layer.name);
        current.set(layer.tops[0]!, ins[0]!);
        break;
      case 'Split':
        identities.push(layer.name);
        for (const t of layer.tops) current.set(t, ins[0]!);
        break;
      default:
        unsupported(layer, `layer type ${(layer as LayerDescription).type}`);
    }
  }
  const outs = netOutputs(net);
  if (outs.length !== 1) throw new SparseCnnError('E_UNSUPPORTED', `ONNX export: the network has ${outs.length} outputs (${outs.join(', ')}); one supported`);
  const output = outs[0]!;
  nodes.push({ opType: 'Identity', inputs: [current.get(output)!], outputs: ['y'] });
  const model = encodeOnnxModel({
    name: net.name || 'net',
    inputs: [{ name: 'x', shape: inputShape }],
    outputs: [{ name: 'y', shape: null }],
    initializers: inits,
    nodes,
  });
  return { model, inputShape, output, identities };
}
