// SPDX-License-Identifier: Apache-2.0
// Native JSON model format, writing: deterministic output (2-space
// indentation, a trailing newline), and the `propagate` and `explain` JSON of
// the command line (DESIGN.md §5).
#include "infoclass/graph.hpp"
#include "infoclass/io/json.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/file.hpp"
#include "io/json_writer.hpp"
#include "model/access.hpp"
#include "support/json_text.hpp"

#include "infoclass/version.hpp"
#include <nlohmann/json.hpp>

namespace infoclass::inline INFOCLASS_ABI::io {

using ojson = nlohmann::ordered_json;

namespace {

ojson scheme_json(const scheme& s) {
  ojson o = ojson::object();
  o["id"] = s.id;
  if (!s.name.empty()) {
    o["name"] = s.name;
  }
  if (!s.name_en.empty()) {
    o["name_en"] = s.name_en;
  }
  if (!s.language.empty()) {
    o["language"] = s.language;
  }
  ojson props = ojson::array();
  for (const auto& p : s.properties) {
    ojson pj = ojson::object();
    pj["key"] = p.key;
    pj["role"] = std::string(to_string(p.role));
    if (!p.name.empty()) {
      pj["name"] = p.name;
    }
    if (!p.name_en.empty()) {
      pj["name_en"] = p.name_en;
    }
    if (p.allows_not_applicable) {
      pj["allows_not_applicable"] = true;
    }
    ojson lv = ojson::array();
    for (const auto& l : p.levels) {
      ojson lj = ojson::object();
      lj["key"] = l.key;
      if (!l.name.empty()) {
        lj["name"] = l.name;
      }
      if (!l.name_en.empty()) {
        lj["name_en"] = l.name_en;
      }
      if (!l.description.empty()) {
        lj["description"] = l.description;
      }
      lv.push_back(std::move(lj));
    }
    pj["levels"] = std::move(lv);
    props.push_back(std::move(pj));
  }
  o["properties"] = std::move(props);
  if (s.separate_analysis_level) {
    o["separate_analysis_level"] = *s.separate_analysis_level;
  }
  if (!s.non_information_floor.empty()) {
    ojson f = ojson::object();
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (s.non_information_floor[p]) {
        f[s.properties[p].key] = *s.non_information_floor[p];
      }
    }
    o["non_information_floor"] = std::move(f);
  }
  return o;
}

ojson transfers_json(const transfer_map& m) {
  ojson o = ojson::object();
  for (const auto& [k, t] : m) {
    o[k] = t.to_string();
  }
  return o;
}

// The model document is written as it goes (a DOM of a million assets costs
// more than the text): byte for byte what ordered_json::dump(2) gives, which
// a test checks by parsing and dumping the output again. Small nested values
// (levels aside) go through ordered_json and are indented into place.
using infoclass::detail::put_json_string;

// `j.dump(2)` as the value of a key at `indent` spaces.
void put_indented(std::string& out, const ojson& j, std::size_t indent) {
  const std::string text = j.dump(2);
  for (const char c : text) {
    out += c;
    if (c == '\n') {
      out.append(indent, ' ');
    }
  }
}

// ",\n<indent>\"key\": " (or without the comma for the first key).
void put_key(std::string& out, std::string_view key, std::size_t indent, bool& first) {
  out += first ? "\n" : ",\n";
  first = false;
  out.append(indent, ' ');
  out += '"';
  out += key; // keys here are our own ASCII field names or property keys
  out += "\": ";
}

void put_levels(std::string& out, const scheme& s, const classification& c, std::size_t indent) {
  bool first = true;
  out += '{';
  for (std::size_t p = 0; p < s.size(); ++p) {
    const bool na = c.is_not_applicable(p);
    const auto l = c.get(p);
    if (!na && !l) {
      continue;
    }
    out += first ? "\n" : ",\n";
    first = false;
    out.append(indent + 2, ' ');
    put_json_string(out, s.properties[p].key);
    out += ": ";
    out += na ? std::string("null") : std::to_string(*l);
  }
  if (!first) {
    out += '\n';
    out.append(indent, ' ');
  }
  out += '}';
}

} // namespace

std::string write_model(const model& m) { return detail::write_model_text(m, true); }

std::string detail::write_model_text(const model& m, bool dependencies) {
  const auto& s = m.get_scheme();
  std::string out;
  out.reserve(m.size() * 220 + (dependencies ? m.num_dependencies() * 90 : 0) + 4096); // the usual size: one allocation
  out += "{\n  \"infoclass\": 1,\n  \"scheme\": ";
  if (s.is_preset()) {
    put_json_string(out, s.id);
  } else {
    put_indented(out, scheme_json(s), 2);
  }
  out += ",\n  \"assets\": ";
  const auto& g = m.graph();
  out += m.size() == 0 ? "[]" : "[";
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& a = g[v];
    out += v == 0 ? "\n    {" : ",\n    {";
    bool first = true;
    constexpr std::size_t in = 6;
    put_key(out, "id", in, first);
    put_json_string(out, a.id);
    put_key(out, "kind", in, first);
    put_json_string(out, a.kind);
    if (!a.name.empty()) {
      put_key(out, "name", in, first);
      put_json_string(out, a.name);
    }
    if (!a.owner.empty()) {
      put_key(out, "owner", in, first);
      put_json_string(out, a.owner);
    }
    if (!a.own.all_unassessed()) {
      put_key(out, "classification", in, first);
      put_levels(out, s, a.own, in);
    }
    if (!a.justification.empty()) {
      put_key(out, "justification", in, first);
      put_json_string(out, a.justification);
    }
    if (a.implemented) {
      put_key(out, "implemented", in, first);
      put_levels(out, s, *a.implemented, in);
    }
    if (!a.review_by.empty()) {
      put_key(out, "review_by", in, first);
      put_json_string(out, a.review_by);
    }
    if (!a.overrides.empty()) {
      ojson ov = ojson::object();
      for (const auto& [p, e] : a.overrides) {
        ojson x = ojson::object();
        x["level"] = e.level;
        x["effect"] = std::string(to_string(e.effect));
        x["justification"] = e.justification;
        ov[s.properties[p].key] = std::move(x);
      }
      put_key(out, "overrides", in, first);
      put_indented(out, ov, in);
    }
    if (!a.attributes.empty()) {
      ojson at = ojson::object();
      for (const auto& [k, text] : a.attributes) {
        try {
          at[k] = ojson::parse(text);
        } catch (const ojson::exception&) {
          throw model_error(a.id, "attribute '" + k + "' does not hold JSON text");
        }
      }
      put_key(out, "attributes", in, first);
      put_indented(out, at, in);
    }
    if (!a.measures.empty()) {
      put_key(out, "measures", in, first);
      put_indented(out, ojson(a.measures), in);
    }
    if (a.answers) {
      ojson an = ojson::object();
      an["rules"] = a.answers->rules;
      ojson given = ojson::object();
      for (const auto& [question, answer] : a.answers->given) {
        given[question] = answer;
      }
      an["given"] = std::move(given);
      put_key(out, "answers", in, first);
      put_indented(out, an, in);
    }
    out += "\n    }";
  }
  out += m.size() == 0 ? "" : "\n  ]";
  if (dependencies) {
    out += ",\n  \"dependencies\": ";
    bool any = false;
    // In the order of model::dependencies(), read from the edge store (not a
    // list of every dependency first: 330 MB at 10^6 assets).
    using acc = infoclass::detail::model_access;
    for (vertex_type v = 0; v < m.size(); ++v) {
      for (std::uint32_t e = acc::first_out(m, v); e != acc::nil; e = acc::next_out(m, e)) {
        const edge_type d = acc::edge_at(m, e);
        out += any ? ",\n    {" : "[\n    {";
        any = true;
        bool first = true;
        put_key(out, "from", 6, first);
        put_json_string(out, m.id(v));
        put_key(out, "to", 6, first);
        put_json_string(out, m.id(d.target));
        put_key(out, "type", 6, first);
        put_json_string(out, m.dependency_type(d));
        if (const auto group = m.dependency_group(d); !group.empty()) {
          put_key(out, "group", 6, first);
          put_json_string(out, group);
        }
        if (const auto need = m.dependency_need(d); need != 0) {
          put_key(out, "need", 6, first);
          out += std::to_string(need);
        }
        out += "\n    }";
      }
    }
    out += any ? "\n  ]" : "[]";
  }
  const auto& pol = m.get_policy();
  if (!(pol == policy{})) {
    ojson pj = ojson::object();
    if (!pol.types.empty()) {
      ojson t = ojson::object();
      for (const auto& [name, tm] : pol.types) {
        t[name] = transfers_json(tm);
      }
      pj["types"] = std::move(t);
    }
    if (pol.redundancy) {
      pj["redundancy"] = transfers_json(*pol.redundancy);
    }
    if (!pol.cumulation.empty()) {
      ojson arr = ojson::array();
      for (const auto& c : pol.cumulation) {
        ojson o = ojson::object();
        o["property"] = c.property;
        if (!c.kinds.empty()) {
          o["kinds"] = c.kinds;
        }
        o["at_least"] = c.at_least;
        o["level"] = c.level;
        arr.push_back(std::move(o));
      }
      pj["cumulation"] = std::move(arr);
    }
    if (!pol.floor.empty()) {
      ojson arr = ojson::array();
      for (const auto& f : pol.floor) {
        ojson o = ojson::object();
        if (!f.kinds.empty()) {
          o["kinds"] = f.kinds;
        }
        ojson lv = ojson::object();
        for (const auto& [k, l] : f.levels) {
          lv[k] = l;
        }
        o["levels"] = std::move(lv);
        arr.push_back(std::move(o));
      }
      pj["floor"] = std::move(arr);
    }
    out += ",\n  \"policy\": ";
    put_indented(out, pj, 2);
  }
  out += "\n}\n";
  return out;
}

void save_model(const model& m, const std::filesystem::path& file) { write_file_atomic(file, write_model(m)); }

std::string write_scheme(const scheme& s) { return scheme_json(s).dump(2) + "\n"; }

// Written as it goes, as write_model is: a DOM of every asset's levels and
// causes cost six times the text (3.3 GB and 13 s for the 554 MB of 10^6
// assets). Byte for byte what ordered_json::dump(2) gives of {"scheme",
// "assets": [{"id", "kind", "derived", "effective", "cause"}]}.
namespace {
void put_level(std::string& out, std::optional<level_t> l) { out += l ? std::to_string(*l) : std::string("null"); }

void put_cause(std::string& out, const cause& c, std::size_t indent) {
  if (c.kind == cause_kind::none) {
    out += "null";
    return;
  }
  bool first = true;
  out += '{';
  put_key(out, "kind", indent + 2, first);
  put_json_string(out, to_string(c.kind));
  switch (c.kind) {
  case cause_kind::edge:
    put_key(out, "from", indent + 2, first);
    put_json_string(out, c.from);
    put_key(out, "type", indent + 2, first);
    put_json_string(out, c.type);
    if (!c.group.empty()) {
      put_key(out, "group", indent + 2, first);
      bool in_first = true;
      out += '{';
      put_key(out, "name", indent + 4, in_first);
      put_json_string(out, c.group);
      put_key(out, "need", indent + 4, in_first);
      out += std::to_string(c.need);
      put_key(out, "of", indent + 4, in_first);
      out += std::to_string(c.members);
      out += '\n';
      out.append(indent + 2, ' ');
      out += '}';
    }
    break;
  case cause_kind::cumulation:
    put_key(out, "count", indent + 2, first);
    out += std::to_string(c.count);
    put_key(out, "at_least", indent + 2, first);
    out += std::to_string(c.at_least);
    put_key(out, "level", indent + 2, first);
    put_level(out, c.threshold);
    break;
  case cause_kind::override_:
    put_key(out, "effect", indent + 2, first);
    put_json_string(out, c.effect);
    break;
  default: break;
  }
  out += '\n';
  out.append(indent, ' ');
  out += '}';
}
} // namespace

std::string write_assessment(const assessment& a) {
  const auto& s = a.get_scheme();
  const std::size_t P = s.size();
  std::string out;
  out.reserve(a.size() * (160 + P * 100) + 64); // 554 bytes per asset of the synthetic model (P = 4)
  out += "{\n  \"scheme\": ";
  put_json_string(out, s.id);
  out += ",\n  \"assets\": ";
  out += a.size() == 0 ? "[]" : "[";
  // Property keys as the writer quotes them, once.
  std::vector<std::string> keys(P);
  for (std::size_t p = 0; p < P; ++p) {
    put_json_string(keys[p], s.properties[p].key);
  }
  constexpr std::size_t in = 6; // an asset's fields
  const auto put_by_property = [&](auto&& value) {
    if (P == 0) {
      out += "{}";
      return;
    }
    out += '{';
    for (std::size_t p = 0; p < P; ++p) {
      out += p == 0 ? "\n" : ",\n";
      out.append(in + 2, ' ');
      out += keys[p];
      out += ": ";
      value(p);
    }
    out += '\n';
    out.append(in, ' ');
    out += '}';
  };
  for (std::size_t i = 0; i < a.size(); ++i) {
    out += i == 0 ? "\n    {" : ",\n    {";
    bool first = true;
    put_key(out, "id", in, first);
    put_json_string(out, a.id(i));
    put_key(out, "kind", in, first);
    put_json_string(out, a.kind(i));
    put_key(out, "derived", in, first);
    put_by_property([&](std::size_t p) { put_level(out, a.derived(i, p)); });
    put_key(out, "effective", in, first);
    put_by_property([&](std::size_t p) { put_level(out, a.effective(i, p)); });
    put_key(out, "cause", in, first);
    put_by_property([&](std::size_t p) { put_cause(out, a.cause_of(i, p), in + 2); });
    out += "\n    }";
  }
  out += a.size() == 0 ? "\n}\n" : "\n  ]\n}\n";
  return out;
}

std::string write_explanation(const assessment& a, std::string_view asset, std::size_t property) {
  const auto& s = a.get_scheme();
  const auto path = a.explain(asset, property);
  const auto& key = s.properties.at(property).key;
  // As ordered_json::dump(2) gives it; causes written as write_assessment writes them.
  std::string out = "{\n  \"asset\": ";
  put_json_string(out, asset);
  out += ",\n  \"property\": ";
  put_json_string(out, key);
  out += ",\n  \"level\": ";
  put_level(out, a.effective(a.index(asset), property));
  out += ",\n  \"path\": ";
  out += path.empty() ? "[]" : "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& st = path[i];
    out += i == 0 ? "\n    {" : ",\n    {";
    bool first = true;
    constexpr std::size_t in = 6;
    put_key(out, "asset", in, first);
    put_json_string(out, st.asset);
    put_key(out, "level", in, first);
    put_level(out, st.level);
    put_key(out, "cause", in, first);
    put_cause(out, st.cause, in);
    put_key(out, "via", in, first);
    if (st.via.empty()) {
      out += "null";
    } else {
      put_json_string(out, st.via);
    }
    out += "\n    }";
  }
  out += path.empty() ? "\n}\n" : "\n  ]\n}\n";
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::io
