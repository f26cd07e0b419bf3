// SPDX-License-Identifier: Apache-2.0
// Human-readable and tabular renderings of an assessment, used by the CLI.
//
// All output is deterministic (asset order of the model, property order of the
// scheme) so that it can be compared with golden files.
//
// Errors: the formatters throw model_error for an unknown asset id or a
// property index out of range (naming it), std::bad_alloc otherwise.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/model.hpp"
#include "infoclass/progress.hpp"

#include "infoclass/version.hpp"
#include <cstddef>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI {

struct INFOCLASS_API report_options {
  bool colour = false; ///< ANSI colours for levels (the CLI sets it on a terminal only)
  std::string today;   ///< date for overdue reviews, `YYYY-MM-DD`; empty = today (UTC)
  /// format_report: at most this many assets in the table, those with the
  /// highest levels (the others counted); the CLI shows 200 unless --all.
  std::size_t table_limit = static_cast<std::size_t>(-1);
  /// format_report: at most this many entries of each list of findings, the
  /// most severe first (the others counted); the CLI shows 20 unless --all.
  std::size_t list_limit = static_cast<std::size_t>(-1);
  progress_fn progress; ///< told how the analyses go (single points of failure, gaps)
};

/// The terminal summary of `infoclass report`: per asset kind, owner,
/// effective levels and cause; then deviations, unassessed information and the
/// findings of the analyses (review, single points of failure, gaps).
/// Throws: model_error if `options.today` is not a date; error if `a` is not an assessment of `m`.
[[nodiscard]] INFOCLASS_API std::string format_report(const model& m, const assessment& a,
                                                      const report_options& options = {});
/// One self-contained HTML file (no network): summary figures, the findings
/// of every analysis, a per-asset table with explanations, the dependency
/// graph (`svg`, rendered by the caller, e.g. with io::render_svg; omitted when
/// empty) and per-owner sections.
/// Throws: model_error if `today` is not a date; error if `a` is not an assessment of `m`.
[[nodiscard]] INFOCLASS_API std::string format_html_report(const model& m, const assessment& a, const std::string& svg,
                                                           const report_options& options = {});

/// `propagate --format table`: effective levels, derived ones in parentheses
/// where an override differs.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string format_table(const model& m, const assessment& a);
/// `propagate --format csv`: RFC 4180, one row per asset.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string format_csv(const model& m, const assessment& a);
/// `explain --format text`: the asset's level, then each step of its path
/// back to the origin, two spaces further in than the one before; steps
/// below the 32nd stay at its depth and start with their number, `[33]`.
/// Throws: model_error for an unknown asset or a property index out of range.
[[nodiscard]] INFOCLASS_API std::string format_explanation(const assessment& a, std::string_view asset,
                                                           std::size_t property);
/// A one-line description of a cause, e.g. `edge from vardsystem (runs_on)`.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string describe(const cause& c);

} // namespace infoclass::inline INFOCLASS_ABI
