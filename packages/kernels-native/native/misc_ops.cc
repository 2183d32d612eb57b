#include "misc_ops.h"

#include <cstring>

namespace sparsecnn {

const MiscOps& misc_ops(const char* isa) {
  if (std::strcmp(isa, "avx512f") == 0) return avx512::misc_ops();
  if (std::strcmp(isa, "avx2") == 0) return avx2::misc_ops();
  return scalar::misc_ops();
}

}  // namespace sparsecnn
