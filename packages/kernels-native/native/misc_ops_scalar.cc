// The light ops compiled for the scalar target (misc_ops.inc; flags in binding.gyp).
#define SPARSECNN_NS scalar
#define SPARSECNN_MISC_SCALAR 1
#include "misc_ops.inc"
