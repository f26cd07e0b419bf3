// SPDX-License-Identifier: Apache-2.0
// Scheme presets and scheme look-ups.
//
// The preset texts are our own short summaries of the sources: SKL/SKR's KLASSA
// (se-klassa), MSB's model for classification (se-msb), BSI-Standard 200-2
// section 8.2 (de-bsi-200-2) and FIPS 199 (us-fips-199).
#include "infoclass/scheme.hpp"

#include "infoclass/unicode.hpp"

#include "infoclass/error.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

namespace infoclass::inline INFOCLASS_ABI {

std::string_view to_string(role r) noexcept {
  switch (r) {
  case role::confidentiality: return "confidentiality";
  case role::integrity: return "integrity";
  case role::availability: return "availability";
  case role::traceability: return "traceability";
  case role::other: break;
  }
  return "other";
}

std::optional<role> parse_role(std::string_view w) noexcept {
  static constexpr std::array<role, 5> all{role::confidentiality, role::integrity, role::availability,
                                           role::traceability, role::other};
  for (role r : all) {
    if (to_string(r) == w) {
      return r;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> scheme::find_property(std::string_view k) const {
  for (std::size_t i = 0; i < properties.size(); ++i) {
    if (properties[i].key == k) {
      return i;
    }
  }
  auto r = parse_role(k);
  if (!r || *r == role::other) {
    return std::nullopt;
  }
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < properties.size(); ++i) {
    if (properties[i].role == *r) {
      if (found) {
        return std::nullopt; // ambiguous
      }
      found = i;
    }
  }
  return found;
}

std::size_t scheme::property_index(std::string_view key_or_role) const {
  if (auto p = find_property(key_or_role)) {
    return *p;
  }
  std::string keys;
  for (const auto& pr : properties) {
    keys += (keys.empty() ? "" : ", ") + pr.key;
  }
  throw model_error(std::string(key_or_role), "not a property of scheme " + id + " (" + keys + " or a role word)");
}

const property_info& scheme::property(std::size_t p) const {
  if (p >= properties.size()) {
    throw model_error("property index " + std::to_string(p),
                      "out of range: scheme " + id + " has " + std::to_string(properties.size()) + " properties (0.." +
                          std::to_string(properties.size() - 1) + ")");
  }
  return properties[p];
}

std::optional<level_t> scheme::find_level(std::size_t p, std::string_view k) const {
  const auto& lv = property(p).levels;
  for (std::size_t i = 0; i < lv.size(); ++i) {
    if (lv[i].key == k) {
      return static_cast<level_t>(i);
    }
  }
  unsigned n = 0;
  auto [ptr, ec] = std::from_chars(k.data(), k.data() + k.size(), n);
  if (ec == std::errc{} && ptr == k.data() + k.size() && !k.empty() && n < lv.size()) {
    return static_cast<level_t>(n);
  }
  return std::nullopt;
}

std::optional<level_t> scheme::match_level(std::size_t p, std::string_view text) const {
  const std::string_view t = unicode::trim(text);
  if (auto l = find_level(p, t)) {
    return l;
  }
  const std::string f = unicode::fold(t);
  const auto& lv = property(p).levels;
  for (std::size_t i = 0; i < lv.size(); ++i) {
    for (const std::string* n : {&lv[i].key, &lv[i].name, &lv[i].name_en}) {
      if (!n->empty() && unicode::fold(*n) == f) {
        return static_cast<level_t>(i);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> scheme::match_property(std::string_view text) const {
  const std::string_view t = unicode::trim(text);
  if (auto p = find_property(t)) {
    return p;
  }
  const std::string f = unicode::fold(t);
  std::optional<std::size_t> found;
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const auto& pr = properties[p];
    const std::string role_word(to_string(pr.role));
    for (const std::string* n : {&pr.key, &pr.name, &pr.name_en, &role_word}) {
      if (!n->empty() && (pr.role != role::other || n != &role_word) && unicode::fold(*n) == f) {
        if (found && *found != p) {
          return std::nullopt; // ambiguous
        }
        found = p;
      }
    }
  }
  return found;
}

namespace {

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 32) {
    return false;
  }
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

} // namespace

void scheme::validate() const {
  if (id.empty() || id.size() > 64 ||
      !std::all_of(id.begin(), id.end(), [](char c) { return valid_key(std::string_view(&c, 1)) || c == '.'; })) {
    throw model_error("/scheme/id", "scheme id '" + id + "' must be 1..64 of [A-Za-z0-9._-]");
  }
  if (properties.empty() || properties.size() > max_properties) {
    throw model_error("/scheme/properties", "a scheme needs 1.." + std::to_string(max_properties) + " properties");
  }
  std::set<std::string> keys;
  std::map<role, int> roles;
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const auto& pr = properties[i];
    const std::string where = "/scheme/properties/" + std::to_string(i);
    if (!valid_key(pr.key)) {
      throw model_error(where + "/key", "property key '" + pr.key + "' must be 1..32 of [A-Za-z0-9_-]");
    }
    if (parse_role(pr.key)) {
      throw model_error(where + "/key", "property key '" + pr.key + "' must not be a role word");
    }
    if (!keys.insert(pr.key).second) {
      throw model_error(where + "/key", "duplicate property key '" + pr.key + "'");
    }
    if (pr.levels.size() < min_levels || pr.levels.size() > max_levels) {
      throw model_error(where + "/levels", "a property needs 2..8 levels");
    }
    std::set<std::string> lkeys;
    for (std::size_t l = 0; l < pr.levels.size(); ++l) {
      const auto& k = pr.levels[l].key;
      if (!valid_key(k)) {
        throw model_error(where + "/levels/" + std::to_string(l) + "/key",
                          "level key '" + k + "' must be 1..32 of [A-Za-z0-9_-]");
      }
      if (!lkeys.insert(k).second) {
        throw model_error(where + "/levels/" + std::to_string(l) + "/key", "duplicate level key '" + k + "'");
      }
      // A key that reads as a number must be that level's number, or
      // find_level() would be ambiguous.
      unsigned n = 0;
      auto [ptr, ec] = std::from_chars(k.data(), k.data() + k.size(), n);
      if (ec == std::errc{} && ptr == k.data() + k.size() && n != l) {
        throw model_error(where + "/levels/" + std::to_string(l) + "/key",
                          "numeric level key '" + k + "' must equal its position " + std::to_string(l));
      }
    }
  }
  if (separate_analysis_level) {
    for (const auto& pr : properties) {
      if (*separate_analysis_level >= pr.levels.size()) {
        throw model_error("/scheme/separate_analysis_level", "level outside the scale of property " + pr.key);
      }
    }
  }
  if (!non_information_floor.empty() && non_information_floor.size() != properties.size()) {
    throw model_error("/scheme", "built-in floor must name every property");
  }
}

namespace {

level_info lv(std::string key, std::string name, std::string name_en, std::string description) {
  return {std::move(key), std::move(name), std::move(name_en), std::move(description)};
}

property_info prop(std::string key, role r, std::string name, std::string name_en, std::vector<level_info> levels,
                   bool na = false) {
  property_info p;
  p.key = std::move(key);
  p.role = r;
  p.name = std::move(name);
  p.name_en = std::move(name_en);
  p.levels = std::move(levels);
  p.allows_not_applicable = na;
  return p;
}

std::vector<level_info> swedish_scale(std::size_t n) {
  std::vector<level_info> all{
      lv("negligible", "Ingen eller försumbar", "None or negligible",
         "Harm to the organisation, individuals or society is none or negligible."),
      lv("moderate", "Måttlig", "Moderate",
         "Harm is moderate and limited to part of the organisation or a few people."),
      lv("significant", "Betydande", "Significant",
         "Harm is significant: tasks are hampered, individuals are noticeably affected."),
      lv("serious", "Allvarlig", "Serious",
         "Harm is serious: essential tasks fail, individuals' health, safety or integrity are at stake."),
      lv("very_serious", "Synnerligen allvarlig", "Very serious",
         "Harm is very serious and may concern national security; a separate analysis is required."),
  };
  all.resize(n);
  return all;
}

scheme make_se_klassa() {
  scheme s;
  s.id = "se-klassa";
  s.name = "KLASSA informationsklassning";
  s.name_en = "KLASSA information classification";
  s.language = "sv";
  s.properties = {
      prop("K", role::confidentiality, "Konfidentialitet", "Confidentiality", swedish_scale(5)),
      prop("R", role::integrity, "Riktighet", "Integrity", swedish_scale(5)),
      prop("T", role::availability, "Tillgänglighet", "Availability", swedish_scale(5)),
      prop("S", role::traceability, "Spårbarhet", "Traceability", swedish_scale(5)),
  };
  s.separate_analysis_level = 4;
  return s;
}

scheme make_se_msb() {
  scheme s;
  s.id = "se-msb";
  s.name = "MSB:s modell för klassificering av information";
  s.name_en = "MSB model for classifying information";
  s.language = "sv";
  s.properties = {
      prop("K", role::confidentiality, "Konfidentialitet", "Confidentiality", swedish_scale(4)),
      prop("R", role::integrity, "Riktighet", "Integrity", swedish_scale(4)),
      prop("T", role::availability, "Tillgänglighet", "Availability", swedish_scale(4)),
  };
  return s;
}

scheme make_de_bsi() {
  std::vector<level_info> scale{
      lv("normal", "normal", "normal", "The damage is limited and manageable."),
      lv("high", "hoch", "high", "The damage can be considerable."),
      lv("very_high", "sehr hoch", "very high",
         "The damage can threaten the organisation's existence or be catastrophic."),
  };
  scheme s;
  s.id = "de-bsi-200-2";
  s.name = "BSI-Standard 200-2 Schutzbedarfskategorien";
  s.name_en = "BSI Standard 200-2 protection requirement categories";
  s.language = "de";
  s.properties = {
      prop("C", role::confidentiality, "Vertraulichkeit", "Confidentiality", scale),
      prop("I", role::integrity, "Integrität", "Integrity", scale),
      prop("A", role::availability, "Verfügbarkeit", "Availability", scale),
  };
  return s;
}

scheme make_us_fips() {
  std::vector<level_info> scale{
      lv("low", "Low", "Low", "A loss would have a limited adverse effect on operations, assets or individuals."),
      lv("moderate", "Moderate", "Moderate", "A loss would have a serious adverse effect."),
      lv("high", "High", "High", "A loss would have a severe or catastrophic adverse effect."),
  };
  scheme s;
  s.id = "us-fips-199";
  s.name = "FIPS 199 security categorization";
  s.name_en = "FIPS 199 security categorization";
  s.language = "en";
  s.properties = {
      prop("C", role::confidentiality, "Confidentiality", "Confidentiality", scale, true),
      prop("I", role::integrity, "Integrity", "Integrity", scale),
      prop("A", role::availability, "Availability", "Availability", scale),
  };
  s.non_information_floor = {level_t{0}, level_t{0}, level_t{0}};
  return s;
}

scheme make_threagile() {
  std::vector<level_info> conf{
      lv("public", "public", "public", "May be known by anyone."),
      lv("internal", "internal", "internal", "For the organisation's staff and partners."),
      lv("restricted", "restricted", "restricted", "For a limited group within the organisation."),
      lv("confidential", "confidential", "confidential", "Disclosure would cause serious harm."),
      lv("strictly-confidential", "strictly-confidential", "strictly confidential",
         "Disclosure would cause very serious harm."),
  };
  std::vector<level_info> crit{
      lv("archive", "archive", "archive", "Needed for archival purposes only."),
      lv("operational", "operational", "operational", "Needed for normal operations."),
      lv("important", "important", "important", "Important for the business."),
      lv("critical", "critical", "critical", "Critical for the business."),
      lv("mission-critical", "mission-critical", "mission critical", "The business fails without it."),
  };
  scheme s;
  s.id = "threagile";
  s.name = "Threagile CIA ratings";
  s.name_en = "Threagile CIA ratings";
  s.language = "en";
  s.properties = {
      prop("C", role::confidentiality, "Confidentiality", "Confidentiality", conf),
      prop("I", role::integrity, "Integrity", "Integrity", crit),
      prop("A", role::availability, "Availability", "Availability", crit),
  };
  return s;
}

const std::map<std::string, std::shared_ptr<const scheme>, std::less<>>& presets() {
  static const auto all = [] {
    std::map<std::string, std::shared_ptr<const scheme>, std::less<>> m;
    for (auto s : {make_se_klassa(), make_se_msb(), make_de_bsi(), make_us_fips(), make_threagile()}) {
      s.validate();
      auto id = s.id;
      m.emplace(id, std::make_shared<const scheme>(std::move(s)));
    }
    return m;
  }();
  return all;
}

} // namespace

std::shared_ptr<const scheme> scheme::preset(std::string_view id) {
  const auto& all = presets();
  auto it = all.find(id);
  if (it == all.end()) {
    std::string known;
    for (const auto& k : preset_ids()) {
      known += (known.empty() ? "" : ", ") + k;
    }
    throw model_error("/scheme", "unknown scheme preset '" + std::string(id) + "' (known: " + known + ")");
  }
  return it->second;
}

const std::vector<std::string>& scheme::preset_ids() {
  static const std::vector<std::string> ids{"se-klassa", "se-msb", "de-bsi-200-2", "us-fips-199", "threagile"};
  return ids;
}

bool scheme::is_preset() const {
  const auto& all = presets();
  auto it = all.find(id);
  return it != all.end() && *it->second == *this;
}

} // namespace infoclass::inline INFOCLASS_ABI
