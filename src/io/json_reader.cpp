// SPDX-License-Identifier: Apache-2.0
// Native JSON model format, reading: every value checked where it is read,
// errors naming the JSON pointer (DESIGN.md §4).
#include "infoclass/io/json.hpp"

#include "infoclass/detail/store.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/file.hpp"
#include "model/access.hpp"
#include "support/json_strict.hpp"
#include "support/os.hpp"

#include <nlohmann/json.hpp>
#if INFOCLASS_HAVE_SIMDJSON
#include <simdjson.h>
#endif

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::detail {
std::string_view embedded_example(); // generated from examples/municipality/model.json
} // namespace infoclass::inline INFOCLASS_ABI::detail

namespace infoclass::inline INFOCLASS_ABI::io {

using json = nlohmann::json;
using detail::escape_pointer_token;

namespace {

json parse_strict(std::string_view text, const json_limits& limits, detail::flat_dependencies* deps = nullptr) {
  return detail::parse_json_strict(text, limits, deps);
}

// Reading helpers: every one takes the JSON pointer of the value it reads.
[[noreturn]] void fail(const std::string& ptr, const std::string& why) { throw model_error(ptr, why); }

std::string type_name(const json& j) {
  if (j.is_number_float()) {
    return "a number with a fraction or exponent";
  }
  if (j.is_number()) {
    return "a number";
  }
  return std::string("a ") + j.type_name();
}

const json& need_object(const json& j, const std::string& ptr) {
  if (!j.is_object()) {
    fail(ptr, "expected an object, found " + type_name(j));
  }
  return j;
}

const json& need_array(const json& j, const std::string& ptr) {
  if (!j.is_array()) {
    fail(ptr, "expected an array, found " + type_name(j));
  }
  return j;
}

std::string need_string(const json& j, const std::string& ptr) {
  if (!j.is_string()) {
    fail(ptr, "expected a string, found " + type_name(j));
  }
  return j.get<std::string>();
}

void only_keys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (auto a : allowed) {
      ok = ok || a == k;
    }
    if (!ok) {
      std::string list;
      for (auto a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      fail(ptr + "/" + escape_pointer_token(k), "unknown field '" + k + "' (expected one of: " + list + ")");
    }
  }
}

void require(const json& obj, const std::string& ptr, const char* key) {
  if (!obj.contains(key)) {
    fail(ptr, std::string("missing required field '") + key + "'");
  }
}

std::uint64_t need_uint(const json& j, const std::string& ptr, std::uint64_t max) {
  if (j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0)) {
    auto v = j.get<std::uint64_t>();
    if (v > max) {
      fail(ptr, std::to_string(v) + " is larger than " + std::to_string(max));
    }
    return v;
  }
  if (j.is_number_integer()) {
    fail(ptr, "expected a non-negative integer, found " + std::to_string(j.get<std::int64_t>()));
  }
  fail(ptr, "expected an integer, found " + type_name(j));
}

// A level written as an integer or as the level's key.
level_t need_level(const scheme& s, std::size_t p, const json& j, const std::string& ptr) {
  const std::string range = "0.." + std::to_string(s.levels(p) - 1);
  if (j.is_string()) {
    auto key = j.get<std::string>();
    if (auto l = s.find_level(p, key)) {
      return *l;
    }
    std::string keys;
    for (const auto& lv : s.properties[p].levels) {
      keys += (keys.empty() ? "" : ", ") + lv.key;
    }
    fail(ptr, "'" + key + "' is not a level of property " + s.properties[p].key + " of scheme " + s.id + " (" + range +
                  " or " + keys + ")");
  }
  if (j.is_number_integer() || j.is_number_unsigned()) {
    bool neg = j.is_number_integer() && !j.is_number_unsigned() && j.get<std::int64_t>() < 0;
    std::string shown = neg ? std::to_string(j.get<std::int64_t>()) : std::to_string(j.get<std::uint64_t>());
    if (neg || j.get<std::uint64_t>() >= s.levels(p)) {
      fail(ptr, "level " + shown + " is outside " + range + " of scheme " + s.id);
    }
    return static_cast<level_t>(j.get<std::uint64_t>());
  }
  fail(ptr, "a level must be an integer or a level key, found " + type_name(j));
}

std::size_t need_property(const scheme& s, const std::string& key, const std::string& ptr) {
  auto p = s.find_property(key);
  if (!p) {
    std::string keys;
    for (const auto& pr : s.properties) {
      keys += (keys.empty() ? "" : ", ") + pr.key;
    }
    fail(ptr, "'" + key + "' is not a property of scheme " + s.id + " (" + keys + " or a role word)");
  }
  return *p;
}

classification read_classification(const scheme& s, const json& j, const std::string& ptr, bool allow_na,
                                   bool information) {
  need_object(j, ptr);
  auto c = classification::none(s.size());
  std::vector<bool> seen(s.size(), false);
  for (const auto& [k, v] : j.items()) {
    const std::string kp = ptr + "/" + escape_pointer_token(k);
    auto p = need_property(s, k, kp);
    if (seen[p]) {
      fail(kp, "property " + s.properties[p].key + " given twice (by key and by role)");
    }
    seen[p] = true;
    if (v.is_null()) {
      if (!allow_na || !s.properties[p].allows_not_applicable) {
        fail(kp, "null (not applicable) is not allowed for property " + s.properties[p].key + " of scheme " + s.id);
      }
      if (!information) {
        fail(kp, "null (not applicable) is allowed for information assets only");
      }
      c.set_not_applicable(p);
      continue;
    }
    c.set(p, need_level(s, p, v, kp));
  }
  return c;
}

transfer_map read_transfers(const scheme& s, const json& j, const std::string& ptr) {
  need_object(j, ptr);
  transfer_map m;
  for (const auto& [k, v] : j.items()) {
    const std::string kp = ptr + "/" + escape_pointer_token(k);
    (void)need_property(s, k, kp);
    auto text = need_string(v, kp);
    auto t = transfer::parse(text);
    if (!t) {
      fail(kp, "'" + text + "' is not a transfer (pass, block, cap:N, reduce:N)");
    }
    m.emplace(k, *t);
  }
  return m;
}

std::vector<std::string> read_kinds(const json& j, const std::string& ptr) {
  need_array(j, ptr);
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string ip = ptr + "/" + std::to_string(i);
    auto k = need_string(j[i], ip);
    if (!valid_kind(k)) {
      fail(ip, "'" + k + "' is not a kind (a lower-case word)");
    }
    kinds.push_back(std::move(k));
  }
  return kinds;
}

policy read_policy(const scheme& s, const json& j) {
  const std::string ptr = "/policy";
  need_object(j, ptr);
  only_keys(j, ptr, {"types", "redundancy", "cumulation", "floor"});
  policy pol;
  if (j.contains("types")) {
    const auto& t = need_object(j["types"], ptr + "/types");
    for (const auto& [name, v] : t.items()) {
      const std::string tp = ptr + "/types/" + escape_pointer_token(name);
      if (!valid_type_name(name)) {
        fail(tp, "'" + name + "' is not a dependency type name (a lower-case word)");
      }
      pol.types.emplace(name, read_transfers(s, v, tp));
    }
  }
  if (j.contains("redundancy")) {
    pol.redundancy = read_transfers(s, j["redundancy"], ptr + "/redundancy");
  }
  if (j.contains("cumulation")) {
    const auto& arr = need_array(j["cumulation"], ptr + "/cumulation");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ip = ptr + "/cumulation/" + std::to_string(i);
      const auto& r = need_object(arr[i], ip);
      only_keys(r, ip, {"property", "kinds", "at_least", "level"});
      require(r, ip, "property");
      require(r, ip, "at_least");
      require(r, ip, "level");
      cumulation_rule c;
      c.property = need_string(r["property"], ip + "/property");
      auto p = need_property(s, c.property, ip + "/property");
      if (r.contains("kinds")) {
        c.kinds = read_kinds(r["kinds"], ip + "/kinds");
      }
      c.at_least = static_cast<std::uint32_t>(need_uint(r["at_least"], ip + "/at_least", 0xFFFFFFFFu));
      if (c.at_least == 0) {
        fail(ip + "/at_least", "must be at least 1");
      }
      c.level = need_level(s, p, r["level"], ip + "/level");
      pol.cumulation.push_back(std::move(c));
    }
  }
  if (j.contains("floor")) {
    const auto& arr = need_array(j["floor"], ptr + "/floor");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ip = ptr + "/floor/" + std::to_string(i);
      const auto& r = need_object(arr[i], ip);
      only_keys(r, ip, {"kinds", "levels"});
      require(r, ip, "levels");
      floor_rule f;
      if (r.contains("kinds")) {
        f.kinds = read_kinds(r["kinds"], ip + "/kinds");
      }
      const auto& lv = need_object(r["levels"], ip + "/levels");
      for (const auto& [k, v] : lv.items()) {
        const std::string kp = ip + "/levels/" + escape_pointer_token(k);
        auto p = need_property(s, k, kp);
        f.levels.emplace(k, need_level(s, p, v, kp));
      }
      pol.floor.push_back(std::move(f));
    }
  }
  return pol;
}

std::shared_ptr<const scheme> read_scheme_object(const json& j, const std::string& ptr) {
  need_object(j, ptr);
  only_keys(j, ptr,
            {"id", "name", "name_en", "language", "properties", "separate_analysis_level", "non_information_floor"});
  require(j, ptr, "id");
  require(j, ptr, "properties");
  scheme s;
  s.id = need_string(j["id"], ptr + "/id");
  auto opt_string = [&](const json& obj, const char* k, const std::string& p) {
    return obj.contains(k) ? need_string(obj[k], p + "/" + k) : std::string{};
  };
  s.name = opt_string(j, "name", ptr);
  s.name_en = opt_string(j, "name_en", ptr);
  s.language = opt_string(j, "language", ptr);
  const auto& props = need_array(j["properties"], ptr + "/properties");
  if (props.empty() || props.size() > max_properties) {
    fail(ptr + "/properties", "a scheme needs 1.." + std::to_string(max_properties) + " properties");
  }
  for (std::size_t i = 0; i < props.size(); ++i) {
    const std::string ip = ptr + "/properties/" + std::to_string(i);
    const auto& pj = need_object(props[i], ip);
    only_keys(pj, ip, {"key", "role", "name", "name_en", "levels", "allows_not_applicable"});
    require(pj, ip, "key");
    require(pj, ip, "role");
    require(pj, ip, "levels");
    property_info pr;
    pr.key = need_string(pj["key"], ip + "/key");
    auto rw = need_string(pj["role"], ip + "/role");
    auto r = parse_role(rw);
    if (!r) {
      fail(ip + "/role", "'" + rw + "' is not a role (confidentiality, integrity, availability, traceability, other)");
    }
    pr.role = *r;
    pr.name = opt_string(pj, "name", ip);
    pr.name_en = opt_string(pj, "name_en", ip);
    if (pj.contains("allows_not_applicable")) {
      if (!pj["allows_not_applicable"].is_boolean()) {
        fail(ip + "/allows_not_applicable", "expected true or false, found " + type_name(pj["allows_not_applicable"]));
      }
      pr.allows_not_applicable = pj["allows_not_applicable"].get<bool>();
    }
    const auto& lv = need_array(pj["levels"], ip + "/levels");
    if (lv.size() < min_levels || lv.size() > max_levels) {
      fail(ip + "/levels", "a property needs 2..8 levels, found " + std::to_string(lv.size()));
    }
    for (std::size_t l = 0; l < lv.size(); ++l) {
      const std::string lp = ip + "/levels/" + std::to_string(l);
      const auto& lj = need_object(lv[l], lp);
      only_keys(lj, lp, {"key", "name", "name_en", "description"});
      require(lj, lp, "key");
      level_info li;
      li.key = need_string(lj["key"], lp + "/key");
      li.name = opt_string(lj, "name", lp);
      li.name_en = opt_string(lj, "name_en", lp);
      li.description = opt_string(lj, "description", lp);
      pr.levels.push_back(std::move(li));
    }
    s.properties.push_back(std::move(pr));
  }
  if (j.contains("separate_analysis_level")) {
    s.separate_analysis_level =
        static_cast<level_t>(need_uint(j["separate_analysis_level"], ptr + "/separate_analysis_level", max_levels - 1));
  }
  if (j.contains("non_information_floor")) {
    const auto& fl = need_object(j["non_information_floor"], ptr + "/non_information_floor");
    s.non_information_floor.assign(s.size(), std::nullopt);
    for (const auto& [k, v] : fl.items()) {
      const std::string kp = ptr + "/non_information_floor/" + escape_pointer_token(k);
      auto p = need_property(s, k, kp);
      s.non_information_floor[p] = need_level(s, p, v, kp);
    }
  }
  s.validate(); // pointers below /scheme
  return std::make_shared<const scheme>(std::move(s));
}

asset read_asset(const scheme& s, const json& j, const std::string& ptr) {
  need_object(j, ptr);
  only_keys(j, ptr,
            {"id", "kind", "name", "owner", "classification", "justification", "implemented", "review_by", "overrides",
             "attributes", "measures", "answers"});
  require(j, ptr, "id");
  require(j, ptr, "kind");
  asset a;
  a.id = need_string(j["id"], ptr + "/id");
  if (!valid_asset_id(a.id)) {
    fail(ptr + "/id", "'" + a.id + "' is not an asset id (" + std::string(asset_id_rule()) + ")");
  }
  a.kind = need_string(j["kind"], ptr + "/kind");
  if (!valid_kind(a.kind)) {
    fail(ptr + "/kind", "'" + a.kind +
                            "' is not a kind (information, process, application, service, server, "
                            "client, network, site, supplier or a lower-case word)");
  }
  const bool info = a.kind == "information";
  if (j.contains("name")) {
    a.name = need_string(j["name"], ptr + "/name");
  }
  if (j.contains("owner")) {
    a.owner = need_string(j["owner"], ptr + "/owner");
  }
  a.own = j.contains("classification")
              ? read_classification(s, j["classification"], ptr + "/classification", true, info)
              : classification::none(s.size());
  if (j.contains("justification")) {
    a.justification = need_string(j["justification"], ptr + "/justification");
  }
  if (j.contains("implemented")) {
    a.implemented = read_classification(s, j["implemented"], ptr + "/implemented", false, info);
  }
  if (j.contains("review_by")) {
    a.review_by = need_string(j["review_by"], ptr + "/review_by");
    if (!valid_date(a.review_by)) {
      fail(ptr + "/review_by", "'" + a.review_by + "' is not a date YYYY-MM-DD");
    }
  }
  if (j.contains("overrides")) {
    const auto& ov = need_object(j["overrides"], ptr + "/overrides");
    for (const auto& [k, v] : ov.items()) {
      const std::string kp = ptr + "/overrides/" + escape_pointer_token(k);
      auto p = need_property(s, k, kp);
      if (a.overrides.count(p) != 0) {
        fail(kp, "property " + s.properties[p].key + " overridden twice (by key and by role)");
      }
      need_object(v, kp);
      only_keys(v, kp, {"level", "effect", "justification"});
      require(v, kp, "level");
      require(v, kp, "effect");
      require(v, kp, "justification");
      override_entry o;
      o.level = need_level(s, p, v["level"], kp + "/level");
      auto eff = need_string(v["effect"], kp + "/effect");
      auto e = parse_override_effect(eff);
      if (!e) {
        fail(kp + "/effect", "'" + eff + "' is not an override effect (cumulation, distribution, manual)");
      }
      o.effect = *e;
      o.justification = need_string(v["justification"], kp + "/justification");
      if (o.justification.find_first_not_of(" \t\r\n") == std::string::npos) {
        fail(kp + "/justification", "an override needs a justification");
      }
      a.overrides.emplace(p, std::move(o));
    }
  }
  if (j.contains("answers")) {
    const std::string ap = ptr + "/answers";
    const auto& an = need_object(j["answers"], ap);
    only_keys(an, ap, {"rules", "given"});
    require(an, ap, "rules");
    require(an, ap, "given");
    recorded_answers ra;
    ra.rules = need_string(an["rules"], ap + "/rules");
    const auto& given = need_object(an["given"], ap + "/given");
    for (const auto& [q, v] : given.items()) {
      ra.given.emplace(q, need_string(v, ap + "/given/" + escape_pointer_token(q)));
    }
    a.answers = std::move(ra);
  }
  if (j.contains("measures")) {
    const auto& ms = need_array(j["measures"], ptr + "/measures");
    for (std::size_t i = 0; i < ms.size(); ++i) {
      a.measures.push_back(need_string(ms[i], ptr + "/measures/" + std::to_string(i)));
    }
  }
  if (j.contains("attributes")) {
    const auto& at = need_object(j["attributes"], ptr + "/attributes");
    for (const auto& [k, v] : at.items()) {
      if (k.empty()) {
        fail(ptr + "/attributes/", "empty attribute name");
      }
      a.attributes.emplace(k, v.dump());
    }
  }
  return a;
}

model model_from_json(const json& root, const json_limits& limits, const detail::flat_dependencies* flat) {
  need_object(root, "");
  only_keys(root, "", {"infoclass", "scheme", "assets", "dependencies", "policy"});
  require(root, "", "infoclass");
  require(root, "", "scheme");
  const auto& ver = root["infoclass"];
  if (!(ver.is_number_unsigned() || ver.is_number_integer()) || ver.get<std::int64_t>() != 1) {
    fail("/infoclass", "unsupported format version " + ver.dump() + " (this release reads 1)");
  }
  std::shared_ptr<const scheme> sch;
  const auto& sj = root["scheme"];
  if (sj.is_string()) {
    sch = scheme::preset(sj.get<std::string>());
  } else if (sj.is_object()) {
    sch = read_scheme_object(sj, "/scheme");
  } else {
    fail("/scheme", "expected a preset id or a scheme object, found " + type_name(sj));
  }
  policy pol;
  if (root.contains("policy")) {
    pol = read_policy(*sch, root["policy"]);
  }
  model m(sch, std::move(pol));
  if (root.contains("assets")) {
    const auto& arr = need_array(root["assets"], "/assets");
    if (arr.size() > limits.max_assets) {
      fail("/assets", std::to_string(arr.size()) + " assets exceed the limit of " + std::to_string(limits.max_assets) +
                          " (read_limits::max_assets)");
    }
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ip = "/assets/" + std::to_string(i);
      asset a = read_asset(*sch, arr[i], ip);
      if (m.contains(a.id)) {
        fail(ip + "/id", "duplicate asset id '" + a.id + "'");
      }
      try {
        m.add_asset(std::move(a));
      } catch (const model_error& e) {
        fail(ip, e.reason());
      }
    }
  }
  if (root.contains("dependencies")) {
    const auto& arr = need_array(root["dependencies"], "/dependencies");
    const std::size_t count = flat != nullptr ? flat->records.size() : arr.size();
    if (count > limits.max_dependencies) {
      fail("/dependencies", std::to_string(count) + " dependencies exceed the limit of " +
                                std::to_string(limits.max_dependencies) + " (read_limits::max_dependencies)");
    }
    // The hot loop of large models: JSON pointers are only built for errors,
    // and each asset is looked up once.
    auto ptr = [](std::size_t i) { return "/dependencies/" + std::to_string(i); };
    auto add = [&](std::size_t i, const std::string& f, const std::string& t, const std::string& ty,
                   std::string_view grp, std::uint32_t need = 0) {
      const auto u = m.find(f);
      if (!u) {
        fail(ptr(i) + "/from", "unknown asset '" + f + "'");
      }
      const auto v = m.find(t);
      if (!v) {
        fail(ptr(i) + "/to", "unknown asset '" + t + "'");
      }
      if (!m.resolved().find_type(ty)) {
        fail(ptr(i) + "/type", "unknown dependency type '" + ty + "' (declare it under policy.types)");
      }
      try {
        m.add_dependency(*u, *v, ty, grp, need);
      } catch (const model_error& e) {
        // check_need's messages start with "need " or "group ": they are about this dependency's need.
        const bool about_need = need != 0 && (e.reason().rfind("need ", 0) == 0 || e.reason().rfind("group ", 0) == 0);
        fail(ptr(i) + (about_need ? "/need" : ""), e.reason());
      }
    };
    // Any element, as a DOM value: every check in order.
    auto add_value = [&](std::size_t i, const json& d) {
      if (!d.is_object()) {
        need_object(d, ptr(i));
      }
      const json* from = nullptr;
      const json* to = nullptr;
      const json* type = nullptr;
      const json* group = nullptr;
      const json* need = nullptr;
      for (auto it = d.begin(); it != d.end(); ++it) {
        const auto& k = it.key();
        const json* v = &it.value();
        if (k == "from") {
          from = v;
        } else if (k == "to") {
          to = v;
        } else if (k == "type") {
          type = v;
        } else if (k == "group") {
          group = v;
        } else if (k == "need") {
          need = v;
        } else {
          only_keys(d, ptr(i), {"from", "to", "type", "group", "need"}); // names the unknown key
        }
      }
      auto text = [&](const json* j, const char* key) -> const std::string& {
        if (j == nullptr) {
          require(d, ptr(i), key);
        }
        if (!j->is_string()) {
          (void)need_string(*j, ptr(i) + "/" + key);
        }
        return j->get_ref<const std::string&>();
      };
      const std::string& f = text(from, "from");
      const std::string& t = text(to, "to");
      const std::string& ty = text(type, "type");
      std::string_view grp;
      if (group != nullptr) {
        grp = text(group, "group");
        if (grp.empty()) {
          fail(ptr(i) + "/group", "empty redundancy group name (omit the field instead)");
        }
      }
      std::uint32_t k = 0;
      if (need != nullptr) {
        k = static_cast<std::uint32_t>(need_uint(*need, ptr(i) + "/need", max_need));
        if (k == 0) {
          fail(ptr(i) + "/need", "need is at least 1 (how many members of the group are needed)");
        }
        if (group == nullptr) {
          fail(ptr(i) + "/need", "need without a group (need says how many members of a redundancy group are needed)");
        }
      }
      add(i, f, t, ty, grp, k);
    };
    if (flat == nullptr) {
      for (std::size_t i = 0; i < arr.size(); ++i) {
        add_value(i, arr[i]);
      }
    } else {
      for (std::size_t i = 0; i < flat->records.size(); ++i) {
        const auto& r = flat->records[i];
        if (r.value >= 0) {
          add_value(i, flat->values[static_cast<std::size_t>(r.value)]);
          continue;
        }
        constexpr std::uint8_t required = 0x7; // from, to, type
        if ((r.present & required) != required || ((r.present & 0x8) != 0 && r.group.empty())) {
          // An error: the DOM path words it.
          json d = json::object();
          auto& rec = const_cast<detail::flat_dependency&>(r);
          for (int k = 0; k < 4; ++k) {
            if ((r.present >> k) & 1U) {
              d[std::string(detail::flat_dependency::field_name(k))] = rec.field(k);
            }
          }
          add_value(i, d);
          continue;
        }
        add(i, r.from, r.to, r.type, r.group);
      }
    }
    try {
      m.check_groups(); // k <= n, once the model is whole
    } catch (const model_error& e) {
      fail("/dependencies", e.where() + ": " + e.reason());
    }
  }
  return m;
}

std::atomic<std::size_t> fast_reads{0};
std::atomic<std::size_t> fast_copies{0};

#if INFOCLASS_HAVE_SIMDJSON
// The fast path (simdjson): a model read from simdjson's DOM for the shapes
// large models have, with every check of the strict reader. It never reports
// an error itself: on anything it does not accept (bad input, or a shape it
// leaves to the portable reader) it gives up and read_model runs the portable
// reader, which words the error (so messages are the portable reader's) or
// reads the model. So it only has to accept exactly what the portable reader
// accepts, and build the same model (tests: both readers on the corpora).
namespace fast {

namespace sj = simdjson;
struct bail {}; // thrown inside the fast path only

template <class T> T ok(sj::simdjson_result<T> r) {
  T v{};
  if (std::move(r).get(v) != sj::SUCCESS) {
    throw bail{};
  }
  return v;
}

// What the strict parser checks for every value: nesting depth (as
// check_depth counts it: brackets), duplicate keys, string length. Doubles
// are left to the portable reader (number text is not kept by simdjson's DOM,
// and nlohmann prints some of them differently in attributes).
void check(sj::dom::element e, const json_limits& limits, std::size_t depth) {
  switch (e.type()) {
  case sj::dom::element_type::ARRAY:
    if (depth + 1 > limits.max_depth) {
      throw bail{};
    }
    for (auto x : ok(e.get_array())) {
      check(x, limits, depth + 1);
    }
    break;
  case sj::dom::element_type::OBJECT: {
    if (depth + 1 > limits.max_depth) {
      throw bail{};
    }
    const auto obj = ok(e.get_object());
    if (obj.size() <= 16) {
      std::string_view keys[16];
      std::size_t n = 0;
      for (auto [k, v] : obj) {
        for (std::size_t i = 0; i < n; ++i) {
          if (keys[i] == k) {
            throw bail{};
          }
        }
        keys[n++] = k;
        check(v, limits, depth + 1);
      }
    } else {
      std::set<std::string_view> keys;
      for (auto [k, v] : obj) {
        if (!keys.insert(k).second) {
          throw bail{};
        }
        check(v, limits, depth + 1);
      }
    }
    break;
  }
  case sj::dom::element_type::STRING:
    if (ok(e.get_string()).size() > limits.max_string) {
      throw bail{};
    }
    break;
  case sj::dom::element_type::DOUBLE: throw bail{};
  default: break;
  }
}

// A subtree as nlohmann's DOM, for the portable reader's functions (schemes,
// policies, assets with rare fields). Non-negative integers are unsigned, as
// nlohmann's parser makes them.
json to_json(sj::dom::element e) {
  switch (e.type()) {
  case sj::dom::element_type::ARRAY: {
    json a = json::array();
    for (auto x : ok(e.get_array())) {
      a.push_back(to_json(x));
    }
    return a;
  }
  case sj::dom::element_type::OBJECT: {
    json o = json::object();
    for (auto [k, v] : ok(e.get_object())) {
      o[std::string(k)] = to_json(v);
    }
    return o;
  }
  case sj::dom::element_type::INT64: {
    const auto v = ok(e.get_int64());
    return v >= 0 ? json(static_cast<std::uint64_t>(v)) : json(v);
  }
  default: break;
  }
  json out; // null
  switch (e.type()) {
  case sj::dom::element_type::UINT64: out = ok(e.get_uint64()); break;
  case sj::dom::element_type::STRING: out = std::string(ok(e.get_string())); break;
  case sj::dom::element_type::BOOL: out = ok(e.get_bool()); break;
  case sj::dom::element_type::NULL_VALUE: break;
  default: throw bail{};
  }
  return out;
}

std::string_view str(sj::dom::element e) { return ok(e.get_string()); }

// A level as need_level accepts it: a level key, or an integer in range.
level_t level(const scheme& s, std::size_t p, sj::dom::element e) {
  switch (e.type()) {
  case sj::dom::element_type::STRING: {
    const auto l = s.find_level(p, str(e));
    if (!l) {
      throw bail{};
    }
    return *l;
  }
  case sj::dom::element_type::INT64: {
    const auto v = ok(e.get_int64());
    if (v < 0 || static_cast<std::uint64_t>(v) >= s.levels(p)) {
      throw bail{};
    }
    return static_cast<level_t>(v);
  }
  default: throw bail{}; // uint64 beyond int64 is out of range anyway
  }
}

// read_classification(allow_na = true) for an asset's own levels, as raw
// levels into out[0 .. P), which holds classification::unassessed on entry.
// A level given as text is held to max_string (check() has not seen it).
void own_levels(const scheme& s, sj::dom::element e, bool information, std::size_t max_string, level_t* out) {
  for (auto [k, v] : ok(e.get_object())) {
    const auto p = s.find_property(k);
    if (!p || out[*p] != classification::unassessed) {
      throw bail{}; // unknown, or the same property twice (by key and role)
    }
    if (v.is_null()) {
      if (!s.properties[*p].allows_not_applicable || !information) {
        throw bail{};
      }
      out[*p] = classification::not_applicable;
      continue;
    }
    if (v.is_string() && str(v).size() > max_string) {
      throw bail{}; // a level key or number as text, longer than the limit
    }
    out[*p] = level(s, *p, v);
  }
}

asset read_asset_fast(const scheme& s, sj::dom::element e, std::size_t i) {
  const auto obj = ok(e.get_object());
  asset a;
  bool id = false;
  bool kind = false;
  sj::dom::element classified;
  bool has_classification = false;
  for (auto [k, v] : obj) {
    if (k == "id") {
      a.id = std::string(str(v));
      id = true;
    } else if (k == "kind") {
      a.kind = std::string(str(v));
      kind = true;
    } else if (k == "name") {
      a.name = std::string(str(v));
    } else if (k == "owner") {
      a.owner = std::string(str(v));
    } else if (k == "justification") {
      a.justification = std::string(str(v));
    } else if (k == "review_by") {
      a.review_by = std::string(str(v));
      if (!valid_date(a.review_by)) {
        throw bail{};
      }
    } else if (k == "classification") {
      if (!v.is_object()) {
        throw bail{};
      }
      classified = v;
      has_classification = true;
    } else {
      // implemented, overrides, answers, measures, attributes (or an unknown
      // field): the portable reader's function on this asset.
      try {
        return read_asset(s, to_json(e), "/assets/" + std::to_string(i));
      } catch (const model_error&) {
        throw bail{};
      }
    }
  }
  if (!id || !kind || !valid_asset_id(a.id) || !valid_kind(a.kind)) {
    throw bail{};
  }
  a.own = classification::none(s.size());
  if (has_classification) {
    std::array<level_t, max_properties> raw{};
    raw.fill(classification::unassessed);
    own_levels(s, classified, a.kind == "information", std::numeric_limits<std::size_t>::max(), raw.data());
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (raw[p] == classification::not_applicable) {
        a.own.set_not_applicable(p);
      } else if (raw[p] != classification::unassessed) {
        a.own.set(p, raw[p]);
      }
    }
  }
  return a;
}

// A code for a name in a table of distinct names (views into the document).
std::uint32_t code_of(std::unordered_map<std::string_view, std::uint32_t>& index, std::vector<std::string_view>& names,
                      std::string_view name) {
  const auto [it, fresh] = index.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (fresh) {
    names.push_back(name);
  }
  return it->second;
}

// A string field of an object read key by key: `bit` marks it read (a second
// time is a repeated key), and it is no longer than max_string.
std::string_view field(sj::dom::element v, unsigned bit, unsigned& got, std::size_t max_string) {
  const auto s = str(v);
  if ((got & bit) != 0 || s.size() > max_string) {
    throw bail{};
  }
  got |= bit;
  return s;
}

// Plain assets (id, kind, name, owner and classification: what a large
// inventory holds) gathered by column and added with model::add_assets, which
// makes the checks add_asset makes. An asset with any other field is read on
// its own after the batch before it, so the model's order is the document's.
class asset_batch {
public:
  asset_batch(const scheme& s, std::size_t capacity) : s_(s) {
    ids_.reserve(capacity);
    kind_.reserve(capacity);
    owner_.reserve(capacity);
    names_.reserve(capacity);
    levels_.reserve(capacity * s.size());
  }

  // Takes the asset if it is plain; false (nothing taken) if it is not. Makes
  // check()'s checks on what it takes (repeated keys, string lengths; the
  // depth is below any limit read() lets through here).
  bool take(sj::dom::object obj, std::size_t max_string) {
    std::string_view id;
    std::string_view kind;
    std::string_view name;
    std::string_view owner;
    sj::dom::element classified;
    unsigned got = 0;
    for (auto [k, v] : obj) {
      if (k == "id") {
        id = field(v, 1U, got, max_string);
      } else if (k == "kind") {
        kind = field(v, 2U, got, max_string);
      } else if (k == "name") {
        name = field(v, 8U, got, max_string);
      } else if (k == "owner") {
        owner = field(v, 16U, got, max_string);
      } else if (k == "classification") {
        if (!v.is_object() || (got & 4U) != 0) {
          throw bail{};
        }
        classified = v;
        got |= 4U;
      } else {
        return false;
      }
    }
    // The id as written (add_assets checks it in NFC, which may be shorter).
    if ((got & 3U) != 3U || !valid_asset_id(id)) {
      throw bail{};
    }
    const std::size_t P = s_.size();
    const std::size_t at = levels_.size();
    levels_.resize(at + P, classification::unassessed);
    if ((got & 4U) != 0) {
      own_levels(s_, classified, kind == "information", max_string, levels_.data() + at);
    }
    ids_.push_back(id);
    kind_.push_back(code_of(kind_index_, kind_names_, kind));
    owner_.push_back(code_of(owner_index_, owner_names_, owner)); // "" is no owner
    names_.push_back(name);
    any_owner_ |= !owner.empty();
    any_name_ |= !name.empty();
    return true;
  }

  // Adds the assets taken so far to m.
  void flush(model& m) {
    if (ids_.empty()) {
      return;
    }
    model::asset_columns c;
    c.ids = ids_;
    c.kind = kind_;
    c.kind_names = kind_names_;
    c.levels = levels_;
    if (any_owner_) {
      c.owner = owner_;
      c.owner_names = owner_names_;
    }
    if (any_name_) {
      c.names = names_;
    }
    m.add_assets(c);
    ids_.clear();
    kind_.clear();
    owner_.clear();
    names_.clear();
    levels_.clear();
    any_owner_ = false;
    any_name_ = false;
  }

private:
  const scheme& s_;
  infoclass::detail::big_vector<std::string_view> ids_;
  infoclass::detail::big_vector<std::uint32_t> kind_;
  infoclass::detail::big_vector<std::uint32_t> owner_;
  infoclass::detail::big_vector<std::string_view> names_;
  infoclass::detail::big_vector<level_t> levels_;
  std::vector<std::string_view> kind_names_;
  std::vector<std::string_view> owner_names_;
  std::unordered_map<std::string_view, std::uint32_t> kind_index_;
  std::unordered_map<std::string_view, std::uint32_t> owner_index_;
  bool any_owner_ = false;
  bool any_name_ = false;
};

void read_assets(model& m, const scheme& s, sj::dom::array arr, const json_limits& limits) {
  asset_batch batch(s, arr.size());
  std::size_t i = 0;
  for (auto e : arr) {
    if (!batch.take(ok(e.get_object()), limits.max_string)) {
      batch.flush(m);
      check(e, limits, 2); // (twice where read() checked the whole document)
      asset a = read_asset_fast(s, e, i);
      if (m.contains(a.id)) {
        throw bail{};
      }
      m.add_asset(std::move(a));
    }
    ++i;
  }
  batch.flush(m);
}

// The dependencies by column, added with model::add_dependencies (the checks
// of add_dependency; the repeat of a (from, to, type) among them).
void read_dependencies(model& m, sj::dom::array arr, std::size_t max_string) {
  const std::size_t n = arr.size();
  infoclass::detail::big_vector<std::uint32_t> from;
  infoclass::detail::big_vector<std::uint32_t> to;
  infoclass::detail::big_vector<std::uint32_t> type;
  infoclass::detail::big_vector<std::uint32_t> group;
  infoclass::detail::big_vector<std::uint32_t> need;
  from.reserve(n);
  to.reserve(n);
  type.reserve(n);
  group.reserve(n);
  need.reserve(n);
  std::vector<std::string_view> type_names;
  std::vector<std::string_view> group_names;
  std::unordered_map<std::string_view, std::uint32_t> type_index;
  std::unordered_map<std::string_view, std::uint32_t> group_index;
  bool any_group = false;
  bool any_need = false;
  // The ids are looked up a batch at a time, each id's slot asked into the
  // cache before the first lookup (the table is large and the order random).
  const auto ids = infoclass::detail::model_access::ids(m);
  constexpr std::size_t batch = 16;
  std::array<std::string_view, 2 * batch> text{};
  std::array<std::size_t, 2 * batch> hash{};
  std::size_t pending = 0;
  const auto vertex = [&](std::size_t k) {
    auto v = ids->find(text[k], hash[k]);
    if (v == infoclass::detail::id_table::none) {
      const auto w = m.find(text[k]); // an id not in NFC
      if (!w) {
        throw bail{};
      }
      v = static_cast<std::uint32_t>(*w);
    }
    return v;
  };
  const auto resolve = [&] {
    for (std::size_t k = 0; k < 2 * pending; ++k) {
      hash[k] = infoclass::detail::id_table::hash(text[k]);
      ids->prefetch(hash[k]);
    }
    for (std::size_t k = 0; k < 2 * pending; k += 2) {
      from.push_back(vertex(k));
      to.push_back(vertex(k + 1));
    }
    pending = 0;
  };
  std::string_view last_type;
  std::uint32_t last_code = 0;
  for (auto e : arr) {
    std::string_view f;
    std::string_view t;
    std::string_view ty;
    std::string_view grp;
    std::uint32_t k = 0;
    unsigned got = 0;
    for (auto [key, v] : ok(e.get_object())) {
      if (key == "from") {
        f = field(v, 1U, got, max_string);
      } else if (key == "to") {
        t = field(v, 2U, got, max_string);
      } else if (key == "type") {
        ty = field(v, 4U, got, max_string);
      } else if (key == "group") {
        grp = field(v, 8U, got, max_string);
      } else if (key == "need") {
        if (!v.is_int64() || (got & 16U) != 0) {
          throw bail{};
        }
        const auto x = ok(v.get_int64());
        if (x < 1 || x > static_cast<std::int64_t>(max_need)) {
          throw bail{};
        }
        k = static_cast<std::uint32_t>(x);
        got |= 16U;
      } else {
        throw bail{};
      }
    }
    if ((got & 7U) != 7U || ((got & 8U) != 0 && grp.empty()) || ((got & 16U) != 0 && (got & 8U) == 0)) {
      throw bail{};
    }
    text[2 * pending] = f;
    text[2 * pending + 1] = t;
    if (++pending == batch) {
      resolve();
    }
    if (type_names.empty() || ty != last_type) {
      last_type = ty;
      last_code = code_of(type_index, type_names, ty);
    }
    type.push_back(last_code);
    group.push_back((got & 8U) != 0 ? code_of(group_index, group_names, grp) : model::npos);
    need.push_back(k);
    any_group |= (got & 8U) != 0;
    any_need |= k != 0;
  }
  resolve();
  model::dependency_columns c;
  c.from = from;
  c.to = to;
  c.type = type;
  c.type_names = type_names;
  if (any_group) {
    c.group = group;
    c.group_names = group_names;
  }
  if (any_need) {
    c.need = need;
  }
  m.add_dependencies(c);
}

model read(sj::dom::element root, const json_limits& limits) {
  // check()'s checks: on the whole document where the depth limit is below 8
  // (a plain asset nests 4 deep, a dependency 3: 8 leaves room); otherwise on
  // the scheme, the policy and assets that are not plain, while the rest is
  // checked as it is read.
  constexpr std::size_t plain_depth = 8;
  const bool whole = limits.max_depth < plain_depth;
  if (whole) {
    check(root, limits, 0);
  }
  const auto top = ok(root.get_object());
  sj::dom::element ver;
  sj::dom::element sch_e;
  sj::dom::element policy_e;
  sj::dom::element assets_e;
  sj::dom::element deps_e;
  unsigned seen = 0;
  const auto once = [&seen](unsigned bit) {
    if ((seen & bit) != 0) {
      throw bail{}; // a repeated key
    }
    seen |= bit;
  };
  for (auto [k, v] : top) {
    if (k == "infoclass") {
      ver = v;
      once(1U);
    } else if (k == "scheme") {
      sch_e = v;
      once(2U);
      check(v, limits, 1);
    } else if (k == "policy") {
      policy_e = v;
      once(4U);
      check(v, limits, 1);
    } else if (k == "assets") {
      assets_e = v;
      once(8U);
    } else if (k == "dependencies") {
      deps_e = v;
      once(16U);
    } else {
      throw bail{};
    }
  }
  if ((seen & 3U) != 3U || !ver.is_int64() || ok(ver.get_int64()) != 1) {
    throw bail{};
  }
  std::shared_ptr<const scheme> sch;
  try {
    if (sch_e.is_string()) {
      sch = scheme::preset(std::string(str(sch_e)));
    } else if (sch_e.is_object()) {
      sch = read_scheme_object(to_json(sch_e), "/scheme");
    } else {
      throw bail{};
    }
  } catch (const model_error&) {
    throw bail{};
  } catch (const error&) {
    throw bail{};
  }
  policy pol;
  if ((seen & 4U) != 0) {
    try {
      pol = read_policy(*sch, to_json(policy_e));
    } catch (const model_error&) {
      throw bail{};
    }
  }
  model m(sch, std::move(pol));
  try {
    if ((seen & 8U) != 0) {
      const auto arr = ok(assets_e.get_array());
      if (arr.size() > limits.max_assets) {
        throw bail{};
      }
      read_assets(m, *sch, arr, limits);
    }
    if ((seen & 16U) != 0) {
      const auto arr = ok(deps_e.get_array());
      if (arr.size() > limits.max_dependencies) {
        throw bail{};
      }
      read_dependencies(m, arr, limits.max_string);
      m.check_groups();
    }
  } catch (const model_error&) {
    throw bail{};
  }
  return m;
}

// The input with simdjson's padding after it. simdjson reads up to
// SIMDJSON_PADDING bytes past the end (their values do not matter); where
// those bytes are on the page of the input's last byte they can be read, and
// the input is used where it is (no copy: on a machine where a first touch of
// a page is slow the copy of a large document is a good part of a load).
// Otherwise it is copied, a large one onto huge pages. Sanitizers would take
// the read past the end for an overflow, and on other processors than x86-64
// memory tagging (Arm MTE) would fault on it: there it is always copied, and
// wherever the build defines INFOCLASS_COPY_JSON_INPUT (for Valgrind, say).
#if defined(INFOCLASS_COPY_JSON_INPUT)
#elif defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(__x86_64__)
#define INFOCLASS_COPY_JSON_INPUT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define INFOCLASS_COPY_JSON_INPUT 1
#endif
#endif

class padded_input {
public:
  padded_input(std::string_view text, bool huge) : size_(text.size()) {
    if (padding_readable(text)) {
      view_ = text.data();
      capacity_ = text.size() + sj::SIMDJSON_PADDING;
      return;
    }
    const std::size_t need = text.size() + sj::SIMDJSON_PADDING;
    if (huge) {
      constexpr std::size_t page = std::size_t{2} << 20;
      capacity_ = (need + page - 1) / page * page;
      data_ = static_cast<char*>(infoclass::detail::huge_allocate(capacity_));
    } else {
      capacity_ = need;
      data_ = static_cast<char*>(::operator new(capacity_));
    }
    huge_ = huge;
    ++fast_copies;
    std::memcpy(data_, text.data(), text.size());
    std::memset(data_ + text.size(), 0, capacity_ - text.size());
    view_ = data_;
  }
  padded_input(const padded_input&) = delete;
  padded_input& operator=(const padded_input&) = delete;
  ~padded_input() {
    if (data_ == nullptr) {
      return;
    }
    if (huge_) {
      infoclass::detail::huge_free(data_);
    } else {
      ::operator delete(data_);
    }
  }
  [[nodiscard]] sj::padded_string_view view() const noexcept { return sj::padded_string_view(view_, size_, capacity_); }
  /// Whether the input is read where it is (no copy).
  [[nodiscard]] bool in_place() const noexcept { return data_ == nullptr; }

  static bool padding_readable([[maybe_unused]] std::string_view text) noexcept {
#ifdef INFOCLASS_COPY_JSON_INPUT
    return false;
#else
    if (text.empty()) {
      return false;
    }
    static const auto page = static_cast<std::uintptr_t>(infoclass::detail::page_size());
    const auto last = reinterpret_cast<std::uintptr_t>(text.data()) + text.size() - 1;
    return last / page == (last + sj::SIMDJSON_PADDING) / page;
#endif
  }

private:
  const char* view_ = nullptr;
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  bool huge_ = false;
};

// A parser for text. For a large document its buffers (structural indexes,
// tape, strings) are allocated here, before the parse, and asked to be on huge
// pages: they are written once, fresh, and a large parse otherwise spends most
// of its time on first touches of small pages.
bool prepare(sj::dom::parser& parser, std::size_t size, std::size_t max_depth, bool huge) {
  if (parser.allocate(size, max_depth) != sj::SUCCESS) {
    return false;
  }
  if (!huge) {
    return true;
  }
  // The document's buffers, allocated now so that parse() keeps them (it
  // allocates only what is smaller than the document); each is at least as
  // large as advised: simdjson sizes them from the capacity (3.0: indexes
  // capacity + 64, tape capacity + 3 words, strings 5/3 capacity).
  if (parser.doc.allocate(size) != sj::SUCCESS) {
    return false;
  }
  using infoclass::detail::advise_huge_pages;
  advise_huge_pages(parser.implementation->structural_indexes.get(), size * sizeof(std::uint32_t));
  advise_huge_pages(parser.doc.tape.get(), size * sizeof(std::uint64_t));
  advise_huge_pages(parser.doc.string_buf.get(), size);
  return true;
}

std::optional<model> read_model(std::string_view text, const json_limits& limits) {
  // What the portable reader checks before parsing; a byte order mark, which
  // simdjson skips and the strict parser does not, is left to it too.
  // check() and to_json() recurse once per level of nesting: a limit raised
  // far beyond the default (64) is left to the portable reader, which does not.
  constexpr std::size_t max_recursion = 256;
  if (text.size() > limits.max_bytes || text.rfind("\xEF\xBB\xBF", 0) == 0 || limits.max_depth > max_recursion) {
    return std::nullopt;
  }
  try {
    constexpr std::size_t large = std::size_t{4} << 20;
    const bool huge = text.size() >= large;
    sj::dom::parser parser;
    if (!prepare(parser, text.size(), limits.max_depth + 1, huge)) {
      return std::nullopt;
    }
    padded_input input(text, huge);
    sj::dom::element root;
    if (parser.parse(input.view()).get(root) != sj::SUCCESS) {
      return std::nullopt;
    }
    return read(root, limits);
  } catch (const bail&) {
    return std::nullopt;
  }
}

} // namespace fast
#endif

} // namespace

std::size_t detail::fast_models_read() noexcept { return fast_reads; }
std::size_t detail::fast_inputs_copied() noexcept { return fast_copies; }
bool detail::json_input_in_place() noexcept {
#if INFOCLASS_HAVE_SIMDJSON && !defined(INFOCLASS_COPY_JSON_INPUT)
  return true;
#else
  return false;
#endif
}

model read_model(std::string_view text, const json_limits& limits) {
#if INFOCLASS_HAVE_SIMDJSON
  if (auto m = fast::read_model(text, limits)) {
    ++fast_reads;
    return std::move(*m);
  }
#endif
  return read_model_portable(text, limits);
}

model read_model_portable(std::string_view text, const json_limits& limits) {
  detail::flat_dependencies deps;
  json root = parse_strict(text, limits, &deps);
  return model_from_json(root, limits, &deps);
}

bool fast_json_reader() noexcept { return INFOCLASS_HAVE_SIMDJSON != 0; }

model load_model(const std::filesystem::path& file, const json_limits& limits) {
  auto text = read_file(file, limits.max_bytes);
  try {
    return read_model(text, limits);
  } catch (const model_error& e) {
    throw model_error(file.string() + (e.where().empty() ? "" : ":" + e.where()), e.reason());
  }
}

std::shared_ptr<const scheme> read_scheme(std::string_view text, const json_limits& limits) {
  return read_scheme_object(parse_strict(text, limits), "");
}

std::string_view example_model_json() noexcept { return infoclass::detail::embedded_example(); }

} // namespace infoclass::inline INFOCLASS_ABI::io
