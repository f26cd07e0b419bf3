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
#include <cstddef>
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
/// runs, and the search for single points of failure has four to six such
/// steps per call (at 10^5 assets the whole call on two threads is about 25 ms).
/// Between steps a helper waits a little while awake (steps follow each other
/// within microseconds), then asleep. Helpers are started as steps ask for
/// them (a call whose steps are all too small to share starts none); a step
/// asking for fewer workers than the team has runs on the first of them. Not
/// for use across threads: the team belongs to the thread that made it; a
/// run_workers inside a step, on another thread, or asking for more workers
/// than the team was made for starts threads as without a team.
class worker_team {
public:
  /// A team of up to `threads` workers: the caller's thread and helpers.
  explicit worker_team(unsigned threads) noexcept : previous_(current()), wanted_(std::min(threads, max_workers)) {
    current() = this;
  }
  worker_team(const worker_team&) = delete;
  worker_team& operator=(const worker_team&) = delete;
  ~worker_team() {
    current() = previous_;
    {
      const std::lock_guard lock(mu_);
      stop_.store(true, std::memory_order_relaxed);
      state_.fetch_add(epoch_one, std::memory_order_release);
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

  /// The most workers a step can ask of this team.
  [[nodiscard]] unsigned wanted() const noexcept { return wanted_; }
  /// Workers started: the helpers and the caller.
  [[nodiscard]] unsigned size() const noexcept { return static_cast<unsigned>(helpers_.size()) + 1; }

  /// Starts helpers until there are `workers` (at most wanted()), fewer if
  /// the system refuses a thread; returns how many a step can have now.
  unsigned grow(unsigned workers) noexcept {
#if !defined(__EMSCRIPTEN__)
    workers = std::min(workers, wanted_);
    const std::uint64_t epoch = state_.load(std::memory_order_relaxed) / epoch_one; // no step runs
    try {
      helpers_.reserve(workers > 1 ? workers - 1 : 0);
      while (size() < workers) {
        const unsigned t = size();
        helpers_.emplace_back([this, t, epoch] { serve(t, epoch); });
      }
    } catch (const std::system_error&) { // no more threads: the started ones do the work
    } catch (const std::bad_alloc&) {
    }
    return std::min(workers, size());
#else
    (void)workers; // no threads in WebAssembly
    return 1;
#endif
  }

  /// Runs `step(ctx, worker)` on workers 0 .. `workers` - 1 (at most
  /// size()), worker 0 on the caller's thread, and returns when all have
  /// returned: no helper reads the step after that, so the next may be set.
  /// `step` must not throw. Not reentrant (busy() while it runs).
  void run(unsigned workers, void (*step)(void*, unsigned), void* ctx) noexcept {
    workers = std::max(1U, std::min(workers, size()));
    busy_ = true;
    step_ = step;
    ctx_ = ctx;
    pending_.store(workers - 1, std::memory_order_relaxed);
    {
      const std::lock_guard lock(mu_); // a helper between its check and its sleep sees the new step
      const std::uint64_t epoch = state_.load(std::memory_order_relaxed) / epoch_one + 1;
      state_.store(epoch * epoch_one + workers, std::memory_order_release);
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
  static constexpr unsigned max_workers = 256;     // resolve_threads' bound
  static constexpr std::uint64_t epoch_one = 1024; // state_: epoch * epoch_one + workers of the step

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

  // Helper `worker`, started when the team's epoch was `seen`: each new
  // step's epoch and worker count come from one load of state_; a helper the
  // step does not ask for reads nothing else of it (the caller does not wait
  // for it, and may set the next step meanwhile).
  void serve(unsigned worker, std::uint64_t seen) noexcept {
    for (;;) {
      std::uint64_t s = 0;
      const auto next = [&] {
        s = state_.load(std::memory_order_acquire);
        return s / epoch_one != seen;
      };
      if (!await(next)) {
        std::unique_lock lock(mu_);
        wake_.wait(lock, next);
      }
      seen = s / epoch_one;
      if (stop_.load(std::memory_order_acquire)) {
        return;
      }
      if (worker < s % epoch_one) {
        step_(ctx_, worker);
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
          const std::lock_guard lock(mu_); // the caller between its check and its sleep sees it
          done_.notify_one();
        }
      }
    }
  }

  worker_team* previous_;
  unsigned wanted_;
  std::vector<std::thread> helpers_;
  std::mutex mu_;
  std::condition_variable wake_; // helpers: a new step (or stop)
  std::condition_variable done_; // the caller: every helper of the step done
  std::atomic<std::uint64_t> state_{0};
  std::atomic<unsigned> pending_{0};
  std::atomic<bool> stop_{false};
  // Written by the caller before it publishes the step in state_ (release),
  // read by the helpers the step asks for after they see it (acquire).
  void (*step_)(void*, unsigned) = nullptr;
  void* ctx_ = nullptr;
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
  // The team of this thread, if it has one for this many workers and no step
  // of it runs (a step that runs workers itself starts its own).
  if (worker_team* team = worker_team::current();
      team != nullptr && threads > 1 && threads <= team->wanted() && !team->busy()) {
    if (const unsigned workers = team->grow(threads); workers > 1) {
      team->run(
          workers, [](void* g, unsigned worker) { (*static_cast<decltype(guarded)*>(g))(worker); }, &guarded);
      if (failure) {
        std::rethrow_exception(failure);
      }
      return workers;
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

/// Runs `fn(piece, worker)` for each of `pieces` pieces on up to `threads`
/// workers (no more than there are pieces), each worker claiming the next
/// piece in turn until none is left (run_workers). Once a piece has thrown,
/// no worker starts a piece after it sees the failure; the first exception
/// is rethrown here. Returns the number of workers run.
template <class Fn> unsigned run_pieces(unsigned threads, std::size_t pieces, Fn&& fn) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const auto workers = static_cast<unsigned>(std::clamp<std::size_t>(pieces, 1, std::max(threads, 1U)));
  return run_workers(workers, [&](unsigned worker) {
    try {
      for (std::size_t k = next++; k < pieces && !failed.load(std::memory_order_relaxed); k = next++) {
        fn(k, worker);
      }
    } catch (...) {
      failed.store(true, std::memory_order_relaxed);
      throw;
    }
  });
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
