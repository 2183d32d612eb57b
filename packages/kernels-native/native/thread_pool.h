// A persistent pool of std::threads. parallel_for runs task(i, worker) for i in [0, n) with dynamic scheduling;
// the calling thread takes part as worker 0. Workers spin briefly between jobs (layers follow each other within
// microseconds) and then sleep on a condition variable. One parallel_for at a time: callers hold run_mutex().
//
// The caller never waits for a worker that has not started on the job: a worker joins a job (counted in active_)
// only while it is open, and the caller closes it once every task is claimed, then waits only for the workers that
// joined (each is running a task already). On a loaded machine a descheduled worker used to hold every
// parallel_for until the scheduler ran it again (LeNet batch 100 at 2 threads: 5 ms runs became 150 ms).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
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
  /**
   * The same, but run on the calling thread alone when `work` (about the job's flops or bytes touched) is below
   * the size where waking a second thread pays (~20-60 us of work; SPARSECNN_MIN_PARALLEL_WORK overrides).
   */
  void parallel_for(int n, int64_t work, const std::function<void(int task, int worker)>& fn);
  /** Threads worth using for `work` (1 below the threshold). */
  int threads_for(int64_t work) const;

 private:
  void worker_loop(int id);
  void drain(int id);

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::mutex run_mutex_;
  std::condition_variable wake_;
  const std::function<void(int, int)>* job_ = nullptr;
  int job_n_ = 0;
  std::atomic<int> next_{0};
  /** Workers inside the current job (joined and not yet finished). */
  std::atomic<int> active_{0};
  /** Workers asleep on wake_ (the caller notifies only when someone sleeps). */
  std::atomic<int> sleeping_{0};
  std::atomic<uint64_t> generation_{0};
  /** The last generation the caller closed (no worker may join it any more). */
  std::atomic<uint64_t> closed_{0};
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;
};

}  // namespace sparsecnn
