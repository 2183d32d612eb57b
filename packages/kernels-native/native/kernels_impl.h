// Kernel templates compiled once per ISA. The including file defines SPARSECNN_NS (the namespace) and, for the
// AVX2 build, SPARSECNN_AVX2 (and compiles with -mavx2 -mfma). Everything here lives in sparsecnn::SPARSECNN_NS,
// so the two builds never share a symbol.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "kernels.h"

#if defined(SPARSECNN_AVX2) || defined(SPARSECNN_AVX512)
#include <immintrin.h>
#endif

namespace sparsecnn {
namespace SPARSECNN_NS {

// ---------------------------------------------------------------------------------------------------------------
// 8-float vector abstraction: AVX2 registers, or a portable struct the compiler may map onto whatever SIMD the
// baseline target has.
// ---------------------------------------------------------------------------------------------------------------
#if defined(SPARSECNN_AVX512)
// 16-lane build (only the direct sparse convolution is compiled for it; see kernels_avx512.cc).
struct V {
  __m512 v;
};
constexpr int VL = 16;
static inline V vzero() { return {_mm512_setzero_ps()}; }
static inline V vset1(float x) { return {_mm512_set1_ps(x)}; }
static inline V vload(const float* p) { return {_mm512_loadu_ps(p)}; }
static inline void vstore(float* p, V a) { _mm512_storeu_ps(p, a.v); }
static inline V vfma(V a, V b, V c) { return {_mm512_fmadd_ps(a.v, b.v, c.v)}; }
static inline V vmax(V a, V b) { return {_mm512_max_ps(a.v, b.v)}; }
static inline void vstore_n(float* p, V a, int n) {
  if (n >= 16)
    _mm512_storeu_ps(p, a.v);
  else
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1u), a.v);
}
static inline V vload_n(const float* p, int n) {
  if (n >= 16) return vload(p);
  return {_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1u), p)};
}
#elif defined(SPARSECNN_AVX2)
struct V {
  __m256 v;
};
constexpr int VL = 8;
static inline V vzero() { return {_mm256_setzero_ps()}; }
static inline V vset1(float x) { return {_mm256_set1_ps(x)}; }
static inline V vload(const float* p) { return {_mm256_loadu_ps(p)}; }
static inline void vstore(float* p, V a) { _mm256_storeu_ps(p, a.v); }
static inline V vfma(V a, V b, V c) { return {_mm256_fmadd_ps(a.v, b.v, c.v)}; }
static inline V vmax(V a, V b) { return {_mm256_max_ps(a.v, b.v)}; }
static inline __m256i tail_mask(int n) {
  alignas(32) static const int32_t m[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + 8 - n));
}
static inline void vstore_n(float* p, V a, int n) {
  if (n >= 8)
    _mm256_storeu_ps(p, a.v);
  else
    _mm256_maskstore_ps(p, tail_mask(n), a.v);
}
static inline V vload_n(const float* p, int n) {
  if (n >= 8) return vload(p);
  return {_mm256_maskload_ps(p, tail_mask(n))};
}
static inline float vhsum(V a) {
  __m128 lo = _mm256_castps256_ps128(a.v), hi = _mm256_extractf128_ps(a.v, 1);
  lo = _mm_add_ps(lo, hi);
  lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
  lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
  return _mm_cvtss_f32(lo);
}
static inline V vgather16(const float* base, const uint16_t* idx) {
  __m256i i = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(idx)));
  return {_mm256_i32gather_ps(base, i, 4)};
}
#else
struct V {
  float f[8];
};
constexpr int VL = 8;
static inline V vzero() { return V{{0, 0, 0, 0, 0, 0, 0, 0}}; }
static inline V vset1(float x) { return V{{x, x, x, x, x, x, x, x}}; }
static inline V vload(const float* p) {
  V r;
  for (int i = 0; i < 8; i++) r.f[i] = p[i];
  return r;
}
static inline void vstore(float* p, V a) {
  for (int i = 0; i < 8; i++) p[i] = a.f[i];
}
static inline V vfma(V a, V b, V c) {
  V r;
  for (int i = 0; i < 8; i++) r.f[i] = a.f[i] * b.f[i] + c.f[i];
  return r;
}
static inline V vmax(V a, V b) {
  V r;
  for (int i = 0; i < 8; i++) r.f[i] = a.f[i] > b.f[i] ? a.f[i] : b.f[i];
  return r;
}
static inline void vstore_n(float* p, V a, int n) {
  for (int i = 0; i < n && i < 8; i++) p[i] = a.f[i];
}
static inline V vload_n(const float* p, int n) {
  V r = vzero();
  for (int i = 0; i < n && i < 8; i++) r.f[i] = p[i];
  return r;
}
static inline float vhsum(V a) {
  float s = 0;
  for (int i = 0; i < 8; i++) s += a.f[i];
  return s;
}
static inline V vgather16(const float* base, const uint16_t* idx) {
  V r;
  for (int i = 0; i < 8; i++) r.f[i] = base[idx[i]];
  return r;
}
#endif

static inline int ceil_div(int a, int b) { return (a + b - 1) / b; }

// ---------------------------------------------------------------------------------------------------------------
// Direct sparse convolution (PAPER-NOTES §1.4): an accumulator tile of R output rows x NV vectors of 8 output
// columns, initialised with the bias (or the partial sums of the previous input-channel block); every non-zero
// broadcasts one weight into R * NV FMAs with unaligned loads at `in + off[j] + r * rowStride + v * 8`.
// ---------------------------------------------------------------------------------------------------------------
using TileFn = void (*)(const float* in, int64_t rowStride, const int32_t* off, const float* val, int n,
                        const float* src, int64_t srcStride, float* dst, int64_t dstStride, int lastN, bool final,
                        float bias, bool relu);

// RS > 0: the row stride is a compile-time constant (the common padded pitches), so every load of the inner loop
// is `[in + off*4 + constant]` with no per-row address arithmetic; RS == 0 reads it from rowStride.
template <int R, int NV, int RS = 0>
static void sconv_tile(const float* in, int64_t rowStrideArg, const int32_t* off, const float* val, int n,
                       const float* src, int64_t srcStride, float* dst, int64_t dstStride, int lastN, bool final,
                       float bias, bool relu) {
  const int64_t rowStride = RS > 0 ? (int64_t)RS : rowStrideArg;
  V acc[R][NV];
  if (src == nullptr) {
    const V b = vset1(bias);
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = b;
  } else {
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = vload(src + r * srcStride + v * VL);
  }
  for (int j = 0; j < n; j++) {
    const V w = vset1(val[j]);
    const float* p = in + off[j];
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = vfma(w, vload(p + r * rowStride + v * VL), acc[r][v]);
  }
  if (!final) {
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) vstore(dst + r * dstStride + v * VL, acc[r][v]);
    return;
  }
  if (relu) {
    const V z = vzero();
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = vmax(acc[r][v], z);
  }
  for (int r = 0; r < R; r++) {
    for (int v = 0; v < NV - 1; v++) vstore(dst + r * dstStride + v * VL, acc[r][v]);
    vstore_n(dst + r * dstStride + (NV - 1) * VL, acc[r][NV - 1], lastN);
  }
}

#if defined(SPARSECNN_AVX512)
// Shift-mode tile (13x13-like planes, one vector per row): non-zeros grouped by kernel column q = kw-1 .. 0, all
// loads aligned at the column-0 position; between groups the accumulators move down dw lanes, so a product with
// in[x] added before k shifts lands in output lane x - k * dw, i.e. out[ow] = sum w * in[ow + q * dw].
using ShiftTileFn = void (*)(const float* in, int64_t rowStride, const int32_t* off, const float* val,
                             const int32_t* grp, int kw, __m512i idx, __m512i idx2, const float* src,
                             int64_t srcStride, float* dst, int64_t dstStride, int lastN, bool final, float bias,
                             bool relu);
// NV = 2 (rows of 17..32 floats): the two vectors of a row shift as one 32-lane register pair (vpermt2ps).
template <int R, int NV, int RS>
static void sconv_tile_shift(const float* in, int64_t rowStrideArg, const int32_t* off, const float* val,
                             const int32_t* grp, int kw, __m512i idx, __m512i idx2, const float* src,
                             int64_t srcStride, float* dst, int64_t dstStride, int lastN, bool final, float bias,
                             bool relu) {
  const int64_t rowStride = RS > 0 ? (int64_t)RS : rowStrideArg;
  __m512 acc[R][NV];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
  for (int gq = 0; gq < kw; gq++) {
    if (gq > 0) {
      for (int r = 0; r < R; r++) {
        if (NV == 2) {
          acc[r][0] = _mm512_permutex2var_ps(acc[r][0], idx2, acc[r][NV - 1]);
          acc[r][NV - 1] = _mm512_permutexvar_ps(idx, acc[r][NV - 1]);
        } else {
          acc[r][0] = _mm512_permutexvar_ps(idx, acc[r][0]);
        }
      }
    }
    for (int j = grp[gq]; j < grp[gq + 1]; j++) {
      const __m512 w = _mm512_set1_ps(val[j]);
      const float* p = in + off[j];
      for (int r = 0; r < R; r++)
        for (int v = 0; v < NV; v++)
          acc[r][v] = _mm512_fmadd_ps(w, _mm512_loadu_ps(p + r * rowStride + v * 16), acc[r][v]);
    }
  }
  if (src == nullptr) {
    const __m512 b = _mm512_set1_ps(bias);
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_add_ps(acc[r][v], b);
  } else {
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_add_ps(acc[r][v], _mm512_loadu_ps(src + r * srcStride + v * 16));
  }
  if (!final) {
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) _mm512_storeu_ps(dst + r * dstStride + v * 16, acc[r][v]);
    return;
  }
  if (relu)
    for (int r = 0; r < R; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_max_ps(acc[r][v], _mm512_setzero_ps());
  const int tail = lastN - (NV - 1) * 16;
  const __mmask16 m = (__mmask16)(tail >= 16 ? 0xffffu : ((1u << tail) - 1u));
  for (int r = 0; r < R; r++) {
    if (NV == 2) _mm512_storeu_ps(dst + r * dstStride, acc[r][0]);
    _mm512_mask_storeu_ps(dst + r * dstStride + (NV - 1) * 16, m, acc[r][NV - 1]);
  }
}
struct ShiftTable {
  ShiftTileFn fn[3][29] = {};
};
template <int R, int NV, int RS>
struct FillShift {
  static void run(ShiftTable& t) {
    t.fn[NV][R] = &sconv_tile_shift<R, NV, RS>;
    FillShift<R - 1, NV, RS>::run(t);
  }
};
template <int NV, int RS>
struct FillShift<0, NV, RS> {
  static void run(ShiftTable&) {}
};
static const ShiftTable& shift_tiles(int64_t rs) {
  static const ShiftTable generic = [] { ShiftTable t; FillShift<28, 1, 0>::run(t); FillShift<14, 2, 0>::run(t); return t; }();
  static const ShiftTable t16 = [] { ShiftTable t; FillShift<28, 1, 16>::run(t); return t; }();
  static const ShiftTable t32 = [] { ShiftTable t; FillShift<14, 2, 32>::run(t); return t; }();
  return rs == 16 ? t16 : rs == 32 ? t32 : generic;
}
#endif

constexpr int kMaxTileVec = 8;
#if defined(SPARSECNN_AVX512)
constexpr int kMaxTileRows = 28;
/** Rows per tile for NV vectors per row: keep R * NV accumulators within 28 of the 32 zmm registers. */
static inline int tile_rows(int nv) { return 28 / nv; }
#else
constexpr int kMaxTileRows = 14;
/** Rows per tile for NV vectors per row: keep R * NV accumulators within the 16 ymm registers. */
static inline int tile_rows(int nv) {
  switch (nv) {
    case 1: return 14;
    case 2: return 7;
    case 3: return 4;
    case 4: return 3;
    case 5: case 6: case 7: return 2;
    default: return 1;
  }
}
#endif

struct TileTable {
  TileFn fn[kMaxTileVec + 1][kMaxTileRows + 1] = {};
};
template <int NV, int R, int RS>
struct FillTiles {
  static void run(TileTable& t) {
    t.fn[NV][R] = &sconv_tile<R, NV, RS>;
    FillTiles<NV, R - 1, RS>::run(t);
  }
};
template <int NV, int RS>
struct FillTiles<NV, 0, RS> {
  static void run(TileTable&) {}
};
template <int RS>
static TileTable make_tiles() {
  TileTable t;
#if defined(SPARSECNN_AVX512)
  FillTiles<1, 28, RS>::run(t);
  FillTiles<2, 14, RS>::run(t);
  FillTiles<3, 9, RS>::run(t);
  FillTiles<4, 7, RS>::run(t);
  FillTiles<5, 5, RS>::run(t);
  FillTiles<6, 4, RS>::run(t);
  FillTiles<7, 4, RS>::run(t);
  FillTiles<8, 3, RS>::run(t);
#else
  FillTiles<1, 14, RS>::run(t);
  FillTiles<2, 7, RS>::run(t);
  FillTiles<3, 4, RS>::run(t);
  FillTiles<4, 3, RS>::run(t);
  FillTiles<5, 2, RS>::run(t);
  FillTiles<6, 2, RS>::run(t);
  FillTiles<7, 2, RS>::run(t);
  FillTiles<8, 1, RS>::run(t);
#endif
  return t;
}
/** Tiles for row stride rs: constant-stride instances for the common padded pitches, else the generic ones. */
static const TileTable& tiles(int64_t rs) {
  static const TileTable generic = make_tiles<0>();
  static const TileTable t16 = make_tiles<16>();
  static const TileTable t32 = make_tiles<32>();
  static const TileTable t64 = make_tiles<64>();
  switch (rs) {
    case 16: return t16;
    case 32: return t32;
    case 64: return t64;
    default: return generic;
  }
}

/** Copy channels [c0, c1) of one NCHW image into the (pre-zeroed) phase-split padded buffer. */
static void sconv_pack(const SparseConvPlan& P, const float* img, float* buf, int c0, int c1) {
  const ConvGeometry& g = P.g;
  for (int c = c0; c < c1; c++) {
    for (int h = 0; h < g.H; h++) {
      const float* src = img + ((int64_t)c * g.H + h) * g.W;
      float* row = buf + c * P.chanStride + (int64_t)(h + g.ph) * P.rowPitch;
#if defined(SPARSECNN_AVX512)
      if (g.sw == 1 && P.rowPitch % 16 == 0) {
        // Whole aligned 16-float vectors of every copy's row (padding lanes written as zeros by masked-zero loads,
        // which never touch memory outside their lanes): no partial, line-straddling stores.
        for (int q = 0; q < P.copies; q++) {
          const int shift = q * g.dw - g.pw;  // copy column x reads source column x + shift
          float* d = row + q * P.copyStride;
          for (int x0 = 0; x0 < P.rowPitch; x0 += 16) {
            const int c0 = x0 + shift;
            const int lo = std::max(0, -c0), hi = std::min(16, g.W - c0);
            const uint32_t m = hi > lo ? (((hi >= 16 ? 0x10000u : (1u << hi)) - 1u) & ~((1u << lo) - 1u)) : 0u;
            const float* sp = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(src) + (intptr_t)c0 * 4);
            _mm512_store_ps(d + x0, _mm512_maskz_loadu_ps((__mmask16)m, sp));
          }
        }
        continue;
      }
#endif
      if (g.sw == 1) {
        // copy q: padded column x + q * dw stored at x (columns left of 0 dropped; they are never read)
        for (int q = 0; q < P.copies; q++) {
          const int x0 = g.pw - q * g.dw;
          const int skip = x0 < 0 ? -x0 : 0;
          if (skip >= g.W) continue;
          float* d = row + q * P.copyStride + x0 + skip;
          const float* s = src + skip;
          const int len = g.W - skip;
          int w = 0;
          for (; w + VL <= len; w += VL) vstore(d + w, vload(s + w));
          if (w < len) vstore_n(d + w, vload_n(s + w, len - w), len - w);
        }
      } else {
        for (int w = 0; w < g.W; w++) {
          const int x = w + g.pw;
          row[(x % g.sw) * P.phaseLen + x / g.sw] = src[w];
        }
      }
    }
  }
}

/** Output channels [oc0, oc1) of one image: channel blocks outermost so each block's inputs stay in cache. */
static void sconv_ocblock(const SparseConvPlan& P, const float* buf, int oc0, int oc1, float* outImg, float* scratch) {
  const ConvGeometry& g = P.g;
  const int nb = P.numBlocks;
  const int Wv = P.vecPerRow;
  const int64_t rs = (int64_t)g.sh * P.rowPitch;
  const TileTable& T = tiles(rs);
#if defined(SPARSECNN_AVX512)
  __m512i shiftIdx = _mm512_setzero_si512(), shiftIdx2 = _mm512_setzero_si512();
  if (P.shiftMode) {
    alignas(64) int32_t ix[16], ix2[16];
    for (int i = 0; i < 16; i++) {
      ix[i] = std::min(15, i + g.dw);
      ix2[i] = std::min(31, i + g.dw);
    }
    shiftIdx = _mm512_load_si512(ix);
    shiftIdx2 = _mm512_load_si512(ix2);
  }
#endif
  const int64_t ss = (int64_t)Wv * VL;
  const int64_t planeOut = (int64_t)g.outH * g.outW;
  for (int b = 0; b < nb; b++) {
    const bool first = b == 0, last = b == nb - 1;
    for (int oc = oc0; oc < oc1; oc++) {
      const int32_t* bp = P.blockPtr.data() + (int64_t)oc * (nb + 1);
      const int j0 = bp[b], j1 = bp[b + 1];
      if (!first && !last && j0 == j1) continue;
      float* sc = scratch + (int64_t)(oc - oc0) * g.outH * ss;
      float* o = outImg + oc * planeOut;
      const int32_t* off = P.offsets.data() + j0;
      const float* val = P.values.data() + j0;
      const float bias = P.bias[oc];
#if defined(SPARSECNN_AVX512)
      if (P.shiftMode) {
        const ShiftTable& ST = shift_tiles(rs);
        const int32_t* grp = P.kcPtr.data() + ((int64_t)oc * nb + b) * (g.kw + 1);
        const int R = P.maxTileRows > 0 ? std::min(28 / Wv, P.maxTileRows) : 28 / Wv;
        for (int oh = 0; oh < g.outH; oh += R) {
          const int r = std::min(R, g.outH - oh);
          const float* src = first ? nullptr : sc + oh * ss;
          float* dst = last ? o + (int64_t)oh * g.outW : sc + oh * ss;
          ST.fn[Wv][r](buf + oh * rs, rs, P.offsets.data(), P.values.data(), grp, g.kw, shiftIdx, shiftIdx2, src, ss,
                       dst, last ? g.outW : ss, g.outW, last, bias, g.relu);
        }
        continue;
      }
#endif
      for (int cv = 0; cv < Wv; cv += kMaxTileVec) {
        const int nv = std::min(kMaxTileVec, Wv - cv);
        const int R = P.maxTileRows > 0 ? std::min(tile_rows(nv), P.maxTileRows) : tile_rows(nv);
        const int lastN = g.outW - (cv + nv - 1) * VL;
        for (int oh = 0; oh < g.outH; oh += R) {
          const int r = std::min(R, g.outH - oh);
          const float* src = first ? nullptr : sc + oh * ss + cv * VL;
          float* dst = last ? o + (int64_t)oh * g.outW + cv * VL : sc + oh * ss + cv * VL;
          T.fn[nv][r](buf + oh * rs + cv * VL, rs, off, val, j1 - j0, src, ss, dst, last ? g.outW : ss, lastN, last, bias,
                      g.relu);
        }
      }
    }
  }
}

static void sparse_conv(const SparseConvPlan& P, PadBuffers& pads, const float* in, int n, float* out, ThreadPool& pool,
                        Workspace& ws) {
  const int64_t work = 2 * P.nnz() * (int64_t)P.g.outH * P.g.outW * n;  // flops: below the pool threshold, one thread
  const ConvGeometry& g = P.g;
  const int T = pool.threads_for(work);
  const int64_t inImg = (int64_t)g.C * g.H * g.W;
  const int64_t outImg = (int64_t)g.O * g.outH * g.outW;
  const size_t scratchPerOc = (size_t)g.outH * P.vecPerRow * VL;
  if (n >= T && n > 1) {
    // Large batch: one image per task, each worker with its own padded buffer.
    for (int w = 0; w < T; w++) pads.get(w, P.bufLen);
    pool.parallel_for(n, work, [&](int i, int w) {
      float* buf = pads.get(w, P.bufLen);
      sconv_pack(P, in + i * inImg, buf, 0, g.C);
      const int ocb = 16;
      float* sc = P.numBlocks > 1 ? ws.get(w, scratchPerOc * ocb) : nullptr;
      for (int oc = 0; oc < g.O; oc += ocb) sconv_ocblock(P, buf, oc, std::min(g.O, oc + ocb), out + i * outImg, sc);
    });
    return;
  }
  // Small batch: all workers share one padded image and split the output channels.
  int ocb = std::max(1, std::min(16, g.O / (T * 6)));
  if (P.ocBlock > 0) ocb = P.ocBlock;
  const int blocks = ceil_div(g.O, ocb);
  float* buf = pads.get(0, P.bufLen);
  for (int i = 0; i < n; i++) {
    const int cchunk = std::max(1, ceil_div(g.C, T));
    // Pack in parallel even for small images: the copy is 20-40 us of L1-missing stores on conv2-5 (13x13, 27x27
    // planes), a serial prologue that cost more than the extra sync point (conv4 at 2 threads 0.20 -> 0.16 ms).
    if (T == 1) {
      sconv_pack(P, in + i * inImg, buf, 0, g.C);
    } else if (g.groups <= 64 && !std::getenv("SPARSECNN_TWO_PHASE")) {
      // One parallel_for: the first tasks pack (T chunks per group), the rest compute output-channel blocks, each
      // waiting only for its own group's chunks. Tasks are claimed in index order, so every pack task a compute
      // task waits for is already running on another thread (no deadlock), and group 1 packs while group 0 computes.
      const int Cg = g.Cg(), Og = g.Og();
      const int pc = std::max(1, ceil_div(Cg, T));
      const int perG = ceil_div(Cg, pc);
      const int packTasks = g.groups * perG;
      std::atomic<int> packed[64];
      for (int gi = 0; gi < g.groups; gi++) packed[gi].store(0, std::memory_order_relaxed);
      const float* img = in + i * inImg;
      pool.parallel_for(packTasks + blocks, work, [&](int t, int w) {
        if (t < packTasks) {
          const int gi = t / perG, c0 = gi * Cg + (t % perG) * pc;
          sconv_pack(P, img, buf, c0, std::min(gi * Cg + Cg, c0 + pc));
          packed[gi].fetch_add(1, std::memory_order_release);
          return;
        }
        t -= packTasks;
        const int o0 = t * ocb, o1 = std::min(g.O, (t + 1) * ocb);
        for (int gi = o0 / Og; gi <= (o1 - 1) / Og; gi++) {
          // the packing thread may have been preempted (a busy machine): after ~20 us, yield instead of spinning
          for (int spins = 0; packed[gi].load(std::memory_order_acquire) < perG; spins++) {
            if (spins < 2000) {
#if defined(__x86_64__) || defined(__i386__)
              __builtin_ia32_pause();
#endif
            } else {
              std::this_thread::yield();
            }
          }
        }
        float* sc = P.numBlocks > 1 ? ws.get(w, scratchPerOc * ocb) : nullptr;
        sconv_ocblock(P, buf, o0, o1, out + i * outImg, sc);
      });
      continue;
    } else {
      pool.parallel_for(ceil_div(g.C, cchunk), work, [&](int t, int) {
        sconv_pack(P, in + i * inImg, buf, t * cchunk, std::min(g.C, (t + 1) * cchunk));
      });
    }
    pool.parallel_for(blocks, work, [&](int t, int w) {
      float* sc = P.numBlocks > 1 ? ws.get(w, scratchPerOc * ocb) : nullptr;
      sconv_ocblock(P, buf, t * ocb, std::min(g.O, (t + 1) * ocb), out + i * outImg, sc);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dense GEMM micro-kernel: C[6 x 16] (+)= A[6 x kc] * B[kc x 16]; A packed [k][6], B packed [k][16].
// MR = rows actually computed (the rest of the 6-row panel is padding).
// ---------------------------------------------------------------------------------------------------------------
constexpr int kMR = 6;
constexpr int kNR = 2 * VL;  // 16 (AVX2, scalar) or 32 (AVX-512) columns per panel

struct MicroArgs {
  float* c;
  int64_t ldc;
  int mr, nr;
  bool first, last, relu;
  const float* biasRow;  // per row of C (conv: output channel) or null
  const float* biasCol;  // per column of C (FC: output feature) or null
};

template <int MR>
static void micro_epilogue(V (&acc)[MR][2], const MicroArgs& m);

#if defined(SPARSECNN_AVX512)
/** 6 x 32 AVX-512 kernel with named accumulators (GCC keeps an accumulator array in memory here). */
static void micro6_avx512(int kc, const float* a, const float* b, const MicroArgs& m) {
  __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m512 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int k = 0; k < kc; k++) {
    const __m512 b0 = _mm512_loadu_ps(b + k * kNR), b1 = _mm512_loadu_ps(b + k * kNR + 16);
    const float* ak = a + k * kMR;
    __m512 x = _mm512_set1_ps(ak[0]);
    c00 = _mm512_fmadd_ps(x, b0, c00); c01 = _mm512_fmadd_ps(x, b1, c01);
    x = _mm512_set1_ps(ak[1]);
    c10 = _mm512_fmadd_ps(x, b0, c10); c11 = _mm512_fmadd_ps(x, b1, c11);
    x = _mm512_set1_ps(ak[2]);
    c20 = _mm512_fmadd_ps(x, b0, c20); c21 = _mm512_fmadd_ps(x, b1, c21);
    x = _mm512_set1_ps(ak[3]);
    c30 = _mm512_fmadd_ps(x, b0, c30); c31 = _mm512_fmadd_ps(x, b1, c31);
    x = _mm512_set1_ps(ak[4]);
    c40 = _mm512_fmadd_ps(x, b0, c40); c41 = _mm512_fmadd_ps(x, b1, c41);
    x = _mm512_set1_ps(ak[5]);
    c50 = _mm512_fmadd_ps(x, b0, c50); c51 = _mm512_fmadd_ps(x, b1, c51);
  }
  V acc[6][2] = {{{c00}, {c01}}, {{c10}, {c11}}, {{c20}, {c21}}, {{c30}, {c31}}, {{c40}, {c41}}, {{c50}, {c51}}};
  micro_epilogue<6>(acc, m);
}
#endif

template <int MR, bool PF = false>
static void micro(int kc, const float* a, const float* b, const MicroArgs& m) {
#if defined(SPARSECNN_AVX512)
  if (MR == 6 && !PF) {
    micro6_avx512(kc, a, b, m);
    return;
  }
#endif
  V acc[MR][2];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = vzero();
  for (int k = 0; k < kc; k++) {
    if (PF) __builtin_prefetch(b + (k + 24) * kNR);  // B streams from DRAM (inner product weights)
    const V b0 = vload(b + k * kNR), b1 = vload(b + k * kNR + VL);
    for (int r = 0; r < MR; r++) {
      const V av = vset1(a[k * kMR + r]);
      acc[r][0] = vfma(av, b0, acc[r][0]);
      acc[r][1] = vfma(av, b1, acc[r][1]);
    }
  }
  micro_epilogue<MR>(acc, m);
}

/** Bias (first K block) or the running C (later blocks), ReLU on the last block, masked store of mr x nr. */
template <int MR>
static void micro_epilogue(V (&acc)[MR][2], const MicroArgs& m) {
  const int n0 = std::min(VL, m.nr), n1 = std::max(0, m.nr - VL);
  V bc0 = vzero(), bc1 = vzero();
  if (m.first && m.biasCol) {
    bc0 = vload_n(m.biasCol, n0);
    if (n1 > 0) bc1 = vload_n(m.biasCol + VL, n1);
  }
  const V one = vset1(1.0f);
  for (int r = 0; r < MR && r < m.mr; r++) {
    float* c = m.c + r * m.ldc;
    V x0 = acc[r][0], x1 = acc[r][1];
    if (m.first) {
      if (m.biasRow) {
        const V br = vset1(m.biasRow[r]);
        x0 = vfma(br, one, x0);
        x1 = vfma(br, one, x1);
      }
      if (m.biasCol) {
        x0 = vfma(bc0, one, x0);
        x1 = vfma(bc1, one, x1);
      }
    } else {
      x0 = vfma(vload_n(c, n0), one, x0);
      if (n1 > 0) x1 = vfma(vload_n(c + VL, n1), one, x1);
    }
    if (m.last && m.relu) {
      x0 = vmax(x0, vzero());
      x1 = vmax(x1, vzero());
    }
    vstore_n(c, x0, n0);
    if (n1 > 0) vstore_n(c + VL, x1, n1);
  }
}

template <bool PF = false>
static void micro_any(int kc, const float* a, const float* b, const MicroArgs& m) {
  switch (m.mr) {
    case 1: micro<1, PF>(kc, a, b, m); break;
    case 2: micro<2, PF>(kc, a, b, m); break;
    case 3: micro<3, PF>(kc, a, b, m); break;
    case 4: micro<4, PF>(kc, a, b, m); break;
    case 5: micro<5, PF>(kc, a, b, m); break;
    default: micro<6, PF>(kc, a, b, m); break;
  }
}

// Dense convolution = per (image, group, column chunk): im2col straight into packed 16-column panels, K-blocked.
constexpr int kNC = 96;
constexpr int kKC = 256;

static void pack_im2col(const DenseConvPlan& P, const float* img, int n0, int nc, int k0, int kc, float* bp) {
  const ConvGeometry& g = P.g;
  const int HW = g.outH * g.outW;
  const int khw = g.kh * g.kw;
  const int panels = ceil_div(nc, kNR);
  // zero the padding columns of the last panel
  if (nc % kNR) {
    float* last = bp + (int64_t)(panels - 1) * kc * kNR;
    for (int k = 0; k < kc; k++)
      for (int i = nc % kNR; i < kNR; i++) last[k * kNR + i] = 0.0f;
  }
  for (int kk = 0; kk < kc; kk++) {
    const int k = k0 + kk;
    if (P.pointwise) {
      const float* src = img + (int64_t)k * HW + n0;
      for (int p = 0; p < panels; p++) {
        const int w = std::min(kNR, nc - p * kNR);
        std::memcpy(bp + ((int64_t)p * kc + kk) * kNR, src + p * kNR, sizeof(float) * w);
      }
      continue;
    }
    const int c = k / khw, rem = k % khw, kr = rem / g.kw, kq = rem % g.kw;
    const int dy = kr * g.dh - g.ph, dx = kq * g.dw - g.pw;
    const float* ch = img + (int64_t)c * g.H * g.W;
    int j = 0;  // column within the chunk
    while (j < nc) {
      const int n = n0 + j;
      const int oh = n / g.outW, ow = n % g.outW;
      const int run = std::min(g.outW - ow, nc - j);
      const int y = oh * g.sh + dy;
      const bool rowOk = (unsigned)y < (unsigned)g.H;
      const float* row = ch + (int64_t)y * g.W;
      int t = 0;
      while (t < run) {
        const int jj = j + t;
        const int seg = std::min(run - t, kNR - jj % kNR);
        float* d = bp + ((int64_t)(jj / kNR) * kc + kk) * kNR + jj % kNR;
        if (!rowOk) {
          for (int s = 0; s < seg; s++) d[s] = 0.0f;
#if defined(SPARSECNN_AVX512)
        } else if (g.sw == 1) {
          // masked-zero loads (lanes outside the source row read nothing) and masked stores of the segment
          const int x0 = ow + t + dx;
          for (int s0 = 0; s0 < seg; s0 += 16) {
            const int c0 = x0 + s0;
            const int n = std::min(16, seg - s0);
            const int lo = std::max(0, -c0), hi = std::min(n, g.W - c0);
            const uint32_t m = hi > lo ? (((1u << hi) - 1u) & ~((1u << lo) - 1u)) : 0u;
            const float* sp = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(row) + (intptr_t)c0 * 4);
            _mm512_mask_storeu_ps(d + s0, (__mmask16)((1u << n) - 1u), _mm512_maskz_loadu_ps((__mmask16)m, sp));
          }
#endif
        } else if (g.sw == 1) {
          // contiguous source: zeros left of the row, a straight copy, zeros right of it
          const int x0 = ow + t + dx;
          const int lo = std::min(seg, std::max(0, -x0));
          const int hi = std::max(lo, std::min(seg, g.W - x0));
          for (int s = 0; s < lo; s++) d[s] = 0.0f;
          const float* src = row + x0;
          for (int s = lo; s < hi; s++) d[s] = src[s];
          for (int s = hi; s < seg; s++) d[s] = 0.0f;
#if defined(SPARSECNN_AVX512)
        } else if (g.sw == 2 || g.sw == 4) {
          // strided source (conv1 of SqueezeNet: 2, CaffeNet: 4): 16 columns from sw masked-zero vector loads and
          // lane permutes instead of a scalar loop with a bounds check per element (gathers were slower here)
          for (int s0 = 0; s0 < seg; s0 += 16) {
            const int n = std::min(16, seg - s0);
            const int xb = (ow + t + s0) * g.sw + dx;
            __m512 v[4];
            for (int q = 0; q < g.sw; q++) {
              const int c0 = xb + 16 * q;
              const int lo = std::min(16, std::max(0, -c0)), hi = std::max(lo, std::min(16, g.W - c0));
              const uint32_t m = hi > lo ? (((1u << hi) - 1u) & ~((1u << lo) - 1u)) : 0u;
              const float* sp = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(row) + (intptr_t)c0 * 4);
              v[q] = _mm512_maskz_loadu_ps((__mmask16)m, sp);
            }
            __m512 r;
            if (g.sw == 2) {
              r = _mm512_permutex2var_ps(v[0], _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), v[1]);
            } else {
              const __m512i i4 = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
              const __m512 lo8 = _mm512_permutex2var_ps(v[0], i4, v[1]);  // lanes 0-7
              const __m512 hi8 = _mm512_permutex2var_ps(v[2], i4, v[3]);  // lanes 0-7
              r = _mm512_shuffle_f32x4(lo8, hi8, 0x44);                    // lo8[0-7], hi8[0-7]
            }
            _mm512_mask_storeu_ps(d + s0, (__mmask16)((1u << n) - 1u), r);
          }
#endif
        } else {
          for (int s = 0; s < seg; s++) {
            const int x = (ow + t + s) * g.sw + dx;
            d[s] = (unsigned)x < (unsigned)g.W ? row[x] : 0.0f;
          }
        }
        t += seg;
      }
      j += run;
    }
  }
}

#if defined(SPARSECNN_AVX512)
// ---------------------------------------------------------------------------------------------------------------
// Implicit-GEMM dense convolution: the 32 columns of a micro tile are two 16-float output vectors (two halves of
// a row, or two rows of a narrow plane); B[k] is loaded straight from the padded input at koff[k] + base.
// ---------------------------------------------------------------------------------------------------------------
struct DirectOut {
  float* c0;
  float* c1;
  int64_t ldc;
  int n0, n1, mr;
  bool first, last, relu;
  const float* biasRow;
};

static inline void direct_store(__m512 x, float* c, int n, const DirectOut& m, float br) {
  if (n <= 0) return;
  const __mmask16 k = (__mmask16)(n >= 16 ? 0xffffu : ((1u << n) - 1u));
  if (m.first)
    x = _mm512_add_ps(x, _mm512_set1_ps(br));
  else
    x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(k, c));
  if (m.last && m.relu) x = _mm512_max_ps(x, _mm512_setzero_ps());
  _mm512_mask_storeu_ps(c, k, x);
}

template <int MR>
static void micro_direct(int kc, const float* a, const int32_t* koff, const float* b0p, const float* b1p,
                         const DirectOut& m) {
  __m512 c[MR][2];
  for (int r = 0; r < MR; r++) c[r][0] = c[r][1] = _mm512_setzero_ps();
  for (int k = 0; k < kc; k++) {
    const int64_t o = koff[k];
    const __m512 b0 = _mm512_loadu_ps(b0p + o), b1 = _mm512_loadu_ps(b1p + o);
    const float* ak = a + k * kMR;
    for (int r = 0; r < MR; r++) {
      const __m512 x = _mm512_set1_ps(ak[r]);
      c[r][0] = _mm512_fmadd_ps(x, b0, c[r][0]);
      c[r][1] = _mm512_fmadd_ps(x, b1, c[r][1]);
    }
  }
  for (int r = 0; r < MR && r < m.mr; r++) {
    const float br = m.biasRow[r];
    direct_store(c[r][0], m.c0 + r * m.ldc, m.n0, m, br);
    direct_store(c[r][1], m.c1 + r * m.ldc, m.n1, m, br);
  }
}

/** 6-row version with named accumulators (GCC keeps an accumulator array in memory here). */
static void micro_direct6(int kc, const float* a, const int32_t* koff, const float* b0p, const float* b1p,
                          const DirectOut& m) {
  __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m512 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int k = 0; k < kc; k++) {
    const int64_t o = koff[k];
    const __m512 b0 = _mm512_loadu_ps(b0p + o), b1 = _mm512_loadu_ps(b1p + o);
    const float* ak = a + k * kMR;
    __m512 x = _mm512_set1_ps(ak[0]);
    c00 = _mm512_fmadd_ps(x, b0, c00); c01 = _mm512_fmadd_ps(x, b1, c01);
    x = _mm512_set1_ps(ak[1]);
    c10 = _mm512_fmadd_ps(x, b0, c10); c11 = _mm512_fmadd_ps(x, b1, c11);
    x = _mm512_set1_ps(ak[2]);
    c20 = _mm512_fmadd_ps(x, b0, c20); c21 = _mm512_fmadd_ps(x, b1, c21);
    x = _mm512_set1_ps(ak[3]);
    c30 = _mm512_fmadd_ps(x, b0, c30); c31 = _mm512_fmadd_ps(x, b1, c31);
    x = _mm512_set1_ps(ak[4]);
    c40 = _mm512_fmadd_ps(x, b0, c40); c41 = _mm512_fmadd_ps(x, b1, c41);
    x = _mm512_set1_ps(ak[5]);
    c50 = _mm512_fmadd_ps(x, b0, c50); c51 = _mm512_fmadd_ps(x, b1, c51);
  }
  const __m512 acc[6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int r = 0; r < 6 && r < m.mr; r++) {
    const float br = m.biasRow[r];
    direct_store(acc[r][0], m.c0 + r * m.ldc, m.n0, m, br);
    direct_store(acc[r][1], m.c1 + r * m.ldc, m.n1, m, br);
  }
}

/** Whole padded image (zero borders written every call: the workspace is shared with other layers). */
static void direct_pack(const DenseConvPlan& P, const float* img, float* buf) {
  const ConvGeometry& g = P.g;
  const __m512 z = _mm512_setzero_ps();
  for (int c = 0; c < g.C; c++) {
    float* ch = buf + c * P.chanStride;
    for (int y = 0; y < P.padRows; y++) {
      float* row = ch + (int64_t)y * P.rowPitch;
      const int h = y - g.ph;
      if (h < 0 || h >= g.H) {
        for (int x0 = 0; x0 < P.rowPitch; x0 += 16) _mm512_store_ps(row + x0, z);
        continue;
      }
      const float* src = img + ((int64_t)c * g.H + h) * g.W;
      for (int x0 = 0; x0 < P.rowPitch; x0 += 16) {
        const int c0 = x0 - g.pw;
        const int lo = std::max(0, -c0), hi = std::min(16, g.W - c0);
        const uint32_t mk = hi > lo ? (((hi >= 16 ? 0x10000u : (1u << hi)) - 1u) & ~((1u << lo) - 1u)) : 0u;
        const float* sp = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(src) + (intptr_t)c0 * 4);
        _mm512_store_ps(row + x0, _mm512_maskz_loadu_ps((__mmask16)mk, sp));
      }
    }
  }
  // slack beyond the channels (read only by lanes that are never stored)
  for (int64_t i = (int64_t)g.C * P.chanStride; i < P.bufLen; i++) buf[i] = 0.0f;
}

static void dense_conv_direct(const DenseConvPlan& P, const float* in, int n, float* out, ThreadPool& pool,
                              Workspace& ws) {
  const int64_t work = 2 * (int64_t)P.g.O * P.K * P.g.outH * P.g.outW * n;  // flops: below the pool threshold, one thread
  const ConvGeometry& g = P.g;
  const int HW = g.outH * g.outW;
  const int Cg = g.Cg(), Og = g.Og();
  const int nvec = g.outH * P.vecPerRow;
  const int ntiles = ceil_div(nvec, 2);
  // 3 tiles (96 columns) per task, K blocks of 512 (measured: 128 -> 512 saves ~9%; ip-outer order no better)
  constexpr int kTilesPerTask = 3;
  constexpr int kKCd = 512;
  const int chunks = ceil_div(ntiles, kTilesPerTask);
  const int64_t inImg = (int64_t)g.C * g.H * g.W;
  const int64_t outImg = (int64_t)g.O * HW;
  // 64-byte aligned padded buffer in worker 0's second workspace slot
  float* raw = ws.get(0, (size_t)P.bufLen + 16, 1);
  float* buf = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(raw) + 63) & ~uintptr_t(63));
  for (int img = 0; img < n; img++) {
    direct_pack(P, in + img * inImg, buf);
    // few (group, chunk) tasks for the threads: also split the 6-row weight panels
    const int psplit = std::max(1, std::min(P.panels, ceil_div(2 * pool.size(), g.groups * chunks)));
    const int pper = ceil_div(P.panels, psplit);
    pool.parallel_for(g.groups * chunks * psplit, work, [&](int tt, int) {
      const int ps = tt % psplit, t = tt / psplit;
      const int chunk = t % chunks, gi = t / chunks;
      const int p0 = ps * pper, p1 = std::min(P.panels, p0 + pper);
      const float* gbuf = buf + (int64_t)gi * Cg * P.chanStride;
      float* obase = out + img * outImg + (int64_t)gi * Og * HW;
      const int t0 = chunk * kTilesPerTask, t1 = std::min(ntiles, t0 + kTilesPerTask);
      for (int k0 = 0; k0 < P.K; k0 += kKCd) {
        const int kc = std::min(kKCd, P.K - k0);
        for (int ti = t0; ti < t1; ti++) {
          const int j0 = 2 * ti, j1 = 2 * ti + 1 < nvec ? 2 * ti + 1 : 2 * ti;
          const int oh0 = j0 / P.vecPerRow, v0 = j0 % P.vecPerRow, oh1 = j1 / P.vecPerRow, v1 = j1 % P.vecPerRow;
          const float* b0 = gbuf + (int64_t)oh0 * g.sh * P.rowPitch + v0 * 16;
          const float* b1 = gbuf + (int64_t)oh1 * g.sh * P.rowPitch + v1 * 16;
          DirectOut m;
          m.ldc = HW;
          m.n0 = std::min(16, g.outW - v0 * 16);
          m.n1 = j1 == j0 ? 0 : std::min(16, g.outW - v1 * 16);
          m.first = k0 == 0;
          m.last = k0 + kc >= P.K;
          m.relu = g.relu;
          for (int ip = p0; ip < p1; ip++) {
            const int m0 = ip * kMR;
            m.c0 = obase + (int64_t)m0 * HW + oh0 * g.outW + v0 * 16;
            m.c1 = obase + (int64_t)m0 * HW + oh1 * g.outW + v1 * 16;
            m.mr = std::min(kMR, Og - m0);
            m.biasRow = P.bias.data() + gi * Og + m0;
            const float* a = P.apack.data() + (((int64_t)gi * P.panels + ip) * P.K + k0) * kMR;
            const int32_t* ko = P.koff.data() + k0;
            switch (m.mr) {
              case 1: micro_direct<1>(kc, a, ko, b0, b1, m); break;
              case 2: micro_direct<2>(kc, a, ko, b0, b1, m); break;
              case 3: micro_direct<3>(kc, a, ko, b0, b1, m); break;
              case 4: micro_direct<4>(kc, a, ko, b0, b1, m); break;
              case 5: micro_direct<5>(kc, a, ko, b0, b1, m); break;
              default: micro_direct6(kc, a, ko, b0, b1, m); break;
            }
          }
        }
      }
    });
  }
}
#endif

static void dense_conv(const DenseConvPlan& P, const float* in, int n, float* out, ThreadPool& pool, Workspace& ws) {
  const int64_t work = 2 * (int64_t)P.g.O * P.K * P.g.outH * P.g.outW * n;  // flops: below the pool threshold, one thread
#if defined(SPARSECNN_AVX512)
  if (P.direct) {
    dense_conv_direct(P, in, n, out, pool, ws);
    return;
  }
#endif
  const ConvGeometry& g = P.g;
  const int HW = g.outH * g.outW;
  const int Cg = g.Cg(), Og = g.Og();
  const int chunks = ceil_div(HW, kNC);
  const int64_t inImg = (int64_t)g.C * g.H * g.W;
  const int64_t outImg = (int64_t)g.O * HW;
  const int tasks = n * g.groups * chunks;
  pool.parallel_for(tasks, work, [&](int t, int w) {
    const int chunk = t % chunks, gi = (t / chunks) % g.groups, img = t / (chunks * g.groups);
    const int n0 = chunk * kNC, nc = std::min(kNC, HW - n0);
    const float* src = in + img * inImg + (int64_t)gi * Cg * g.H * g.W;
    float* bp = ws.get(w, (size_t)kKC * kNC);
    const int npan = ceil_div(nc, kNR);
    for (int k0 = 0; k0 < P.K; k0 += kKC) {
      const int kc = std::min(kKC, P.K - k0);
      pack_im2col(P, src, n0, nc, k0, kc, bp);
      for (int jp = 0; jp < npan; jp++) {
        for (int ip = 0; ip < P.panels; ip++) {
          const int m0 = ip * kMR;
          MicroArgs m;
          m.c = out + img * outImg + (int64_t)(gi * Og + m0) * HW + n0 + jp * kNR;
          m.ldc = HW;
          m.mr = std::min(kMR, Og - m0);
          m.nr = std::min(kNR, nc - jp * kNR);
          m.first = k0 == 0;
          m.last = k0 + kc >= P.K;
          m.relu = g.relu;
          m.biasRow = P.bias.data() + gi * Og + m0;
          m.biasCol = nullptr;
          const float* a = P.apack.data() + (((int64_t)gi * P.panels + ip) * P.K + k0) * kMR;
          micro_any(kc, a, bp + (int64_t)jp * kc * kNR, m);
        }
      }
    }
  });
}

#if !defined(SPARSECNN_AVX512)
// Dense inner product: y[N x O] = X[N x K] * W^T; X packed per call into 6-row panels, W^T panels prepared once.
static void gemm(const GemmPlan& P, const float* in, int n, float* out, ThreadPool& pool, Workspace& ws) {
  const int64_t work = 2 * (int64_t)P.O * P.K * n;  // flops: below the pool threshold, one thread
  const int mpan = ceil_div(n, kMR);
  float* apack = ws.get(0, (size_t)mpan * P.K * kMR, 1);
  for (int p = 0; p < mpan; p++) {
    float* a = apack + (int64_t)p * P.K * kMR;
    for (int r = 0; r < kMR; r++) {
      const int row = p * kMR + r;
      if (row < n) {
        const float* x = in + (int64_t)row * P.K;
        for (int k = 0; k < P.K; k++) a[k * kMR + r] = x[k];
      } else {
        for (int k = 0; k < P.K; k++) a[k * kMR + r] = 0.0f;
      }
    }
  }
  const int perTask = std::max(1, std::min(8, P.panels / (pool.size() * 4)));
  const int tasks = ceil_div(P.panels, perTask);
  // K blocks of 512: each streamed 16-column weight panel block (32 KB) is reused from L1/L2 by every 6-row input panel.
  constexpr int kKcFc = 512;
  pool.parallel_for(tasks, work, [&](int t, int) {
    for (int jp = t * perTask; jp < std::min(P.panels, (t + 1) * perTask); jp++) {
      for (int k0 = 0; k0 < P.K; k0 += kKcFc) {
        const int kc = std::min(kKcFc, P.K - k0);
        for (int ip = 0; ip < mpan; ip++) {
          MicroArgs m;
          m.c = out + (int64_t)ip * kMR * P.O + jp * kNR;
          m.ldc = P.O;
          m.mr = std::min(kMR, n - ip * kMR);
          m.nr = std::min(kNR, P.O - jp * kNR);
          m.first = k0 == 0;
          m.last = k0 + kc >= P.K;
          m.relu = P.relu;
          m.biasRow = nullptr;
          m.biasCol = P.bias.data() + jp * kNR;
          const float* a = apack + ((int64_t)ip * P.K + k0) * kMR;
          const float* b = P.bpack.data() + ((int64_t)jp * P.K + k0) * kNR;
          if (ip == 0)
            micro_any<true>(kc, a, b, m);
          else
            micro_any<false>(kc, a, b, m);
        }
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Sparse inner product (CSR with 16-bit column indices per 64k-column block).
// ---------------------------------------------------------------------------------------------------------------
/** acc[0..NV) += sum_j vals[j] * xt[cols[j] * Np + 8v ...]; two interleaved accumulator banks hide the FMA latency. */
template <int NV>
static void spmm_row(const float* x, int64_t Np, const uint16_t* cols, const float* vals, int j0, int j1, V* acc) {
  V a[2][NV];
  for (int v = 0; v < NV; v++) a[0][v] = a[1][v] = vzero();
  int j = j0;
  for (; j + 2 <= j1; j += 2) {
    __builtin_prefetch(vals + j + 128);
    __builtin_prefetch(cols + j + 256);
    const V w0 = vset1(vals[j]), w1 = vset1(vals[j + 1]);
    const float* p0 = x + (int64_t)cols[j] * Np;
    const float* p1 = x + (int64_t)cols[j + 1] * Np;
    for (int v = 0; v < NV; v++) {
      a[0][v] = vfma(w0, vload(p0 + v * 8), a[0][v]);
      a[1][v] = vfma(w1, vload(p1 + v * 8), a[1][v]);
    }
  }
  if (j < j1) {
    const V w0 = vset1(vals[j]);
    const float* p0 = x + (int64_t)cols[j] * Np;
    for (int v = 0; v < NV; v++) a[0][v] = vfma(w0, vload(p0 + v * 8), a[0][v]);
  }
  const V one = vset1(1.0f);
  for (int v = 0; v < NV; v++) acc[v] = vfma(a[0][v], one, vfma(a[1][v], one, acc[v]));
}

static void spmm(const SpmmPlan& P, const float* in, int n, float* out, ThreadPool& pool, Workspace& ws) {
  const int64_t work = 2 * (int64_t)P.values.size() * n + (int64_t)P.values.size() * 6;  // flops: below the pool threshold, one thread
  const int O = P.O, K = P.K;
  const int rowsPerTask = 64;
  const int tasks = ceil_div(O, rowsPerTask);
  if (n == 1) {
    pool.parallel_for(tasks, work, [&](int t, int) {
      for (int o = t * rowsPerTask; o < std::min(O, (t + 1) * rowsPerTask); o++) {
        V s0 = vzero(), s1 = vzero();
        float tail = 0.0f;
        for (int b = 0; b < P.numBlocks; b++) {
          const float* x = in + (int64_t)b * 65536;
          const int32_t* rp = P.rowPtr.data() + (int64_t)b * (O + 1);
          int j = rp[o];
          const int j1 = rp[o + 1];
          for (; j + 16 <= j1; j += 16) {
            // ~2 KiB ahead in both streams: hides DRAM latency and crosses 4 KiB pages the hardware prefetcher stops at.
            __builtin_prefetch(P.values.data() + j + 512);
            __builtin_prefetch(P.cols.data() + j + 1024);
            s0 = vfma(vload(P.values.data() + j), vgather16(x, P.cols.data() + j), s0);
            s1 = vfma(vload(P.values.data() + j + 8), vgather16(x, P.cols.data() + j + 8), s1);
          }
          for (; j < j1; j++) tail += P.values[j] * x[P.cols[j]];
        }
        float y = P.bias[o] + vhsum(s0) + vhsum(s1) + tail;
        if (P.relu && y < 0.0f) y = 0.0f;
        out[o] = y;
      }
    });
    return;
  }
  // Batch > 1: transpose X to [K][Np] (Np = n rounded up to 8) so each non-zero feeds whole vectors.
  const int Np = ceil_div(n, 8) * 8;
  float* xt = ws.get(0, (size_t)K * Np, 1);
  const int kchunk = 1024;
  pool.parallel_for(ceil_div(K, kchunk), work, [&](int t, int) {
    for (int k = t * kchunk; k < std::min(K, (t + 1) * kchunk); k++) {
      float* d = xt + (int64_t)k * Np;
      for (int i = 0; i < n; i++) d[i] = in[(int64_t)i * K + k];
      for (int i = n; i < Np; i++) d[i] = 0.0f;
    }
  });
  constexpr int NVB = 4;  // up to 32 batch columns per pass
  pool.parallel_for(tasks, work, [&](int t, int) {
    for (int o = t * rowsPerTask; o < std::min(O, (t + 1) * rowsPerTask); o++) {
      for (int c0 = 0; c0 < Np; c0 += NVB * 8) {
        const int nv = std::min(NVB, (Np - c0) / 8);
        V acc[NVB];
        for (int v = 0; v < NVB; v++) acc[v] = vset1(P.bias[o]);
        for (int b = 0; b < P.numBlocks; b++) {
          const float* x = xt + (int64_t)b * 65536 * Np + c0;
          const int32_t* rp = P.rowPtr.data() + (int64_t)b * (O + 1);
          const uint16_t* cols = P.cols.data();
          const float* vals = P.values.data();
          switch (nv) {
            case 1: spmm_row<1>(x, Np, cols, vals, rp[o], rp[o + 1], acc); break;
            case 2: spmm_row<2>(x, Np, cols, vals, rp[o], rp[o + 1], acc); break;
            case 3: spmm_row<3>(x, Np, cols, vals, rp[o], rp[o + 1], acc); break;
            default: spmm_row<4>(x, Np, cols, vals, rp[o], rp[o + 1], acc); break;
          }
        }
        alignas(32) float tmp[NVB * 8];
        for (int v = 0; v < nv; v++) vstore(tmp + v * 8, acc[v]);
        for (int i = 0; i < nv * 8 && c0 + i < n; i++) {
          float y = tmp[i];
          if (P.relu && y < 0.0f) y = 0.0f;
          out[(int64_t)(c0 + i) * O + o] = y;
        }
      }
    }
  });
}

#endif  // !SPARSECNN_AVX512

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn

#if defined(SPARSECNN_AVX512)
#define SPARSECNN_DENSE_ENTRIES &dense_conv, nullptr, nullptr
#else
#define SPARSECNN_DENSE_ENTRIES &dense_conv, &gemm, &spmm
#endif
#define SPARSECNN_DEFINE_TABLE(name)                                                                    \
  namespace sparsecnn {                                                                                 \
  namespace SPARSECNN_NS {                                                                              \
  const KernelTable& kernels() {                                                                        \
    static const KernelTable t = {name, VL, &sparse_conv, SPARSECNN_DENSE_ENTRIES};                      \
    return t;                                                                                           \
  }                                                                                                     \
  }                                                                                                     \
  }
