// AVX2 + FMA build of the kernel templates (compiled with -mavx2 -mfma; only called when the CPU has both).
#define SPARSECNN_AVX2 1
#define SPARSECNN_NS avx2
#include "kernels_impl.h"
SPARSECNN_DEFINE_TABLE("avx2")
