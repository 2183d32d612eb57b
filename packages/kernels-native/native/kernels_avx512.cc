// AVX-512F build of the direct sparse convolution only (16-lane rows: a 13-wide output row is one register, as in
// SkimCaffe's KNL/Skylake path). Compiled with -mavx512f; only called when the CPU has it.
#define SPARSECNN_AVX512 1
#define SPARSECNN_NS avx512
#include "kernels_impl.h"
SPARSECNN_DEFINE_TABLE("avx512f")
