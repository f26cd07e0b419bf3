// SPDX-License-Identifier: Apache-2.0
// Assessment: the result of propagation — derived and effective levels of every
// asset and property, the cause of each, explanations, origins and deviations.
//
// An assessment is self-contained: it keeps the compact snapshot it was computed
// on (shared, immutable) and the per-asset inputs, so it stays valid and
// unchanged when the model changes afterwards. Const member functions are safe
// to call from several threads at once.
#pragma once

#include "infoclass/classification.hpp"
#include "infoclass/detail/snapshot.hpp"
#include "infoclass/scheme.hpp"

#include "infoclass/version.hpp"
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI {

class propagation;
namespace detail {
struct assessment_access;
} // namespace detail

/// Where an (asset, property) level comes from.
enum class cause_kind : std::uint8_t { none, own, override_, floor, cumulation, edge };
/// `none`, `own`, `override`, `floor`, `cumulation`, `edge`.
[[nodiscard]] INFOCLASS_API std::string_view to_string(cause_kind k) noexcept;

/// The cause of one (asset, property) level.
struct INFOCLASS_API cause {
  cause_kind kind = cause_kind::none;
  std::string from; ///< edge: the dependent the level came from
  std::string type; ///< edge: the dependency type
  /// edge: the redundancy group of the dependency where the group has a spare
  /// (its redundancy transfer applied), with its k (`need`) of n (`members`).
  std::string group;
  std::uint32_t need = 0;
  std::uint32_t members = 0;
  std::uint32_t count = 0;          ///< cumulation: dependents reaching the threshold
  std::uint32_t at_least = 0;       ///< cumulation: the rule's N
  std::optional<level_t> threshold; ///< cumulation: the rule's level L
  std::string effect;               ///< override: cumulation, distribution or manual
  friend bool operator==(const cause&, const cause&) = default;
};

/// One step of an explanation, from the asked asset back to the origin.
struct INFOCLASS_API explain_step {
  std::string asset;
  std::optional<level_t> level; ///< effective level of `asset`
  struct cause cause;           ///< why `asset` has that level
  std::string via; ///< type of the dependency that carried this level to the previous step ("" for the first)
  friend bool operator==(const explain_step&, const explain_step&) = default;
};

/// An origin that alone forces an effective level.
struct INFOCLASS_API origin {
  std::string asset;
  cause_kind kind = cause_kind::own; ///< own, override_, floor or cumulation
  level_t level = 0;
  friend bool operator==(const origin&, const origin&) = default;
};

/// Something a reviewer must look at.
struct INFOCLASS_API deviation {
  enum class what : std::uint8_t {
    lowering_override, ///< an override below the derived level
    unassessed,        ///< an information asset without an assessment of a property
    separate_analysis, ///< a result at the scheme's "separate analysis" level
  };
  what kind = what::unassessed;
  std::string asset;
  std::size_t property = 0;
  std::optional<level_t> level;   ///< effective level
  std::optional<level_t> derived; ///< derived level (lowering overrides)
  std::string message;
  friend bool operator==(const deviation&, const deviation&) = default;
};
[[nodiscard]] INFOCLASS_API std::string_view to_string(deviation::what w) noexcept;

class INFOCLASS_API assessment {
public:
  assessment() = default;

  /// The scheme; throws infoclass::error on a default-constructed assessment.
  [[nodiscard]] const scheme& get_scheme() const;
  /// Number of assets.
  [[nodiscard]] std::size_t size() const noexcept { return snap_ ? snap_->n : 0; }
  /// Number of properties.
  [[nodiscard]] std::size_t properties() const noexcept { return snap_ ? snap_->P : 0; }
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::optional<std::size_t> find(std::string_view id) const;
  /// Index of `id`; throws model_error if unknown.
  [[nodiscard]] std::size_t index(std::string_view id) const;
  // Accessors by index throw model_error naming the index (`asset index 999:
  // out of range: the assessment has 104 assets (0..103)`) for i >= size() or
  // p >= properties(); by id, model_error for an unknown id or property.

  /// Id of asset `i`.
  /// Throws: model_error naming the index for i >= size().
  [[nodiscard]] std::string_view id(std::size_t i) const;
  /// Throws: model_error naming the index for i >= size().
  [[nodiscard]] const std::string& kind(std::size_t i) const;

  /// The level of asset `i`, property `p`; std::nullopt when there is none.
  /// Throws: model_error naming the index for i >= size() or p >= properties().
  [[nodiscard]] std::optional<level_t> effective(std::size_t i, std::size_t p) const;
  /// Throws: model_error naming the index for i >= size() or p >= properties().
  [[nodiscard]] std::optional<level_t> derived(std::size_t i, std::size_t p) const;
  /// The same by asset id and property key or role word (`"K"`, `"availability"`).
  /// Throws: model_error for an unknown id or property.
  [[nodiscard]] std::optional<level_t> effective(std::string_view id, std::string_view property) const {
    return effective(index(id), get_scheme().property_index(property));
  }
  /// Throws: model_error for an unknown id or property.
  [[nodiscard]] std::optional<level_t> derived(std::string_view id, std::string_view property) const {
    return derived(index(id), get_scheme().property_index(property));
  }
  /// Throws: model_error for an unknown id.
  [[nodiscard]] classification effective(std::string_view id) const;
  /// Throws: model_error for an unknown id.
  [[nodiscard]] classification derived(std::string_view id) const;
  /// Throws: model_error naming the index for i >= size() or p >= properties().
  [[nodiscard]] bool has_override(std::size_t i, std::size_t p) const;

  /// The cause of the effective level (an override if one is set).
  /// Throws: model_error naming the index for i >= size() or p >= properties().
  [[nodiscard]] cause cause_of(std::size_t i, std::size_t p) const;
  /// Throws: model_error for an unknown id or p >= properties().
  [[nodiscard]] cause cause_of(std::string_view id, std::size_t p) const { return cause_of(index(id), p); }
  /// Throws: model_error for an unknown id or property.
  [[nodiscard]] cause cause_of(std::string_view id, std::string_view property) const {
    return cause_of(index(id), get_scheme().property_index(property));
  }
  /// The cause of the derived level.
  /// Throws: model_error naming the index for i >= size() or p >= properties().
  [[nodiscard]] cause derived_cause(std::size_t i, std::size_t p) const;

  /// The chain of causes from `id` back to the origin; never loops. O(length).
  /// Throws: model_error for an unknown id or p >= properties().
  [[nodiscard]] std::vector<explain_step> explain(std::string_view id, std::size_t p) const;
  /// The same with the property by key or role word: `explain("srv-01", "K")`.
  /// Throws: model_error for an unknown id or property.
  [[nodiscard]] std::vector<explain_step> explain(std::string_view id, std::string_view property) const {
    return explain(id, get_scheme().property_index(property));
  }
  /// Every origin (own assessment, override, floor or cumulation) that alone
  /// forces the effective level of `id`, in asset order. Linear in the
  /// upstream cone of `id`.
  /// Throws: model_error for an unknown id or p >= properties().
  [[nodiscard]] std::vector<origin> origins(std::string_view id, std::size_t p) const;
  /// Throws: model_error for an unknown id or property.
  [[nodiscard]] std::vector<origin> origins(std::string_view id, std::string_view property) const {
    return origins(id, get_scheme().property_index(property));
  }

  /// Lowering overrides, unassessed information, separate-analysis results;
  /// in asset then property order.
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::vector<deviation> deviations() const;

  /// Every asset's effective (derived) levels in one pass, for array
  /// consumers: writes `out[i * properties() + p]`, the level or
  /// classification::unassessed where there is none (the code of
  /// model::own_levels). Throws model_error unless out.size() == size() * properties().
  void effective_levels(std::span<level_t> out) const;
  /// Throws: model_error unless out.size() == size() * properties().
  void derived_levels(std::span<level_t> out) const;

  /// Same levels and causes for the same ids.
  friend INFOCLASS_API bool operator==(const assessment& a, const assessment& b);

  /// Boost.Serialization (src/io/serialize.hpp, private); instantiated for the binary, text
  /// and XML archives. load() validates every size and index it reads.
  template <class Archive> void save(Archive& ar, unsigned version) const;
  template <class Archive> void load(Archive& ar, unsigned version);

private:
  void check(std::size_t i) const;                ///< model_error unless i < size()
  void check(std::size_t i, std::size_t p) const; ///< and p < properties()
  friend class propagation;
  friend struct detail::assessment_access;
  [[nodiscard]] cause make_cause(std::uint32_t v, std::uint32_t p, std::uint8_t kind, std::uint32_t ref) const;
  [[nodiscard]] std::uint32_t cumulation_count(std::uint32_t v, std::uint32_t p, std::uint32_t rule) const;

  std::shared_ptr<const detail::snapshot> snap_;
  detail::asset_values values_;
  std::vector<detail::slevel> derived_;   ///< [v * P + p]
  std::vector<detail::slevel> effective_; ///< [v * P + p]
  std::vector<std::uint8_t> cause_kind_;  ///< [v * P + p] derived cause (cause_kind)
  std::vector<std::uint32_t> cause_ref_;  ///< edge: in-edge index; cumulation: rule
};

} // namespace infoclass::inline INFOCLASS_ABI
