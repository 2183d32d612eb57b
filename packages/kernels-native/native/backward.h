// Backward (training) kernels: gradients of dense and masked-sparse convolution, dense and masked-sparse inner
// product, pooling, ReLU and softmax cross-entropy. Parallel over images (convolutions) or rows (inner products) on
// the context's thread pool; per-worker partial weight gradients are summed at the end. The hot loops are compiled
// per ISA (AVX-512 / AVX2+FMA / baseline) and picked at load time by the compiler's function multiversioning.
#pragma once
#include <napi.h>

#include "thread_pool.h"

namespace sparsecnn {

/**
 * `ctx.backward(op, ...args)`: runs one backward op. Every size and index is validated here before any memory is
 * touched; bad arguments throw KernelError (E_ARGUMENT / E_SHAPE / E_RANGE). The caller holds the pool's run_mutex.
 */
Napi::Value backward_call(const Napi::CallbackInfo& info, ThreadPool& pool);

}  // namespace sparsecnn
