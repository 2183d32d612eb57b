/**
 * A minimal ONNX model writer: the handful of onnx.proto messages a Conv / Gemm model or a whole network needs, declared
 * here with protobufjs reflection and the public field numbers of onnx.proto (IR version 8, opset 13).
 */
import * as protobuf from 'protobufjs';

const ONNX_JSON = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            domain: { type: 'string', id: 7 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: { type: 'int64', id: 1 },
                dimParam: { type: 'string', id: 2 },
              },
            },
          },
        },
        TypeProto: {
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: {
            Tensor: {
              fields: {
                elemType: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
      },
    },
  },
};

/** onnx TensorProto.DataType.FLOAT */
const FLOAT = 1;
/** onnx AttributeProto.AttributeType */
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

let root: protobuf.Root | null = null;
function modelType(): protobuf.Type {
  root ??= protobuf.Root.fromJSON(ONNX_JSON);
  return root.lookupType('onnx.ModelProto');
}

type Attr = { name: string; type: number; i?: number; f?: number; ints?: number[] };
export const intAttr = (name: string, i: number): Attr => ({ name, type: ATTR_INT, i });
export const floatAttr = (name: string, f: number): Attr => ({ name, type: ATTR_FLOAT, f });
export const intsAttr = (name: string, ints: readonly number[]): Attr => ({ name, type: ATTR_INTS, ints: [...ints] });

function floatTensor(name: string, dims: readonly number[], data: Float32Array) {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== data.length) throw new RangeError(`initializer ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
  // raw_data is little-endian fp32 (as ONNX requires); copy so a view into a larger buffer is not over-read.
  const raw = new Uint8Array(data.byteLength);
  raw.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { name, dims: [...dims], dataType: FLOAT, rawData: raw };
}

/** A dimension is a size or a symbolic name (e.g. 'N' for a batch the session accepts at any size). */
export type Dim = number | string;

function valueInfo(name: string, shape: readonly Dim[] | null) {
  return {
    name,
    type: {
      tensorType: shape === null
        ? { elemType: FLOAT }
        : { elemType: FLOAT, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
    },
  };
}

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attr[];
}

export interface OnnxGraphSpec {
  readonly name: string;
  readonly inputs: ReadonlyArray<{ name: string; shape: readonly Dim[] }>;
  /** Output shapes may be left to the runtime's shape inference (null). */
  readonly outputs: ReadonlyArray<{ name: string; shape: readonly Dim[] | null }>;
  readonly initializers: ReadonlyArray<{ name: string; dims: readonly number[]; data: Float32Array }>;
  readonly nodes: readonly OnnxNode[];
  readonly opset?: number;
}

/** Serialise a single-graph float32 model (ModelProto bytes). */
export function encodeOnnxModel(spec: OnnxGraphSpec): Uint8Array {
  const Model = modelType();
  const msg = {
    irVersion: 8,
    producerName: 'sparsecnn-bench',
    producerVersion: '0.1.0',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: spec.name,
      node: spec.nodes.map((n, k) => ({
        name: `${n.opType.toLowerCase()}_${k}`,
        opType: n.opType,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: (n.attributes ?? []).map((a) => ({ ...a })),
      })),
      initializer: spec.initializers.map((t) => floatTensor(t.name, t.dims, t.data)),
      input: spec.inputs.map((v) => valueInfo(v.name, v.shape)),
      output: spec.outputs.map((v) => valueInfo(v.name, v.shape)),
    },
  };
  const err = Model.verify(msg);
  if (err) throw new Error(`onnx ModelProto: ${err}`);
  return Model.encode(Model.fromObject(msg)).finish();
}

export interface ConvModelSpec {
  /** [N, C, H, W] */
  readonly inputShape: readonly [number, number, number, number];
  /** [O, C / groups, kh, kw], NCHW/OIHW as ONNX and Caffe store them. */
  readonly weightShape: readonly [number, number, number, number];
  readonly weights: Float32Array;
  readonly bias: Float32Array | null;
  readonly stride: readonly [number, number];
  readonly pad: readonly [number, number];
  readonly dilation?: readonly [number, number];
  readonly groups: number;
  /** Append a Relu node (onnxruntime fuses it into the convolution). */
  readonly relu?: boolean;
}

/** Output spatial size (floor), as ONNX Conv and Caffe compute it. */
export function convOut(inSize: number, k: number, stride: number, pad: number, dilation = 1): number {
  return Math.floor((inSize + 2 * pad - (dilation * (k - 1) + 1)) / stride) + 1;
}

/** A one-Conv model: input `x` [N, C, H, W] -> output `y` [N, O, OH, OW]. */
export function buildConvModel(spec: ConvModelSpec): Uint8Array {
  const [n, c, h, w] = spec.inputShape;
  const [o, cg, kh, kw] = spec.weightShape;
  const dil = spec.dilation ?? [1, 1];
  if (cg * spec.groups !== c) throw new RangeError(`conv model: weights take ${cg} x ${spec.groups} channels, input has ${c}`);
  const oh = convOut(h, kh, spec.stride[0], spec.pad[0], dil[0]);
  const ow = convOut(w, kw, spec.stride[1], spec.pad[1], dil[1]);
  const inits = [{ name: 'W', dims: [...spec.weightShape], data: spec.weights }];
  const convInputs = ['x', 'W'];
  if (spec.bias) {
    inits.push({ name: 'B', dims: [o], data: spec.bias });
    convInputs.push('B');
  }
  const nodes: OnnxNode[] = [
    {
      opType: 'Conv',
      inputs: convInputs,
      outputs: [spec.relu ? 'conv' : 'y'],
      attributes: [
        intsAttr('kernel_shape', [kh, kw]),
        intsAttr('strides', spec.stride),
        intsAttr('pads', [spec.pad[0], spec.pad[1], spec.pad[0], spec.pad[1]]),
        intsAttr('dilations', dil),
        intAttr('group', spec.groups),
      ],
    },
  ];
  if (spec.relu) nodes.push({ opType: 'Relu', inputs: ['conv'], outputs: ['y'] });
  return encodeOnnxModel({
    name: 'conv',
    inputs: [{ name: 'x', shape: [n, c, h, w] }],
    outputs: [{ name: 'y', shape: [n, o, oh, ow] }],
    initializers: inits,
    nodes,
  });
}

export interface GemmModelSpec {
  /** A fixed batch, or a symbolic name such as 'N'. */
  readonly batch: Dim;
  /** [O, K] (Caffe InnerProduct layout), used with transB = 1. */
  readonly weights: Float32Array;
  readonly outFeatures: number;
  readonly inFeatures: number;
  readonly bias: Float32Array | null;
}

/** A one-Gemm model: `x` [N, K] -> `y` [N, O] = x W^T + b. */
export function buildGemmModel(spec: GemmModelSpec): Uint8Array {
  const { batch, outFeatures: o, inFeatures: k } = spec;
  const inits = [{ name: 'W', dims: [o, k], data: spec.weights }];
  const inputs = ['x', 'W'];
  if (spec.bias) {
    inits.push({ name: 'B', dims: [o], data: spec.bias });
    inputs.push('B');
  }
  return encodeOnnxModel({
    name: 'gemm',
    inputs: [{ name: 'x', shape: [batch, k] }],
    outputs: [{ name: 'y', shape: [batch, o] }],
    initializers: inits,
    nodes: [{ opType: 'Gemm', inputs, outputs: ['y'], attributes: [intAttr('transB', 1), floatAttr('alpha', 1), floatAttr('beta', 1)] }],
  });
}
