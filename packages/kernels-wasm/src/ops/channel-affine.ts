/** y = x * scale[c] + shift[c] per channel: the shared kernel of batchNorm and scale (may run in place). */
import { outputTensor } from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';
import { splitAt, type WasmOpContext } from './context.js';

export function affineOp(c: WasmOpContext, input: Tensor, scale: Float32Array, shift: Float32Array | null, out: Tensor | undefined, what: string): Tensor {
  const y = out === input ? input : outputTensor(input.shape, out, what);
  const n = input.data.length;
  if (n === 0) return y;
  const [N, C, inner] = splitAt(input.shape, 1);
  c.withTemp([n, C, C], ([p, s, t]) => {
    const f = c.heap.f32();
    f.set(input.data, p! >> 2);
    f.set(scale, s! >> 2);
    if (shift) f.set(shift, t! >> 2);
    c.ex.affine(p!, p!, N, C, inner, s!, shift ? t! : 0);
    y.data.set(c.heap.f32().subarray(p! >> 2, (p! >> 2) + n));
  });
  return y;
}
