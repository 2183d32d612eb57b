// The light ops compiled for the avx2 target (misc_ops.inc; flags in binding.gyp).
#define SPARSECNN_NS avx2
#define SPARSECNN_MISC_AVX2 1
#include "misc_ops.inc"
