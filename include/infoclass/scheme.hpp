// SPDX-License-Identifier: Apache-2.0
// Classification schemes: the properties an organisation values (K, R, T, S or
// C, I, A) and the ordered scale of levels of each.
//
// A scheme is immutable once built and shared between models by
// std::shared_ptr<const scheme>. Five presets ship (`se-klassa`, `se-msb`,
// `de-bsi-200-2`, `us-fips-199`, `threagile`); custom schemes are read from JSON by
// io/json.hpp. Every name exists in the scheme's own language and in English.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI {

/// A level number on a property's scale, 0 = lowest.
using level_t = std::uint8_t;

/// Largest number of properties and levels a scheme may have.
inline constexpr std::size_t max_properties = 8;
inline constexpr std::size_t min_levels = 2;
inline constexpr std::size_t max_levels = 8;

/// What a property protects. Dependency-type transfers are declared per role.
enum class role : std::uint8_t { confidentiality, integrity, availability, traceability, other };

/// `confidentiality`, `integrity`, ... as written in JSON.
[[nodiscard]] INFOCLASS_API std::string_view to_string(role r) noexcept;
/// Parses a role word; std::nullopt if it is not one.
[[nodiscard]] INFOCLASS_API std::optional<role> parse_role(std::string_view word) noexcept;

/// One step of a property's scale.
struct INFOCLASS_API level_info {
  std::string key;         ///< stable key usable in JSON instead of the number
  std::string name;        ///< name in the scheme's language
  std::string name_en;     ///< English name
  std::string description; ///< what the level means (English)
  friend bool operator==(const level_info&, const level_info&) = default;
};

/// One property of a scheme (e.g. K = Konfidentialitet).
struct INFOCLASS_API property_info {
  std::string key; ///< short key, e.g. "K"
  enum role role = role::other;
  std::string name;    ///< name in the scheme's language
  std::string name_en; ///< English name
  std::vector<level_info> levels;
  /// "not applicable" may be assessed for information assets (FIPS 199
  /// confidentiality of public information).
  bool allows_not_applicable = false;
  friend bool operator==(const property_info&, const property_info&) = default;
};

/// An ordered list of properties with their scales.
class INFOCLASS_API scheme {
public:
  std::string id;       ///< preset id or a custom id
  std::string name;     ///< name in the scheme's language
  std::string name_en;  ///< English name
  std::string language; ///< BCP 47 tag of `name`s, e.g. "sv"
  std::vector<property_info> properties;
  /// Level meaning "a separate analysis is required" (se-klassa: 4); a result at
  /// this level is reported as a deviation.
  std::optional<level_t> separate_analysis_level;
  /// Built-in floor for every asset whose kind is not `information` (FIPS 199:
  /// at least low); one entry per property, std::nullopt = no floor.
  std::vector<std::optional<level_t>> non_information_floor;

  /// The number of properties.
  [[nodiscard]] std::size_t size() const noexcept { return properties.size(); }

  /// Index of a property by key (`"K"`) or role word (`"confidentiality"`);
  /// std::nullopt when there is none (or the role is shared by several).
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::optional<std::size_t> find_property(std::string_view key_or_role) const;
  /// The same, for callers that name a property: throws model_error (where =
  /// the word) listing the scheme's keys when there is none.
  [[nodiscard]] std::size_t property_index(std::string_view key_or_role) const;

  /// Number of levels of property `p` (its top level is levels(p) - 1); model_error
  /// naming the index when p >= size().
  [[nodiscard]] level_t levels(std::size_t p) const { return static_cast<level_t>(property(p).levels.size()); }
  /// Property `p`; model_error (`property index 9: out of range: scheme se-klassa
  /// has 4 properties (0..3)`) when p >= size().
  [[nodiscard]] const property_info& property(std::size_t p) const;

  /// Level of property `p` by key (`"high"`) or decimal number (`"2"`).
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] std::optional<level_t> find_level(std::size_t p, std::string_view key) const;

  /// Level of property `p` as people write it in a spreadsheet: the number,
  /// the key or the level's name in the scheme's language or English,
  /// compared after Unicode case folding (`Betydande`, `HOCH`, `moderate`),
  /// white space at both ends ignored. std::nullopt if none matches.
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] std::optional<level_t> match_level(std::size_t p, std::string_view text) const;
  /// Property by key, role word or its name in either language, compared
  /// after case folding (`k`, `Konfidentialitet`, `Vertraulichkeit`).
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::optional<std::size_t> match_property(std::string_view text) const;
  /// Checks the invariants (keys unique and well-formed, 1..8 properties,
  /// 2..8 levels); throws model_error naming the offending part.
  void validate() const;

  /// A preset by id; throws model_error for an unknown id.
  [[nodiscard]] static std::shared_ptr<const scheme> preset(std::string_view id);
  /// The ids of the built-in presets, in a stable order.
  /// Throws: nothing.
  [[nodiscard]] static const std::vector<std::string>& preset_ids();
  /// True if this scheme equals the preset of its id.
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] bool is_preset() const;

  friend bool operator==(const scheme&, const scheme&) = default;
};

} // namespace infoclass::inline INFOCLASS_ABI
