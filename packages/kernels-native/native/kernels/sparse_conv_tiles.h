// Register tiles of the direct sparse convolution (see sparse_conv.inc) and the tables that pick one by rows,
// vectors per row and (for the common padded pitches) a compile-time row stride. AVX-512 adds the shift-mode
// tiles for 13x13-like planes.
#pragma once
#include "simd.h"

namespace sparsecnn {
namespace SPARSECNN_NS {

// Every loop over a tile's rows / vectors is fully unrolled (`#pragma GCC unroll 32`): GCC unrolled the FMA loop
// but not the bias / partial-sum / store loops, so `acc` had to live in memory: every call zeroed it on the stack
// (`rep stos`) and spilled all accumulators after the non-zero loop. Per (output channel, block) call that was
// 10-22% of AVX-512 conv2-5 (conv2 1.02 -> 0.82 ms, conv5 0.33 -> 0.26 ms CPU at 1 thread).

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
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = b;
  } else {
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = vload(src + r * srcStride + v * VL);
  }
  for (int j = 0; j < n; j++) {
    const V w = vset1(val[j]);
    const float* p = in + off[j];
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = vfma(w, vload(p + r * rowStride + v * VL), acc[r][v]);
  }
  if (!final) {
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) vstore(dst + r * dstStride + v * VL, acc[r][v]);
    return;
  }
  if (relu) {
    const V z = vzero();
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = vmax(acc[r][v], z);
  }
  #pragma GCC unroll 32
  for (int r = 0; r < R; r++) {
    #pragma GCC unroll 32
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
  #pragma GCC unroll 32
  for (int r = 0; r < R; r++)
    #pragma GCC unroll 32
    for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
  for (int gq = 0; gq < kw; gq++) {
    if (gq > 0) {
      #pragma GCC unroll 32
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
      #pragma GCC unroll 32
      for (int r = 0; r < R; r++)
        #pragma GCC unroll 32
        for (int v = 0; v < NV; v++)
          acc[r][v] = _mm512_fmadd_ps(w, _mm512_loadu_ps(p + r * rowStride + v * 16), acc[r][v]);
    }
  }
  if (src == nullptr) {
    const __m512 b = _mm512_set1_ps(bias);
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_add_ps(acc[r][v], b);
  } else {
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_add_ps(acc[r][v], _mm512_loadu_ps(src + r * srcStride + v * 16));
  }
  if (!final) {
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) _mm512_storeu_ps(dst + r * dstStride + v * 16, acc[r][v]);
    return;
  }
  if (relu)
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++)
      #pragma GCC unroll 32
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_max_ps(acc[r][v], _mm512_setzero_ps());
  const int tail = lastN - (NV - 1) * 16;
  const __mmask16 m = (__mmask16)(tail >= 16 ? 0xffffu : ((1u << tail) - 1u));
  #pragma GCC unroll 32
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

// ---------------------------------------------------------------------------------------------------------------
// Pointwise (1x1, stride 1, no padding) tiles: the plane is one flat row of whole vectors (SparseConvPlan::pwPitch).
// A tile is R consecutive vectors at `in + off[j] + r * VL`; src / dst (partial sums or the output) are contiguous,
// and the output's last vector stores lastN lanes.
// ---------------------------------------------------------------------------------------------------------------
using PwTileFn = void (*)(const float* in, const int32_t* off, const float* val, int n, const float* src, float* dst,
                          int lastN, bool final, float bias, bool relu);
template <int R>
static void sconv_pw_tile(const float* in, const int32_t* off, const float* val, int n, const float* src, float* dst,
                          int lastN, bool final, float bias, bool relu) {
  V acc[R];
  if (src == nullptr) {
    const V b = vset1(bias);
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++) acc[r] = b;
  } else {
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++) acc[r] = vload(src + r * VL);
  }
  for (int j = 0; j < n; j++) {
    const V w = vset1(val[j]);
    const float* p = in + off[j];
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++) acc[r] = vfma(w, vload(p + r * VL), acc[r]);
  }
  if (!final) {
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++) vstore(dst + r * VL, acc[r]);
    return;
  }
  if (relu) {
    const V z = vzero();
    #pragma GCC unroll 32
    for (int r = 0; r < R; r++) acc[r] = vmax(acc[r], z);
  }
  #pragma GCC unroll 32
  for (int r = 0; r < R - 1; r++) vstore(dst + r * VL, acc[r]);
  vstore_n(dst + (R - 1) * VL, acc[R - 1], lastN);
}
struct PwTable {
  PwTileFn fn[kMaxTileRows + 1] = {};
};
template <int R>
struct FillPw {
  static void run(PwTable& t) {
    t.fn[R] = &sconv_pw_tile<R>;
    FillPw<R - 1>::run(t);
  }
};
template <>
struct FillPw<0> {
  static void run(PwTable&) {}
};
static const PwTable& pw_tiles() {
  static const PwTable t = [] { PwTable x; FillPw<kMaxTileRows>::run(x); return x; }();
  return t;
}

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn
