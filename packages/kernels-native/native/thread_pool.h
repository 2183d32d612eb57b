// A persistent pool of std::threads. parallel_for runs task(i, worker) for i in [0, n) with dynamic scheduling;
// the calling thread takes part as worker 0. Workers spin briefly between jobs (layers follow each other within
// microseconds) and then sleep on a condition variable. One parallel_for at a time: callers hold run_mutex().
#pragma once
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sparsecnn {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return threads_; }
  /** Must be held by whoever calls parallel_for and uses per-worker scratch. */
  std::mutex& run_mutex() { return run_mutex_; }
  void parallel_for(int n, const std::function<void(int task, int worker)>& fn);

 private:
  void worker_loop(int id);
  void drain(int id);

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::mutex run_mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int, int)>* job_ = nullptr;
  int job_n_ = 0;
  std::atomic<int> next_{0};
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;
};

}  // namespace sparsecnn
