// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/kinds.hpp"

#include "infoclass/policy.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <unordered_map>

namespace infoclass::inline INFOCLASS_ABI::analysis {

namespace {

// Optimal string alignment distance (adjacent swaps count one), stopping
// early once every entry of a row exceeds `limit`.
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) {
    return limit + 1;
  }
  std::vector<std::size_t> prev2(m + 1);
  std::vector<std::size_t> prev(m + 1);
  std::vector<std::size_t> cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) {
    prev[j] = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t best = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      best = std::min(best, cur[j]);
    }
    if (best > limit) {
      return limit + 1;
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

} // namespace

std::vector<std::string> known_kinds(const model& m) {
  std::vector<std::string> out = builtin_kinds();
  for (const auto& f : m.resolved().floors) {
    out.insert(out.end(), f.kinds.begin(), f.kinds.end());
  }
  for (const auto& c : m.resolved().cumulation_rules) {
    out.insert(out.end(), c.kinds.begin(), c.kinds.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::string> likely_kind(std::string_view kind, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), kind) != known.end()) {
    return std::nullopt;
  }
  const std::size_t limit = kind.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  std::size_t best_d = limit + 1;
  for (const auto& k : known) {
    const std::size_t d = distance(kind, k, limit);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

std::vector<kind_typo> kind_typos(const model& m) {
  struct use {
    std::size_t first;
    std::size_t count;
  };
  std::unordered_map<std::string_view, use> uses;
  std::vector<std::string_view> order;
  for (std::size_t v = 0; v < m.size(); ++v) {
    auto [it, fresh] = uses.try_emplace(m.kind(v), use{v, 0});
    ++it->second.count;
    if (fresh) {
      order.push_back(it->first);
    }
  }
  const auto known = known_kinds(m);
  std::vector<kind_typo> out;
  for (auto kind : order) {
    if (auto likely = likely_kind(kind, known)) {
      const auto& u = uses.at(kind);
      out.push_back({std::string(kind), *likely, std::string(m.id(u.first)), u.count});
    }
  }
  return out;
}

std::string describe(const kind_typo& t) {
  std::string who = "asset " + t.asset;
  if (t.assets > 1) {
    who += " and " + std::to_string(t.assets - 1) + " more";
  }
  return "kind '" + t.kind + "' (" + who + ") is not a known kind; did you mean '" + t.likely + "'?";
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
