// SPDX-License-Identifier: Apache-2.0
#include "infoclass/io/threagile.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/limits.hpp"
#include "infoclass/unicode.hpp"
#include "io/yaml.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {

using detail::ynode;

// A ynode with the file it came from (includes bring in other files).
struct located {
  const ynode* n = nullptr;
  std::string file;
  const ynode* parent = nullptr; ///< where an absent value is reported
};

struct reader {
  [[noreturn]] static void fail(const located& at, const std::string& path, const std::string& why) {
    const ynode* n = at.n->line == 0 && at.parent != nullptr ? at.parent : at.n;
    throw model_error(n->line == 0 ? at.file : at.file + ":" + n->where(), path + ": " + why);
  }

  static located child(const located& at, std::string_view key) {
    const ynode* c = at.n->is_map() ? at.n->get(key) : nullptr;
    static const ynode null_node;
    if (c == nullptr) {
      // Absent: reported at the parent's position.
      return {&null_node, at.file, at.n};
    }
    return {c, at.file, at.n};
  }

  static std::string text(const located& n, const std::string& path, bool required = false) {
    if (n.n->is_null()) {
      if (required) {
        fail(n, path, "missing");
      }
      return {};
    }
    if (!n.n->is_scalar()) {
      fail(n, path, "expected a text value");
    }
    return n.n->text;
  }

  static std::vector<located> list(const located& n, const std::string& path) {
    std::vector<located> out;
    if (n.n->is_null()) {
      return out;
    }
    if (!n.n->is_seq()) {
      fail(n, path, "expected a list");
    }
    for (const auto& item : n.n->items) {
      out.push_back({&item, n.file});
    }
    return out;
  }

  // The CIA rating of a data or technical asset: level keys, case-insensitive
  // as in Threagile; a number is not a rating.
  static classification rating(const scheme& s, const located& n, const std::string& path) {
    auto c = classification::none(3);
    const char* fields[] = {"confidentiality", "integrity", "availability"};
    for (std::size_t p = 0; p < 3; ++p) {
      const auto f = child(n, fields[p]);
      const auto v = text(f, path + "/" + fields[p]);
      if (v.empty()) {
        continue;
      }
      std::string keys;
      for (const auto& lv : s.properties[p].levels) {
        keys += (keys.empty() ? "" : ", ") + lv.key;
      }
      if (f.n->is_number()) {
        fail(f, path + "/" + fields[p], "'" + v + "' is a number, not a Threagile rating (" + keys + ")");
      }
      std::optional<level_t> l;
      const std::string folded = unicode::fold(v);
      for (std::size_t i = 0; i < s.properties[p].levels.size(); ++i) {
        if (unicode::fold(s.properties[p].levels[i].key) == folded) {
          l = static_cast<level_t>(i);
        }
      }
      if (!l) {
        fail(f, path + "/" + fields[p], "'" + v + "' is not a Threagile rating (" + keys + ")");
      }
      c.set(p, *l);
    }
    return c;
  }
};

nlohmann::ordered_json to_json(const ynode& n) {
  switch (n.t) {
  case ynode::type::null: return nullptr;
  case ynode::type::scalar:
    if (n.plain && (n.text == "true" || n.text == "false")) {
      return n.text == "true";
    }
    if (n.is_number()) {
      try {
        auto j = nlohmann::ordered_json::parse(n.text);
        if (j.is_number()) {
          return j;
        }
      } catch (const nlohmann::json::exception&) {
      }
    }
    return n.text;
  case ynode::type::sequence: {
    auto a = nlohmann::ordered_json::array();
    for (const auto& i : n.items) {
      a.push_back(to_json(i));
    }
    return a;
  }
  case ynode::type::mapping: {
    auto o = nlohmann::ordered_json::object();
    for (const auto& [k, v] : n.pairs) {
      o[k.text] = to_json(v);
    }
    return o;
  }
  }
  return nullptr;
}

// Levels of lists and mappings in a value (0 for a scalar).
std::size_t nesting(const ynode& n) {
  std::size_t most = 0;
  for (const auto& i : n.items) {
    most = std::max(most, nesting(i));
  }
  for (const auto& [k, v] : n.pairs) {
    most = std::max(most, nesting(v));
  }
  return n.t == ynode::type::sequence || n.t == ynode::type::mapping ? most + 1 : 0;
}

// Fields of an entry that the model has no place for are kept as attributes
// (their JSON value), so that nothing of an asset is lost. A value nested
// deeper than a model file holds an attribute at the default limits (its
// first level sits 5 deep there) is an error, not a model that does not read back.
void keep_rest(asset& a, const located& n, std::initializer_list<std::string_view> carried) {
  constexpr std::size_t most = read_limits{}.max_depth - 4;
  if (!n.n->is_map()) {
    return;
  }
  for (const auto& [k, v] : n.n->pairs) {
    if (std::find(carried.begin(), carried.end(), k.text) != carried.end()) {
      continue;
    }
    if (!k.text.empty()) {
      if (const auto d = nesting(v); d > most) {
        const ynode& at = v.line != 0 ? v : *n.n;
        throw model_error(n.file + ":" + at.where(), k.text + ": nested " + std::to_string(d) +
                                                         " levels deep; a model file holds an attribute " +
                                                         std::to_string(most) +
                                                         " levels deep (read_limits::max_depth, 64, less the 4 "
                                                         "levels above it)");
      }
      a.attributes[k.text] = to_json(v).dump();
    }
  }
}

// Lower case, runs of other characters as one '-': Threagile's link ids.
std::string slug(std::string_view title) {
  std::string out;
  for (const char c : title) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (kept) {
      out += c; // lower-case letters, digits and every byte of a non-ASCII character
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  return out;
}

// The model's documents: the root file and its includes, merged.
struct documents {
  std::vector<std::unique_ptr<ynode>> trees; // owned; entries point into them
  std::vector<std::string> files;
  // Merged top level: key -> entries (title -> node) for mapping sections,
  // items for list sections, or a scalar's node.
  struct section {
    std::vector<std::pair<std::string, located>> entries; // mapping sections, in order
    std::vector<located> items;                           // list sections
    located value;                                        // other values (first file wins)
    located key;
    bool is_map = false;
    bool is_list = false;
  };
  std::vector<std::pair<std::string, section>> top;

  section* find(std::string_view k) {
    for (auto& [key, s] : top) {
      if (key == k) {
        return &s;
      }
    }
    return nullptr;
  }

  void add(std::string_view yaml, const std::string& name, const std::filesystem::path& base,
           std::vector<std::string>& stack) {
    auto tree = std::make_unique<ynode>(detail::parse_yaml(yaml, name));
    const ynode& root = *tree;
    trees.push_back(std::move(tree));
    if (!root.is_map()) {
      throw model_error(name, "expected a Threagile model (a YAML mapping)");
    }
    // Includes first: the including file's entries then add to theirs.
    if (const ynode* inc = root.get("includes"); inc != nullptr && !inc->is_null()) {
      if (!inc->is_seq()) {
        throw model_error(name + ":" + inc->where(), "includes: expected a list of file names");
      }
      for (const auto& item : inc->items) {
        if (!item.is_scalar() || item.text.empty()) {
          throw model_error(name + ":" + item.where(), "includes: expected a file name");
        }
        const std::filesystem::path file = base / item.text;
        const std::string fname = file.lexically_normal().string();
        if (std::find(stack.begin(), stack.end(), fname) != stack.end()) {
          std::string chain;
          for (const auto& s : stack) {
            chain += s + " -> ";
          }
          throw model_error(name + ":" + item.where(), "include cycle: " + chain + fname);
        }
        if (std::find(files.begin(), files.end(), fname) != files.end()) {
          continue; // read already (a file included along two paths): its entries are in once
        }
        std::string text;
        try {
          text = read_file(file, std::size_t{1} << 28);
        } catch (const std::bad_alloc&) {
          throw; // out of memory is not a bad include
        } catch (const std::exception& e) {
          throw model_error(name + ":" + item.where(), std::string("includes: ") + e.what());
        }
        stack.push_back(fname);
        add(text, fname, file.parent_path(), stack);
        stack.pop_back();
      }
    }
    files.push_back(name);
    for (const auto& [k, v] : root.pairs) {
      if (k.text == "includes") {
        continue;
      }
      section* s = find(k.text);
      if (s == nullptr) {
        top.emplace_back(k.text, section{});
        s = &top.back().second;
        s->key = {&k, name};
        s->value = {&v, name};
      }
      if (v.is_map()) {
        s->is_map = true;
        for (const auto& [ek, ev] : v.pairs) {
          for (const auto& [title, prev] : s->entries) {
            if (title == ek.text) {
              throw model_error(name + ":" + ek.where(),
                                k.text + "/" + ek.text + ": defined twice (also at " + prev.file + ")");
            }
          }
          s->entries.emplace_back(ek.text, located{&ev, name});
        }
      } else if (v.is_seq()) {
        s->is_list = true;
        for (const auto& item : v.items) {
          s->items.push_back({&item, name});
        }
      } else if (s->value.n->is_null()) {
        s->value = {&v, name};
      }
    }
  }
};

model read(std::string_view yaml, const std::string& name, const std::filesystem::path& base, import_summary* summary) {
  documents docs;
  std::vector<std::string> stack{std::filesystem::path(name).lexically_normal().string()};
  docs.add(yaml, name, base, stack);
  auto sch = scheme::preset("threagile");
  model m(sch);
  const auto& s = *sch;
  using R = reader;
  const auto section_of = [&](const char* key, bool required) -> documents::section* {
    auto* sec = docs.find(key);
    if (sec == nullptr || (sec->entries.empty() && sec->value.n->is_null())) {
      if (required) {
        throw model_error(name, std::string(key) + ": missing or not a mapping");
      }
      return nullptr;
    }
    if (!sec->is_map) {
      R::fail(sec->value, key, "expected a mapping");
    }
    return sec;
  };
  // A new asset for an entry: its id checked, its title as name.
  const auto entry = [&](const located& n, const std::string& path, const std::string& title, const char* kind) {
    if (!n.n->is_map()) {
      R::fail(n, path, "expected a mapping");
    }
    asset a;
    a.id = R::text(R::child(n, "id"), path + "/id", true);
    if (!valid_asset_id(a.id)) {
      R::fail(R::child(n, "id"), path + "/id",
              "'" + a.id + "' is not a usable id (" + std::string(asset_id_rule()) + ")");
    }
    if (m.contains(a.id)) {
      R::fail(R::child(n, "id"), path + "/id", "duplicate id '" + a.id + "'");
    }
    a.kind = kind;
    a.name = title;
    a.own = classification::none(3);
    return a;
  };
  // Data assets.
  std::set<std::string> data_ids;
  if (auto* da = section_of("data_assets", false)) {
    for (const auto& [title, n] : da->entries) {
      const std::string path = "data_assets/" + title;
      asset a = entry(n, path, title, "information");
      a.owner = R::text(R::child(n, "owner"), path + "/owner");
      a.own = R::rating(s, n, path);
      a.justification = R::text(R::child(n, "justification_cia_rating"), path + "/justification_cia_rating");
      keep_rest(a, n, {"id", "owner", "confidentiality", "integrity", "availability", "justification_cia_rating"});
      data_ids.insert(unicode::nfc(a.id));
      m.add_asset(std::move(a));
    }
  }
  auto data_ref = [&](const located& l, const std::string& path) {
    std::vector<std::string> ids;
    const auto items = R::list(l, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto id = R::text(items[i], path + "/" + std::to_string(i), true);
      if (data_ids.count(unicode::nfc(id)) == 0) {
        R::fail(items[i], path + "/" + std::to_string(i), "unknown data asset '" + id + "'");
      }
      ids.push_back(id);
    }
    return ids;
  };
  std::set<std::tuple<std::string, std::string, std::string>> added;
  auto add_dep = [&](const std::string& from, const std::string& to, const std::string& type) {
    // Threagile may name the same data twice (processed, sent and received).
    if (from != to && added.emplace(from, to, type).second) {
      m.add_dependency(from, to, type);
    }
  };
  auto technical = [&](const std::string& id) { return m.contains(id) && m.kind(m.vertex(id)) != "information"; };
  // Technical assets, then their links (targets may come later in the file).
  auto* ta = section_of("technical_assets", true);
  for (const auto& [title, n] : ta->entries) {
    const std::string path = "technical_assets/" + title;
    asset a = entry(n, path, title, "application");
    const auto type = unicode::fold(R::text(R::child(n, "type"), path + "/type"));
    if (!type.empty() && type != "process" && type != "datastore" && type != "external-entity") {
      R::fail(R::child(n, "type"), path + "/type",
              "'" + R::child(n, "type").n->text +
                  "' is not a technical asset type (external-entity, process, datastore)");
    }
    a.kind = type == "datastore" ? "datastore" : type == "external-entity" ? "external-entity" : "application";
    a.owner = R::text(R::child(n, "owner"), path + "/owner");
    a.own = R::rating(s, n, path);
    a.justification = R::text(R::child(n, "justification_cia_rating"), path + "/justification_cia_rating");
    keep_rest(a, n,
              {"id", "type", "owner", "confidentiality", "integrity", "availability", "justification_cia_rating",
               "data_assets_processed", "data_assets_stored", "communication_links"});
    m.add_asset(std::move(a));
  }
  for (const auto& [title, n] : ta->entries) {
    const std::string path = "technical_assets/" + title;
    const std::string id = R::text(R::child(n, "id"), path + "/id");
    for (const auto& d : data_ref(R::child(n, "data_assets_processed"), path + "/data_assets_processed")) {
      add_dep(d, id, "processed_by");
    }
    for (const auto& d : data_ref(R::child(n, "data_assets_stored"), path + "/data_assets_stored")) {
      add_dep(d, id, "stored_on");
    }
    const auto links = R::child(n, "communication_links");
    if (links.n->is_null()) {
      continue;
    }
    if (!links.n->is_map()) {
      R::fail(links, path + "/communication_links", "expected a mapping");
    }
    for (const auto& [lk, lv] : links.n->pairs) {
      const std::string ltitle = lk.text;
      const std::string lpath = path + "/communication_links/" + ltitle;
      const located l{&lv, n.file};
      const auto target = R::text(R::child(l, "target"), lpath + "/target", true);
      if (!technical(target)) {
        R::fail(R::child(l, "target"), lpath + "/target", "unknown technical asset '" + target + "'");
      }
      asset link;
      link.id = id + ">" + slug(ltitle);
      if (m.contains(link.id)) {
        R::fail({&lk, n.file}, lpath, "duplicate communication link '" + link.id + "'");
      }
      link.kind = "communication-link";
      link.name = ltitle;
      link.own = classification::none(3);
      keep_rest(link, l, {"target", "data_assets_sent", "data_assets_received"});
      m.add_asset(link);
      for (const char* dir : {"data_assets_sent", "data_assets_received"}) {
        for (const auto& d : data_ref(R::child(l, dir), lpath + "/" + dir)) {
          add_dep(d, link.id, "transmitted_over");
          add_dep(d, id, "processed_by");
          add_dep(d, target, "processed_by");
        }
      }
    }
  }
  // Trust boundaries and shared runtimes contain what they hold.
  auto containers = [&](const char* key, const char* kind, const char* members, const char* type) {
    std::vector<std::pair<std::string, located>> all;
    auto* sec = section_of(key, false);
    if (sec == nullptr) {
      return all;
    }
    for (const auto& [title, n] : sec->entries) {
      const std::string path = std::string(key) + "/" + title;
      asset a = entry(n, path, title, kind);
      keep_rest(a, n, {"id", members, "trust_boundaries_nested"});
      m.add_asset(a);
      all.emplace_back(title, n);
    }
    for (const auto& [title, n] : all) {
      const std::string path = std::string(key) + "/" + title;
      const std::string id = R::text(R::child(n, "id"), path + "/id");
      const auto held = R::list(R::child(n, members), path + "/" + members);
      for (std::size_t i = 0; i < held.size(); ++i) {
        const auto t = R::text(held[i], path + "/" + members + "/" + std::to_string(i), true);
        if (!technical(t)) {
          R::fail(held[i], path + "/" + members + "/" + std::to_string(i), "unknown technical asset '" + t + "'");
        }
        add_dep(t, id, type);
      }
    }
    return all;
  };
  auto boundaries = containers("trust_boundaries", "trust-boundary", "technical_assets_inside", "located_in");
  for (const auto& [title, n] : boundaries) {
    const std::string path = "trust_boundaries/" + title;
    const auto nested = R::list(R::child(n, "trust_boundaries_nested"), path + "/trust_boundaries_nested");
    for (std::size_t i = 0; i < nested.size(); ++i) {
      const auto b = R::text(nested[i], path + "/trust_boundaries_nested/" + std::to_string(i), true);
      if (!m.contains(b) || m.kind(m.vertex(b)) != "trust-boundary") {
        R::fail(nested[i], path + "/trust_boundaries_nested/" + std::to_string(i),
                "unknown trust boundary '" + b + "'");
      }
      add_dep(b, R::text(R::child(n, "id"), path + "/id"), "located_in");
    }
  }
  (void)containers("shared_runtimes", "shared-runtime", "technical_assets_running", "runs_on");
  if (summary != nullptr) {
    summary->assets = m.size();
    summary->dependencies = m.num_dependencies();
    std::vector<std::string> fields;
    // Threagile's collections; any other top-level key is a field of the model.
    static const std::set<std::string, std::less<>> collections{"questions",
                                                                "abuse_cases",
                                                                "security_requirements",
                                                                "tags_available",
                                                                "individual_risk_categories",
                                                                "custom_risk_categories",
                                                                "risk_tracking"};
    for (const auto& [key, sec] : docs.top) {
      if (key == "data_assets" || key == "technical_assets" || key == "trust_boundaries" || key == "shared_runtimes") {
        continue;
      }
      if (collections.count(key) != 0 && (sec.is_map || sec.is_list)) {
        const std::size_t n = sec.is_map ? sec.entries.size() : sec.items.size();
        summary->leave_out(n, key + " entry", key + " entries");
      } else {
        fields.push_back(key);
      }
    }
    if (!fields.empty()) {
      std::string list;
      for (const auto& f : fields) {
        list += (list.empty() ? "" : ", ") + f;
      }
      summary->leave_out(fields.size(),
                         std::string("model field") + (fields.size() == 1 ? "" : "s") + " (" + list + ")");
    }
  }
  return m;
}

} // namespace

model read_threagile(std::string_view yaml, std::string_view name, import_summary* summary,
                     const std::filesystem::path& base) {
  return read(yaml, std::string(name), base, summary);
}

model load_threagile(const std::filesystem::path& file, import_summary* summary) {
  return read(read_file(file, std::size_t{1} << 28), file.string(), file.parent_path(), summary);
}

} // namespace infoclass::inline INFOCLASS_ABI::io
