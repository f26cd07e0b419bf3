// SPDX-License-Identifier: Apache-2.0
// What an update keeps between updates for the assets with many dependents:
// per property, how many of their in-edges transfer each level, and which
// ones. A lowering that reaches such an asset reads its new maximum from the
// counts, and the first in-edge reaching it from the sets, instead of a pass
// over every in-edge (on a package graph, libc6 has over 20,000).
#pragma once

#include "infoclass/detail/snapshot.hpp"

#include "infoclass/version.hpp"
#include <bit>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// For the assets whose in-degree is at least `min_in_degree`, per property
/// and transferred level: the count of in-edges transferring it and their set
/// (a bit per in-edge, in in-edge order). Valid for one snapshot and the
/// effective levels it was built from, kept valid by `move` for every later
/// change of an effective level; a value type (a copied engine keeps its own).
/// Memory: P bytes per in-edge of a counted asset (a bit per level above 0
/// and property), and 36 · P bytes per counted asset.
class in_level_counts {
public:
  /// Fewer in-edges are read faster than counts are kept up to date.
  static constexpr std::uint32_t min_in_degree = 64;

  /// Built for `s` (and not dropped since).
  [[nodiscard]] bool ready(const std::shared_ptr<const snapshot>& s) const noexcept {
    const auto held = for_.lock();
    return held && held == s;
  }
  /// Counts for `s` from the effective levels `eff` ([v * P + p]). O(sum of
  /// the counted assets' in-degrees · P).
  /// Throws: nothing of its own (std::bad_alloc; then not ready).
  void build(const std::shared_ptr<const snapshot>& s, std::span<const slevel> eff);
  /// Not ready until built again (the memory stays for that).
  void drop() noexcept { for_.reset(); }

  /// Whether `w` is counted.
  [[nodiscard]] bool counted(std::uint32_t w) const noexcept {
    return w < bits_.size() * 64 && ((bits_[w >> 6] >> (w & 63)) & 1U) != 0;
  }
  /// The highest level an in-edge of the counted asset `w` transfers for `p` (0 if none).
  [[nodiscard]] slevel highest(std::uint32_t w, std::uint32_t p) const noexcept;
  /// The first in-edge of the counted asset `w` transferring level `l` (> 0) for
  /// `p`, as an index into the snapshot's in-edges; one exists if highest(w, p) is l.
  [[nodiscard]] std::uint32_t first_reaching(const snapshot& s, std::uint32_t w, std::uint32_t p,
                                             slevel l) const noexcept;
  /// The effective level of (u, p) moves from `from` to `to`: the counts of
  /// u's counted supporters follow. O(out-degree of u).
  void move(const snapshot& s, std::uint32_t u, std::uint32_t p, slevel from, slevel to) noexcept;

  /// Whether the counts equal a fresh count from `eff` (for tests).
  [[nodiscard]] bool agrees(const snapshot& s, std::span<const slevel> eff) const;

private:
  /// w's position among the counted assets (their rank): O(1).
  [[nodiscard]] std::size_t slot(std::uint32_t w) const noexcept {
    const std::uint64_t below = bits_[w >> 6] & ((std::uint64_t{1} << (w & 63)) - 1);
    return rank_[w >> 6] + static_cast<std::size_t>(std::popcount(below));
  }
  struct counted_asset {
    std::size_t set_off;    ///< first word of its sets in sets_
    std::uint32_t words;    ///< words per set: ceil(in-degree / 64)
    std::uint32_t in_first; ///< its first in-edge
  };
  std::weak_ptr<const snapshot> for_;
  std::uint32_t props_ = 0;
  std::vector<std::uint64_t> bits_;   ///< [v / 64] bit v % 64: v is counted
  std::vector<std::uint32_t> rank_;   ///< [v / 64] counted assets below v / 64 * 64
  std::vector<counted_asset> assets_; ///< by slot (ascending asset)
  std::vector<std::uint32_t> counts_; ///< [(i * P + p) * lut_width + level], i = slot
  std::vector<std::uint64_t> sets_;   ///< slot i: [set_off + (p * (lut_width - 1) + level - 1) * words + k]
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
