// The dense GEMM micro-kernel shared by dense convolution (dense_conv.inc, dense_conv_avx512.cc's implicit GEMM)
// and the dense inner product (gemm.inc, gemm_avx512.cc): C[6 x 2VL] (+)= A[6 x kc] * B[kc x 2VL] with the
// bias / accumulate / ReLU epilogue. One kernel for every caller: only where B's two VL-float halves are loaded
// from (a B source, below) and where the two halves of C go (Tile) differ.
#pragma once
#include "simd.h"

namespace sparsecnn {
namespace SPARSECNN_NS {

constexpr int kMR = 6;
constexpr int kNR = 2 * VL;  // 16 (AVX2, scalar) or 32 (AVX-512) columns per tile

/**
 * Where a 6 x 2VL tile goes: rows r of C at c0 + r * ldc (first VL columns, n0 of them valid) and c1 + r * ldc
 * (the other VL, n1 valid; 0 = none). A packed panel has c1 = c0 + VL; the implicit GEMM's two halves may be two
 * output rows of a narrow plane.
 */
struct Tile {
  float* c0;
  float* c1;
  int64_t ldc;
  int n0, n1, mr;
  bool first, last, relu;
  const float* biasRow;  // per row of C (conv: output channel) or null
  const float* biasCol;  // per column of C (FC: output feature; n0 + n1 contiguous) or null
};

// ---------------------------------------------------------------------------------------------------------------
// B sources: the two VL-float halves of B's row k.
// ---------------------------------------------------------------------------------------------------------------
/** Two strided streams: lo at b0 + k * ld, hi at b1 + k * ld (a packed [k][2VL] panel: b1 = b0 + VL, ld = 2VL). */
struct BStrided {
  const float* b0;
  const float* b1;
  int64_t ld;
  V lo(int k) const { return vload(b0 + k * ld); }
  V hi(int k) const { return vload(b1 + k * ld); }
  void prefetch(int k) const {
    __builtin_prefetch(b0 + k * ld);
    __builtin_prefetch(b1 + k * ld);
  }
};
/** Implicit GEMM: row k of B starts koff[k] floats after the tile's two bases (a padded input image). */
struct BOffsets {
  const int32_t* koff;
  const float* b0;
  const float* b1;
  V lo(int k) const { return vload(b0 + koff[k]); }
  V hi(int k) const { return vload(b1 + koff[k]); }
  void prefetch(int) const {}
};

template <int MR>
static inline void tile_store(V (&acc)[MR][2], const Tile& m);

/** Named accumulators for the full 6-row tile (GCC keeps an accumulator array in memory here). */
template <class B, bool PF>
static inline void micro6(int kc, const float* a, const B& b, const Tile& m) {
  V c00 = vzero(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  V c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int k = 0; k < kc; k++) {
    if (PF) b.prefetch(k + 24);  // B streams from DRAM (inner product weights)
    const V b0 = b.lo(k), b1 = b.hi(k);
    const float* ak = a + k * kMR;
    V x = vset1(ak[0]);
    c00 = vfma(x, b0, c00); c01 = vfma(x, b1, c01);
    x = vset1(ak[1]);
    c10 = vfma(x, b0, c10); c11 = vfma(x, b1, c11);
    x = vset1(ak[2]);
    c20 = vfma(x, b0, c20); c21 = vfma(x, b1, c21);
    x = vset1(ak[3]);
    c30 = vfma(x, b0, c30); c31 = vfma(x, b1, c31);
    x = vset1(ak[4]);
    c40 = vfma(x, b0, c40); c41 = vfma(x, b1, c41);
    x = vset1(ak[5]);
    c50 = vfma(x, b0, c50); c51 = vfma(x, b1, c51);
  }
  V acc[6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  tile_store<6>(acc, m);
}

/** C[MR x 2VL] (+)= A[MR x kc] * B[kc x 2VL]; A packed [k][kMR] (rows past MR are padding). */
template <int MR, class B, bool PF>
static inline void micro(int kc, const float* a, const B& b, const Tile& m) {
  if constexpr (MR == 6) {
    micro6<B, PF>(kc, a, b, m);
  } else {
    V acc[MR][2];
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = vzero();
    for (int k = 0; k < kc; k++) {
      if (PF) b.prefetch(k + 24);
      const V b0 = b.lo(k), b1 = b.hi(k);
      for (int r = 0; r < MR; r++) {
        const V av = vset1(a[k * kMR + r]);
        acc[r][0] = vfma(av, b0, acc[r][0]);
        acc[r][1] = vfma(av, b1, acc[r][1]);
      }
    }
    tile_store<MR>(acc, m);
  }
}

/** Bias (first K block) or the running C (later blocks), ReLU on the last block, masked store of mr x (n0 + n1). */
template <int MR>
static inline void tile_store(V (&acc)[MR][2], const Tile& m) {
  V bc0 = vzero(), bc1 = vzero();
  if (m.first && m.biasCol) {
    bc0 = vload_n(m.biasCol, m.n0);
    if (m.n1 > 0) bc1 = vload_n(m.biasCol + VL, m.n1);
  }
  const V one = vset1(1.0f);
  for (int r = 0; r < MR && r < m.mr; r++) {
    float* c0 = m.c0 + r * m.ldc;
    float* c1 = m.c1 + r * m.ldc;
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
      x0 = vfma(vload_n(c0, m.n0), one, x0);
      if (m.n1 > 0) x1 = vfma(vload_n(c1, m.n1), one, x1);
    }
    if (m.last && m.relu) {
      x0 = vmax(x0, vzero());
      x1 = vmax(x1, vzero());
    }
    vstore_n(c0, x0, m.n0);
    if (m.n1 > 0) vstore_n(c1, x1, m.n1);
  }
}

#if defined(SPARSECNN_AVX512)
/**
 * 12 x 32 (AVX-512 only: 24 accumulators of 32 zmm registers): two neighbouring 6-row A panels (a0, a1) over one
 * B tile, so each B row loaded feeds 24 FMAs instead of 12. Rows 6..11 come from a1; m.mr is 7..12.
 */
template <class B, bool PF>
static inline void micro12(int kc, const float* a0, const float* a1, const B& b, const Tile& m) {
#define SPARSECNN_ROW2(i) V c##i##0 = vzero(), c##i##1 = vzero();
  SPARSECNN_ROW2(0) SPARSECNN_ROW2(1) SPARSECNN_ROW2(2) SPARSECNN_ROW2(3) SPARSECNN_ROW2(4) SPARSECNN_ROW2(5)
  SPARSECNN_ROW2(6) SPARSECNN_ROW2(7) SPARSECNN_ROW2(8) SPARSECNN_ROW2(9) SPARSECNN_ROW2(a) SPARSECNN_ROW2(b)
#undef SPARSECNN_ROW2
  for (int k = 0; k < kc; k++) {
    if (PF) b.prefetch(k + 24);
    const V b0 = b.lo(k), b1 = b.hi(k);
    const float* p = a0 + k * kMR;
    const float* q = a1 + k * kMR;
#define SPARSECNN_FMA2(i, src) \
  {                            \
    const V x = vset1(src);    \
    c##i##0 = vfma(x, b0, c##i##0); \
    c##i##1 = vfma(x, b1, c##i##1); \
  }
    SPARSECNN_FMA2(0, p[0]) SPARSECNN_FMA2(1, p[1]) SPARSECNN_FMA2(2, p[2])
    SPARSECNN_FMA2(3, p[3]) SPARSECNN_FMA2(4, p[4]) SPARSECNN_FMA2(5, p[5])
    SPARSECNN_FMA2(6, q[0]) SPARSECNN_FMA2(7, q[1]) SPARSECNN_FMA2(8, q[2])
    SPARSECNN_FMA2(9, q[3]) SPARSECNN_FMA2(a, q[4]) SPARSECNN_FMA2(b, q[5])
#undef SPARSECNN_FMA2
  }
  V acc[12][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51},
                  {c60, c61}, {c70, c71}, {c80, c81}, {c90, c91}, {ca0, ca1}, {cb0, cb1}};
  tile_store<12>(acc, m);
}
#endif

/**
 * Rows [0, m.mr) of a tile whose A is the 6-row panel a0 (m.mr <= 6) or the panels a0 and a1 (m.mr <= 12: the
 * 12-row AVX-512 kernel; other builds run the two halves one after the other).
 */
template <bool PF = false, class B>
static void micro_rows(int kc, const float* a0, const float* a1, const B& b, Tile m);

/** The kernel for m.mr rows (1..6). */
template <bool PF = false, class B>
static void micro_any(int kc, const float* a, const B& b, const Tile& m) {
  switch (m.mr) {
    case 1: micro<1, B, PF>(kc, a, b, m); break;
    case 2: micro<2, B, PF>(kc, a, b, m); break;
    case 3: micro<3, B, PF>(kc, a, b, m); break;
    case 4: micro<4, B, PF>(kc, a, b, m); break;
    case 5: micro<5, B, PF>(kc, a, b, m); break;
    default: micro<6, B, PF>(kc, a, b, m); break;
  }
}

/** A tile of a packed [k][2VL] panel whose C columns are contiguous: nr = valid columns (1..2VL). */
static inline Tile panel_tile(float* c, int64_t ldc, int nr, int mr) {
  Tile t;
  t.c0 = c;
  t.c1 = c + VL;
  t.ldc = ldc;
  t.n0 = std::min(VL, nr);
  t.n1 = std::max(0, nr - VL);
  t.mr = mr;
  t.first = t.last = true;
  t.relu = false;
  t.biasRow = t.biasCol = nullptr;
  return t;
}

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn

namespace sparsecnn {
namespace SPARSECNN_NS {

template <bool PF, class B>
static void micro_rows(int kc, const float* a0, const float* a1, const B& b, Tile m) {
  if (m.mr <= kMR) {
    micro_any<PF>(kc, a0, b, m);
    return;
  }
#if defined(SPARSECNN_AVX512)
  // 7..9 rows: a 6-row and a 1..3-row call waste fewer FMAs, unless B streams from DRAM (PF): then one pass over it
  if (m.mr >= 10 || PF) {
    micro12<B, PF>(kc, a0, a1, b, m);
    return;
  }
#endif
  const int mr = m.mr;
  m.mr = kMR;
  micro_any<PF>(kc, a0, b, m);
  m.mr = mr - kMR;
  m.c0 += kMR * m.ldc;
  m.c1 += kMR * m.ldc;
  if (m.biasRow) m.biasRow += kMR;
  micro_any<false>(kc, a1, b, m);
}

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn
