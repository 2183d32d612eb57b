// The per-ISA kernel table: the contract between addon.cc and the kernels. Each kernel family is one templated
// body, kernels/<family>.inc, compiled once per ISA by kernels/<family>_<isa>.cc (its own flags, its own namespace
// sparsecnn::<isa>); kernels/tables.cc fills the tables and addon.cc picks one per context at run time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <array>
#include <vector>

#include "plans.h"
#include "thread_pool.h"

namespace sparsecnn {

/** Per-worker scratch that only grows (run-time calls allocate nothing once warmed up). */
class Workspace {
 public:
  explicit Workspace(int workers) : slots_(workers < 1 ? 1 : workers) {}
  float* get(int worker, size_t n, size_t slot = 0) {
    auto& v = slots_[worker][slot];
    if (v.size() < n) v.resize(n);
    return v.data();
  }
  int workers() const { return (int)slots_.size(); }

 private:
  std::vector<std::array<std::vector<float>, 2>> slots_;
};

/** Zero-initialised padded input buffers of one sparse-conv plan, one per worker (only data positions are written). */
struct PadBuffers {
  std::vector<std::vector<float>> bufs;
  /** A 64-byte aligned, zero-initialised buffer of at least n floats for `worker`. */
  float* get(int worker, size_t n) {
    if ((int)bufs.size() <= worker) bufs.resize(worker + 1);
    auto& b = bufs[worker];
    if (b.size() < n + 16) b.assign(n + 16, 0.0f);
    const uintptr_t p = reinterpret_cast<uintptr_t>(b.data());
    return reinterpret_cast<float*>((p + 63) & ~uintptr_t(63));
  }
};

struct KernelTable {
  const char* isa;
  int sconv_lanes;  // vector width the sparse-conv plan must be built for (SparseConvPlan::lanes)
  void (*sparse_conv)(const SparseConvPlan&, PadBuffers&, const float* in, int n, float* out, ThreadPool&, Workspace&);
  void (*dense_conv)(const DenseConvPlan&, const float* in, int n, float* out, ThreadPool&, Workspace&);
  void (*gemm)(const GemmPlan&, const float* in, int n, float* out, ThreadPool&, Workspace&);
  void (*spmm)(const SpmmPlan&, const float* in, int n, float* out, ThreadPool&, Workspace&);
};

namespace avx2 {
const KernelTable& kernels();
}
namespace scalar {
const KernelTable& kernels();
}
namespace avx512 {
/** sparse_conv and dense_conv only; addon.cc completes the table with the AVX2 entries. */
const KernelTable& kernels();
}

}  // namespace sparsecnn
