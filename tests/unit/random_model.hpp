// SPDX-License-Identifier: Apache-2.0
// Random models and a brute-force oracle for the engine's property tests.
#pragma once

#include "infoclass/error.hpp"
#include "infoclass/graph.hpp"
#include "infoclass/model.hpp"
#include "infoclass/propagation.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace infoclass::testing {

/// A hand-made asset for tests.
inline asset make_asset(std::string id, std::string kind, classification own, std::string name = {}) {
  asset a;
  a.id = std::move(id);
  a.kind = std::move(kind);
  a.own = std::move(own);
  a.name = std::move(name);
  return a;
}

inline const std::vector<std::string>& test_kinds() {
  static const std::vector<std::string> k{"information", "process", "application", "server", "network", "gizmo"};
  return k;
}

/// A random scheme: a preset or a custom one with 1..5 properties of 2..8 levels.
inline std::shared_ptr<const scheme> random_scheme(std::mt19937& rng) {
  const auto& ids = scheme::preset_ids();
  if (rng() % 3 != 0) {
    return scheme::preset(ids[rng() % ids.size()]);
  }
  scheme s;
  s.id = "random";
  std::size_t n = 1 + rng() % 5;
  const role roles[] = {role::confidentiality, role::integrity, role::availability, role::traceability, role::other};
  for (std::size_t i = 0; i < n; ++i) {
    property_info p;
    p.key = "P" + std::to_string(i);
    p.role = roles[i];
    std::size_t levels = 2 + rng() % 7;
    for (std::size_t l = 0; l < levels; ++l) {
      p.levels.push_back({"l" + std::to_string(l), "", "", ""});
    }
    s.properties.push_back(p);
  }
  return std::make_shared<const scheme>(s);
}

inline transfer random_transfer(std::mt19937& rng, level_t levels) {
  switch (rng() % 5) {
  case 0: return transfer::block();
  case 1: return transfer::cap(static_cast<level_t>(rng() % levels));
  case 2: return transfer::reduce(static_cast<level_t>(rng() % levels));
  default: return transfer::pass();
  }
}

inline level_t min_levels_of(const scheme& s) {
  level_t m = 8;
  for (std::size_t p = 0; p < s.size(); ++p) {
    m = std::min(m, s.levels(p));
  }
  return m;
}

/// A random policy for scheme `s`: transfers of a custom type and of `uses`,
/// sometimes a redundancy transfer, up to two cumulation rules and a floor.
inline policy random_policy(std::mt19937& rng, const scheme& s) {
  const level_t lo = min_levels_of(s);
  policy pol;
  pol.types["custom_a"] = {};
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (rng() % 2) {
      pol.types["custom_a"][s.properties[p].key] = random_transfer(rng, lo);
    }
    if (rng() % 4 == 0) {
      pol.types["uses"][s.properties[p].key] = random_transfer(rng, lo);
    }
  }
  if (rng() % 2) {
    transfer_map red;
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (rng() % 2) {
        red[s.properties[p].key] = random_transfer(rng, lo);
      }
    }
    pol.redundancy = red;
  }
  const auto& kinds = test_kinds();
  for (std::size_t i = 0, n = rng() % 3; i < n; ++i) {
    cumulation_rule c;
    std::size_t p = rng() % s.size();
    c.property = s.properties[p].key;
    if (rng() % 2) {
      c.kinds = {kinds[rng() % kinds.size()], kinds[rng() % kinds.size()]};
      std::sort(c.kinds.begin(), c.kinds.end());
      c.kinds.erase(std::unique(c.kinds.begin(), c.kinds.end()), c.kinds.end());
    }
    c.at_least = static_cast<std::uint32_t>(1 + rng() % 3);
    c.level = static_cast<level_t>(rng() % s.levels(p));
    pol.cumulation.push_back(c);
  }
  for (std::size_t i = 0, n = rng() % 2; i < n; ++i) {
    floor_rule f;
    if (rng() % 2) {
      f.kinds = {kinds[rng() % kinds.size()]};
    }
    std::size_t p = rng() % s.size();
    f.levels[s.properties[p].key] = static_cast<level_t>(rng() % s.levels(p));
    pol.floor.push_back(f);
  }
  return pol;
}

/// A random model with cycles, all transfers, groups, cumulation, floors, overrides.
inline model random_model(std::mt19937& rng, std::size_t max_assets = 24) {
  auto s = random_scheme(rng);
  model m(s, random_policy(rng, *s));
  const auto& kinds = test_kinds();
  const std::size_t n = 1 + rng() % max_assets;
  for (std::size_t i = 0; i < n; ++i) {
    asset a;
    a.id = "a" + std::to_string(i);
    a.kind = kinds[rng() % kinds.size()];
    a.own = classification::none(s->size());
    for (std::size_t p = 0; p < s->size(); ++p) {
      auto r = rng() % 10;
      if (r < 4) {
        a.own.set(p, static_cast<level_t>(rng() % s->levels(p)));
      } else if (r == 4 && a.kind == "information" && s->properties[p].allows_not_applicable) {
        a.own.set_not_applicable(p);
      }
      if (rng() % 12 == 0) {
        a.overrides[p] = {static_cast<level_t>(rng() % s->levels(p)), override_effect::manual, "test"};
      }
    }
    if (rng() % 5 == 0) {
      a.measures = {"AC-01", "LOG-0" + std::to_string(rng() % 3)};
    }
    if (rng() % 7 == 0) {
      a.answers = recorded_answers{"se-kommun", {{"sensitive", rng() % 2 ? "yes" : "no"}, {"downtime", "hours"}}};
    }
    m.add_asset(a);
  }
  const auto& types = m.resolved().type_names;
  const std::size_t edges = rng() % (3 * n + 1);
  // Edges first, then each redundancy group's k (1..n, sometimes more than
  // 1), stated on some of its members: groups need k of n.
  struct planned {
    std::size_t u, v;
    std::string type, group;
  };
  std::vector<planned> plan;
  for (std::size_t i = 0; i < edges; ++i) {
    auto u = rng() % n;
    auto v = rng() % n;
    if (u == v) {
      continue;
    }
    std::string type = types[rng() % types.size()];
    std::string group = rng() % 3 == 0 ? "g" + std::to_string(rng() % 2) : "";
    if (std::any_of(plan.begin(), plan.end(),
                    [&](const planned& p) { return p.u == u && p.v == v && p.type == type; })) {
      continue; // repeated dependency: skip
    }
    plan.push_back({u, v, std::move(type), std::move(group)});
  }
  std::map<std::pair<std::size_t, std::string>, std::uint32_t> members;
  for (const auto& p : plan) {
    if (!p.group.empty()) {
      ++members[{p.u, p.group}];
    }
  }
  std::map<std::pair<std::size_t, std::string>, std::uint32_t> need;
  for (const auto& [key, count] : members) {
    need[key] = rng() % 2 == 0 ? 1 : 1 + static_cast<std::uint32_t>(rng() % count);
  }
  for (const auto& p : plan) {
    std::uint32_t k = 0;
    if (!p.group.empty()) {
      const auto want = need[{p.u, p.group}];
      k = (want > 1 || rng() % 4 == 0) && rng() % 3 != 0 ? want : 0; // stated on some members
    }
    m.add_dependency("a" + std::to_string(p.u), "a" + std::to_string(p.v), p.type, p.group, k);
  }
  // A group whose k > 1 was stated on none of its members needs 1: that is
  // the model's meaning too, so nothing to fix here.
  return m;
}

/// Brute-force least fixpoint: Kleene iteration of DESIGN.md §3 from the
/// bottom over the model's own data structures (no snapshot, no CSR).
/// Levels shifted: 0 = none, l + 1 = level l. Returns {derived, effective}.
struct oracle_result {
  std::vector<std::vector<int>> derived;
  std::vector<std::vector<int>> effective;
};

inline oracle_result oracle(const model& m) {
  const auto& s = m.get_scheme();
  const auto& r = m.resolved();
  const auto& g = m.graph();
  const std::size_t n = m.size();
  const std::size_t P = s.size();
  auto sh = [](std::optional<level_t> l) { return l ? int(*l) + 1 : 0; };
  auto unsh = [](int l) { return l == 0 ? std::optional<level_t>{} : std::optional<level_t>(level_t(l - 1)); };
  struct edge {
    std::size_t u, v;
    std::size_t type;
    bool grouped;
  };
  std::vector<edge> edges;
  for (std::size_t u = 0; u < n; ++u) {
    // Members (n) and need (k, 1 unless a member states it) per group; the
    // redundancy transfer applies on the edges of a group with a spare (n - k >= 1).
    std::map<std::string, int> groups;
    std::map<std::string, int> need;
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      const dependency d = g[*e];
      if (!d.group.empty()) {
        ++groups[d.group];
        if (d.need != 0) {
          need[d.group] = static_cast<int>(d.need);
        }
      }
    }
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      const dependency d = g[*e];
      const int k = need.count(d.group) ? need[d.group] : 1;
      edges.push_back({u, boost::target(*e, g), *r.find_type(d.type), !d.group.empty() && groups[d.group] - k >= 1});
    }
  }
  auto through = [&](const edge& e, std::size_t p, int level) {
    auto t = r.type_transfers[e.type][p].apply(unsh(level));
    if (e.grouped) {
      t = r.redundancy[p].apply(t);
    }
    return sh(t);
  };
  oracle_result res;
  res.derived.assign(n, std::vector<int>(P, 0));
  res.effective.assign(n, std::vector<int>(P, 0));
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t v = 0; v < n; ++v) {
      const asset& a = g[v];
      for (std::size_t p = 0; p < P; ++p) {
        int d = sh(a.own.get(p));
        std::map<std::size_t, int> by_dependent;
        for (const auto& e : edges) {
          if (e.v == v) {
            int t = through(e, p, res.effective[e.u][p]);
            d = std::max(d, t);
            by_dependent[e.u] = std::max(by_dependent[e.u], t);
          }
        }
        for (const auto& c : r.cumulation_rules) {
          if (c.property != p ||
              (!c.kinds.empty() && std::find(c.kinds.begin(), c.kinds.end(), a.kind) == c.kinds.end())) {
            continue;
          }
          std::uint32_t count = 0;
          for (const auto& [u, t] : by_dependent) {
            count += t >= int(c.level) + 1 ? 1 : 0;
          }
          if (count >= c.at_least) {
            d = std::max(d, std::min(int(c.level) + 1, int(s.levels(p)) - 1) + 1);
          }
        }
        for (const auto& f : r.floors) {
          if (f.applies_to(a.kind) && f.levels[p]) {
            d = std::max(d, int(*f.levels[p]) + 1);
          }
        }
        auto ov = a.overrides.find(p);
        int eff = ov != a.overrides.end() ? int(ov->second.level) + 1 : d;
        if (d != res.derived[v][p] || eff != res.effective[v][p]) {
          res.derived[v][p] = d;
          res.effective[v][p] = eff;
          changed = true;
        }
      }
    }
  }
  return res;
}

} // namespace infoclass::testing
