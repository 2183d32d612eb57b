// The entry point of every kernel family, declared once per ISA namespace. Each is defined by
// kernels/<family>.inc compiled in kernels/<family>_<isa>.cc; kernels/tables.cc puts them in the KernelTable
// (kernels.h) that addon.cc dispatches through. A family without an <isa> file is not declared for it.
#pragma once
#include "kernels.h"

#define SPARSECNN_SPARSE_CONV_ENTRY                                                                    \
  extern const int sparse_conv_lanes; /* VL of that build: the plan layout (SparseConvPlan::lanes) */ \
  void sparse_conv(const SparseConvPlan&, PadBuffers&, const float* in, int n, float* out, ThreadPool&, Workspace&);
#define SPARSECNN_DENSE_CONV_ENTRY \
  void dense_conv(const DenseConvPlan&, const float* in, int n, float* out, ThreadPool&, Workspace&);
#define SPARSECNN_GEMM_ENTRY                                                                     \
  void gemm(const GemmPlan&, const float* in, int n, float* out, ThreadPool&, Workspace&);       \
  /* y = A W^T + b with A packed in 6-row panels (gemm.inc; also the small-plane dense conv) */ \
  void gemm_packed(const GemmPlan&, const float* apack, int n, float* out, ThreadPool&);
#define SPARSECNN_SPMM_ENTRY void spmm(const SpmmPlan&, const float* in, int n, float* out, ThreadPool&, Workspace&);

namespace sparsecnn {
namespace avx512 {
SPARSECNN_SPARSE_CONV_ENTRY
SPARSECNN_DENSE_CONV_ENTRY
SPARSECNN_GEMM_ENTRY
}  // namespace avx512
namespace avx2 {
SPARSECNN_SPARSE_CONV_ENTRY
SPARSECNN_DENSE_CONV_ENTRY
SPARSECNN_GEMM_ENTRY
SPARSECNN_SPMM_ENTRY
}  // namespace avx2
namespace scalar {
SPARSECNN_SPARSE_CONV_ENTRY
SPARSECNN_DENSE_CONV_ENTRY
SPARSECNN_GEMM_ENTRY
SPARSECNN_SPMM_ENTRY
}  // namespace scalar
}  // namespace sparsecnn
