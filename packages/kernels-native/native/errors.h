// Typed errors thrown by native code; addon.cc turns them into JS errors whose message starts with the code
// ("E_SHAPE: ..."), which the TypeScript wrapper maps onto SparseCnnError.
#pragma once
#include <stdexcept>
#include <string>

namespace sparsecnn {

class KernelError : public std::runtime_error {
 public:
  KernelError(const char* code, const std::string& message) : std::runtime_error(message), code_(code) {}
  const char* code() const { return code_; }

 private:
  const char* code_;
};

[[noreturn]] inline void fail(const char* code, const std::string& message) { throw KernelError(code, message); }

inline void require(bool ok, const char* code, const std::string& message) {
  if (!ok) fail(code, message);
}

}  // namespace sparsecnn
