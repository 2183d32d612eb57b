// The dense GEMM micro-kernel shared by dense convolution (dense_conv.inc) and the dense inner product
// (gemm.inc): C[6 x kNR] (+)= A[6 x kc] * B[kc x kNR] with the bias / accumulate / ReLU epilogue.
#pragma once
#include "simd.h"

namespace sparsecnn {
namespace SPARSECNN_NS {

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

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn
