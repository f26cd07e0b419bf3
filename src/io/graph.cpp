// SPDX-License-Identifier: Apache-2.0
#include "infoclass/graph.hpp"
#include "infoclass/io/graph.hpp"

#include "infoclass/error.hpp"
#include "infoclass/report.hpp"
#include "support/text.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <deque>
#include <map>

namespace infoclass::inline INFOCLASS_ABI::io {

std::vector<std::size_t> select(const model& m, const view& v) {
  std::vector<std::size_t> out;
  if (v.focus.empty()) {
    out.resize(m.size());
    for (std::size_t i = 0; i < m.size(); ++i) {
      out[i] = i;
    }
    return out;
  }
  const auto& g = m.graph();
  const auto start = m.vertex(v.focus);
  std::vector<char> seen(m.size(), 0);
  seen[start] = 1;
  auto walk = [&](bool up) {
    std::deque<vertex_type> q{start};
    while (!q.empty()) {
      auto x = q.front();
      q.pop_front();
      if (up) {
        for (auto [e, end] = boost::in_edges(x, g); e != end; ++e) {
          auto y = boost::source(*e, g);
          if (!seen[y]) {
            seen[y] = 1;
            q.push_back(y);
          }
        }
      } else {
        for (auto [e, end] = boost::out_edges(x, g); e != end; ++e) {
          auto y = boost::target(*e, g);
          if (!seen[y]) {
            seen[y] = 1;
            q.push_back(y);
          }
        }
      }
    }
  };
  if (v.upstream) {
    walk(true);
  }
  if (v.downstream) {
    walk(false);
  }
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (seen[i]) {
      out.push_back(i);
    }
  }
  return out;
}

namespace {

std::string xml(std::string_view s) { return detail::xml_escape(s); }

std::string dot_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n"; // a line break in a DOT label
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

constexpr std::array<const char*, 8> colours{"#e8f5e9", "#fff9c4", "#ffe0b2", "#ffab91",
                                             "#ef9a9a", "#ce93d8", "#b39ddb", "#9fa8da"};

// in[i] != 0 for the assets of the view.
std::vector<char> membership(const std::vector<std::size_t>& nodes, std::size_t n) {
  std::vector<char> in(n, 0);
  for (auto i : nodes) {
    in[i] = 1;
  }
  return in;
}

void check_same(const model& m, const assessment& a) {
  if (a.size() != m.size()) {
    throw error("graph export: the assessment does not belong to the model");
  }
}

// The redundancy groups by (from, name), for labels: each group counted once.
std::map<std::pair<std::string_view, std::string_view>, redundancy_group> group_table(const model& m) {
  std::map<std::pair<std::string_view, std::string_view>, redundancy_group> out;
  for (const auto& g : m.redundancy_groups()) {
    out.emplace(std::pair{g.from, g.name}, g);
  }
  return out;
}

} // namespace

std::string write_graphml(const model& m, const assessment& a, const view& v) {
  check_same(m, a);
  const auto groups = group_table(m);
  const auto& s = m.get_scheme();
  const auto nodes = select(m, v);
  const auto in = membership(nodes, m.size());
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                    "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  auto key = [&](const std::string& id, const char* for_, const std::string& name, const char* type) {
    out += "  <key id=\"" + xml(id) + "\" for=\"" + for_ + "\" attr.name=\"" + xml(name) + "\" attr.type=\"" + type +
           "\"/>\n";
  };
  key("kind", "node", "kind", "string");
  key("name", "node", "name", "string");
  key("owner", "node", "owner", "string");
  for (const auto& p : s.properties) {
    key("e_" + p.key, "node", p.key, "int");
    key("d_" + p.key, "node", p.key + "_derived", "int");
    key("c_" + p.key, "node", p.key + "_cause", "string");
  }
  key("type", "edge", "type", "string");
  key("group", "edge", "group", "string");
  // need (k of a group's n members): declared where some dependency states it.
  const auto& graph = m.graph();
  bool any_need = false;
  for (auto i : nodes) {
    for (auto [e, end] = boost::out_edges(i, graph); e != end && !any_need; ++e) {
      any_need = m.dependency_need(*e) != 0;
    }
  }
  if (any_need) {
    key("need", "edge", "need", "int");
    key("label", "edge", "label", "string");
  }
  out += "  <graph id=\"" + xml(s.id) + "\" edgedefault=\"directed\">\n";
  // Appended piece by piece from the model's columns (no asset built per
  // node, no temporary strings per line).
  const auto put = [&out](std::string_view text) { detail::put_xml_escaped(out, text); };
  const auto data = [&out, &put](std::string_view key_id, std::string_view text) {
    out += "      <data key=\"";
    out += key_id;
    out += "\">";
    put(text);
    out += "</data>\n";
  };
  std::vector<std::string> level_keys; // e_K, d_K, c_K, ... escaped
  for (const auto& p : s.properties) {
    for (const char* prefix : {"e_", "d_", "c_"}) {
      level_keys.push_back(prefix + xml(p.key));
    }
  }
  // After the first items of a section, room for the rest at their average
  // size and a quarter more: the text grown by doubling was copied each time
  // (2-3 s of a 1 GB export at 10^6 assets).
  constexpr std::size_t sample = 64;
  const auto make_room = [&out](std::size_t start, std::size_t done, std::size_t total) {
    if (done != 0 && total > done) {
      const std::size_t per = (out.size() - start) / done + 1;
      out.reserve(out.size() + (total - done) * per / 4 * 5);
    }
  };
  std::size_t start = out.size();
  std::size_t done = 0;
  for (auto i : nodes) {
    if (++done == sample) {
      make_room(start, done - 1, nodes.size());
    }
    out += "    <node id=\"";
    put(m.id(i));
    out += "\">\n";
    data("kind", m.kind(i));
    if (const auto name = m.name(i); !name.empty()) {
      data("name", name);
    }
    if (const auto owner = m.owner(i); !owner.empty()) {
      data("owner", owner);
    }
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (auto l = a.effective(i, p)) {
        out += "      <data key=\"" + level_keys[3 * p] + "\">" + std::to_string(*l) + "</data>\n";
      }
      if (auto l = a.derived(i, p)) {
        out += "      <data key=\"" + level_keys[3 * p + 1] + "\">" + std::to_string(*l) + "</data>\n";
      }
      auto c = a.cause_of(i, p);
      if (c.kind != cause_kind::none) {
        out += "      <data key=\"" + level_keys[3 * p + 2] + "\">";
        put(describe(c));
        out += "</data>\n";
      }
    }
    out += "    </node>\n";
  }
  const auto& g = m.graph();
  std::size_t edges = 0; // at most: those leaving the view are not written
  for (auto i : nodes) {
    edges += boost::out_degree(i, g);
  }
  start = out.size();
  done = 0;
  for (auto i : nodes) {
    for (auto [e, end] = boost::out_edges(i, g); e != end; ++e) {
      auto t = boost::target(*e, g);
      if (!in[t]) {
        continue;
      }
      if (++done == sample) {
        make_room(start, done - 1, edges);
      }
      out += "    <edge source=\"";
      put(m.id(i));
      out += "\" target=\"";
      put(m.id(t));
      out += "\">\n";
      data("type", m.dependency_type(*e));
      const auto group = m.dependency_group(*e);
      if (!group.empty()) {
        data("group", group);
      }
      if (const auto k = m.dependency_need(*e); k != 0) {
        out += "      <data key=\"need\">" + std::to_string(k) + "</data>\n";
      }
      if (any_need && !group.empty()) {
        if (const auto& grp = groups.at({m.id(i), group}); grp.need > 1) {
          out += "      <data key=\"label\">" + std::to_string(grp.need) + " of " + std::to_string(grp.members) +
                 "</data>\n";
        }
      }
      out += "    </edge>\n";
    }
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

std::string write_dot(const model& m, const assessment& a, const view& v) {
  check_same(m, a);
  const auto groups = group_table(m);
  const auto& s = m.get_scheme();
  const auto nodes = select(m, v);
  const auto in = membership(nodes, m.size());
  std::string out = "digraph infoclass {\n  rankdir=LR;\n"
                    "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
                    "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#607d8b\"];\n";
  for (auto i : nodes) {
    std::optional<level_t> top;
    std::string levels;
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto l = a.effective(i, p);
      if (l && (!top || *l > *top)) {
        top = l;
      }
      levels += (p ? " " : "") + s.properties[p].key + (l ? std::to_string(*l) : std::string("-"));
    }
    const char* fill = top ? colours[std::min<std::size_t>(*top, colours.size() - 1)] : "#ffffff";
    out += "  " + dot_string(m.id(i)) +
           " [label=" + dot_string(std::string(m.id(i)) + "\n" + std::string(m.kind(i)) + "\n" + levels) +
           ", fillcolor=\"" + fill + "\"" + (m.id(i) == v.focus ? ", penwidth=3" : "") + "];\n";
  }
  const auto& g = m.graph();
  for (auto i : nodes) {
    for (auto [e, end] = boost::out_edges(i, g); e != end; ++e) {
      auto t = boost::target(*e, g);
      if (in[t]) {
        // A group that needs more than one member says how many: "[db-cluster 2 of 3]".
        std::string group;
        if (!m.dependency_group(*e).empty()) {
          const auto& grp = groups.at({m.id(i), m.dependency_group(*e)});
          group = " [" + std::string(grp.name) +
                  (grp.need > 1 ? " " + std::to_string(grp.need) + " of " + std::to_string(grp.members) : "") + "]";
        }
        out += "  " + dot_string(m.id(i)) + " -> " + dot_string(m.id(t)) +
               " [label=" + dot_string(std::string(m.dependency_type(*e)) + group) + "];\n";
      }
    }
  }
  level_t top_level = 0;
  for (std::size_t p = 0; p < s.size(); ++p) {
    top_level = std::max<level_t>(top_level, s.levels(p));
  }
  out += "  subgraph cluster_legend {\n    label=\"highest effective level\"; fontname=\"Helvetica\";\n";
  for (level_t l = 0; l < top_level; ++l) {
    out += "    legend_" + std::to_string(l) + " [label=\"" + std::to_string(l) + "\", fillcolor=\"" +
           colours[std::min<std::size_t>(l, colours.size() - 1)] + "\"];\n";
  }
  out += "  }\n}\n";
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::io
