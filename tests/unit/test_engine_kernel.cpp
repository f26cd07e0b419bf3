// SPDX-License-Identifier: Apache-2.0
// White-box tests of the engine's packed kernels (src/engine/kernel.hpp): the
// only unit test that reaches below the public headers, because these
// kernels are checked against their plain per-property definitions.
#include "engine/access.hpp"
#include "engine/kernel.hpp"
#include "infoclass/propagation.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infoclass;
using infoclass::testing::random_model;

// The packed four-property gather: SSE2 and portable versions against a plain
// per-property maximum (first in-edge reaching it) on random models.
TEST_CASE("packed gather: SIMD and portable versions equal the per-property maximum") {
  std::mt19937 rng(4242);
  std::size_t models = 0;
  std::size_t edges = 0;
  for (int attempt = 0; attempt < 5000 && models < 300; ++attempt) {
    auto m = random_model(rng, 40);
    if (m.get_scheme().size() != 4) {
      continue;
    }
    ++models;
    auto a = propagate(m);
    const auto& s = infoclass::detail::assessment_access::snap(a);
    const auto eff = infoclass::detail::assessment_access::effective(a);
    const detail::packed_transfers pt(s);
    for (std::uint32_t w = 0; w < s.n; ++w) {
      std::array<std::uint32_t, 4> e_simd{};
      std::array<std::uint32_t, 4> e_port{};
      const std::uint32_t in_simd = detail::gather4<detail::simd_gather>(s, pt, eff.data(), w, e_simd);
      const std::uint32_t in_port = detail::gather4<false>(s, pt, eff.data(), w, e_port);
      for (std::uint32_t p = 0; p < 4; ++p) {
        detail::slevel best = 0;
        std::uint32_t first = 0;
        for (std::uint32_t e = s.in_off[w]; e < s.in_off[w + 1]; ++e) {
          const detail::slevel t = s.lut[s.in_code[e]][p][eff[std::size_t{s.in_src[e]} * 4 + p]];
          if (t > best) {
            best = t;
            first = e;
          }
        }
        edges += s.in_off[w + 1] - s.in_off[w];
        CHECK(static_cast<detail::slevel>(in_simd >> (8U * p)) == best);
        CHECK(static_cast<detail::slevel>(in_port >> (8U * p)) == best);
        if (best != 0) {
          CHECK(e_simd[p] == first);
          CHECK(e_port[p] == first);
        }
      }
    }
  }
  CHECK(models >= 100);
  CHECK(edges > 1000);
}

TEST_CASE("packed candidate and cycle step equal pull4 and the per-property update") {
  std::mt19937 rng(9090);
  std::size_t checked = 0;
  std::size_t rises = 0;
  for (int attempt = 0; attempt < 5000 && checked < 8000; ++attempt) {
    auto m = random_model(rng, 40);
    if (m.get_scheme().size() != 4) {
      continue;
    }
    std::shared_ptr<const detail::snapshot> snap;
    detail::asset_values val;
    detail::make_snapshot(m, snap, val);
    const auto& s = *snap;
    const detail::packed_transfers pt(s);
    const std::size_t NP = std::size_t{s.n} * 4;
    // Arbitrary current levels (below the top of each property) and causes.
    std::vector<detail::slevel> eff(NP);
    std::vector<detail::slevel> der(NP);
    std::vector<std::uint8_t> ck(NP);
    std::vector<std::uint32_t> cr(NP);
    for (std::size_t i = 0; i < NP; ++i) {
      const auto top = static_cast<std::uint32_t>(m.get_scheme().levels(i % 4));
      eff[i] = static_cast<detail::slevel>(rng() % (top + 1));
      der[i] = static_cast<detail::slevel>(rng() % (top + 1));
      ck[i] = static_cast<std::uint8_t>(rng() % 4);
      cr[i] = static_cast<std::uint32_t>(rng() % 1000);
    }
    for (std::uint32_t w = 0; w < s.n; ++w) {
      bool cum = false;
      for (std::uint32_t p = 0; p < 4; ++p) {
        cum = cum || !s.cum[std::size_t{val.kind[w]} * 4 + p].empty();
      }
      if (cum) {
        continue;
      }
      ++checked;
      detail::pulled pl;
      detail::pull4(s, pt, val, eff, w, pl);
      const auto c = detail::candidate(s, pt, val, eff.data(), w);
      // The reference update of the full run, property by property.
      auto e2 = eff;
      auto d2 = der;
      auto k2 = ck;
      auto r2 = cr;
      bool rose = false;
      for (std::uint32_t p = 0; p < 4; ++p) {
        CHECK(static_cast<detail::slevel>(c.best >> (8U * p)) == pl.level[p]);
        CHECK(static_cast<std::uint8_t>(c.kind >> (8U * p)) == pl.kind[p]);
        CHECK(c.ref[p] == pl.ref[p]);
        const std::size_t i = std::size_t{w} * 4 + p;
        if (pl.level[p] > d2[i]) {
          d2[i] = pl.level[p];
          k2[i] = pl.kind[p];
          r2[i] = pl.ref[p];
          if (val.ovr[i] == 0) {
            e2[i] = pl.level[p];
            rose = true;
          }
        }
      }
      rises += rose ? 1 : 0;
      CHECK(detail::raise4(s, pt, val, eff.data(), der.data(), ck.data(), cr.data(), w) == rose);
      CHECK(eff == e2);
      CHECK(der == d2);
      CHECK(ck == k2);
      CHECK(cr == r2);
    }
  }
  CHECK(checked >= 8000);
  CHECK(rises > 1000);
}

TEST_CASE("byte-wise helpers of the packed engine, exhaustively over levels") {
  for (std::uint32_t a = 0; a < 10; ++a) {
    for (std::uint32_t b = 0; b < 10; ++b) {
      const std::uint32_t x = a | (b << 8U) | (9U << 16U) | (a << 24U);
      const std::uint32_t y = b | (a << 8U) | (0U << 16U) | (9U << 24U);
      const std::uint32_t gt = detail::gt4(x, y);
      CHECK(((gt & 0xFFU) == 0xFFU) == (a > b));
      CHECK(((gt >> 8U) & 0xFFU) == (b > a ? 0xFFU : 0U));
      CHECK(((gt >> 16U) & 0xFFU) == 0xFFU);
      CHECK(((gt >> 24U) & 0xFFU) == (a > 9 ? 0xFFU : 0U));
      const std::uint32_t nz = detail::nonzero4(x);
      CHECK((nz & 0xFFU) == (a != 0 ? 0xFFU : 0U));
      CHECK(((nz >> 8U) & 0xFFU) == (b != 0 ? 0xFFU : 0U));
      CHECK(detail::select4(0x00FF00FFU, x, y) == ((x & 0x00FF00FFU) | (y & 0xFF00FF00U)));
    }
  }
  CHECK(detail::nonzero4(0xFF000100U) == 0xFF00FF00U);
}
