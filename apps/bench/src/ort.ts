/**
 * onnxruntime (node or web: the same API) on one-node models the bench writes itself. Structural types only, so
 * either package's module object can be passed in.
 */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtSessionLike {
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensorLike>>;
  release?(): Promise<void>;
}

export interface OrtModuleLike {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

export interface OrtRunner {
  /** One inference on the fixed input; resolves with the output data. */
  run(): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export async function createOrtRunner(
  ort: OrtModuleLike,
  model: Uint8Array,
  input: Float32Array,
  inputShape: readonly number[],
  sessionOptions: Record<string, unknown>,
): Promise<OrtRunner> {
  const session = await ort.InferenceSession.create(model, sessionOptions);
  const x = new ort.Tensor('float32', input, inputShape);
  return {
    async run() {
      const res = await session.run({ x });
      const y = res['y'];
      if (!y || !(y.data instanceof Float32Array)) throw new Error('onnxruntime returned no float32 output y');
      return y.data;
    },
    async dispose() {
      await session.release?.();
    },
  };
}

/**
 * Session options for onnxruntime-node: `threads` intra-op threads, every graph optimisation, sequential. With
 * `spin` false its idle worker threads block instead of spinning (ORT's `session.intra_op.allow_spinning = 0`), so
 * that they do not take a core from the other library timed right after them on a 2-core machine.
 */
export function ortNodeOptions(threads: number, spin = process.env['SPARSECNN_BENCH_ORT_SPIN'] === '1'): Record<string, unknown> {
  return {
    ...(spin ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    executionProviders: ['cpu'],
  };
}
