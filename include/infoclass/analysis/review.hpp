// SPDX-License-Identifier: Apache-2.0
// Review and governance: what a security coordinator goes through.
//
// Overdue and missing reviews (`review_by` against a date), assets without an
// owner, information without an assessment, lowering overrides to accept,
// results at the scheme's "separate analysis" level, cumulation candidates
// (assets that many dependents reach at the asset's own effective level, where
// no cumulation rule applies — BSI 200-2 asks to consider cumulation there),
// and per owner (board): what it owns and the requirements it places on assets
// owned by others (found by following each level's explanation to its origin).
// Linear in the model: each level's origin is found once for all assets, O(V · P).
//
// Errors: model_error for a malformed `today` date; infoclass::error if the
// assessment does not belong to the model.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <string>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis {

struct INFOCLASS_API requirement_on_other {
  std::string asset; ///< asset owned by someone else
  std::string owner; ///< its owner
  std::string property;
  level_t level = 0;
  std::string origin; ///< this owner's asset the requirement comes from
};

struct INFOCLASS_API owner_summary {
  std::string owner;
  std::vector<std::string> owns;
  std::vector<requirement_on_other> places;
};

struct INFOCLASS_API cumulation_candidate {
  std::string asset;
  std::string property;
  level_t level = 0;
  std::uint32_t dependents = 0; ///< distinct dependents reaching `level`
};

struct INFOCLASS_API review_result {
  std::vector<std::string> overdue;        ///< review_by before today
  std::vector<std::string> missing_review; ///< information without review_by
  std::vector<std::string> without_owner;
  std::vector<deviation> deviations; ///< lowering overrides, unassessed, separate analysis
  std::vector<cumulation_candidate> cumulation_candidates;
  std::vector<owner_summary> owners; ///< by owner name
  /// Throws: nothing.
  [[nodiscard]] std::size_t findings() const;
};

/// `today` is an ISO date `YYYY-MM-DD`; `cumulation_at_least` is how many
/// dependents make a cumulation candidate.
/// Throws: model_error if `today` is not a date `YYYY-MM-DD`; error if `a` is not an assessment of `m`.
[[nodiscard]] INFOCLASS_API review_result review(const model& m, const assessment& a, const std::string& today,
                                                 std::uint32_t cumulation_at_least = 5);

/// Today's date in UTC as `YYYY-MM-DD`.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string today_utc();

} // namespace infoclass::inline INFOCLASS_ABI::analysis
