// Portable build (baseline target flags; runs on any CPU).
#define SPARSECNN_NS scalar
#include "gemm.inc"
