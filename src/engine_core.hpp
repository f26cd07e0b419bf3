// The engine's inner step, shared by propagation and the assessment's queries:
// recompute the candidate derived levels of one asset from the current effective
// levels of its dependents (a "pull").
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/detail/snapshot.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace infoclass::detail {

struct pulled {
  std::array<slevel, max_properties> level{};
  std::array<std::uint8_t, max_properties> kind{}; ///< cause_kind
  std::array<std::uint32_t, max_properties> ref{};
};

/// Cumulation value of `w` for property `p` (0 if no rule holds) and the rule
/// giving it; also the count of distinct dependents reaching that rule's threshold.
struct cum_result {
  slevel level = 0;
  std::uint32_t rule = 0;
  std::uint32_t count = 0;
};

inline std::uint32_t count_reaching(const snapshot& s, std::span<const slevel> eff, std::uint32_t w, std::uint32_t p,
                                    slevel threshold) {
  const std::uint32_t P = s.P;
  std::uint32_t count = 0;
  const std::uint32_t end = s.in_off[w + 1];
  std::uint32_t e = s.in_off[w];
  while (e < end) {
    const std::uint32_t u = s.in_src[e];
    slevel best = 0;
    for (; e < end && s.in_src[e] == u; ++e) {
      slevel t = s.transfer(s.in_code[e], p, eff[std::size_t{u} * P + p]);
      best = t > best ? t : best;
    }
    count += best >= threshold ? 1u : 0u;
  }
  return count;
}

inline cum_result cumulate(const snapshot& s, std::span<const slevel> eff, std::uint16_t kind, std::uint32_t w,
                           std::uint32_t p) {
  cum_result r;
  for (const auto& rule : s.cum[std::size_t{kind} * s.P + p]) {
    if (rule.yields <= r.level) {
      continue;
    }
    std::uint32_t c = count_reaching(s, eff, w, p, rule.threshold);
    if (c >= rule.at_least) {
      r = {rule.yields, rule.rule, c};
    }
  }
  return r;
}

/// Candidate derived levels of `w` with their causes, by the priority own,
/// edge (first in-edge reaching the maximum), cumulation, floor. `PF` is the
/// number of properties when known at compile time (0 = read it from `s`).
template <std::uint32_t PF = 0>
inline void pull(const snapshot& s, const asset_values& val, std::span<const slevel> eff, std::uint32_t w,
                 pulled& out) {
  const std::uint32_t P = PF != 0 ? PF : s.P;
  std::array<slevel, max_properties> in{};
  std::array<std::uint32_t, max_properties> in_edge{};
  const std::uint32_t end = s.in_off[w + 1];
  for (std::uint32_t e = s.in_off[w]; e < end; ++e) {
    const auto& table = s.lut[s.in_code[e]];
    const slevel* src = eff.data() + std::size_t{s.in_src[e]} * P;
    for (std::uint32_t p = 0; p < P; ++p) {
      slevel t = table[p][src[p]];
      if (t > in[p]) {
        in[p] = t;
        in_edge[p] = e;
      }
    }
  }
  const std::uint16_t k = val.kind[w];
  for (std::uint32_t p = 0; p < P; ++p) {
    slevel own = val.own[std::size_t{w} * P + p];
    own = own == 0xFF ? slevel{0} : own;
    slevel fl = s.floor[std::size_t{k} * P + p];
    cum_result cum;
    if (!s.cum[std::size_t{k} * P + p].empty()) {
      cum = cumulate(s, eff, k, w, p);
    }
    slevel best = own;
    auto kind = static_cast<std::uint8_t>(own ? cause_kind::own : cause_kind::none);
    std::uint32_t ref = 0;
    if (in[p] > best) {
      best = in[p];
      kind = static_cast<std::uint8_t>(cause_kind::edge);
      ref = in_edge[p];
    }
    if (cum.level > best) {
      best = cum.level;
      kind = static_cast<std::uint8_t>(cause_kind::cumulation);
      ref = cum.rule;
    }
    if (fl > best) {
      best = fl;
      kind = static_cast<std::uint8_t>(cause_kind::floor);
      ref = 0;
    }
    out.level[p] = best;
    out.kind[p] = kind;
    out.ref[p] = ref;
  }
}

} // namespace infoclass::detail
