// Portable build of the kernel templates (baseline target flags; runs on any CPU).
#define SPARSECNN_NS scalar
#include "kernels_impl.h"
SPARSECNN_DEFINE_TABLE("scalar")
