// SPDX-License-Identifier: Apache-2.0
// Synthetic inventories for the benchmarks: deterministic, layered, with
// cycles, redundancy groups, a cumulation rule and a floor.
//
// Layers (share of assets): information 70 %, processes 12 %, applications
// 10 %, servers 5 %, networks 2 %, sites 1 %. Assets are laid out in clusters of
// `cluster` assets (a tenant, an administration); most dependencies stay inside
// a cluster, some information is processed by another cluster's applications.
// About five dependencies per asset. `back_edges` server -> application edges
// inside a cluster close cycles through that cluster's application/server
// mesh (components of up to a few thousand assets). Applications run on two
// redundant servers of a group plus further single servers.
//
// The random generator is splitmix64 with a fixed seed, so every size is the
// same model on every machine and compiler.
#pragma once

#include "infoclass/model.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace infoclass::bench {

struct synth {
  std::uint32_t n = 0;
  std::vector<std::string> ids;
  std::vector<std::uint8_t> kind;  ///< index into kinds()
  std::vector<std::uint8_t> own;   ///< [v * 4 + p], 0xFF = unassessed
  std::vector<std::uint32_t> from; ///< per dependency
  std::vector<std::uint32_t> to;
  std::vector<std::uint8_t> type;   ///< index into types()
  std::vector<std::uint32_t> group; ///< 0 = none, else a group number
};

inline const std::array<const char*, 6>& kinds() {
  static const std::array<const char*, 6> k{"information", "process", "application", "server", "network", "site"};
  return k;
}
inline const std::array<const char*, 8>& types() {
  static const std::array<const char*, 8> t{"processed_by", "uses",       "runs_on",          "depends_on",
                                            "stored_on",    "located_in", "transmitted_over", "backed_up_to"};
  return t;
}
enum : std::uint8_t { k_info, k_process, k_app, k_server, k_network, k_site };
enum : std::uint8_t {
  t_processed_by,
  t_uses,
  t_runs_on,
  t_depends_on,
  t_stored_on,
  t_located_in,
  t_transmitted_over,
  t_backed_up_to
};

struct rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  std::uint32_t below(std::uint32_t k) { return static_cast<std::uint32_t>(next() % k); }
  bool chance(double p) { return static_cast<double>(next() >> 11U) * 0x1.0p-53 < p; }
};

/// The policy of the synthetic models: redundancy reduces availability by one,
/// servers and networks with five dependents at availability 2 reach 3, and
/// servers, networks and sites have availability at least 1.
inline policy synth_policy() {
  policy p;
  p.redundancy = transfer_map{{"availability", *transfer::parse("reduce:1")}};
  p.cumulation.push_back({"availability", {"server", "network"}, 5, 2});
  p.floor.push_back({{"server", "network", "site"}, {{"availability", 1}}});
  return p;
}

inline synth make_synth(std::uint32_t n, std::uint64_t seed = 2026, std::uint32_t back_edges = 300,
                        std::uint32_t cluster = 10000) {
  synth s;
  s.n = n;
  rng r{seed};
  cluster = std::max<std::uint32_t>(std::min(cluster, n), 100);
  const std::uint32_t clusters = (n + cluster - 1) / cluster;
  static constexpr std::array<double, 6> share{0.70, 0.12, 0.10, 0.05, 0.02, 0.01};
  static constexpr std::array<const char*, 6> prefix{"info-", "proc-", "app-", "srv-", "net-", "site-"};
  // Per cluster, per layer: [first, last) vertex range.
  std::vector<std::array<std::uint32_t, 7>> range(clusters);
  s.ids.reserve(n);
  s.kind.reserve(n);
  std::uint32_t v = 0;
  for (std::uint32_t c = 0; c < clusters; ++c) {
    const std::uint32_t size = std::min(cluster, n - c * cluster);
    std::uint32_t left = size;
    for (std::uint8_t k = 0; k < 6; ++k) {
      range[c][k] = v;
      std::uint32_t cnt = k == 5 ? left : std::max<std::uint32_t>(1, static_cast<std::uint32_t>(size * share[k]));
      cnt = std::min(cnt, left - std::min<std::uint32_t>(left, 5U - k)); // leave one for each later layer
      if (k == 5) {
        cnt = left;
      }
      for (std::uint32_t i = 0; i < cnt; ++i, ++v) {
        s.ids.push_back(std::string(prefix[k]) + std::to_string(v));
        s.kind.push_back(k);
      }
      left -= cnt;
    }
    range[c][6] = v;
  }
  s.own.assign(std::size_t{n} * 4, 0xFF);
  for (std::uint32_t x = 0; x < n; ++x) {
    if (s.kind[x] != k_info) {
      continue;
    }
    for (std::uint32_t p = 0; p < 4; ++p) {
      std::uint32_t d = r.below(100);
      s.own[std::size_t{x} * 4 + p] = d < 2 ? 0xFF : d < 30 ? 0 : d < 70 ? 1 : d < 92 ? 2 : 3;
    }
  }
  std::vector<std::uint32_t> seen; // targets of the current source, for uniqueness
  std::uint32_t group = 0;
  auto add = [&](std::uint32_t a, std::uint32_t b, std::uint8_t t, std::uint32_t g = 0) {
    if (a == b) {
      return;
    }
    const std::uint32_t key = b * 8U + t;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      return;
    }
    seen.push_back(key);
    s.from.push_back(a);
    s.to.push_back(b);
    s.type.push_back(t);
    s.group.push_back(g);
  };
  auto pick = [&](std::uint32_t c, std::uint8_t k) {
    const std::uint32_t lo = range[c][k];
    const std::uint32_t hi = range[c][k + 1];
    return lo + r.below(hi - lo);
  };
  s.from.reserve(std::size_t{n} * 5);
  s.to.reserve(std::size_t{n} * 5);
  s.type.reserve(std::size_t{n} * 5);
  s.group.reserve(std::size_t{n} * 5);
  for (std::uint32_t c = 0; c < clusters; ++c) {
    for (std::uint32_t x = range[c][0]; x < range[c][6]; ++x) {
      seen.clear();
      switch (s.kind[x]) {
      case k_info:
        add(x, pick(c, k_app), t_processed_by);
        if (r.chance(0.5)) {
          add(x, pick(c, k_app), t_processed_by);
        }
        add(x, pick(c, k_process), t_processed_by);
        if (r.chance(0.6)) {
          add(x, pick(c, k_server), t_stored_on);
        }
        if (r.chance(0.6)) {
          add(x, pick(r.below(clusters), k_app), t_processed_by);
        }
        break;
      case k_process:
        for (int i = 0; i < 8; ++i) {
          add(x, pick(c, k_app), t_uses);
        }
        break;
      case k_app: {
        ++group;
        add(x, pick(c, k_server), t_runs_on, group);
        add(x, pick(c, k_server), t_runs_on, group);
        add(x, pick(c, k_server), t_runs_on);
        add(x, pick(c, k_server), t_stored_on);
        // Applications depend on later applications of their cluster (acyclic).
        const std::uint32_t hi = range[c][k_app + 1];
        for (int i = 0; i < 4 && x + 1 < hi; ++i) {
          add(x, x + 1 + r.below(hi - x - 1), t_depends_on);
        }
        break;
      }
      case k_server:
        for (int i = 0; i < 5; ++i) {
          add(x, pick(c, k_network), t_transmitted_over);
        }
        add(x, pick(c, k_site), t_located_in);
        add(x, pick(c, k_server), t_backed_up_to);
        break;
      case k_network: {
        add(x, pick(c, k_site), t_located_in);
        add(x, pick(c, k_site), t_located_in);
        const std::uint32_t hi = range[c][k_network + 1];
        for (int i = 0; i < 2 && x + 1 < hi; ++i) {
          add(x, x + 1 + r.below(hi - x - 1), t_depends_on);
        }
        break;
      }
      default: break;
      }
    }
  }
  // Back edges: a server that depends on an application of its cluster, which
  // closes cycles through the applications running on that server.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> back;
  for (std::uint32_t i = 0; i < back_edges; ++i) {
    const std::uint32_t c = r.below(clusters);
    const std::pair<std::uint32_t, std::uint32_t> e{pick(c, k_server), pick(c, k_app)};
    if (std::find(back.begin(), back.end(), e) == back.end()) {
      back.push_back(e);
      seen.clear();
      add(e.first, e.second, t_depends_on);
    }
  }
  return s;
}

/// Builds the model through the public API (add_asset / add_dependency).
inline model to_model(const synth& s) {
  model m(std::string_view("se-klassa"));
  m.set_policy(synth_policy());
  for (std::uint32_t v = 0; v < s.n; ++v) {
    asset a;
    a.id = s.ids[v];
    a.kind = kinds()[s.kind[v]];
    a.own = classification::none(4);
    for (std::uint32_t p = 0; p < 4; ++p) {
      a.own.set(p, s.own[std::size_t{v} * 4 + p]);
    }
    m.add_asset(std::move(a));
  }
  for (std::size_t e = 0; e < s.from.size(); ++e) {
    m.add_dependency(s.ids[s.from[e]], s.ids[s.to[e]], types()[s.type[e]],
                     s.group[e] != 0 ? "g" + std::to_string(s.group[e]) : std::string());
  }
  return m;
}

/// The synthetic model as the column arrays of the bulk API (views into `s`).
struct bulk_input {
  std::vector<std::string_view> ids;
  std::vector<std::uint32_t> kind;
  std::vector<std::string_view> kind_names;
  std::vector<std::uint32_t> type;
  std::vector<std::string_view> type_names;
  std::vector<std::string> group_store;
  std::vector<std::string_view> group_names;
};

inline bulk_input make_bulk_input(const synth& s) {
  bulk_input b;
  b.ids.assign(s.ids.begin(), s.ids.end());
  b.kind.assign(s.kind.begin(), s.kind.end());
  b.kind_names.assign(kinds().begin(), kinds().end());
  b.type.assign(s.type.begin(), s.type.end());
  b.type_names.assign(types().begin(), types().end());
  std::uint32_t groups = 0;
  for (auto g : s.group) {
    groups = std::max(groups, g);
  }
  b.group_store.reserve(groups + 1);
  b.group_store.emplace_back();
  for (std::uint32_t g = 1; g <= groups; ++g) {
    b.group_store.push_back("g" + std::to_string(g));
  }
  b.group_names.assign(b.group_store.begin(), b.group_store.end());
  return b;
}

/// Builds the model through the bulk API (add_assets / add_dependencies).
inline model to_model_bulk(const synth& s, const bulk_input& b) {
  model m(std::string_view("se-klassa"));
  m.set_policy(synth_policy());
  model::asset_columns a;
  a.ids = b.ids;
  a.kind = b.kind;
  a.kind_names = b.kind_names;
  a.levels = s.own;
  m.add_assets(a);
  model::dependency_columns d;
  d.from = s.from;
  d.to = s.to;
  d.type = b.type;
  d.type_names = b.type_names;
  d.group = s.group; // group number g is "g<g>", 0 is none
  d.group_names = b.group_names;
  m.add_dependencies(d);
  return m;
}

} // namespace infoclass::bench
