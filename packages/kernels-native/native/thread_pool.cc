#include "thread_pool.h"

#include <cstdlib>

namespace sparsecnn {

namespace {
// pause iterations before sleeping; SPARSECNN_SPIN overrides. One pause is ~10 ns here. A sleeping worker used to
// cost every parallel_for a ~20 us futex wake-up on its critical path, so workers spun ~250 us after each job; now
// the caller never waits for a worker that has not joined (it wakes it and works on), and a long spin only took CPU
// from the calling thread on a busy machine (SqueezeNet: ~40 jobs a run, ~10 ms of spinning). ~30 us still
// bridges back-to-back jobs of one layer.
int kSpin = 3000;
// Below this much work (flops, or bytes for memory-bound ops) a job runs on the caller alone.
int64_t kMinParallelWork = 400000;
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}
}  // namespace

ThreadPool::ThreadPool(int threads) : threads_(threads < 1 ? 1 : threads) {
  if (const char* e = std::getenv("SPARSECNN_SPIN")) kSpin = std::atoi(e);
  if (const char* e = std::getenv("SPARSECNN_MIN_PARALLEL_WORK")) kMinParallelWork = std::atoll(e);
  for (int i = 1; i < threads_; i++) workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

int ThreadPool::threads_for(int64_t work) const { return work < kMinParallelWork ? 1 : threads_; }

void ThreadPool::drain(int id) {
  const auto& fn = *job_;
  for (;;) {
    int i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i >= job_n_) break;
    try {
      fn(i, id);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      next_.store(job_n_, std::memory_order_relaxed);
    }
  }
}

void ThreadPool::worker_loop(int id) {
  uint64_t seen = 0;
  for (;;) {
    int spins = 0;
    while (generation_.load(std::memory_order_acquire) == seen && !stop_.load(std::memory_order_relaxed) && spins < kSpin) {
      cpu_relax();
      spins++;
    }
    if (generation_.load(std::memory_order_acquire) == seen && !stop_.load()) {
      std::unique_lock<std::mutex> lock(mutex_);
      sleeping_.fetch_add(1, std::memory_order_seq_cst);
      wake_.wait(lock, [&] { return stop_.load() || generation_.load() != seen; });
      sleeping_.fetch_sub(1, std::memory_order_relaxed);
    }
    if (stop_.load()) return;
    const uint64_t g = generation_.load(std::memory_order_acquire);
    seen = g;
    // Join only an open job: counted first, then checked (the caller closes, then reads active_: seq_cst on both
    // sides, so either the caller waits for this worker or this worker sees the job closed and backs out).
    active_.fetch_add(1, std::memory_order_seq_cst);
    if (closed_.load(std::memory_order_seq_cst) != g && generation_.load(std::memory_order_seq_cst) == g) drain(id);
    active_.fetch_sub(1, std::memory_order_release);
  }
}

void ThreadPool::parallel_for(int n, int64_t work, const std::function<void(int, int)>& fn) {
  if (work < kMinParallelWork) {
    for (int i = 0; i < n; i++) fn(i, 0);
    return;
  }
  parallel_for(n, fn);
}

void ThreadPool::parallel_for(int n, const std::function<void(int, int)>& fn) {
  if (n <= 0) return;
  if (threads_ == 1 || n == 1) {
    for (int i = 0; i < n; i++) fn(i, 0);
    return;
  }
  uint64_t g;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &fn;
    job_n_ = n;
    error_ = nullptr;
    next_.store(0, std::memory_order_relaxed);
    g = generation_.fetch_add(1, std::memory_order_seq_cst) + 1;
  }
  if (sleeping_.load(std::memory_order_seq_cst) > 0) wake_.notify_all();
  drain(0);
  // Every task is claimed: close the job, then wait for the workers that joined it (they are running a task).
  closed_.store(g, std::memory_order_seq_cst);
  int spins = 0;
  while (active_.load(std::memory_order_seq_cst) != 0) {
    if (++spins < 2000) {
      cpu_relax();
    } else {
      std::this_thread::yield();
    }
  }
  std::exception_ptr err;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = nullptr;
    err = error_;
    error_ = nullptr;
  }
  if (err) std::rethrow_exception(err);
}

}  // namespace sparsecnn
