// SPDX-License-Identifier: Apache-2.0
// Checks and random changes shared by the engine's property tests (unit and
// allocation-failure tests); white-box: reads the engine's arrays.
#pragma once

#include "engine/access.hpp"
#include "infoclass/error.hpp"
#include "infoclass/propagation.hpp"
#include "random_model.hpp"

#include <algorithm>
#include <random>
#include <string>

namespace infoclass::testing {

// Levels equal, and causes of every asset outside a cycle of `full`.
inline bool same_causes_outside_cycles(const assessment& inc, const assessment& full) {
  if (!std::ranges::equal(infoclass::detail::assessment_access::effective(inc),
                          infoclass::detail::assessment_access::effective(full)) ||
      !std::ranges::equal(infoclass::detail::assessment_access::derived(inc),
                          infoclass::detail::assessment_access::derived(full))) {
    return false;
  }
  const auto& s = infoclass::detail::assessment_access::snap(full);
  for (std::size_t v = 0; v < full.size(); ++v) {
    const auto c = s.comp[v];
    if (s.comp_off[c + 1] - s.comp_off[c] > 1) {
      continue;
    }
    for (std::size_t p = 0; p < full.properties(); ++p) {
      if (!(inc.derived_cause(v, p) == full.derived_cause(v, p))) {
        return false;
      }
    }
  }
  return true;
}

// One random change of `m`: a level set or cleared, an override set or
// cleared, a dependency added or removed (never one a group needs).
inline void random_change(model& m, std::mt19937& rng) {
  const auto& s = m.get_scheme();
  const std::size_t n = m.size();
  const std::string id = "a" + std::to_string(rng() % n);
  const std::size_t p = rng() % s.size();
  switch (rng() % 6) {
  case 0: m.set_level(id, p, static_cast<level_t>(rng() % s.levels(p))); break;
  case 1: m.set_level(id, p, std::nullopt); break;
  case 2: m.set_override(id, p, {static_cast<level_t>(rng() % s.levels(p)), override_effect::manual, "x"}); break;
  case 3: m.clear_override(id, p); break;
  case 4: {
    const std::string to = "a" + std::to_string(rng() % n);
    const auto& types = m.resolved().type_names;
    try {
      m.add_dependency(id, to, types[rng() % types.size()], rng() % 2 ? "g0" : "");
    } catch (const model_error&) {
    }
    break;
  }
  case 5: {
    auto deps = m.dependencies();
    if (!deps.empty()) {
      auto d = deps[rng() % deps.size()];
      // Not a member a group needs all of (that k > n is refused before a
      // propagation: test_redundancy.cpp).
      std::uint32_t members = 0;
      std::uint32_t need = 1;
      for (const auto& o : deps) {
        if (!d.group.empty() && o.from == d.from && o.group == d.group) {
          ++members;
          need = o.need != 0 ? o.need : need;
        }
      }
      if (d.group.empty() || members > need) {
        m.remove_dependency(std::string(d.from), std::string(d.to), std::string(d.type));
      }
    }
    break;
  }
  }
}

// A random model grown to 100..159 assets, with one to three hubs: assets
// that most others depend on (at least in_level_counts::min_in_degree in-edges,
// so that updates pull them from counts).
inline model random_model_with_hubs(std::mt19937& rng) {
  auto m = random_model(rng, 40);
  const auto& s = m.get_scheme();
  const auto& kinds = test_kinds();
  const std::size_t total = 100 + rng() % 60;
  for (std::size_t v = m.size(); v < total; ++v) {
    asset a;
    a.id = "a" + std::to_string(v);
    a.kind = kinds[rng() % kinds.size()];
    a.own = classification::none(s.size());
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (rng() % 3 == 0) {
        a.own.set(p, static_cast<level_t>(rng() % s.levels(p)));
      }
    }
    m.add_asset(a);
  }
  const auto& types = m.resolved().type_names;
  for (std::uint32_t h = 0, hubs = 1 + static_cast<std::uint32_t>(rng() % 3); h < hubs; ++h) {
    const std::string hub = "a" + std::to_string(rng() % total);
    for (std::size_t v = 0; v < total; ++v) {
      const std::string from = "a" + std::to_string(v);
      if (rng() % 4 != 0 && from != hub) {
        try {
          m.add_dependency(from, hub, types[rng() % types.size()]);
        } catch (const model_error&) { // already there
        }
      }
    }
  }
  return m;
}

} // namespace infoclass::testing
