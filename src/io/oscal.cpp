#include "infoclass/io/oscal.hpp"

#include "infoclass/error.hpp"
#include "infoclass/propagation.hpp"
#include "json_internal.hpp"

#include <algorithm>

namespace infoclass::io {

using json = nlohmann::json;

namespace {

const char* const objectives[] = {"confidentiality-impact", "integrity-impact", "availability-impact"};
const char* const sil_keys[] = {"security-objective-confidentiality", "security-objective-integrity",
                                "security-objective-availability"};
const char* const level_names[] = {"low", "moderate", "high"};

[[noreturn]] void fail(const std::string& ptr, const std::string& why) { throw model_error(ptr, why); }

const json& need(const json& j, const char* key, const std::string& ptr) {
  if (!j.is_object() || !j.contains(key)) {
    fail(ptr, std::string("missing '") + key + "'");
  }
  return j.at(key);
}

// A FIPS 199 level: 0..2, or not applicable (classification::not_applicable).
level_t parse_level(const json& j, const std::string& ptr, bool allow_na, std::vector<std::string>& warnings) {
  if (!j.is_string()) {
    fail(ptr, "expected a string such as fips-199-moderate");
  }
  std::string v = j.get<std::string>();
  std::string w = v.rfind("fips-199-", 0) == 0 ? v.substr(9) : v;
  for (level_t l = 0; l < 3; ++l) {
    if (w == level_names[l]) {
      return l;
    }
  }
  if (w == "medium") {
    warnings.push_back(ptr + ": '" + v + "' read as moderate");
    return 1;
  }
  if (w == "na" || w == "n/a") {
    if (!allow_na) {
      fail(ptr, "not applicable is allowed for confidentiality only");
    }
    return classification::not_applicable;
  }
  fail(ptr, "'" + v + "' is not a FIPS 199 level (fips-199-low, -moderate, -high, na)");
}

struct info_type {
  std::string id;
  std::string title;
  std::array<level_t, 3> base{};
  std::array<std::optional<level_t>, 3> selected{};
  std::array<std::string, 3> justification{};
  std::array<std::string, 3> pointer{};
};

std::string safe_id(std::string s) {
  for (auto& c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == ':' || c == '@' || c == '/' || c == '-')) {
      c = '-';
    }
  }
  return s.substr(0, 128);
}

std::string kind_of(const std::string& type) {
  if (type == "software") {
    return "application";
  }
  if (type == "service" || type == "leveraged-system" || type == "system") {
    return "service";
  }
  if (type == "hardware") {
    return "server";
  }
  if (type == "interconnection" || type == "network") {
    return "network";
  }
  return "";
}

struct parsed {
  json root;
  std::vector<info_type> types;
  oscal_import out;
};

parsed parse(std::string_view text) {
  parsed p;
  p.root = detail::parse_json_strict(text, {});
  const json& ssp = need(p.root, "system-security-plan", "");
  const std::string sc_ptr = "/system-security-plan/system-characteristics";
  const json& sc = need(ssp, "system-characteristics", "/system-security-plan");
  const json& si = need(sc, "system-information", sc_ptr);
  const json& its = need(si, "information-types", sc_ptr + "/system-information");
  const std::string it_ptr = sc_ptr + "/system-information/information-types";
  if (!its.is_array() || its.empty()) {
    fail(it_ptr, "expected a non-empty array of information types");
  }
  for (std::size_t i = 0; i < its.size(); ++i) {
    const std::string ptr = it_ptr + "/" + std::to_string(i);
    const json& it = its[i];
    info_type t;
    t.id = safe_id(it.contains("uuid") && it["uuid"].is_string() ? it["uuid"].get<std::string>()
                                                                 : "information-type-" + std::to_string(i));
    t.title = it.contains("title") && it["title"].is_string() ? it["title"].get<std::string>() : std::string();
    for (std::size_t o = 0; o < 3; ++o) {
      const std::string op = ptr + "/" + objectives[o];
      const json& imp = need(it, objectives[o], ptr);
      t.pointer[o] = op;
      t.base[o] = parse_level(need(imp, "base", op), op + "/base", o == 0, p.out.warnings);
      if (imp.contains("selected")) {
        t.selected[o] = parse_level(imp["selected"], op + "/selected", o == 0, p.out.warnings);
      }
      if (imp.contains("adjustment-justification") && imp["adjustment-justification"].is_string()) {
        t.justification[o] = imp["adjustment-justification"].get<std::string>();
      }
    }
    p.types.push_back(std::move(t));
  }
  // The model: information types processed by the system.
  model m("us-fips-199");
  std::string system_id = "system";
  std::string system_name =
      sc.contains("system-name") && sc["system-name"].is_string() ? sc["system-name"].get<std::string>() : "";
  std::vector<std::pair<std::string, std::string>> components; // id, kind
  std::vector<std::string> component_names;
  if (ssp.contains("system-implementation") && ssp["system-implementation"].contains("components") &&
      ssp["system-implementation"]["components"].is_array()) {
    for (const auto& c : ssp["system-implementation"]["components"]) {
      std::string type = c.contains("type") && c["type"].is_string() ? c["type"].get<std::string>() : "";
      std::string uuid = c.contains("uuid") && c["uuid"].is_string() ? safe_id(c["uuid"].get<std::string>()) : "";
      if (uuid.empty()) {
        continue;
      }
      if (type == "this-system") {
        system_id = uuid;
        continue;
      }
      auto kind = kind_of(type);
      if (!kind.empty()) {
        components.emplace_back(uuid, kind);
        component_names.push_back(c.contains("title") && c["title"].is_string() ? c["title"].get<std::string>() : "");
      }
    }
  }
  asset sys;
  sys.id = system_id;
  sys.kind = "application";
  sys.name = system_name;
  sys.own = classification(3);
  m.add_asset(sys);
  for (const auto& t : p.types) {
    asset a;
    a.id = t.id;
    a.kind = "information";
    a.name = t.title;
    a.own = classification(3);
    std::string just;
    for (std::size_t o = 0; o < 3; ++o) {
      a.own.set(o, t.selected[o] ? *t.selected[o] : t.base[o]);
      if (!t.justification[o].empty() && just.find(t.justification[o]) == std::string::npos) {
        just += (just.empty() ? "" : " ") + t.justification[o];
      }
    }
    a.justification = just;
    if (m.contains(a.id)) {
      fail(it_ptr, "duplicate information type uuid '" + a.id + "'");
    }
    m.add_asset(a);
    m.add_dependency(a.id, system_id, "processed_by");
  }
  for (std::size_t i = 0; i < components.size(); ++i) {
    if (m.contains(components[i].first)) {
      continue;
    }
    asset a;
    a.id = components[i].first;
    a.kind = components[i].second;
    a.name = component_names[i];
    a.own = classification(3);
    m.add_asset(a);
    m.add_dependency(system_id, a.id, "depends_on");
  }
  p.out.m = std::move(m);
  p.out.system_id = system_id;
  return p;
}

} // namespace

std::string oscal_level(level_t l) { return std::string("fips-199-") + level_names[std::min<level_t>(l, 2)]; }

oscal_import import_oscal_ssp(std::string_view text) { return std::move(parse(text).out); }

oscal_check_result check_oscal_ssp(std::string_view text) {
  auto p = parse(text);
  oscal_check_result r;
  r.warnings = p.out.warnings;
  auto a = propagate(p.out.m);
  const auto sys = a.index(p.out.system_id);
  r.confidentiality = a.effective(sys, 0);
  r.integrity = a.effective(sys, 1);
  r.availability = a.effective(sys, 2);
  for (auto l : {r.confidentiality, r.integrity, r.availability}) {
    if (l && (!r.sensitivity || *l > *r.sensitivity)) {
      r.sensitivity = l;
    }
  }
  const std::optional<level_t> computed[] = {r.confidentiality, r.integrity, r.availability};
  const json& sc = p.root["system-security-plan"]["system-characteristics"];
  const std::string sc_ptr = "/system-security-plan/system-characteristics";
  std::vector<std::string> unused;
  if (!sc.contains("security-impact-level")) {
    r.findings.push_back({sc_ptr, "no security-impact-level declared"});
  } else {
    const json& sil = sc["security-impact-level"];
    for (std::size_t o = 0; o < 3; ++o) {
      const std::string ptr = sc_ptr + "/security-impact-level/" + sil_keys[o];
      if (!sil.contains(sil_keys[o])) {
        r.findings.push_back({ptr, "not declared; computed " + oscal_level(*computed[o])});
        continue;
      }
      auto declared = parse_level(sil[sil_keys[o]], ptr, false, unused);
      if (declared != *computed[o]) {
        r.findings.push_back({ptr, "declared " + oscal_level(declared) + ", computed " + oscal_level(*computed[o]) +
                                       " (high-water mark of the information types)"});
      }
    }
  }
  const std::string ssl_ptr = sc_ptr + "/security-sensitivity-level";
  if (!sc.contains("security-sensitivity-level")) {
    r.findings.push_back({ssl_ptr, "no security-sensitivity-level declared"});
  } else {
    auto declared = parse_level(sc["security-sensitivity-level"], ssl_ptr, false, unused);
    if (declared != *r.sensitivity) {
      r.findings.push_back({ssl_ptr, "declared " + std::string(level_names[declared]) + ", computed " +
                                         level_names[*r.sensitivity] + " (the highest objective)"});
    }
  }
  for (const auto& t : p.types) {
    for (std::size_t o = 0; o < 3; ++o) {
      if (t.selected[o] && *t.selected[o] != t.base[o] && t.justification[o].empty()) {
        r.findings.push_back({t.pointer[o], "selected differs from base without an adjustment-justification"});
      }
    }
  }
  return r;
}

std::string update_oscal_ssp(std::string_view text) {
  auto r = check_oscal_ssp(text);
  auto doc = nlohmann::ordered_json::parse(text.begin(), text.end());
  auto& sc = doc["system-security-plan"]["system-characteristics"];
  auto& sil = sc["security-impact-level"];
  const std::optional<level_t> computed[] = {r.confidentiality, r.integrity, r.availability};
  for (std::size_t o = 0; o < 3; ++o) {
    sil[sil_keys[o]] = oscal_level(*computed[o]);
  }
  sc["security-sensitivity-level"] = level_names[*r.sensitivity];
  return doc.dump(2) + "\n";
}

} // namespace infoclass::io
