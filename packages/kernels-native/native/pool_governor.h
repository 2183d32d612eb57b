// How many threads a ThreadPool job may use right now, decided from what the pool measures. Pure logic: no clock,
// no I/O; the pool passes times and samples in (tests drive it with made-up inputs through the addon's
// poolGovernorTrace). Two signals:
//
// 1. Load. Every ~2 ms of activity the pool reads the machine's runnable-task count (/proc/loadavg) and subtracts its
//    own runnable threads, leaving `others` on `cpus` CPUs. When all threads fit beside them: every thread. When
//    only fewer fit (room = cpus - others, 1 <= room < threads; e.g. one busy process on 2 vCPUs): room threads, as
//    a thread more would only time-share a CPU and the caller would wait at every job's end for whichever thread
//    the scheduler took away (LeNet batch 1 at 2 threads was 1.7x slower than at 1 beside one busy process). When
//    not even one thread fits (saturated: others >= cpus): one thread too. Each extra thread would get a share of a
//    CPU, but every job ends at a barrier, and a worker descheduled mid-task holds the caller for a scheduler slice:
//    at loads of 9-11 on 2 vCPUs (other CPU-bound processes) 2 threads were 10-25% slower than 1 on LeNet b100,
//    SqueezeNet b1, pruned CaffeNet b1 and LeNet b1, interleaved in one process. (This rule used to give every
//    thread when saturated, from a measurement at a load of ~14; it made the default thread count up to 2x slower
//    than 1 thread here, which the default must never be.) `others` is the least of the last busy_window (4)
//    samples: single reads on an idle VM often show short-lived tasks, and acting on one of them sent a quiet
//    machine's 2-thread sessions to 1 thread most of the time (ResNet-50 b1 at 2 threads: 72 ms vs 54 ms with the
//    governor off). Shrinks once busy_window samples in a row are busy; grows after grow_samples consecutive samples
//    asking for more (hysteresis).
// 2. Lateness (contention the load count cannot see, e.g. hypervisor steal): after its own share the caller waits
//    for the workers that joined. Each of those is running one task it claimed before the caller ran out of tasks,
//    so on a healthy machine the wait is at most about one task; a wait over late_task_pct percent of the longest
//    task the caller itself ran in that job (and over late_min_ns) means a worker was descheduled mid-task, and is
//    late. (The rule used to be a wait over 25% of the job time, which a job of few coarse tasks meets on an idle
//    machine: 3 tasks on 2 threads, the worker takes the last one just before the caller finishes and the caller
//    waits a whole task, half the job. ResNet-50 b1 at 2 threads kept going solo for 20-320 ms: 68.7 ms vs 51.5 ms
//    with the governor off.) late_limit late jobs among the last late_window send the pool solo for solo_min_ns,
//    doubling up to solo_max_ns while it keeps coming back within calm_ns after a solo period ends; then it probes
//    with threads again. Ignored while saturated (the pool runs solo then anyway), and when
//    the caller ran no task (nothing to compare with).
#pragma once
#include <cstdint>

namespace sparsecnn {

struct GovernorConfig {
  int64_t load_period_ns = 2'000'000;
  int grow_samples = 3;
  int64_t late_min_ns = 20'000;
  int late_task_pct = 150;
  /** Load samples whose least `others` count decides (1: every sample on its own). */
  int busy_window = 4;
  int late_window = 8;
  int late_limit = 3;
  int64_t solo_min_ns = 20'000'000;
  int64_t solo_max_ns = 320'000'000;
  int64_t calm_ns = 1'000'000'000;
};

class PoolGovernor {
 public:
  explicit PoolGovernor(int max_threads, GovernorConfig c = GovernorConfig()) : cfg_(c), max_(max_threads < 1 ? 1 : max_threads), load_cap_(max_) {}

  /** True when a load sample is due (none yet, or the last is older than load_period_ns). */
  bool wants_load_sample(int64_t now) const { return !sampled_ || now - last_sample_ >= cfg_.load_period_ns; }

  /** A load sample: `others` runnable tasks besides this pool's own runnable threads, on `cpus` online CPUs. */
  void on_load(int64_t now, int others, int cpus) {
    sampled_ = true;
    last_sample_ = now;
    // The runnable count is noisy: on an idle 2-vCPU VM about a quarter of single reads show 1-2 short-lived tasks
    // (kernel threads, the hypervisor agent). Act on the least of the last busy_window samples, so that only a task
    // that stays runnable (another busy process) takes a thread away.
    recent_[recent_n_++ % kRecent] = others < 0 ? 0 : others;
    const int window = cfg_.busy_window < 1 ? 1 : cfg_.busy_window > kRecent ? kRecent : cfg_.busy_window;
    const int have = recent_n_ < (uint32_t)window ? (int)recent_n_ : window;
    int steady = recent_[(recent_n_ - 1u) % kRecent];
    for (int i = 1; i < have; i++) {
      const int v = recent_[(recent_n_ - 1u - (uint32_t)i) % kRecent];
      if (v < steady) steady = v;
    }
    const int room = cpus - steady;
    saturated_ = room < 1;
    const int target = room >= max_ ? max_ : saturated_ ? 1 : room;
    if (target < load_cap_) {
      load_cap_ = target;
      grow_streak_ = 0;
    } else if (target > load_cap_) {
      if (++grow_streak_ >= cfg_.grow_samples) {
        load_cap_ = target;
        grow_streak_ = 0;
      }
    } else {
      grow_streak_ = 0;
    }
  }

  /**
   * A job that ran on more than one thread: how long the caller waited for the workers that joined after it ran out
   * of tasks, and the longest task the caller ran itself (0: it ran none). Returns true when it sent the pool solo.
   */
  bool on_job(int64_t now, int64_t wait_ns, int64_t task_ns) {
    if (saturated_) return false;
    const bool late = task_ns > 0 && wait_ns > cfg_.late_min_ns && wait_ns * 100 > task_ns * cfg_.late_task_pct;
    late_bits_ = (late_bits_ << 1) | (late ? 1u : 0u);
    const uint32_t mask = cfg_.late_window >= 32 ? ~0u : ((1u << cfg_.late_window) - 1u);
    if (__builtin_popcount(late_bits_ & mask) < cfg_.late_limit) return false;
    // persistently late: solo for a while; back-to-back triggers double the period
    solo_len_ = (solo_until_set_ && now - solo_until_ <= cfg_.calm_ns) ? solo_len_ * 2 : cfg_.solo_min_ns;
    if (solo_len_ > cfg_.solo_max_ns) solo_len_ = cfg_.solo_max_ns;
    if (solo_len_ < cfg_.solo_min_ns) solo_len_ = cfg_.solo_min_ns;
    solo_until_ = now + solo_len_;
    solo_until_set_ = true;
    late_bits_ = 0;
    return true;
  }

  /** Threads a job started at `now` may use (1..max). */
  int threads(int64_t now) const {
    if (solo_until_set_ && now < solo_until_) return 1;
    return load_cap_;
  }

  int64_t solo_len() const { return solo_len_; }

 private:
  GovernorConfig cfg_;
  int max_;
  int load_cap_;
  int grow_streak_ = 0;
  static constexpr int kRecent = 8;
  int recent_[kRecent] = {0, 0, 0, 0, 0, 0, 0, 0};
  uint32_t recent_n_ = 0;
  bool sampled_ = false;
  bool saturated_ = false;
  int64_t last_sample_ = 0;
  uint32_t late_bits_ = 0;
  bool solo_until_set_ = false;
  int64_t solo_until_ = 0;
  int64_t solo_len_ = 0;
};

}  // namespace sparsecnn
