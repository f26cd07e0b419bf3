// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/review.hpp"
#include "engine/access.hpp"

#include "engine/kernel.hpp"
#include "infoclass/error.hpp"

#include "infoclass/version.hpp"
#include <chrono>
#include <ctime>
#include <map>

namespace infoclass::inline INFOCLASS_ABI::analysis {

std::size_t review_result::findings() const {
  return overdue.size() + missing_review.size() + without_owner.size() + deviations.size() +
         cumulation_candidates.size();
}

std::string today_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

namespace {

// Per asset, where the chain of causes of its level of `p` ends (the asset
// whose level does not come along an edge: the last step of explain()), for
// every asset at once. The assets of a chain take the origin found at its
// end, so each is walked once: explain() per asset walks each chain again,
// which on a deep model (a chain of 10,000) cost n times its depth.
std::vector<std::uint32_t> origins_of(const assessment& a, std::size_t p) {
  using acc = infoclass::detail::assessment_access;
  const auto& snap = acc::snap(a);
  const auto kinds = acc::cause_kinds(a);
  const auto refs = acc::cause_refs(a);
  const std::uint32_t n = snap.n;
  constexpr std::uint32_t unknown = 0xFFFFFFFFU;
  std::vector<std::uint32_t> origin(n, unknown);
  std::vector<std::uint32_t> chain;
  for (std::uint32_t v = 0; v < n; ++v) {
    chain.clear();
    std::uint32_t x = v;
    while (origin[x] == unknown) {
      const std::size_t i = std::size_t{x} * snap.P + p;
      if (a.has_override(x, p) || kinds[i] != static_cast<std::uint8_t>(cause_kind::edge)) {
        origin[x] = x;
        break;
      }
      // Causes are acyclic by construction; the bound turns a broken
      // invariant into an error, not a hang (as explain() does).
      if (chain.size() > n) {
        throw error("review: cause chain of " + std::string(a.id(v)) + " does not end (internal error)");
      }
      chain.push_back(x);
      x = snap.in_src[refs[i]];
    }
    for (const std::uint32_t y : chain) {
      origin[y] = origin[x];
    }
  }
  return origin;
}

} // namespace

review_result review(const model& m, const assessment& a, const std::string& today, std::uint32_t at_least) {
  if (!valid_date(today)) {
    throw model_error(today, "not a date YYYY-MM-DD");
  }
  if (a.size() != m.size()) {
    throw error("review: the assessment does not belong to the model");
  }
  const auto& s = m.get_scheme();
  review_result r;
  std::map<std::string, owner_summary> owners;
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& as = m[v];
    if (!as.review_by.empty() && as.review_by < today) {
      r.overdue.push_back(as.id);
    }
    if (as.review_by.empty() && as.kind == "information") {
      r.missing_review.push_back(as.id);
    }
    if (as.owner.empty()) {
      r.without_owner.push_back(as.id);
    } else {
      auto& o = owners[as.owner];
      o.owner = as.owner;
      o.owns.push_back(as.id);
    }
  }
  r.deviations = a.deviations();
  // Cumulation candidates: distinct dependents whose transferred level equals
  // the asset's effective level, with no cumulation rule for (kind, property).
  const auto& snap = infoclass::detail::assessment_access::snap(a);
  const auto eff = infoclass::detail::assessment_access::effective(a);
  const auto kinds = infoclass::detail::assessment_access::kinds(a);
  for (std::uint32_t v = 0; v < snap.n; ++v) {
    const std::uint16_t k = kinds[v];
    for (std::uint32_t p = 0; p < snap.P; ++p) {
      const auto level = eff[std::size_t{v} * snap.P + p];
      if (level == 0 || a.has_override(v, p) || (k != 0xFFFF && !snap.cum[std::size_t{k} * snap.P + p].empty())) {
        continue;
      }
      const auto count = detail::count_reaching(snap, eff, v, p, level);
      if (count >= at_least) {
        r.cumulation_candidates.push_back(
            {std::string(a.id(v)), s.properties[p].key, static_cast<level_t>(level - 1), count});
      }
    }
  }
  // Requirements an owner places on assets owned by others: where the chain
  // of causes of each level ends (its origin, the last step of explain()).
  std::vector<std::vector<std::uint32_t>> origin(s.size());
  for (std::size_t p = 0; p < s.size(); ++p) {
    origin[p] = origins_of(a, p);
  }
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& as = m[v];
    for (std::size_t p = 0; p < s.size(); ++p) {
      const std::uint32_t o = origin[p][v];
      const auto level = a.effective(v, p);
      if (o == v || !level || !a.effective(o, p)) {
        continue;
      }
      const std::string origin_id(a.id(o));
      const std::string_view origin_owner = m.owner(m.vertex(origin_id));
      if (origin_owner.empty() || origin_owner == as.owner) {
        continue;
      }
      auto& ow = owners[std::string(origin_owner)];
      ow.owner = origin_owner;
      ow.places.push_back({as.id, as.owner, s.properties[p].key, *level, origin_id});
    }
  }
  for (auto& [name, o] : owners) {
    r.owners.push_back(std::move(o));
  }
  return r;
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
