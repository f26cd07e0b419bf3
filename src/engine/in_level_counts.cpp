// SPDX-License-Identifier: Apache-2.0
#include "infoclass/detail/in_level_counts.hpp"

#include "infoclass/version.hpp"
#include <bit>

namespace infoclass::inline INFOCLASS_ABI::detail {

namespace {
constexpr std::size_t set_levels = lut_width - 1; // level 0 is never asked for
} // namespace

void in_level_counts::build(const std::shared_ptr<const snapshot>& s, std::span<const slevel> eff) {
  for_.reset();
  const snapshot& g = *s;
  const std::uint32_t P = g.P;
  props_ = P;
  bits_.assign((std::size_t{g.n} + 63) / 64, 0);
  rank_.assign(bits_.size(), 0);
  assets_.clear();
  std::size_t words = 0;
  for (std::uint32_t w = 0; w < g.n; ++w) {
    if ((w & 63) == 0) {
      rank_[w >> 6] = static_cast<std::uint32_t>(assets_.size());
    }
    const std::uint32_t degree = g.in_off[w + 1] - g.in_off[w];
    if (degree >= min_in_degree) {
      const std::uint32_t nw = (degree + 63) / 64;
      assets_.push_back({words, nw, g.in_off[w]});
      words += std::size_t{nw} * P * set_levels;
      bits_[w >> 6] |= std::uint64_t{1} << (w & 63);
    }
  }
  counts_.assign(assets_.size() * P * lut_width, 0);
  sets_.assign(words, 0);
  for (std::uint32_t w = 0; w < g.n; ++w) {
    if (!counted(w)) {
      continue;
    }
    const std::size_t i = slot(w);
    const counted_asset& a = assets_[i];
    std::uint32_t* c = counts_.data() + i * P * lut_width;
    std::uint64_t* sets = sets_.data() + a.set_off;
    for (std::uint32_t e = g.in_off[w]; e < g.in_off[w + 1]; ++e) {
      const std::uint32_t k = e - a.in_first;
      const slevel* src = eff.data() + std::size_t{g.in_src[e]} * P;
      const auto& table = g.lut[g.in_code[e]];
      for (std::uint32_t p = 0; p < P; ++p) {
        const slevel l = table[p][src[p]];
        ++c[p * lut_width + l];
        if (l != 0) {
          sets[(p * set_levels + l - 1) * a.words + k / 64] |= std::uint64_t{1} << (k % 64);
        }
      }
    }
  }
  for_ = s;
}

slevel in_level_counts::highest(std::uint32_t w, std::uint32_t p) const noexcept {
  const std::uint32_t* c = counts_.data() + (slot(w) * props_ + p) * lut_width;
  std::size_t l = lut_width - 1;
  while (l > 0 && c[l] == 0) {
    --l;
  }
  return static_cast<slevel>(l);
}

std::uint32_t in_level_counts::first_reaching(const snapshot& s, std::uint32_t w, std::uint32_t p,
                                              slevel l) const noexcept {
  const counted_asset& a = assets_[slot(w)];
  const std::uint64_t* set = sets_.data() + a.set_off + (p * set_levels + l - 1) * a.words;
  for (std::uint32_t k = 0; k < a.words; ++k) {
    if (set[k] != 0) {
      return a.in_first + k * 64 + static_cast<std::uint32_t>(std::countr_zero(set[k]));
    }
  }
  return s.in_off[w + 1]; // none (the counts say there is one)
}

void in_level_counts::move(const snapshot& s, std::uint32_t u, std::uint32_t p, slevel from, slevel to) noexcept {
  if (assets_.empty() || from == to) {
    return;
  }
  for (std::uint32_t o = s.out_off[u]; o < s.out_off[u + 1]; ++o) {
    const std::uint32_t w = s.out_dst[o];
    if (!counted(w)) {
      continue;
    }
    const std::uint32_t e = s.out_in[o];
    const std::uint16_t code = s.in_code[e];
    const slevel x = s.transfer(code, p, from);
    const slevel y = s.transfer(code, p, to);
    if (x == y) {
      continue;
    }
    const std::size_t i = slot(w);
    std::uint32_t* c = counts_.data() + (i * props_ + p) * lut_width;
    --c[x];
    ++c[y];
    const counted_asset& a = assets_[i];
    const std::uint32_t k = e - a.in_first;
    std::uint64_t* sets = sets_.data() + a.set_off + std::size_t{p} * set_levels * a.words + k / 64;
    const std::uint64_t bit = std::uint64_t{1} << (k % 64);
    if (x != 0) {
      sets[std::size_t{x - 1U} * a.words] &= ~bit;
    }
    if (y != 0) {
      sets[std::size_t{y - 1U} * a.words] |= bit;
    }
  }
}

bool in_level_counts::agrees(const snapshot& s, std::span<const slevel> eff) const {
  auto shared = for_.lock();
  if (!shared || shared.get() != &s) {
    return false;
  }
  in_level_counts fresh;
  fresh.build(shared, eff);
  return fresh.bits_ == bits_ && fresh.counts_ == counts_ && fresh.sets_ == sets_;
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
