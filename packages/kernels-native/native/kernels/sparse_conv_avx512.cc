// AVX-512F build (compiled with -mavx512f; only called when the CPU has it).
#define SPARSECNN_AVX512 1
#define SPARSECNN_NS avx512
#include "sparse_conv.inc"
