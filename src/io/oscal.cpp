// SPDX-License-Identifier: Apache-2.0
#include "infoclass/io/oscal.hpp"

#include "infoclass/error.hpp"
#include "infoclass/propagation.hpp"
#include "io/oscal_source.hpp"
#include "support/json_strict.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace infoclass::inline INFOCLASS_ABI::io {

using json = nlohmann::json;

namespace {

const char* const objectives[] = {"confidentiality-impact", "integrity-impact", "availability-impact"};
const char* const sil_keys[] = {"security-objective-confidentiality", "security-objective-integrity",
                                "security-objective-availability"};
const char* const level_names[] = {"low", "moderate", "high"};

[[noreturn]] void fail(const std::string& ptr, const std::string& why) { throw model_error(ptr, why); }

using detail::escape_pointer_token;
using detail::insertion_before;
using detail::read_source;
using detail::sniff;
using source = detail::oscal_source;

// ---------------------------------------------------------------------------
// Typed access with the JSON pointer in every error.

const json& need_object(const json& j, const std::string& ptr) {
  if (!j.is_object()) {
    fail(ptr, std::string("expected an object, found ") + j.type_name());
  }
  return j;
}

const json* member(const json& j, const char* key, const std::string& ptr) {
  need_object(j, ptr);
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const json& need(const json& j, const char* key, const std::string& ptr) {
  const json* m = member(j, key, ptr);
  if (m == nullptr) {
    fail(ptr, std::string("missing '") + key + "'");
  }
  return *m;
}

std::string opt_string(const json& j, const char* key, const std::string& ptr) {
  const json* m = member(j, key, ptr);
  if (m == nullptr || m->is_null()) {
    return {};
  }
  if (!m->is_string()) {
    fail(ptr + "/" + key, std::string("expected a string, found ") + m->type_name());
  }
  return m->get<std::string>();
}

// A FIPS 199 level: 0..2, or not applicable (classification::not_applicable).
level_t parse_level(const json& j, const std::string& ptr, bool allow_na, std::vector<std::string>& warnings) {
  if (!j.is_string()) {
    fail(ptr, std::string("expected a string such as fips-199-moderate, found ") + j.type_name());
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

const std::string sc_ptr = "/system-security-plan/system-characteristics";

struct parsed {
  source src;
  std::vector<info_type> types;
  oscal_import out;
};

parsed parse(std::string_view text) {
  parsed p;
  p.src = read_source(text);
  p.out.format = p.src.format;
  const json& root = p.src.root;
  const json& ssp = need(root, "system-security-plan", "");
  need_object(ssp, "/system-security-plan");
  const json& sc = need(ssp, "system-characteristics", "/system-security-plan");
  const json& si = need(sc, "system-information", sc_ptr);
  const std::string it_ptr = sc_ptr + "/system-information/information-types";
  const json& its = need(si, "information-types", sc_ptr + "/system-information");
  if (!its.is_array() || its.empty()) {
    fail(it_ptr, "expected a non-empty array of information types");
  }
  std::map<std::string, std::string> uuid_at; // uuid -> pointer, across types and components
  const auto claim = [&](const std::string& uuid, const std::string& ptr) {
    auto [it, fresh] = uuid_at.emplace(uuid, ptr);
    if (!fresh) {
      fail(ptr, "uuid '" + uuid + "' is used twice (also at " + it->second + ")");
    }
  };
  for (std::size_t i = 0; i < its.size(); ++i) {
    const std::string ptr = it_ptr + "/" + std::to_string(i);
    const json& it = need_object(its[i], ptr);
    info_type t;
    t.id = opt_string(it, "uuid", ptr);
    if (t.id.empty()) {
      t.id = "information-type-" + std::to_string(i);
    }
    claim(t.id, ptr + "/uuid");
    t.title = opt_string(it, "title", ptr);
    for (std::size_t o = 0; o < 3; ++o) {
      const std::string op = ptr + "/" + objectives[o];
      const json& imp = need_object(need(it, objectives[o], ptr), op);
      t.pointer[o] = op;
      t.base[o] = parse_level(need(imp, "base", op), op + "/base", o == 0, p.out.warnings);
      if (const json* sel = member(imp, "selected", op); sel != nullptr) {
        t.selected[o] = parse_level(*sel, op + "/selected", o == 0, p.out.warnings);
      }
      t.justification[o] = opt_string(imp, "adjustment-justification", op);
    }
    p.types.push_back(std::move(t));
  }
  // The model: information types processed by the system.
  model m("us-fips-199");
  std::string system_id = "system";
  const std::string system_name = opt_string(sc, "system-name", sc_ptr);
  struct component {
    std::string id, kind, name;
  };
  std::vector<component> components;
  std::size_t other_components = 0;
  const std::string impl_ptr = "/system-security-plan/system-implementation";
  if (const json* impl = member(ssp, "system-implementation", "/system-security-plan"); impl != nullptr) {
    if (const json* cs = member(*impl, "components", impl_ptr); cs != nullptr) {
      if (!cs->is_array()) {
        fail(impl_ptr + "/components", std::string("expected an array, found ") + cs->type_name());
      }
      for (std::size_t i = 0; i < cs->size(); ++i) {
        const std::string cp = impl_ptr + "/components/" + std::to_string(i);
        const json& c = need_object((*cs)[i], cp);
        const std::string type = opt_string(c, "type", cp);
        const std::string uuid = opt_string(c, "uuid", cp);
        if (uuid.empty()) {
          fail(cp, "missing 'uuid'");
        }
        if (const auto prev = uuid_at.find(uuid);
            prev != uuid_at.end() && prev->second.find("/components/") != std::string::npos) {
          // Two components with one uuid (FedRAMP's template repeats one): read once, said.
          p.out.warnings.push_back(cp + "/uuid: uuid '" + uuid + "' is used twice among the components (also at " +
                                   prev->second + "); read once");
          continue;
        }
        claim(uuid, cp + "/uuid");
        if (type == "this-system") {
          system_id = uuid;
          continue;
        }
        auto kind = kind_of(type);
        if (kind.empty()) {
          ++other_components;
          continue;
        }
        components.push_back({uuid, kind, opt_string(c, "title", cp)});
      }
    }
  }
  asset sys;
  sys.id = system_id;
  sys.kind = "application";
  sys.name = system_name;
  sys.own = classification::none(3);
  m.add_asset(sys);
  for (const auto& t : p.types) {
    asset a;
    a.id = t.id;
    a.kind = "information";
    a.name = t.title;
    a.own = classification::none(3);
    std::string just;
    for (std::size_t o = 0; o < 3; ++o) {
      a.own.set(o, t.selected[o] ? *t.selected[o] : t.base[o]);
      if (!t.justification[o].empty() && just.find(t.justification[o]) == std::string::npos) {
        just += (just.empty() ? "" : " ") + t.justification[o];
      }
    }
    a.justification = just;
    m.add_asset(a);
    m.add_dependency(a.id, system_id, "processed_by");
  }
  for (const auto& c : components) {
    asset a;
    a.id = c.id;
    a.kind = c.kind;
    a.name = c.name;
    a.own = classification::none(3);
    m.add_asset(a);
    m.add_dependency(system_id, a.id, "depends_on");
  }
  // What the model does not carry, counted.
  auto& sum = p.out.summary;
  sum.assets = m.size();
  sum.dependencies = m.num_dependencies();
  sum.leave_out(other_components, "component of another type (policy, process, guidance, ...)",
                "components of other types (policy, process, guidance, ...)");
  const auto count = [&](const json& parent, std::initializer_list<const char*> path) -> std::size_t {
    const json* j = &parent;
    for (const char* k : path) {
      if (!j->is_object() || !j->contains(k)) {
        return 0;
      }
      j = &(*j)[k];
    }
    return j->is_array() ? j->size() : j->is_object() ? 1 : 0;
  };
  sum.leave_out(count(ssp, {"control-implementation", "implemented-requirements"}), "implemented requirement",
                "implemented requirements");
  sum.leave_out(count(ssp, {"system-implementation", "users"}), "user", "users");
  sum.leave_out(count(ssp, {"system-implementation", "inventory-items"}), "inventory item", "inventory items");
  sum.leave_out(count(ssp, {"system-implementation", "leveraged-authorizations"}), "leveraged authorization",
                "leveraged authorizations");
  sum.leave_out(count(ssp, {"metadata", "parties"}), "party", "parties");
  sum.leave_out(count(ssp, {"metadata", "roles"}), "role", "roles");
  sum.leave_out(count(ssp, {"back-matter", "resources"}), "back-matter resource", "back-matter resources");
  p.out.m = std::move(m);
  p.out.system_id = system_id;
  return p;
}

// The vocabulary of a plan's level values: `fips-199-` or bare.
bool fips_prefixed(const json& v) { return v.is_string() && v.get<std::string>().rfind("fips-199-", 0) == 0; }

} // namespace

std::string oscal_level(level_t l) { return std::string("fips-199-") + level_names[std::min<level_t>(l, 2)]; }

oscal_format detect_oscal_format(std::string_view text) noexcept { return sniff(text); }

oscal_import import_oscal_ssp(std::string_view text) { return std::move(parse(text).out); }

namespace {

struct check_state {
  oscal_check_result r;
  parsed p;
};

check_state check(std::string_view text) {
  check_state st;
  st.p = parse(text);
  auto& r = st.r;
  auto& p = st.p;
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
  const json& sc = p.src.root["system-security-plan"]["system-characteristics"];
  const json* sil = member(sc, "security-impact-level", sc_ptr);
  if (sil == nullptr) {
    r.findings.push_back({sc_ptr, "no security-impact-level declared"});
  } else {
    const std::string sil_ptr = sc_ptr + "/security-impact-level";
    need_object(*sil, sil_ptr);
    for (std::size_t o = 0; o < 3; ++o) {
      const std::string ptr = sil_ptr + "/" + sil_keys[o];
      const json* d = member(*sil, sil_keys[o], sil_ptr);
      if (d == nullptr) {
        r.findings.push_back({ptr, "not declared; computed " + oscal_level(*computed[o])});
        continue;
      }
      auto declared = parse_level(*d, ptr, false, r.warnings);
      if (declared != *computed[o]) {
        r.findings.push_back({ptr, "declared " + oscal_level(declared) + ", computed " + oscal_level(*computed[o]) +
                                       " (high-water mark of the information types)"});
      }
    }
  }
  const std::string ssl_ptr = sc_ptr + "/security-sensitivity-level";
  const json* ssl = member(sc, "security-sensitivity-level", sc_ptr);
  if (ssl == nullptr) {
    r.findings.push_back({ssl_ptr, "no security-sensitivity-level declared"});
  } else {
    auto declared = parse_level(*ssl, ssl_ptr, false, r.warnings);
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
  return st;
}

// A scalar as the source's format writes it.
std::string literal(oscal_format f, const std::string& v) {
  if (f == oscal_format::json) {
    return json(v).dump();
  }
  return v; // level words need no quoting in YAML or XML
}

} // namespace

oscal_check_result check_oscal_ssp(std::string_view text) { return std::move(check(text).r); }

std::string update_oscal_ssp(std::string_view text) {
  auto st = check(text);
  const auto& r = st.r;
  const source& src = st.p.src;
  const json& sc = src.root["system-security-plan"]["system-characteristics"];
  const json* sil = member(sc, "security-impact-level", sc_ptr);
  const json* ssl = member(sc, "security-sensitivity-level", sc_ptr);
  // The plan's vocabulary: `fips-199-` prefixed unless every declared value is bare.
  bool prefixed = true;
  {
    bool any = false;
    bool all_prefixed = true;
    if (ssl != nullptr && ssl->is_string()) {
      any = true;
      all_prefixed &= fips_prefixed(*ssl);
    }
    if (sil != nullptr && sil->is_object()) {
      for (const auto* k : sil_keys) {
        if (sil->contains(k)) {
          any = true;
          all_prefixed &= fips_prefixed((*sil)[k]);
        }
      }
    }
    prefixed = !any || all_prefixed;
  }
  const auto word = [&](level_t l, const json* existing) {
    const bool pre = existing != nullptr && existing->is_string() ? fips_prefixed(*existing) : prefixed;
    return pre ? oscal_level(l) : std::string(level_names[std::min<level_t>(l, 2)]);
  };
  struct edit {
    std::size_t begin, end;
    std::string text;
  };
  std::vector<edit> edits;
  const auto replace = [&](const std::string& ptr, const std::string& value) {
    const auto it = src.values.find(ptr);
    if (it == src.values.end()) {
      fail(ptr, "cannot locate the value in the source to update it");
    }
    std::string v = literal(src.format, value);
    if (src.format == oscal_format::xml && it->second.begin == it->second.end) {
      // <x/>: written out as <x>value</x>.
      const auto el = src.elements.find(ptr);
      const std::string_view tag = text.substr(el->second.begin, el->second.end - el->second.begin);
      std::string name(tag.substr(1, tag.find_first_of(" \t\r\n/>", 1) - 1));
      edits.push_back({el->second.begin, el->second.end, "<" + name + ">" + v + "</" + name + ">"});
      return;
    }
    if (src.format == oscal_format::yaml) {
      // Keep the value's quoting.
      const char q = text[it->second.begin];
      if (q == '"' || q == '\'') {
        v = std::string(1, q) + v + std::string(1, q);
      }
    }
    edits.push_back({it->second.begin, it->second.end, v});
  };
  // Adds a member to the mapping at `ptr`, as the format writes it.
  const auto add = [&](const std::string& ptr, const std::string& key,
                       const std::vector<std::pair<std::string, std::string>>& inner, const std::string& value,
                       const std::string& before_sibling) {
    const auto pl = src.places.find(ptr);
    if (pl == src.places.end()) {
      fail(ptr, "cannot locate the mapping in the source to add '" + key + "'");
    }
    const auto& place = pl->second;
    const std::string& ind = place.indent;
    std::string t;
    switch (src.format) {
    case oscal_format::json: {
      if (inner.empty()) {
        t = "\n" + ind + json(key).dump() + ": " + json(value).dump();
      } else {
        std::string body;
        for (const auto& [k, v] : inner) {
          body += (body.empty() ? "" : ", ") + json(k).dump() + ": " + json(v).dump();
        }
        t = "\n" + ind + json(key).dump() + ": {" + body + "}";
      }
      t += place.empty ? "\n" : ",";
      edits.push_back({place.insert_at, place.insert_at, t});
      return;
    }
    case oscal_format::yaml: {
      t = key + ":";
      if (inner.empty()) {
        t += " " + value + "\n" + ind;
      } else {
        t += "\n";
        for (const auto& [k, v] : inner) {
          t += ind + "  " + k + ": " + v + "\n";
        }
        t += ind;
      }
      edits.push_back({place.insert_at, place.insert_at, t});
      return;
    }
    case oscal_format::xml: {
      std::size_t at = place.insert_at;
      std::string indent = ind;
      // OSCAL's XML order: before the named sibling where there is one.
      if (const auto sib = src.elements.find(ptr + "/" + before_sibling);
          !before_sibling.empty() && sib != src.elements.end()) {
        const std::size_t nl = text.rfind('\n', sib->second.begin);
        auto before = insertion_before(text, nl == std::string_view::npos ? 0 : nl + 1, sib->second.begin);
        at = before.insert_at;
        indent = std::move(before.indent);
      } else if (const auto self = src.elements.find(ptr); self != src.elements.end()) {
        // At the end: before the parent's end tag line (or the tag itself,
        // where other markup comes first on its line).
        const std::size_t close = text.rfind("</", self->second.end);
        const std::size_t nl = text.rfind('\n', close);
        at = nl == std::string_view::npos ? close : nl + 1;
        if (text.substr(at, close - at).find_first_not_of(" \t") != std::string_view::npos) {
          at = close;
        }
      }
      t = indent + "<" + key + ">";
      if (inner.empty()) {
        t += value;
      } else {
        t += "\n";
        for (const auto& [k, v] : inner) {
          t += indent + "    <" + k + ">" + v + "</" + k + ">\n";
        }
        t += indent;
      }
      t += "</" + key + ">\n";
      edits.push_back({at, at, t});
      return;
    }
    }
  };
  const std::optional<level_t> computed[] = {r.confidentiality, r.integrity, r.availability};
  const std::string sil_ptr = sc_ptr + "/security-impact-level";
  std::vector<std::string> unused;
  if (sil == nullptr) {
    std::vector<std::pair<std::string, std::string>> inner;
    for (std::size_t o = 0; o < 3; ++o) {
      inner.emplace_back(sil_keys[o], word(*computed[o], nullptr));
    }
    add(sc_ptr, "security-impact-level", inner, "", "status");
  } else {
    for (std::size_t o = 0; o < 3; ++o) {
      const json* d = member(*sil, sil_keys[o], sil_ptr);
      if (d == nullptr) {
        add(sil_ptr, sil_keys[o], {}, word(*computed[o], nullptr), o + 1 < 3 ? sil_keys[o + 1] : "");
      } else if (parse_level(*d, sil_ptr + "/" + sil_keys[o], false, unused) != *computed[o]) {
        replace(sil_ptr + "/" + sil_keys[o], word(*computed[o], d));
      }
    }
  }
  const std::string ssl_ptr = sc_ptr + "/security-sensitivity-level";
  if (ssl == nullptr) {
    add(sc_ptr, "security-sensitivity-level", {}, word(*r.sensitivity, nullptr), "system-information");
  } else if (parse_level(*ssl, ssl_ptr, false, unused) != *r.sensitivity) {
    replace(ssl_ptr, word(*r.sensitivity, ssl));
  }
  std::sort(edits.begin(), edits.end(), [](const edit& a, const edit& b) { return a.begin > b.begin; });
  std::string out(text);
  for (const auto& e : edits) {
    out.replace(e.begin, e.end - e.begin, e.text);
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::io
