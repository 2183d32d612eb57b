// Prepared (load-time) layouts of the heavy kernels. Built and validated once in plans.cc, then only read by the
// per-ISA kernels (kernels/<family>.inc). All sizes are checked to fit int32 offsets at build time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sparsecnn {

/**
 * Allocator for large streamed weight arrays: blocks of 1 MiB or more are 2 MiB-aligned and marked MADV_HUGEPAGE
 * before they are first touched, so a cold pass over them costs a few TLB misses instead of one page walk per
 * 4 KiB (transparent huge pages are often in `madvise` mode). Smaller blocks use plain malloc.
 */
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    void* p = nullptr;
    if (bytes >= ((size_t)1 << 20)) {
      constexpr size_t kHuge = (size_t)2 << 20;
      const size_t len = (bytes + kHuge - 1) / kHuge * kHuge;
      if (posix_memalign(&p, kHuge, len) != 0) p = nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      if (p != nullptr) madvise(p, len, MADV_HUGEPAGE);
#endif
    } else {
      p = std::malloc(bytes > 0 ? bytes : 1);
    }
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) noexcept { std::free(p); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept { return false; }
};
template <class T>
using huge_vector = std::vector<T, HugePageAllocator<T>>;

struct ConvGeometry {
  int C = 0, H = 0, W = 0, O = 0;
  int kh = 1, kw = 1, sh = 1, sw = 1, ph = 0, pw = 0, dh = 1, dw = 1, groups = 1;
  int outH = 0, outW = 0;
  bool relu = false;
  int Cg() const { return C / groups; }
  int Og() const { return O / groups; }
};

/**
 * Direct sparse convolution (PAPER-NOTES §1.2-1.4), generalised to every stride and dilation: each padded input
 * row is split into `sw` phases (column x goes to phase x % sw, slot x / sw), so the inputs of consecutive output
 * columns are consecutive floats for any stride, and every non-zero becomes one offset into the padded buffer:
 *   off(ic, kr, kc) = ic * chanStride + kr * dh * rowPitch + ((kc * dw) % sw) * phaseLen + (kc * dw) / sw
 * Output (oh, ow) of every channel reads buffer[oh * sh * rowPitch + ow + off]. Offsets are absolute (they include
 * the group's channel base). Non-zeros of each row are split into input-channel blocks (blockPtr).
 */
struct SparseConvPlan {
  ConvGeometry g;
  int phaseLen = 0;       // slots per phase of a padded row
  int rowPitch = 0;       // sw * phaseLen
  int padRows = 0;        // H + 2 * ph
  int64_t chanStride = 0; // padRows * rowPitch
  int64_t bufLen = 0;     // padded buffer floats, including vector over-read slack
  // Stride-1 layers keep kw shifted copies of the padded input (copy q holds row[x + q * dw] at x), so every
  // non-zero's loads start at the same vector-aligned column and never split a cache line.
  int copies = 1;
  // AVX-512, stride-1 width, padded row = the output row's 1 or 2 vectors (13x13, 27x27 planes): offsets carry no column term (every load is
  // one aligned line); each (row, block)'s non-zeros are ordered by kernel column, kw-1 down to 0, with bounds in
  // kcPtr[(oc * numBlocks + b) * (kw + 1) ...], and the accumulators shift down dw lanes between columns.
  bool shiftMode = false;
  // 1x1, stride 1, no padding, plane of at least one vector (SqueezeNet/GoogLeNet/ResNet squeeze layers): each
  // channel is one flat row of pwPitch floats (H * W rounded up to whole vectors), spmm-style: a tile is R
  // consecutive vectors of the plane. pwPitch == H * W: the NCHW input is read in place; else it is copied into a
  // buffer of that pitch (zero tails: whole, aligned loads, none past the data). Offsets are channel * pwPitch.
  bool pointwise = false;
  int64_t pwPitch = 0;
  std::vector<int32_t> kcPtr;
  int64_t copyStride = 0; // C * chanStride when copies > 1
  int numBlocks = 1;
  int maxTileRows = 0;    // cap on accumulator rows per tile; 0 = the register budget (SPARSECNN_TILE_ROWS)
  int ocBlock = 0;        // output channels per batch-1 task; 0 = automatic (SPARSECNN_OC_BLOCK, read at prepare)
  int lanes = 8;          // vector width of the kernel this plan is laid out for (8: AVX2/scalar, 16: AVX-512)
  int vecPerRow = 1;      // ceil(outW / lanes)
  std::vector<int32_t> blockPtr;  // O * (numBlocks + 1)
  std::vector<int32_t> offsets;
  std::vector<float> values;
  std::vector<float> bias;        // O (zeros when the layer has none)
  int64_t nnz() const { return (int64_t)values.size(); }
};

/** Dense inner product: W^T packed once into 16-column panels (bpack[panel][k][16]), y = x W^T + b. */
struct GemmPlan {
  int O = 0, K = 0;
  int panels = 0;  // ceil(O / 16)
  bool relu = false;
  std::vector<float> bpack;
  std::vector<float> bias;
};

/** Dense convolution: weights packed once into 6-row panels per group (apack[g][panel][k][6]). */
struct DenseConvPlan {
  ConvGeometry g;
  int K = 0;           // Cg * kh * kw
  int panels = 0;      // ceil(Og / 6) per group
  bool pointwise = false;  // 1x1, stride 1, pad 0, dilation 1: B is the input itself
  std::vector<float> apack;
  std::vector<float> bias;
  // Implicit GEMM (AVX-512, stride-1 width, not pointwise): B is read straight from a padded copy of the input
  // (rows of rowPitch floats, a multiple of 16) at koff[k] + (output row base), no im2col. direct == false: im2col.
  bool direct = false;
  int rowPitch = 0;
  int padRows = 0;
  int64_t chanStride = 0;
  int64_t bufLen = 0;
  int vecPerRow = 0;       // ceil(outW / 16)
  std::vector<int32_t> koff;  // K offsets relative to the group's first channel
  // Small planes (groups 1, outH * outW <= kDenseTMaxHW: 7x7, 14x14 and LeNet-sized outputs): out^T[HW x O] =
  // im2col^T[HW x K] * W^T through the inner-product kernel, pixels as the 6-row side (49 pixels: 54 rows computed
  // instead of 64 columns) and output channels as the vector side; images batched into one matrix. apack and the
  // implicit-GEMM layout are then empty. B row (pixel) p of image i reads src[i * tImg + rowOff(p) + tkoff[k]],
  // src = the input (no padding) or a zero-padded copy (tPadH x tPadW per channel).
  bool transposed = false;
  GemmPlan wt;                 // W^T in 16-column panels, bias, ReLU
  int tPadH = 0, tPadW = 0;    // padded plane (H + 2 ph, W + 2 pw)
  std::vector<int32_t> tkoff;  // K offsets in the padded input
};

/** Largest output plane (outH * outW) that takes the transposed small-plane path. */
constexpr int kDenseTMaxHW = 256;


/**
 * Sparse inner product. Columns are cut into blocks of 65536 so that column indices fit 16 bits (6 bytes per
 * non-zero instead of 8, the batch-1 kernel is bandwidth-bound). Block b's row r holds entries
 * rowPtr[b * (O + 1) + r] .. rowPtr[b * (O + 1) + r + 1].
 */
struct SpmmPlan {
  int O = 0, K = 0;
  int numBlocks = 1;
  bool relu = false;
  huge_vector<int32_t> rowPtr;
  huge_vector<uint16_t> cols;
  huge_vector<float> values;
  std::vector<float> bias;
};

}  // namespace sparsecnn

namespace sparsecnn {

/** Validate a geometry (sizes, divisibility, int32 addressing) and fill outH/outW. Throws KernelError. */
void finish_geometry(ConvGeometry& g);

SparseConvPlan build_sparse_conv(const ConvGeometry& g, int channelBlock, int lanes, const int32_t* rowPtr,
                                 size_t rowPtrLen, const int32_t* colIdx, size_t colLen, const float* values,
                                 size_t valLen, const float* bias, size_t biasLen);
DenseConvPlan build_dense_conv(const ConvGeometry& g, const float* weights, size_t weightLen, const float* bias,
                               size_t biasLen);
GemmPlan build_gemm(int O, int K, bool relu, const float* weights, size_t weightLen, const float* bias, size_t biasLen);
SpmmPlan build_spmm(int O, int K, bool relu, const int32_t* rowPtr, size_t rowPtrLen, const int32_t* colIdx,
                    size_t colLen, const float* values, size_t valLen, const float* bias, size_t biasLen);

}  // namespace sparsecnn
