// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/measures.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

using namespace infoclass;
using namespace infoclass::analysis;

TEST_CASE("measures: the default catalogue is well-formed and refers to ISO/IEC 27002:2022") {
  auto c = default_catalogue();
  CHECK(c.scheme_ptr->id == "se-klassa");
  CHECK(c.measures.size() >= 40);
  std::set<std::string> areas;
  for (const auto& me : c.measures) {
    CHECK_FALSE(me.title.empty());
    CHECK_FALSE(me.text.empty());
    CHECK_FALSE(me.requires_.empty());
    REQUIRE_FALSE(me.references.empty());
    CHECK(me.references[0].rfind("ISO/IEC 27002:2022 ", 0) == 0);
    areas.insert(me.id.substr(0, me.id.find('-')));
  }
  for (const char* area : {"AC", "LOG", "CRY", "BAK", "RED", "SUP", "PHY"}) {
    CHECK(areas.count(area) == 1);
  }
}

namespace {
model small() {
  return io::read_model(R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "journal", "kind": "information", "classification": {"K": 3, "R": 2, "T": 2, "S": 2}},
    {"id": "app", "kind": "application", "implemented": {"K": 3, "R": 1, "T": 2}, "measures": ["AC-01", "AC-02"]},
    {"id": "portal", "kind": "application"}],
    "dependencies": [{"from": "journal", "to": "app", "type": "processed_by"},
                     {"from": "portal", "to": "app", "type": "depends_on"}]})");
}
} // namespace

TEST_CASE("measures: required measures follow effective levels and kinds") {
  auto m = small();
  auto a = propagate(m);
  auto req = required_measures(a, a.index("app"), default_catalogue());
  CHECK(std::find(req.begin(), req.end(), "AC-03") != req.end());              // K >= 2
  CHECK(std::find(req.begin(), req.end(), "AC-06") != req.end());              // K >= 3
  CHECK(std::find(req.begin(), req.end(), "LOG-03") == req.end());             // S 2 < 3
  CHECK(std::find(req.begin(), req.end(), "PHY-01") == req.end());             // sites only
  CHECK(required_measures(a, a.index("portal"), default_catalogue()).empty()); // nothing flows to it
}

TEST_CASE("gaps: level gaps and missing measures, most severe first") {
  auto m = small();
  auto a = propagate(m);
  auto gs = gaps(m, a, default_catalogue());
  REQUIRE_FALSE(gs.empty());
  bool level_gap = false;
  for (const auto& g : gs) {
    if (g.kind == gap::what::level) {
      // app implements R1 (and no S) but needs R2, S2
      CHECK(g.asset == "app");
      CHECK((g.property == "R" || g.property == "S"));
      CHECK(g.dependents == 2);
      level_gap = true;
    } else {
      CHECK(g.measure != "AC-01"); // implemented
      CHECK(g.measure != "AC-02");
    }
  }
  CHECK(level_gap);
  for (std::size_t i = 1; i < gs.size(); ++i) {
    CHECK(gs[i - 1].severity >= gs[i].severity);
  }
  // S: implemented none -> gap of 3 levels (2 - (-1)) x (1 + 2 dependents)
  auto s_gap =
      std::find_if(gs.begin(), gs.end(), [](const gap& g) { return g.kind == gap::what::level && g.property == "S"; });
  REQUIRE(s_gap != gs.end());
  CHECK(s_gap->severity == 9);
}

TEST_CASE("measures: bad catalogues name the JSON pointer, a catalogue for another scheme is refused") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"infoclass_measures": 1, "id": "x", "scheme": "se-klassa", "measures": [{"id": "a", "title": "t", "requires": {"Q": 1}}]})",
       "/measures/0/requires/Q"},
      {R"({"infoclass_measures": 1, "id": "x", "scheme": "se-klassa", "measures": [{"id": "a", "title": "t", "requires": {"K": 9}}]})",
       "/measures/0/requires/K: not a level"},
      {R"({"infoclass_measures": 1, "id": "x", "scheme": "se-klassa", "measures": [{"id": "a", "title": "t", "requires": {}}]})",
       "/measures/0/requires"},
      {R"({"infoclass_measures": 1, "id": "x", "scheme": "se-klassa", "measures": [{"id": "a", "title": "t", "requires": {"K": 1}}, {"id": "a", "title": "t", "requires": {"K": 1}}]})",
       "/measures/1/id: empty or duplicate"},
      {R"({"infoclass_measures": 1, "id": "x", "scheme": "se-klassa", "measures": [{"id": "a", "title": "t", "requires": {"K": 1}, "kinds": ["Server"]}]})",
       "/measures/0/kinds/0"},
      {R"({"infoclass_measures": 3, "id": "x", "scheme": "se-klassa", "measures": []})", "/infoclass_measures"},
  };
  for (const auto& c : cases) {
    const std::string& text = c.first;
    const std::string& expected = c.second;
    INFO(text);
    try {
      (void)read_catalogue(text);
      FAIL("accepted");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
  model fips("us-fips-199");
  CHECK_THROWS_WITH_AS((void)gaps(fips, propagate(fips), default_catalogue()),
                       doctest::Contains("catalogue is for scheme se-klassa"), model_error);
}

namespace {
// The oracle of the dependents count: each asset's level gap names how many
// assets rely on it, which a walk backwards over `relied_on_by` counts.
void check_dependents(const model& m, const std::vector<std::vector<std::size_t>>& relied_on_by) {
  const std::size_t n = m.size();
  std::map<std::string, std::size_t> got;
  for (const auto& g : gaps(m, propagate(m), default_catalogue())) {
    if (g.kind == gap::what::level) {
      got[g.asset] = g.dependents;
    }
  }
  REQUIRE(got.size() == n);
  for (std::size_t v = 0; v < n; ++v) {
    std::vector<char> seen(n, 0);
    std::vector<std::size_t> todo{v};
    seen[v] = 1;
    std::size_t count = 0;
    while (!todo.empty()) {
      const std::size_t x = todo.back();
      todo.pop_back();
      for (std::size_t u : relied_on_by[x]) {
        if (seen[u] == 0) {
          seen[u] = 1;
          ++count;
          todo.push_back(u);
        }
      }
    }
    CHECK_MESSAGE(got["a" + std::to_string(v)] == count, "asset a" << v << " of " << n);
  }
}
// n applications a0..a{n-1} at K 3 with nothing implemented: each has a
// level gap, which names its dependents.
model applications(std::size_t n) {
  model m(scheme::preset("se-klassa"));
  for (std::size_t i = 0; i < n; ++i) {
    asset a;
    a.id = "a" + std::to_string(i);
    a.kind = "application";
    a.own = classification::of({3, std::nullopt, std::nullopt, std::nullopt});
    a.implemented = classification::of({0, std::nullopt, std::nullopt, std::nullopt});
    m.add_asset(a);
  }
  return m;
}
} // namespace

TEST_CASE("property: gaps count every asset that relies on an asset, directly or through others, once") {
  // Random graphs with cycles and parallel dependencies, large enough that
  // the counting runs in several passes of 512 assets; the oracle walks the
  // dependencies backwards from each asset.
  std::mt19937 rng(17);
  for (int round = 0; round < 12; ++round) {
    const std::size_t n = 1 + rng() % (round < 6 ? 40 : 1400);
    model m = applications(n);
    const std::size_t edges = rng() % (3 * n + 1);
    std::vector<std::vector<std::size_t>> relied_on_by(n);
    std::set<std::tuple<std::size_t, std::size_t, std::string>> added;
    for (std::size_t e = 0; e < edges; ++e) {
      const std::size_t from = rng() % n;
      // mostly towards higher numbers (layers), sometimes back (cycles)
      const std::size_t to = rng() % 5 == 0 ? rng() % n : std::min(n - 1, from + 1 + rng() % 30);
      const std::string type = rng() % 2 ? "depends_on" : "runs_on";
      if (from == to || !added.emplace(from, to, type).second) {
        continue;
      }
      m.add_dependency(m[from].id, m[to].id, type);
      relied_on_by[to].push_back(from);
    }
    check_dependents(m, relied_on_by);
  }
}

// The counting's passes take sources in an order of their own (those reaching
// much the same together), not in topological order: a pass must still start
// at the highest of its sources. Clusters of layers with links between
// clusters (as the synthetic benchmark model has) give passes whose sources
// reach different parts of the model.
TEST_CASE("property: gaps count dependents exactly on clusters linked to each other, in several passes") {
  std::mt19937 rng(29);
  for (int round = 0; round < 3; ++round) {
    const std::size_t clusters = 4 + round * 3;
    const std::size_t per = 300; // top 200 (sources), middle 70, bottom 30
    const std::size_t n = clusters * per;
    model m = applications(n);
    std::vector<std::vector<std::size_t>> relied_on_by(n);
    std::set<std::pair<std::size_t, std::size_t>> added;
    const auto link = [&](std::size_t from, std::size_t to) {
      if (from != to && added.emplace(from, to).second) {
        m.add_dependency(m[from].id, m[to].id, "depends_on");
        relied_on_by[to].push_back(from);
      }
    };
    for (std::size_t k = 0; k < clusters; ++k) {
      const std::size_t base = k * per;
      for (std::size_t i = 0; i < 200; ++i) {
        link(base + i, base + 200 + rng() % 70);
        if (rng() % 2 == 0) { // into another cluster's middle layer
          link(base + i, ((k + 1 + rng() % (clusters - 1)) % clusters) * per + 200 + rng() % 70);
        }
      }
      for (std::size_t i = 200; i < 270; ++i) {
        link(base + i, base + 270 + rng() % 30);
        if (rng() % 8 == 0) { // a cycle through the middle layer now and then
          link(base + 270 + rng() % 30, base + 200 + rng() % 70);
        }
      }
    }
    check_dependents(m, relied_on_by);
  }
}

// Chains: runs of assets each relied on by one and relying on one are
// counted from the one before (the passes skip them); chains that branch,
// merge, close cycles, repeat a dependency (two types) or lean on a shared
// asset, long enough for several passes.
TEST_CASE("property: gaps count dependents exactly along chains that branch, merge and close cycles") {
  std::mt19937 rng(41);
  for (int round = 0; round < 16; ++round) {
    const std::size_t n = 2 + rng() % (round < 8 ? 60 : 3000);
    model m = applications(n);
    std::vector<std::vector<std::size_t>> relied_on_by(n);
    std::set<std::tuple<std::size_t, std::size_t, std::string>> added;
    const auto link = [&](std::size_t from, std::size_t to, const std::string& type) {
      if (from != to && added.emplace(from, to, type).second) {
        m.add_dependency(m[from].id, m[to].id, type);
        relied_on_by[to].push_back(from);
      }
    };
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const auto r = rng() % 100;
      if (r < 80) {
        link(i, i + 1, "depends_on"); // the chain
      } else if (r < 85) {
        link(i, i + 1, "depends_on"); // the same link twice, by another type
        link(i, i + 1, "runs_on");
      } else if (r < 90) {
        link(i, std::min(n - 1, i + 1 + rng() % 50), "depends_on"); // skipping ahead: a merge further on
        link(i, i + 1, "depends_on");
      } else if (r < 94) {
        link(i, rng() % (i + 1), "depends_on"); // back: a cycle
        link(i, i + 1, "depends_on");
      } else if (r < 97) {
        link(i, n - 1, "runs_on"); // onto the shared last asset
      }
      // else: the chain breaks here
    }
    check_dependents(m, relied_on_by);
  }
}

TEST_CASE("gaps: the same with a progress callback, which is told every asset by the end") {
  auto m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  auto a = propagate(m);
  std::size_t last = 0;
  std::size_t total = 0;
  auto with = gaps(m, a, default_catalogue(), [&](std::string_view phase, std::size_t d, std::size_t t) {
    CHECK(phase == "gaps");
    last = d;
    total = t;
  });
  auto without = gaps(m, a, default_catalogue());
  REQUIRE(with.size() == without.size());
  for (std::size_t i = 0; i < with.size(); ++i) {
    CHECK(with[i].asset == without[i].asset);
    CHECK(with[i].severity == without[i].severity);
  }
  CHECK(total == m.size());
  CHECK(last == m.size());
}
