// The vector abstraction every kernel family is written in, one definition per ISA build: 16-float AVX-512
// registers (SPARSECNN_AVX512), 8-float AVX2 registers (SPARSECNN_AVX2), or a portable 8-float struct the compiler
// maps onto the baseline target's SIMD. The including <family>_<isa>.cc defines the ISA macro and SPARSECNN_NS
// (the namespace: avx512, avx2 or scalar) first, so the builds never share a symbol.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(SPARSECNN_AVX2) || defined(SPARSECNN_AVX512)
#include <immintrin.h>
#endif

#if !defined(SPARSECNN_NS)
#error "define SPARSECNN_NS (and SPARSECNN_AVX2 or SPARSECNN_AVX512) before including kernels/simd.h"
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

}  // namespace SPARSECNN_NS
}  // namespace sparsecnn
