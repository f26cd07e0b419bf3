// SPDX-License-Identifier: Apache-2.0
// Policy: how protection requirements travel along dependencies.
//
// For every dependency type and property a transfer (`pass`, `block`, `cap:N`,
// `reduce:N`); the default type table of DESIGN.md §2; the redundancy transfer
// applied on members of redundancy groups (BSI 200-2 "Verteilungseffekt"),
// cumulation rules (BSI "Kumulationseffekt") and floors (FIPS 199's minimum for
// systems). Declarations are stored as written, resolved against a scheme by
// resolve(), so that a model is written back exactly as it was read.
#pragma once

#include "infoclass/classification.hpp"
#include "infoclass/scheme.hpp"

#include "infoclass/version.hpp"
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI {

/// A monotone, non-increasing map of levels: what a dependency passes on.
struct INFOCLASS_API transfer {
  enum class kind : std::uint8_t { pass, block, cap, reduce };
  kind op = kind::pass;
  level_t n = 0; ///< argument of cap / reduce

  [[nodiscard]] static transfer pass() noexcept { return {}; }
  [[nodiscard]] static transfer block() noexcept { return {kind::block, 0}; }
  [[nodiscard]] static transfer cap(level_t n) noexcept { return {kind::cap, n}; }
  [[nodiscard]] static transfer reduce(level_t n) noexcept { return {kind::reduce, n}; }

  /// Applies the transfer; std::nullopt (none) stays none.
  /// Throws: nothing.
  [[nodiscard]] std::optional<level_t> apply(std::optional<level_t> level) const;
  /// `pass`, `block`, `cap:2`, `reduce:1`.
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::string to_string() const;
  /// Parses the text form; std::nullopt if it is malformed.
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] static std::optional<transfer> parse(std::string_view text);

  friend bool operator==(const transfer&, const transfer&) = default;
};

/// Transfers declared for some properties; a key is a property key or a role
/// word, as written in the model.
using transfer_map = std::map<std::string, transfer>;

/// BSI "Kumulationseffekt": an asset of one of `kinds` (all when empty) that at
/// least `at_least` distinct dependents reach with a transferred level >= `level`
/// gets level + 1 (at most the top level) for `property`.
struct INFOCLASS_API cumulation_rule {
  std::string property; ///< key or role word
  std::vector<std::string> kinds;
  std::uint32_t at_least = 2;
  level_t level = 0;
  friend bool operator==(const cumulation_rule&, const cumulation_rule&) = default;
};

/// A minimum for the derived levels of assets of `kinds` (all when empty).
struct INFOCLASS_API floor_rule {
  std::vector<std::string> kinds;
  std::map<std::string, level_t> levels; ///< property key or role word -> level
  friend bool operator==(const floor_rule&, const floor_rule&) = default;
};

/// The policy part of a model, as declared.
struct INFOCLASS_API policy {
  /// New dependency types, or changes of default ones (unnamed properties keep
  /// their default transfer, `pass` for a new type).
  std::map<std::string, transfer_map> types;
  /// Replaces the default redundancy transfer `{"availability": "reduce:1"}` as a
  /// whole when set.
  std::optional<transfer_map> redundancy;
  std::vector<cumulation_rule> cumulation;
  std::vector<floor_rule> floor;

  friend bool operator==(const policy&, const policy&) = default;
};

/// The default dependency types of DESIGN.md §2 in a stable order.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API const std::vector<std::string>& default_dependency_types();

/// The default transfer of a type for a property role (`pass` for unknown types).
/// Throws: nothing of its own (std::bad_alloc); a type it does not know passes.
[[nodiscard]] INFOCLASS_API transfer default_transfer(std::string_view type, role r);

/// The built-in kinds; any other lower-case word is a custom kind.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API const std::vector<std::string>& builtin_kinds();
/// True if `kind` is a built-in kind or a lower-case word `[a-z][a-z0-9_-]{0,63}`.
[[nodiscard]] INFOCLASS_API bool valid_kind(std::string_view kind) noexcept;
/// True if `type` is a valid dependency-type word `[a-z][a-z0-9_-]{0,63}`.
[[nodiscard]] INFOCLASS_API bool valid_type_name(std::string_view type) noexcept;

/// A policy resolved against a scheme: per type and property one transfer.
/// Type ids are positions in `type_names`: the defaults first, then the
/// policy's new types in name order.
struct INFOCLASS_API resolved_policy {
  std::vector<std::string> type_names;
  std::vector<std::vector<transfer>> type_transfers; ///< [type][property]
  std::vector<transfer> redundancy;                  ///< [property]
  struct cumulation {
    std::size_t property;
    std::vector<std::string> kinds; ///< empty = all
    std::uint32_t at_least;
    level_t level;
  };
  std::vector<cumulation> cumulation_rules;
  struct floor {
    std::vector<std::string> kinds;             ///< empty = all
    std::vector<std::optional<level_t>> levels; ///< [property]
    bool all_but_information = false;           ///< the scheme's built-in floor
    [[nodiscard]] bool applies_to(std::string_view kind) const;
  };
  std::vector<floor> floors; ///< the scheme's built-in floor included

  /// Type id by name, std::nullopt if the type is unknown.
  /// Throws: nothing.
  [[nodiscard]] std::optional<std::uint16_t> find_type(std::string_view name) const;
};

/// Resolves `p` against `s`. Throws model_error with a JSON pointer below
/// `/policy` for unknown properties, levels out of range, bad kinds or types.
[[nodiscard]] INFOCLASS_API resolved_policy resolve(const policy& p, const scheme& s);

} // namespace infoclass::inline INFOCLASS_ABI
