// SPDX-License-Identifier: Apache-2.0
// The compact, immutable form of a model the engine works on.
//
// Levels are stored shifted by one (0 = none, l + 1 = level l) so that the
// plain maximum of two bytes is the join that ignores "none". Dependencies are
// kept twice in compressed sparse row form: by target (in-edges, sorted by
// source then insertion order; this order breaks ties between causes) and by
// source (out-edges, for pushing changes). Every transfer is a 9-entry lookup
// table per (type, grouped) code and property.
#pragma once

#include "infoclass/detail/store.hpp"
#include "infoclass/scheme.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI {
class model;
}

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Shifted level: 0 = none, l + 1 = level l.
using slevel = std::uint8_t;

inline constexpr std::size_t lut_width = max_levels + 1;

struct INFOCLASS_API snapshot {
  std::shared_ptr<const scheme> scheme_ptr;
  std::uint32_t n = 0; ///< assets
  std::uint32_t P = 0; ///< properties

  /// Asset ids with their index, shared with the model (copy on write there).
  std::shared_ptr<const id_table> ids;
  std::vector<std::string> kind_names;
  std::vector<std::uint16_t> kinds_by_name; ///< kind ids ordered by name: find_kind's index
  std::uint16_t information_kind = 0xFFFF;

  std::vector<slevel> floor; ///< [kind * P + p]
  std::vector<slevel> top;   ///< [p] shifted top level

  std::vector<std::uint32_t> in_off;  ///< n + 1
  std::vector<std::uint32_t> in_src;  ///< E
  std::vector<std::uint16_t> in_code; ///< E: type * 2 + (in a redundancy group of >= 2)
  std::vector<std::uint32_t> out_off; ///< n + 1
  std::vector<std::uint32_t> out_dst; ///< E
  std::vector<std::uint32_t> out_in;  ///< E: position of the same edge in in_src

  std::vector<std::string> type_names; ///< by type id

  /// A redundancy group with a spare (its edges carry the redundancy transfer).
  struct group_info {
    std::string name;
    std::uint32_t need = 1;    ///< k
    std::uint32_t members = 0; ///< n
  };
  std::vector<group_info> groups;
  /// The in-edge positions of members of `groups`, sorted, and in parallel the
  /// index of each one's group: what a cause names.
  std::vector<std::uint32_t> group_edges;
  std::vector<std::uint32_t> group_of;
  /// The group an in-edge belongs to, or nullptr (no group with a spare).
  [[nodiscard]] const group_info* group_at(std::uint32_t in_edge) const noexcept {
    const auto it = std::lower_bound(group_edges.begin(), group_edges.end(), in_edge);
    return it == group_edges.end() || *it != in_edge ? nullptr : &groups[group_of[it - group_edges.begin()]];
  }
  /// [code][p][shifted level] -> shifted level
  std::vector<std::array<std::array<slevel, lut_width>, max_properties>> lut;

  struct cum_rule {
    std::uint32_t rule; ///< index in the policy's cumulation list
    std::uint32_t at_least;
    slevel threshold; ///< shifted level L + 1
    slevel yields;    ///< shifted min(L + 1, top)
  };
  /// [kind * P + p] -> rules that apply.
  std::vector<std::vector<cum_rule>> cum;

  /// Processing order of a full run (computed once per structure): every
  /// strongly connected component after all of its dependents outside it;
  /// `order[comp_off[c] .. comp_off[c + 1])` are the members of component c.
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> comp_off;
  std::vector<std::uint32_t> comp; ///< [v] component of v
  /// [c] wave of component c: 0 if no dependent outside it, else one more
  /// than the highest wave among the components of its dependents. The
  /// components of one wave depend on none of each other, so a full run may
  /// solve them at the same time (propagate_options::threads).
  std::vector<std::uint32_t> comp_wave;
  /// [v / 64] bit v % 64: v lies on a cycle (its component has more than
  /// one member); what an update asks of most assets it reaches, in n / 8
  /// bytes where `comp` and `comp_off` would cost two far reads.
  std::vector<std::uint64_t> cyclic_bits;
  [[nodiscard]] bool cyclic(std::uint32_t v) const noexcept { return ((cyclic_bits[v >> 6] >> (v & 63)) & 1U) != 0; }

  [[nodiscard]] std::size_t num_edges() const noexcept { return in_src.size(); }
  [[nodiscard]] slevel transfer(std::uint16_t code, std::uint32_t p, slevel l) const noexcept {
    return lut[code][p][l];
  }
};

/// The per-asset inputs that change without a change of structure.
struct INFOCLASS_API asset_values {
  std::vector<std::uint16_t> kind;      ///< [v] index into snapshot::kind_names
  std::vector<slevel> own;              ///< [v * P + p]
  std::vector<slevel> ovr;              ///< [v * P + p], 0 = no override
  std::vector<std::uint8_t> ovr_effect; ///< [v * P + p], override_effect
};

/// Builds the snapshot of a model and its per-asset values. O(V + E).
/// Throws: error for an internal inconsistency (a bug); std::bad_alloc.
INFOCLASS_API void make_snapshot(const model& m, std::shared_ptr<const snapshot>& out, asset_values& values);

/// Fills `order`, `comp_off`, `comp`, `comp_wave` and `cyclic_bits` of `s` (iterative Tarjan
/// over in-edges, no recursion). O(V + E).
/// Throws: nothing of its own (std::bad_alloc).
INFOCLASS_API void compute_order(snapshot& s);

/// Shifted override / own level of vertex `v` from the model, for updates.
/// Throws: error for an internal inconsistency (a bug); std::bad_alloc.
INFOCLASS_API void load_values(const model& m, const snapshot& snap, std::uint32_t v, asset_values& values);

/// Kind id of `kind` in `snap`, or 0xFFFF if the table lacks it: O(log kinds)
/// by `kinds_by_name` (a model may have an own kind per asset), else a search.
/// Throws: nothing of its own.
[[nodiscard]] INFOCLASS_API std::uint16_t find_kind(const snapshot& snap, std::string_view kind);

} // namespace infoclass::inline INFOCLASS_ABI::detail
