// SPDX-License-Identifier: Apache-2.0
#include "infoclass/assessment.hpp"

#include "engine/kernel.hpp"
#include "infoclass/error.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <deque>
#include <limits>
#include <unordered_map>

namespace infoclass::inline INFOCLASS_ABI {

using detail::slevel;

std::string_view to_string(cause_kind k) noexcept {
  switch (k) {
  case cause_kind::own: return "own";
  case cause_kind::override_: return "override";
  case cause_kind::floor: return "floor";
  case cause_kind::cumulation: return "cumulation";
  case cause_kind::edge: return "edge";
  case cause_kind::none: break;
  }
  return "none";
}

std::string_view to_string(deviation::what w) noexcept {
  switch (w) {
  case deviation::what::lowering_override: return "lowering_override";
  case deviation::what::separate_analysis: return "separate_analysis";
  case deviation::what::unassessed: break;
  }
  return "unassessed";
}

namespace {
std::optional<level_t> unshift(slevel l) {
  if (l == 0) {
    return std::nullopt;
  }
  return static_cast<level_t>(l - 1);
}
} // namespace

const scheme& assessment::get_scheme() const {
  if (!snap_) {
    throw error("empty assessment: propagate a model first");
  }
  return *snap_->scheme_ptr;
}

std::optional<std::size_t> assessment::find(std::string_view id) const {
  if (!snap_) {
    return std::nullopt;
  }
  const auto v = snap_->ids->find(id);
  if (v == detail::id_table::none) {
    return std::nullopt;
  }
  return v;
}

void assessment::check(std::size_t i) const {
  if (!snap_ || i >= snap_->n) {
    const std::size_t n = size();
    throw model_error("asset index " + std::to_string(i),
                      n == 0 ? std::string("out of range: the assessment has no assets")
                             : "out of range: the assessment has " + std::to_string(n) + " assets (0.." +
                                   std::to_string(n - 1) + ")");
  }
}

void assessment::check(std::size_t i, std::size_t p) const {
  check(i);
  if (p >= snap_->P) {
    throw model_error("property index " + std::to_string(p), "out of range: the scheme has " +
                                                                 std::to_string(snap_->P) + " properties (0.." +
                                                                 std::to_string(snap_->P - 1) + ")");
  }
}

std::string_view assessment::id(std::size_t i) const {
  check(i);
  return (*snap_->ids)[i];
}

std::size_t assessment::index(std::string_view id) const {
  auto i = find(id);
  if (!i) {
    throw model_error(std::string(id), "no such asset");
  }
  return *i;
}

const std::string& assessment::kind(std::size_t i) const {
  check(i);
  return snap_->kind_names[values_.kind[i]];
}

std::optional<level_t> assessment::effective(std::size_t i, std::size_t p) const {
  check(i, p);
  return unshift(effective_[i * snap_->P + p]);
}

std::optional<level_t> assessment::derived(std::size_t i, std::size_t p) const {
  check(i, p);
  return unshift(derived_[i * snap_->P + p]);
}

namespace {
void unshift_into(std::span<const detail::slevel> from, std::span<level_t> out) {
  if (out.size() != from.size()) {
    throw model_error("levels", "the output holds " + std::to_string(out.size()) +
                                    " levels, not assets x properties = " + std::to_string(from.size()));
  }
  std::transform(from.begin(), from.end(), out.begin(),
                 [](detail::slevel l) { return l == 0 ? classification::unassessed : static_cast<level_t>(l - 1); });
}
} // namespace

void assessment::effective_levels(std::span<level_t> out) const { unshift_into(effective_, out); }
void assessment::derived_levels(std::span<level_t> out) const { unshift_into(derived_, out); }

bool assessment::has_override(std::size_t i, std::size_t p) const {
  check(i, p);
  return values_.ovr[i * snap_->P + p] != 0;
}

classification assessment::effective(std::string_view id) const {
  auto i = index(id);
  auto c = classification::none(snap_->P);
  for (std::size_t p = 0; p < snap_->P; ++p) {
    if (auto l = effective(i, p)) {
      c.set(p, *l);
    }
  }
  return c;
}

classification assessment::derived(std::string_view id) const {
  auto i = index(id);
  auto c = classification::none(snap_->P);
  for (std::size_t p = 0; p < snap_->P; ++p) {
    if (auto l = derived(i, p)) {
      c.set(p, *l);
    }
  }
  return c;
}

std::uint32_t assessment::cumulation_count(std::uint32_t v, std::uint32_t p, std::uint32_t rule) const {
  const auto& s = *snap_;
  for (const auto& r : s.cum[std::size_t{values_.kind[v]} * s.P + p]) {
    if (r.rule == rule) {
      return detail::count_reaching(s, effective_, v, p, r.threshold);
    }
  }
  return 0;
}

cause assessment::make_cause(std::uint32_t v, std::uint32_t p, std::uint8_t kind, std::uint32_t ref) const {
  const auto& s = *snap_;
  cause c;
  c.kind = static_cast<cause_kind>(kind);
  if (c.kind == cause_kind::edge) {
    c.from = std::string((*s.ids)[s.in_src[ref]]);
    c.type = s.type_names[s.in_code[ref] / 2];
    // The group is named where its redundancy transfer changed what the edge
    // carried for this property (the distribution effect), with its k of n.
    const auto code = s.in_code[ref];
    const auto carried = effective_[std::size_t{s.in_src[ref]} * s.P + p]; // the source's level, shifted
    const bool lowered = (code & 1U) != 0 && s.lut[code][p][carried] != s.lut[code & ~1U][p][carried];
    if (const auto* g = lowered ? s.group_at(ref) : nullptr; g != nullptr) {
      c.group = g->name;
      c.need = g->need;
      c.members = g->members;
    }
  } else if (c.kind == cause_kind::cumulation) {
    for (const auto& r : s.cum[std::size_t{values_.kind[v]} * s.P + p]) {
      if (r.rule == ref) {
        c.at_least = r.at_least;
        c.threshold = static_cast<level_t>(r.threshold - 1);
        c.count = detail::count_reaching(s, effective_, v, p, r.threshold);
      }
    }
  }
  return c;
}

cause assessment::derived_cause(std::size_t i, std::size_t p) const {
  check(i, p);
  const std::size_t k = i * snap_->P + p;
  return make_cause(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(p), cause_kind_.at(k), cause_ref_.at(k));
}

cause assessment::cause_of(std::size_t i, std::size_t p) const {
  check(i, p);
  if (has_override(i, p)) {
    cause c;
    c.kind = cause_kind::override_;
    c.effect = to_string(static_cast<override_effect>(values_.ovr_effect.at(i * snap_->P + p)));
    return c;
  }
  return derived_cause(i, p);
}

std::vector<explain_step> assessment::explain(std::string_view id_, std::size_t p) const {
  std::size_t v = index(id_);
  if (p >= properties()) {
    throw model_error(std::string(id_), "property index " + std::to_string(p) + " out of range");
  }
  std::vector<explain_step> path;
  std::string via;
  // A chain visits each asset at most once (causes are acyclic by
  // construction); the bound turns a broken invariant into an error, not a hang.
  for (std::size_t steps = 0; steps <= size(); ++steps) {
    explain_step st;
    st.asset = std::string(id(v));
    st.level = effective(v, p);
    st.cause = cause_of(v, p);
    st.via = via;
    const bool follow = st.cause.kind == cause_kind::edge;
    std::size_t next = 0;
    if (follow) {
      const std::uint32_t e = cause_ref_[v * snap_->P + p];
      next = snap_->in_src[e];
      via = snap_->type_names[snap_->in_code[e] / 2];
    }
    path.push_back(std::move(st));
    if (!follow) {
      return path;
    }
    v = next;
  }
  throw error("explain: cause chain of " + std::string(id_) + " does not end (internal error)");
}

std::vector<origin> assessment::origins(std::string_view id_, std::size_t p) const {
  const auto& s = *snap_;
  const std::uint32_t P = s.P;
  const auto v0 = static_cast<std::uint32_t>(index(id_));
  if (p >= P) {
    throw model_error(std::string(id_), "property index " + std::to_string(p) + " out of range");
  }
  const slevel target = effective_[std::size_t{v0} * P + p];
  std::vector<origin> out;
  if (target == 0) {
    return out;
  }
  // Backward relaxation: need[u] = the smallest effective level of u that
  // alone gives `target` at v0 along some path. It only decreases, at most
  // `levels` times per asset, so the search is linear in the upstream cone.
  constexpr slevel unset = 0xFF;
  std::unordered_map<std::uint32_t, slevel> req;
  std::deque<std::uint32_t> work;
  req[v0] = target;
  work.push_back(v0);
  while (!work.empty()) {
    std::uint32_t w = work.front();
    work.pop_front();
    const slevel r = req[w];
    if (values_.ovr[std::size_t{w} * P + p] != 0) {
      continue; // an override cuts everything upstream
    }
    for (std::uint32_t e = s.in_off[w]; e < s.in_off[w + 1]; ++e) {
      slevel x = unset;
      for (slevel l = 1; l <= s.top[p]; ++l) {
        if (s.transfer(s.in_code[e], static_cast<std::uint32_t>(p), l) >= r) {
          x = l;
          break;
        }
      }
      if (x == unset) {
        continue;
      }
      const std::uint32_t u = s.in_src[e];
      auto it = req.find(u);
      if (it == req.end() || x < it->second) {
        req[u] = x;
        work.push_back(u);
      }
    }
  }
  std::vector<std::uint32_t> reached;
  reached.reserve(req.size());
  for (const auto& [u, r] : req) {
    reached.push_back(u);
  }
  std::sort(reached.begin(), reached.end());
  for (std::uint32_t u : reached) {
    const slevel r = req[u];
    const std::size_t i = std::size_t{u} * P + p;
    if (values_.ovr[i] != 0) {
      if (values_.ovr[i] >= r) {
        out.push_back({std::string((*s.ids)[u]), cause_kind::override_, static_cast<level_t>(values_.ovr[i] - 1)});
      }
      continue;
    }
    slevel own = values_.own[i] == 0xFF ? slevel{0} : values_.own[i];
    if (own != 0 && own >= r) {
      out.push_back({std::string((*s.ids)[u]), cause_kind::own, static_cast<level_t>(own - 1)});
    }
    auto cum = detail::cumulate(s, effective_, values_.kind[u], u, static_cast<std::uint32_t>(p));
    if (cum.level != 0 && cum.level >= r) {
      out.push_back({std::string((*s.ids)[u]), cause_kind::cumulation, static_cast<level_t>(cum.level - 1)});
    }
    slevel fl = s.floor[std::size_t{values_.kind[u]} * P + p];
    if (fl != 0 && fl >= r) {
      out.push_back({std::string((*s.ids)[u]), cause_kind::floor, static_cast<level_t>(fl - 1)});
    }
  }
  return out;
}

std::vector<deviation> assessment::deviations() const {
  std::vector<deviation> out;
  if (!snap_) {
    return out;
  }
  const auto& s = *snap_;
  const auto& sch = *s.scheme_ptr;
  const std::uint32_t P = s.P;
  for (std::uint32_t v = 0; v < s.n; ++v) {
    for (std::uint32_t p = 0; p < P; ++p) {
      const std::size_t i = std::size_t{v} * P + p;
      const auto& key = sch.properties[p].key;
      if (values_.ovr[i] != 0 && values_.ovr[i] < derived_[i]) {
        deviation d{deviation::what::lowering_override,
                    std::string((*s.ids)[v]),
                    p,
                    unshift(effective_[i]),
                    unshift(derived_[i]),
                    {}};
        d.message = "override lowers " + key + " from " + std::to_string(derived_[i] - 1) + " to " +
                    std::to_string(values_.ovr[i] - 1) + ": a deviation to accept";
        out.push_back(std::move(d));
      }
      if (values_.kind[v] == s.information_kind && values_.own[i] == 0) {
        deviation d{deviation::what::unassessed, std::string((*s.ids)[v]), p,
                    unshift(effective_[i]),      unshift(derived_[i]),     {}};
        d.message = "information without an assessment of " + key;
        out.push_back(std::move(d));
      }
      if (sch.separate_analysis_level && effective_[i] == *sch.separate_analysis_level + 1) {
        deviation d{deviation::what::separate_analysis,
                    std::string((*s.ids)[v]),
                    p,
                    unshift(effective_[i]),
                    unshift(derived_[i]),
                    {}};
        d.message =
            key + " at level " + std::to_string(*sch.separate_analysis_level) + ": a separate analysis is required";
        out.push_back(std::move(d));
      }
    }
  }
  return out;
}

bool operator==(const assessment& a, const assessment& b) {
  if (a.size() != b.size() || a.properties() != b.properties() || a.derived_ != b.derived_ ||
      a.effective_ != b.effective_ || a.cause_kind_ != b.cause_kind_ || a.values_.ovr != b.values_.ovr) {
    return false;
  }
  if (a.snap_ && (*a.snap_->ids != *b.snap_->ids)) {
    return false;
  }
  for (std::size_t i = 0; i < a.cause_kind_.size(); ++i) {
    if (a.cause_kind_[i] == static_cast<std::uint8_t>(cause_kind::edge)) {
      const auto ea = a.cause_ref_[i];
      const auto eb = b.cause_ref_[i];
      if (a.snap_->in_src[ea] != b.snap_->in_src[eb] || a.snap_->in_code[ea] / 2 != b.snap_->in_code[eb] / 2) {
        return false;
      }
    } else if (a.cause_ref_[i] != b.cause_ref_[i]) {
      return false;
    }
  }
  return true;
}

} // namespace infoclass::inline INFOCLASS_ABI
