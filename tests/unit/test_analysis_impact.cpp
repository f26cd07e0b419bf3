// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/impact.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

using namespace infoclass;
using namespace infoclass::analysis;

namespace {
model example() { return io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json"); }

asset make(std::string id, std::string kind, classification c = classification::none(4), std::string owner = "") {
  asset a;
  a.id = std::move(id);
  a.kind = std::move(kind);
  a.own = c;
  a.owner = std::move(owner);
  return a;
}
// The scheme's availability property, if it has one.
std::optional<std::size_t> availability_of(const scheme& s) {
  std::optional<std::size_t> p;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s.properties[k].role == role::availability) {
      p = k;
    }
  }
  return p;
}

// A random model of base + [0, spread) assets (if its scheme has an
// availability property), propagated, with a random threshold for it.
struct spof_case {
  model m;
  assessment a;
  std::size_t p;
  level_t threshold;
};
std::optional<spof_case> random_case(std::mt19937& rng, std::size_t base, std::size_t spread) {
  const std::size_t n = base + rng() % spread;
  auto m = infoclass::testing::random_model(rng, n);
  const auto p = availability_of(m.get_scheme());
  if (!p) {
    return std::nullopt;
  }
  auto a = propagate(m);
  const auto threshold = static_cast<level_t>(rng() % m.get_scheme().levels(*p));
  return spof_case{std::move(m), std::move(a), *p, threshold};
}

// What count_single_points_of_failure gives for these single points.
std::vector<single_point_count> counts_of(const std::vector<single_point>& found) {
  std::vector<single_point_count> counts;
  for (const auto& sp : found) {
    counts.push_back({sp.asset, sp.brings_down.size()});
  }
  return counts;
}
// What one simulation of x's failure brings down at or above the threshold
// (failure_set filtered), as the search lists it.
single_point simulated(const model& m, const assessment& a, std::size_t p, level_t threshold, std::size_t x) {
  single_point sp{m[x].id, {}};
  for (const auto& v : failure_set(m, m[x].id)) {
    const auto l = a.effective(a.index(v), p);
    if (v != m[x].id && l && *l >= threshold) {
      sp.brings_down.push_back(v);
    }
  }
  return sp;
}
// The search's counts on one and two threads, from m (with the engine's
// snapshot, if a propagation made one) and from a copy without it.
void check_counts(const model& m, const assessment& a, level_t threshold,
                  const std::vector<single_point_count>& counts) {
  const model fresh(m);
  for (const unsigned threads : {1U, 2U}) {
    spof_options o;
    o.threads = threads;
    CHECK(count_single_points_of_failure(m, a, threshold, o) == counts);
    CHECK(count_single_points_of_failure(fresh, a, threshold, o) == counts);
  }
}
// One simulation per asset: every single point of failure, model order.
std::vector<single_point> all_simulated(const model& m, const assessment& a, std::size_t p, level_t threshold) {
  std::vector<single_point> out;
  for (std::size_t x = 0; x < m.size(); ++x) {
    auto sp = simulated(m, a, p, threshold, x);
    if (!sp.brings_down.empty()) {
      out.push_back(std::move(sp));
    }
  }
  return out;
}
// Applications at availability 3 (`apps` of them, added interleaved with
// their servers so that dependents of one supporter lie on both sides of any
// split by dependent) on a server or a pair of servers, a server for every
// four applications, servers in 200 racks, racks in 20 rooms.
model layered(int apps) {
  model m;
  for (int r = 0; r < 20; ++r) {
    m.add_asset(make("room" + std::to_string(r), "site"));
  }
  for (int k = 0; k < 200; ++k) {
    m.add_asset(make("rack" + std::to_string(k), "site"));
    m.add_dependency("rack" + std::to_string(k), "room" + std::to_string(k % 20), "located_in");
  }
  for (int i = 0; i < apps; ++i) {
    const std::string app = "app" + std::to_string(i);
    if (i % 4 == 0) {
      const std::string srv = "srv" + std::to_string(i / 4);
      m.add_asset(make(srv, "server"));
      m.add_dependency(srv, "rack" + std::to_string((i * 7) % 200), "located_in");
    }
    m.add_asset(make(app, "application", {0, 0, 3, 0}));
    const int servers = i / 4 + 1;
    const std::string one = "srv" + std::to_string((i * 13) % servers);
    if (i % 3 == 0 && servers > 1) {
      const std::string two = "srv" + std::to_string((i * 13 + 1) % servers);
      m.add_dependency(app, one, "runs_on", "pair" + std::to_string(i));
      m.add_dependency(app, two, "runs_on", "pair" + std::to_string(i));
    } else {
      m.add_dependency(app, one, "runs_on");
    }
  }
  return m;
}
} // namespace

TEST_CASE("impact: a compromised directory service affects what depends on it, with paths and owners") {
  auto m = example();
  auto r = impact(m, "svc-katalog", 0);
  std::set<std::string> affected;
  for (const auto& a : r.affected) {
    affected.insert(a.asset);
    CHECK(a.path.front() == a.asset);
    CHECK(a.path.back() == "svc-katalog");
  }
  CHECK(affected.count("svc-idp") == 1);
  CHECK(affected.count("app-socialsystem") == 1); // through the identity provider
  CHECK(affected.count("socialakter") == 1);      // the information it processes
  CHECK(affected.count("svc-dns") == 1);          // the cycle
  CHECK(affected.count("svc-katalog") == 0);
  CHECK(std::find(r.owners.begin(), r.owners.end(), "Socialnämnden") != r.owners.end());
  const auto& soc =
      *std::find_if(r.affected.begin(), r.affected.end(), [](auto& a) { return a.asset == "socialakter"; });
  CHECK(soc.path == std::vector<std::string>{"socialakter", "app-socialsystem", "svc-idp", "svc-katalog"});
}

TEST_CASE("impact: a type that blocks the property stops it") {
  model m;
  m.add_asset(make("proc", "process"));
  m.add_asset(make("info", "information"));
  m.add_dependency("proc", "info", "uses");
  CHECK(impact(m, "info", 0).affected.empty()); // uses blocks confidentiality
  CHECK(impact(m, "info", 2).affected.size() == 1);
}

TEST_CASE("property: impact equals reverse reachability over passing dependencies") {
  std::mt19937 rng(3);
  for (int i = 0; i < 300; ++i) {
    auto m = infoclass::testing::random_model(rng, 20);
    const auto& r = m.resolved();
    const std::size_t p = rng() % m.get_scheme().size();
    const std::size_t src = rng() % m.size();
    // brute force: iterate "u depends on a reached asset through a passing edge" to a fixpoint
    std::set<std::string> reached{m[src].id};
    bool grew = true;
    while (grew) {
      grew = false;
      for (const auto& d : m.dependencies()) {
        auto t = r.type_transfers[*r.find_type(d.type)][p];
        if (t.op != transfer::kind::block && reached.count(std::string(d.to)) && !reached.count(std::string(d.from))) {
          reached.insert(std::string(d.from));
          grew = true;
        }
      }
    }
    reached.erase(m[src].id);
    std::set<std::string> got;
    for (const auto& a : impact(m, m[src].id, p).affected) {
      got.insert(a.asset);
      // every path is a chain of real, passing dependencies
      for (std::size_t k = 0; k + 1 < a.path.size(); ++k) {
        bool ok = false;
        for (const auto& d : m.dependencies()) {
          ok = ok || (d.from == a.path[k] && d.to == a.path[k + 1] &&
                      r.type_transfers[*r.find_type(d.type)][p].op != transfer::kind::block);
        }
        CHECK(ok);
      }
    }
    CHECK(got == reached);
  }
}

TEST_CASE("single points of failure: redundancy groups fail only as a whole") {
  model m;
  m.add_asset(make("app", "application", {0, 0, 3, 0}));
  m.add_asset(make("h1", "server"));
  m.add_asset(make("h2", "server"));
  m.add_asset(make("room", "site"));
  m.add_asset(make("db", "server"));
  m.add_dependency("app", "h1", "runs_on", "cluster");
  m.add_dependency("app", "h2", "runs_on", "cluster");
  m.add_dependency("h1", "room", "located_in");
  m.add_dependency("h2", "room", "located_in");
  m.add_dependency("app", "db", "depends_on");
  auto a = propagate(m);
  auto spof = single_points_of_failure(m, a, 3);
  std::vector<std::string> ids;
  for (const auto& s : spof) {
    ids.push_back(s.asset);
    CHECK(s.brings_down == std::vector<std::string>{"app"});
  }
  CHECK(ids == std::vector<std::string>{"room", "db"});
  CHECK(failure_set(m, "h1") == std::vector<std::string>{"h1"});
  CHECK(failure_set(m, "room") == std::vector<std::string>{"app", "h1", "h2", "room"});
}

TEST_CASE("single points of failure: a threshold outside the availability scale is refused, the top level counts") {
  model m;
  m.add_asset(make("app", "application", {0, 0, 4, 0}));
  m.add_asset(make("db", "server"));
  m.add_dependency("app", "db", "depends_on");
  const auto a = propagate(m);
  const auto top = static_cast<level_t>(m.get_scheme().levels(*availability_of(m.get_scheme())) - 1);
  // The highest level still counts: app is at it (a scale of five levels).
  REQUIRE(top == 4);
  CHECK(count_single_points_of_failure(m, a, top).size() == 1);
  const spof_options none;
  const std::string_view db[] = {"db"};
  // 255 wrapped to 0 when shifted by one (every asset counted): refused now,
  // by every call, naming the threshold and the scale's range.
  for (const int bad : {5, 200, 255}) {
    const auto th = static_cast<level_t>(bad);
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(
        static_cast<void>(single_points_of_failure(m, a, th)),
        ("threshold: level " + std::to_string(bad) + " is outside 0..4 of T in scheme se-klassa").c_str(), model_error);
    CHECK_THROWS_AS(static_cast<void>(count_single_points_of_failure(m, a, th)), model_error);
    CHECK_THROWS_AS(static_cast<void>(most_severe_single_points(m, a, th, 3, none)), model_error);
    CHECK_THROWS_AS(static_cast<void>(brought_down_by(m, a, th, db, none)), model_error);
  }
  CHECK_THROWS_WITH_AS(static_cast<void>(spof_threshold(m, -1)),
                       "threshold: level -1 is outside 0..4 of T in scheme se-klassa", model_error);
  CHECK_THROWS_AS(static_cast<void>(spof_threshold(m, 5)), model_error);
  CHECK(spof_threshold(m, 0) == 0);
  CHECK(spof_threshold(m, 4) == 4);
}

TEST_CASE("single points of failure: a group needing 2 of 4 falls when 3 members fail, not 2, in every batch slot") {
  // 300 applications, each on four servers of its own needing two: the
  // group falls at three failed members (the count equal to the threshold)
  // or four, not at two. A rack holds servers 1 and 2, a network 1 to 3, a
  // room all four. With 300 applications the candidates fill several
  // batches of 512, so every bit position of the search is used.
  model m;
  m.add_asset(make("room", "site"));
  for (int i = 0; i < 300; ++i) {
    const std::string s = std::to_string(i);
    m.add_asset(make("app" + s, "application", {0, 0, 3, 0}));
    m.add_asset(make("rack" + s, "site"));
    m.add_asset(make("net" + s, "network"));
    for (int k = 1; k <= 4; ++k) {
      const std::string h = "h" + s + "-" + std::to_string(k);
      m.add_asset(make(h, "server"));
      m.add_dependency("app" + s, h, "runs_on", "pool", 2);
      m.add_dependency(h, "room", "located_in");
      if (k <= 2) {
        m.add_dependency(h, "rack" + s, "located_in");
      }
      if (k <= 3) {
        m.add_dependency(h, "net" + s, "transmitted_over");
      }
    }
  }
  auto a = propagate(m);
  std::vector<single_point> expected;
  single_point room{"room", {}};
  for (int i = 0; i < 300; ++i) {
    room.brings_down.push_back("app" + std::to_string(i));
  }
  expected.push_back(room);
  for (int i = 0; i < 300; ++i) {
    expected.push_back({"net" + std::to_string(i), {"app" + std::to_string(i)}});
  }
  for (const unsigned threads : {1U, 2U}) {
    spof_options o;
    o.threads = threads;
    CHECK(single_points_of_failure(m, a, 3, o) == expected); // model order: room, then each net
    const auto counts = count_single_points_of_failure(m, a, 3, o);
    REQUIRE(counts.size() == expected.size());
    CHECK(counts[0].brings_down == 300);
    CHECK(counts[1] == single_point_count{"net0", 1});
  }
  CHECK(failure_set(m, "rack7") == std::vector<std::string>{"rack7", "h7-1", "h7-2"});
}

TEST_CASE(
    "single points of failure: a pass is as wide as its candidates need (64, 128, 256 or 512), each width right") {
  // c servers, each running one application at availability 3; every fifth
  // application runs on its server and the next one as a group needing one
  // (no single point there); servers stand in three rooms. The candidates
  // are the servers and the rooms, c + 3 of them: counts at each side of
  // every width's limit. The reference is failure_set (one worklist
  // simulation per failure).
  for (const std::size_t candidates : {6U, 64U, 65U, 128U, 129U, 256U, 257U, 512U, 513U, 700U}) {
    INFO(candidates << " candidates");
    const std::size_t c = candidates - 3;
    model m;
    for (int r = 0; r < 3; ++r) {
      m.add_asset(make("room" + std::to_string(r), "site"));
    }
    for (std::size_t i = 0; i < c; ++i) {
      m.add_asset(make("srv" + std::to_string(i), "server"));
      m.add_dependency("srv" + std::to_string(i), "room" + std::to_string(i % 3), "located_in");
    }
    for (std::size_t i = 0; i < c; ++i) {
      const std::string app = "app" + std::to_string(i);
      m.add_asset(make(app, "application", {0, 0, 3, 0}));
      if (i % 5 == 0 && i + 1 < c) {
        m.add_dependency(app, "srv" + std::to_string(i), "runs_on", "pair" + std::to_string(i));
        m.add_dependency(app, "srv" + std::to_string(i + 1), "runs_on", "pair" + std::to_string(i));
      } else {
        m.add_dependency(app, "srv" + std::to_string(i), "runs_on");
      }
    }
    const auto a = propagate(m);
    const std::size_t p = *availability_of(m.get_scheme());
    const level_t threshold = 3;
    std::vector<single_point> expected;
    std::vector<std::string_view> all;
    for (std::size_t x = 0; x < m.size(); ++x) {
      all.push_back(m.id(x));
      auto sp = simulated(m, a, p, threshold, x);
      if (!sp.brings_down.empty()) {
        expected.push_back(std::move(sp));
      }
    }
    // At least every server whose application runs on it alone.
    REQUIRE(expected.size() >= c - c / 5);
    for (const unsigned threads : {1U, 2U}) {
      spof_options o;
      o.threads = threads;
      CHECK(single_points_of_failure(m, a, threshold, o) == expected);
      CHECK(count_single_points_of_failure(m, a, threshold, o) == counts_of(expected));
      // Every asset named: as many passes' worth as there are assets.
      const auto named = brought_down_by(m, a, threshold, all, o);
      std::size_t k = 0;
      for (const auto& b : named) {
        if (k < expected.size() && b.asset == expected[k].asset) {
          CHECK(b.brings_down == expected[k].brings_down);
          ++k;
        } else {
          CHECK(b.brings_down.empty());
        }
      }
      CHECK(k == expected.size());
    }
  }
}

TEST_CASE("single points of failure: correct on cycles") {
  model m;
  m.add_asset(make("mail", "application", {0, 0, 3, 0}));
  m.add_asset(make("ad", "service"));
  m.add_asset(make("dns", "service"));
  m.add_asset(make("dc", "server"));
  m.add_dependency("mail", "ad", "depends_on");
  m.add_dependency("ad", "dns", "depends_on");
  m.add_dependency("dns", "ad", "depends_on");
  m.add_dependency("dns", "dc", "runs_on");
  auto spof = single_points_of_failure(m, propagate(m), 3);
  std::vector<std::string> ids;
  for (const auto& s : spof) {
    ids.push_back(s.asset);
  }
  CHECK(ids == std::vector<std::string>{"ad", "dns", "dc"});
  CHECK(failure_set(m, "dc") == std::vector<std::string>{"mail", "ad", "dns", "dc"});
}

TEST_CASE("single points of failure: the engine's order is used only for the structure it was made for") {
  // mail -> ad -> dc, and later dc -> mail: a cycle in which any one failure
  // brings down the other two. The order of the snapshot made before the
  // cycle (dc, ad, mail; no component a cycle) would miss some.
  model m;
  m.add_asset(make("mail", "application", {0, 0, 3, 0}));
  m.add_asset(make("ad", "service", {0, 0, 3, 0}));
  m.add_asset(make("dc", "server", {0, 0, 3, 0}));
  m.add_dependency("mail", "ad", "depends_on");
  m.add_dependency("ad", "dc", "depends_on");
  const auto before = propagate(m); // the model now caches the engine's snapshot and order
  const auto chain = single_points_of_failure(m, before, 3);
  REQUIRE(chain.size() == 2);
  CHECK(chain[0].asset == "ad");
  CHECK(chain[0].brings_down == std::vector<std::string>{"mail"});
  CHECK(chain[1].asset == "dc");
  CHECK(chain[1].brings_down == std::vector<std::string>{"mail", "ad"});
  // A change of values keeps the structure (the cached order may serve): the same.
  m.set_level("dc", 0, level_t{1});
  const auto valued = propagate(model(m)); // a copy: m's cache stays as it was
  CHECK(single_points_of_failure(m, valued, 3) == chain);
  // A change of structure: the order is made again.
  m.add_dependency("dc", "mail", "depends_on");
  const auto after = propagate(model(m));
  for (const unsigned threads : {1U, 2U}) {
    spof_options o;
    o.threads = threads;
    const auto cycle = single_points_of_failure(m, after, 3, o);
    REQUIRE(cycle.size() == 3);
    for (const auto& sp : cycle) {
      INFO(sp.asset);
      CHECK(sp.brings_down.size() == 2);
    }
    CHECK(single_points_of_failure(model(m), after, 3, o) == cycle);
  }
}

TEST_CASE("property: single points of failure agree with brute-force failure simulation") {
  std::mt19937 rng(8);
  for (int i = 0; i < 300; ++i) {
    auto m = infoclass::testing::random_model(rng, 14);
    const auto& s = m.get_scheme();
    const auto p = availability_of(s);
    if (!p) {
      continue;
    }
    auto a = propagate(m);
    const level_t threshold = static_cast<level_t>(rng() % s.levels(*p));
    const auto& r = m.resolved();
    const auto deps = m.dependencies();
    std::vector<single_point> expected;
    for (std::size_t x = 0; x < m.size(); ++x) {
      // naive: repeat "u fails if a single passing dependency failed, or all members of a group of >= 2"
      std::set<std::string> failed{m[x].id};
      bool grew = true;
      while (grew) {
        grew = false;
        for (std::size_t u = 0; u < m.size(); ++u) {
          const std::string& uid = m[u].id;
          if (failed.count(uid)) {
            continue;
          }
          // group -> (members, failed, need): a group fails when fewer than
          // k of its (availability-passing) members are left.
          struct tally {
            int members = 0, failed = 0, need = 1;
          };
          std::map<std::string, tally> groups;
          bool dies = false;
          for (const auto& d : deps) {
            if (d.from == uid && !d.group.empty() && d.need != 0) {
              groups[std::string(d.group)].need = static_cast<int>(d.need);
            }
          }
          for (const auto& d : deps) {
            if (d.from != uid || r.type_transfers[*r.find_type(d.type)][*p].op == transfer::kind::block) {
              continue;
            }
            if (!d.group.empty()) {
              auto& gm = groups[std::string(d.group)];
              ++gm.members;
              gm.failed += failed.count(std::string(d.to)) ? 1 : 0;
            }
          }
          for (const auto& d : deps) {
            if (d.from != uid || r.type_transfers[*r.find_type(d.type)][*p].op == transfer::kind::block) {
              continue;
            }
            const auto& gm = groups[std::string(d.group)];
            const bool grouped = !d.group.empty() && gm.members - gm.need >= 1; // a spare
            if (!grouped && failed.count(std::string(d.to))) {
              dies = true;
            }
          }
          for (const auto& [gname, gm] : groups) {
            if (gm.members - gm.need >= 1 && gm.members - gm.failed < gm.need) {
              dies = true;
            }
          }
          if (dies) {
            failed.insert(uid);
            grew = true;
          }
        }
      }
      single_point sp{m[x].id, {}};
      for (std::size_t v = 0; v < m.size(); ++v) {
        auto l = a.effective(v, *p);
        if (v != x && l && *l >= threshold && failed.count(m[v].id)) {
          sp.brings_down.push_back(m[v].id);
        }
      }
      if (!sp.brings_down.empty()) {
        expected.push_back(std::move(sp));
      }
      auto fs = failure_set(m, m[x].id);
      CHECK(std::set<std::string>(fs.begin(), fs.end()) == failed);
    }
    CHECK(single_points_of_failure(m, a, threshold) == expected);
    const auto counts = counts_of(expected);
    CHECK(count_single_points_of_failure(m, a, threshold) == counts);
  }
}

TEST_CASE("property: the bit-parallel search equals one simulation per candidate on larger models, with any threads") {
  // Models of hundreds of assets: several batches of 512 candidates, cycles,
  // groups needing k of n. The reference is failure_set (one worklist
  // simulation of one failure), filtered to the assets at the threshold.
  std::mt19937 rng(21);
  for (int i = 0; i < 12; ++i) {
    auto c = random_case(rng, 300, 700);
    if (!c) {
      continue;
    }
    const model& m = c->m; // (no structured binding: clang 14 cannot capture one in doctest's lambdas)
    const assessment& a = c->a;
    const std::size_t p = c->p;
    const level_t threshold = c->threshold;
    const auto expected = all_simulated(m, a, p, threshold);
    const auto counts = counts_of(expected);
    const model fresh(m); // no engine snapshot: the failure order is made by the search
    for (const unsigned threads : {1U, 2U, 3U}) {
      spof_options o;
      o.threads = threads;
      CHECK(single_points_of_failure(m, a, threshold, o) == expected);
      CHECK(count_single_points_of_failure(m, a, threshold, o) == counts);
      CHECK(single_points_of_failure(fresh, a, threshold, o) == expected);
    }
  }
}

TEST_CASE("single points of failure: hubs with hundreds of supporters and groups, evaluated over their ways in") {
  // A dependent with 256 or more supporters and group members is evaluated
  // over those of the current pass's region alone (a hub in every pass).
  // Hubs with 300-700 dependencies (ordinary ones and groups of two to
  // four needing one up to all), leaning on each other (a cycle of hubs in
  // some rounds), servers in chains below: against one simulation per
  // asset, on one and two threads, with and without the engine's snapshot.
  std::mt19937 rng(404);
  int wide_found = 0;
  for (int round = 0; round < 8; ++round) {
    model m(scheme::preset("se-klassa"));
    const int hubs = 2 + static_cast<int>(rng() % 3);
    const int servers = 700;
    for (int h = 0; h < hubs; ++h) {
      m.add_asset(make("hub" + std::to_string(h), "application",
                       classification({0, 0, static_cast<level_t>(2 + rng() % 3), 0})));
    }
    for (int i = 0; i < servers; ++i) {
      m.add_asset(make("s" + std::to_string(i), "server",
                       classification({0, 0, static_cast<level_t>(rng() % 8 == 0 ? 3 : 0), 0})));
    }
    const auto server = [&] { return "s" + std::to_string(rng() % servers); };
    for (int i = 1; i < servers; ++i) { // chains of servers (each on an earlier one, some in pairs)
      if (rng() % 3 == 0) {
        m.add_dependency("s" + std::to_string(i), "s" + std::to_string(rng() % i), "runs_on");
      }
    }
    for (int h = 0; h < hubs; ++h) {
      const std::string hub = "hub" + std::to_string(h);
      std::set<std::string> used;
      const int deps = 300 + static_cast<int>(rng() % 400);
      int group = 0;
      for (int d = 0; d < deps;) {
        if (rng() % 2 == 0) {
          const auto x = server();
          if (used.insert(x).second) {
            m.add_dependency(hub, x, "runs_on");
          }
          ++d;
          continue;
        }
        const int size = 2 + static_cast<int>(rng() % 3);
        std::vector<std::string> members;
        for (int k = 0; k < size; ++k) {
          if (auto x = server(); used.insert(x).second) {
            members.push_back(std::move(x));
          }
        }
        const std::string name = "g" + std::to_string(group++);
        for (std::size_t k = 0; k < members.size(); ++k) { // need stated on the first, up to all members
          m.add_dependency(hub, members[k], "runs_on", name,
                           k == 0 ? static_cast<std::uint32_t>(1 + rng() % members.size()) : 0U);
        }
        d += size;
      }
      if (h > 0 && (round % 2 == 0 || rng() % 2 == 0)) { // hubs leaning on each other: a cycle in even rounds
        m.add_dependency(hub, "hub" + std::to_string(h - 1), "depends_on");
        if (round % 2 == 0 && h == hubs - 1) {
          m.add_dependency("hub0", hub, "depends_on");
        }
      }
    }
    const auto a = propagate(m);
    const level_t threshold = static_cast<level_t>(2 + rng() % 2);
    const auto expected = all_simulated(m, a, 2, threshold);
    wide_found += static_cast<int>(expected.size());
    CAPTURE(round);
    check_counts(m, a, threshold, counts_of(expected));
    for (const unsigned threads : {1U, 2U}) {
      spof_options o;
      o.threads = threads;
      CHECK(single_points_of_failure(m, a, threshold, o) == expected);
    }
  }
  CHECK(wide_found > 100);
}

TEST_CASE("single points of failure: the members of a cycle of ordinary dependencies count alike, less themselves") {
  // Rings of servers that each run on the next (one failure brings a ring
  // down whole), joined by ordinary and grouped dependencies, with levels
  // set by hand below the threshold on some members: the search propagates
  // one member's failure per ring and gives the others its count, adjusted
  // for whether each is at the threshold itself. Against one simulation per
  // asset, on one and two threads, with and without the engine's snapshot.
  std::mt19937 rng(77);
  int mixed = 0;
  for (int round = 0; round < 25; ++round) {
    model m;
    const std::size_t rings = 3 + rng() % 12;
    std::vector<std::vector<std::string>> ring(rings);
    for (std::size_t r = 0; r < rings; ++r) {
      const std::size_t len = 1 + rng() % (round % 5 == 0 ? 700 : 40);
      for (std::size_t i = 0; i < len; ++i) {
        const std::string id = "r" + std::to_string(r) + "-" + std::to_string(i);
        m.add_asset(make(id, "server", {0, 0, static_cast<level_t>(rng() % 5), 0}));
        ring[r].push_back(id);
      }
      for (std::size_t i = 0; len > 1 && i < len; ++i) {
        m.add_dependency(ring[r][i], ring[r][(i + 1) % len], "runs_on");
      }
    }
    for (std::size_t r = 0; r + 1 < rings; ++r) { // ring r leans on a later ring, alone or with a spare
      const auto& from = ring[r][rng() % ring[r].size()];
      const auto& later = ring[r + 1 + rng() % (rings - r - 1)];
      if (rng() % 2 == 0) {
        m.add_dependency(from, later[rng() % later.size()], "depends_on");
      } else if (later.size() >= 2) {
        m.add_dependency(from, later[0], "depends_on", "pair");
        m.add_dependency(from, later[1], "depends_on", "pair");
      }
    }
    const level_t threshold = 2;
    for (const auto& members : ring) {
      for (const auto& id : members) {
        if (rng() % 6 == 0) {
          m.set_override(id, 2, override_entry{static_cast<level_t>(rng() % 2), override_effect::manual, "test"});
        }
      }
    }
    const auto a = propagate(m);
    const auto expected = all_simulated(m, a, 2, threshold);
    for (const auto& members : ring) { // rings whose members are at the threshold and below it
      std::set<bool> at;
      for (const auto& id : members) {
        const auto l = a.effective(a.index(id), 2);
        at.insert(l && *l >= threshold);
      }
      mixed += at.size() == 2 ? 1 : 0;
    }
    const auto counts = counts_of(expected);
    CAPTURE(round);
    check_counts(m, a, threshold, counts);
    for (const unsigned threads : {1U, 2U}) {
      spof_options o;
      o.threads = threads;
      const auto top = most_severe_single_points(m, a, threshold, 5, o);
      CHECK(top.total == counts.size());
    }
  }
  CHECK(mixed > 20);
}

TEST_CASE("property: brought_down_by names what the search lists, and max_names keeps the first in model order") {
  std::mt19937 rng(33);
  int tested = 0;
  for (int i = 0; i < 20; ++i) {
    auto c = random_case(rng, 200, 1200);
    if (!c) {
      continue;
    }
    const model& m = c->m;
    const assessment& a = c->a;
    const level_t threshold = c->threshold;
    const auto all = single_points_of_failure(m, a, threshold);
    // Every asset, in a shuffled order with repeats: one entry each, in the
    // order given; an asset that brings nothing down has an empty list.
    std::vector<std::string_view> ids;
    for (std::size_t v = 0; v < m.size(); ++v) {
      ids.push_back(m.id(v));
      if (v % 7 == 0) {
        ids.push_back(m.id(v));
      }
    }
    std::shuffle(ids.begin(), ids.end(), rng);
    std::map<std::string, std::vector<std::string>> want;
    for (const auto& sp : all) {
      want[sp.asset] = sp.brings_down;
    }
    for (const std::size_t limit : {std::numeric_limits<std::size_t>::max(), std::size_t{3}, std::size_t{0}}) {
      INFO("max_names " << limit);
      spof_options o;
      o.max_names = limit;
      o.threads = 1 + static_cast<unsigned>(i % 2);
      const auto got = brought_down_by(m, a, threshold, ids, o);
      REQUIRE(got.size() == ids.size());
      for (std::size_t k = 0; k < ids.size(); ++k) {
        CHECK(got[k].asset == ids[k]);
        auto expected = want.count(got[k].asset) ? want[got[k].asset] : std::vector<std::string>{};
        expected.resize(std::min(expected.size(), limit));
        CHECK(got[k].brings_down == expected);
      }
      // The search itself: the same single points, each list cut the same way.
      const auto cut = single_points_of_failure(m, a, threshold, o);
      REQUIRE(cut.size() == all.size());
      for (std::size_t k = 0; k < all.size(); ++k) {
        CHECK(cut[k].asset == all[k].asset);
        auto expected = all[k].brings_down;
        expected.resize(std::min(expected.size(), limit));
        CHECK(cut[k].brings_down == expected);
      }
    }
    tested += all.empty() ? 0 : 1;
  }
  CHECK(tested >= 5);
}

TEST_CASE("property: most_severe_single_points is the full list ranked by victims, cut to top and max_names") {
  // Reference: every single point with every victim (single_points_of_failure),
  // ranked by how many it brings down, ties in model order, then cut.
  std::mt19937 rng(57);
  int tested = 0;
  for (int i = 0; i < 16; ++i) {
    auto c = random_case(rng, 200, 1200);
    if (!c) {
      continue;
    }
    const model& m = c->m;
    const assessment& a = c->a;
    const level_t threshold = c->threshold;
    auto ranked = single_points_of_failure(m, a, threshold); // model order
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& x, const auto& y) { return x.brings_down.size() > y.brings_down.size(); });
    for (const std::size_t top : {std::size_t{0}, std::size_t{1}, std::size_t{5}, ranked.size() + 3}) {
      for (const std::size_t limit : {std::numeric_limits<std::size_t>::max(), std::size_t{2}}) {
        INFO("top " << top << ", max_names " << limit);
        spof_options o;
        o.max_names = limit;
        o.threads = 1 + static_cast<unsigned>(i % 2);
        const auto got = most_severe_single_points(m, a, threshold, top, o);
        CHECK(got.total == ranked.size());
        REQUIRE(got.most_severe.size() == std::min(top, ranked.size()));
        for (std::size_t k = 0; k < got.most_severe.size(); ++k) {
          const auto& r = got.most_severe[k];
          CHECK(r.asset == ranked[k].asset);
          CHECK(r.count == ranked[k].brings_down.size());
          auto names = ranked[k].brings_down;
          names.resize(std::min(names.size(), limit));
          CHECK(r.brings_down == names);
        }
      }
    }
    tested += ranked.size() >= 3 ? 1 : 0;
  }
  CHECK(tested >= 5);
}

TEST_CASE("counts of candidates with one dependent (a chain, a star, into a cycle) equal their failure sets") {
  // h (T 4) <- c1 <- ... <- c600 <- y1 <-> y2 <- z (each depends on the next):
  // every chain link and z has one dependent and takes its count from it,
  // z from y2, a member of a cycle whose first member's failure is
  // propagated; k (T 4) leans on 40 leaves, one each, and on a group of two
  // needing one (no link: one failed member leaves the other). Each count
  // equals the failure set's high assets less the candidate, and progress
  // is told the whole count also where no failure is propagated.
  model m;
  m.add_asset(make("h", "information", classification::of({0, 0, 4, 0})));
  m.add_asset(make("k", "information", classification::of({0, 0, 4, 0})));
  std::string prev = "h";
  for (int i = 1; i <= 600; ++i) {
    const std::string id = "c" + std::to_string(i);
    m.add_asset(make(id, "service"));
    m.add_dependency(prev, id, "depends_on");
    prev = id;
  }
  for (const char* id : {"y1", "y2", "z", "g1", "g2"}) {
    m.add_asset(make(id, "service"));
  }
  m.add_dependency(prev, "y1", "depends_on");
  m.add_dependency("y1", "y2", "depends_on");
  m.add_dependency("y2", "y1", "depends_on");
  m.add_dependency("y2", "z", "depends_on");
  for (int i = 0; i < 40; ++i) {
    m.add_asset(make("leaf" + std::to_string(i), "service"));
    m.add_dependency("k", "leaf" + std::to_string(i), "depends_on");
  }
  for (const char* id : {"g1", "g2"}) {
    m.add_dependency("k", id, "depends_on", "pair", 1);
  }
  const auto a = propagate(m);
  const auto& s = m.get_scheme();
  const auto p = *availability_of(s);
  const level_t threshold = 3;
  const auto check = [&](const std::vector<single_point_count>& counts) {
    std::map<std::string, std::size_t> got;
    for (const auto& c : counts) {
      got[c.asset] = c.brings_down;
    }
    for (std::size_t v = 0; v < m.size(); ++v) {
      const std::string id(m.id(v));
      std::size_t high = 0;
      for (const auto& x : failure_set(m, id)) {
        high += x != id && a.effective(a.index(x), p).value_or(0) >= threshold ? 1 : 0;
      }
      CHECK_MESSAGE((got.contains(id) ? got[id] : 0) == high, id);
    }
    CHECK(got["c600"] == 600); // h and c1 .. c599
    CHECK(got["z"] == 603);    // y1, y2, the chain and h
    CHECK(got["leaf7"] == 1);  // k
    CHECK_FALSE(got.contains("g1"));
  };
  for (const unsigned threads : {1U, 2U}) {
    std::size_t last_done = 0;
    std::size_t last_total = 0;
    spof_options o;
    o.threads = threads;
    o.progress = [&](std::string_view, std::size_t done, std::size_t total) {
      last_done = done;
      last_total = total;
    };
    check(count_single_points_of_failure(m, a, threshold, o));
    CHECK(last_total > 600);
    CHECK(last_done == last_total);
  }
  // A chain alone: every candidate stands for its dependent, none is propagated.
  model chain;
  chain.add_asset(make("top", "information", classification::of({0, 0, 4, 0})));
  for (int i = 1; i <= 50; ++i) {
    chain.add_asset(make("d" + std::to_string(i), "service"));
    chain.add_dependency(i == 1 ? "top" : "d" + std::to_string(i - 1), "d" + std::to_string(i), "depends_on");
  }
  std::size_t told = 0;
  spof_options o;
  o.progress = [&](std::string_view, std::size_t done, std::size_t total) { told = done == total ? total : 0; };
  const auto counts = count_single_points_of_failure(chain, propagate(chain), threshold, o);
  REQUIRE(counts.size() == 50);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    CHECK(counts[i].brings_down == i + 1); // d(i+1): top and d1 .. di
  }
  CHECK(told == 50);
}

TEST_CASE("most_severe_single_points refuses an assessment of another model and tells progress of the count") {
  auto c = [] {
    std::mt19937 rng(5);
    for (;;) {
      if (auto r = random_case(rng, 200, 600); r && !single_points_of_failure(r->m, r->a, r->threshold).empty()) {
        return std::move(*r);
      }
    }
  }();
  const model& m = c.m;
  const assessment& a = c.a;
  model other(m);
  other.add_asset({.id = "extra-asset-x", .kind = m[0].kind});
  CHECK_THROWS_AS((void)most_severe_single_points(other, a, c.threshold, 3), infoclass::error);
  std::size_t last_done = 0;
  std::size_t last_total = 0;
  spof_options o;
  o.progress = [&](std::string_view, std::size_t done, std::size_t total) {
    last_done = done;
    last_total = total;
  };
  (void)most_severe_single_points(m, a, c.threshold, 3, o);
  CHECK(last_total > 0);
  CHECK(last_done == last_total);
}

TEST_CASE("property: on a model large enough to be built in chunks, the search is the one-thread search") {
  // Above 8192 assets, with two threads, the failure graph is built in chunks
  // of 4096 assets or more (two, three or four here), claimed by the workers
  // in turn, then joined: groups and needs on both sides of the seams. The
  // one-thread search builds it whole (and equals the simulation, above).
  std::mt19937 rng(77);
  int tested = 0;
  bool three = false; // a model of three or more chunks among those tested
  for (int i = 0; i < 60 && (tested < 2 || !three); ++i) {
    auto m = infoclass::testing::random_model(rng, 20000); // of 1 .. 20000 assets
    const auto& s = m.get_scheme();
    const auto p = availability_of(s);
    const auto deps = m.dependencies();
    // Grouped dependencies of assets in the second half (pass 1 is by dependent).
    const auto grouped = std::count_if(
        deps.begin(), deps.end(), [&](const auto& d) { return !d.group.empty() && m.vertex(d.from) >= m.size() / 2; });
    if (!p || m.size() < 8192 || grouped == 0) {
      continue;
    }
    ++tested;
    three = three || m.size() >= 3 * 4096;
    auto a = propagate(m);
    spof_options one;
    spof_options two;
    two.threads = 2;
    const model fresh(m); // no engine snapshot: the failure order made by the search too
    for (level_t threshold = 0; threshold < s.levels(*p); ++threshold) {
      const auto expected = count_single_points_of_failure(m, a, threshold, one);
      CHECK(count_single_points_of_failure(m, a, threshold, two) == expected);
      CHECK(count_single_points_of_failure(fresh, a, threshold, two) == expected);
    }
    // The lists at the top level (the shortest).
    const auto top = static_cast<level_t>(s.levels(*p) - 1);
    const auto expected = single_points_of_failure(m, a, top, one);
    CHECK(single_points_of_failure(fresh, a, top, two) == expected);
  }
  CHECK(tested >= 2);
  CHECK(three);
}

TEST_CASE("single points of failure: a large layered model gives the same answer on one and two threads") {
  // 12,000 assets, added interleaved so that dependents of one supporter
  // lie on both sides of every split by dependent: applications at
  // availability 3 on a server or a pair of servers, servers in racks, racks
  // in rooms. On two threads the failure graph's index by supporter is
  // counted and written in two ranges of dependents; every count equals the
  // one-thread search's, and a sample equals one simulation per failure.
  const model m = layered(8000);
  REQUIRE(m.size() >= 8192);
  const auto a = propagate(m);
  const std::size_t p = *availability_of(m.get_scheme());
  spof_options two;
  two.threads = 2;
  for (const level_t threshold : {level_t{1}, level_t{3}}) {
    const auto expected = count_single_points_of_failure(m, a, threshold);
    REQUIRE(expected.size() > 200);
    CHECK(count_single_points_of_failure(m, a, threshold, two) == expected);
    const model fresh(m); // no engine snapshot
    CHECK(count_single_points_of_failure(fresh, a, threshold, two) == expected);
    for (std::size_t k = 0; k < expected.size(); k += 37) {
      std::size_t victims = 0;
      for (const auto& v : failure_set(m, expected[k].asset)) {
        const auto l = a.effective(a.index(v), p);
        victims += v != expected[k].asset && l && *l >= threshold ? 1 : 0;
      }
      CHECK(expected[k].brings_down == victims);
    }
  }
}

TEST_CASE("single points of failure: counts of more single points than one chunk of ids, on one and two threads") {
  // 20,000 servers, server i running i % 3 + 1 applications at availability
  // 3 of its own; every seventh one's applications run on it and a spare
  // server as a pair needing one, so that neither of the two is a single
  // point. The 17,142 single points' ids are copied in chunks of 8,192
  // claimed by the workers, between candidates that count nothing: each is
  // in its place, model order, with its own count.
  model m;
  constexpr int servers = 20000;
  std::vector<single_point_count> expected;
  for (int i = 0; i < servers; ++i) {
    const std::string s = std::to_string(i);
    m.add_asset(make("srv" + s, "server"));
    const bool paired = i % 7 == 0;
    if (paired) {
      m.add_asset(make("spare" + s, "server"));
    }
    const int apps = i % 3 + 1;
    for (int j = 0; j < apps; ++j) {
      const std::string app = "app" + s + "-" + std::to_string(j);
      m.add_asset(make(app, "application", {0, 0, 3, 0}));
      if (paired) {
        m.add_dependency(app, "srv" + s, "runs_on", "pair" + s + "-" + std::to_string(j));
        m.add_dependency(app, "spare" + s, "runs_on", "pair" + s + "-" + std::to_string(j));
      } else {
        m.add_dependency(app, "srv" + s, "runs_on");
      }
    }
    if (!paired) {
      expected.push_back({"srv" + s, static_cast<std::size_t>(apps)});
    }
  }
  const auto a = propagate(m);
  REQUIRE(expected.size() > 2 * 8192);
  for (const unsigned threads : {1U, 2U}) {
    spof_options o;
    o.threads = threads;
    const auto counts = count_single_points_of_failure(m, a, 3, o);
    REQUIRE(counts.size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
      CHECK(counts[k] == expected[k]);
    }
  }
}

TEST_CASE("single points of failure: many dependents below the threshold leaning on the candidates change nothing") {
  // A package graph's shape: a few libraries at the bottom (a chain, with
  // alternatives needing one of two), 30 applications at availability 3 on
  // them, and 15,000 applications at 0 on the same libraries, on each other in
  // cycles and in groups with libraries, that nothing at the threshold depends
  // on. Only the libraries and the 30 lie where a failure can reach an asset at
  // the threshold; the search looks at no other part, and gives what one
  // simulation per failure gives.
  model m;
  constexpr int libs = 40;
  for (int i = 0; i < libs; ++i) {
    const std::string lib = "lib" + std::to_string(i);
    m.add_asset(make(lib, "application"));
    if (i > 0 && i % 5 == 0) { // an alternative: either of the two before
      m.add_dependency(lib, "lib" + std::to_string(i - 1), "depends_on", "alt" + std::to_string(i));
      m.add_dependency(lib, "lib" + std::to_string(i - 2), "depends_on", "alt" + std::to_string(i));
    } else if (i > 0) {
      m.add_dependency(lib, "lib" + std::to_string(i - 1), "depends_on");
    }
  }
  for (int i = 0; i < 30; ++i) {
    const std::string app = "top" + std::to_string(i);
    m.add_asset(make(app, "application", {0, 0, 3, 0}));
    m.add_dependency(app, "lib" + std::to_string((i * 7) % libs), "depends_on");
    if (i % 4 == 0) {
      m.add_dependency(app, "lib" + std::to_string((i * 11 + 3) % libs), "depends_on", "g" + std::to_string(i));
      m.add_dependency(app, "lib" + std::to_string((i * 11 + 9) % libs), "depends_on", "g" + std::to_string(i));
    }
  }
  constexpr int low = 15000;
  for (int i = 0; i < low; ++i) {
    m.add_asset(make("low" + std::to_string(i), "application", {0, 0, 0, 0}));
  }
  for (int i = 0; i < low; ++i) {
    const std::string app = "low" + std::to_string(i);
    m.add_dependency(app, "lib" + std::to_string((i * 13) % libs), "depends_on");
    m.add_dependency(app, "low" + std::to_string(i % 2 == 0 ? i + 1 : i - 1), "depends_on"); // a cycle of two
    if (i % 3 == 0) {
      m.add_dependency(app, "top" + std::to_string(i % 30), "depends_on");
    }
    if (i % 5 == 0) {
      m.add_dependency(app, "lib" + std::to_string((i * 17 + 1) % libs), "depends_on", "h" + std::to_string(i));
      m.add_dependency(app, "low" + std::to_string((i + 7) % low), "depends_on", "h" + std::to_string(i));
    }
  }
  const auto a = propagate(m);
  const std::size_t p = *availability_of(m.get_scheme());
  const level_t threshold = 3;
  // One simulation per failure of a library or an application at 3; a
  // sample of the others brings none down.
  std::vector<single_point> expected;
  for (std::size_t x = 0; x < libs + 30; ++x) {
    auto sp = simulated(m, a, p, threshold, x);
    if (!sp.brings_down.empty()) {
      expected.push_back(std::move(sp));
    }
  }
  std::sort(expected.begin(), expected.end(),
            [&](const auto& x, const auto& y) { return m.vertex(x.asset) < m.vertex(y.asset); });
  for (auto& sp : expected) {
    std::sort(sp.brings_down.begin(), sp.brings_down.end(),
              [&](const auto& x, const auto& y) { return m.vertex(x) < m.vertex(y); });
  }
  REQUIRE(expected.size() > 10);
  for (std::size_t x = libs + 30; x < m.size(); x += 97) {
    for (const auto& v : failure_set(m, m[x].id)) {
      const auto l = a.effective(a.index(v), p);
      CHECK_FALSE((l && *l >= threshold));
    }
  }
  const model fresh(m); // no engine snapshot: the failure order made by the search
  for (const unsigned threads : {1U, 2U}) {
    spof_options o;
    o.threads = threads;
    CHECK(single_points_of_failure(m, a, threshold, o) == expected);
    CHECK(single_points_of_failure(fresh, a, threshold, o) == expected);
    CHECK(count_single_points_of_failure(m, a, threshold, o) == counts_of(expected));
  }
  // At 0 every asset is at the threshold: the whole model, built in chunks
  // on two threads, and the same counts on one.
  spof_options two;
  two.threads = 2;
  const auto all = count_single_points_of_failure(m, a, 0);
  CHECK(count_single_points_of_failure(fresh, a, 0, two) == all);
  CHECK(all.size() > expected.size());
}

TEST_CASE("single points of failure: progress is told up to the end, and an exception from it stops the analysis") {
  auto m = example();
  auto a = propagate(m);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  auto with = single_points_of_failure(m, a, 3, [&](std::string_view phase, std::size_t done, std::size_t total) {
    CHECK(phase == "single points of failure");
    calls.emplace_back(done, total);
  });
  CHECK(with == single_points_of_failure(m, a, 3)); // the same result with or without a callback
  REQUIRE(!calls.empty());
  CHECK(calls.size() <= 102);
  // Counted in candidates (assets downstream of one at the threshold), told at the end.
  const std::size_t total = calls.back().second;
  CHECK(total > 0);
  CHECK(total <= m.size());
  CHECK(calls.back().first == total);
  for (std::size_t i = 1; i < calls.size(); ++i) {
    CHECK(calls[i - 1].first < calls[i].first);
    CHECK(calls[i].second == total);
  }
  // Counting where members of cycles share one propagated failure: told in
  // candidates all the same, up to the same total.
  std::vector<std::pair<std::size_t, std::size_t>> counted;
  spof_options co;
  co.progress = [&](std::string_view, std::size_t done, std::size_t all) { counted.emplace_back(done, all); };
  CHECK(!count_single_points_of_failure(m, a, 3, co).empty());
  REQUIRE(!counted.empty());
  CHECK(counted.back() == std::pair<std::size_t, std::size_t>{total, total});
  for (std::size_t i = 1; i < counted.size(); ++i) {
    CHECK(counted[i - 1].first < counted[i].first);
  }
  struct stop {};
  for (const unsigned threads : {1U, 2U}) {
    std::size_t seen = 0;
    spof_options o;
    o.threads = threads;
    o.progress = [&](std::string_view, std::size_t, std::size_t) {
      ++seen;
      throw stop{};
    };
    CHECK_THROWS_AS((void)single_points_of_failure(m, a, 3, o), stop);
    CHECK_THROWS_AS((void)count_single_points_of_failure(m, a, 3, o), stop);
    CHECK(seen == 2);
  }
}

namespace {
// What for_each_single_point visits, named: one entry per call.
std::vector<single_point> visited(const model& m, const assessment& a, level_t threshold, const spof_options& o,
                                  std::size_t* returned = nullptr) {
  std::vector<single_point> out;
  const auto n = for_each_single_point(
      m, a, threshold,
      [&](vertex_type v, std::span<const vertex_type> victims) {
        single_point sp{std::string(m.id(v)), {}};
        for (const auto x : victims) {
          sp.brings_down.emplace_back(m.id(x));
        }
        out.push_back(std::move(sp));
      },
      o);
  if (returned != nullptr) {
    *returned = n;
  }
  return out;
}
} // namespace

TEST_CASE("property: for_each_single_point visits the simulated single points in model order, cut to max_names") {
  std::mt19937 rng(5);
  int tested = 0;
  for (int i = 0; i < 30; ++i) {
    auto c = random_case(rng, 50, 700);
    if (!c) {
      continue;
    }
    const model& m = c->m;
    const assessment& a = c->a;
    const level_t threshold = c->threshold;
    const auto expected = all_simulated(m, a, c->p, threshold);
    tested += expected.empty() ? 0 : 1;
    const model fresh(m);
    for (const unsigned threads : {1U, 2U, 3U}) {
      spof_options o;
      o.threads = threads;
      std::size_t n = 0;
      CHECK(visited(m, a, threshold, o, &n) == expected);
      CHECK(n == expected.size());
      CHECK(visited(fresh, a, threshold, o) == expected);
      o.max_names = 1 + static_cast<std::size_t>(rng() % 3);
      auto cut = expected;
      for (auto& sp : cut) {
        sp.brings_down.resize(std::min(sp.brings_down.size(), o.max_names));
      }
      CHECK(visited(m, a, threshold, o) == cut);
      o.max_names = 0; // every single point, no victim named
      for (auto& sp : cut) {
        sp.brings_down.clear();
      }
      CHECK(visited(m, a, threshold, o) == cut);
    }
  }
  CHECK(tested >= 10);
}

TEST_CASE(
    "for_each_single_point hands on batch after batch in order while the others search ahead, and stops on a throw") {
  // 16,000 applications on up to 4,000 servers: over 2,048 single points in 8
  // or 9 batches of 512, more than two workers may search ahead of the one
  // handing on (4).
  const model m = layered(16000);
  const auto a = propagate(m);
  const level_t threshold = 3;
  const auto expected = single_points_of_failure(m, a, threshold);
  REQUIRE(expected.size() > 4 * 512);
  for (const unsigned threads : {1U, 2U, 3U}) { // three: six slots, the ring wraps
    spof_options o;
    o.threads = threads;
    CHECK(visited(m, a, threshold, o) == expected);
    CHECK(single_points_of_failure(m, a, threshold, o) == expected);
    // A slow visitor at the start: the other worker fills its window and waits.
    std::vector<vertex_type> order;
    (void)for_each_single_point(
        m, a, threshold,
        [&](vertex_type v, std::span<const vertex_type>) {
          if (order.empty()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
          order.push_back(v);
        },
        o);
    REQUIRE(order.size() == expected.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      CHECK(m.id(order[k]) == expected[k].asset);
    }
    // A throw from the visitor in a late batch stops the search and comes out.
    struct stop {};
    std::size_t calls = 0;
    CHECK_THROWS_AS((void)for_each_single_point(
                        m, a, threshold,
                        [&](vertex_type, std::span<const vertex_type>) {
                          if (++calls == expected.size() - 100) {
                            throw stop{};
                          }
                        },
                        o),
                    stop);
    CHECK(calls == expected.size() - 100);
    // Progress told in candidates up to the end; a throw from it stops too.
    std::vector<std::size_t> done;
    std::size_t candidates = 0;
    o.progress = [&](std::string_view, std::size_t d, std::size_t total) {
      candidates = total;
      done.push_back(d);
    };
    CHECK(visited(m, a, threshold, o).size() == expected.size());
    REQUIRE(candidates > 7 * 512);
    CHECK(done.size() == (candidates + 511) / 512); // a batch is a hundredth and more
    CHECK(done.back() == candidates);
    CHECK(std::is_sorted(done.begin(), done.end()));
    CHECK(std::adjacent_find(done.begin(), done.end()) == done.end());
    o.progress = [&](std::string_view, std::size_t d, std::size_t) {
      if (d > 3 * 512) {
        throw stop{};
      }
    };
    CHECK_THROWS_AS((void)visited(m, a, threshold, o), stop);
  }
  const model other = layered(10);
  CHECK_THROWS_AS(
      (void)for_each_single_point(other, a, threshold, [](vertex_type, std::span<const vertex_type>) {}, {}),
      infoclass::error);
}

TEST_CASE("property: the impact cone holds impact's paths as a chain of via, each a shortest path") {
  std::mt19937 rng(8);
  for (int i = 0; i < 300; ++i) {
    auto m = infoclass::testing::random_model(rng, 30);
    const auto& r = m.resolved();
    const std::size_t p = rng() % m.get_scheme().size();
    const auto src = m[rng() % m.size()].id;
    // brute force distances: rounds of "u depends on an asset at distance d through a passing edge"
    std::map<std::string, std::size_t> dist{{src, 0}};
    for (std::size_t d = 0; d < m.size(); ++d) {
      for (const auto& dep : m.dependencies()) {
        const auto t = r.type_transfers[*r.find_type(dep.type)][p];
        const auto to = dist.find(std::string(dep.to));
        if (t.op != transfer::kind::block && to != dist.end() && to->second == d &&
            !dist.count(std::string(dep.from))) {
          dist[std::string(dep.from)] = d + 1;
        }
      }
    }
    const auto c = impact_cone_of(m, src, p);
    const auto full = impact(m, src, p);
    REQUIRE(c.affected.size() == full.affected.size());
    REQUIRE(c.via.size() == c.affected.size());
    REQUIRE(c.distance.size() == c.affected.size());
    CHECK(m.id(c.source) == src);
    CHECK(c.owners == full.owners);
    for (std::size_t k = 0; k < c.affected.size(); ++k) {
      const auto& a = full.affected[k];
      CHECK(m.id(c.affected[k]) == a.asset);
      CHECK(impact_path(m, c, k) == a.path);
      CHECK(c.distance[k] == dist.at(a.asset)); // a shortest path
      CHECK(a.path.size() == c.distance[k] + 1);
      if (c.via[k] == impact_cone::from_source) {
        CHECK(c.distance[k] == 1);
      } else {
        REQUIRE(c.via[k] < k); // reached earlier
        CHECK(c.distance[c.via[k]] + 1 == c.distance[k]);
        CHECK(m.id(c.affected[c.via[k]]) == a.path[1]);
      }
    }
    CHECK_THROWS_AS((void)impact_path(m, c, c.affected.size()), model_error);
  }
}

TEST_CASE("the impact cone of a chain of 100,000 is linear: its paths would hold 5 billion names") {
  model m;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    m.add_asset(make("a" + std::to_string(i), i == 0 ? "server" : "application"));
    if (i > 0) {
      m.add_dependency("a" + std::to_string(i), "a" + std::to_string(i - 1), "runs_on");
    }
  }
  const auto c = impact_cone_of(m, "a0", 0);
  REQUIRE(c.affected.size() == n - 1);
  for (std::size_t k = 0; k < c.affected.size(); ++k) {
    CHECK(m.id(c.affected[k]) == "a" + std::to_string(k + 1));
    CHECK(c.distance[k] == k + 1);
    CHECK(c.via[k] == (k == 0 ? impact_cone::from_source : k - 1));
  }
  CHECK(impact_path(m, c, 2).size() == 4);
  CHECK(impact_path(m, c, n - 2).size() == static_cast<std::size_t>(n));
}

TEST_CASE("for_each_on_path visits a path's assets from the affected one to the source, and refuses a bad cone") {
  model m;
  for (int i = 0; i < 5; ++i) {
    m.add_asset(make("a" + std::to_string(i), i == 0 ? "server" : "application"));
    if (i > 0) {
      m.add_dependency("a" + std::to_string(i), "a" + std::to_string(i - 1), "runs_on");
    }
  }
  const auto c = impact_cone_of(m, "a0", 0);
  REQUIRE(c.affected.size() == 4);
  std::vector<std::string> seen;
  for_each_on_path(c, 3, [&](vertex_type v) { seen.emplace_back(m.id(v)); });
  CHECK(seen == std::vector<std::string>{"a4", "a3", "a2", "a1", "a0"});
  CHECK(seen == impact_path(m, c, 3));
  const auto visit_nothing = [](vertex_type) {};
  CHECK_THROWS_WITH_AS(for_each_on_path(c, 4, visit_nothing), doctest::Contains("outside the 4 affected"), model_error);
  // A cone edited by hand: `via` pointing forward (a loop) or past the end
  // is refused, not followed for ever or out of bounds.
  auto loop = c;
  loop.via[1] = 3;
  CHECK_THROWS_WITH_AS(for_each_on_path(loop, 3, visit_nothing), doctest::Contains("not an earlier one"), model_error);
  CHECK_THROWS_AS((void)impact_path(m, loop, 3), model_error);
  auto past = c;
  past.via[2] = 99;
  CHECK_THROWS_AS(for_each_on_path(past, 2, visit_nothing), model_error);
  auto short_via = c;
  short_via.via.pop_back();
  CHECK_THROWS_WITH_AS(for_each_on_path(short_via, 0, visit_nothing), doctest::Contains("3 entries in via for 4"),
                       model_error);
  // A distance past the cone and a vertex not in the model: refused, no
  // allocation of the distance's size.
  auto far = c;
  far.distance[3] = static_cast<std::size_t>(-2);
  CHECK(impact_path(m, far, 3) == impact_path(m, c, 3));
  auto foreign = c;
  foreign.affected[1] = 99;
  CHECK_THROWS_WITH_AS((void)impact_path(m, foreign, 3), doctest::Contains("vertex 99 is not one of the model's 5"),
                       model_error);
}
