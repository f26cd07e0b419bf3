// SPDX-License-Identifier: Apache-2.0
// CSV out: the model as assets.csv and dependencies.csv (plain or as Excel
// opens it: UTF-8 with BOM, ';' and CRLF), written atomically.
#include "infoclass/io/csv.hpp"

#include "infoclass/io/file.hpp"
#include "infoclass/io/json.hpp"
#include "support/text.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <algorithm>
#include <string>

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {

std::string quote(std::string_view f, char delim) { return detail::csv_quote(f, delim); }

std::string level_text(const classification& c, std::size_t p) {
  if (c.is_not_applicable(p)) {
    return "na";
  }
  auto l = c.get(p);
  return l ? std::to_string(*l) : std::string();
}

} // namespace

csv_files write_csv(const model& m, char d, bool excel) {
  const auto& s = m.get_scheme();
  const std::string sep(1, d);
  csv_files out;
  if (excel) {
    out.assets = "\xEF\xBB\xBF"; // UTF-8 byte order mark: Excel reads the file as UTF-8
    out.dependencies = "\xEF\xBB\xBF";
  }
  std::vector<std::string> head{"id", "kind", "name", "owner"};
  for (const auto& p : s.properties) {
    head.push_back(p.key);
  }
  head.insert(head.end(), {"justification", "review_by"});
  for (const auto& p : s.properties) {
    head.push_back("implemented_" + p.key);
  }
  for (const auto& p : s.properties) {
    head.insert(head.end(),
                {"override_" + p.key, "override_" + p.key + "_effect", "override_" + p.key + "_justification"});
  }
  head.emplace_back("attributes");
  head.emplace_back("measures");
  head.emplace_back("answers");
  for (std::size_t i = 0; i < head.size(); ++i) {
    out.assets += (i ? sep : "") + head[i];
  }
  out.assets += "\r\n";
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& a = m[v];
    std::vector<std::string> f{a.id, a.kind, a.name, a.owner};
    for (std::size_t p = 0; p < s.size(); ++p) {
      f.push_back(level_text(a.own, p));
    }
    f.insert(f.end(), {a.justification, a.review_by});
    for (std::size_t p = 0; p < s.size(); ++p) {
      f.push_back(a.implemented ? level_text(*a.implemented, p) : std::string());
    }
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto it = a.overrides.find(p);
      if (it == a.overrides.end()) {
        f.insert(f.end(), {"", "", ""});
      } else {
        f.insert(f.end(), {std::to_string(it->second.level), std::string(to_string(it->second.effect)),
                           it->second.justification});
      }
    }
    std::string attrs;
    if (!a.attributes.empty()) {
      nlohmann::ordered_json j = nlohmann::ordered_json::object();
      for (const auto& [k, text] : a.attributes) {
        j[k] = nlohmann::ordered_json::parse(text);
      }
      attrs = j.dump();
    }
    f.push_back(attrs);
    std::string ms;
    for (const auto& x : a.measures) {
      ms += (ms.empty() ? "" : " ") + x;
    }
    f.push_back(ms);
    std::string an;
    if (a.answers) {
      nlohmann::ordered_json j = nlohmann::ordered_json::object();
      j["rules"] = a.answers->rules;
      j["given"] = nlohmann::ordered_json::object();
      for (const auto& [q, ans] : a.answers->given) {
        j["given"][q] = ans;
      }
      an = j.dump();
    }
    f.push_back(an);
    for (std::size_t i = 0; i < f.size(); ++i) {
      out.assets += (i ? sep : "") + quote(f[i], d);
    }
    out.assets += "\r\n";
  }
  // A `need` column where some redundancy group states one.
  const auto deps = m.dependencies();
  const bool need = std::any_of(deps.begin(), deps.end(), [](const auto& x) { return x.need != 0; });
  out.dependencies += "from" + sep + "to" + sep + "type" + sep + "group" + (need ? sep + "need" : "") + "\r\n";
  for (const auto& dep : deps) {
    out.dependencies +=
        quote(dep.from, d) + sep + quote(dep.to, d) + sep + quote(dep.type, d) + sep + quote(dep.group, d) +
        (need ? sep + (dep.need != 0 ? std::to_string(dep.need) : std::string()) : std::string()) + "\r\n";
  }
  return out;
}

void save_csv(const model& m, const std::filesystem::path& dir, char delimiter, bool excel) {
  auto files = write_csv(m, delimiter, excel);
  const std::pair<std::filesystem::path, std::string_view> both[] = {{dir / "assets.csv", files.assets},
                                                                     {dir / "dependencies.csv", files.dependencies}};
  write_files_atomic(both); // neither replaced unless both are written whole
}

} // namespace infoclass::inline INFOCLASS_ABI::io
