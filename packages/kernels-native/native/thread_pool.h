// A persistent pool of std::threads. parallel_for runs task(i, worker) for i in [0, n) with dynamic scheduling;
// the calling thread takes part as worker 0. Workers spin briefly between jobs (layers follow each other within
// microseconds) and then sleep on a condition variable. One parallel_for at a time: callers hold run_mutex().
//
// The caller never waits for a worker that has not started on the job: a worker joins a job (counted in active_)
// only while it is open, and the caller closes it once every task is claimed, then waits only for the workers that
// joined (each is running a task already). On a loaded machine a descheduled worker used to hold every
// parallel_for until the scheduler ran it again (LeNet batch 100 at 2 threads: 5 ms runs became 150 ms).
//
// A joined worker can still be descheduled mid-task, and on an oversubscribed machine a second thread only shares a
// core: a PoolGovernor (pool_governor.h) watches the machine's runnable-task count and how long the caller waits
// for joined workers, and sends jobs to the caller alone while either says threads do not pay. The decision is
// taken once per kernel call (ThreadPool::Call), so threads_for() and every parallel_for of one call agree.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "pool_governor.h"

namespace sparsecnn {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return threads_; }
  /** Must be held by whoever calls parallel_for and uses per-worker scratch (ThreadPool::Call holds it). */
  std::mutex& run_mutex() { return run_mutex_; }
  /**
   * One kernel call: holds run_mutex() and fixes the number of threads this call's jobs may use (the governor's
   * current answer), so the task split a kernel derives from threads_for() matches what parallel_for runs.
   */
  class Call {
   public:
    explicit Call(ThreadPool& p) : lock_(p.run_mutex_) { p.refresh(); }

   private:
    std::lock_guard<std::mutex> lock_;
  };
  void parallel_for(int n, const std::function<void(int task, int worker)>& fn);
  /**
   * The same, but run on the calling thread alone when `work` (about the job's flops or bytes touched) is below
   * the size where waking a second thread pays (~20-60 us of work; SPARSECNN_MIN_PARALLEL_WORK overrides).
   */
  void parallel_for(int n, int64_t work, const std::function<void(int task, int worker)>& fn);
  /** Threads worth using for `work` (1 below the threshold or while the governor says solo). */
  int threads_for(int64_t work) const;
  /** Threads the current call may use (1..size()). */
  int allowed() const { return allowed_; }

 private:
  void refresh();
  int runnable_tasks();
  void worker_loop(int id);
  /** Runs unclaimed tasks of the current job; with `timed`, returns the longest one in ns (else 0). */
  int64_t drain(int id, bool timed = false);

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
  // adaptive thread count (see PoolGovernor); touched only by the thread holding run_mutex_
  PoolGovernor governor_;
  bool adapt_ = true;
  bool trace_ = false;
  int allowed_;
  int loadavg_fd_ = -1;
  int cpus_ = 1;
};

}  // namespace sparsecnn
