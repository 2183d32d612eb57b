// The light ops (pooling, ReLU, LRN, softmax, eltwise, channel affine): compiled once per ISA (misc_ops.inc in
// misc_ops_{avx512,avx2,scalar}.cc, each with its own flags, like the kernel families of kernels/), vectorised
// loops parallel over chunks or planes where the work is worth it. misc_ops(isa) picks the table of the engine's
// kernel table ISA once, when the engine is made. Callers have validated every size.
#pragma once
#include <cstdint>

#include "thread_pool.h"

namespace sparsecnn {

struct PoolArgs {
  int N, C, H, W, outH, outW, kh, kw, sh, sw, ph, pw;
  bool max;
};

struct MiscOps {
  void (*pool2d)(const PoolArgs& a, const float* in, float* out, ThreadPool& pool);
  void (*relu)(const float* in, float* out, int64_t n, float slope, ThreadPool& pool);
  void (*lrn)(const float* in, float* out, int N, int C, int H, int W, int size, float alpha, float beta, float k,
              bool across, ThreadPool& pool);
  void (*softmax)(const float* in, float* out, int64_t outer, int64_t len, int64_t inner, ThreadPool& pool);
  /** op: 0 sum (with coeffs), 1 prod, 2 max; relu: max(0, .) of the result. `out` may alias an input. */
  void (*eltwise)(const float* const* ins, int count, const float* coeffs, int op, bool relu, float* out, int64_t n,
                  ThreadPool& pool);
  void (*channel_affine)(const float* in, float* out, int64_t outer, int C, int64_t inner, const float* mul,
                         const float* add, ThreadPool& pool);
};

namespace avx512 {
const MiscOps& misc_ops();
}
namespace avx2 {
const MiscOps& misc_ops();
}
namespace scalar {
const MiscOps& misc_ops();
}

/** The table for a KernelTable::isa name ("avx512f", "avx2", anything else: scalar). */
const MiscOps& misc_ops(const char* isa);

}  // namespace sparsecnn
