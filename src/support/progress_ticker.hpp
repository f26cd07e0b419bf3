// SPDX-License-Identifier: Apache-2.0
// Internal: calls a progress_fn about a hundred times over a phase.
#pragma once

#include "infoclass/progress.hpp"

#include "infoclass/version.hpp"
#include <cstddef>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Calls `f` when `done` crosses the next hundredth of `total` (and at the end).
class progress_ticker {
public:
  progress_ticker(const progress_fn& f, std::string_view phase, std::size_t total) noexcept
      : f_(f), phase_(phase), total_(total), step_(total / 100 + 1) {}
  /// Throws: what the callback throws.
  void operator()(std::size_t done) const {
    if (f_ && (done % step_ == 0 || done == total_)) {
      f_(phase_, done, total_);
    }
  }

private:
  const progress_fn& f_;
  std::string_view phase_;
  std::size_t total_;
  std::size_t step_;
};

/// For progress that moves in steps (batches): calls `f` when `done` is a
/// hundredth of `total` or more past what it last told, and at the end once.
class progress_steps {
public:
  progress_steps(const progress_fn& f, std::string_view phase, std::size_t total) noexcept
      : f_(f), phase_(phase), total_(total) {}
  /// Throws: what the callback throws.
  void operator()(std::size_t done) {
    if (f_ && done != told_ && (done - told_ >= total_ / 100 + 1 || done == total_)) {
      told_ = done;
      f_(phase_, done, total_);
    }
  }

private:
  const progress_fn& f_;
  std::string_view phase_;
  std::size_t total_;
  std::size_t told_ = 0;
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
