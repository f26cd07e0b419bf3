// SPDX-License-Identifier: Apache-2.0
// Bulk loading of the model by column (add_assets, add_dependencies): the
// rows checked in passes of their own, then written at once; a row-by-row pass
// only to report the first bad row. Editing one asset or dependency at a time
// is in model.cpp.
#include "infoclass/model.hpp"

#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"
#include "model/columns.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

namespace infoclass::inline INFOCLASS_ABI {

using detail::check_kind_room;
using detail::needs_nfc;
using detail::text_copy;

vertex_type model::add_assets(const asset_columns& c) {
  // Ids or names that view this model's own strings would move under the
  // load: copied first (the copies are in NFC where needed).
  const auto own = [&](std::span<const std::string_view> col, const auto& store) {
    return std::any_of(col.begin(), col.end(), [&](std::string_view s) { return store.holds(s); });
  };
  // Ids, kinds and owners not in NFC are normalised first (copies).
  const bool nfc = needs_nfc(c.ids) || needs_nfc(c.kind_names) || needs_nfc(c.owner_names);
  if (nfc || own(c.ids, *ids_) || own(c.names, name_) || own(c.kind_names, kinds_) || own(c.owner_names, owners_)) {
    text_copy ids(c.ids, nfc);
    text_copy names(c.names);
    text_copy kind_names(c.kind_names, nfc);
    text_copy owner_names(c.owner_names, nfc);
    asset_columns copy = c;
    copy.ids = ids.views;
    copy.names = names.views;
    copy.kind_names = kind_names.views;
    copy.owner_names = owner_names.views;
    return add_assets(copy);
  }
  const std::size_t n = c.ids.size();
  const std::size_t P = scheme_size_;
  const auto bad = [](const std::string& why) { throw model_error("assets", why); };
  if (c.kind.size() != n) {
    bad("kind column has " + std::to_string(c.kind.size()) + " rows, ids has " + std::to_string(n));
  }
  if (!c.levels.empty() && c.levels.size() != n * P) {
    bad("levels column has " + std::to_string(c.levels.size()) + " values, expected " + std::to_string(n * P));
  }
  if (!c.owner.empty() && c.owner.size() != n) {
    bad("owner column has " + std::to_string(c.owner.size()) + " rows, ids has " + std::to_string(n));
  }
  if (!c.names.empty() && c.names.size() != n) {
    bad("names column has " + std::to_string(c.names.size()) + " rows, ids has " + std::to_string(n));
  }
  if (size() + n >= nil - 1) {
    bad("too many assets (2^32)");
  }
  // The full asset of row i, for the exact message of validate_asset.
  const auto row = [&](std::size_t i) {
    asset a;
    a.id = c.ids[i];
    a.kind = c.kind[i] < c.kind_names.size() ? std::string(c.kind_names[c.kind[i]]) : std::string("?");
    a.own = classification::none(P);
    for (std::size_t p = 0; p < P && !c.levels.empty(); ++p) {
      a.own.set(p, c.levels[i * P + p]);
    }
    if (!c.owner.empty() && c.owner[i] < c.owner_names.size()) {
      a.owner = c.owner_names[c.owner[i]];
    }
    if (!c.names.empty()) {
      a.name = c.names[i];
    }
    return a;
  };
  // Kinds: validated and interned once per name (pool codes; 0xFFFFFFFF = not yet).
  std::vector<std::uint32_t> kind_code(c.kind_names.size(), nil);
  std::size_t new_kinds = 0;
  std::vector<std::uint8_t> kind_info(c.kind_names.size(), 0);
  std::vector<std::uint32_t> owner_code(c.owner_names.size(), nil);
  const auto& sch = *scheme_;
  std::vector<std::uint8_t> allows_na(P);
  std::vector<level_t> top(P);
  for (std::size_t p = 0; p < P; ++p) {
    allows_na[p] = sch.properties[p].allows_not_applicable ? 1 : 0;
    top[p] = static_cast<level_t>(sch.levels(p));
  }
  // Fast path: the rows checked in passes of their own (nothing changed),
  // then the ids added at once. False if any row is bad; the row-by-row pass
  // below then finds the first bad row and its message.
  const auto fast = [&]() -> bool {
    std::uint32_t top_kind = 0;
    for (const std::uint32_t k : c.kind) {
      top_kind = std::max(top_kind, k);
    }
    if (n != 0 && top_kind >= c.kind_names.size()) {
      return false;
    }
    if (!c.owner.empty()) {
      std::uint32_t top_owner = 0;
      for (const std::uint32_t o : c.owner) {
        top_owner = std::max(top_owner, o);
      }
      if (n != 0 && top_owner >= c.owner_names.size()) {
        return false;
      }
    }
    std::vector<std::uint8_t> used(c.kind_names.size(), 0);
    for (const std::uint32_t k : c.kind) {
      used[k] = 1;
    }
    std::vector<std::uint32_t> codes(c.kind_names.size(), nil);
    std::vector<std::uint8_t> info(c.kind_names.size(), 0);
    std::size_t fresh = 0;
    for (std::size_t k = 0; k < used.size(); ++k) {
      if (used[k] == 0) {
        continue;
      }
      if (!valid_kind(c.kind_names[k])) {
        return false;
      }
      const auto known = kinds_.find(c.kind_names[k]);
      if (!known) {
        if (kinds_.size() + fresh >= 0xFFFF) {
          return false;
        }
        ++fresh;
      }
      codes[k] = known.value_or(nil - 1);
      info[k] = c.kind_names[k] == "information" ? 1 : 0;
    }
    // Per property and raw level: bit 0 allowed for any kind, bit 1 for information.
    std::vector<std::uint8_t> allowed(P * 256, 0);
    for (std::size_t p = 0; p < P; ++p) {
      for (std::size_t l = 0; l < 256; ++l) {
        const bool any = l == classification::unassessed || l < top[p];
        const bool for_info = any || (l == classification::not_applicable && allows_na[p] != 0);
        allowed[p * 256 + l] = static_cast<std::uint8_t>((any ? 1 : 0) | (for_info ? 2 : 0));
      }
    }
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
      ok &= valid_asset_id(c.ids[i]);
    }
    if (!c.names.empty()) {
      for (std::size_t i = 0; i < n; ++i) {
        ok &= c.names[i].size() <= detail::string_column::max_length;
      }
    }
    if (!c.levels.empty()) {
      const level_t* lv = c.levels.data();
      const std::uint8_t* tab = allowed.data();
      for (std::size_t i = 0; i < n; ++i) {
        const unsigned shift = info[c.kind[i]];
        for (std::size_t p = 0; p < P; ++p) {
          ok &= ((tab[p * 256 + lv[i * P + p]] >> shift) & 1U) != 0;
        }
      }
    }
    if (!ok) {
      return false;
    }
    if (ids_mut().push_back_many(c.ids.data(), n) != n) {
      return false; // a repeated id
    }
    kind_code = std::move(codes);
    kind_info = std::move(info);
    return true;
  };
  if (!fast()) {
    // Rows in order: checked, then their id added (a duplicate, also within the
    // batch, is found there). On an error the ids added are taken back, so
    // nothing is added; the first bad row is the one reported.
    auto& ids = ids_mut();
    std::size_t bytes = 0;
    for (auto id : c.ids) {
      bytes += id.size();
    }
    ids.reserve(ids.size() + n, bytes);
    // Hashes run `ahead` rows in front so that each row's first slot is in cache.
    constexpr std::size_t ahead = 64;
    std::array<std::size_t, ahead> hashes{};
    for (std::size_t i = 0; i < std::min(n, ahead); ++i) {
      hashes[i] = detail::id_table::hash(c.ids[i]);
      ids.prefetch(hashes[i]);
    }
    std::size_t i = 0;
    try {
      for (; i < n; ++i) {
        const std::string_view id = c.ids[i];
        const std::uint32_t k = c.kind[i];
        if (k >= c.kind_names.size()) {
          throw model_error(std::string(id), "kind: code " + std::to_string(k) + " outside the table of " +
                                                 std::to_string(c.kind_names.size()) + " kinds");
        }
        if (!c.owner.empty() && c.owner[i] >= c.owner_names.size()) {
          throw model_error(std::string(id), "owner: code " + std::to_string(c.owner[i]) + " outside the table of " +
                                                 std::to_string(c.owner_names.size()) + " owners");
        }
        if (kind_code[k] == nil) {
          if (!valid_kind(c.kind_names[k])) {
            validate_asset(row(i)); // throws the kind's message
          }
          const auto known = kinds_.find(c.kind_names[k]);
          if (!known) {
            // Room for this batch's new kinds too (a name listed twice counts twice).
            if (kinds_.size() + new_kinds >= 0xFFFF) {
              throw model_error(std::string(id), "kind: too many distinct kinds (65535)");
            }
            ++new_kinds;
          }
          kind_code[k] = known.value_or(nil - 1);
          kind_info[k] = c.kind_names[k] == "information" ? 1 : 0;
        }
        bool ok = valid_asset_id(id) && (c.names.empty() || c.names[i].size() <= detail::string_column::max_length);
        for (std::size_t p = 0; ok && p < P && !c.levels.empty(); ++p) {
          const level_t l = c.levels[i * P + p];
          ok = l == classification::unassessed || l < top[p] ||
               (l == classification::not_applicable && allows_na[p] && kind_info[k]);
        }
        if (!ok) {
          validate_asset(row(i)); // throws the exact message
        }
        const std::size_t h = hashes[i % ahead];
        if (i + ahead < n) {
          hashes[i % ahead] = detail::id_table::hash(c.ids[i + ahead]);
          ids.prefetch(hashes[i % ahead]);
        }
        if (!ids.push_back(id, h)) {
          throw model_error(std::string(id), "duplicate asset id");
        }
      }
    } catch (...) {
      ids.pop_back(i);
      if (c.row_out != nullptr) {
        *c.row_out = i;
      }
      throw;
    }
  }
  // Columns: nothing below can fail but for memory, and then every column
  // is taken back.
  const vertex_type first = size();
  const std::size_t kinds_before = kinds_.size();
  const std::size_t owners_before = owners_.size();
  try {
    append_asset_columns(c, kind_code, owner_code);
  } catch (...) {
    take_back_assets(first, kinds_before, owners_before, colds_.size());
    throw;
  }
  if (n != 0) {
    record({model_change::what::structure, static_cast<std::uint32_t>(first), 0});
  }
  return first;
}

void model::append_asset_columns(const asset_columns& c, std::vector<std::uint32_t>& kind_code,
                                 std::vector<std::uint32_t>& owner_code) {
  const std::size_t n = c.ids.size();
  const std::size_t P = scheme_size_;
  for (std::size_t k = 0; k < kind_code.size(); ++k) {
    if (kind_code[k] != nil) {
      kind_code[k] = kinds_.intern(c.kind_names[k]);
    }
  }
  const vertex_type first = size();
  kind_.reserve(first + n);
  for (std::size_t r = 0; r < n; ++r) {
    kind_.push_back(static_cast<std::uint16_t>(kind_code[c.kind[r]]));
  }
  owner_.reserve(first + n);
  for (std::size_t r = 0; r < n; ++r) {
    std::uint32_t o = 0;
    if (!c.owner.empty()) {
      auto& oc = owner_code[c.owner[r]];
      if (oc == nil) {
        oc = owners_.intern(c.owner_names[c.owner[r]]);
      }
      o = oc;
    }
    owner_.push_back(o);
  }
  if (c.names.empty()) {
    name_.push_back_empty(n);
  } else {
    name_.push_back_many(c.names.data(), n);
  }
  justification_.push_back_empty(n);
  review_.resize(first + n, 0);
  if (c.levels.empty()) {
    own_.resize((first + n) * P, classification::unassessed);
  } else {
    own_.insert(own_.end(), c.levels.begin(), c.levels.end());
  }
  cold_.resize(first + n, 0);
  links_.resize(first + n);
}

void model::add_dependencies(const dependency_columns& c) {
  stated_need_.clear(); // appends without add_dependency (and may take back)
  const std::size_t E = c.from.size();
  const auto bad = [](const std::string& why) { throw model_error("dependencies", why); };
  if (c.to.size() != E || c.type.size() != E) {
    bad("from, to and type columns differ in length (" + std::to_string(E) + ", " + std::to_string(c.to.size()) + ", " +
        std::to_string(c.type.size()) + ")");
  }
  if (!c.group.empty() && c.group.size() != E) {
    bad("group column has " + std::to_string(c.group.size()) + " rows, from has " + std::to_string(E));
  }
  if (!c.need.empty() && c.need.size() != E) {
    bad("need column has " + std::to_string(c.need.size()) + " rows, from has " + std::to_string(E));
  }
  if (e_from_.size() + E >= nil - 1) {
    bad("too many dependencies (2^32)");
  }
  // Type or group names that view this model's own name tables would move
  // as names are added: copied first.
  const auto own = [](std::span<const std::string_view> col, const detail::string_pool& pool) {
    return std::any_of(col.begin(), col.end(), [&](std::string_view s) { return pool.holds(s); });
  };
  // Type and group names not in NFC are normalised first (copies).
  const bool nfc = needs_nfc(c.type_names) || needs_nfc(c.group_names);
  if (nfc || own(c.type_names, types_) || own(c.group_names, groups_)) {
    text_copy type_names(c.type_names, nfc);
    text_copy group_names(c.group_names, nfc);
    dependency_columns copy = c;
    copy.type_names = type_names.views;
    copy.group_names = group_names.views;
    add_dependencies(copy);
    return;
  }
  // With `need` stated: the fast path (which compares each row's need with
  // those its source's group already states as it links the row), and for a
  // bad batch row by row (add_dependency's checks, the first bad row
  // reported, in order, as the members of a group are compared as they
  // come); all or nothing.
  if (std::any_of(c.need.begin(), c.need.end(), [](std::uint32_t k) { return k != 0; })) {
    if (add_dependencies_fast(c)) { // (false, with the model as it was, for a bad batch)
      if (E != 0) {
        record({model_change::what::structure, 0, 0});
      }
      return;
    }
    const std::size_t first = e_from_.size();
    const std::size_t types_before = types_.size();
    const std::size_t groups_before = groups_.size();
    for (std::size_t r = 0; r < E; ++r) {
      const bool grouped = !c.group.empty() && c.group[r] != npos;
      try {
        if (c.type[r] >= c.type_names.size() || (grouped && c.group[r] >= c.group_names.size())) {
          throw model_error("dependencies", "row " + std::to_string(r) + ": a type or group code out of range");
        }
        (void)add_dependency(c.from[r], c.to[r], c.type_names[c.type[r]],
                             grouped ? c.group_names[c.group[r]] : std::string_view{}, c.need[r]);
      } catch (const model_error&) {
        if (c.row_out != nullptr) {
          *c.row_out = r;
        }
        // The rows added are taken back (their journal entries stay: an
        // engine then looks at those assets again, which is harmless).
        take_back_edges(first, e_from_.size() - first, types_before, groups_before);
        throw;
      } catch (...) { // out of memory: taken back as well
        take_back_edges(first, e_from_.size() - first, types_before, groups_before);
        throw;
      }
    }
    if (E != 0) {
      record({model_change::what::structure, 0, 0});
    }
    return;
  }
  if (!add_dependencies_fast(c)) {
    add_dependencies_checked(c); // throws the first bad row's message
  }
  if (E != 0) {
    record({model_change::what::structure, 0, 0});
  }
}

namespace {

// From this many dependencies of one source on, a row's repeat check looks
// the source's (target, type) pairs and its groups' stated needs up in hash
// tables instead of walking its list: a source with 100,000 dependencies
// made the load quadratic (7.8 s).
constexpr std::uint32_t wide_source = 64;

class wide_sources {
public:
  /// Whether the row (u -> v, type t, group g, need k) may join u's
  /// dependencies (not a repeat of a target and type, no need other than the
  /// one u's group states), recorded if so. u's list (from `first`) is read
  /// once (to `end`), the first time u is asked about.
  bool add(std::uint32_t u, std::uint32_t first, std::uint32_t end, const std::uint32_t* next_out,
           const std::uint32_t* to, const std::uint16_t* type, const std::uint32_t* group, const std::uint16_t* need,
           std::uint32_t v, std::uint16_t t, std::uint32_t g, std::uint16_t k) {
    auto [it, fresh] = sources_.try_emplace(u);
    source& x = it->second;
    if (fresh) {
      for (std::uint32_t e = first; e != end; e = next_out[e]) {
        x.pairs.insert(key(to[e], type[e]));
        if (need[e] != 0) {
          x.needs.try_emplace(group[e], need[e]);
        }
      }
    }
    if (x.pairs.contains(key(v, t))) {
      return false;
    }
    if (k != 0) {
      const auto [stated, first_need] = x.needs.try_emplace(g, k);
      if (!first_need && stated->second != k) {
        return false;
      }
    }
    x.pairs.insert(key(v, t));
    return true;
  }

private:
  static std::uint64_t key(std::uint32_t v, std::uint16_t t) { return (std::uint64_t{v} << 16U) | t; }
  struct source {
    std::unordered_set<std::uint64_t> pairs;                // target << 16 | type
    std::unordered_map<std::uint32_t, std::uint16_t> needs; // group code -> the need it states
  };
  std::unordered_map<std::uint32_t, source> sources_;
};

} // namespace

// The bulk load in passes: the code columns checked whole (vectorisable
// loops), the type and group tables resolved once in order of first use, then
// every row linked with only the repeat check left per row. False, with the
// model as it was, if any row is bad: add_dependencies_checked then finds the
// first bad row and its message, as add_dependency would.
bool model::add_dependencies_fast(const dependency_columns& c) {
  const std::size_t E = c.from.size();
  const auto assets = static_cast<std::uint32_t>(size());
  const std::uint32_t* from = c.from.data();
  const std::uint32_t* to = c.to.data();
  const std::uint32_t* type = c.type.data();
  const std::uint32_t* grp = c.group.empty() ? nullptr : c.group.data();
  const std::size_t nt = c.type_names.size();
  const std::size_t ng = c.group_names.size();
  // Largest vertex and type code, self loops; group codes plus one (nil
  // wraps to 0, "no group") against the table.
  std::uint32_t top_vertex = 0;
  std::uint32_t top_type = 0;
  std::uint32_t self = 0;
  for (std::size_t i = 0; i < E; ++i) {
    top_vertex = std::max(top_vertex, std::max(from[i], to[i]));
    top_type = std::max(top_type, type[i]);
    self |= static_cast<std::uint32_t>(from[i] == to[i]);
  }
  std::uint32_t top_group = 0;
  if (grp != nullptr) {
    for (std::size_t i = 0; i < E; ++i) {
      top_group = std::max(top_group, grp[i] + 1U);
    }
  }
  if (E != 0 && (top_vertex >= assets || top_type >= nt || self != 0 || top_group > ng)) {
    return false;
  }
  // A need (k of a group's members) only on a row with a group, at most max_need.
  const std::uint32_t* need = c.need.empty() ? nullptr : c.need.data();
  if (need != nullptr) {
    for (std::size_t i = 0; i < E; ++i) {
      if (need[i] != 0 && (need[i] > max_need || grp == nullptr || grp[i] == nil || c.group_names[grp[i]].empty())) {
        return false;
      }
    }
  }
  // Codes in order of first use (as the row-by-row load interns them).
  std::vector<std::uint32_t> type_code(nt, nil);
  std::vector<std::uint32_t> group_code(ng, nil);
  std::vector<std::uint32_t> type_rows;  // first row of each type used, in order
  std::vector<std::uint32_t> group_uses; // group codes, in order of first use
  for (std::size_t i = 0; i < E; ++i) {
    if (type_code[type[i]] == nil) {
      type_code[type[i]] = 0;
      type_rows.push_back(static_cast<std::uint32_t>(i));
    }
  }
  if (grp != nullptr) {
    for (std::size_t i = 0; i < E; ++i) {
      const std::uint32_t g = grp[i];
      if (g != nil && group_code[g] == nil) {
        group_code[g] = 0;
        group_uses.push_back(g);
      }
    }
  }
  try {
    for (const std::uint32_t r : type_rows) {
      const std::uint32_t g = grp == nullptr ? nil : grp[r];
      check_dependency(from[r], to[r], c.type_names[type[r]], g == nil ? std::string_view{} : c.group_names[g]);
    }
  } catch (const model_error&) {
    return false;
  }
  for (const std::uint32_t g : group_uses) {
    if (c.group_names[g].size() > 128) {
      return false;
    }
  }
  const std::size_t types_before = types_.size();
  const std::size_t groups_before = groups_.size();
  const std::size_t first = e_from_.size();
  std::vector<std::uint32_t> group_code1(ng + 1, 0);
  try {
    for (const std::uint32_t r : type_rows) {
      type_code[type[r]] = types_.intern(c.type_names[type[r]]);
    }
    for (const std::uint32_t g : group_uses) {
      group_code[g] = groups_.intern(c.group_names[g]);
    }
    for (auto* col : {&e_from_, &e_to_, &e_group_, &e_next_out_, &e_next_in_}) {
      col->resize(first + E); // left unset (big_allocator): each row is written whole
    }
    e_type_.resize(first + E);
    e_need_.resize(first + E);
  } catch (...) { // out of memory: every column back to its length, the names taken back
    take_back_edges(first, 0, types_before, groups_before);
    throw;
  }
  std::uint16_t* e_need = e_need_.data();
  std::uint32_t* e_from = e_from_.data();
  std::uint32_t* e_to = e_to_.data();
  std::uint16_t* e_type = e_type_.data();
  std::uint32_t* e_group = e_group_.data();
  std::uint32_t* next_out = e_next_out_.data();
  std::uint32_t* next_in = e_next_in_.data();
  vertex_links* links = links_.data();
  const std::uint32_t* tcode = type_code.data();
  // Group codes by (code + 1): nil, "no group", wraps to 0, the pool's "".
  std::copy(group_code.begin(), group_code.end(), group_code1.begin() + 1);
  const std::uint32_t* gcode1 = group_code1.data();
  wide_sources wide;
  for (std::size_t i = 0; i < E; ++i) {
    // Both ends' list heads and the target's list tail are random accesses:
    // fetch them some rows ahead.
    constexpr std::size_t ahead = 40;
    constexpr std::size_t tail_ahead = 12; // after the heads have arrived
    if (i + ahead < E) {
      __builtin_prefetch(links + from[i + ahead]);
      __builtin_prefetch(links + to[i + ahead]);
    }
    if (i + tail_ahead < E) {
      const std::uint32_t tail = links[to[i + tail_ahead]].last_in;
      if (tail != nil) {
        __builtin_prefetch(next_in + tail);
      }
    }
    const std::uint32_t u = from[i];
    const std::uint32_t v = to[i];
    const auto t = static_cast<std::uint16_t>(tcode[type[i]]);
    const std::uint32_t g = grp == nullptr ? 0 : gcode1[grp[i] + 1U];
    const auto k = static_cast<std::uint16_t>(need == nullptr ? 0 : need[i]);
    vertex_links& lu = links[u];
    // A repeat, or a need other than one the group states from u: take back
    // the rows linked, and the names interned.
    bool bad = false;
    if (lu.out_deg < wide_source) {
      for (std::uint32_t e = lu.first_out; e != nil && !bad; e = next_out[e]) {
        bad = (e_to[e] == v && e_type[e] == t) || (k != 0 && e_group[e] == g && e_need[e] != 0 && e_need[e] != k);
      }
    } else {
      bad = !wide.add(u, lu.first_out, nil, next_out, e_to, e_type, e_group, e_need, v, t, g, k);
    }
    if (bad) {
      live_edges_ += i;
      take_back_edges(first, i, types_before, groups_before);
      return false;
    }
    const auto e = static_cast<std::uint32_t>(first + i);
    e_from[e] = u;
    e_to[e] = v;
    e_type[e] = t;
    e_group[e] = g;
    e_need[e] = k;
    next_out[e] = nil; // the last of both lists
    next_in[e] = nil;
    (lu.last_out == nil ? lu.first_out : next_out[lu.last_out]) = e;
    lu.last_out = e;
    ++lu.out_deg;
    vertex_links& lv = links[v];
    (lv.last_in == nil ? lv.first_in : next_in[lv.last_in]) = e;
    lv.last_in = e;
    ++lv.in_deg;
  }
  live_edges_ += E;
  return true;
}

// Takes back the `rows` dependencies linked from slot `first` on (latest
// first: each is the last of its lists) and the names interned since.
void model::take_back_edges(std::size_t first, std::size_t rows, std::size_t types_before, std::size_t groups_before) {
  stated_need_.clear();
  // The rows were appended to their lists, so in every list they are the
  // tail from its first row on: each list is cut there, one walk per list
  // (a walk per row made taking back 50,000 dependencies of one source
  // quadratic).
  const auto cut = [&](std::uint32_t& head, std::uint32_t& last, std::uint32_t* next, std::uint32_t& degree) {
    if (last == nil || last < first) {
      return; // cut already, or none of the rows in it
    }
    std::uint32_t prev = nil;
    std::uint32_t f = head;
    while (f < first) {
      prev = f;
      f = next[f];
    }
    for (; f != nil; f = next[f]) {
      --degree;
    }
    (prev == nil ? head : next[prev]) = nil;
    last = prev;
  };
  for (std::size_t j = first; j < first + rows; ++j) {
    vertex_links& lu = links_[e_from_[j]];
    vertex_links& lv = links_[e_to_[j]];
    cut(lu.first_out, lu.last_out, e_next_out_.data(), lu.out_deg);
    cut(lv.first_in, lv.last_in, e_next_in_.data(), lv.in_deg);
  }
  live_edges_ -= rows;
  for (auto* col : {&e_from_, &e_to_, &e_group_, &e_next_out_, &e_next_in_}) {
    col->resize(first);
  }
  e_type_.resize(first);
  e_need_.resize(first);
  types_.truncate(types_before);
  groups_.truncate(groups_before);
}

// Row by row, each checked before it is added; the first bad row throws (its
// number in c.row_out) and nothing is added.
void model::add_dependencies_checked(const dependency_columns& c) {
  const std::size_t E = c.from.size();
  const std::size_t types_before = types_.size();
  const std::size_t groups_before = groups_.size();
  // Type and group tables: checked and interned on first use.
  std::vector<std::uint32_t> type_code(c.type_names.size(), nil);
  std::vector<std::uint32_t> group_code(c.group_names.size(), nil);
  // Only bad batches come here (see add_dependencies_fast): rows are appended
  // one by one, as add_dependency does.
  const std::size_t first = e_from_.size();
  const std::size_t assets = size();
  std::size_t i = 0;
  try {
    for (; i < E; ++i) {
      const std::uint32_t u = c.from[i];
      const std::uint32_t v = c.to[i];
      const std::uint32_t tc = c.type[i];
      const std::uint32_t gc = c.group.empty() ? nil : c.group[i];
      if (u >= assets || v >= assets) {
        throw model_error("dependency", "vertex " + std::to_string(std::max(u, v)) + " out of range (" +
                                            std::to_string(assets) + " assets)");
      }
      if (tc >= c.type_names.size()) {
        throw model_error(std::string(id(u)) + " -> " + std::string(id(v)),
                          "type code " + std::to_string(tc) + " outside the table of " +
                              std::to_string(c.type_names.size()) + " types");
      }
      if (gc != nil && gc >= c.group_names.size()) {
        throw model_error(std::string(id(u)) + " -> " + std::string(id(v)),
                          "group code " + std::to_string(gc) + " outside the table of " +
                              std::to_string(c.group_names.size()) + " groups");
      }
      const std::string_view group = gc == nil ? std::string_view{} : c.group_names[gc];
      if (type_code[tc] == nil) {
        check_dependency(u, v, c.type_names[tc], group); // messages for undeclared types
        type_code[tc] = types_.intern(c.type_names[tc]);
      }
      std::uint32_t g = 0;
      if (gc != nil) {
        if (group_code[gc] == nil) {
          check_dependency(u, v, c.type_names[tc], group);
          group_code[gc] = groups_.intern(group);
        }
        g = group_code[gc];
      }
      const std::uint32_t t = type_code[tc];
      if (u == v || has_edge(u, v, t)) {
        check_dependency(u, v, c.type_names[tc], group); // throws the exact message
      }
      push_edge(u, v, t, g);
    }
  } catch (...) {
    if (c.row_out != nullptr) {
      *c.row_out = i;
    }
    take_back_edges(first, i, types_before, groups_before);
    throw;
  }
}

} // namespace infoclass::inline INFOCLASS_ABI
