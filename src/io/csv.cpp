// SPDX-License-Identifier: Apache-2.0
// CSV in: tables (from CSV text or a workbook's sheets) to a model. Headers
// in English or Swedish, properties by key, role or name, levels by number,
// key or name; every cell checked with its file, line and column.
#include "infoclass/io/csv.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "io/csv_rows.hpp"
#include "model/access.hpp"
#include "support/json_strict.hpp"
#include "support/text.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/unicode.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <deque>
#include <iconv.h>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {

std::string trim(std::string_view s) { return std::string(unicode::trim(s)); }

// What a column holds.
enum class field_kind {
  id,
  kind,
  name,
  owner,
  justification,
  review_by,
  attributes,
  measures,
  answers,
  level,
  implemented,
  override_level,
  override_effect,
  override_justification,
  attribute,
  from,
  to,
  type,
  group,
  need
};

struct column_role {
  field_kind kind = field_kind::id;
  std::size_t property = 0;
  std::string attribute; // for field_kind::attribute
};

// English field names and their Swedish equivalents, case-folded.
const std::vector<std::pair<std::string_view, field_kind>>& asset_words() {
  static const std::vector<std::pair<std::string_view, field_kind>> w{
      {"id", field_kind::id},
      {"kind", field_kind::kind},
      {"typ", field_kind::kind},
      {"name", field_kind::name},
      {"namn", field_kind::name},
      {"owner", field_kind::owner},
      {"\xC3\xA4gare", field_kind::owner}, // ägare
      {"justification", field_kind::justification},
      {"motivering", field_kind::justification},
      {"review_by", field_kind::review_by},
      {"granskas", field_kind::review_by},
      {"attributes", field_kind::attributes},
      {"attribut", field_kind::attributes},
      {"measures", field_kind::measures},
      {"\xC3\xA5tg\xC3\xA4rder", field_kind::measures}, // åtgärder
      {"answers", field_kind::answers},
      {"svar", field_kind::answers},
  };
  return w;
}

const std::vector<std::pair<std::string_view, field_kind>>& dependency_words() {
  static const std::vector<std::pair<std::string_view, field_kind>> w{
      {"from", field_kind::from},   {"fr\xC3\xA5n", field_kind::from}, // från
      {"to", field_kind::to},       {"till", field_kind::to},
      {"type", field_kind::type},   {"typ", field_kind::type},
      {"group", field_kind::group}, {"grupp", field_kind::group},
      {"need", field_kind::need},   {"kr\xC3\xA4ver", field_kind::need}, // kräver
  };
  return w;
}

std::optional<column_role> resolve_column(std::string_view header, const scheme* s, bool dependencies) {
  const std::string f = unicode::fold(header);
  constexpr std::string_view attr_prefix = "attribute:";
  if (!dependencies && f.substr(0, attr_prefix.size()) == attr_prefix) {
    const std::string name = trim(unicode::trim(header).substr(attr_prefix.size()));
    if (name.empty()) {
      return std::nullopt;
    }
    return column_role{field_kind::attribute, 0, name};
  }
  for (const auto& [w, k] : dependencies ? dependency_words() : asset_words()) {
    if (f == w) {
      return column_role{k, 0, {}};
    }
  }
  if (dependencies || s == nullptr) {
    return std::nullopt;
  }
  // implemented_K, override_K, override_K_effect, override_K_justification
  const auto prop = [&](std::string_view rest) { return s->match_property(rest); };
  const auto strip = [&](std::string_view pre, std::string_view suf) -> std::optional<std::size_t> {
    const std::string_view v = f;
    if (v.size() > pre.size() + suf.size() && v.substr(0, pre.size()) == pre &&
        v.substr(v.size() - suf.size()) == suf) {
      return prop(v.substr(pre.size(), v.size() - pre.size() - suf.size()));
    }
    return std::nullopt;
  };
  if (auto p = strip("implemented_", "")) {
    return column_role{field_kind::implemented, *p, {}};
  }
  if (auto p = strip("override_", "_effect")) {
    return column_role{field_kind::override_effect, *p, {}};
  }
  if (auto p = strip("override_", "_justification")) {
    return column_role{field_kind::override_justification, *p, {}};
  }
  if (auto p = strip("override_", "")) {
    return column_role{field_kind::override_level, *p, {}};
  }
  if (auto p = s->match_property(header)) {
    return column_role{field_kind::level, *p, {}};
  }
  return std::nullopt;
}

struct columns {
  std::vector<std::optional<column_role>> roles; // by column
  std::vector<std::string> headers;              // as written
  // Column of a field kind (first), or npos.
  [[nodiscard]] std::size_t find(field_kind k, std::size_t property = 0) const {
    for (std::size_t i = 0; i < roles.size(); ++i) {
      if (roles[i] && roles[i]->kind == k && roles[i]->property == property) {
        return i;
      }
    }
    return std::string::npos;
  }
};

using detail::cell;
using detail::row_cells;

std::string where(const std::string& table, std::size_t line) { return table + ":" + std::to_string(line); }

// The header: the first row of `t` (a csv_reader or a table_reader).
template <class Rows> columns header(Rows& t, const scheme* s, bool dependencies, const csv_options& options) {
  row_cells first;
  if (!t.next(first)) {
    throw model_error(t.name(), "empty file: expected a header line");
  }
  columns c;
  for (const auto& f : first) {
    const std::string h = trim(f.text);
    std::string target = h;
    // --columns: the user's header -> a field name (case-folded match).
    for (const auto& [from, to] : options.columns) {
      if (unicode::fold(from) == unicode::fold(h)) {
        target = to;
      }
    }
    auto role = resolve_column(target, s, dependencies);
    if (!role) {
      std::string expected = dependencies
                                 ? "from (fr\xC3\xA5n), to (till), type (typ), group (grupp), need (kr\xC3\xA4ver)"
                                 : "id, kind (typ), name (namn), owner (\xC3\xA4gare), a property by key, "
                                   "role or name, justification (motivering), review_by (granskas), "
                                   "implemented_<property>, override_<property>[_effect|_justification], "
                                   "attributes, measures, answers";
      throw model_error(where(t.name(), f.line) + ": column '" + h + "'",
                        "unknown column (expected " + expected + "; map it with --columns '" + h +
                            "=FIELD', or keep it as an attribute with --columns '" + h + "=attribute:" + h + "')");
    }
    for (std::size_t i = 0; i < c.roles.size(); ++i) {
      if (c.roles[i]->kind == role->kind && c.roles[i]->property == role->property &&
          c.roles[i]->attribute == role->attribute) {
        throw model_error(where(t.name(), f.line) + ": column '" + h + "'",
                          "the same field as column '" + c.headers[i] + "'");
      }
    }
    c.roles.push_back(std::move(role));
    c.headers.push_back(h);
  }
  return c;
}

void require(const std::string& table, const columns& c, field_kind k, const char* name) {
  if (c.find(k) == std::string::npos) {
    throw model_error(where(table, 1), std::string("missing required column '") + name + "'");
  }
}

bool blank(const row_cells& row) {
  return std::all_of(row.begin(), row.end(), [](const cell& f) { return unicode::trim(f.text).empty(); });
}

// The rows of `t` that are not blank (read_limits), counted on from `counted`
// to the end: the limit's message states how many the table has.
template <class Rows> std::size_t count_rest(Rows& t, row_cells& row, std::size_t counted) {
  while (t.next(row)) {
    counted += blank(row) ? 0 : 1;
  }
  return counted;
}

// Dependency rows added to a model a batch at a time through the bulk API
// (ids looked up as they are read, type and group names coded). A batch the
// model refuses (all or nothing) is added again row by row with
// add_dependency, so that the error is its message for the first bad row,
// with that row's line.
class dependency_batch {
public:
  dependency_batch(model& m, const std::string& table)
      : m_(m), ids_(infoclass::detail::model_access::ids(m)), table_(table) {}
  /// A row; its ids are looked up with the next few rows' (their slots in
  /// the model's id table asked into the cache first: the table is large and
  /// the order random).
  void push(std::string_view from, std::string_view to, std::string_view type, std::string_view group,
            std::uint32_t need, std::size_t line) {
    auto& p = pending_[waiting_++];
    p.from.assign(from);
    p.to.assign(to);
    type_.push_back(code(types_, type));
    group_.push_back(group.empty() ? model::npos : code(groups_, group));
    need_.push_back(need);
    line_.push_back(line);
    if (waiting_ == pending_.size()) {
      resolve();
      if (line_.size() >= batch_rows) {
        add_resolved();
      }
    }
  }
  /// Adds every row pushed (an error of an earlier row comes first).
  void flush() {
    resolve();
    add_resolved();
  }

private:
  // Adds the rows pushed, every one resolved.
  void add_resolved() {
    if (line_.empty()) {
      return;
    }
    model::dependency_columns c;
    c.from = from_;
    c.to = to_;
    c.type = type_;
    c.type_names = types_.views;
    c.group = group_;
    c.group_names = groups_.views;
    if (std::any_of(need_.begin(), need_.end(), [](std::uint32_t k) { return k != 0; })) {
      c.need = need_;
    }
    bool added = true;
    try {
      m_.add_dependencies(c);
    } catch (const model_error&) {
      added = false; // nothing was added
    }
    for (std::size_t r = 0; !added && r < line_.size(); ++r) {
      try {
        m_.add_dependency(from_[r], to_[r], types_.views[type_[r]],
                          group_[r] == model::npos ? std::string_view() : groups_.views[group_[r]], need_[r]);
      } catch (const model_error& e) {
        throw model_error(where(table_, line_[r]), e.what());
      }
    }
    from_.clear();
    to_.clear();
    type_.clear();
    group_.clear();
    need_.clear();
    line_.clear();
  }

  static constexpr std::size_t batch_rows = 1 << 16;
  struct ids_of_row {
    std::string from, to;
  };
  // The ids of the rows waiting, looked up; a row naming an unknown asset is
  // added alone, after the rows before it, for add_dependency's message.
  void resolve() {
    const std::size_t first = line_.size() - waiting_;
    for (std::size_t k = 0; k < waiting_; ++k) {
      text_[2 * k] = pending_[k].from;
      text_[2 * k + 1] = pending_[k].to;
    }
    infoclass::detail::model_access::find_ids(m_, *ids_, text_, 2 * waiting_, found_);
    const std::size_t n = waiting_;
    waiting_ = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const auto f = found_[2 * k];
      const auto t = found_[2 * k + 1];
      if (f == infoclass::detail::id_table::none || t == infoclass::detail::id_table::none) {
        // The rows before it added first; then add_dependency names the
        // unknown asset (and throws: the asset is unknown).
        const std::size_t r = first + k;
        const auto line = line_[r];
        const auto type = types_.views[type_[r]];
        const auto group = group_[r] == model::npos ? std::string_view() : groups_.views[group_[r]];
        const auto need = need_[r];
        type_.resize(r);
        group_.resize(r);
        need_.resize(r);
        line_.resize(r);
        flush();
        try {
          m_.add_dependency(pending_[k].from, pending_[k].to, type, group, need);
        } catch (const model_error& e) {
          throw model_error(where(table_, line), e.what());
        }
        throw model_error(where(table_, line), "an unknown asset"); // not reached: add_dependency refuses it
      }
      from_.push_back(f);
      to_.push_back(t);
    }
  }
  // Distinct names with their codes; the views are of strings a deque keeps in place.
  struct names {
    struct hash {
      using is_transparent = void;
      std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::deque<std::string> text;
    std::vector<std::string_view> views;
    std::unordered_map<std::string_view, std::uint32_t, hash, std::equal_to<>> codes;
  };
  static std::uint32_t code(names& n, std::string_view s) {
    if (const auto it = n.codes.find(s); it != n.codes.end()) {
      return it->second;
    }
    const auto c = static_cast<std::uint32_t>(n.views.size());
    n.views.emplace_back(n.text.emplace_back(s));
    n.codes.emplace(n.views.back(), c);
    return c;
  }
  model& m_;
  std::shared_ptr<const infoclass::detail::id_table> ids_;
  const std::string& table_;
  std::array<ids_of_row, 16> pending_;
  std::array<std::string_view, 32> text_{}; // views of pending_
  std::array<std::uint32_t, 32> found_{};
  std::size_t waiting_ = 0;
  std::vector<std::uint32_t> from_, to_, type_, group_, need_;
  std::vector<std::size_t> line_;
  names types_, groups_;
};

// The model of an assets table and an optional dependencies table, read a
// row at a time from `at` and `dt` (csv_reader or table_reader).
template <class Rows>
model build_from_tables(Rows& at, Rows* dt, const std::shared_ptr<const scheme>& sp, policy pol,
                        const csv_options& options) {
  const scheme& s = *sp;
  model m(sp, std::move(pol));
  auto cols = header(at, &s, false, options);
  require(at.name(), cols, field_kind::id, "id");
  require(at.name(), cols, field_kind::kind, "kind");
  const std::size_t width = cols.roles.size();
  std::size_t rows = 0;
  std::size_t skipped = 0;
  row_cells row;
  while (at.next(row)) {
    if (blank(row)) {
      ++skipped;
      continue;
    }
    if (++rows > options.limits.max_assets) {
      throw model_error(at.name(), std::to_string(count_rest(at, row, rows)) + " assets exceed the limit of " +
                                       std::to_string(options.limits.max_assets) + " (read_limits::max_assets)");
    }
    const std::size_t line = row[0].line;
    if (row.size() > width) {
      throw model_error(where(at.name(), line),
                        "row has " + std::to_string(row.size()) + " fields, the header " + std::to_string(width));
    }
    // A cell by column; rows shorter than the header (a spreadsheet leaves
    // trailing cells out) read as empty.
    const auto text_at = [&](std::size_t i) { return i < row.size() ? row[i].text : std::string_view(); };
    const auto fail = [&](std::size_t col, const std::string& why) {
      throw model_error(where(at.name(), line) + ": column '" + cols.headers[col] + "'", why);
    };
    // A cell holding JSON (answers, attributes) is read by the strict parser
    // under the reader's limits, as deep as a model file can hold it: the
    // cell's object sits 3 levels down there (the top object, the assets
    // list, the asset), so 3 levels less than read_limits::max_depth (or
    // io::max_supported_depth). A repeated key is an error, not the last one kept.
    const auto json_cell = [&](std::size_t col, std::string_view raw) {
      constexpr std::size_t above = 3;
      const std::size_t model_depth = std::min(options.limits.max_depth, max_supported_depth);
      read_limits in_cell = options.limits;
      in_cell.max_depth = model_depth > above ? model_depth - above : 0;
      try {
        return detail::parse_json_strict(raw, in_cell);
      } catch (const model_error& e) {
        std::string why = "JSON in the cell: " + std::string(e.what());
        if (e.reason().rfind("nesting deeper", 0) == 0) {
          why += " (a model file holds the cell's object 3 levels down, within read_limits::max_depth " +
                 std::to_string(model_depth) + ")";
        }
        throw model_error(where(at.name(), line) + ": column '" + cols.headers[col] + "'", why);
      }
    };
    const auto level_of = [&](std::size_t col, std::size_t p, bool allow_na) -> level_t {
      const std::string v = trim(text_at(col));
      if (allow_na && v.size() <= 8 && unicode::fold(v) == "na") { // (a level name or number is what is longer)
        return classification::not_applicable;
      }
      auto l = s.match_level(p, v);
      if (!l) {
        std::string names;
        for (const auto& lv : s.properties[p].levels) {
          names += (names.empty() ? "" : ", ") + lv.name;
        }
        fail(col, "'" + v + "' is not a level of property " + s.properties[p].key + " (0.." +
                      std::to_string(s.levels(p) - 1) + ", a level key or a level name: " + names + ")");
      }
      return *l;
    };
    asset a;
    a.own = classification::none(s.size());
    auto impl = classification::none(s.size());
    bool any_implemented = false;
    std::map<std::size_t, override_entry> overrides;
    std::map<std::size_t, std::size_t> effect_col;
    std::set<std::size_t> with_level;
    for (std::size_t i = 0; i < cols.roles.size(); ++i) {
      const auto& role = *cols.roles[i];
      const std::string_view raw = text_at(i);
      const std::string v = trim(raw);
      switch (role.kind) {
      case field_kind::id: a.id = v; break;
      case field_kind::kind: a.kind = v; break;
      case field_kind::name: a.name = raw; break;
      case field_kind::owner: a.owner = raw; break;
      case field_kind::justification: a.justification = raw; break;
      case field_kind::review_by: a.review_by = v; break;
      case field_kind::level:
        if (!v.empty()) {
          a.own.set(role.property, level_of(i, role.property, true));
        }
        break;
      case field_kind::implemented:
        if (!v.empty()) {
          impl.set(role.property, level_of(i, role.property, false));
          any_implemented = true;
        }
        break;
      case field_kind::override_level:
        if (!v.empty()) {
          overrides[role.property].level = level_of(i, role.property, false);
          with_level.insert(role.property);
        }
        break;
      case field_kind::override_effect:
        if (!v.empty()) {
          auto e = parse_override_effect(unicode::fold(v));
          if (!e) {
            fail(i, "'" + v + "' is not an override effect (cumulation, distribution, manual)");
          }
          overrides[role.property].effect = *e;
          effect_col[role.property] = i;
        }
        break;
      case field_kind::override_justification:
        if (!v.empty()) {
          overrides[role.property].justification = raw;
        }
        break;
      case field_kind::measures: {
        std::size_t pos = 0;
        while (pos < v.size()) {
          auto end = v.find(' ', pos);
          end = end == std::string::npos ? v.size() : end;
          if (end > pos) {
            a.measures.push_back(v.substr(pos, end - pos));
          }
          pos = end + 1;
        }
        break;
      }
      case field_kind::answers:
        if (!v.empty()) {
          try {
            const nlohmann::json j = json_cell(i, raw);
            if (!j.is_object() || !j.contains("rules") || !j["rules"].is_string() || !j.contains("given") ||
                !j["given"].is_object()) {
              fail(i, R"(answers must be a JSON object {"rules": ..., "given": {...}})");
            }
            for (const auto& [key, value] : j.items()) {
              if (key != "rules" && key != "given") {
                fail(i, "answers: unknown field '" + key + "' (rules and given only)");
              }
            }
            recorded_answers ra;
            ra.rules = j["rules"].get<std::string>();
            for (const auto& [q, ans] : j["given"].items()) {
              if (!ans.is_string()) {
                fail(i, "answer to '" + q + "' is not a string");
              }
              ra.given.emplace(q, ans.template get<std::string>());
            }
            a.answers = std::move(ra);
          } catch (const nlohmann::json::exception& e) {
            fail(i, e.what());
          }
        }
        break;
      case field_kind::attributes:
        if (!v.empty()) {
          try {
            const nlohmann::json j = json_cell(i, raw);
            if (!j.is_object()) {
              fail(i, "attributes must be a JSON object");
            }
            for (const auto& [k, val] : j.items()) {
              a.attributes[k] = val.dump();
            }
          } catch (const nlohmann::json::exception& e) {
            fail(i, e.what());
          }
        }
        break;
      case field_kind::attribute:
        if (!v.empty()) {
          a.attributes[role.attribute] = nlohmann::json(std::string(raw)).dump();
        }
        break;
      case field_kind::from:
      case field_kind::to:
      case field_kind::type:
      case field_kind::group:
      case field_kind::need: break;
      }
    }
    for (auto& [p, o] : overrides) {
      if (with_level.count(p) == 0) {
        const auto col = effect_col.count(p) ? effect_col[p] : cols.find(field_kind::override_justification, p);
        fail(col, "an override effect or justification without an override level");
      }
      a.overrides.emplace(p, std::move(o));
    }
    if (any_implemented) {
      a.implemented = impl;
    }
    if (a.id.empty()) {
      fail(cols.find(field_kind::id), "empty id in a row that is not empty");
    }
    try {
      m.add_asset(std::move(a));
    } catch (const model_error& e) {
      throw model_error(where(at.name(), line), e.what());
    }
  }
  if (options.summary != nullptr) {
    options.summary->leave_out(skipped, skipped == 1 ? "empty row" : "empty rows");
  }
  if (dt != nullptr) {
    auto dc = header(*dt, nullptr, true, options);
    require(dt->name(), dc, field_kind::from, "from");
    require(dt->name(), dc, field_kind::to, "to");
    require(dt->name(), dc, field_kind::type, "type");
    const std::size_t dw = dc.roles.size();
    std::size_t drows = 0;
    std::size_t dskipped = 0;
    dependency_batch batch(m, dt->name());
    while (dt->next(row)) {
      if (blank(row)) {
        ++dskipped;
        continue;
      }
      if (++drows > options.limits.max_dependencies) {
        throw model_error(dt->name(),
                          std::to_string(count_rest(*dt, row, drows)) + " dependencies exceed the limit of " +
                              std::to_string(options.limits.max_dependencies) + " (read_limits::max_dependencies)");
      }
      if (row.size() > dw) {
        batch.flush(); // an error of an earlier row first
        throw model_error(where(dt->name(), row[0].line),
                          "row has " + std::to_string(row.size()) + " fields, the header " + std::to_string(dw));
      }
      const auto view = [&](field_kind k) {
        const auto i = dc.find(k);
        return i < row.size() ? unicode::trim(row[i].text) : std::string_view();
      };
      // need: k of the group's members, a whole number >= 1; empty = not stated.
      std::uint32_t need = 0;
      if (const auto k = trim(view(field_kind::need)); !k.empty()) {
        const auto col = dc.find(field_kind::need);
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), v);
        if (ec != std::errc() || end != k.data() + k.size() || v < 1 || v > max_need) {
          batch.flush(); // an error of an earlier row first
          throw model_error(where(dt->name(), row[col].line) + ": column '" + dc.headers[col] + "'",
                            "need '" + k + "' is not a whole number of members from 1 to " + std::to_string(max_need));
        }
        need = static_cast<std::uint32_t>(v);
      }
      batch.push(view(field_kind::from), view(field_kind::to), view(field_kind::type), view(field_kind::group), need,
                 row[0].line);
    }
    batch.flush();
    try {
      m.check_groups();
    } catch (const model_error& e) {
      throw model_error(dt->name(), e.what());
    }
    if (options.summary != nullptr && dskipped != 0) {
      options.summary->leave_out(dskipped, dskipped == 1 ? "empty dependency row" : "empty dependency rows");
    }
  }
  if (options.summary != nullptr) {
    options.summary->assets = m.size();
    options.summary->dependencies = m.num_dependencies();
  }
  return m;
}

} // namespace

std::optional<csv_field> csv_column(std::string_view header, const scheme& s, bool dependencies) {
  auto role = resolve_column(header, &s, dependencies);
  if (!role) {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 20> names{"id",
                                                          "kind",
                                                          "name",
                                                          "owner",
                                                          "justification",
                                                          "review_by",
                                                          "attributes",
                                                          "measures",
                                                          "answers",
                                                          "level",
                                                          "implemented",
                                                          "override",
                                                          "override_effect",
                                                          "override_justification",
                                                          "attribute",
                                                          "from",
                                                          "to",
                                                          "type",
                                                          "group",
                                                          "need"};
  return csv_field{std::string(names.at(static_cast<std::size_t>(role->kind))), role->property, role->attribute};
}

model read_tables(const csv_table& assets, const csv_table* dependencies, const std::shared_ptr<const scheme>& s,
                  policy p, const csv_options& options) {
  detail::table_reader at(assets);
  if (dependencies == nullptr) {
    return build_from_tables<detail::table_reader>(at, nullptr, s, std::move(p), options);
  }
  detail::table_reader dt(*dependencies);
  return build_from_tables(at, &dt, s, std::move(p), options);
}

// Read as lexed: the cells of one row at a time, as views of the text.
model read_csv(std::string_view assets, std::string_view dependencies, const std::shared_ptr<const scheme>& s, policy p,
               const csv_options& options, std::string_view assets_name, std::string_view dependencies_name) {
  detail::csv_reader at(assets, assets_name, options);
  if (dependencies.empty()) {
    return build_from_tables<detail::csv_reader>(at, nullptr, s, std::move(p), options);
  }
  detail::csv_reader dt(dependencies, dependencies_name, options);
  return build_from_tables(at, &dt, s, std::move(p), options);
}

model load_csv(const std::filesystem::path& assets, const std::filesystem::path& dependencies,
               const std::shared_ptr<const scheme>& s, policy p, const csv_options& options) {
  const std::size_t max = options.limits.max_bytes;
  auto at = read_file(assets, max);
  std::string dt = dependencies.empty() ? std::string() : read_file(dependencies, max);
  return read_csv(at, dt, s, std::move(p), options, assets.string(), dependencies.string());
}

} // namespace infoclass::inline INFOCLASS_ABI::io
