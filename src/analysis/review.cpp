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
  for (std::uint32_t v = 0; v < snap.n; ++v) {
    const auto k = detail::find_kind(snap, a.kind(v));
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
  // Requirements an owner places on assets owned by others.
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& as = m[v];
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto path = a.explain(as.id, p);
      const auto& origin = path.back();
      if (!origin.level || origin.asset == as.id) {
        continue;
      }
      const std::string_view origin_owner = m.owner(m.vertex(origin.asset));
      if (origin_owner.empty() || origin_owner == as.owner) {
        continue;
      }
      auto& o = owners[std::string(origin_owner)];
      o.owner = origin_owner;
      o.places.push_back({as.id, as.owner, s.properties[p].key, *path.front().level, origin.asset});
    }
  }
  for (auto& [name, o] : owners) {
    r.owners.push_back(std::move(o));
  }
  return r;
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
