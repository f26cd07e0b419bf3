// SPDX-License-Identifier: Apache-2.0
// Worker threads for the analyses that split their work (the single points of
// failure search, a full propagation): how many to use, and running one
// function on that many workers, the caller's thread being one of them.
#pragma once

#include "infoclass/version.hpp"
#include <algorithm>
#include <exception>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

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
