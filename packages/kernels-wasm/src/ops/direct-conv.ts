/** Prepare and run shared by conv2d and sparseConv2d: both go through the direct convolution of ../conv.ts. */
import { assertFloat, convOutputShape, outputTensor, type Conv2dSpec, type Prepared } from '@sparsecnn/kernels-api';
import type { CsrMatrix } from '@sparsecnn/sparse';
import type { Shape, Tensor } from '@sparsecnn/tensor';
import { prepareDirectConv, runDirectConv, type DirectConvState } from '../conv.js';
import { WasmPrepared, ownPrepared } from '../prepared.js';
import type { WasmOpContext } from './context.js';

export function convPrepare(c: WasmOpContext, kind: 'conv2d' | 'sparseConv2d', csr: CsrMatrix | Float32Array, bias: Float32Array | null, spec: Conv2dSpec) {
  const { state, blocks, bytes } = prepareDirectConv(c.heap, csr, bias, spec, c.convTuning);
  return c.track(
    new WasmPrepared(kind, c.owner, c.heap, blocks, bytes, state, (shape: Shape) => convOutputShape(state.spec, shape)),
  );
}

export function convRun(c: WasmOpContext, kind: 'conv2d' | 'sparseConv2d', input: Tensor, prepared: Prepared, out?: Tensor): Tensor {
  const p = ownPrepared<typeof kind, DirectConvState>(prepared, kind, c.owner, kind);
  assertFloat(input, 'convolution input');
  const shape = convOutputShape(p.state.spec, input.shape);
  const y = outputTensor(shape, out, 'convolution output');
  runDirectConv(c.heap, c.ex, p.state, input, y, c.pool);
  return y;
}
