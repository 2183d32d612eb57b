// The per-ISA kernel tables (kernels.h): pointers to the family entry points of kernels/entries.h. Compiled with
// the addon's baseline flags (it only takes addresses). AVX-512 has sparse and dense convolution and the dense
// inner product; addon.cc fills its sparse inner product from the AVX2 table.
#include "entries.h"

namespace sparsecnn {
namespace avx512 {
const KernelTable& kernels() {
  static const KernelTable t = {"avx512f", sparse_conv_lanes, &sparse_conv, &dense_conv, &gemm, nullptr};
  return t;
}
}  // namespace avx512
namespace avx2 {
const KernelTable& kernels() {
  static const KernelTable t = {"avx2", sparse_conv_lanes, &sparse_conv, &dense_conv, &gemm, &spmm};
  return t;
}
}  // namespace avx2
namespace scalar {
const KernelTable& kernels() {
  static const KernelTable t = {"scalar", sparse_conv_lanes, &sparse_conv, &dense_conv, &gemm, &spmm};
  return t;
}
}  // namespace scalar
}  // namespace sparsecnn
