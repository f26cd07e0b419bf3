// SPDX-License-Identifier: Apache-2.0
// Measures and gaps.
//
// A measures catalogue (JSON, `"infoclass_measures": 1`) lists measures with
// the property levels that require them (a measure is required when any named
// property's effective level reaches its minimum), the asset kinds it applies
// to (all when omitted) and references (ISO/IEC 27002:2022 controls). A
// default catalogue for se-klassa ships with infoclass.
//
// gaps() lists, per asset, every property whose implemented level (where the
// asset declares one) is below the effective level, and every required measure
// the asset does not list as implemented; sorted by severity = level gap ×
// (1 + number of assets that depend on it, transitively). Complexity
// O(V · P · M) for the requirements plus one reverse search per asset with a
// gap.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/model.hpp"
#include "infoclass/progress.hpp"

#include "infoclass/version.hpp"
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis {

struct INFOCLASS_API measure {
  std::string id;
  std::string title;
  std::string text;
  std::map<std::size_t, level_t> requires_; ///< property index -> minimum effective level
  std::vector<std::string> kinds;           ///< empty = all kinds
  std::vector<std::string> references;
};

struct INFOCLASS_API catalogue {
  std::string id;
  std::string title;
  std::shared_ptr<const scheme> scheme_ptr;
  std::vector<measure> measures;
};

/// Reads a catalogue; errors name the JSON pointer.
/// Throws: model_error naming the JSON pointer for invalid JSON or an invalid catalogue.
[[nodiscard]] INFOCLASS_API catalogue read_catalogue(std::string_view text);
/// The default catalogue (se-klassa, in our own words).
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API catalogue default_catalogue();

/// Ids of the measures the effective levels of asset `i` require, in catalogue order.
/// Throws: model_error for an asset index out of range.
[[nodiscard]] INFOCLASS_API std::vector<std::string> required_measures(const assessment& a, std::size_t i,
                                                                       const catalogue& c);

struct INFOCLASS_API gap {
  enum class what : std::uint8_t { level, measure };
  what kind = what::level;
  std::string asset;
  std::string property;               ///< the property concerned (for a measure: the one requiring it)
  std::optional<level_t> implemented; ///< level gaps
  level_t effective = 0;
  std::string measure;        ///< measure gaps
  std::size_t dependents = 0; ///< assets that depend on the asset, transitively
  std::size_t severity = 0;
};

/// All gaps, most severe first (ties in model then catalogue order). `progress`,
/// when given, is told how many assets have been examined.
/// Throws: model_error if the catalogue's scheme differs from the model's; what `progress` throws.
[[nodiscard]] INFOCLASS_API std::vector<gap> gaps(const model& m, const assessment& a, const catalogue& c,
                                                  const progress_fn& progress = {});

} // namespace infoclass::inline INFOCLASS_ABI::analysis
