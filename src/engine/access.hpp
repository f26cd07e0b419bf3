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

struct propagation_access {
  /// The counts of transferred levels the engine keeps for its updates.
  static const in_level_counts& counts(const propagation& e) noexcept { return e.in_counts_; }
  /// Whether they are built for the engine's current snapshot (else an update builds them when needed).
  static bool counting(const propagation& e) noexcept {
    return e.in_counts_.ready(assessment_access::snap_ptr(*e.result_));
  }
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
