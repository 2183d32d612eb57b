// AVX2 + FMA build (compiled with -mavx2 -mfma; only called when the CPU has both).
#define SPARSECNN_AVX2 1
#define SPARSECNN_NS avx2
#include "spmm.inc"
