// The light ops compiled for the avx512 target (misc_ops.inc; flags in binding.gyp).
#define SPARSECNN_NS avx512
#define SPARSECNN_MISC_AVX512 1
#include "misc_ops.inc"
