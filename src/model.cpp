#include "infoclass/model.hpp"

#include "infoclass/error.hpp"

#include <algorithm>
#include <array>

namespace infoclass {

std::string_view to_string(override_effect e) noexcept {
  switch (e) {
  case override_effect::cumulation: return "cumulation";
  case override_effect::distribution: return "distribution";
  case override_effect::manual: break;
  }
  return "manual";
}

std::optional<override_effect> parse_override_effect(std::string_view w) noexcept {
  for (auto e : {override_effect::cumulation, override_effect::distribution, override_effect::manual}) {
    if (to_string(e) == w) {
      return e;
    }
  }
  return std::nullopt;
}

bool valid_asset_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '@' || c == '/' || c == '-';
  });
}

bool valid_date(std::string_view d) noexcept {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') {
    return false;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') {
      return false;
    }
  }
  auto num = [&](std::size_t a, std::size_t n) {
    int v = 0;
    for (std::size_t i = a; i < a + n; ++i) {
      v = v * 10 + (d[i] - '0');
    }
    return v;
  };
  int y = num(0, 4);
  int m = num(5, 2);
  int day = num(8, 2);
  if (m < 1 || m > 12 || day < 1) {
    return false;
  }
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = days[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
  return day <= max;
}

model::model() : model(scheme::preset("se-klassa")) {}

model::model(std::string_view preset_id) : model(scheme::preset(preset_id)) {}

model::model(std::shared_ptr<const scheme> s, infoclass::policy p) : scheme_(std::move(s)) {
  if (!scheme_) {
    throw model_error("/scheme", "no scheme given");
  }
  scheme_->validate();
  resolved_ = resolve(p, *scheme_);
  policy_ = std::move(p);
}

void model::set_policy(infoclass::policy p) {
  auto r = resolve(p, *scheme_);
  for (auto [e, end] = boost::edges(graph_); e != end; ++e) {
    if (!r.find_type(graph_[*e].type)) {
      throw model_error("/policy/types", "dependency type '" + graph_[*e].type + "' of " +
                                             graph_[boost::source(*e, graph_)].id + " -> " +
                                             graph_[boost::target(*e, graph_)].id + " would no longer be declared");
    }
  }
  resolved_ = std::move(r);
  policy_ = std::move(p);
  record({model_change::what::structure, 0, 0});
}

std::optional<vertex_type> model::find(std::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) {
    return std::nullopt;
  }
  return it->second;
}

vertex_type model::vertex(std::string_view id) const {
  auto v = find(id);
  if (!v) {
    throw model_error(std::string(id), "no such asset");
  }
  return *v;
}

void model::validate_asset(const asset& a) const {
  const auto& s = *scheme_;
  if (!valid_asset_id(a.id)) {
    throw model_error(a.id.empty() ? std::string("(empty id)") : a.id, "asset id must match [A-Za-z0-9._:@/-]{1,128}");
  }
  auto fail = [&](const std::string& field, const std::string& why) { throw model_error(a.id, field + ": " + why); };
  if (!valid_kind(a.kind)) {
    fail("kind", "'" + a.kind + "' is not a kind (information, process, application, ... or a lower-case word)");
  }
  auto check = [&](const classification& c, const char* field, bool allow_na) {
    if (c.size() != s.size()) {
      fail(field,
           "has " + std::to_string(c.size()) + " properties, scheme " + s.id + " has " + std::to_string(s.size()));
    }
    for (std::size_t p = 0; p < s.size(); ++p) {
      level_t l = c.raw(p);
      if (l == classification::unassessed) {
        continue;
      }
      if (l == classification::not_applicable) {
        if (!allow_na || !s.properties[p].allows_not_applicable) {
          fail(std::string(field) + "/" + s.properties[p].key,
               "not applicable is not allowed here (scheme " + s.id + ")");
        }
        if (a.kind != "information") {
          fail(std::string(field) + "/" + s.properties[p].key, "not applicable is allowed for information assets only");
        }
        continue;
      }
      if (l >= s.levels(p)) {
        fail(std::string(field) + "/" + s.properties[p].key,
             "level " + std::to_string(l) + " is outside 0.." + std::to_string(s.levels(p) - 1) + " of scheme " + s.id);
      }
    }
  };
  check(a.own, "classification", true);
  if (a.implemented) {
    check(*a.implemented, "implemented", false);
  }
  if (!a.review_by.empty() && !valid_date(a.review_by)) {
    fail("review_by", "'" + a.review_by + "' is not a date YYYY-MM-DD");
  }
  for (const auto& [p, o] : a.overrides) {
    if (p >= s.size()) {
      fail("overrides", "property index " + std::to_string(p) + " out of range");
    }
    const std::string f = "overrides/" + s.properties[p].key;
    if (o.level >= s.levels(p)) {
      fail(f + "/level", "level " + std::to_string(o.level) + " is outside 0.." + std::to_string(s.levels(p) - 1) +
                             " of scheme " + s.id);
    }
    if (std::all_of(o.justification.begin(), o.justification.end(),
                    [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
      fail(f + "/justification", "an override needs a justification");
    }
  }
  for (std::size_t i = 0; i < a.measures.size(); ++i) {
    if (a.measures[i].empty() || a.measures[i].size() > 64) {
      fail("measures/" + std::to_string(i), "a measure id must be 1..64 characters");
    }
    if (std::find(a.measures.begin(), a.measures.begin() + static_cast<std::ptrdiff_t>(i), a.measures[i]) !=
        a.measures.begin() + static_cast<std::ptrdiff_t>(i)) {
      fail("measures/" + std::to_string(i), "measure '" + a.measures[i] + "' listed twice");
    }
  }
  if (a.answers && a.answers->rules.empty()) {
    fail("answers/rules", "the rule set id is missing");
  }
  for (const auto& [k, v] : a.attributes) {
    if (k.empty()) {
      fail("attributes", "empty attribute name");
    }
    if (v.empty()) {
      fail("attributes/" + k, "empty JSON value");
    }
  }
}

vertex_type model::add_asset(asset a) {
  validate_asset(a);
  if (index_.count(a.id) != 0) {
    throw model_error(a.id, "duplicate asset id");
  }
  std::string id = a.id;
  auto v = boost::add_vertex(std::move(a), graph_);
  index_.emplace(std::move(id), v);
  record({model_change::what::structure, static_cast<std::uint32_t>(v), 0});
  return v;
}

void model::rebuild_index() {
  index_.clear();
  index_.reserve(boost::num_vertices(graph_));
  for (auto [v, end] = boost::vertices(graph_); v != end; ++v) {
    index_.emplace(graph_[*v].id, *v);
  }
}

void model::remove_asset(std::string_view id) {
  auto v = vertex(id);
  boost::clear_vertex(v, graph_);
  boost::remove_vertex(v, graph_);
  rebuild_index();
  record({model_change::what::structure, 0, 0});
}

void model::update_asset(const asset& a) {
  auto v = vertex(a.id);
  validate_asset(a);
  graph_[v] = a;
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_level(std::string_view id, std::size_t property, std::optional<level_t> level) {
  auto v = vertex(id);
  asset a = graph_[v];
  if (property >= scheme_->size()) {
    throw model_error(std::string(id), "property index " + std::to_string(property) + " out of range");
  }
  a.own.set(property, level ? *level : classification::unassessed);
  validate_asset(a);
  graph_[v].own = a.own;
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_classification(std::string_view id, const classification& c) {
  auto v = vertex(id);
  asset a = graph_[v];
  a.own = c;
  validate_asset(a);
  graph_[v].own = c;
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_override(std::string_view id, std::size_t property, override_entry o) {
  auto v = vertex(id);
  asset a = graph_[v];
  a.overrides[property] = o;
  validate_asset(a);
  graph_[v].overrides[property] = std::move(o);
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

bool model::clear_override(std::string_view id, std::size_t property) {
  auto v = vertex(id);
  if (graph_[v].overrides.erase(property) == 0) {
    return false;
  }
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
  return true;
}

edge_type model::add_dependency(std::string_view from, std::string_view to, std::string_view type,
                                std::string_view group) {
  auto u = find(from);
  if (!u) {
    throw model_error(std::string(from) + " -> " + std::string(to), "unknown asset '" + std::string(from) + "'");
  }
  auto v = find(to);
  if (!v) {
    throw model_error(std::string(from) + " -> " + std::string(to), "unknown asset '" + std::string(to) + "'");
  }
  return add_dependency(*u, *v, type, group);
}

edge_type model::add_dependency(vertex_type u, vertex_type v, std::string_view type, std::string_view group) {
  if (u >= size() || v >= size()) {
    throw model_error("dependency", "vertex " + std::to_string(std::max(u, v)) + " out of range (" +
                                        std::to_string(size()) + " assets)");
  }
  // The error location is only built when there is an error.
  auto where = [&] { return graph_[u].id + " -> " + graph_[v].id; };
  if (u == v) {
    throw model_error(where(), "a dependency of an asset on itself is not allowed");
  }
  if (!resolved_.find_type(type)) {
    throw model_error(where(), "unknown dependency type '" + std::string(type) + "' (declare it under policy.types)");
  }
  if (group.size() > 128) {
    throw model_error(where(), "redundancy group name longer than 128 bytes");
  }
  for (auto [e, end] = boost::out_edges(u, graph_); e != end; ++e) {
    if (boost::target(*e, graph_) == v && graph_[*e].type == type) {
      throw model_error(where(), "repeated dependency of type '" + std::string(type) + "'");
    }
  }
  auto [e, ok] = boost::add_edge(u, v, dependency{std::string(type), std::string(group)}, graph_);
  (void)ok;
  record({model_change::what::edges, static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v)});
  return e;
}

bool model::remove_dependency(std::string_view from, std::string_view to, std::string_view type) {
  auto u = find(from);
  auto v = find(to);
  if (!u || !v) {
    return false;
  }
  for (auto [e, end] = boost::out_edges(*u, graph_); e != end; ++e) {
    if (boost::target(*e, graph_) == *v && graph_[*e].type == type) {
      boost::remove_edge(*e, graph_);
      record({model_change::what::edges, static_cast<std::uint32_t>(*u), static_cast<std::uint32_t>(*v)});
      return true;
    }
  }
  return false;
}

std::vector<dependency_view> model::dependencies() const {
  std::vector<dependency_view> out;
  out.reserve(boost::num_edges(graph_));
  for (auto [v, vend] = boost::vertices(graph_); v != vend; ++v) {
    for (auto [e, end] = boost::out_edges(*v, graph_); e != end; ++e) {
      out.push_back({graph_[*v].id, graph_[boost::target(*e, graph_)].id, graph_[*e].type, graph_[*e].group});
    }
  }
  return out;
}

std::optional<std::span<const model_change>> model::changes_since(std::uint64_t rev) const {
  if (rev < journal_base_ || rev > revision()) {
    return std::nullopt;
  }
  return std::span<const model_change>(journal_).subspan(static_cast<std::size_t>(rev - journal_base_));
}

void model::record(model_change c) {
  // The journal is bounded: an engine that falls further behind recomputes.
  constexpr std::size_t max_journal = 1u << 16;
  if (journal_.size() >= max_journal) {
    journal_base_ += journal_.size();
    journal_.clear();
  }
  journal_.push_back(c);
}

bool operator==(const model& a, const model& b) {
  if (!(*a.scheme_ == *b.scheme_) || !(a.policy_ == b.policy_) || a.size() != b.size() ||
      a.num_dependencies() != b.num_dependencies()) {
    return false;
  }
  const auto& ga = a.graph_;
  const auto& gb = b.graph_;
  for (std::size_t v = 0; v < a.size(); ++v) {
    if (!(ga[v] == gb[v]) || boost::out_degree(v, ga) != boost::out_degree(v, gb)) {
      return false;
    }
    auto [ea, enda] = boost::out_edges(v, ga);
    auto eb = boost::out_edges(v, gb).first;
    for (; ea != enda; ++ea, ++eb) {
      if (!(ga[*ea] == gb[*eb]) || ga[boost::target(*ea, ga)].id != gb[boost::target(*eb, gb)].id) {
        return false;
      }
    }
  }
  return true;
}

} // namespace infoclass
