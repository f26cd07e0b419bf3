// SPDX-License-Identifier: Apache-2.0
// Worker threads for the analyses that split their work (the single points of
// failure search, a full propagation): how many to use, running one function
// on that many workers, the caller's thread being one of them, and a team of
// helper threads kept for the several such steps of one call.
#pragma once

#include "infoclass/version.hpp"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace infoclass::inline INFOCLASS_ABI::detail {

/// The workers asked for: 0 means every hardware thread; at most 256; always 1
/// in WebAssembly builds (no threads there).
inline unsigned resolve_threads(unsigned threads) noexcept {
#if defined(__EMSCRIPTEN__)
  (void)threads;
  return 1;
#else
  if (threads == 0) {
    threads = std::max(1U, std::thread::hardware_concurrency());
  }
  return std::min(threads, 256U);
#endif
}

/// Helper threads for the parallel steps of one call, started once: while a
/// team lives, run_workers on the thread that made it hands each step to the
/// team's helpers instead of starting threads for it. A step that starts a
/// thread waits about 130 us on this virtual machine before the thread
/// runs, and the search for single points of failure has four such steps per
/// call (at 10^5 assets the whole call on two threads is about 25 ms).
/// Between steps a helper waits a little while awake (steps follow each other
/// within microseconds), then asleep. A step has every worker of the team
/// (a run_workers asking for fewer starts its own). Not for use across threads: the team
/// belongs to the thread that made it; a run_workers inside a step, or on
/// another thread, starts threads as without a team.
class worker_team {
public:
  /// Up to `threads` - 1 helpers (fewer if the system refuses a thread),
  /// started by the first step that asks for more than one worker: a call
  /// whose steps are all too small to share starts none.
  explicit worker_team(unsigned threads) noexcept : previous_(current()), wanted_(threads) { current() = this; }
  worker_team(const worker_team&) = delete;
  worker_team& operator=(const worker_team&) = delete;
  ~worker_team() {
    current() = previous_;
    {
      const std::lock_guard lock(mu_);
      stop_ = true;
      epoch_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& th : helpers_) {
      th.join();
    }
  }

  /// The team run_workers on this thread uses, or nullptr.
  static worker_team*& current() noexcept {
    thread_local worker_team* team = nullptr;
    return team;
  }

  /// Workers a step can have: the helpers started and the caller.
  [[nodiscard]] unsigned size() const noexcept { return static_cast<unsigned>(helpers_.size()) + 1; }

  /// Starts the helpers (once); returns size().
  unsigned start() noexcept {
    if (!started_) {
      started_ = true;
#if !defined(__EMSCRIPTEN__)
      try {
        helpers_.reserve(wanted_ > 1 ? wanted_ - 1 : 0);
        for (unsigned t = 1; t < wanted_; ++t) {
          helpers_.emplace_back([this, t] { serve(t); });
        }
      } catch (const std::system_error&) { // no more threads: the started ones do the work
      } catch (const std::bad_alloc&) {
      }
#else
      (void)wanted_; // no threads in WebAssembly
#endif
    }
    return size();
  }

  /// Runs `step(ctx, worker)` on every worker (size()), worker 0 on the
  /// caller's thread, and returns when all have returned: no helper reads
  /// the step after that, so the next may be set. `step` must not throw. Not
  /// reentrant (busy() while it runs).
  void run(void (*step)(void*, unsigned), void* ctx) noexcept {
    busy_ = true;
    step_ = step;
    ctx_ = ctx;
    pending_.store(size() - 1, std::memory_order_relaxed);
    {
      const std::lock_guard lock(mu_); // a helper between its check and its sleep sees the new epoch
      epoch_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    step(ctx, 0);
    // Wait for the helpers: awake for a while (they are working), then asleep.
    if (!await([&] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock lock(mu_);
      done_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    busy_ = false;
  }
  [[nodiscard]] bool busy() const noexcept { return busy_; }

private:
  // Polls `ready` for up to about 200 us; true once it holds.
  template <class Ready> static bool await(Ready&& ready) noexcept {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    for (unsigned i = 0;; ++i) {
      if (ready()) {
        return true;
      }
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
      if ((i & 63U) == 63U && std::chrono::steady_clock::now() >= until) {
        return ready();
      }
    }
  }

  void serve(unsigned worker) noexcept {
    std::uint64_t seen = 0;
    for (;;) {
      const auto next = [&] { return epoch_.load(std::memory_order_acquire) != seen; };
      if (!await(next)) {
        std::unique_lock lock(mu_);
        wake_.wait(lock, next);
      }
      seen = epoch_.load(std::memory_order_acquire);
      if (stop_) {
        return;
      }
      step_(ctx_, worker);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        const std::lock_guard lock(mu_); // the caller between its check and its sleep sees it
        done_.notify_one();
      }
    }
  }

  worker_team* previous_;
  unsigned wanted_;
  bool started_ = false;
  std::vector<std::thread> helpers_;
  std::mutex mu_;
  std::condition_variable wake_; // helpers: a new step (or stop)
  std::condition_variable done_; // the caller: every helper done
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<unsigned> pending_{0};
  // Written by the caller before it advances epoch_ (release), read by the
  // helpers after they see it (acquire).
  void (*step_)(void*, unsigned) = nullptr;
  void* ctx_ = nullptr;
  bool stop_ = false;
  bool busy_ = false;
};

/// Runs `fn(worker)` on up to `threads` workers (worker 0 is the caller's
/// thread) and waits for all. The work must be claimed dynamically (each
/// worker takes the next piece until none is left), so that it completes with
/// however many workers start: when the system refuses a thread, the ones
/// started carry the rest. The first exception a worker throws is rethrown
/// here, after every worker has stopped. Returns the number of workers run.
template <class Fn> unsigned run_workers(unsigned threads, Fn&& fn) {
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto guarded = [&](unsigned worker) {
    try {
      fn(worker);
    } catch (...) {
      const std::lock_guard lock(failure_mu);
      if (!failure) {
        failure = std::current_exception();
      }
    }
  };
  // The team of this thread, if it has a helper and as many workers as asked
  // or fewer (all of them take part in a step).
  if (worker_team* team = worker_team::current(); team != nullptr && threads > 1 && !team->busy()) {
    if (const unsigned size = team->start(); size > 1 && threads >= size) {
      team->run([](void* g, unsigned worker) { (*static_cast<decltype(guarded)*>(g))(worker); }, &guarded);
      if (failure) {
        std::rethrow_exception(failure);
      }
      return size;
    }
  }
  unsigned started = 1;
#if !defined(__EMSCRIPTEN__)
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads > 1 ? threads - 1 : 0);
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back(guarded, t);
      ++started;
    }
  } catch (const std::system_error&) { // no more threads: the started ones do the work
  } catch (const std::bad_alloc&) {
  }
#else
  (void)threads;
#endif
  guarded(0);
#if !defined(__EMSCRIPTEN__)
  for (auto& th : pool) {
    th.join();
  }
#endif
  if (failure) {
    std::rethrow_exception(failure);
  }
  return started;
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
