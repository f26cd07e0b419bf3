// SPDX-License-Identifier: Apache-2.0
// Internal: the gaps as small records of indices, most severe first, for
// callers that present them by column (the Python module) or show a few (the
// command line, the reports) without the texts of analysis::gap (three
// strings per gap: 4.9 million gaps at 10^6 assets). Exported (INFOCLASS_API)
// for the command line and the Python module in a shared build; not
// installed.
#pragma once

#include "infoclass/analysis/measures.hpp"

#include "infoclass/version.hpp"
#include <cstdint>
#include <optional>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis::detail {

struct gap_row {
  static constexpr std::uint32_t no_measure = ~std::uint32_t{0};
  std::uint32_t asset;                ///< index in the model
  std::uint32_t measure = no_measure; ///< index in the catalogue; no_measure for a level gap
  std::size_t severity = 0;
  std::uint16_t property = 0; ///< index in the scheme
  std::optional<level_t> implemented;
  level_t effective = 0;
};

struct gap_rows {
  std::vector<gap_row> rows;             ///< most severe first (ties in model then catalogue order)
  std::vector<std::uint32_t> dependents; ///< per asset; empty when there is no gap
};

/// What analysis::gaps() returns, by index; the same checks and errors.
[[nodiscard]] INFOCLASS_API gap_rows find_gaps(const model& m, const assessment& a, const catalogue& c,
                                               const progress_fn& progress);

/// Row i of `found` (from find_gaps with the same model and catalogue) as a
/// gap with its texts: callers that show a few gaps or write them one after
/// another make only those, not a vector of every gap.
[[nodiscard]] INFOCLASS_API gap make_gap(const model& m, const catalogue& c, const gap_rows& found, std::size_t i);

} // namespace infoclass::inline INFOCLASS_ABI::analysis::detail
