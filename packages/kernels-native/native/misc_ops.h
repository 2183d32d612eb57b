// The light ops (pooling, ReLU, LRN, softmax, concat, eltwise, batch norm, scale): plain loops the compiler
// vectorises, parallel over planes where the work is worth it. Callers have validated every size.
#pragma once
#include <cstdint>

#include "thread_pool.h"

namespace sparsecnn {

struct PoolArgs {
  int N, C, H, W, outH, outW, kh, kw, sh, sw, ph, pw;
  bool max;
};
void pool2d(const PoolArgs& a, const float* in, float* out, ThreadPool& pool);
void relu(const float* in, float* out, int64_t n, float slope);
void lrn(const float* in, float* out, int N, int C, int H, int W, int size, float alpha, float beta, float k,
         bool across, ThreadPool& pool);
void softmax(const float* in, float* out, int64_t outer, int64_t len, int64_t inner);
void eltwise(const float* const* ins, int count, const float* coeffs, int op, float* out, int64_t n);
void channel_affine(const float* in, float* out, int64_t outer, int C, int64_t inner, const float* mul, const float* add);

}  // namespace sparsecnn
