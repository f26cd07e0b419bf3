#include "infoclass/io/csv.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "text.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace infoclass::io {

namespace {

std::string loc(std::string_view name, std::size_t line, std::size_t column) {
  return std::string(name) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

bool valid_utf8(std::string_view s, std::size_t& bad) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
    if (n == 4 || (n == 1 && c < 0xC2)) {
      bad = i;
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        bad = i;
        return false;
      }
    }
    i += n + 1;
  }
  return true;
}

} // namespace

csv_table parse_csv(std::string_view text, std::string_view name, const csv_options& options) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  std::size_t bad = 0;
  if (!valid_utf8(text, bad)) {
    std::size_t line = 1;
    std::size_t col = 1;
    for (std::size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw model_error(loc(name, line, col), "invalid UTF-8");
  }
  if (text.find('\0') != std::string_view::npos) {
    throw model_error(std::string(name), "NUL byte in CSV text");
  }
  if (text.size() > options.limits.max_bytes) {
    throw model_error(std::string(name), std::to_string(text.size()) + " bytes exceed the limit of " +
                                             std::to_string(options.limits.max_bytes) + " (read_limits::max_bytes)");
  }
  csv_table t;
  // Detect the delimiter from the header line, outside quotes.
  char delim = options.delimiter;
  if (delim == 0) {
    std::size_t commas = 0;
    std::size_t semis = 0;
    bool q = false;
    for (char c : text) {
      if (c == '"') {
        q = !q;
      } else if (!q && (c == '\n' || c == '\r')) {
        break;
      } else if (!q && c == ',') {
        ++commas;
      } else if (!q && c == ';') {
        ++semis;
      }
    }
    delim = semis > commas ? ';' : ',';
  }
  t.delimiter = delim;
  std::size_t line = 1;
  std::size_t col = 1;
  std::size_t i = 0;
  std::vector<csv_table::field> row;
  auto end_row = [&] {
    // A line that is entirely empty is skipped.
    if (!(row.size() == 1 && row[0].text.empty())) {
      t.rows.push_back(std::move(row));
    }
    row.clear();
  };
  while (i < text.size()) {
    csv_table::field f;
    f.line = line;
    f.column = col;
    if (text[i] == '"') {
      ++i;
      ++col;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i];
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            f.text += '"';
            i += 2;
            col += 2;
            continue;
          }
          ++i;
          ++col;
          closed = true;
          break;
        }
        if (c == '\n') {
          ++line;
          col = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
          ++col;
        }
        f.text += c; // kept as is (RFC 4180), also a CR LF pair: values round-trip exactly
        ++i;
      }
      if (!closed) {
        throw model_error(loc(name, f.line, f.column), "quoted field is not closed before the end of the file");
      }
      if (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r') {
        throw model_error(loc(name, line, col), "unexpected character after a closing quote");
      }
    } else {
      while (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '"') {
          throw model_error(loc(name, line, col), "quote inside an unquoted field (quote the whole field)");
        }
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
          ++col;
        }
        f.text += text[i++];
      }
    }
    if (f.text.size() > options.limits.max_string) {
      throw model_error(loc(name, f.line, f.column), "field longer than " + std::to_string(options.limits.max_string) +
                                                         " bytes (read_limits::max_string)");
    }
    row.push_back(std::move(f));
    if (i >= text.size()) {
      break;
    }
    if (text[i] == delim) {
      ++i;
      ++col;
      if (i >= text.size()) {
        row.push_back({"", line, col});
      }
      continue;
    }
    // line end
    if (text[i] == '\r') {
      ++i;
    }
    if (i < text.size() && text[i] == '\n') {
      ++i;
    }
    ++line;
    col = 1;
    end_row();
  }
  if (!row.empty()) {
    end_row();
  }
  return t;
}

namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

struct columns {
  std::map<std::string, std::size_t> index;
  std::size_t find(const std::string& k) const {
    auto it = index.find(k);
    return it == index.end() ? std::string::npos : it->second;
  }
};

columns header(const csv_table& t, std::string_view name, const std::set<std::string>& allowed,
               const std::vector<std::string>& required) {
  if (t.rows.empty()) {
    throw model_error(std::string(name), "empty file: expected a header line");
  }
  columns c;
  for (std::size_t i = 0; i < t.rows[0].size(); ++i) {
    const auto& f = t.rows[0][i];
    std::string k = trim(f.text);
    if (allowed.count(k) == 0) {
      std::string list;
      for (const auto& a : allowed) {
        list += (list.empty() ? "" : ", ") + a;
      }
      throw model_error(loc(name, f.line, f.column), "unknown column '" + k + "' (expected: " + list + ")");
    }
    if (!c.index.emplace(k, i).second) {
      throw model_error(loc(name, f.line, f.column), "column '" + k + "' appears twice");
    }
  }
  for (const auto& r : required) {
    if (c.index.count(r) == 0) {
      throw model_error(loc(name, 1, 1), "missing required column '" + r + "'");
    }
  }
  return c;
}

const csv_table::field* cell(const std::vector<csv_table::field>& row, std::size_t i) {
  return i < row.size() ? &row[i] : nullptr;
}

} // namespace

model read_csv(std::string_view assets_text, std::string_view deps_text, std::shared_ptr<const scheme> sp, policy pol,
               const csv_options& options, std::string_view assets_name, std::string_view deps_name) {
  const scheme& s = *sp;
  model m(sp, std::move(pol));
  auto at = parse_csv(assets_text, assets_name, options);
  std::set<std::string> allowed{"id",        "kind",       "name",     "owner",  "justification",
                                "review_by", "attributes", "measures", "answers"};
  for (const auto& p : s.properties) {
    allowed.insert(p.key);
    allowed.insert("implemented_" + p.key);
    allowed.insert("override_" + p.key);
    allowed.insert("override_" + p.key + "_effect");
    allowed.insert("override_" + p.key + "_justification");
  }
  if (at.rows.size() > options.limits.max_assets + 1) {
    throw model_error(std::string(assets_name), std::to_string(at.rows.size() - 1) + " assets exceed the limit of " +
                                                    std::to_string(options.limits.max_assets) +
                                                    " (read_limits::max_assets)");
  }
  auto cols = header(at, assets_name, allowed, {"id", "kind"});
  const std::size_t width = at.rows[0].size();
  for (std::size_t r = 1; r < at.rows.size(); ++r) {
    const auto& row = at.rows[r];
    if (row.size() != width) {
      throw model_error(loc(assets_name, row[0].line, row[0].column),
                        "row has " + std::to_string(row.size()) + " fields, the header " + std::to_string(width));
    }
    auto get = [&](const std::string& k) -> const csv_table::field* { return cell(row, cols.find(k)); };
    auto text = [&](const std::string& k) {
      const auto* f = get(k);
      return f ? trim(f->text) : std::string();
    };
    auto level_of = [&](std::size_t p, const csv_table::field& f, bool allow_na) -> level_t {
      std::string v = trim(f.text);
      if (v == "na" && allow_na) {
        return classification::not_applicable;
      }
      auto l = s.find_level(p, v);
      if (!l) {
        throw model_error(loc(assets_name, f.line, f.column), "'" + v + "' is not a level of property " +
                                                                  s.properties[p].key + " (0.." +
                                                                  std::to_string(s.levels(p) - 1) + " or a level key)");
      }
      return *l;
    };
    asset a;
    a.id = text("id");
    a.kind = text("kind");
    a.name = get("name") ? get("name")->text : std::string();
    a.owner = get("owner") ? get("owner")->text : std::string();
    a.justification = get("justification") ? get("justification")->text : std::string();
    a.review_by = text("review_by");
    a.own = classification(s.size());
    bool any_implemented = false;
    classification impl(s.size());
    for (std::size_t p = 0; p < s.size(); ++p) {
      const auto& key = s.properties[p].key;
      if (const auto* f = get(key); f && !trim(f->text).empty()) {
        a.own.set(p, level_of(p, *f, true));
      }
      if (const auto* f = get("implemented_" + key); f && !trim(f->text).empty()) {
        impl.set(p, level_of(p, *f, false));
        any_implemented = true;
      }
      if (const auto* f = get("override_" + key); f && !trim(f->text).empty()) {
        override_entry o;
        o.level = level_of(p, *f, false);
        std::string eff = text("override_" + key + "_effect");
        auto e = parse_override_effect(eff.empty() ? "manual" : eff);
        if (!e) {
          const auto* ef = get("override_" + key + "_effect");
          throw model_error(loc(assets_name, ef->line, ef->column),
                            "'" + eff + "' is not an override effect (cumulation, distribution, manual)");
        }
        o.effect = *e;
        const auto* jf = get("override_" + key + "_justification");
        o.justification = jf ? jf->text : std::string();
        a.overrides.emplace(p, std::move(o));
      }
    }
    if (any_implemented) {
      a.implemented = impl;
    }
    {
      // measures: ids separated by spaces
      std::string ms = text("measures");
      std::size_t pos = 0;
      while (pos < ms.size()) {
        auto end = ms.find(' ', pos);
        end = end == std::string::npos ? ms.size() : end;
        if (end > pos) {
          a.measures.push_back(ms.substr(pos, end - pos));
        }
        pos = end + 1;
      }
    }
    if (const auto* f = get("answers"); f && !trim(f->text).empty()) {
      try {
        auto j = nlohmann::json::parse(f->text);
        if (!j.is_object() || !j.contains("rules") || !j["rules"].is_string() || !j.contains("given") ||
            !j["given"].is_object()) {
          throw model_error(loc(assets_name, f->line, f->column),
                            "answers must be a JSON object {\"rules\": ..., \"given\": {...}}");
        }
        recorded_answers ra;
        ra.rules = j["rules"].get<std::string>();
        for (const auto& [q, v] : j["given"].items()) {
          if (!v.is_string()) {
            throw model_error(loc(assets_name, f->line, f->column), "answers: answer to '" + q + "' is not a string");
          }
          ra.given.emplace(q, v.get<std::string>());
        }
        a.answers = std::move(ra);
      } catch (const nlohmann::json::exception& e) {
        throw model_error(loc(assets_name, f->line, f->column), std::string("answers: ") + e.what());
      }
    }
    if (const auto* f = get("attributes"); f && !trim(f->text).empty()) {
      try {
        auto j = nlohmann::json::parse(f->text);
        if (!j.is_object()) {
          throw model_error(loc(assets_name, f->line, f->column), "attributes must be a JSON object");
        }
        for (const auto& [k, v] : j.items()) {
          a.attributes.emplace(k, v.dump());
        }
      } catch (const nlohmann::json::exception& e) {
        throw model_error(loc(assets_name, f->line, f->column), std::string("attributes: ") + e.what());
      }
    }
    try {
      m.add_asset(std::move(a));
    } catch (const model_error& e) {
      throw model_error(loc(assets_name, row[0].line, 1), e.what());
    }
  }
  if (!deps_text.empty()) {
    auto dt = parse_csv(deps_text, deps_name, options);
    if (dt.rows.size() > options.limits.max_dependencies + 1) {
      throw model_error(std::string(deps_name),
                        std::to_string(dt.rows.size() - 1) + " dependencies exceed the limit of " +
                            std::to_string(options.limits.max_dependencies) + " (read_limits::max_dependencies)");
    }
    auto dc = header(dt, deps_name, {"from", "to", "type", "group"}, {"from", "to", "type"});
    const std::size_t dw = dt.rows[0].size();
    for (std::size_t r = 1; r < dt.rows.size(); ++r) {
      const auto& row = dt.rows[r];
      if (row.size() != dw) {
        throw model_error(loc(deps_name, row[0].line, row[0].column),
                          "row has " + std::to_string(row.size()) + " fields, the header " + std::to_string(dw));
      }
      auto text = [&](const std::string& k) {
        const auto* f = cell(row, dc.find(k));
        return f ? trim(f->text) : std::string();
      };
      try {
        m.add_dependency(text("from"), text("to"), text("type"), text("group"));
      } catch (const model_error& e) {
        throw model_error(loc(deps_name, row[0].line, 1), e.what());
      }
    }
  }
  return m;
}

model load_csv(const std::filesystem::path& assets, const std::filesystem::path& dependencies,
               std::shared_ptr<const scheme> s, policy p, const csv_options& options) {
  const std::size_t max = options.limits.max_bytes;
  auto at = read_file(assets, max);
  std::string dt = dependencies.empty() ? std::string() : read_file(dependencies, max);
  return read_csv(at, dt, std::move(s), std::move(p), options, assets.string(), dependencies.string());
}

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

csv_files write_csv(const model& m, char d) {
  const auto& s = m.get_scheme();
  const std::string sep(1, d);
  csv_files out;
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
  head.push_back("attributes");
  head.push_back("measures");
  head.push_back("answers");
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
  out.dependencies = "from" + sep + "to" + sep + "type" + sep + "group\r\n";
  for (const auto& dep : m.dependencies()) {
    out.dependencies +=
        quote(dep.from, d) + sep + quote(dep.to, d) + sep + quote(dep.type, d) + sep + quote(dep.group, d) + "\r\n";
  }
  return out;
}

void save_csv(const model& m, const std::filesystem::path& dir, char delimiter) {
  auto files = write_csv(m, delimiter);
  write_file_atomic(dir / "assets.csv", files.assets);
  write_file_atomic(dir / "dependencies.csv", files.dependencies);
}

} // namespace infoclass::io
