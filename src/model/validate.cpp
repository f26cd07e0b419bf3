// SPDX-License-Identifier: Apache-2.0
// The rules a model's input must meet: asset ids, dates, override effects,
// and every field of a stand-alone asset against the model's scheme.
#include "infoclass/model.hpp"

#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"

#include "infoclass/version.hpp"
#include <array>
#include <string>

namespace infoclass::inline INFOCLASS_ABI {

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
  if (id.empty() || id.size() > max_id_bytes) {
    return false;
  }
  if (unicode::ascii(id)) {
    // Printable ASCII; no space at either end.
    for (const char c : id) {
      if (c < 0x20 || c == 0x7F) {
        return false;
      }
    }
    return id.front() != ' ' && id.back() != ' ';
  }
  if (!unicode::valid_utf8(id) || unicode::trim(id).size() != id.size()) {
    return false;
  }
  for (std::size_t i = 0; i < id.size();) {
    const auto c = static_cast<unsigned char>(id[i]);
    char32_t cp = c;
    std::size_t n = 1;
    if (c >= 0xF0) {
      cp = c & 0x07U;
      n = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0FU;
      n = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1FU;
      n = 2;
    }
    for (std::size_t k = 1; k < n; ++k) {
      cp = (cp << 6U) | (static_cast<unsigned char>(id[i + k]) & 0x3FU);
    }
    if (unicode::is_control(cp)) {
      return false;
    }
    i += n;
  }
  return true;
}

std::string_view asset_id_rule() noexcept {
  return "an asset id is 1..256 bytes of UTF-8 text without control characters and without white space at "
         "either end";
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

void model::validate_asset(const asset& a) const {
  const auto& s = *scheme_;
  if (!valid_asset_id(a.id)) {
    throw model_error(a.id.empty() ? std::string("(empty id)") : a.id, std::string(asset_id_rule()));
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
  if (!a.own.empty()) { // empty: unassessed (add_asset stores it so)
    check(a.own, "classification", true);
  }
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
  constexpr std::size_t max_text = detail::string_column::max_length;
  if (a.name.size() > max_text) {
    fail("name", "longer than 16 MiB");
  }
  if (a.justification.size() > max_text) {
    fail("justification", "longer than 16 MiB");
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

} // namespace infoclass::inline INFOCLASS_ABI
