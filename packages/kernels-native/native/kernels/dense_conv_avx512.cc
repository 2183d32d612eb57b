// AVX-512F build of the dense convolution (compiled with -mavx512f; only called when the CPU has it), with its
// AVX-512-only implicit-GEMM path: no im2col, B read straight from a padded copy of the input.
#define SPARSECNN_AVX512 1
#define SPARSECNN_NS avx512
#include "entries.h"
#include "gemm_micro.h"

namespace sparsecnn {
namespace SPARSECNN_NS {

// ---------------------------------------------------------------------------------------------------------------
// Implicit-GEMM dense convolution: the 32 columns of a micro tile are two 16-float output vectors (two halves of
// a row, or two rows of a narrow plane); B[k] is loaded straight from the padded input at koff[k] + base (the
// shared micro-kernel of gemm_micro.h with a BOffsets source).
// ---------------------------------------------------------------------------------------------------------------
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
  // One (group, column chunk, weight panel range) task of image img, its padded copy in buf.
  auto task = [&](int img, const float* buf, int tt, int psplit, int pper) {
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
        Tile m;
        m.ldc = HW;
        m.n0 = std::min(16, g.outW - v0 * 16);
        m.n1 = j1 == j0 ? 0 : std::min(16, g.outW - v1 * 16);
        m.first = k0 == 0;
        m.last = k0 + kc >= P.K;
        m.relu = g.relu;
        m.biasCol = nullptr;
        const BOffsets src{P.koff.data() + k0, b0, b1};
        for (int ip = p0; ip < p1; ip += 2) {
          const int m0 = ip * kMR;
          m.c0 = obase + (int64_t)m0 * HW + oh0 * g.outW + v0 * 16;
          m.c1 = obase + (int64_t)m0 * HW + oh1 * g.outW + v1 * 16;
          m.mr = std::min(ip + 1 < p1 ? 2 * kMR : kMR, Og - m0);
          m.biasRow = P.bias.data() + gi * Og + m0;
          const float* a = P.apack.data() + (((int64_t)gi * P.panels + ip) * P.K + k0) * kMR;
          micro_rows(kc, a, a + (int64_t)P.K * kMR, src, m);
        }
      }
    }
  };
  const int T = pool.threads_for(work);
  if (n >= 2 * T && T > 1) {
    // batches: one image per task, each packed into its worker's own buffer (a job per image was ~6 us of work for
    // LeNet conv1, mostly fork-join)
    pool.parallel_for(n, work, [&](int img, int w) {
      float* raw = ws.get(w, (size_t)P.bufLen + 16, 1);
      float* buf = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(raw) + 63) & ~uintptr_t(63));
      direct_pack(P, in + img * inImg, buf);
      for (int tt = 0; tt < g.groups * chunks; tt++) task(img, buf, tt, 1, P.panels + 1);
    });
    return;
  }
  // 64-byte aligned padded buffer in worker 0's second workspace slot
  float* raw = ws.get(0, (size_t)P.bufLen + 16, 1);
  float* buf = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(raw) + 63) & ~uintptr_t(63));
  for (int img = 0; img < n; img++) {
    direct_pack(P, in + img * inImg, buf);
    // few (group, chunk) tasks for the threads: also split the 6-row weight panels
    const int psplit = std::max(1, std::min(P.panels, ceil_div(2 * T, g.groups * chunks)));
    const int pper = (ceil_div(P.panels, psplit) + 1) & ~1;  // even: weight panels go in pairs (12-row tiles)
    pool.parallel_for(g.groups * chunks * psplit, work, [&](int tt, int) { task(img, buf, tt, psplit, pper); });
  }
}

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn

#include "dense_conv.inc"
