// SPDX-License-Identifier: Apache-2.0
// Access to an assessment's compact arrays for the analyses, the archives and
// white-box tests, and to an engine's kept state for tests (friends of
// assessment and propagation; not installed).
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/detail/snapshot.hpp"
#include "infoclass/propagation.hpp"

#include "infoclass/version.hpp"
#include <span>

namespace infoclass::inline INFOCLASS_ABI::detail {

struct assessment_access {
  /// The snapshot the assessment was computed on.
  static const snapshot& snap(const assessment& a) { return *a.snap_; }
  static const std::shared_ptr<const snapshot>& snap_ptr(const assessment& a) noexcept { return a.snap_; }
  /// Shifted levels (0 = none, l + 1 = level l), `[asset * P + p]`.
  static std::span<const slevel> effective(const assessment& a) noexcept { return a.effective_; }
  static std::span<const slevel> derived(const assessment& a) noexcept { return a.derived_; }
  /// Derived causes (cause_kind), `[asset * P + p]`, and their references
  /// (edge: the snapshot's in-edge).
  static std::span<const std::uint8_t> cause_kinds(const assessment& a) noexcept { return a.cause_kind_; }
  static std::span<const std::uint32_t> cause_refs(const assessment& a) noexcept { return a.cause_ref_; }
  /// Each asset's kind as an index into the snapshot's kind_names.
  static std::span<const std::uint16_t> kinds(const assessment& a) noexcept { return a.values_.kind; }
};

/// How a full run went (propagation_access::last_run).
enum run_flags : std::uint8_t {
  run_alone_first = 1, ///< a first pass in asset order solved the assets with no in-edges
  run_sparse = 2,      ///< ... and every asset as if nothing came in, lit ones pushed (sparse levels)
  run_stopped = 4,     ///< pushing stopped during the run (too many assets reached)
};

struct propagation_access {
  /// run_flags of the engine's last full run.
  static std::uint8_t last_run(const propagation& e) noexcept { return e.last_run_; }
  /// The counts of transferred levels the engine keeps for its updates.
  static const in_level_counts& counts(const propagation& e) noexcept { return e.in_counts_; }
  /// Whether they are built for the engine's current snapshot (else an update builds them when needed).
  static bool counting(const propagation& e) noexcept {
    return e.in_counts_.ready(assessment_access::snap_ptr(*e.result_));
  }
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
