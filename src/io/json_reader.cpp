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
#include "support/text.hpp"

#include <nlohmann/json.hpp>
#if INFOCLASS_HAVE_SIMDJSON
#include <simdjson.h>
#endif

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>
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
std::atomic<std::size_t> piece_bytes{std::size_t{256} << 10}; // (set_json_piece_bytes)

#if INFOCLASS_HAVE_SIMDJSON // The fast path (simdjson's first stage): a model read straight from the
// text, with every check of the strict reader, for the shapes large models
// have. It never reports an error itself: on anything it does not accept
// (bad input, or a shape it leaves to the portable reader) it gives up and
// read_model runs the portable reader, which words the error (so messages are
// the portable reader's) or reads the model. So it only has to accept exactly
// what the portable reader accepts, and build the same model (tests: both
// readers on the corpora, edge cases and mutations).
//
// No tree of the document is kept (simdjson's DOM wrote a tape and a copy of
// every string, about twice the input in fresh memory; its On-Demand parser
// an index of 4 bytes per token of the whole document, about two thirds of
// the input): simdjson's first stage finds the tokens of a piece of the text
// at a time (class tokens), plain assets and dependencies are read token by
// token with the grammar checked here, and strings without escapes are used
// where they are. The scheme, the policy and assets with other fields than a
// plain asset's are handed, as the text they span, to the strict parser and
// the portable reader's functions.
namespace fast {

namespace sj = simdjson;
struct bail {}; // thrown inside the fast path only

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether the SIMDJSON_PADDING bytes after the input can be read: where they
// are on the page of its last byte (their values do not matter), the last
// piece is read where it is; otherwise it is copied (class tokens). Sanitizers
// would take the read past the end for an overflow, and on other processors
// than x86-64 memory tagging (Arm MTE) would fault on it: there it is always
// copied, and wherever the build defines INFOCLASS_COPY_JSON_INPUT (for
// Valgrind, say).
#if defined(INFOCLASS_COPY_JSON_INPUT)
#elif defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(__x86_64__)
#define INFOCLASS_COPY_JSON_INPUT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define INFOCLASS_COPY_JSON_INPUT 1
#endif
#endif

bool padding_readable([[maybe_unused]] std::string_view text) noexcept {
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

// The tokens of a document in order, as simdjson's first stage finds them: the
// position of each structural character ({}[]:,), string (its opening quote)
// and other value, with the UTF-8 checked and no control character in a
// string (its errors, UNESCAPED_CHARS among them, give up here). The stage runs
// on a piece of the text at a time, each piece ending just after a line feed,
// which no string holds: no token spans two pieces, and the index (4 bytes
// per token) is one piece's, reused from piece to piece while it is in the
// cache, not the whole document's in fresh memory. A document without line
// feeds is one piece.
//
// simdjson may read up to SIMDJSON_PADDING bytes past a piece (its SIMD
// stages copy the last partial block, its fallback stage does not): a piece
// with fewer bytes of the text after it is copied with padding, unless those
// bytes are on the page of the document's last byte.
class tokens {
public:
  explicit tokens(std::string_view text)
      : text_(text), padding_readable_(padding_readable(text)), piece_(std::max<std::size_t>(1, piece_bytes)) {
    constexpr std::size_t depth = 64;                                    // (the second stage's; unused)
    capacity_ = std::max<std::size_t>(1, std::min(piece_, text.size())); // (grown for a longer piece)
    if (sj::get_active_implementation()->create_dom_parser_implementation(capacity_, depth, stage1_) != sj::SUCCESS) {
      throw bail{};
    }
    load();
  }

  /// The current token's first byte; '\0' past the last token (a NUL byte
  /// in the text is no token the grammar admits either).
  [[nodiscard]] char c() const noexcept { return i_ < n_ ? text_[start_ + idx_[i_]] : '\0'; }
  /// Where the current token starts in the text (its size past the last).
  [[nodiscard]] std::size_t offset() const noexcept { return i_ < n_ ? start_ + idx_[i_] : text_.size(); }
  [[nodiscard]] bool at_end() const noexcept { return i_ >= n_; }
  /// Whether a piece was copied.
  [[nodiscard]] bool copied() const noexcept { return copied_; }

  /// The current token as written, to the next token without the whitespace
  /// before it.
  [[nodiscard]] std::string_view token() const {
    if (i_ >= n_) {
      throw bail{};
    }
    const std::size_t b = start_ + idx_[i_];
    std::size_t e = start_ + (i_ + 1 < n_ ? idx_[i_ + 1] : len_);
    while (e > b && is_space(text_[e - 1])) {
      --e;
    }
    return text_.substr(b, e - b);
  }

  void next() {
    if (++i_ >= n_) {
      load();
    }
  }

  void expect(char ch) {
    if (c() != ch) {
      throw bail{};
    }
    next();
  }

private:
  // The next piece with a token, or none (n_ = 0) at the end of the text.
  void load() {
    i_ = 0;
    n_ = 0;
    while (n_ == 0 && end_ < text_.size()) {
      start_ = end_;
      end_ = piece_end(start_);
      len_ = end_ - start_;
      if (len_ > capacity_) {
        if (stage1_->set_capacity(len_) != sj::SUCCESS) {
          throw bail{};
        }
        capacity_ = len_;
      }
      const char* bytes = text_.data() + start_;
      if (end_ + sj::SIMDJSON_PADDING > text_.size() && !padding_readable_) {
        tail_.assign(bytes, len_);
        tail_.append(sj::SIMDJSON_PADDING, '\0');
        bytes = tail_.data();
        if (!copied_) {
          copied_ = true;
          ++fast_copies;
        }
      }
      const auto e = stage1_->stage1(reinterpret_cast<const std::uint8_t*>(bytes), len_, sj::stage1_mode::regular);
      if (e == sj::EMPTY) {
        continue; // whitespace only
      }
      if (e != sj::SUCCESS) {
        throw bail{};
      }
      n_ = stage1_->n_structural_indexes;
      idx_ = stage1_->structural_indexes.get();
    }
  }

  // The end of the piece from `at`: just after the last line feed of the
  // next piece_ bytes, else after the first one beyond them, else the text's end.
  [[nodiscard]] std::size_t piece_end(std::size_t at) const noexcept {
    if (text_.size() - at <= piece_) {
      return text_.size();
    }
    const char* p = text_.data() + at;
    if (const char* lf = last_line_feed(p, piece_); lf != nullptr) {
      return static_cast<std::size_t>(lf - text_.data()) + 1;
    }
    if (const void* lf = std::memchr(p + piece_, '\n', text_.size() - at - piece_); lf != nullptr) {
      return static_cast<std::size_t>(static_cast<const char*>(lf) - text_.data()) + 1;
    }
    return text_.size();
  }

  static const char* last_line_feed(const char* p, std::size_t n) noexcept {
#ifdef __GLIBC__
    return static_cast<const char*>(::memrchr(p, '\n', n));
#else
    while (n != 0) {
      if (p[--n] == '\n') {
        return p + n;
      }
    }
    return nullptr;
#endif
  }

  std::string_view text_;
  bool padding_readable_;
  std::size_t piece_;
  std::unique_ptr<sj::internal::dom_parser_implementation> stage1_;
  std::size_t capacity_ = 0;
  std::size_t start_ = 0; // the piece: [start_, end_), len_ bytes
  std::size_t end_ = 0;
  std::size_t len_ = 0;
  const std::uint32_t* idx_ = nullptr; // its tokens, relative to start_
  std::size_t n_ = 0;
  std::size_t i_ = 0;
  std::string tail_; // a last piece, copied with padding
  bool copied_ = false;
};

// A string token's body, between its quotes. (The first stage puts the next
// token just after a string's closing quote and whitespace: a token that
// starts and ends with a quote is one string.)
std::string_view body_of(std::string_view t) {
  if (t.size() < 2 || t.front() != '"' || t.back() != '"') {
    throw bail{};
  }
  return t.substr(1, t.size() - 2);
}

// Whether a key's token (quotes included) is `name`: one comparison of a
// known length (the compiler writes it out), where comparing string views
// calls memcmp.
template <std::size_t N> bool is_key(std::string_view key, const char (&name)[N]) noexcept {
  return key.size() == N + 1 && std::memcmp(key.data() + 1, name, N - 1) == 0;
}

// The members of the object at the cursor: f(key) for each, with the key's
// token as written (quotes included; a key written with an escape is none of
// the names compared with it), and the cursor at its value, which f reads to
// its end. Returns where the object ends in the text (after its '}').
template <class F> std::size_t members(tokens& t, F&& f) {
  t.expect('{');
  if (t.c() != '}') {
    for (;;) {
      const std::string_view key = t.token();
      (void)body_of(key);
      t.next();
      t.expect(':');
      f(key);
      if (t.c() != ',') {
        break;
      }
      t.next();
    }
  }
  if (t.c() != '}') {
    throw bail{};
  }
  const std::size_t end = t.offset() + 1;
  t.next();
  return end;
}

// The elements of the array at the cursor: f() for each, with the cursor at
// the element, which f reads to its end.
template <class F> void elements(tokens& t, F&& f) {
  t.expect('[');
  if (t.c() != ']') {
    for (;;) {
      f();
      if (t.c() != ',') {
        break;
      }
      t.next();
    }
  }
  t.expect(']');
}

// The text of the value at the cursor, which is then after it: an object or
// an array to its closing bracket (checked by the strict parser, which reads
// that text), anything else its token.
std::string_view value(tokens& t, std::string_view text) {
  const std::size_t start = t.offset();
  const char ch = t.c();
  if (ch == ',' || ch == ':' || ch == '}' || ch == ']') {
    throw bail{}; // no value
  }
  if (ch != '{' && ch != '[') {
    const std::string_view v = t.token();
    t.next();
    return v;
  }
  std::size_t depth = 0;
  std::size_t end = 0;
  do {
    switch (t.c()) {
    case '{':
    case '[': ++depth; break;
    case '}':
    case ']': --depth; break;
    case '\0': throw bail{};
    default: break;
    }
    end = t.offset() + 1;
    t.next();
  } while (depth != 0);
  return text.substr(start, end - start);
}

unsigned hex4(std::string_view b, std::size_t at) {
  if (at + 4 > b.size()) {
    throw bail{};
  }
  unsigned v = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = b[i];
    v <<= 4U;
    if (c >= '0' && c <= '9') {
      v |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      throw bail{};
    }
  }
  return v;
}

// The text of a string's body with its escapes resolved as RFC 8259 (and the
// strict parser) reads them: a surrogate only in a pair, nothing else after
// the backslash.
std::string unescape(std::string_view b) {
  std::string out;
  out.reserve(b.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    const char c = b[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == b.size()) {
      throw bail{};
    }
    switch (b[i]) {
    case '"': out += '"'; break;
    case '\\': out += '\\'; break;
    case '/': out += '/'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case 'u': {
      unsigned cp = hex4(b, i + 1);
      i += 4;
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        throw bail{}; // a low surrogate alone
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (i + 2 >= b.size() || b[i + 1] != '\\' || b[i + 2] != 'u') {
          throw bail{}; // a high surrogate alone
        }
        const unsigned lo = hex4(b, i + 3);
        if (lo < 0xDC00 || lo > 0xDFFF) {
          throw bail{};
        }
        cp = 0x10000 + ((cp - 0xD800) << 10U) + (lo - 0xDC00);
        i += 6;
      }
      infoclass::detail::append_utf8(out, cp);
      break;
    }
    default: throw bail{};
    }
  }
  return out;
}

// Whether a string's body has an escape, eight bytes at a time (bodies are
// short: a call to memchr costs more).
bool has_backslash(std::string_view b) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  constexpr std::uint64_t backslashes = ones * '\\';
  std::size_t i = 0;
  for (; i + 8 <= b.size(); i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, b.data() + i, 8);
    x ^= backslashes; // a zero byte where there was a backslash
    if (((x - ones) & ~x & highs) != 0) {
      return true;
    }
  }
  for (; i < b.size(); ++i) {
    if (b[i] == '\\') {
      return true;
    }
  }
  return false;
}

// Strings with escapes, resolved; the views handed out stay valid while the
// store lives (a deque does not move its elements).
using string_store = std::deque<std::string>;

// A string value, at most max_string bytes once unescaped: where it is in the
// text when it has no escape, else resolved into `store`. (A control
// character in a string, which the strict parser refuses, is an error of
// simdjson's stage 1, UNESCAPED_CHARS: the document is not read here.)
std::string_view text_of(std::string_view t, std::size_t max_string, string_store& store) {
  std::string_view body = body_of(t);
  if (has_backslash(body)) {
    body = store.emplace_back(unescape(body));
  }
  if (body.size() > max_string) {
    throw bail{};
  }
  return body;
}

// A non-negative integer as JSON writes it (no sign, fraction, exponent or
// leading zero), at most `max`; anything else is left to the portable reader.
std::uint64_t small_uint(std::string_view t, std::uint64_t max) {
  constexpr std::size_t digits = 18; // below 2^63, no overflow
  if (t.empty() || t.size() > digits || (t[0] == '0' && t.size() > 1)) {
    throw bail{};
  }
  std::uint64_t x = 0;
  for (const char c : t) {
    if (c < '0' || c > '9') {
      throw bail{};
    }
    x = x * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (x > max) {
    throw bail{};
  }
  return x;
}

// A level as need_level accepts it: a level key (or a number as text), or an
// integer in range.
level_t level(const scheme& s, std::size_t p, std::string_view t, std::size_t max_string, string_store& store) {
  if (!t.empty() && t.front() == '"') {
    const auto l = s.find_level(p, text_of(t, max_string, store));
    if (!l) {
      throw bail{};
    }
    return *l;
  }
  return static_cast<level_t>(small_uint(t, s.levels(p) - 1));
}

// read_classification(allow_na = true) for an asset's own levels, as raw
// levels into out[0 .. P), which holds classification::unassessed on entry.
// Returns whether a level is "not applicable" (null): only information may
// have one, which the caller checks once it knows the kind.
bool own_levels(const scheme& s, tokens& t, std::size_t max_string, string_store& store, level_t* out) {
  bool na = false;
  members(t, [&](std::string_view key) {
    // A key with an escape is left to the portable reader, which compares
    // keys unescaped ("\u004B" is "K").
    const std::string_view k = body_of(key);
    if (has_backslash(k)) {
      throw bail{};
    }
    const auto p = s.find_property(k);
    if (!p || out[*p] != classification::unassessed) {
      throw bail{}; // unknown, or the same property twice (by key and role)
    }
    const std::string_view v = t.token();
    t.next();
    if (v == "null") {
      if (!s.properties[*p].allows_not_applicable) {
        throw bail{};
      }
      out[*p] = classification::not_applicable;
      na = true;
      return;
    }
    out[*p] = level(s, *p, v, max_string, store);
  });
  return na;
}

// The limits for a part of the document parsed on its own, `depth` levels
// down (read() leaves limits below plain_depth to the portable reader).
json_limits below(const json_limits& limits, std::size_t depth) {
  json_limits l = limits;
  l.max_depth -= depth;
  return l;
}

// A part of the document as the strict parser reads it (duplicate keys,
// depth, string lengths, numbers as nlohmann makes them).
json part(std::string_view text, const json_limits& limits, std::size_t depth) {
  try {
    return parse_strict(text, below(limits, depth));
  } catch (const model_error&) {
    throw bail{};
  }
}

// A code for a name in a table of distinct names (views into the document).
// A few names (kinds, types) are compared in turn, without hashing; the
// index is made once there are more.
std::uint32_t code_of(std::unordered_map<std::string_view, std::uint32_t>& index, std::vector<std::string_view>& names,
                      std::string_view name) {
  constexpr std::size_t linear = 16;
  if (index.empty()) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) {
        return static_cast<std::uint32_t>(i);
      }
    }
    names.push_back(name);
    if (names.size() > linear) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        index.emplace(names[i], static_cast<std::uint32_t>(i));
      }
    }
    return static_cast<std::uint32_t>(names.size() - 1);
  }
  const auto [it, fresh] = index.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (fresh) {
    names.push_back(name);
  }
  return it->second;
}

// A string field of an object read key by key: `bit` marks it read (a second
// time is a repeated key), and it is no longer than max_string.
std::string_view field(tokens& t, unsigned bit, unsigned& got, std::size_t max_string, string_store& store) {
  if ((got & bit) != 0) {
    throw bail{};
  }
  got |= bit;
  const std::string_view v = text_of(t.token(), max_string, store);
  t.next();
  return v;
}

// The most elements an array can hold in the `left` bytes of the document
// from its start on, each at least `least` bytes with its comma (counting
// them would take a pass over the array: a large load spends more on that
// than on the reservation, which takes address space, not memory, until it
// is written).
std::size_t at_most(std::size_t left, std::size_t least, std::size_t limit) {
  return std::min(limit, left / least + 1);
}

// Reserves n more elements in each column, if the address space is there;
// otherwise the columns grow as they are written.
template <class... Column> void reserve(std::size_t n, Column&... columns) {
  try {
    (columns.reserve(columns.size() + n), ...);
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) { // (more than a vector holds: a limit raised to SIZE_MAX)
  }
}

// Plain assets (id, kind, name, owner and classification: what a large
// inventory holds) gathered by column and added with model::add_assets, which
// makes the checks add_asset makes. An asset with any other field is read on
// its own after the batch before it, so the model's order is the document's.
class asset_batch {
public:
  asset_batch(const scheme& s, std::size_t capacity, std::size_t max_string) : s_(s), max_string_(max_string) {
    reserve(capacity, ids_, kind_, owner_, names_);
    reserve(capacity * s.size(), levels_);
  }

  // Reads the asset object at the cursor to its end (`end`: where it ends in
  // the text). Takes it if it is plain and returns true; false (nothing
  // taken) if it has another field. Makes the strict reader's checks on what
  // it takes (repeated keys, string lengths; the depth is below any limit
  // read() lets through here).
  bool take(tokens& t, std::string_view text, std::size_t& end) {
    std::string_view id;
    std::string_view kind;
    std::string_view name;
    std::string_view owner;
    std::array<level_t, max_properties> raw{};
    raw.fill(classification::unassessed);
    bool na = false;
    bool plain = true;
    unsigned got = 0;
    end = members(t, [&](std::string_view k) {
      if (!plain) {
        (void)value(t, text); // to the object's end, for the portable reader's function
      } else if (is_key(k, "id")) {
        id = field(t, 1U, got, max_string_, store_);
      } else if (is_key(k, "kind")) {
        kind = field(t, 2U, got, max_string_, store_);
      } else if (is_key(k, "name")) {
        name = field(t, 8U, got, max_string_, store_);
      } else if (is_key(k, "owner")) {
        owner = field(t, 16U, got, max_string_, store_);
      } else if (is_key(k, "classification")) {
        if ((got & 4U) != 0) {
          throw bail{};
        }
        got |= 4U;
        na = own_levels(s_, t, max_string_, store_, raw.data());
      } else {
        plain = false;
        (void)value(t, text);
      }
    });
    if (!plain) {
      return false;
    }
    // The id as written (add_assets checks it in NFC, which may be shorter).
    if ((got & 3U) != 3U || !valid_asset_id(id) || (na && kind != "information")) {
      throw bail{};
    }
    levels_.insert(levels_.end(), raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(s_.size()));
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
    store_.clear();
    kind_names_.clear();
    kind_index_.clear();
    owner_names_.clear();
    owner_index_.clear();
    any_owner_ = false;
    any_name_ = false;
  }

private:
  const scheme& s_;
  std::size_t max_string_;
  infoclass::detail::big_vector<std::string_view> ids_;
  infoclass::detail::big_vector<std::uint32_t> kind_;
  infoclass::detail::big_vector<std::uint32_t> owner_;
  infoclass::detail::big_vector<std::string_view> names_;
  infoclass::detail::big_vector<level_t> levels_;
  std::vector<std::string_view> kind_names_;
  std::vector<std::string_view> owner_names_;
  std::unordered_map<std::string_view, std::uint32_t> kind_index_;
  std::unordered_map<std::string_view, std::uint32_t> owner_index_;
  string_store store_; // escaped strings of the assets taken
  bool any_owner_ = false;
  bool any_name_ = false;
};

void read_assets(model& m, const scheme& s, std::string_view text, tokens& t, const json_limits& limits) {
  constexpr std::size_t least = 22; // {"id":"a","kind":"b"},
  asset_batch batch(s, at_most(text.size() - t.offset(), least, limits.max_assets), limits.max_string);
  std::size_t i = 0;
  elements(t, [&] {
    if (i == limits.max_assets) {
      throw bail{};
    }
    const std::size_t start = t.offset();
    std::size_t end = 0;
    if (!batch.take(t, text, end)) {
      // The asset's text, read by the portable reader's function; an asset
      // is 2 levels down.
      asset a;
      try {
        a = read_asset(s, part(text.substr(start, end - start), limits, 2), "/assets/" + std::to_string(i));
      } catch (const model_error&) {
        throw bail{};
      }
      batch.flush(m);
      if (m.contains(a.id)) {
        throw bail{};
      }
      m.add_asset(std::move(a));
    }
    ++i;
  });
  batch.flush(m);
}

// The dependencies by column, their ends resolved to the model's assets and
// their types and groups coded by name: added with model::add_dependencies
// (the checks of add_dependency; the repeat of a (from, to, type) among them)
// once the policy, which declares types, is known (the writer puts it last).
struct dependency_batch {
  infoclass::detail::big_vector<std::uint32_t> from;
  infoclass::detail::big_vector<std::uint32_t> to;
  infoclass::detail::big_vector<std::uint32_t> type;
  infoclass::detail::big_vector<std::uint32_t> group;
  infoclass::detail::big_vector<std::uint32_t> need;
  std::vector<std::string_view> type_names;
  std::vector<std::string_view> group_names;
  string_store store; // escaped names
  bool any_group = false;
  bool any_need = false;

  void add_to(model& m) const {
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
};

void read_dependencies(const model& m, std::string_view whole, tokens& t, const json_limits& limits,
                       dependency_batch& d) {
  const std::size_t max_string = limits.max_string;
  auto& from = d.from;
  auto& to = d.to;
  auto& type = d.type;
  auto& group = d.group;
  auto& need = d.need;
  auto& type_names = d.type_names;
  auto& group_names = d.group_names;
  auto& store = d.store;
  auto& any_group = d.any_group;
  auto& any_need = d.any_need;
  std::unordered_map<std::string_view, std::uint32_t> type_index;
  std::unordered_map<std::string_view, std::uint32_t> group_index;
  constexpr std::size_t least = 33; // {"from":"a","to":"b","type":"c"},
  const std::size_t most = at_most(whole.size() - t.offset(), least, limits.max_dependencies);
  reserve(most, from, to, type);
  // The group and need columns are written from the first row that has one
  // (the rows before have none): most models have few.
  // The ids are looked up a batch at a time, each id's slot asked into the
  // cache before the first lookup (the table is large and the order random).
  const auto ids = infoclass::detail::model_access::ids(m);
  constexpr std::size_t batch = 16;
  std::array<std::string_view, 2 * batch> text{};
  std::array<std::uint32_t, 2 * batch> found{};
  std::size_t pending = 0;
  const auto resolve = [&] {
    infoclass::detail::model_access::find_ids(m, *ids, text, 2 * pending, found);
    for (std::size_t k = 0; k < 2 * pending; k += 2) {
      if (found[k] == infoclass::detail::id_table::none || found[k + 1] == infoclass::detail::id_table::none) {
        throw bail{};
      }
      from.push_back(found[k]);
      to.push_back(found[k + 1]);
    }
    pending = 0;
  };
  std::string_view last_type;
  std::uint32_t last_code = 0;
  std::string_view last_group;
  std::uint32_t last_group_code = 0;
  elements(t, [&] {
    if (type.size() == limits.max_dependencies) {
      throw bail{};
    }
    std::string_view f;
    std::string_view to_id;
    std::string_view ty;
    std::string_view grp;
    std::uint32_t k = 0;
    unsigned got = 0;
    members(t, [&](std::string_view key) {
      if (is_key(key, "from")) {
        f = field(t, 1U, got, max_string, store);
      } else if (is_key(key, "to")) {
        to_id = field(t, 2U, got, max_string, store);
      } else if (is_key(key, "type")) {
        ty = field(t, 4U, got, max_string, store);
      } else if (is_key(key, "group")) {
        grp = field(t, 8U, got, max_string, store);
      } else if (is_key(key, "need")) {
        if ((got & 16U) != 0) {
          throw bail{};
        }
        const auto x = small_uint(t.token(), max_need);
        t.next();
        if (x < 1) {
          throw bail{};
        }
        k = static_cast<std::uint32_t>(x);
        got |= 16U;
      } else {
        throw bail{};
      }
    });
    if ((got & 7U) != 7U || ((got & 8U) != 0 && grp.empty()) || ((got & 16U) != 0 && (got & 8U) == 0)) {
      throw bail{};
    }
    text[2 * pending] = f;
    text[2 * pending + 1] = to_id;
    if (++pending == batch) {
      resolve();
    }
    if (type_names.empty() || ty != last_type) {
      last_type = ty;
      last_code = code_of(type_index, type_names, ty);
    }
    type.push_back(last_code);
    if ((got & 8U) != 0 && !any_group) {
      any_group = true;
      reserve(most, group);
      group.resize(type.size() - 1, model::npos);
    }
    if (any_group) {
      if ((got & 8U) != 0 && (group_names.empty() || grp != last_group)) {
        last_group = grp; // (members of a group are often listed together)
        last_group_code = code_of(group_index, group_names, grp);
      }
      group.push_back((got & 8U) != 0 ? last_group_code : model::npos);
    }
    if (k != 0 && !any_need) {
      any_need = true;
      reserve(most, need);
      need.resize(type.size() - 1, 0);
    }
    if (any_need) {
      need.push_back(k);
    }
  });
  resolve();
}

// The depth a plain asset (4) and a dependency (3) nest to, with room: a
// lower depth limit is left to the portable reader.
constexpr std::size_t plain_depth = 8;

// The model, read forward only: the model is made with its scheme
// and the policy where the policy comes before the assets, and is given the
// policy at the end where it comes after them (the writer puts it last); the
// dependencies are added once it is there. The scheme must come before the
// assets, and the assets before the dependencies: another order is left to
// the portable reader.
model read(std::string_view text, tokens& t, const json_limits& limits) {
  std::shared_ptr<const scheme> sch;
  policy pol;
  std::optional<model> m;
  dependency_batch deps;
  bool late_policy = false;
  unsigned seen = 0;
  const auto once = [&seen](unsigned bit) {
    if ((seen & bit) != 0) {
      throw bail{}; // a repeated key
    }
    seen |= bit;
  };
  string_store store;
  members(t, [&](std::string_view k) {
    if (is_key(k, "infoclass")) {
      once(1U);
      if (t.token() != "1") {
        throw bail{};
      }
      t.next();
    } else if (is_key(k, "scheme")) {
      once(2U);
      try {
        if (t.c() == '"') {
          sch = scheme::preset(std::string(text_of(t.token(), limits.max_string, store)));
          t.next();
        } else if (t.c() == '{') {
          sch = read_scheme_object(part(value(t, text), limits, 1), "/scheme");
        } else {
          throw bail{};
        }
      } catch (const error&) {
        throw bail{}; // (a model_error goes to read_model's handler, which gives up too)
      }
    } else if (is_key(k, "policy")) {
      once(4U);
      if (!sch || t.c() != '{') {
        throw bail{};
      }
      try {
        pol = read_policy(*sch, part(value(t, text), limits, 1));
        late_policy = m.has_value();
      } catch (const model_error&) {
        throw bail{};
      }
    } else if (is_key(k, "assets")) {
      once(8U);
      if (!sch || (seen & 16U) != 0) {
        throw bail{};
      }
      m.emplace(sch, std::exchange(pol, policy{})); // (an empty one if none came)
      read_assets(*m, *sch, text, t, limits);
    } else if (is_key(k, "dependencies")) {
      once(16U);
      if (!sch) {
        throw bail{};
      }
      if (!m) {
        m.emplace(sch, std::exchange(pol, policy{})); // (an empty one if none came)
      }
      read_dependencies(*m, text, t, limits, deps);
    } else {
      throw bail{};
    }
  });
  // The whole document read, and nothing after it.
  if ((seen & 3U) != 3U || !t.at_end()) {
    throw bail{};
  }
  if (!m) {
    return model(sch, std::move(pol));
  }
  if (late_policy) {
    m->set_policy(std::move(pol));
  }
  if ((seen & 16U) != 0) {
    deps.add_to(*m);
    m->check_groups();
  }
  return std::move(*m);
}

std::optional<model> read_model(std::string_view text, const json_limits& limits) {
  // What the portable reader checks before parsing; a byte order mark, which
  // the strict parser refuses, is left to it too, and so
  // are depth limits below what a plain asset needs or far beyond the default
  // (64).
  constexpr std::size_t max_depth = 256;
  if (text.size() > limits.max_bytes || text.rfind("\xEF\xBB\xBF", 0) == 0 || limits.max_depth < plain_depth ||
      limits.max_depth > max_depth) {
    return std::nullopt;
  }
  try {
    tokens t(text);
    return read(text, t, limits);
  } catch (const bail&) {
    return std::nullopt;
  } catch (const model_error&) {
    return std::nullopt; // a model's own check (add_assets, check_groups)
  }
}

} // namespace fast
#endif

} // namespace

std::size_t detail::fast_models_read() noexcept { return fast_reads; }
std::size_t detail::fast_inputs_copied() noexcept { return fast_copies; }
std::size_t detail::set_json_piece_bytes(std::size_t bytes) noexcept { return piece_bytes.exchange(bytes); }
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
