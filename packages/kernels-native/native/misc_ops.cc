#include "misc_ops.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

namespace sparsecnn {

namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SPARSECNN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SPARSECNN_CLONES
#endif

// Rows [y0, y1) of a plane reduced elementwise into r[0, W) (max or sum): contiguous, so it vectorises.
SPARSECNN_CLONES void reduce_rows(const float* src, int W, int y0, int y1, bool max, float* r) {
  const float* s0 = src + (int64_t)y0 * W;
  for (int x = 0; x < W; x++) r[x] = s0[x];
  for (int y = y0 + 1; y < y1; y++) {
    const float* s = src + (int64_t)y * W;
    if (max) {
      for (int x = 0; x < W; x++) r[x] = r[x] > s[x] ? r[x] : s[x];
    } else {
      for (int x = 0; x < W; x++) r[x] += s[x];
    }
  }
}

// One output row from the reduced input row r: windows [ow * sw - pw, + kw) clipped to [0, W). Average windows
// divide by Caffe's pool size (clipped to the padded input, not to the data).
SPARSECNN_CLONES void pool_row(const PoolArgs& a, const float* r, int hsize, float* dst) {
  for (int ow = 0; ow < a.outW; ow++) {
    int ws = ow * a.sw - a.pw;
    int we = std::min(ws + a.kw, a.W + a.pw);
    const int wsize = we - ws;
    ws = std::max(ws, 0);
    we = std::min(we, a.W);
    float v = r[ws];
    if (a.max) {
      for (int x = ws + 1; x < we; x++) v = v > r[x] ? v : r[x];
    } else {
      for (int x = ws + 1; x < we; x++) v += r[x];
      v /= (float)(hsize * wsize);
    }
    dst[ow] = v;
  }
}

}  // namespace

void pool2d(const PoolArgs& a, const float* in, float* out, ThreadPool& pool) {
  // Separable: for each output row, the kh input rows are reduced first (contiguous, vectorised), then each
  // window's kw columns of that row. kh + kw operations per output instead of kh x kw with clamping in the loop.
  const int planes = a.N * a.C;
  const int per = std::max(1, planes / (pool.size() * 8));
  const int64_t work = (int64_t)planes * a.outH * a.outW * (a.kh + a.kw) * 2;
  pool.parallel_for((planes + per - 1) / per, work, [&](int t, int) {
    std::vector<float> row(a.W);
    for (int p = t * per; p < std::min(planes, (t + 1) * per); p++) {
      const float* src = in + (int64_t)p * a.H * a.W;
      float* dst = out + (int64_t)p * a.outH * a.outW;
      for (int oh = 0; oh < a.outH; oh++) {
        int hs = oh * a.sh - a.ph;
        int he = std::min(hs + a.kh, a.H + a.ph);
        const int hsize = he - hs;
        hs = std::max(hs, 0);
        he = std::min(he, a.H);
        if (he <= hs) {  // cannot happen for validated params (every window starts inside the padded input)
          for (int ow = 0; ow < a.outW; ow++) dst[oh * a.outW + ow] = a.max ? -FLT_MAX : 0.0f;
          continue;
        }
        reduce_rows(src, a.W, hs, he, a.max, row.data());
        pool_row(a, row.data(), hsize, dst + (int64_t)oh * a.outW);
      }
    }
  });
}

void relu(const float* in, float* out, int64_t n, float slope) {
  if (slope == 0.0f) {
    for (int64_t i = 0; i < n; i++) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
  } else {
    for (int64_t i = 0; i < n; i++) out[i] = in[i] > 0.0f ? in[i] : in[i] * slope;
  }
}

void lrn(const float* in, float* out, int N, int C, int H, int W, int size, float alpha, float beta, float k,
         bool across, ThreadPool& pool) {
  const int64_t plane = (int64_t)H * W;
  const int pre = (size - 1) / 2;
  if (across) {
    // Channel chunks of every image in parallel (batch 1 used to run on one thread); per chunk a running window sum
    // of squares (one add and one subtract per channel instead of `size` adds), and x^-beta as exp(-beta log x)
    // in float, or 1 / (sqrt(x) sqrt(sqrt(x))) for Caffe's usual beta = 0.75 (both vectorise; std::pow did not).
    const int chunk = std::max(1, (C + pool.size() * 4 - 1) / (pool.size() * 4));
    const int perImg = (C + chunk - 1) / chunk;
    const float a = alpha / (float)size;
    const bool b075 = beta == 0.75f;
    const int64_t work = (int64_t)N * C * plane * 12;
    pool.parallel_for(N * perImg, work, [&](int t, int) {
      const int n = t / perImg, c0 = (t % perImg) * chunk, c1 = std::min(C, c0 + chunk);
      std::vector<float> sq(plane, 0.0f);
      const float* x = in + (int64_t)n * C * plane;
      float* y = out + (int64_t)n * C * plane;
      // window of channel c: [c - pre, c - pre + size)
      for (int cc = std::max(0, c0 - pre); cc < std::min(C, c0 - pre + size - 1); cc++) {
        const float* xc = x + cc * plane;
        for (int64_t i = 0; i < plane; i++) sq[i] += xc[i] * xc[i];
      }
      for (int c = c0; c < c1; c++) {
        const int add = c - pre + size - 1;
        if (add < C && add >= 0) {
          const float* xa = x + (int64_t)add * plane;
          for (int64_t i = 0; i < plane; i++) sq[i] += xa[i] * xa[i];
        }
        const float* xc = x + (int64_t)c * plane;
        float* yc = y + (int64_t)c * plane;
        float* s = sq.data();
        if (b075) {
          for (int64_t i = 0; i < plane; i++) {
            const float v = k + a * s[i];
            const float r = std::sqrt(v);
            yc[i] = xc[i] / (r * std::sqrt(r));
          }
        } else {
          for (int64_t i = 0; i < plane; i++) yc[i] = xc[i] * std::exp(-beta * std::log(k + a * s[i]));
        }
        // drop channel c - pre (it leaves the window of c + 1)
        const int drop = c - pre;
        if (drop >= 0) {
          const float* xd = x + (int64_t)drop * plane;
          for (int64_t i = 0; i < plane; i++) sq[i] -= xd[i] * xd[i];
        }
      }
    });
    return;
  }
  pool.parallel_for(N * C, (int64_t)N * C * plane * size * size * 2, [&](int p, int) {
    const float* x = in + p * plane;
    float* y = out + p * plane;
    const float a = alpha / (float)(size * size);
    for (int h = 0; h < H; h++)
      for (int w = 0; w < W; w++) {
        float s = 0.0f;
        for (int yy = std::max(0, h - pre); yy < std::min(H, h - pre + size); yy++)
          for (int xx = std::max(0, w - pre); xx < std::min(W, w - pre + size); xx++) s += x[yy * W + xx] * x[yy * W + xx];
        y[h * W + w] = x[h * W + w] * std::pow(k + a * s, -beta);
      }
  });
}

void softmax(const float* in, float* out, int64_t outer, int64_t len, int64_t inner) {
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const float* x = in + o * len * inner + i;
      float* y = out + o * len * inner + i;
      float m = -INFINITY;
      for (int64_t j = 0; j < len; j++) m = std::max(m, x[j * inner]);
      double s = 0.0;
      for (int64_t j = 0; j < len; j++) {
        const float e = std::exp(x[j * inner] - m);
        y[j * inner] = e;
        s += e;
      }
      const float inv = (float)(1.0 / s);
      for (int64_t j = 0; j < len; j++) y[j * inner] *= inv;
    }
  }
}

void eltwise(const float* const* ins, int count, const float* coeffs, int op, float* out, int64_t n) {
  // op: 0 sum, 1 prod, 2 max. `out` may alias an input: each element is read before it is written.
  for (int64_t i = 0; i < n; i++) {
    float r;
    if (op == 0) {
      r = 0.0f;
      for (int k = 0; k < count; k++) r += coeffs[k] * ins[k][i];
    } else if (op == 1) {
      r = ins[0][i];
      for (int k = 1; k < count; k++) r *= ins[k][i];
    } else {
      r = ins[0][i];
      for (int k = 1; k < count; k++) r = std::max(r, ins[k][i]);
    }
    out[i] = r;
  }
}

void channel_affine(const float* in, float* out, int64_t outer, int C, int64_t inner, const float* mul, const float* add) {
  for (int64_t o = 0; o < outer; o++)
    for (int c = 0; c < C; c++) {
      const float m = mul[c], b = add ? add[c] : 0.0f;
      const float* x = in + (o * C + c) * inner;
      float* y = out + (o * C + c) * inner;
      for (int64_t i = 0; i < inner; i++) y[i] = x[i] * m + b;
    }
}

}  // namespace sparsecnn
