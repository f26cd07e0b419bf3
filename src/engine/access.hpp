// SPDX-License-Identifier: Apache-2.0
// Access to an assessment's compact arrays for the analyses, the archives and
// white-box tests (a friend of assessment; not installed).
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/detail/snapshot.hpp"

#include "infoclass/version.hpp"
#include <span>

namespace infoclass::inline INFOCLASS_ABI::detail {

struct assessment_access {
  /// The snapshot the assessment was computed on.
  static const snapshot& snap(const assessment& a) { return *a.snap_; }
  /// Shifted levels (0 = none, l + 1 = level l), `[asset * P + p]`.
  static std::span<const slevel> effective(const assessment& a) noexcept { return a.effective_; }
  static std::span<const slevel> derived(const assessment& a) noexcept { return a.derived_; }
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
