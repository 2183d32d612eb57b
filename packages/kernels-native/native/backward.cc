// Backward kernels (see backward.h). Layouts follow the forward ops: NCHW activations, weights [O, C/g, kh, kw] or
// [O, K], CSR rows = output channels with Caffe (ic, kr, kc) columns. Convolution gradients use a transposed
// im2col buffer colT[p][k] (one row per output position) so that both weight and input gradients are runs of
// contiguous multiply-adds over k.
#include "backward.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "errors.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define SCNN_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SCNN_CLONES
#endif

namespace sparsecnn {

namespace {

// ------------------------------------------------------------------------------------------------ hot loops

SCNN_CLONES void axpy(int n, float a, const float* x, float* y) {
  for (int i = 0; i < n; i++) y[i] += a * x[i];
}


/** Dot product with 16 independent partial sums (vectorises without reassociation flags). */
SCNN_CLONES float dot(int n, const float* x, const float* y) {
  float acc[16] = {0};
  int i = 0;
  for (; i + 16 <= n; i += 16)
    for (int j = 0; j < 16; j++) acc[j] += x[i + j] * y[i + j];
  float s = 0.0f;
  for (; i < n; i++) s += x[i] * y[i];
  for (int j = 0; j < 16; j++) s += acc[j];
  return s;
}

constexpr int MR = 6;
constexpr int NR = 16;

typedef float v16 __attribute__((vector_size(64)));

/**
 * C[m, n] += sum_l A[m * am + l * al] * B[l * ldb + n] for m < mr (<= MR), n < nc (<= NR; B must hold NR readable
 * columns): one register tile of MR accumulators of 16 floats (one zmm, two ymm or four xmm per accumulator).
 */
SCNN_CLONES void tile_acc(int mr, int L, const float* A, int64_t am, int64_t al, const float* B, int64_t ldb, float* C,
                          int64_t ldc, int nc) {
  v16 a0 = {}, a1 = {}, a2 = {}, a3 = {}, a4 = {}, a5 = {};
  if (mr == MR) {
    for (int l = 0; l < L; l++) {
      v16 b;
      std::memcpy(&b, B + (int64_t)l * ldb, sizeof b);
      const float* a = A + (int64_t)l * al;
      a0 += a[0] * b;
      a1 += a[am] * b;
      a2 += a[2 * am] * b;
      a3 += a[3 * am] * b;
      a4 += a[4 * am] * b;
      a5 += a[5 * am] * b;
    }
  } else {
    for (int l = 0; l < L; l++) {
      v16 b;
      std::memcpy(&b, B + (int64_t)l * ldb, sizeof b);
      const float* a = A + (int64_t)l * al;
      a0 += a[0] * b;
      if (mr > 1) a1 += a[am] * b;
      if (mr > 2) a2 += a[2 * am] * b;
      if (mr > 3) a3 += a[3 * am] * b;
      if (mr > 4) a4 += a[4 * am] * b;
    }
  }
  const v16 acc[MR] = {a0, a1, a2, a3, a4, a5};
  for (int r = 0; r < mr; r++) {
    float* c = C + (int64_t)r * ldc;
    if (nc == NR) {
      v16 cv;
      std::memcpy(&cv, c, sizeof cv);
      cv += acc[r];
      std::memcpy(c, &cv, sizeof cv);
    } else {
      for (int j = 0; j < nc; j++) c[j] += acc[r][j];
    }
  }
}

/**
 * The AVX-512 register tile: C[m, 0:32] += sum_l A[m * am + l * al] * B[l * ldb + 0:32] for m < mr (<= MR): twelve
 * independent zmm accumulators (two per row), enough to cover the FMA latency of both pipes (the 6 x 16 tile has six
 * and waits on them). B and C hold 32 readable / writable columns. Built for x86-64-v4 only: with AVX2 the 24 ymm
 * halves would spill, so that path keeps tile_acc.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define SCNN_WIDE 1
/** C[r, 0:16] += lo[r], C[r, 16:32] += hi[r] for r < mr: the store of both 6 x 32 weight-gradient tiles. */
__attribute__((target("arch=x86-64-v4"))) static inline void add_tile32(int mr, const v16 (&lo)[MR], const v16 (&hi)[MR], float* C,
                                                                       int64_t ldc) {
  for (int r = 0; r < mr; r++) {
    float* c = C + (int64_t)r * ldc;
    v16 c0, c1;
    std::memcpy(&c0, c, sizeof c0);
    std::memcpy(&c1, c + 16, sizeof c1);
    c0 += lo[r];
    c1 += hi[r];
    std::memcpy(c, &c0, sizeof c0);
    std::memcpy(c + 16, &c1, sizeof c1);
  }
}

__attribute__((target("arch=x86-64-v4"))) void tile_acc32(int mr, int L, const float* A, int64_t am, int64_t al, const float* B,
                                                          int64_t ldb, float* C, int64_t ldc) {
  v16 a0 = {}, a1 = {}, a2 = {}, a3 = {}, a4 = {}, a5 = {};
  v16 b0 = {}, b1 = {}, b2 = {}, b3 = {}, b4 = {}, b5 = {};
  if (mr == MR) {
    for (int l = 0; l < L; l++) {
      v16 x0, x1;
      std::memcpy(&x0, B + (int64_t)l * ldb, sizeof x0);
      std::memcpy(&x1, B + (int64_t)l * ldb + 16, sizeof x1);
      const float* a = A + (int64_t)l * al;
      const float s0 = a[0], s1 = a[am], s2 = a[2 * am], s3 = a[3 * am], s4 = a[4 * am], s5 = a[5 * am];
      a0 += s0 * x0;
      b0 += s0 * x1;
      a1 += s1 * x0;
      b1 += s1 * x1;
      a2 += s2 * x0;
      b2 += s2 * x1;
      a3 += s3 * x0;
      b3 += s3 * x1;
      a4 += s4 * x0;
      b4 += s4 * x1;
      a5 += s5 * x0;
      b5 += s5 * x1;
    }
  } else {
    for (int l = 0; l < L; l++) {
      v16 x0, x1;
      std::memcpy(&x0, B + (int64_t)l * ldb, sizeof x0);
      std::memcpy(&x1, B + (int64_t)l * ldb + 16, sizeof x1);
      const float* a = A + (int64_t)l * al;
      a0 += a[0] * x0;
      b0 += a[0] * x1;
      if (mr > 1) {
        a1 += a[am] * x0;
        b1 += a[am] * x1;
      }
      if (mr > 2) {
        a2 += a[2 * am] * x0;
        b2 += a[2 * am] * x1;
      }
      if (mr > 3) {
        a3 += a[3 * am] * x0;
        b3 += a[3 * am] * x1;
      }
      if (mr > 4) {
        a4 += a[4 * am] * x0;
        b4 += a[4 * am] * x1;
      }
    }
  }
  const v16 lo[MR] = {a0, a1, a2, a3, a4, a5};
  const v16 hi[MR] = {b0, b1, b2, b3, b4, b5};
  add_tile32(mr, lo, hi, C, ldc);
}
#endif

#ifdef SCNN_WIDE
/**
 * The direct (im2col-free) weight-gradient tile of an unpadded convolution: C[r, 0:32] += sum over output positions
 * (oh, ow) of x[off[r] + oh * rs + ow * cs] * B[(oh * outW + ow) * ldb + 0:32], r < mr. Row r is one weight
 * position k = (c, kr, kc) (off = its input offset), B = dY transposed ([P][O padded to 32]): the input windows are
 * read in place. Rows past mr repeat the last one and are dropped.
 */
__attribute__((target("arch=x86-64-v4"))) void tile_direct32(int mr, const int64_t* off, const float* x, int outH, int outW, int64_t rs,
                                                             int64_t cs, const float* B, int64_t ldb, float* C, int64_t ldc) {
  v16 a0 = {}, a1 = {}, a2 = {}, a3 = {}, a4 = {}, a5 = {};
  v16 b0 = {}, b1 = {}, b2 = {}, b3 = {}, b4 = {}, b5 = {};
  const float* x0 = x + off[0];
  const float* x1 = x + off[std::min(1, mr - 1)];
  const float* x2 = x + off[std::min(2, mr - 1)];
  const float* x3 = x + off[std::min(3, mr - 1)];
  const float* x4 = x + off[std::min(4, mr - 1)];
  const float* x5 = x + off[std::min(5, mr - 1)];
  for (int oh = 0; oh < outH; oh++) {
    const int64_t ro = oh * rs;
    const float* brow = B + (int64_t)oh * outW * ldb;
    for (int ow = 0; ow < outW; ow++) {
      const int64_t i = ro + ow * cs;
      v16 y0, y1;
      std::memcpy(&y0, brow + (int64_t)ow * ldb, sizeof y0);
      std::memcpy(&y1, brow + (int64_t)ow * ldb + 16, sizeof y1);
      const float s0 = x0[i], s1 = x1[i], s2 = x2[i], s3 = x3[i], s4 = x4[i], s5 = x5[i];
      a0 += s0 * y0;
      b0 += s0 * y1;
      a1 += s1 * y0;
      b1 += s1 * y1;
      a2 += s2 * y0;
      b2 += s2 * y1;
      a3 += s3 * y0;
      b3 += s3 * y1;
      a4 += s4 * y0;
      b4 += s4 * y1;
      a5 += s5 * y0;
      b5 += s5 * y1;
    }
  }
  const v16 lo[MR] = {a0, a1, a2, a3, a4, a5};
  const v16 hi[MR] = {b0, b1, b2, b3, b4, b5};
  add_tile32(mr, lo, hi, C, ldc);
}
#endif

bool use_wide_tile() {
#ifdef SCNN_WIDE
  // SPARSECNN_ISA=avx2 / scalar (the conformance runs per ISA) keep the 6 x 16 tiles, so those are tested here too.
  static const bool wide = [] {
    const char* isa = std::getenv("SPARSECNN_ISA");
    if (isa && (std::strcmp(isa, "avx2") == 0 || std::strcmp(isa, "scalar") == 0)) return false;
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq");
  }();
  return wide;
#else
  return false;
#endif
}

/**
 * C[M x N16] += A[M x L] B[L x N16] for N16 a multiple of 16, B and C padded to it (no panel copies): 6 x 32 tiles
 * where AVX-512 is there, 6 x 16 tiles for the rest.
 */
void gemm_acc_padded(int M, int N16, int L, const float* A, int64_t am, int64_t al, const float* B, int64_t ldb, float* C,
                     int64_t ldc) {
  int n0 = 0;
#ifdef SCNN_WIDE
  if (use_wide_tile()) {
    for (; n0 + 32 <= N16; n0 += 32)
      for (int m0 = 0; m0 < M; m0 += MR)
        tile_acc32(std::min(MR, M - m0), L, A + (int64_t)m0 * am, am, al, B + n0, ldb, C + (int64_t)m0 * ldc + n0, ldc);
  }
#endif
  for (; n0 < N16; n0 += NR)
    for (int m0 = 0; m0 < M; m0 += MR)
      tile_acc(std::min(MR, M - m0), L, A + (int64_t)m0 * am, am, al, B + n0, ldb, C + (int64_t)m0 * ldc + n0, ldc, NR);
}

/**
 * C[M x N] += A[M x L] B[L x N] with A addressed by strides (am per row, al per column: transposes for free), B and C
 * row-major. Register tiles of MR x NR; the last partial column block of B is copied into a zero-padded panel.
 */
void gemm_acc(int M, int N, int L, const float* A, int64_t am, int64_t al, const float* B, int64_t ldb, float* C, int64_t ldc,
              std::vector<float>& panel) {
  int start = 0;
#ifdef SCNN_WIDE
  if (use_wide_tile()) {
    for (; start + 32 <= N; start += 32)
      for (int m0 = 0; m0 < M; m0 += MR)
        tile_acc32(std::min(MR, M - m0), L, A + (int64_t)m0 * am, am, al, B + start, ldb, C + (int64_t)m0 * ldc + start, ldc);
  }
#endif
  for (int n0 = start; n0 < N; n0 += NR) {
    const int nc = std::min(NR, N - n0);
    const float* b = B + n0;
    int64_t lb = ldb;
    if (nc < NR) {
      panel.assign((size_t)L * NR, 0.0f);
      for (int l = 0; l < L; l++)
        for (int j = 0; j < nc; j++) panel[(size_t)l * NR + j] = B[(int64_t)l * ldb + n0 + j];
      b = panel.data();
      lb = NR;
    }
    for (int m0 = 0; m0 < M; m0 += MR) {
      tile_acc(std::min(MR, M - m0), L, A + (int64_t)m0 * am, am, al, b, lb, C + (int64_t)m0 * ldc + n0, ldc, nc);
    }
  }
}

// ------------------------------------------------------------------------------------------------ geometry

struct Geom {
  int C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, G, outH, outW;
  int cg() const { return C / G; }
  int og() const { return O / G; }
  int K() const { return cg() * kh * kw; }
  int P() const { return outH * outW; }
  int64_t in_item() const { return (int64_t)C * H * W; }
  int64_t out_item() const { return (int64_t)O * outH * outW; }
};

Geom geom_of(const int32_t* a, size_t len) {
  require(len == 14, "E_ARGUMENT", "geometry must hold 14 integers");
  Geom g{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], 0, 0};
  require(g.C >= 1 && g.H >= 1 && g.W >= 1 && g.O >= 1 && g.kh >= 1 && g.kw >= 1 && g.sh >= 1 && g.sw >= 1 &&
              g.ph >= 0 && g.pw >= 0 && g.dh >= 1 && g.dw >= 1 && g.G >= 1,
          "E_ARGUMENT", "invalid convolution geometry");
  require(g.C % g.G == 0 && g.O % g.G == 0, "E_ARGUMENT", "groups must divide the channel counts");
  const int64_t ekh = (int64_t)(g.kh - 1) * g.dh + 1, ekw = (int64_t)(g.kw - 1) * g.dw + 1;
  require((int64_t)g.H + 2 * g.ph >= ekh && (int64_t)g.W + 2 * g.pw >= ekw, "E_SHAPE", "the kernel is larger than the padded input");
  g.outH = (int)(((int64_t)g.H + 2 * g.ph - ekh) / g.sh + 1);
  g.outW = (int)(((int64_t)g.W + 2 * g.pw - ekw) / g.sw + 1);
  require((int64_t)g.K() * g.P() < (int64_t)1 << 31 && g.in_item() < (int64_t)1 << 31 && g.out_item() < (int64_t)1 << 31,
          "E_OVERFLOW", "convolution too large");
  return g;
}

/**
 * colT[p * ld + k] (ld >= K; the columns from K on are left alone) for one group of one image (k = (c, kr, kc) within the group). Each (p, c, kr) is a run of kw
 * values: copied straight when the window row lies inside the image (stride-1 rows of a dilation-1 kernel are
 * contiguous), bounds-checked per value only at the borders. Geometry lives in locals so that the stores through
 * colT cannot force reloads.
 */
template <int KW>
void im2col_t_k(const Geom& g, const float* __restrict x, int group, float* __restrict colT, int64_t ld) {
  // KW > 0: the kernel width as a constant (the runs become straight moves); 0: read from g.
  const int cg = g.cg(), H = g.H, W = g.W, kh = g.kh, kw = KW > 0 ? KW : g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
  const int dh = g.dh, dw = g.dw, outH = g.outH, outW = g.outW;
  const int64_t HW = (int64_t)H * W;
  const float* __restrict xg = x + (int64_t)group * cg * HW;
  for (int oh = 0; oh < outH; oh++) {
    for (int ow = 0; ow < outW; ow++) {
      float* __restrict row = colT + (int64_t)(oh * outW + ow) * ld;
      const int iw0 = ow * sw - pw;
      const bool inside = iw0 >= 0 && iw0 + (kw - 1) * dw < W;
      for (int c = 0; c < cg; c++) {
        const float* __restrict plane = xg + c * HW;
        for (int kr = 0; kr < kh; kr++, row += kw) {
          const int ih = oh * sh - ph + kr * dh;
          if (ih < 0 || ih >= H) {
            for (int kc = 0; kc < kw; kc++) row[kc] = 0.0f;
            continue;
          }
          const float* __restrict src = plane + (int64_t)ih * W;
          if (inside) {
            if (dw == 1) {
              for (int kc = 0; kc < kw; kc++) row[kc] = src[iw0 + kc];
            } else {
              for (int kc = 0; kc < kw; kc++) row[kc] = src[iw0 + kc * dw];
            }
          } else {
            for (int kc = 0; kc < kw; kc++) {
              const int iw = iw0 + kc * dw;
              row[kc] = iw >= 0 && iw < W ? src[iw] : 0.0f;
            }
          }
        }
      }
    }
  }
}

/** gx (one image) += scatter of dcolT (one group, rows of ld floats); the same run structure as im2col_t. */
template <int KW>
void col2im_t_add_k(const Geom& g, const float* __restrict dcolT, int group, float* __restrict gx, int64_t ld) {
  const int cg = g.cg(), H = g.H, W = g.W, kh = g.kh, kw = KW > 0 ? KW : g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
  const int dh = g.dh, dw = g.dw, outH = g.outH, outW = g.outW;
  const int64_t HW = (int64_t)H * W;
  float* __restrict xg = gx + (int64_t)group * cg * HW;
  for (int oh = 0; oh < outH; oh++) {
    for (int ow = 0; ow < outW; ow++) {
      const float* __restrict row = dcolT + (int64_t)(oh * outW + ow) * ld;
      const int iw0 = ow * sw - pw;
      const bool inside = iw0 >= 0 && iw0 + (kw - 1) * dw < W;
      for (int c = 0; c < cg; c++) {
        float* __restrict plane = xg + c * HW;
        for (int kr = 0; kr < kh; kr++, row += kw) {
          const int ih = oh * sh - ph + kr * dh;
          if (ih < 0 || ih >= H) continue;
          float* __restrict dst = plane + (int64_t)ih * W;
          if (inside) {
            if (dw == 1) {
              for (int kc = 0; kc < kw; kc++) dst[iw0 + kc] += row[kc];
            } else {
              for (int kc = 0; kc < kw; kc++) dst[iw0 + kc * dw] += row[kc];
            }
          } else {
            for (int kc = 0; kc < kw; kc++) {
              const int iw = iw0 + kc * dw;
              if (iw >= 0 && iw < W) dst[iw] += row[kc];
            }
          }
        }
      }
    }
  }
}

void im2col_t(const Geom& g, const float* x, int group, float* colT, int64_t ld) {
  switch (g.kw) {
    case 3: return im2col_t_k<3>(g, x, group, colT, ld);
    case 5: return im2col_t_k<5>(g, x, group, colT, ld);
    default: return im2col_t_k<0>(g, x, group, colT, ld);
  }
}

void col2im_t_add(const Geom& g, const float* dcolT, int group, float* gx, int64_t ld) {
  switch (g.kw) {
    case 3: return col2im_t_add_k<3>(g, dcolT, group, gx, ld);
    case 5: return col2im_t_add_k<5>(g, dcolT, group, gx, ld);
    default: return col2im_t_add_k<0>(g, dcolT, group, gx, ld);
  }
}

/** col[k * P + p] (row-major im2col) for one group of one image. */
void im2col(const Geom& g, const float* x, int group, float* col) {
  const int cg = g.cg(), P = g.P();
  int k = 0;
  for (int c = 0; c < cg; c++) {
    const float* plane = x + (int64_t)(group * cg + c) * g.H * g.W;
    for (int kr = 0; kr < g.kh; kr++) {
      for (int kc = 0; kc < g.kw; kc++, k++) {
        float* dst = col + (int64_t)k * P;
        for (int oh = 0; oh < g.outH; oh++) {
          const int ih = oh * g.sh - g.ph + kr * g.dh;
          for (int ow = 0; ow < g.outW; ow++) {
            const int iw = ow * g.sw - g.pw + kc * g.dw;
            dst[oh * g.outW + ow] = ih >= 0 && ih < g.H && iw >= 0 && iw < g.W ? plane[ih * g.W + iw] : 0.0f;
          }
        }
      }
    }
  }
}

void col2im_add(const Geom& g, const float* dcol, int group, float* gx) {
  const int cg = g.cg(), P = g.P();
  int k = 0;
  for (int c = 0; c < cg; c++) {
    float* plane = gx + (int64_t)(group * cg + c) * g.H * g.W;
    for (int kr = 0; kr < g.kh; kr++) {
      for (int kc = 0; kc < g.kw; kc++, k++) {
        const float* src = dcol + (int64_t)k * P;
        for (int oh = 0; oh < g.outH; oh++) {
          const int ih = oh * g.sh - g.ph + kr * g.dh;
          if (ih < 0 || ih >= g.H) continue;
          for (int ow = 0; ow < g.outW; ow++) {
            const int iw = ow * g.sw - g.pw + kc * g.dw;
            if (iw >= 0 && iw < g.W) plane[ih * g.W + iw] += src[oh * g.outW + ow];
          }
        }
      }
    }
  }
}

/** Per-worker scratch that lives for one call. */
struct Scratch {
  std::vector<std::vector<float>> bufs;
  explicit Scratch(int workers) : bufs(workers) {}
  float* get(int w, size_t n) {
    auto& b = bufs[w];
    if (b.size() < n) b.assign(n, 0.0f);
    return b.data();
  }
};

/**
 * Deterministic batch reduction of per-image gradient sums into out_a[0, na) and out_b[0, nb): the batch is cut
 * into C = min(n, 4 x threads) contiguous chunks (1 x threads when the sums are large; fixed for a given n,
 * thread count and gradient size); body(b0, b1, acc, worker)
 * accumulates images [b0, b1) in image order into its chunk's zeroed buffer acc (acc[0, na) for out_a, then
 * acc[na, na + nb) for out_b), and the chunks are summed in chunk order. A run is thus bit-identical whichever
 * worker picks up which chunk (a resumed training run reproduces an uninterrupted one).
 */
template <class Body>
void chunked_batch_reduce(int n, ThreadPool& pool, size_t na, float* out_a, size_t nb, float* out_b, Body body) {
  // Four chunks per thread (when their sums fit in 16 MB): a worker the OS deschedules on a loaded machine then holds
  // back at most a quarter of its share, as the others claim the remaining chunks.
  const int per = (na + nb) * (size_t)pool.size() * 4 <= ((size_t)1 << 22) ? 4 : 1;
  const int C = std::max(1, std::min(n, pool.size() * per));
  std::vector<std::vector<float>> acc(C);
  pool.parallel_for(C, [&](int c, int wk) {
    acc[c].assign(na + nb, 0.0f);
    body((int)((int64_t)n * c / C), (int)((int64_t)n * (c + 1) / C), acc[c].data(), wk);
  });
  std::memset(out_a, 0, sizeof(float) * na);
  std::memset(out_b, 0, sizeof(float) * nb);
  for (int c = 0; c < C; c++) {
    const float* a = acc[c].data();
    for (size_t i = 0; i < na; i++) out_a[i] += a[i];
    for (size_t i = 0; i < nb; i++) out_b[i] += a[na + i];
  }
}

// ------------------------------------------------------------------------------------------------ kernels

/**
 * Dense convolution gradients, per image and group: colT = im2col_t(x) with rows padded to Kp = K rounded up to 16
 * (zero columns), dW[o, :] += dY[o, :] colT (one gemm over the P positions), db[o] += sum dY[o, :], and, when the
 * input gradient is wanted, dcolT = dY^T Wp (Wp = W padded to Kp columns) scattered back into dX. The padding lets
 * every register tile run full width with no panel copies; the padded weight-gradient sums are compacted at the end.
 */
void conv2d_backward(const Geom& g, int n, const float* x, const float* w, const float* gy, float* gx, float* gw,
                     float* gb, bool input_grad, ThreadPool& pool) {
  const int K = g.K(), P = g.P(), og = g.og(), T = pool.size();
  const int Kp = (K + NR - 1) / NR * NR;
  const size_t wpad = (size_t)g.O * Kp;
  // Unpadded convolutions on AVX-512 take the weight gradient directly from the input (tile_direct32, no im2col):
  // dW^T[k, o] += sum_p x[window k at p] dY^T[p, o], with O (per group) padded to 32 columns.
  const bool direct = use_wide_tile() && g.ph == 0 && g.pw == 0;
  const int Op = (og + 31) / 32 * 32;
  const size_t na = direct ? (size_t)g.G * K * Op : wpad;
  std::vector<int64_t> offs(direct ? K + MR : 0, 0);
  if (direct) {
    int k = 0;
    for (int c = 0; c < g.cg(); c++)
      for (int kr = 0; kr < g.kh; kr++)
        for (int kc = 0; kc < g.kw; kc++, k++) offs[k] = (int64_t)c * g.H * g.W + (int64_t)kr * g.dh * g.W + (int64_t)kc * g.dw;
  }
  std::vector<float> wp(input_grad ? wpad : 0, 0.0f);
  if (input_grad)
    for (int o = 0; o < g.O; o++) std::memcpy(wp.data() + (size_t)o * Kp, w + (size_t)o * K, sizeof(float) * K);
  std::vector<float> acc(na);
  Scratch colS(T), dcolS(T);
  std::memset(gx, 0, sizeof(float) * (size_t)n * g.in_item());
  chunked_batch_reduce(n, pool, na, acc.data(), g.O, gb, [&](int b0, int b1, float* lgw, int wk) {
    float* lgb = lgw + na;
    // direct: dY^T of one group ([P][Op], the padding columns stay zero); else the padded im2col rows.
    float* colT = colS.get(wk, direct ? (size_t)P * Op : (size_t)P * Kp);
    float* dcolT = input_grad ? dcolS.get(wk, (size_t)P * Kp) : nullptr;
    for (int b = b0; b < b1; b++) {
      const float* xb = x + (int64_t)b * g.in_item();
      const float* gyb = gy + (int64_t)b * g.out_item();
      float* gxb = gx + (int64_t)b * g.in_item();
      for (int grp = 0; grp < g.G; grp++) {
        const int o0 = grp * og;
#ifdef SCNN_WIDE
        if (direct) {
          for (int o = 0; o < og; o++) {
            const float* r = gyb + (int64_t)(o0 + o) * P;
            for (int p = 0; p < P; p++) colT[(int64_t)p * Op + o] = r[p];
          }
          const float* xg = xb + (int64_t)grp * g.cg() * g.H * g.W;
          float* dwt = lgw + (size_t)grp * K * Op;
          for (int m0 = 0; m0 < K; m0 += MR)
            for (int n0 = 0; n0 < Op; n0 += 32)
              tile_direct32(std::min(MR, K - m0), offs.data() + m0, xg, g.outH, g.outW, (int64_t)g.sh * g.W, g.sw, colT + n0, Op,
                            dwt + (int64_t)m0 * Op + n0, Op);
        } else
#endif
        {
          im2col_t(g, xb, grp, colT, Kp);
          // dW[o, :] += sum_p dY[o, p] colT[p, :]
          gemm_acc_padded(og, Kp, P, gyb + (int64_t)o0 * P, P, 1, colT, Kp, lgw + (int64_t)o0 * Kp, Kp);
        }
        for (int o = o0; o < o0 + og; o++) {
          const float* r = gyb + (int64_t)o * P;
          float s = 0.0f;
          for (int p = 0; p < P; p++) s += r[p];
          lgb[o] += s;
        }
        if (!input_grad) continue;
        // dcolT[p, :] = sum_o dY[o, p] W[o, :], then scattered back into dX
        std::memset(dcolT, 0, sizeof(float) * (size_t)P * Kp);
        gemm_acc_padded(P, Kp, og, gyb + (int64_t)o0 * P, 1, P, wp.data() + (int64_t)o0 * Kp, Kp, dcolT, Kp);
        col2im_t_add(g, dcolT, grp, gxb, Kp);
      }
    }
  });
  if (direct) {
    for (int o = 0; o < g.O; o++) {
      const int grp = o / og;
      const float* src = acc.data() + (size_t)grp * K * Op + (o - grp * og);
      for (int k = 0; k < K; k++) gw[(size_t)o * K + k] = src[(size_t)k * Op];
    }
  } else {
    for (int o = 0; o < g.O; o++) std::memcpy(gw + (size_t)o * K, acc.data() + (size_t)o * Kp, sizeof(float) * K);
  }
}

void sparse_conv2d_backward(const Geom& g, int n, const float* x, const int32_t* rowPtr, const int32_t* colIdx,
                            const float* vals, int nnz, const float* gy, float* gx, float* gv, float* gb, ThreadPool& pool) {
  const int K = g.K(), P = g.P(), og = g.og(), T = pool.size();
  Scratch colS(T), dcolS(T);
  std::memset(gx, 0, sizeof(float) * (size_t)n * g.in_item());
  chunked_batch_reduce(n, pool, (size_t)nnz, gv, g.O, gb, [&](int b0, int b1, float* lgv, int wk) {
    float* lgb = lgv + nnz;
    float* col = colS.get(wk, (size_t)K * P);
    float* dcol = dcolS.get(wk, (size_t)K * P);
    for (int b = b0; b < b1; b++) {
      const float* xb = x + (int64_t)b * g.in_item();
      const float* gyb = gy + (int64_t)b * g.out_item();
      float* gxb = gx + (int64_t)b * g.in_item();
      for (int grp = 0; grp < g.G; grp++) {
        im2col(g, xb, grp, col);
        std::memset(dcol, 0, sizeof(float) * (size_t)K * P);
        for (int o = grp * og; o < (grp + 1) * og; o++) {
          const float* r = gyb + (int64_t)o * P;
          float s = 0.0f;
          for (int p = 0; p < P; p++) s += r[p];
          lgb[o] += s;
          for (int j = rowPtr[o]; j < rowPtr[o + 1]; j++) {
            const int c = colIdx[j];
            lgv[j] += dot(P, r, col + (int64_t)c * P);
            axpy(P, vals[j], r, dcol + (int64_t)c * P);
          }
        }
        col2im_add(g, dcol, grp, gxb);
      }
    }
  });
}

void gemm_backward(int N, int O, int K, const float* x, const float* w, const float* gy, float* gx, float* gw, float* gb,
                   bool input_grad, ThreadPool& pool) {
  const int T = pool.size();
  std::vector<std::vector<float>> panels(T);
  // dX[N x K] = dY[N x O] W[O x K]; dW[O x K] = dY^T[O x N] X[N x K]; row blocks of either as tasks.
  const int xRows = MR * std::max(1, (N + MR * T * 2 - 1) / (MR * T * 2));
  const int xTasks = input_grad ? (N + xRows - 1) / xRows : 0;
  const int wRows = MR * std::max(1, (O + MR * T * 4 - 1) / (MR * T * 4));
  const int wTasks = (O + wRows - 1) / wRows;
  pool.parallel_for(xTasks + wTasks, [&](int t, int wk) {
    if (t < xTasks) {
      const int r0 = t * xRows, r1 = std::min(N, r0 + xRows);
      std::memset(gx + (int64_t)r0 * K, 0, sizeof(float) * (size_t)(r1 - r0) * K);
      gemm_acc(r1 - r0, K, O, gy + (int64_t)r0 * O, O, 1, w, K, gx + (int64_t)r0 * K, K, panels[wk]);
      return;
    }
    const int r0 = (t - xTasks) * wRows, r1 = std::min(O, r0 + wRows);
    std::memset(gw + (int64_t)r0 * K, 0, sizeof(float) * (size_t)(r1 - r0) * K);
    gemm_acc(r1 - r0, K, N, gy + r0, 1, O, x, K, gw + (int64_t)r0 * K, K, panels[wk]);
    for (int o = r0; o < r1; o++) {
      float s = 0.0f;
      for (int nn = 0; nn < N; nn++) s += gy[(int64_t)nn * O + o];
      gb[o] = s;
    }
  });
  if (!input_grad) std::memset(gx, 0, sizeof(float) * (size_t)N * K);
}

void spmm_backward(int N, int O, int K, const float* x, const int32_t* rowPtr, const int32_t* colIdx, const float* vals,
                   const float* gy, float* gx, float* gv, float* gb, ThreadPool& pool) {
  const int rowsPerTask = std::max(1, N / (pool.size() * 4));
  const int xTasks = (N + rowsPerTask - 1) / rowsPerTask;
  const int oPerTask = std::max(1, O / (pool.size() * 8));
  const int wTasks = (O + oPerTask - 1) / oPerTask;
  pool.parallel_for(xTasks + wTasks, [&](int t, int) {
    if (t < xTasks) {
      for (int nn = t * rowsPerTask; nn < std::min(N, (t + 1) * rowsPerTask); nn++) {
        float* d = gx + (int64_t)nn * K;
        std::memset(d, 0, sizeof(float) * K);
        const float* g = gy + (int64_t)nn * O;
        for (int o = 0; o < O; o++) {
          const float a = g[o];
          if (a == 0.0f) continue;
          for (int j = rowPtr[o]; j < rowPtr[o + 1]; j++) d[colIdx[j]] += a * vals[j];
        }
      }
      return;
    }
    const int t2 = t - xTasks;
    for (int o = t2 * oPerTask; o < std::min(O, (t2 + 1) * oPerTask); o++) {
      float s = 0.0f;
      for (int nn = 0; nn < N; nn++) s += gy[(int64_t)nn * O + o];
      gb[o] = s;
      for (int j = rowPtr[o]; j < rowPtr[o + 1]; j++) {
        const int c = colIdx[j];
        float acc = 0.0f;
        for (int nn = 0; nn < N; nn++) acc += gy[(int64_t)nn * O + o] * x[(int64_t)nn * K + c];
        gv[j] = acc;
      }
    }
  });
}

struct PoolGeom {
  int N, C, H, W, outH, outW, kh, kw, sh, sw, ph, pw;
  bool max;
};

/**
 * Max: the gradient goes to the first maximum of each window in scan order (as the forward picks it); average: an
 * equal share to each element of the padded window. Planes are independent tasks; each plane is zeroed, then
 * scattered into. Windows that need no clipping (the interior) take a branch-free path over locals.
 */
void pool2d_backward(const PoolGeom& a, const float* __restrict x, const float* __restrict gy, float* __restrict gx, ThreadPool& pool) {
  const int planes = a.N * a.C;
  const int per = std::max(1, planes / (pool.size() * 8));
  const int H = a.H, W = a.W, outH = a.outH, outW = a.outW, kh = a.kh, kw = a.kw, sh = a.sh, sw = a.sw, ph = a.ph, pw = a.pw;
  const bool isMax = a.max;
  pool.parallel_for((planes + per - 1) / per, [&](int t, int) {
    for (int pl = t * per; pl < std::min(planes, (t + 1) * per); pl++) {
      const float* __restrict src = x + (int64_t)pl * H * W;
      const float* __restrict g = gy + (int64_t)pl * outH * outW;
      float* __restrict d = gx + (int64_t)pl * H * W;
      std::memset(d, 0, sizeof(float) * (size_t)H * W);
      for (int oh = 0; oh < outH; oh++) {
        const int hs0 = oh * sh - ph;
        const int hs = std::max(hs0, 0), he = std::min(hs0 + kh, H);
        const int hspan = std::min(hs0 + kh, H + ph) - hs0;
        for (int ow = 0; ow < outW; ow++) {
          const int ws0 = ow * sw - pw;
          const int ws = std::max(ws0, 0), we = std::min(ws0 + kw, W);
          const float gv = g[oh * outW + ow];
          if (isMax) {
            if (hs >= he || ws >= we) continue;
            int arg = hs * W + ws;
            float m = src[arg];
            if (he - hs == 2 && we - ws == 2) {
              // The common 2x2 window, branch-free (the comparisons of real activations are unpredictable).
              const float* __restrict r = src + arg;
              const float v1 = r[1], v2 = r[W], v3 = r[W + 1];
              // Masks instead of ternaries: GCC turns the ternaries back into branches.
              const int base = arg;
              int k = 0;
              int gt = -(int)(v1 > m);
              k = (k & ~gt) | (1 & gt);
              m = std::max(m, v1);
              gt = -(int)(v2 > m);
              k = (k & ~gt) | (2 & gt);
              m = std::max(m, v2);
              gt = -(int)(v3 > m);
              k = (k & ~gt) | (3 & gt);
              arg = base + (k & 1) + (k >> 1) * W;
            } else {
              for (int y = hs; y < he; y++) {
                const float* __restrict r = src + y * W;
                for (int xx = ws; xx < we; xx++) {
                  const float v = r[xx];
                  const bool gt = v > m;
                  m = gt ? v : m;
                  arg = gt ? y * W + xx : arg;
                }
              }
            }
            d[arg] += gv;
          } else {
            const int size = hspan * (std::min(ws0 + kw, W + pw) - ws0);
            const float share = gv / (float)size;
            for (int y = hs; y < he; y++)
              for (int xx = ws; xx < we; xx++) d[y * W + xx] += share;
          }
        }
      }
    }
  });
}

// ------------------------------------------------------------------------------------------------ N-API glue

template <typename T>
struct Arr {
  T* data = nullptr;
  size_t len = 0;
};

template <typename T>
Arr<T> arr(const Napi::Value& v, napi_typedarray_type type, const char* what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    fail("E_ARGUMENT", std::string(what) + " has the wrong type");
  }
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  Arr<T> out;
  out.len = ta.ElementLength();
  out.data = reinterpret_cast<T*>(static_cast<uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset());
  return out;
}
Arr<float> f32(const Napi::Value& v, const char* what) { return arr<float>(v, napi_float32_array, what); }
Arr<int32_t> i32(const Napi::Value& v, const char* what) { return arr<int32_t>(v, napi_int32_array, what); }

int int_of(const Napi::Value& v, const char* what, int min) {
  if (!v.IsNumber()) fail("E_ARGUMENT", std::string(what) + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= 2147483647.0) || d != std::floor(d)) fail("E_ARGUMENT", std::string(what) + " must be an integer >= " + std::to_string(min));
  return (int)d;
}

void need_len(size_t have, int64_t want, const char* what) {
  if ((int64_t)have != want) fail("E_SHAPE", std::string(what) + " has " + std::to_string(have) + " values, needs " + std::to_string(want));
}

/** A CSR matrix with `rows` rows and `cols` columns: monotone row pointers, in-range columns. */
void check_csr(const Arr<int32_t>& rp, const Arr<int32_t>& ci, const Arr<float>& va, int rows, int cols) {
  need_len(rp.len, (int64_t)rows + 1, "rowPtr");
  require(ci.len == va.len, "E_FORMAT", "colIdx and values differ in length");
  require(rp.data[0] == 0 && (size_t)rp.data[rows] == va.len, "E_FORMAT", "rowPtr must start at 0 and end at nnz");
  for (int r = 0; r < rows; r++) require(rp.data[r + 1] >= rp.data[r], "E_FORMAT", "rowPtr decreases at row " + std::to_string(r));
  for (size_t j = 0; j < ci.len; j++) {
    if (ci.data[j] < 0 || ci.data[j] >= cols) fail("E_RANGE", "column " + std::to_string(ci.data[j]) + " of entry " + std::to_string(j) + " is outside [0, " + std::to_string(cols) + ")");
  }
}

}  // namespace

Napi::Value backward_call(const Napi::CallbackInfo& info, ThreadPool& pool) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) fail("E_ARGUMENT", "backward op name must be a string");
  const std::string op = info[0].As<Napi::String>().Utf8Value();
  if (op == "conv2d") {
    // conv2d(geometry, n, x, w, gy, gx, gw, gb)
    auto ga = i32(info[1], "geometry");
    const Geom g = geom_of(ga.data, ga.len);
    const int n = int_of(info[2], "batch", 0);
    auto x = f32(info[3], "input"), w = f32(info[4], "weights"), gy = f32(info[5], "gradOutput");
    auto gx = f32(info[6], "gradInput"), gw = f32(info[7], "gradWeights"), gb = f32(info[8], "gradBias");
    need_len(x.len, g.in_item() * n, "input");
    need_len(gy.len, g.out_item() * n, "gradOutput");
    need_len(w.len, (int64_t)g.O * g.K(), "weights");
    need_len(gw.len, (int64_t)g.O * g.K(), "gradWeights");
    need_len(gx.len, g.in_item() * n, "gradInput");
    need_len(gb.len, g.O, "gradBias");
    const bool input_grad = info.Length() <= 9 || info[9].ToBoolean();
    conv2d_backward(g, n, x.data, w.data, gy.data, gx.data, gw.data, gb.data, input_grad, pool);
  } else if (op == "sparseConv2d") {
    // sparseConv2d(geometry, n, x, rowPtr, colIdx, values, gy, gx, gv, gb)
    auto ga = i32(info[1], "geometry");
    const Geom g = geom_of(ga.data, ga.len);
    const int n = int_of(info[2], "batch", 0);
    auto x = f32(info[3], "input");
    auto rp = i32(info[4], "rowPtr"), ci = i32(info[5], "colIdx");
    auto va = f32(info[6], "values"), gy = f32(info[7], "gradOutput");
    auto gx = f32(info[8], "gradInput"), gv = f32(info[9], "gradValues"), gb = f32(info[10], "gradBias");
    check_csr(rp, ci, va, g.O, g.K());
    need_len(x.len, g.in_item() * n, "input");
    need_len(gy.len, g.out_item() * n, "gradOutput");
    need_len(gx.len, g.in_item() * n, "gradInput");
    need_len(gv.len, (int64_t)va.len, "gradValues");
    need_len(gb.len, g.O, "gradBias");
    sparse_conv2d_backward(g, n, x.data, rp.data, ci.data, va.data, (int)va.len, gy.data, gx.data, gv.data, gb.data, pool);
  } else if (op == "gemm" || op == "spmm") {
    // gemm(N, O, K, x, w, gy, gx, gw, gb) / spmm(N, O, K, x, rowPtr, colIdx, values, gy, gx, gv, gb)
    const int N = int_of(info[1], "N", 0), O = int_of(info[2], "O", 1), K = int_of(info[3], "K", 1);
    auto x = f32(info[4], "input");
    need_len(x.len, (int64_t)N * K, "input");
    if (op == "gemm") {
      auto w = f32(info[5], "weights"), gy = f32(info[6], "gradOutput");
      auto gx = f32(info[7], "gradInput"), gw = f32(info[8], "gradWeights"), gb = f32(info[9], "gradBias");
      need_len(w.len, (int64_t)O * K, "weights");
      need_len(gy.len, (int64_t)N * O, "gradOutput");
      need_len(gx.len, (int64_t)N * K, "gradInput");
      need_len(gw.len, (int64_t)O * K, "gradWeights");
      need_len(gb.len, O, "gradBias");
      const bool input_grad = info.Length() <= 10 || info[10].ToBoolean();
      gemm_backward(N, O, K, x.data, w.data, gy.data, gx.data, gw.data, gb.data, input_grad, pool);
    } else {
      auto rp = i32(info[5], "rowPtr"), ci = i32(info[6], "colIdx");
      auto va = f32(info[7], "values"), gy = f32(info[8], "gradOutput");
      auto gx = f32(info[9], "gradInput"), gv = f32(info[10], "gradValues"), gb = f32(info[11], "gradBias");
      check_csr(rp, ci, va, O, K);
      need_len(gy.len, (int64_t)N * O, "gradOutput");
      need_len(gx.len, (int64_t)N * K, "gradInput");
      need_len(gv.len, (int64_t)va.len, "gradValues");
      need_len(gb.len, O, "gradBias");
      spmm_backward(N, O, K, x.data, rp.data, ci.data, va.data, gy.data, gx.data, gv.data, gb.data, pool);
    }
  } else if (op == "pool2d") {
    // pool2d(x, gy, gx, Int32Array[N, C, H, W, outH, outW, kh, kw, sh, sw, ph, pw, isMax])
    auto x = f32(info[1], "input"), gy = f32(info[2], "gradOutput"), gx = f32(info[3], "gradInput");
    auto p = i32(info[4], "pool params");
    need_len(p.len, 13, "pool params");
    const int32_t* d = p.data;
    PoolGeom a{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12] != 0};
    require(a.N >= 0 && a.C >= 0 && a.H >= 1 && a.W >= 1 && a.outH >= 1 && a.outW >= 1 && a.kh >= 1 && a.kw >= 1 &&
                a.sh >= 1 && a.sw >= 1 && a.ph >= 0 && a.pw >= 0 && a.ph < a.kh && a.pw < a.kw,
            "E_ARGUMENT", "bad pool params");
    require((int64_t)(a.outH - 1) * a.sh < (int64_t)a.H + a.ph && (int64_t)(a.outW - 1) * a.sw < (int64_t)a.W + a.pw, "E_SHAPE",
            "pool output size exceeds the input");
    need_len(x.len, (int64_t)a.N * a.C * a.H * a.W, "input");
    need_len(gx.len, (int64_t)a.N * a.C * a.H * a.W, "gradInput");
    need_len(gy.len, (int64_t)a.N * a.C * a.outH * a.outW, "gradOutput");
    pool2d_backward(a, x.data, gy.data, gx.data, pool);
  } else if (op == "relu") {
    // relu(x, gy, gx, slope)
    auto x = f32(info[1], "input"), gy = f32(info[2], "gradOutput"), gx = f32(info[3], "gradInput");
    need_len(gy.len, (int64_t)x.len, "gradOutput");
    need_len(gx.len, (int64_t)x.len, "gradInput");
    const float slope = (float)info[4].ToNumber().DoubleValue();
    for (size_t i = 0; i < x.len; i++) gx.data[i] = x.data[i] > 0.0f ? gy.data[i] : gy.data[i] * slope;
  } else if (op == "softmaxCrossEntropy") {
    // softmaxCrossEntropy(logits, N, C, labels, probs, grad) -> mean loss
    auto lg = f32(info[1], "logits");
    const int N = int_of(info[2], "N", 0), C = int_of(info[3], "C", 1);
    auto lb = i32(info[4], "labels");
    auto pr = f32(info[5], "probs"), gr = f32(info[6], "gradLogits");
    need_len(lg.len, (int64_t)N * C, "logits");
    need_len(lb.len, N, "labels");
    need_len(pr.len, (int64_t)N * C, "probs");
    need_len(gr.len, (int64_t)N * C, "gradLogits");
    for (int i = 0; i < N; i++) {
      if (lb.data[i] < 0 || lb.data[i] >= C) fail("E_RANGE", "label " + std::to_string(lb.data[i]) + " of item " + std::to_string(i) + " is outside [0, " + std::to_string(C) + ")");
    }
    double loss = 0.0;
    for (int i = 0; i < N; i++) {
      const float* z = lg.data + (int64_t)i * C;
      double m = -std::numeric_limits<double>::infinity();
      for (int j = 0; j < C; j++) m = std::max(m, (double)z[j]);
      double sum = 0.0;
      for (int j = 0; j < C; j++) sum += std::exp((double)z[j] - m);
      const int l = lb.data[i];
      loss += std::log(sum) - ((double)z[l] - m);
      for (int j = 0; j < C; j++) {
        const double p = std::exp((double)z[j] - m) / sum;
        pr.data[(int64_t)i * C + j] = (float)p;
        gr.data[(int64_t)i * C + j] = (float)((p - (j == l ? 1.0 : 0.0)) / N);
      }
    }
    return Napi::Number::New(env, N == 0 ? 0.0 : loss / N);
  } else {
    fail("E_UNSUPPORTED", "unknown backward op '" + op + "'");
  }
  return env.Undefined();
}

}  // namespace sparsecnn
