// SPDX-License-Identifier: Apache-2.0
#include "infoclass/model.hpp"

#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"
#include "model/columns.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>

namespace infoclass::inline INFOCLASS_ABI {

using detail::check_kind_room;

model::model() : model(scheme::preset("se-klassa")) {}

model::model(std::string_view preset_id) : model(scheme::preset(preset_id)) {}

model::model(std::shared_ptr<const scheme> s, infoclass::policy p)
    : scheme_(std::move(s)), ids_(std::make_shared<detail::id_table>()) {
  if (!scheme_) {
    throw model_error("/scheme", "no scheme given");
  }
  scheme_->validate();
  scheme_size_ = scheme_->size();
  resolved_ = resolve(p, *scheme_);
  policy_ = std::move(p);
  owners_.intern("");
  groups_.intern("");
}

void model::set_policy(infoclass::policy p) {
  auto r = resolve(p, *scheme_);
  std::vector<std::int8_t> declared(types_.size(), -1);
  for (std::size_t e = 0; e < e_from_.size(); ++e) {
    if (e_from_[e] == nil) {
      continue;
    }
    auto& d = declared[e_type_[e]];
    if (d < 0) {
      d = r.find_type(types_.name(e_type_[e])) ? 1 : 0;
    }
    if (d == 0) {
      throw model_error("/policy/types", "dependency type '" + std::string(types_.name(e_type_[e])) + "' of " +
                                             std::string(id(e_from_[e])) + " -> " + std::string(id(e_to_[e])) +
                                             " would no longer be declared");
    }
  }
  resolved_ = std::move(r);
  policy_ = std::move(p);
  record({model_change::what::structure, 0, 0});
}

std::optional<vertex_type> model::find(std::string_view id) const {
  if (!unicode::ascii(id)) {
    const std::string n = unicode::nfc(id); // ids are stored in NFC
    const auto v = ids_->find(n);
    return v == detail::id_table::none ? std::nullopt : std::optional<vertex_type>(v);
  }
  const auto v = ids_->find(id);
  if (v == detail::id_table::none) {
    return std::nullopt;
  }
  return v;
}

vertex_type model::vertex(std::string_view id) const {
  auto v = find(id);
  if (!v) {
    throw model_error(std::string(id), "no such asset");
  }
  return *v;
}

namespace {
std::uint32_t encode_date(std::string_view d) {
  if (d.empty()) {
    return 0;
  }
  auto num = [&](std::size_t a, std::size_t n) {
    std::uint32_t v = 0;
    for (std::size_t i = a; i < a + n; ++i) {
      v = v * 10 + static_cast<std::uint32_t>(d[i] - '0');
    }
    return v;
  };
  return num(0, 4) * 10000 + num(5, 2) * 100 + num(8, 2);
}

std::string decode_date(std::uint32_t x) {
  std::string out(10, '-');
  auto put = [&](std::size_t at, std::size_t n, std::uint32_t v) {
    for (std::size_t i = at + n; i-- > at;) {
      out[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, 4, x / 10000);
  put(5, 2, x / 100 % 100);
  put(8, 2, x % 100);
  return out;
}

const std::map<std::size_t, override_entry> no_overrides;
const std::vector<std::string> no_measures;

void check_vertex(vertex_type v, std::size_t n) {
  if (v >= n) {
    throw model_error("vertex " + std::to_string(v), "out of range: the model has " + std::to_string(n) + " assets" +
                                                         (n == 0 ? "" : " (0.." + std::to_string(n - 1) + ")"));
  }
}
} // namespace

classification model::own(vertex_type v) const {
  check_vertex(v, size());
  auto c = classification::none(scheme_size_);
  for (std::size_t p = 0; p < scheme_size_; ++p) {
    c.set(p, own_[v * scheme_size_ + p]);
  }
  return c;
}

const std::map<std::size_t, override_entry>& model::overrides(vertex_type v) const noexcept {
  const auto* c = cold(v);
  return c ? c->overrides : no_overrides;
}

const std::vector<std::string>& model::measures(vertex_type v) const noexcept {
  const auto* c = cold(v);
  return c ? c->measures : no_measures;
}

asset model::operator[](vertex_type v) const {
  check_vertex(v, size());
  asset a;
  a.id = id(v);
  a.kind = kind(v);
  a.name = name_[v];
  a.owner = owner(v);
  a.own = own(v);
  a.justification = justification_[v];
  if (review_[v] != 0) {
    a.review_by = decode_date(review_[v]);
  }
  if (const auto* c = cold(v)) {
    a.implemented = c->implemented;
    a.overrides = c->overrides;
    a.attributes = c->attributes;
    a.measures = c->measures;
    a.answers = c->answers;
  }
  return a;
}

detail::id_table& model::ids_mut() {
  // Copy on write: a snapshot of the engine may still read the table.
  if (ids_.use_count() > 1) {
    ids_ = std::make_shared<detail::id_table>(*ids_);
  }
  return *ids_;
}

model::cold_fields& model::cold_for_write(vertex_type v) {
  if (cold_[v] == 0) {
    colds_.emplace_back();
    cold_[v] = static_cast<std::uint32_t>(colds_.size());
  }
  return colds_[cold_[v] - 1];
}

void model::push_asset_slots() {
  kind_.push_back(0);
  owner_.push_back(0);
  name_.push_back({});
  justification_.push_back({});
  review_.push_back(0);
  own_.resize(own_.size() + scheme_size_, classification::unassessed);
  cold_.push_back(0);
  links_.emplace_back();
}

namespace {
// Room for one more entry in `col` (growing as push_back would), so that the
// append after it cannot fail: reserve changes nothing if it fails.
template <class Col> void room_for_one(Col& col) {
  if (col.size() == col.capacity()) {
    col.reserve(std::max<std::size_t>(16, col.size() * 2));
  }
}
} // namespace

void model::store_fields(vertex_type v, const asset& a) {
  // What can fail (names interned, room for the texts, the rare fields
  // copied) comes first, then the writes, which cannot: a failure changes
  // nothing (the names interned for it are taken back).
  const std::size_t kinds_before = kinds_.size();
  const std::size_t owners_before = owners_.size();
  std::uint32_t kind = 0;
  std::uint32_t owner = 0;
  std::optional<cold_fields> rare;
  try {
    kind = kinds_.intern(a.kind);
    owner = owners_.intern(a.owner);
    if (a.name.size() > name_[v].size()) { // else written in place
      name_.make_room(a.name.size());
    }
    if (a.justification.size() > justification_[v].size()) {
      justification_.make_room(a.justification.size());
    }
    if (a.implemented || !a.overrides.empty() || !a.attributes.empty() || !a.measures.empty() ||
        a.answers.has_value() || cold_[v] != 0) {
      rare.emplace();
      rare->implemented = a.implemented;
      rare->overrides = a.overrides;
      rare->attributes = a.attributes;
      rare->measures = a.measures;
      rare->answers = a.answers;
      if (cold_[v] == 0) {
        room_for_one(colds_);
      }
    }
  } catch (...) {
    kinds_.truncate(kinds_before);
    owners_.truncate(owners_before);
    throw;
  }
  kind_[v] = static_cast<std::uint16_t>(kind);
  owner_[v] = owner;
  name_.set(v, a.name);
  justification_.set(v, a.justification);
  review_[v] = encode_date(a.review_by);
  for (std::size_t p = 0; p < scheme_size_; ++p) {
    own_[v * scheme_size_ + p] = a.own.raw(p);
  }
  if (rare) {
    cold_for_write(v) = std::move(*rare);
  }
}

namespace {
// Ids, kinds and owners are stored in NFC (a group or type name, too).
void normalise(asset& a) {
  unicode::to_nfc(a.id);
  unicode::to_nfc(a.kind);
  unicode::to_nfc(a.owner);
}
} // namespace

void model::take_back_assets(std::size_t first, std::size_t kinds_before, std::size_t owners_before,
                             std::size_t colds_before) {
  // Only shrinking below: nothing allocates.
  const auto cut = [](auto& col, std::size_t n) {
    if (col.size() > n) {
      col.resize(n);
    }
  };
  cut(kind_, first);
  cut(owner_, first);
  name_.truncate(std::min(name_.size(), first));
  justification_.truncate(std::min(justification_.size(), first));
  cut(review_, first);
  cut(own_, first * scheme_size_);
  cut(cold_, first);
  cut(links_, first);
  cut(colds_, colds_before);
  kinds_.truncate(kinds_before);
  owners_.truncate(owners_before);
  if (ids_->size() > first) {
    ids_mut().pop_back(ids_->size() - first);
  }
}

vertex_type model::add_asset(asset a) {
  normalise(a);
  validate_asset(a);
  if (a.own.empty()) {
    a.own = classification::none(scheme_size_);
  }
  check_kind_room(kinds_, a.kind, a.id);
  if (size() >= nil - 1) {
    throw model_error(a.id, "too many assets (2^32)");
  }
  if (ids_->find(a.id) != detail::id_table::none) {
    throw model_error(a.id, "duplicate asset id");
  }
  const vertex_type v = size();
  const std::size_t kinds_before = kinds_.size();
  const std::size_t owners_before = owners_.size();
  const std::size_t colds_before = colds_.size();
  ids_mut().push_back(a.id);
  try {
    push_asset_slots();
    store_fields(v, a);
  } catch (...) {
    take_back_assets(v, kinds_before, owners_before, colds_before);
    throw;
  }
  record({model_change::what::structure, static_cast<std::uint32_t>(v), 0});
  return v;
}

void model::remove_asset(std::string_view id) {
  const auto v = vertex(id);
  const std::size_t n = size();
  std::vector<bool> keep(n, true);
  keep[v] = false;
  ids_mut().filter(keep);
  name_.filter(keep);
  justification_.filter(keep);
  const auto drop = [&](auto& col) { col.erase(col.begin() + static_cast<std::ptrdiff_t>(v)); };
  drop(kind_);
  drop(owner_);
  drop(review_);
  drop(cold_);
  own_.erase(own_.begin() + static_cast<std::ptrdiff_t>(v * scheme_size_),
             own_.begin() + static_cast<std::ptrdiff_t>((v + 1) * scheme_size_));
  links_.pop_back();
  // Dependencies of v go; vertices after v move down by one.
  for (std::size_t e = 0; e < e_from_.size(); ++e) {
    if (e_from_[e] == nil) {
      continue;
    }
    if (e_from_[e] == v || e_to_[e] == v) {
      e_from_[e] = nil;
      continue;
    }
    e_from_[e] -= e_from_[e] > v ? 1 : 0;
    e_to_[e] -= e_to_[e] > v ? 1 : 0;
  }
  compact_edges();
  record({model_change::what::structure, 0, 0});
}

void model::update_asset(const asset& a_given) {
  asset a = a_given;
  normalise(a);
  auto v = vertex(a.id);
  validate_asset(a);
  if (a.own.empty()) {
    a.own = classification::none(scheme_size_);
  }
  check_kind_room(kinds_, a.kind, a.id);
  store_fields(v, a);
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_level(std::string_view id, std::size_t property, std::optional<level_t> level) {
  auto v = vertex(id);
  if (property >= scheme_size_) {
    throw model_error(std::string(id), "property index " + std::to_string(property) + " out of range");
  }
  asset a = (*this)[v];
  a.own.set(property, level ? *level : classification::unassessed);
  validate_asset(a);
  own_[v * scheme_size_ + property] = a.own.raw(property);
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_classification(std::string_view id, const classification& c) {
  auto v = vertex(id);
  asset a = (*this)[v];
  a.own = c;
  validate_asset(a);
  for (std::size_t p = 0; p < scheme_size_; ++p) {
    own_[v * scheme_size_ + p] = c.raw(p);
  }
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_override(std::string_view id, std::size_t property, override_entry o) {
  auto v = vertex(id);
  asset a = (*this)[v];
  a.overrides[property] = o;
  validate_asset(a);
  // The entry is made first and moved in as a node (no allocation then), with
  // room for the asset's rare fields made before: a failure changes nothing.
  std::map<std::size_t, override_entry> one;
  one.emplace(property, std::move(o));
  if (cold_[v] == 0) {
    room_for_one(colds_);
  }
  auto& overrides = cold_for_write(v).overrides;
  overrides.erase(property);
  overrides.insert(one.extract(one.begin()));
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

bool model::clear_override(std::string_view id, std::size_t property) {
  auto v = vertex(id);
  auto* c = cold(v);
  if (c == nullptr || c->overrides.erase(property) == 0) {
    return false;
  }
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
  return true;
}

// --- dependencies -------------------------------------------------------------

edge_type model::add_dependency(std::string_view from, std::string_view to, std::string_view type,
                                std::string_view group, std::uint32_t need) {
  auto u = find(from);
  if (!u) {
    throw model_error(std::string(from) + " -> " + std::string(to), "unknown asset '" + std::string(from) + "'");
  }
  auto v = find(to);
  if (!v) {
    throw model_error(std::string(from) + " -> " + std::string(to), "unknown asset '" + std::string(to) + "'");
  }
  return add_dependency(*u, *v, type, group, need);
}

std::uint32_t model::check_dependency(vertex_type u, vertex_type v, std::string_view type, std::string_view group,
                                      std::uint32_t need) const {
  if (u >= size() || v >= size()) {
    throw model_error("dependency", "vertex " + std::to_string(std::max(u, v)) + " out of range (" +
                                        std::to_string(size()) + " assets)");
  }
  // The error location is only built when there is an error.
  auto where = [&] { return std::string(id(u)) + " -> " + std::string(id(v)); };
  if (u == v) {
    throw model_error(where(), "a dependency of an asset on itself is not allowed");
  }
  if (!resolved_.find_type(type)) {
    throw model_error(where(), "unknown dependency type '" + std::string(type) + "' (declare it under policy.types)");
  }
  if (group.size() > 128) {
    throw model_error(where(), "redundancy group name longer than 128 bytes");
  }
  if (need != 0) {
    check_need(u, v, type, group, need);
  }
  const auto t = types_.find(type);
  if (t) {
    if (has_edge(static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v), *t)) {
      throw model_error(where(), "repeated dependency of type '" + std::string(type) + "'");
    }
  }
  if (e_from_.size() >= nil - 1) {
    throw model_error(where(), "too many dependencies (2^32)");
  }
  return t.value_or(nil);
}

void model::check_need(vertex_type u, vertex_type v, std::string_view type, std::string_view group,
                       std::uint32_t need) const {
  auto where = [&] { return std::string(id(u)) + " -> " + std::string(id(v)); };
  if (group.empty()) {
    throw model_error(where(), "need " + std::to_string(need) +
                                   " without a redundancy group (need says how many members of a group are needed)");
  }
  if (need > max_need) {
    throw model_error(where(), "need " + std::to_string(need) + " is more than " + std::to_string(max_need));
  }
  const auto g = groups_.find(group);
  if (!g) {
    return;
  }
  // Every member that states a need states the same (this check keeps it
  // so): the first one stating it decides, and the walk ends there (a group
  // of 100,000 members each stating it made a load row by row quadratic).
  // A source with many groups has them indexed (a group's first member
  // stating need walked the whole list): the walk only names the conflict.
  const auto key = static_cast<std::uint64_t>(u) << 32U;
  if (stated_need_.contains(key)) {
    const auto it = stated_need_.find(key | *g);
    if (it == stated_need_.end() || it->second == need) {
      return;
    }
  }
  for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
    if (e_group_[e] != *g || e_need_[e] == 0) {
      continue;
    }
    if (e_need_[e] == need) {
      return;
    }
    throw model_error(where(), "group " + std::string(group) + " needs " + std::to_string(need) + " here, but " +
                                   std::string(id(u)) + " -> " + std::string(id(e_to_[e])) + " (" +
                                   std::string(types_.name(e_type_[e])) + ") says it needs " +
                                   std::to_string(e_need_[e]) + "; every member that states need states the same");
  }
  (void)type;
}

edge_type model::add_dependency(vertex_type from, vertex_type to, std::string_view type, std::string_view group,
                                std::uint32_t need) {
  const vertex_type u = from;
  const vertex_type v = to;
  if (!unicode::ascii(type) || !unicode::ascii(group)) {
    const std::string t = unicode::nfc(type);
    const std::string g = unicode::nfc(group);
    if (t != type || g != group) {
      return add_dependency(u, v, t, g, need);
    }
  }
  if (need != 0 && u < size() && links_[u].out_deg >= need_index_from &&
      !stated_need_.contains(static_cast<std::uint64_t>(u) << 32U)) {
    try {
      index_needs(static_cast<std::uint32_t>(u));
    } catch (...) {
      stated_need_.clear(); // out of memory: an index is only an aid, check_need walks the list instead
    }
  }
  std::uint32_t t = check_dependency(u, v, type, group, need);
  const std::size_t types_before = types_.size();
  const std::size_t groups_before = groups_.size();
  std::uint32_t e = nil;
  try {
    if (t == nil) {
      t = types_.intern(type);
    }
    e = push_edge(static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v), t, groups_.intern(group),
                  static_cast<std::uint16_t>(need));
  } catch (...) {
    types_.truncate(types_before); // out of memory: no name interned for nothing
    groups_.truncate(groups_before);
    throw;
  }
  if (need != 0 && stated_need_.contains(static_cast<std::uint64_t>(u) << 32U)) {
    try {
      stated_need_.try_emplace((static_cast<std::uint64_t>(u) << 32U) | e_group_[e], static_cast<std::uint16_t>(need));
    } catch (...) {
      stated_need_.clear(); // out of memory: an index is only an aid, and the edge is in
    }
  }
  record({model_change::what::edges, static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v)});
  return edge_at(e);
}

void model::index_needs(std::uint32_t u) {
  const auto key = static_cast<std::uint64_t>(u) << 32U;
  for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
    if (e_group_[e] != 0 && e_need_[e] != 0) {
      stated_need_.try_emplace(key | e_group_[e], e_need_[e]); // the first stating decides (all state the same)
    }
  }
  stated_need_.emplace(key, 0); // last: a source is in only when all its groups are
}

std::uint32_t model::push_edge(std::uint32_t u, std::uint32_t v, std::uint32_t type, std::uint32_t group,
                               std::uint16_t need) {
  const auto e = static_cast<std::uint32_t>(e_from_.size());
  // Room in every column first: the appends below cannot fail, so no column
  // is ever one longer than another.
  room_for_one(e_from_);
  room_for_one(e_to_);
  room_for_one(e_type_);
  room_for_one(e_group_);
  room_for_one(e_need_);
  room_for_one(e_next_out_);
  room_for_one(e_next_in_);
  e_from_.push_back(u);
  e_to_.push_back(v);
  e_type_.push_back(static_cast<std::uint16_t>(type));
  e_group_.push_back(group);
  e_need_.push_back(need);
  e_next_out_.push_back(nil);
  e_next_in_.push_back(nil);
  if (links_[u].last_out == nil) {
    links_[u].first_out = e;
  } else {
    e_next_out_[links_[u].last_out] = e;
  }
  links_[u].last_out = e;
  if (links_[v].last_in == nil) {
    links_[v].first_in = e;
  } else {
    e_next_in_[links_[v].last_in] = e;
  }
  links_[v].last_in = e;
  ++links_[u].out_deg;
  ++links_[v].in_deg;
  ++live_edges_;
  return e;
}

// A repeat lies in u's list of dependencies and in v's list of dependents:
// the shorter is walked (an asset with 100,000 dependencies made a load row
// by row quadratic).
bool model::has_edge(std::uint32_t u, std::uint32_t v, std::uint32_t t) const noexcept {
  if (links_[u].out_deg <= links_[v].in_deg) {
    for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
      if (e_to_[e] == v && e_type_[e] == t) {
        return true;
      }
    }
    return false;
  }
  for (std::uint32_t e = links_[v].first_in; e != nil; e = e_next_in_[e]) {
    if (e_from_[e] == u && e_type_[e] == t) {
      return true;
    }
  }
  return false;
}

void model::unlink_edge(std::uint32_t e) {
  stated_need_.clear();
  const std::uint32_t u = e_from_[e];
  const std::uint32_t v = e_to_[e];
  const auto unlink = [&](std::uint32_t& first, std::uint32_t& last, auto& next) {
    std::uint32_t prev = nil;
    for (std::uint32_t f = first; f != e; f = next[f]) {
      prev = f;
    }
    (prev == nil ? first : next[prev]) = next[e];
    if (last == e) {
      last = prev;
    }
  };
  unlink(links_[u].first_out, links_[u].last_out, e_next_out_);
  unlink(links_[v].first_in, links_[v].last_in, e_next_in_);
  --links_[u].out_deg;
  --links_[v].in_deg;
  --live_edges_;
  e_from_[e] = nil;
}

// Drops dead slots (keeping the order of the others) and relinks every list.
void model::compact_edges() {
  stated_need_.clear();
  std::size_t out = 0;
  for (std::size_t e = 0; e < e_from_.size(); ++e) {
    if (e_from_[e] == nil) {
      continue;
    }
    e_from_[out] = e_from_[e];
    e_to_[out] = e_to_[e];
    e_type_[out] = e_type_[e];
    e_group_[out] = e_group_[e];
    e_need_[out] = e_need_[e];
    ++out;
  }
  for (auto* col : {&e_from_, &e_to_, &e_group_}) {
    col->resize(out);
    col->shrink_to_fit();
  }
  for (auto* col : {&e_type_, &e_need_}) {
    col->resize(out);
    col->shrink_to_fit();
  }
  e_next_out_.assign(out, nil);
  e_next_in_.assign(out, nil);
  std::fill(links_.begin(), links_.end(), vertex_links{});
  for (std::size_t i = 0; i < out; ++i) {
    const auto e = static_cast<std::uint32_t>(i);
    const std::uint32_t u = e_from_[e];
    const std::uint32_t v = e_to_[e];
    (links_[u].last_out == nil ? links_[u].first_out : e_next_out_[links_[u].last_out]) = e;
    links_[u].last_out = e;
    (links_[v].last_in == nil ? links_[v].first_in : e_next_in_[links_[v].last_in]) = e;
    links_[v].last_in = e;
    ++links_[u].out_deg;
    ++links_[v].in_deg;
  }
  live_edges_ = out;
}

bool model::remove_dependency(std::string_view from, std::string_view to, std::string_view type) {
  auto u = find(from);
  auto v = find(to);
  const auto t = types_.find(unicode::nfc(type));
  if (!u || !v || !t) {
    return false;
  }
  for (std::uint32_t e = links_[*u].first_out; e != nil; e = e_next_out_[e]) {
    if (e_to_[e] == *v && e_type_[e] == *t) {
      unlink_edge(e);
      const std::size_t dead = e_from_.size() - live_edges_;
      if (dead > 4096 && dead > live_edges_) {
        compact_edges();
      }
      record({model_change::what::edges, static_cast<std::uint32_t>(*u), static_cast<std::uint32_t>(*v)});
      return true;
    }
  }
  return false;
}

std::vector<dependency_view> model::dependencies() const {
  std::vector<dependency_view> out;
  out.reserve(live_edges_);
  for (std::size_t v = 0; v < size(); ++v) {
    for (std::uint32_t e = links_[v].first_out; e != nil; e = e_next_out_[e]) {
      out.push_back({id(v), id(e_to_[e]), types_.name(e_type_[e]), groups_.name(e_group_[e]), e_need_[e]});
    }
  }
  return out;
}

redundancy_group model::redundancy_group_of(const edge_type& e) const {
  const std::uint32_t g = e_group_[e.index];
  const std::uint32_t u = e_from_[e.index];
  redundancy_group out{id(u), groups_.name(g), 1, 0};
  if (g == 0) {
    return out;
  }
  for (std::uint32_t f = links_[u].first_out; f != nil; f = e_next_out_[f]) {
    if (e_group_[f] == g) {
      ++out.members;
      out.need = e_need_[f] != 0 ? e_need_[f] : out.need;
    }
  }
  return out;
}

std::vector<redundancy_group> model::redundancy_groups() const {
  std::vector<redundancy_group> out;
  // A group's place in `out` by code, for the current source (a search per
  // edge made a source with 40,000 groups quadratic).
  std::vector<std::uint32_t> place(groups_.size(), nil);
  std::vector<std::uint32_t> codes; // of the current source's groups
  for (std::size_t u = 0; u < size(); ++u) {
    for (const auto g : codes) {
      place[g] = nil;
    }
    codes.clear();
    for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
      const std::uint32_t g = e_group_[e];
      if (g == 0) {
        continue;
      }
      if (place[g] == nil) {
        place[g] = static_cast<std::uint32_t>(out.size());
        codes.push_back(g);
        out.push_back({id(u), groups_.name(g), 1, 0});
      }
      auto& x = out[place[g]];
      ++x.members;
      x.need = e_need_[e] != 0 ? e_need_[e] : x.need;
    }
  }
  return out;
}

void model::check_groups() const {
  // Only a group whose members state a need above one can need more than it
  // has: the sources of such edges (a scan of one column), in model order.
  std::vector<std::uint32_t> sources;
  for (std::size_t e = 0; e < e_need_.size(); ++e) {
    if (e_need_[e] > 1 && e_from_[e] != nil) {
      sources.push_back(e_from_[e]);
    }
  }
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  // Per source: members and stated need of each group (its edges' group
  // codes sorted, then counted by run: a source with 40,000 groups is not
  // quadratic), the first group in the order of its edges named.
  struct tally {
    std::uint32_t code, need;
  };
  std::vector<tally> grouped;
  std::vector<char> looked; // by a group's first place in `grouped`
  for (const std::uint32_t u : sources) {
    grouped.clear();
    for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
      if (e_group_[e] != 0) {
        grouped.push_back({e_group_[e], e_need_[e]});
      }
    }
    std::sort(grouped.begin(), grouped.end(), [](const tally& a, const tally& b) { return a.code < b.code; });
    looked.assign(grouped.size(), 0);
    const auto run = [&](std::uint32_t code) {
      return std::equal_range(grouped.begin(), grouped.end(), tally{code, 0},
                              [](const tally& a, const tally& b) { return a.code < b.code; });
    };
    for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
      if (e_group_[e] == 0) {
        continue;
      }
      const auto [lo, hi] = run(e_group_[e]);
      const auto first = static_cast<std::size_t>(lo - grouped.begin());
      if (looked[first] != 0) {
        continue; // from an earlier member
      }
      looked[first] = 1;
      const auto members = static_cast<std::uint32_t>(hi - lo);
      std::uint32_t need = 1; // stated by any member (all state the same), else one
      for (auto t = lo; t != hi; ++t) {
        need = t->need != 0 ? t->need : need;
      }
      if (need > members) {
        throw model_error(std::string(id(u)) + ": group " + std::string(groups_.name(e_group_[e])),
                          "needs " + std::to_string(need) + " members but has " + std::to_string(members) +
                              " (need is at most the number of dependencies in the group)");
      }
    }
  }
}

std::size_t model::storage_bytes() const noexcept {
  const auto vec = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t b = ids_->bytes() + name_.bytes() + justification_.bytes();
  b += vec(kind_) + vec(owner_) + vec(review_) + vec(own_) + vec(cold_) + vec(links_);
  b += vec(e_from_) + vec(e_to_) + vec(e_group_) + vec(e_next_out_) + vec(e_next_in_) + vec(e_type_) + vec(e_need_);
  b += vec(colds_);
  return b;
}

std::optional<std::span<const model_change>> model::changes_since(std::uint64_t rev) const {
  if (rev < journal_.base || rev > revision()) {
    return std::nullopt;
  }
  return std::span<const model_change>(journal_.entries).subspan(static_cast<std::size_t>(rev - journal_.base));
}

void model::record(model_change c) noexcept {
  // The journal is bounded: an engine that falls further behind recomputes.
  constexpr std::size_t max_journal = 1u << 16;
  auto& j = journal_;
  if (j.entries.size() >= max_journal) {
    j.base += j.entries.size();
    j.entries.clear();
  }
  try {
    j.entries.push_back(c);
  } catch (...) {
    // The change is made; without room to say which, the journal starts
    // afresh after it, so that engines behind it recompute.
    j.base += j.entries.size() + 1;
    j.entries.clear();
  }
}

model& model::operator=(const model& other) {
  if (this != &other) {
    model copy(other);
    *this = std::move(copy);
  }
  return *this;
}

bool operator==(const model& a, const model& b) {
  if (!(*a.scheme_ == *b.scheme_) || !(a.policy_ == b.policy_) || a.size() != b.size() ||
      a.num_dependencies() != b.num_dependencies()) {
    return false;
  }
  for (std::size_t v = 0; v < a.size(); ++v) {
    if (!(a[v] == b[v]) || a.out_degree(v) != b.out_degree(v)) {
      return false;
    }
    for (std::uint32_t ea = a.links_[v].first_out, eb = b.links_[v].first_out; ea != model::nil;
         ea = a.e_next_out_[ea], eb = b.e_next_out_[eb]) {
      if (a.id(a.e_to_[ea]) != b.id(b.e_to_[eb]) || a.edge_kind(ea) != b.edge_kind(eb) ||
          a.edge_group(ea) != b.edge_group(eb) || a.e_need_[ea] != b.e_need_[eb]) {
        return false;
      }
    }
  }
  return true;
}

} // namespace infoclass::inline INFOCLASS_ABI
