// AVX-512F build (compiled with -mavx512f; only called when the CPU has it): 6 x 32 tiles over two W^T panels.
#define SPARSECNN_AVX512 1
#define SPARSECNN_NS avx512
#include "gemm.inc"
