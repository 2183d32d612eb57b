#include "thread_pool.h"

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#if defined(__linux__)
#include <fcntl.h>
#include <unistd.h>
#endif

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
inline int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

ThreadPool::ThreadPool(int threads)
    : threads_(threads < 1 ? 1 : threads), governor_(threads_), allowed_(threads_) {
  if (const char* e = std::getenv("SPARSECNN_SPIN")) kSpin = std::atoi(e);
  if (const char* e = std::getenv("SPARSECNN_MIN_PARALLEL_WORK")) kMinParallelWork = std::atoll(e);
  // SPARSECNN_POOL_ADAPT=0: always every thread (the pool as it was; for measuring the governor)
  if (const char* e = std::getenv("SPARSECNN_POOL_ADAPT")) adapt_ = std::atoi(e) != 0;
  // SPARSECNN_POOL_TRACE=1: one stderr line each time lateness sends the pool solo (checking the governor)
  if (const char* e = std::getenv("SPARSECNN_POOL_TRACE")) trace_ = std::atoi(e) != 0;
#if defined(__linux__)
  if (adapt_ && threads_ > 1) {
    loadavg_fd_ = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
    const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    cpus_ = n > 0 ? (int)n : 1;
  }
#endif
  for (int i = 1; i < threads_; i++) workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
#if defined(__linux__)
  if (loadavg_fd_ >= 0) ::close(loadavg_fd_);
#endif
}

int ThreadPool::threads_for(int64_t work) const { return work < kMinParallelWork ? 1 : allowed_; }

// The machine's runnable tasks right now (4th field of /proc/loadavg, "running/total"), or -1.
int ThreadPool::runnable_tasks() {
#if defined(__linux__)
  if (loadavg_fd_ < 0) return -1;
  char buf[128];
  const ssize_t len = ::pread(loadavg_fd_, buf, sizeof(buf) - 1, 0);
  if (len <= 0) return -1;
  buf[len] = 0;
  const char* p = buf;
  for (int field = 0; field < 3 && p; field++) {
    p = std::strchr(p, ' ');
    if (p) p++;
  }
  if (!p || *p < '0' || *p > '9') return -1;
  return std::atoi(p);
#else
  return -1;
#endif
}

void ThreadPool::refresh() {
  if (!adapt_ || threads_ == 1) return;
  const int64_t now = now_ns();
  if (governor_.wants_load_sample(now)) {
    const int running = runnable_tasks();
    if (running < 0) {
      loadavg_fd_ = -1;  // no load figure here: lateness alone decides
    } else {
      // ours: this (calling) thread and every worker not asleep (spinning or working; both are runnable)
      const int ours = 1 + (threads_ - 1) - sleeping_.load(std::memory_order_relaxed);
      governor_.on_load(now, running - ours, cpus_);
    }
  }
  allowed_ = governor_.threads(now);
}

int64_t ThreadPool::drain(int id, bool timed) {
  const auto& fn = *job_;
  int64_t longest = 0;
  for (;;) {
    int i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i >= job_n_) break;
    const int64_t t0 = timed ? now_ns() : 0;
    try {
      fn(i, id);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      next_.store(job_n_, std::memory_order_relaxed);
    }
    if (timed) {
      const int64_t d = now_ns() - t0;
      if (d > longest) longest = d;
    }
  }
  return longest;
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
  if (allowed_ == 1 || n == 1) {
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
  // the caller times its own tasks: the governor compares its wait for the workers with them
  const int64_t longest = drain(0, adapt_);
  // Every task is claimed: close the job, then wait for the workers that joined it (they are running a task).
  closed_.store(g, std::memory_order_seq_cst);
  const int64_t t1 = adapt_ ? now_ns() : 0;
  int spins = 0;
  while (active_.load(std::memory_order_seq_cst) != 0) {
    if (++spins < 2000) {
      cpu_relax();
    } else {
      std::this_thread::yield();
    }
  }
  if (adapt_) {
    const int64_t t2 = now_ns();
    if (governor_.on_job(t2, t2 - t1, longest) && trace_) {
      std::fprintf(stderr, "sparsecnn pool: solo for %.0f ms (%d tasks; waited %.0f us for a worker, longest own task %.0f us)\n",
                   governor_.solo_len() / 1e6, n, (t2 - t1) / 1e3, longest / 1e3);
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
