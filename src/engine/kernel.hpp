// SPDX-License-Identifier: Apache-2.0
// The engine's inner step, shared by propagation and the assessment's queries:
// recompute the candidate derived levels of one asset from the current effective
// levels of its dependents (a "pull").
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/detail/in_level_counts.hpp"
#include "infoclass/detail/snapshot.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#if defined(__SSE2__)
#include "infoclass/version.hpp"
#include <emmintrin.h>
#endif

namespace infoclass::inline INFOCLASS_ABI::detail {

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

/// The derived level of (w, p) and its cause from the best transferred level
/// `in` (reached first by `in_edge`), by the priority own, edge, cumulation, floor.
inline void settle(const snapshot& s, const asset_values& val, std::span<const slevel> eff, std::uint32_t w,
                   std::uint32_t P, std::uint32_t p, slevel in, std::uint32_t in_edge, pulled& out) {
  const std::uint16_t k = val.kind[w];
  slevel own = val.own[std::size_t{w} * P + p];
  own = own == 0xFF ? slevel{0} : own;
  const slevel fl = s.floor[std::size_t{k} * P + p];
  cum_result cum;
  if (!s.cum[std::size_t{k} * P + p].empty()) {
    cum = cumulate(s, eff, k, w, p);
  }
  slevel best = own;
  auto kind = static_cast<std::uint8_t>(own ? cause_kind::own : cause_kind::none);
  std::uint32_t ref = 0;
  if (in > best) {
    best = in;
    kind = static_cast<std::uint8_t>(cause_kind::edge);
    ref = in_edge;
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
  for (std::uint32_t p = 0; p < P; ++p) {
    settle(s, val, eff, w, P, p, in[p], in_edge[p], out);
  }
}

/// `pull` for the properties in `mask` (bit p for property p) only; the
/// others of `out` are left as they were. One pass over the in-edges for one
/// property (what a lowering of one property resets), else `pull`.
inline void pull_some(const snapshot& s, const asset_values& val, std::span<const slevel> eff, std::uint32_t w,
                      std::uint32_t mask, pulled& out) {
  const std::uint32_t P = s.P;
  if (!std::has_single_bit(mask)) {
    pull(s, val, eff, w, out);
    return;
  }
  const auto p = static_cast<std::uint32_t>(std::countr_zero(mask));
  slevel in = 0;
  std::uint32_t in_edge = 0;
  const std::uint32_t end = s.in_off[w + 1];
  for (std::uint32_t e = s.in_off[w]; e < end; ++e) {
    const slevel t = s.lut[s.in_code[e]][p][eff[std::size_t{s.in_src[e]} * P + p]];
    if (t > in) {
      in = t;
      in_edge = e;
    }
  }
  settle(s, val, eff, w, P, p, in, in_edge, out);
}

/// `pull_some` for an asset whose in-edges' transferred levels are counted
/// (in_level_counts): the maximum is the highest level counted, and its first
/// in-edge comes from the set of those reaching it, where that edge is the
/// cause. False, with nothing written, where a cumulation rule of w's kind
/// applies (its count of distinct dependents reads every in-edge): then `pull`.
inline bool pull_counted(const snapshot& s, const asset_values& val, std::span<const slevel> eff, std::uint32_t w,
                         const in_level_counts& counts, std::uint32_t mask, pulled& out) {
  const std::uint32_t P = s.P;
  const std::uint16_t k = val.kind[w];
  for (std::uint32_t p = 0; p < P; ++p) {
    if (!s.cum[std::size_t{k} * P + p].empty()) {
      return false;
    }
  }
  for (std::uint32_t rest = mask; rest != 0; rest &= rest - 1) {
    const auto p = static_cast<std::uint32_t>(std::countr_zero(rest));
    const slevel in = counts.highest(w, p);
    const slevel own = val.own[std::size_t{w} * P + p] == 0xFF ? slevel{0} : val.own[std::size_t{w} * P + p];
    // The edge is the cause where it beats own and floor: only then is it read.
    const bool edge = in > own && in >= s.floor[std::size_t{k} * P + p];
    settle(s, val, eff, w, P, p, in, edge ? counts.first_reaching(s, w, p, in) : 0, out);
  }
  return true;
}

/// Per-code transfer of four packed properties (one byte each, property p in
/// byte p). A code whose transfer passes each property on unchanged or drops
/// it is a byte mask; any other code goes through the lookup table.
struct packed_transfers {
  std::vector<std::uint32_t> mask;  ///< [code], valid where `simple`
  std::vector<std::uint8_t> simple; ///< [code]
  /// No code transfers a level above itself (true of pass, block, cap and
  /// reduce): a dependent passes on at most its own effective level.
  bool never_raise = true;
  explicit packed_transfers(const snapshot& s) : mask(s.lut.size(), 0), simple(s.lut.size(), 1) {
    for (std::size_t c = 0; c < s.lut.size(); ++c) {
      for (std::uint32_t p = 0; p < 4 && p < s.P; ++p) {
        bool identity = true;
        bool none = true;
        for (std::size_t l = 0; l < lut_width; ++l) {
          identity = identity && s.lut[c][p][l] == l;
          none = none && s.lut[c][p][l] == 0;
          never_raise = never_raise && s.lut[c][p][l] <= l;
        }
        if (identity) {
          mask[c] |= 0xFFU << (8U * p);
        } else if (!none) {
          simple[c] = 0;
        }
      }
    }
  }
};

inline std::uint32_t load4(const slevel* p) noexcept {
  std::uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

/// Byte-wise "a > b" of four packed levels (each below 0x80): 0xFF where true.
inline std::uint32_t gt4(std::uint32_t a, std::uint32_t b) noexcept {
  // (b | 0x80) - a has its high bit clear exactly where a > b; no borrow
  // crosses a byte because every byte of (b | 0x80) exceeds every byte of a.
  const std::uint32_t gt = (((b | 0x80808080U) - a) & 0x80808080U) ^ 0x80808080U;
  return (gt - (gt >> 7U)) | gt; // 0x80 -> 0xFF in each byte, no borrow
}

/// 0xFF in every byte of `x` that is not zero (exact, no borrow between bytes).
inline std::uint32_t nonzero4(std::uint32_t x) noexcept {
  const std::uint32_t nz = (((x & 0x7F7F7F7FU) + 0x7F7F7F7FU) | x) & 0x80808080U;
  return (nz - (nz >> 7U)) | nz;
}

inline std::uint32_t select4(std::uint32_t mask, std::uint32_t a, std::uint32_t b) noexcept {
  return (a & mask) | (b & ~mask);
}

/// The four packed levels `l` through the transfer of code `c`.
inline std::uint32_t transfer4(const snapshot& s, const packed_transfers& pt, std::uint16_t c, std::uint32_t l) {
  if (pt.simple[c] != 0) {
    return l & pt.mask[c];
  }
  const auto& table = s.lut[c];
  return std::uint32_t{table[0][l & 0xFFU]} | (std::uint32_t{table[1][(l >> 8U) & 0xFFU]} << 8U) |
         (std::uint32_t{table[2][(l >> 16U) & 0xFFU]} << 16U) | (std::uint32_t{table[3][l >> 24U]} << 24U);
}

/// Per property (byte p of the result), the lowest of the levels `own[v * 4 + p]`,
/// with not applicable (0xFF) counted as none (0); 0x7F for no asset. With
/// SSE2 sixteen levels at a time, stopping once every property is at none.
inline std::uint32_t lowest_levels4(std::span<const slevel> own) {
  std::array<slevel, 16> low{};
  low.fill(0x7F);
  std::size_t i = 0;
#if defined(__SSE2__)
  {
    const __m128i na = _mm_set1_epi8(static_cast<char>(0xFF));
    __m128i acc = _mm_set1_epi8(0x7F);
    for (; i + 16 <= own.size(); i += 16) {
      __m128i x;
      std::memcpy(&x, own.data() + i, 16);
      acc = _mm_min_epu8(acc, _mm_andnot_si128(_mm_cmpeq_epi8(x, na), x));
      if ((i & 4095) == 0 && _mm_movemask_epi8(_mm_cmpeq_epi8(acc, _mm_setzero_si128())) == 0xFFFF) {
        return 0;
      }
    }
    std::memcpy(low.data(), &acc, 16);
  }
#endif
  for (std::size_t j = 0; i + j < own.size(); ++j) { // i is a multiple of 16: byte j is property j % 4
    const slevel l = own[i + j] == 0xFF ? slevel{0} : own[i + j];
    low[j % 16] = l < low[j % 16] ? l : low[j % 16];
  }
  std::uint32_t r = 0;
  for (std::uint32_t p = 0; p < 4; ++p) {
    const slevel m = std::min({low[p], low[p + 4], low[p + 8], low[p + 12]});
    r |= std::uint32_t{m} << (8U * p);
  }
  return r;
}

/// Whether gather4 uses SSE2 (every x86-64 build) or portable byte-wise code.
#if defined(__SSE2__)
inline constexpr bool simd_gather = true;
#else
inline constexpr bool simd_gather = false;
#endif

/// Maximum of the transferred levels over the in-edges of `w` (four packed
/// properties) and, per property, the first in-edge reaching it. Branch free
/// per edge but for codes that need the lookup table. `Simd` selects SSE2 for
/// the running maximum (the only chain between edges: one pmaxub) or the
/// portable byte-wise version; both give the same result (tested).
template <bool Simd = simd_gather>
inline std::uint32_t gather4(const snapshot& s, const packed_transfers& pt, const slevel* eff, std::uint32_t w,
                             std::array<std::uint32_t, 4>& in_edge) {
  std::uint32_t in = 0;
#if defined(__SSE2__)
  __m128i inv = _mm_setzero_si128();
#endif
  const std::uint32_t end = s.in_off[w + 1];
  const std::uint32_t* src = s.in_src.data();
  const std::uint16_t* code = s.in_code.data();
  for (std::uint32_t e = s.in_off[w]; e < end; ++e) {
    const std::uint32_t t = transfer4(s, pt, code[e], load4(eff + std::size_t{src[e]} * 4));
    std::uint32_t up = 0;
#if defined(__SSE2__)
    if constexpr (Simd) {
      const __m128i tv = _mm_cvtsi32_si128(static_cast<int>(t));
      up = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(tv, inv)));
      inv = _mm_max_epu8(inv, tv);
    }
#endif
    if constexpr (!Simd) {
      const std::uint32_t gt = gt4(t, in);
      up = (gt & 1U) | ((gt >> 7U) & 2U) | ((gt >> 14U) & 4U) | ((gt >> 21U) & 8U);
      in = select4(gt, t, in);
    }
    in_edge[0] = (up & 1U) != 0 ? e : in_edge[0];
    in_edge[1] = (up & 2U) != 0 ? e : in_edge[1];
    in_edge[2] = (up & 4U) != 0 ? e : in_edge[2];
    in_edge[3] = (up & 8U) != 0 ? e : in_edge[3];
  }
#if defined(__SSE2__)
  if constexpr (Simd) {
    in = static_cast<std::uint32_t>(_mm_cvtsi128_si32(inv));
  }
#endif
  return in;
}

/// `pull` for schemes of four properties.
inline void pull4(const snapshot& s, const packed_transfers& pt, const asset_values& val, std::span<const slevel> eff,
                  std::uint32_t w, pulled& out) {
  std::array<std::uint32_t, 4> in_edge{};
  const std::uint32_t in = gather4(s, pt, eff.data(), w, in_edge);
  for (std::uint32_t p = 0; p < 4; ++p) {
    settle(s, val, eff, w, 4, p, static_cast<slevel>(in >> (8U * p)), in_edge[p], out);
  }
}

/// Candidate derived levels of `w` (four packed properties), their causes
/// (cause_kind per byte) and, per property, the in-edge of an edge cause (else
/// 0): what `pull4` gives for an asset whose kind has no cumulation rule, by the
/// same priority own, edge (first in-edge reaching the maximum), floor.
struct candidate4 {
  std::uint32_t best = 0;
  std::uint32_t kind = 0;
  std::array<std::uint32_t, 4> ref{};
};

/// `candidate` from the maximum `in` of w's transferred levels, reached first
/// by `in_edge` (what gather4 gives).
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
inline candidate4
settle4(const snapshot& s, const asset_values& val, std::uint32_t w, std::uint32_t in,
        const std::array<std::uint32_t, 4>& in_edge) {
  constexpr auto rep = [](cause_kind k) { return std::uint32_t{static_cast<std::uint8_t>(k)} * 0x01010101U; };
  const std::size_t b = std::size_t{w} * 4;
  std::uint32_t own = load4(val.own.data() + b);
  own &= nonzero4(~own); // not applicable (0xFF) counts as no level
  const std::uint32_t fl = load4(s.floor.data() + std::size_t{val.kind[w]} * 4);
  const std::uint32_t has_own = nonzero4(own);
  candidate4 c;
  c.kind = select4(has_own, rep(cause_kind::own), rep(cause_kind::none));
  const std::uint32_t up = gt4(in, own);
  c.best = select4(up, in, own);
  c.kind = select4(up, rep(cause_kind::edge), c.kind);
  const std::uint32_t upf = gt4(fl, c.best);
  c.best = select4(upf, fl, c.best);
  c.kind = select4(upf, rep(cause_kind::floor), c.kind);
  const std::uint32_t edge = up & ~upf;
  for (std::uint32_t p = 0; p < 4; ++p) {
    c.ref[p] = ((edge >> (8U * p)) & 1U) != 0 ? in_edge[p] : 0;
  }
  return c;
}

// Always inlined: called, it returned its causes through memory, which the
// caller read back wider than written (a store-forwarding stall per asset:
// 6% of a full run on the Debian graph).
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
inline candidate4
candidate(const snapshot& s, const packed_transfers& pt, const asset_values& val, const slevel* eff, std::uint32_t w) {
  std::array<std::uint32_t, 4> in_edge{};
  const std::uint32_t in = gather4(s, pt, eff, w, in_edge);
  return settle4(s, val, w, in, in_edge);
}

/// w's effective levels where nothing comes in: its override, else the
/// higher of its own level (not applicable as none) and its floor.
inline std::uint32_t alone4(const snapshot& s, const asset_values& val, std::uint32_t w) {
  const std::size_t b = std::size_t{w} * 4;
  std::uint32_t own = load4(val.own.data() + b);
  own &= nonzero4(~own);
  const std::uint32_t fl = load4(s.floor.data() + std::size_t{val.kind[w]} * 4);
  const std::uint32_t ovr = load4(val.ovr.data() + b);
  return select4(nonzero4(ovr), ovr, select4(gt4(fl, own), fl, own));
}

/// Writes candidate `c` of `w` as its derived levels and causes, and its
/// effective levels (its override where it has one).
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
inline void
write4(const asset_values& val, const candidate4& c, slevel* eff, slevel* derived, std::uint8_t* ckind,
       std::uint32_t* cref, std::uint32_t w) {
  const std::size_t b = std::size_t{w} * 4;
  for (std::uint32_t p = 0; p < 4; ++p) {
    cref[b + p] = c.ref[p];
  }
  std::memcpy(derived + b, &c.best, 4);
  std::memcpy(ckind + b, &c.kind, 4);
  const std::uint32_t ovr = load4(val.ovr.data() + b);
  const std::uint32_t e = select4(nonzero4(ovr), ovr, c.best);
  std::memcpy(eff + b, &e, 4);
}

/// `solve4` from what the lit dependents of `w` pushed to it: the highest
/// transferred level per property in w's derived slots and the least in-edge
/// giving it in its cause references (sparse levels in a full run).
inline void solve4_pushed(const snapshot& s, const asset_values& val, slevel* eff, slevel* derived, std::uint8_t* ckind,
                          std::uint32_t* cref, std::uint32_t w) {
  const std::size_t b = std::size_t{w} * 4;
  const std::array<std::uint32_t, 4> in_edge{cref[b], cref[b + 1], cref[b + 2], cref[b + 3]};
  write4(val, settle4(s, val, w, load4(derived + b), in_edge), eff, derived, ckind, cref, w);
}

/// What `solve4` gives for `w` where no in-edge transfers a level above w's
/// own (none is then a cause, and reading them gives the same result), but
/// its references, which are all 0: the caller writes them. Returns w's
/// effective levels.
inline std::uint32_t solve4_alone(const snapshot& s, const asset_values& val, slevel* eff, slevel* derived,
                                  std::uint8_t* ckind, std::uint32_t w) {
  const candidate4 c = settle4(s, val, w, 0, {});
  const std::size_t b = std::size_t{w} * 4;
  std::memcpy(derived + b, &c.best, 4);
  std::memcpy(ckind + b, &c.kind, 4);
  const std::uint32_t ovr = load4(val.ovr.data() + b);
  const std::uint32_t e = select4(nonzero4(ovr), ovr, c.best);
  std::memcpy(eff + b, &e, 4);
  return e;
}

/// Solves an asset outside any cycle whose kind has no cumulation rule, in a
/// full run of four properties: its dependents are final, so its derived
/// levels, causes and effective levels are written once, without comparing
/// with earlier values. Same result as `pull4` followed by the full run's update.
inline void solve4(const snapshot& s, const packed_transfers& pt, const asset_values& val, slevel* eff, slevel* derived,
                   std::uint8_t* ckind, std::uint32_t* cref, std::uint32_t w) {
  write4(val, candidate(s, pt, val, eff, w), eff, derived, ckind, cref, w);
}

/// One step of the chaotic iteration inside a cycle for an asset whose kind
/// has no cumulation rule (four properties): the levels that the candidate
/// raises are written with their causes, effective levels too where there is
/// no override. Returns whether an effective level rose. Same as `pull4`
/// followed by the full run's per-property update.
inline bool raise4(const snapshot& s, const packed_transfers& pt, const asset_values& val, slevel* eff, slevel* derived,
                   std::uint8_t* ckind, std::uint32_t* cref, std::uint32_t w) {
  const candidate4 c = candidate(s, pt, val, eff, w);
  const std::size_t b = std::size_t{w} * 4;
  const std::uint32_t der = load4(derived + b);
  const std::uint32_t rise = gt4(c.best, der);
  if (rise == 0) {
    return false;
  }
  const std::uint32_t d = select4(rise, c.best, der);
  const std::uint32_t k = select4(rise, c.kind, load4(ckind + b));
  std::memcpy(derived + b, &d, 4);
  std::memcpy(ckind + b, &k, 4);
  for (std::uint32_t p = 0; p < 4; ++p) {
    cref[b + p] = ((rise >> (8U * p)) & 1U) != 0 ? c.ref[p] : cref[b + p];
  }
  const std::uint32_t free = rise & ~nonzero4(load4(val.ovr.data() + b));
  if (free == 0) {
    return false;
  }
  const std::uint32_t e = select4(free, c.best, load4(eff + b));
  std::memcpy(eff + b, &e, 4);
  return true;
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
