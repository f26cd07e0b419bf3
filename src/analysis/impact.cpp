// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/impact.hpp"
#include "engine/access.hpp"
#include "infoclass/graph.hpp"

#include "infoclass/error.hpp"
#include "support/progress_ticker.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace infoclass::inline INFOCLASS_ABI::analysis {

namespace {

std::size_t availability_property(const scheme& s) {
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (s.properties[p].role == role::availability) {
      return p;
    }
  }
  throw model_error("/scheme", "scheme " + s.id + " has no availability property");
}

bool passes(const model& m, std::string_view type, std::size_t p) {
  const auto& r = m.resolved();
  auto t = r.find_type(type);
  return t && r.type_transfers[*t][p].op != transfer::kind::block;
}

// Per dependent: its availability-passing dependencies, single ones and groups.

} // namespace

impact_result impact(const model& m, std::string_view asset, std::size_t property) {
  if (property >= m.get_scheme().size()) {
    throw model_error(std::string(asset), "property index out of range");
  }
  const auto& g = m.graph();
  const auto src = m.vertex(asset);
  impact_result r;
  r.source = std::string(asset);
  r.property = property;
  std::vector<std::size_t> parent(m.size(), static_cast<std::size_t>(-1));
  std::vector<char> seen(m.size(), 0);
  seen[src] = 1;
  std::deque<vertex_type> q{src};
  std::vector<vertex_type> order;
  while (!q.empty()) {
    auto x = q.front();
    q.pop_front();
    // dependents in model order for a deterministic result
    std::vector<vertex_type> next;
    for (auto [e, end] = boost::in_edges(x, g); e != end; ++e) {
      auto u = boost::source(*e, g);
      if (!seen[u] && passes(m, m.dependency_type(*e), property)) {
        next.push_back(u);
      }
    }
    std::sort(next.begin(), next.end());
    for (auto u : next) {
      if (!seen[u]) {
        seen[u] = 1;
        parent[u] = x;
        order.push_back(u);
        q.push_back(u);
      }
    }
  }
  std::set<std::string> owners;
  for (auto u : order) {
    affected_asset a;
    a.asset = m.id(u);
    a.owner = m.owner(u);
    for (std::size_t x = u; x != static_cast<std::size_t>(-1);
         x = x == src ? static_cast<std::size_t>(-1) : parent[x]) {
      a.path.emplace_back(m.id(x));
    }
    if (!a.owner.empty()) {
      owners.insert(a.owner);
    }
    r.affected.push_back(std::move(a));
  }
  r.owners.assign(owners.begin(), owners.end());
  return r;
}

namespace {

// The failure simulation shared by failure_set and the SPOF search.
class failure_sim {
public:
  explicit failure_sim(const model& m) : p_(availability_property(m.get_scheme())) {
    m.check_groups(); // k <= n, as before a propagation
    const auto& g = m.graph();
    const std::size_t n = m.size();
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> in(n);
    // Per dependent u: count members per group (only edges that pass
    // availability) and the group's need k. A group fails when more than
    // members - k of them have failed: that many failures is its threshold;
    // a group whose threshold is 1 (no spare) is a set of ordinary dependencies.
    for (std::size_t u = 0; u < n; ++u) {
      std::map<std::string_view, std::uint32_t> groups;
      std::map<std::string_view, std::uint32_t> need;
      for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
        const auto grp = m.dependency_group(*e);
        if (grp.empty()) {
          continue;
        }
        if (const auto k = m.dependency_need(*e); k != 0) {
          need[grp] = k;
        }
        if (passes(m, m.dependency_type(*e), p_)) {
          ++groups[grp];
        }
      }
      for (auto& [grp, members] : groups) {
        const auto it = need.find(grp);
        const std::uint32_t k = it == need.end() ? 1 : it->second;
        members = members >= k ? members - k + 1 : 0; // failures that bring the group down
      }
      std::map<std::string_view, std::uint32_t> ids;
      for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
        if (!passes(m, m.dependency_type(*e), p_)) {
          continue;
        }
        const auto v = boost::target(*e, g);
        const auto grp = m.dependency_group(*e);
        if (grp.empty() || groups[grp] < 2) { // no group, or no spare
          in[v].push_back({static_cast<std::uint32_t>(u), no_group});
        } else {
          auto [it, fresh] = ids.emplace(grp, static_cast<std::uint32_t>(group_size_.size()));
          if (fresh) {
            group_size_.push_back(groups[grp]);
          }
          in[v].push_back({static_cast<std::uint32_t>(u), it->second});
        }
      }
    }
    // Flattened (CSR) for the simulation's inner loop.
    in_off_.assign(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v) {
      in_off_[v + 1] = in_off_[v] + static_cast<std::uint32_t>(in[v].size());
    }
    in_.reserve(in_off_[n]);
    for (auto& list : in) {
      in_.insert(in_.end(), list.begin(), list.end());
      list = {};
    }
    count_.assign(group_size_.size(), 0);
    failed_.assign(n, 0);
  }

  /// Simulates the failure of x; returns the failed assets (x first).
  const std::vector<std::uint32_t>& run(std::uint32_t x) { return run(std::span<const std::uint32_t>(&x, 1)); }

  /// Simulates the failure of every asset of `xs` at once; returns the failed
  /// assets (those of xs first).
  const std::vector<std::uint32_t>& run(std::span<const std::uint32_t> xs) {
    for (auto v : out_) {
      failed_[v] = 0;
    }
    for (auto gi : touched_groups_) {
      count_[gi] = 0;
    }
    out_.clear();
    touched_groups_.clear();
    for (const auto x : xs) {
      if (failed_[x] == 0) {
        failed_[x] = 1;
        out_.push_back(x);
      }
    }
    for (std::size_t i = 0; i < out_.size(); ++i) {
      const auto v = out_[i];
      for (std::uint32_t k = in_off_[v]; k < in_off_[v + 1]; ++k) {
        const auto [u, gi] = in_[k];
        if (failed_[u]) {
          continue;
        }
        bool fails = gi == no_group;
        if (!fails) {
          if (count_[gi]++ == 0) {
            touched_groups_.push_back(gi);
          }
          fails = count_[gi] == group_size_[gi];
        }
        if (fails) {
          failed_[u] = 1;
          out_.push_back(u);
        }
      }
    }
    return out_;
  }

  std::size_t property() const { return p_; }

private:
  static constexpr std::uint32_t no_group = 0xFFFFFFFF;
  std::size_t p_;
  std::vector<std::uint32_t> in_off_;                       // v -> first entry in in_
  std::vector<std::pair<std::uint32_t, std::uint32_t>> in_; // (dependent, group) by supporter
  std::vector<std::uint32_t> group_size_;
  std::vector<std::uint32_t> count_;
  std::vector<char> failed_;
  std::vector<std::uint32_t> out_;
  std::vector<std::uint32_t> touched_groups_;
};

} // namespace

std::vector<std::string> failure_set(const model& m, std::string_view asset) {
  const std::string_view one[] = {asset};
  return failure_set(m, std::span<const std::string_view>(one));
}

std::vector<std::string> failure_set(const model& m, std::span<const std::string_view> assets) {
  std::vector<std::uint32_t> xs;
  xs.reserve(assets.size());
  for (const auto a : assets) {
    xs.push_back(static_cast<std::uint32_t>(m.vertex(a)));
  }
  failure_sim sim(m);
  auto failed = sim.run(xs);
  std::sort(failed.begin(), failed.end());
  std::vector<std::string> out;
  out.reserve(failed.size());
  for (auto v : failed) {
    out.emplace_back(m.id(v));
  }
  return out;
}

std::vector<single_point> single_points_of_failure(const model& m, const assessment& a, level_t threshold,
                                                   const progress_fn& progress) {
  if (a.size() != m.size()) {
    throw error("single_points_of_failure: the assessment does not belong to the model");
  }
  failure_sim sim(m);
  const std::size_t p = sim.property();
  const auto& g = m.graph();
  // Candidates: assets downstream of an asset at or above the threshold.
  const std::size_t n = m.size();
  const auto eff = infoclass::detail::assessment_access::effective(a);
  const std::size_t P = a.properties();
  std::vector<char> high(n, 0); // effective availability >= threshold
  const auto shifted = static_cast<detail::slevel>(threshold + 1);
  std::vector<char> candidate(n, 0);
  std::vector<char> seen(n, 0);
  std::vector<std::uint32_t> q;
  for (std::size_t v = 0; v < n; ++v) {
    if (eff[v * P + p] >= shifted) {
      high[v] = 1;
      seen[v] = 1;
      q.push_back(static_cast<std::uint32_t>(v));
    }
  }
  for (std::size_t i = 0; i < q.size(); ++i) {
    for (auto [e, end] = boost::out_edges(q[i], g); e != end; ++e) {
      auto y = boost::target(*e, g);
      candidate[y] = 1;
      if (!seen[y]) {
        seen[y] = 1;
        q.push_back(static_cast<std::uint32_t>(y));
      }
    }
  }
  std::vector<single_point> out;
  std::vector<std::uint32_t> victims;
  std::vector<char> mark(n, 0);
  const infoclass::detail::progress_ticker tick(progress, "single points of failure", n);
  for (std::size_t x = 0; x < n; ++x) {
    tick(x);
    if (!candidate[x]) {
      continue;
    }
    const auto& failed = sim.run(static_cast<std::uint32_t>(x));
    victims.clear();
    for (auto v : failed) {
      if (v != x && high[v]) {
        victims.push_back(v);
      }
    }
    if (victims.empty()) {
      continue;
    }
    // Model order: a scan of marks when the victims are dense in their
    // range (a cluster), a sort otherwise.
    const auto [lo, hi] = std::minmax_element(victims.begin(), victims.end());
    const std::size_t span = std::size_t{*hi} - *lo + 1;
    if (span <= 8 * victims.size()) {
      const std::uint32_t first = *lo;
      for (auto v : victims) {
        mark[v] = 1;
      }
      victims.clear();
      for (std::size_t v = first; v < first + span; ++v) {
        if (mark[v]) {
          mark[v] = 0;
          victims.push_back(static_cast<std::uint32_t>(v));
        }
      }
    } else {
      std::sort(victims.begin(), victims.end());
    }
    single_point sp;
    sp.asset = m[x].id;
    sp.brings_down.reserve(victims.size());
    for (auto v : victims) {
      sp.brings_down.emplace_back(m.id(v));
    }
    out.push_back(std::move(sp));
  }
  tick(n);
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
