// SPDX-License-Identifier: Apache-2.0
#include "infoclass/policy.hpp"

#include "infoclass/error.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <charconv>

namespace infoclass::inline INFOCLASS_ABI {

std::optional<level_t> transfer::apply(std::optional<level_t> l) const {
  if (!l) {
    return std::nullopt;
  }
  switch (op) {
  case kind::pass: return l;
  case kind::block: return std::nullopt;
  case kind::cap: return std::min(*l, n);
  case kind::reduce: return static_cast<level_t>(*l > n ? *l - n : 0);
  }
  return l;
}

std::string transfer::to_string() const {
  switch (op) {
  case kind::pass: return "pass";
  case kind::block: return "block";
  case kind::cap: return "cap:" + std::to_string(n);
  case kind::reduce: return "reduce:" + std::to_string(n);
  }
  return "pass";
}

std::optional<transfer> transfer::parse(std::string_view t) {
  if (t == "pass") {
    return pass();
  }
  if (t == "block") {
    return block();
  }
  auto arg = [&](std::string_view prefix) -> std::optional<level_t> {
    if (t.substr(0, prefix.size()) != prefix) {
      return std::nullopt;
    }
    auto rest = t.substr(prefix.size());
    unsigned v = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
    if (rest.empty() || ec != std::errc{} || p != rest.data() + rest.size() || v >= max_levels) {
      return std::nullopt;
    }
    return static_cast<level_t>(v);
  };
  if (auto n = arg("cap:")) {
    return cap(*n);
  }
  if (auto n = arg("reduce:")) {
    return reduce(*n);
  }
  return std::nullopt;
}

const std::vector<std::string>& default_dependency_types() {
  static const std::vector<std::string> t{"processed_by",     "stored_on",   "runs_on",      "hosted_by",
                                          "transmitted_over", "located_in",  "supported_by", "uses",
                                          "backed_up_to",     "operated_by", "depends_on"};
  return t;
}

transfer default_transfer(std::string_view type, role r) {
  if (type == "uses" && (r == role::confidentiality || r == role::traceability)) {
    return transfer::block();
  }
  if (type == "backed_up_to" && (r == role::availability || r == role::traceability)) {
    return transfer::block();
  }
  return transfer::pass();
}

const std::vector<std::string>& builtin_kinds() {
  static const std::vector<std::string> k{"information", "process", "application", "service", "server",
                                          "client",      "network", "site",        "supplier"};
  return k;
}

namespace {
bool lower_word(std::string_view w) noexcept {
  if (w.empty() || w.size() > 64 || w[0] < 'a' || w[0] > 'z') {
    return false;
  }
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}
} // namespace

bool valid_kind(std::string_view kind) noexcept { return lower_word(kind); }
bool valid_type_name(std::string_view type) noexcept { return lower_word(type); }

std::optional<std::uint16_t> resolved_policy::find_type(std::string_view name) const {
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    if (type_names[i] == name) {
      return static_cast<std::uint16_t>(i);
    }
  }
  return std::nullopt;
}

namespace {

std::size_t property_of(const scheme& s, const std::string& key, const std::string& where) {
  auto p = s.find_property(key);
  if (!p) {
    throw model_error(where, "'" + key + "' is neither a property key nor a role of scheme " + s.id);
  }
  return *p;
}

void check_transfer(const scheme& s, std::size_t p, const transfer& t, const std::string& where) {
  if ((t.op == transfer::kind::cap || t.op == transfer::kind::reduce) && t.n >= s.levels(p)) {
    throw model_error(where, "argument " + std::to_string(t.n) + " is outside 0.." + std::to_string(s.levels(p) - 1) +
                                 " of property " + s.properties[p].key);
  }
}

void apply_map(const scheme& s, const transfer_map& m, const std::string& where, std::vector<transfer>& out) {
  std::vector<bool> seen(s.size(), false);
  for (const auto& [k, t] : m) {
    std::string w = where + "/" + k;
    auto p = property_of(s, k, w);
    if (seen[p]) {
      throw model_error(w, "property " + s.properties[p].key + " named twice");
    }
    seen[p] = true;
    check_transfer(s, p, t, w);
    out[p] = t;
  }
}

void check_kinds(const std::vector<std::string>& kinds, const std::string& where) {
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (!valid_kind(kinds[i])) {
      throw model_error(where + "/" + std::to_string(i), "'" + kinds[i] + "' is not a kind (a lower-case word)");
    }
  }
}

} // namespace

resolved_policy resolve(const policy& pol, const scheme& s) {
  resolved_policy r;
  r.type_names = default_dependency_types();
  for (const auto& [name, _] : pol.types) {
    if (!valid_type_name(name)) {
      throw model_error("/policy/types/" + name, "'" + name + "' is not a dependency type name (a lower-case word)");
    }
    if (std::find(r.type_names.begin(), r.type_names.end(), name) == r.type_names.end()) {
      r.type_names.push_back(name);
    }
  }
  if (r.type_names.size() > 0x7FFF) {
    throw model_error("/policy/types", "too many dependency types");
  }
  r.type_transfers.resize(r.type_names.size());
  for (std::size_t t = 0; t < r.type_names.size(); ++t) {
    auto& row = r.type_transfers[t];
    row.resize(s.size());
    for (std::size_t p = 0; p < s.size(); ++p) {
      row[p] = default_transfer(r.type_names[t], s.properties[p].role);
    }
    auto it = pol.types.find(r.type_names[t]);
    if (it != pol.types.end()) {
      apply_map(s, it->second, "/policy/types/" + it->first, row);
    }
  }
  r.redundancy.assign(s.size(), transfer::pass());
  if (pol.redundancy) {
    apply_map(s, *pol.redundancy, "/policy/redundancy", r.redundancy);
  } else {
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (s.properties[p].role == role::availability) {
        r.redundancy[p] = transfer::reduce(1);
      }
    }
  }
  for (std::size_t i = 0; i < pol.cumulation.size(); ++i) {
    const auto& c = pol.cumulation[i];
    const std::string where = "/policy/cumulation/" + std::to_string(i);
    auto p = property_of(s, c.property, where + "/property");
    if (c.level >= s.levels(p)) {
      throw model_error(where + "/level", "level " + std::to_string(c.level) + " is outside 0.." +
                                              std::to_string(s.levels(p) - 1) + " of property " + s.properties[p].key);
    }
    if (c.at_least < 1) {
      throw model_error(where + "/at_least", "must be at least 1");
    }
    check_kinds(c.kinds, where + "/kinds");
    r.cumulation_rules.push_back({p, c.kinds, c.at_least, c.level});
  }
  if (!s.non_information_floor.empty()) {
    resolved_policy::floor f;
    f.levels = s.non_information_floor;
    f.all_but_information = true;
    r.floors.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < pol.floor.size(); ++i) {
    const auto& fl = pol.floor[i];
    const std::string where = "/policy/floor/" + std::to_string(i);
    check_kinds(fl.kinds, where + "/kinds");
    resolved_policy::floor f;
    f.kinds = fl.kinds;
    f.levels.assign(s.size(), std::nullopt);
    for (const auto& [k, l] : fl.levels) {
      std::string w = where + "/levels/" + k;
      auto p = property_of(s, k, w);
      if (f.levels[p]) {
        throw model_error(w, "property " + s.properties[p].key + " named twice");
      }
      if (l >= s.levels(p)) {
        throw model_error(w, "level " + std::to_string(l) + " is outside 0.." + std::to_string(s.levels(p) - 1) +
                                 " of property " + s.properties[p].key);
      }
      f.levels[p] = l;
    }
    r.floors.push_back(std::move(f));
  }
  return r;
}

} // namespace infoclass::inline INFOCLASS_ABI

namespace infoclass::inline INFOCLASS_ABI {
bool resolved_policy::floor::applies_to(std::string_view kind) const {
  if (all_but_information) {
    return kind != "information";
  }
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}
} // namespace infoclass::inline INFOCLASS_ABI
