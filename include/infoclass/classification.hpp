// SPDX-License-Identifier: Apache-2.0
// Classification: one level, "unassessed" or "not applicable" per property.
//
// A small value type (fixed storage of max_properties bytes, no allocation).
// join() is the component-wise maximum that "none" (unassessed or not
// applicable) never wins; the partial order `dominated_by` is the one under
// which join is the least upper bound. Formatting gives `K3 R2 T2 S1`.
#pragma once

#include "infoclass/scheme.hpp"

#include "infoclass/version.hpp"
#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI {

class INFOCLASS_API classification {
public:
  /// Stored for a property without an assessed level.
  static constexpr level_t unassessed = 0xFF;
  /// Stored for a property assessed as not applicable.
  static constexpr level_t not_applicable = 0xFE;

  /// No properties; add_asset reads an empty `own` as "all unassessed".
  classification() = default;

  /// `n` properties, none assessed: `classification::none(4)`.
  /// Throws: model_error for n > 8 (a classification has at most 8 properties).
  [[nodiscard]] static classification none(std::size_t n);
  /// From levels, std::nullopt for unassessed: `classification::of({3, 2, std::nullopt, 1})`.
  /// Throws: model_error for more than 8 levels or a value that is no level.
  [[nodiscard]] static classification of(std::initializer_list<std::optional<level_t>> levels);

  /// From raw stored values (a level, `unassessed` or `not_applicable`):
  /// `classification{3, 2, 2, 1}`.
  /// Throws: model_error for more than 8 levels.
  classification(std::initializer_list<level_t> levels);
  /// All `n` properties unassessed. Deprecated: `classification(4)` and
  /// `classification{4}` mean different things; say classification::none(4).
  /// Throws: model_error for n > 8.
  [[deprecated("use classification::none(n); classification{n} is one property at level n")]] explicit classification(
      std::size_t n)
      : classification(sized{}, n) {}

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  /// The level of property `p`, or std::nullopt if unassessed / not applicable.
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] std::optional<level_t> get(std::size_t p) const;
  /// The raw stored value (a level, `unassessed` or `not_applicable`).
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] level_t raw(std::size_t p) const;
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] bool is_unassessed(std::size_t p) const { return raw(p) == unassessed; }
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] bool is_not_applicable(std::size_t p) const { return raw(p) == not_applicable; }
  /// True if property `p` has a level (is neither unassessed nor n/a).
  /// Throws: model_error naming the index for p >= size().
  [[nodiscard]] bool has_level(std::size_t p) const { return raw(p) < not_applicable; }
  /// True if no property has a level or is n/a.
  [[nodiscard]] bool all_unassessed() const noexcept;

  /// Throws: model_error naming the index for p >= size().
  void set(std::size_t p, level_t level);
  /// Throws: model_error naming the index for p >= size().
  void set_unassessed(std::size_t p) { set(p, unassessed); }
  /// Throws: model_error naming the index for p >= size().
  void set_not_applicable(std::size_t p) { set(p, not_applicable); }

  /// Component-wise maximum; a level beats none, unassessed beats n/a.
  /// Throws: model_error if the sizes differ.
  [[nodiscard]] classification join(const classification& other) const;
  /// True if every level of *this is <= the other's (none <= anything).
  /// Throws: nothing of its own; false if the sizes differ.
  [[nodiscard]] bool dominated_by(const classification& other) const;

  /// `K3 R2 T2 S1`; `-` for unassessed, `na` for not applicable.
  /// Throws: nothing of its own (std::bad_alloc); properties beyond the scheme's are left out.
  [[nodiscard]] std::string to_string(const scheme& s) const;
  /// Parses `K3 R2 T2 S1`, also `K=3`, `C:high`, `C=na`, `R-`; properties not
  /// named stay unassessed. Throws model_error naming the bad token.
  [[nodiscard]] static classification parse(const scheme& s, std::string_view text);

  friend bool operator==(const classification& a, const classification& b) noexcept {
    if (a.size_ != b.size_) {
      return false;
    }
    for (std::size_t i = 0; i < a.size_; ++i) {
      if (a.levels_[i] != b.levels_[i]) {
        return false;
      }
    }
    return true;
  }

private:
  struct sized {};
  classification(sized /*tag*/, std::size_t n);
  std::array<level_t, max_properties> levels_{};
  std::uint8_t size_ = 0;
};

} // namespace infoclass::inline INFOCLASS_ABI
