// SPDX-License-Identifier: Apache-2.0
// Redundancy groups that need k of their n members (DESIGN.md §3): the spare
// rule in propagation, failure analysis, the cause that names the group, and
// every place a group is read or written.
#include "infoclass/analysis/impact.hpp"
#include "infoclass/error.hpp"
#include "infoclass/graph.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace infoclass;

namespace {
// A database cluster of three nodes on which an application runs; the
// application's availability is T3 (se-klassa: 0..4). `need` on the group's
// members; `stated` how many members state it.
model quorum(std::uint32_t need, std::size_t stated = 3) {
  model m(scheme::preset("se-klassa"));
  asset app;
  app.id = "journal-app";
  app.kind = "application";
  app.own = classification::none(4);
  app.own.set(2, 3); // T3
  m.add_asset(app);
  for (const char* id : {"db-1", "db-2", "db-3"}) {
    m.add_asset({.id = id, .kind = "server"});
  }
  std::size_t i = 0;
  for (const char* id : {"db-1", "db-2", "db-3"}) {
    m.add_dependency("journal-app", id, "runs_on", "db-cluster", i++ < stated ? need : 0);
  }
  return m;
}

edge_type edge_of(const model& m, std::string_view from, std::string_view to) {
  const auto& g = m.graph();
  for (auto [e, end] = boost::out_edges(*m.find(from), g); e != end; ++e) {
    if (boost::target(*e, g) == *m.find(to)) {
      return *e;
    }
  }
  FAIL("no dependency " << from << " -> " << to);
  return {};
}

std::vector<std::string> spof_ids(const model& m, level_t threshold) {
  std::vector<std::string> out;
  for (const auto& sp : analysis::single_points_of_failure(m, propagate(m), threshold)) {
    out.push_back(sp.asset);
  }
  return out;
}
} // namespace

TEST_CASE("redundancy: a quorum of 2 of 3 has a spare, so the redundancy transfer lowers availability") {
  auto m = quorum(2);
  auto a = propagate(m);
  CHECK(a.effective("db-1", "T") == level_t{2}); // T3 reduced by one: the default redundancy transfer
  CHECK(a.effective("db-3", "K") == std::nullopt);
  const auto c = a.cause_of("db-2", 2);
  CHECK(c.kind == cause_kind::edge);
  CHECK(c.group == "db-cluster");
  CHECK(c.need == 2);
  CHECK(c.members == 3);
  CHECK(describe(c) == "edge from journal-app (runs_on, redundancy group db-cluster: 2 of 3 needed)");
  const auto g = m.redundancy_group_of(edge_of(m, "journal-app", "db-1"));
  CHECK(g.need == 2);
  CHECK(g.members == 3);
  CHECK(g.has_spare());
}

TEST_CASE("redundancy: the cause names the group only where the redundancy transfer changed the level carried") {
  auto m = quorum(2);
  m.set_level("journal-app", 2, level_t{0}); // T0: reduce:1 leaves 0 as it is
  auto a = propagate(m);
  CHECK(a.effective("db-1", "T") == level_t{0});
  CHECK(a.cause_of("db-1", 2).kind == cause_kind::edge);
  CHECK(a.cause_of("db-1", 2).group.empty());
}

TEST_CASE("redundancy: need stated on one member is the group's need") {
  auto one = quorum(3, 1);
  auto all = quorum(3, 3);
  CHECK(propagate(one).effective("db-2", "T") == propagate(all).effective("db-2", "T"));
  CHECK(one.redundancy_group_of(edge_of(one, "journal-app", "db-3")).need == 3);
}

TEST_CASE("redundancy: 3 of 3 has no spare: no distribution effect, every member a single point of failure") {
  auto m = quorum(3);
  auto a = propagate(m);
  CHECK(a.effective("db-1", "T") == level_t{3});
  CHECK(a.cause_of("db-1", 2).group.empty()); // an ordinary dependency: no group named
  CHECK(spof_ids(m, 3) == std::vector<std::string>{"db-1", "db-2", "db-3"});
}

TEST_CASE("redundancy: in a quorum of 2 of 3 no single node brings the application down, any two do") {
  auto m = quorum(2);
  CHECK(spof_ids(m, 2).empty());
  CHECK(analysis::failure_set(m, "db-1") == std::vector<std::string>{"db-1"});
  const std::vector<std::string_view> two{"db-1", "db-3"};
  CHECK(analysis::failure_set(m, two) == std::vector<std::string>{"journal-app", "db-1", "db-3"});
  const std::vector<std::string_view> other{"db-3", "db-2"};
  CHECK(analysis::failure_set(m, other) == std::vector<std::string>{"journal-app", "db-2", "db-3"});
}

TEST_CASE("redundancy: need 1 is today's rule: any one member is enough") {
  auto m = quorum(1);
  auto none = quorum(0); // not stated
  CHECK(propagate(m).effective("db-1", "T") == level_t{2});
  CHECK(propagate(none).effective("db-1", "T") == level_t{2});
  const std::vector<std::string_view> two{"db-1", "db-2"};
  CHECK(analysis::failure_set(m, two) == std::vector<std::string>{"db-1", "db-2"});
  const std::vector<std::string_view> all{"db-1", "db-2", "db-3"};
  CHECK(analysis::failure_set(m, all).size() == 4);
}

TEST_CASE("redundancy: bad need is refused, naming the dependencies") {
  auto m = quorum(2, 1);
  // Another member stating a different k.
  m.add_asset({.id = "db-4", .kind = "server"});
  CHECK_THROWS_WITH_AS(m.add_dependency("journal-app", "db-4", "runs_on", "db-cluster", 3),
                       "journal-app -> db-4: group db-cluster needs 3 here, but journal-app -> db-1 (runs_on) says it "
                       "needs 2; every member that states need states the same",
                       model_error);
  CHECK_THROWS_WITH_AS(
      m.add_dependency("journal-app", "db-4", "runs_on", "", 2),
      "journal-app -> db-4: need 2 without a redundancy group (need says how many members of a group are needed)",
      model_error);
  // k > n is allowed while a group is built, refused before a propagation.
  auto big = quorum(4);
  CHECK_THROWS_WITH_AS((void)propagate(big),
                       "journal-app: group db-cluster: needs 4 members but has 3 (need is at most the number of "
                       "dependencies in the group)",
                       model_error);
}

TEST_CASE("redundancy: the failure analyses refuse k > n as a propagation does, naming the first such group") {
  // Above the size where pass 1 is split among workers: two groups that
  // need more than they have, the later one met first by no worker order.
  model m(scheme::preset("se-klassa"));
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    m.add_asset({.id = "s" + std::to_string(i), .kind = "server"});
  }
  // Valid: two members of any types (one blocks availability), need 2; the
  // failure graph keeps only one, but must not refuse the group.
  m.add_dependency("s5000", "s1", "runs_on", "q", 2);
  m.add_dependency("s5000", "s2", "backed_up_to", "q");
  const auto a = propagate(m);
  for (const unsigned threads : {1U, 2U}) {
    analysis::spof_options o;
    o.threads = threads;
    CHECK_NOTHROW((void)analysis::count_single_points_of_failure(m, a, 0, o));
  }
  m.add_dependency("s15000", "s3", "runs_on", "h", 5);
  m.add_dependency("s3000", "s1", "runs_on", "g", 3);
  m.add_dependency("s3000", "s2", "runs_on", "g");
  const std::string first = "s3000: group g: needs 3 members but has 2 (need is at most the number of dependencies "
                            "in the group)";
  for (const unsigned threads : {1U, 2U}) {
    analysis::spof_options o;
    o.threads = threads;
    CHECK_THROWS_WITH_AS((void)analysis::count_single_points_of_failure(m, a, 0, o), first.c_str(), model_error);
    CHECK_THROWS_WITH_AS((void)analysis::single_points_of_failure(m, a, 0, o), first.c_str(), model_error);
  }
  const std::vector<std::string_view> one{"s1"};
  CHECK_THROWS_WITH_AS((void)analysis::failure_set(m, one), first.c_str(), model_error);
  CHECK_THROWS_WITH_AS((void)propagate(m), first.c_str(), model_error);
}

TEST_CASE("redundancy: a source with thousands of groups, and the first group in its order that needs too many named") {
  // 3,000 groups of two servers each needing both (no spare: every member a
  // single point of failure), stated on the second member; the check of
  // whole groups and the search read them by sorted group codes.
  model m(scheme::preset("se-klassa"));
  m.add_asset({.id = "app", .kind = "application", .own = classification({0, 0, 3, 0})});
  constexpr int groups = 3000;
  for (int i = 0; i < 2 * groups + 3; ++i) {
    m.add_asset({.id = "s" + std::to_string(i), .kind = "server"});
  }
  for (int g = 0; g < groups; ++g) {
    m.add_dependency("app", "s" + std::to_string(2 * g), "runs_on", "g" + std::to_string(g));
    m.add_dependency("app", "s" + std::to_string(2 * g + 1), "runs_on", "g" + std::to_string(g), 2);
  }
  const auto a = propagate(m);
  for (const unsigned threads : {1U, 2U}) {
    analysis::spof_options o;
    o.threads = threads;
    CHECK(analysis::count_single_points_of_failure(m, a, 3, o).size() == 2 * groups);
  }
  // Group x appears first (its member without need), y second; both need more than they have.
  const std::string x = "s" + std::to_string(2 * groups);
  const std::string y = "s" + std::to_string(2 * groups + 1);
  m.add_dependency("app", x, "runs_on", "x");
  m.add_dependency("app", y, "runs_on", "y", 5);
  m.add_dependency("app", "s" + std::to_string(2 * groups + 2), "runs_on", "x", 3);
  const std::string first = "app: group x: needs 3 members but has 2 (need is at most the number of dependencies "
                            "in the group)";
  CHECK_THROWS_WITH_AS((void)propagate(m), first.c_str(), model_error);
  CHECK_THROWS_WITH_AS((void)analysis::count_single_points_of_failure(m, a, 3), first.c_str(), model_error);
}

TEST_CASE("redundancy: a source with thousands of groups with spares, against the oracle and a plain listing") {
  // Two applications sharing most of 2,000 groups of one to four servers,
  // members of different groups interleaved, need stated on some (within
  // the members):
  // the engine's snapshot and model::redundancy_groups find a group by code,
  // not by a search through the source's groups.
  std::mt19937 rng(5);
  model m(scheme::preset("se-klassa"));
  for (const char* id : {"app-1", "app-2"}) { // app-2 above app-1: its groups decide its servers' levels
    asset a{.id = id, .kind = "application"};
    a.own = classification::none(4);
    a.own.set(2, std::string_view(id) == "app-1" ? 2 : 4);
    m.add_asset(a);
  }
  constexpr int groups = 2000;
  std::vector<std::vector<std::string>> members(groups);
  std::vector<std::pair<int, std::string>> rows; // (group, member)
  int servers = 0;
  for (int g = 0; g < groups; ++g) {
    const int size = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < size; ++i) {
      const std::string id = "s" + std::to_string(servers++);
      m.add_asset({.id = id, .kind = "server"});
      rows.emplace_back(g, id);
    }
  }
  std::shuffle(rows.begin(), rows.end(), rng);
  std::vector<std::uint32_t> need(groups);
  std::vector<int> size(groups, 0);
  for (const auto& r : rows) {
    ++size[r.first];
  }
  for (int g = 0; g < groups; ++g) {
    need[g] = 1 + static_cast<std::uint32_t>(rng() % static_cast<std::uint32_t>(size[g]));
  }
  for (const char* app : {"app-1", "app-2"}) { // each in its own order, app-2 without the groups divisible by 7
    std::shuffle(rows.begin(), rows.end(), rng);
    for (const auto& [g, id] : rows) {
      const bool states = rng() % 3 == 0;
      if (std::string_view(app) == "app-1" || g % 7 != 0) {
        m.add_dependency(app, id, "runs_on", "g" + std::to_string(g), states ? need[g] : 0);
      }
    }
  }
  const auto a = propagate(m);
  const auto o = infoclass::testing::oracle(m);
  int grouped_levels = 0;
  for (std::size_t v = 0; v < m.size(); ++v) {
    for (std::size_t p = 0; p < 4; ++p) {
      const auto e = a.effective(v, p);
      CHECK((e ? *e + 1 : 0) == o.effective[v][p]);
    }
    grouped_levels += o.effective[v][2] > 0 ? 1 : 0;
  }
  CHECK(grouped_levels > groups); // the servers got levels through their groups
  // The listing: per source, groups in the order of their first member, with members and need.
  struct group_row {
    std::string from, name;
    std::uint32_t need, members;
  };
  std::vector<group_row> expected;
  for (const char* app : {"app-1", "app-2"}) {
    std::vector<int> order;
    std::vector<std::uint32_t> stated(groups, 0);
    std::vector<char> met(groups, 0);
    for (const auto& d : m.dependencies()) {
      if (d.from != app) {
        continue;
      }
      const int g = std::stoi(std::string(d.group.substr(1)));
      if (met[g] == 0) {
        met[g] = 1;
        order.push_back(g);
      }
      stated[g] = d.need != 0 ? d.need : stated[g];
    }
    for (const int g : order) {
      expected.push_back(
          {app, "g" + std::to_string(g), stated[g] != 0 ? stated[g] : 1U, static_cast<std::uint32_t>(size[g])});
    }
  }
  const auto listed = m.redundancy_groups();
  REQUIRE(listed.size() == expected.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    CHECK(listed[i].from == expected[i].from);
    CHECK(listed[i].name == expected[i].name);
    CHECK(listed[i].need == expected[i].need);
    CHECK(listed[i].members == expected[i].members);
  }
}

TEST_CASE("redundancy: a group shrunk below its need is refused by the next update, and works again when rebuilt") {
  auto m = quorum(3);
  propagation engine(m);
  CHECK(engine.result().effective("db-1", "T") == level_t{3});
  REQUIRE(m.remove_dependency("journal-app", "db-3", "runs_on"));
  CHECK_THROWS_AS((void)engine.update(m), model_error);
  m.add_dependency("journal-app", "db-3", "runs_on", "db-cluster");
  (void)engine.update(m);
  CHECK(engine.result() == propagate(m));
  CHECK(engine.result().effective("db-3", "T") == level_t{3});
}

TEST_CASE("redundancy: need 2 left with one member is refused, and a removed member that stated need leaves none") {
  // The check looks only at groups whose members state a need above one.
  auto m = quorum(2);
  REQUIRE(m.remove_dependency("journal-app", "db-2", "runs_on"));
  REQUIRE(m.remove_dependency("journal-app", "db-3", "runs_on"));
  const std::string msg =
      "journal-app: group db-cluster: needs 2 members but has 1 (need is at most the number of dependencies in the "
      "group)";
  CHECK_THROWS_WITH_AS((void)propagate(m), msg.c_str(), model_error);
  // The failure analyses, with an assessment from before.
  const auto before = propagate(quorum(2));
  CHECK_THROWS_WITH_AS((void)analysis::count_single_points_of_failure(m, before, 0), msg.c_str(), model_error);
  // At 4 nothing is at the threshold: the group lies outside the part the search looks at.
  CHECK_THROWS_WITH_AS((void)analysis::count_single_points_of_failure(m, before, 4), msg.c_str(), model_error);
  // Only db-1 stated need 2; without it the group needs one of the two left.
  auto one = quorum(2, 1);
  REQUIRE(one.remove_dependency("journal-app", "db-1", "runs_on"));
  CHECK_NOTHROW(one.check_groups());
  CHECK(propagate(one).effective("db-2", "T") == level_t{2});
}

TEST_CASE("redundancy: JSON reads and writes need, and its errors name the JSON pointer") {
  const std::string base = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "app", "kind": "application", "classification": {"T": 3}},
    {"id": "n1", "kind": "server"}, {"id": "n2", "kind": "server"}, {"id": "n3", "kind": "server"}],
    "dependencies": [)";
  auto read = [&](const std::string& deps) { return io::read_model(base + deps + "]}"); };
  const std::string ok = R"({"from": "app", "to": "n1", "type": "runs_on", "group": "q", "need": 2},
      {"from": "app", "to": "n2", "type": "runs_on", "group": "q"},
      {"from": "app", "to": "n3", "type": "runs_on", "group": "q", "need": 2})";
  auto m = read(ok);
  CHECK(m == io::read_model(io::write_model(m)));
  CHECK(io::write_model(m).find("\"need\": 2") != std::string::npos);
  CHECK(propagate(m).effective("n2", "T") == level_t{2});
  auto json = io::write_assessment(propagate(m));
  const auto cause_json = json.find("\"group\": {");
  REQUIRE(cause_json != std::string::npos);
  std::string compact; // the cause's group object without white space
  for (std::size_t i = cause_json; i < json.size() && json[i] != '}'; ++i) {
    if (json[i] != ' ' && json[i] != '\n') {
      compact += json[i];
    }
  }
  CHECK(compact == R"("group":{"name":"q","need":2,"of":3)");

  CHECK_THROWS_WITH_AS(read(R"({"from": "app", "to": "n1", "type": "runs_on", "need": 2})"),
                       "/dependencies/0/need: need without a group (need says how many members of a redundancy group "
                       "are needed)",
                       model_error);
  CHECK_THROWS_WITH_AS(read(R"({"from": "app", "to": "n1", "type": "runs_on", "group": "q", "need": 0})"),
                       "/dependencies/0/need: need is at least 1 (how many members of the group are needed)",
                       model_error);
  CHECK_THROWS_WITH_AS(read(R"({"from": "app", "to": "n1", "type": "runs_on", "group": "q", "need": "2"})"),
                       "/dependencies/0/need: expected an integer, found a string", model_error);
  CHECK_THROWS_WITH_AS(read(R"({"from": "app", "to": "n1", "type": "runs_on", "group": "q", "need": 2},
                              {"from": "app", "to": "n2", "type": "runs_on", "group": "q", "need": 1})"),
                       "/dependencies/1/need: group q needs 1 here, but app -> n1 (runs_on) says it needs 2; "
                       "every member that states need states the same",
                       model_error);
  CHECK_THROWS_WITH_AS(read(R"({"from": "app", "to": "n1", "type": "runs_on", "group": "q", "need": 3},
                              {"from": "app", "to": "n2", "type": "runs_on", "group": "q"})"),
                       "/dependencies: app: group q: needs 3 members but has 2 (need is at most the number of "
                       "dependencies in the group)",
                       model_error);
}

TEST_CASE("redundancy: CSV carries need in its own column, archives keep it") {
  auto m = quorum(2, 2);
  auto files = io::write_csv(m, ',', false);
  CHECK(files.dependencies.find("from,to,type,group,need\r\n") == 0);
  CHECK(files.dependencies.find("journal-app,db-1,runs_on,db-cluster,2\r\n") != std::string::npos);
  CHECK(files.dependencies.find("journal-app,db-3,runs_on,db-cluster,\r\n") != std::string::npos);
  auto back = io::read_csv(files.assets, files.dependencies, scheme::preset("se-klassa"));
  CHECK(back.redundancy_group_of(edge_of(back, "journal-app", "db-3")).need == 2);
  CHECK(propagate(back).effective("db-3", "T") == propagate(m).effective("db-3", "T"));
  CHECK_THROWS_WITH_AS((void)io::read_csv(files.assets,
                                          "from,to,type,group,need\njournal-app,db-1,runs_on,db-cluster,two\n",
                                          scheme::preset("se-klassa")),
                       doctest::Contains("need 'two' is not a whole number of members from 1 to 65535"), model_error);

  auto loaded = io::load_model_archive(io::save_archive(m));
  CHECK(loaded == m);
  CHECK(loaded.redundancy_group_of(edge_of(loaded, "journal-app", "db-3")).need == 2);
  auto a = io::load_assessment_archive(io::save_archive(propagate(m)));
  CHECK(a.cause_of("db-1", 2).group == "db-cluster");
  CHECK(a.cause_of("db-1", 2).need == 2);
  CHECK(a.cause_of("db-1", 2).members == 3);
}

TEST_CASE("redundancy: a bulk load with need reports the first bad row, in order, and adds nothing") {
  model m(scheme::preset("se-klassa"));
  for (const char* id : {"a", "b", "c"}) {
    m.add_asset({.id = id, .kind = "server"});
  }
  const std::vector<std::uint32_t> from{0, 1};
  const std::vector<std::uint32_t> to{1, 1}; // row 1 is a self dependency
  const std::vector<std::uint32_t> type{0, 0};
  const std::vector<std::string_view> types{"runs_on"};
  const std::vector<std::uint32_t> need{2, 0}; // row 0: need without a group
  std::size_t row = 99;
  model::dependency_columns c{from, to, type, types, {}, {}, &row, need};
  CHECK_THROWS_WITH_AS(m.add_dependencies(c), doctest::Contains("need 2 without a redundancy group"), model_error);
  CHECK(row == 0);
  CHECK(m.num_dependencies() == 0);
  // A good load with need.
  const std::vector<std::uint32_t> to2{1, 2};
  const std::vector<std::uint32_t> group{0, 0};
  const std::vector<std::string_view> groups{"g"};
  const std::vector<std::uint32_t> need2{0, 2};
  const std::vector<std::uint32_t> from2{0, 0};
  model::dependency_columns ok{from2, to2, type, types, group, groups, nullptr, need2};
  m.add_dependencies(ok);
  CHECK(m.num_dependencies() == 2);
  CHECK(m.redundancy_groups().size() == 1);
  CHECK(m.redundancy_groups()[0].need == 2);
  CHECK(m.redundancy_groups()[0].members == 2);
  CHECK_FALSE(m.redundancy_groups()[0].has_spare());
}
