// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/graph.hpp"
#include "infoclass/model.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

namespace {
asset make(std::string id, std::string kind = "information") {
  asset a;
  a.id = std::move(id);
  a.kind = std::move(kind);
  a.own = classification::none(4);
  return a;
}
} // namespace

TEST_CASE("asset ids and dates") {
  CHECK(valid_asset_id("srv-01"));
  CHECK(valid_asset_id("a.b_c:d@e/f-G9"));
  CHECK_FALSE(valid_asset_id(""));
  CHECK(valid_asset_id("has space"));
  CHECK(valid_asset_id("åäö"));
  CHECK(valid_asset_id("Serverrum Stadshuset"));
  CHECK(valid_asset_id("elevhälsojournal"));
  CHECK(valid_asset_id("日本語 ✓"));
  CHECK_FALSE(valid_asset_id(" leading"));
  CHECK_FALSE(valid_asset_id("trailing "));
  CHECK_FALSE(valid_asset_id("nbsp\u00a0"));        // NBSP is white space
  CHECK_FALSE(valid_asset_id("\u3000ideographic")); // so is the ideographic space
  CHECK_FALSE(valid_asset_id("tab\tinside"));       // C0 control
  CHECK_FALSE(valid_asset_id("del\x7f"));           // DEL
  CHECK_FALSE(valid_asset_id("c1\u0085x"));         // C1 control (NEL)
  CHECK_FALSE(valid_asset_id("bad\xff"));           // not UTF-8
  CHECK_FALSE(valid_asset_id("\xed\xa0\x80"));      // an encoded surrogate
  CHECK_FALSE(valid_asset_id("\xc0\xaf"));          // an overlong form
  CHECK_FALSE(valid_asset_id(std::string(257, 'a')));
  CHECK(valid_asset_id(std::string(256, 'a')));
  CHECK(valid_asset_id(std::string(128, 'a') + "\u00e4" + std::string(126, 'a'))); // 256 bytes
  CHECK_FALSE(valid_asset_id(std::string(128, 'a') + "\u00e4" + std::string(127, 'a')));
  CHECK(valid_date("2027-03-31"));
  CHECK(valid_date("2024-02-29"));
  CHECK_FALSE(valid_date("2023-02-29"));
  CHECK_FALSE(valid_date("1900-02-29"));
  CHECK(valid_date("2000-02-29"));
  CHECK_FALSE(valid_date("2027-13-01"));
  CHECK_FALSE(valid_date("2027-3-31"));
  CHECK_FALSE(valid_date("2027-04-31"));
}

TEST_CASE("add, find, change and remove assets in a Boost graph keyed by id") {
  model m;
  CHECK(m.get_scheme().id == "se-klassa");
  auto v = m.add_asset(make("journal"));
  m.add_asset(make("app", "application"));
  m.add_asset(make("srv", "server"));
  CHECK(m.size() == 3);
  CHECK(m.contains("journal"));
  CHECK(m.find("app") == vertex_type{1});
  CHECK(m[v].id == "journal");
  CHECK(boost::num_vertices(m.graph()) == 3);

  m.add_dependency("journal", "app", "processed_by");
  m.add_dependency("app", "srv", "runs_on", "cluster");
  CHECK(m.num_dependencies() == 2);
  CHECK(boost::out_degree(*m.find("app"), m.graph()) == 1);
  CHECK(boost::in_degree(*m.find("app"), m.graph()) == 1);
  auto deps = m.dependencies();
  REQUIRE(deps.size() == 2);
  CHECK(deps[1].from == "app");
  CHECK(deps[1].to == "srv");
  CHECK(deps[1].type == "runs_on");
  CHECK(deps[1].group == "cluster");

  m.set_level("journal", 0, 3);
  CHECK(m.at("journal").own.get(0) == level_t{3});
  m.set_level("journal", 0, std::nullopt);
  CHECK(m.at("journal").own.is_unassessed(0));

  m.set_override("srv", 2, {1, override_effect::distribution, "second node"});
  CHECK(m.at("srv").overrides.at(2).level == 1);
  CHECK(m.clear_override("srv", 2));
  CHECK_FALSE(m.clear_override("srv", 2));

  CHECK(m.remove_dependency("journal", "app", "processed_by"));
  CHECK_FALSE(m.remove_dependency("journal", "app", "processed_by"));
  m.remove_asset("journal");
  CHECK(m.size() == 2);
  CHECK_FALSE(m.contains("journal"));
  CHECK(m.find("app") == vertex_type{0}); // indices shift, ids stay
  CHECK(m.num_dependencies() == 1);
  CHECK(m.at("srv").kind == "server");
}

TEST_CASE("removing an asset removes its dependencies in both directions") {
  model m;
  for (auto id : {"a", "b", "c"}) {
    m.add_asset(make(id, "service"));
  }
  m.add_dependency("a", "b", "depends_on");
  m.add_dependency("b", "c", "depends_on");
  m.add_dependency("c", "a", "depends_on");
  m.remove_asset("b");
  CHECK(m.num_dependencies() == 1);
  CHECK(m.dependencies()[0].from == "c");
}

TEST_CASE("invalid mutations throw and change nothing") {
  model m;
  m.add_asset(make("a"));
  m.add_asset(make("b", "server"));
  const model before = m;
  CHECK_THROWS_WITH_AS(m.add_asset(make("a")), doctest::Contains("a: duplicate asset id"), model_error);
  CHECK_THROWS_WITH_AS(m.add_asset(make("bad id ")), doctest::Contains("an asset id is 1..256 bytes of UTF-8"),
                       model_error);
  CHECK_THROWS_WITH_AS(m.add_asset(make("c", "Server")), doctest::Contains("kind"), model_error);
  CHECK_THROWS_WITH_AS(m.add_dependency("a", "a", "depends_on"), doctest::Contains("itself"), model_error);
  CHECK_THROWS_WITH_AS(m.add_dependency("a", "zz", "depends_on"), doctest::Contains("unknown asset 'zz'"), model_error);
  CHECK_THROWS_WITH_AS(m.add_dependency("a", "b", "teleports_to"), doctest::Contains("unknown dependency type"),
                       model_error);
  m.add_dependency("a", "b", "stored_on");
  CHECK_THROWS_WITH_AS(m.add_dependency("a", "b", "stored_on"), doctest::Contains("repeated dependency"), model_error);
  CHECK_NOTHROW(m.add_dependency("a", "b", "processed_by")); // another type is another dependency
  m.remove_dependency("a", "b", "stored_on");
  m.remove_dependency("a", "b", "processed_by");
  CHECK(m == before);
  CHECK_THROWS_WITH_AS(m.set_level("a", 0, 5), doctest::Contains("outside 0..4"), model_error);
  CHECK_THROWS_WITH_AS(m.set_override("b", 1, {2, override_effect::manual, "  "}),
                       doctest::Contains("needs a justification"), model_error);
  CHECK_THROWS_WITH_AS(m.set_override("b", 1, {9, override_effect::manual, "x"}), doctest::Contains("outside"),
                       model_error);
  CHECK_THROWS_AS(m.set_level("nope", 0, 1), model_error);
  CHECK(m == before);
}

TEST_CASE("not applicable only where the scheme allows it, on information") {
  model m("us-fips-199");
  asset a = make("public-info");
  a.own = classification{classification::not_applicable, 1, 0};
  CHECK_NOTHROW(m.add_asset(a));
  asset sys = make("system", "application");
  sys.own = classification{classification::not_applicable, 1, 0};
  CHECK_THROWS_WITH_AS(m.add_asset(sys), doctest::Contains("information assets only"), model_error);
  asset b = make("x");
  b.own = classification{0, classification::not_applicable, 0};
  CHECK_THROWS_WITH_AS(m.add_asset(b), doctest::Contains("not applicable is not allowed"), model_error);
}

TEST_CASE("custom types must be declared and set_policy checks existing edges") {
  model m;
  m.add_asset(make("a", "server"));
  m.add_asset(make("b", "server"));
  CHECK_THROWS_AS(m.add_dependency("a", "b", "mirrored_to"), model_error);
  policy p;
  p.types["mirrored_to"] = {{"availability", transfer::block()}};
  m.set_policy(p);
  m.add_dependency("a", "b", "mirrored_to");
  CHECK_THROWS_WITH_AS(m.set_policy({}), doctest::Contains("would no longer be declared"), model_error);
  CHECK(m.get_policy() == p);
}

TEST_CASE("the journal records changes for the incremental engine") {
  model m;
  auto r0 = m.revision();
  m.add_asset(make("a"));
  m.add_asset(make("b", "server"));
  auto r1 = m.revision();
  CHECK(r1 == r0 + 2);
  m.set_level("a", 0, 2);
  m.add_dependency("a", "b", "stored_on");
  auto ch = m.changes_since(r1);
  REQUIRE(ch.has_value());
  REQUIRE(ch->size() == 2);
  CHECK((*ch)[0].kind == model_change::what::values);
  CHECK((*ch)[1].kind == model_change::what::edges);
  CHECK((*ch)[1].vertex == 0);
  CHECK((*ch)[1].other == 1);
  CHECK_FALSE(m.changes_since(m.revision() + 1).has_value());
}

TEST_CASE("model equality compares assets and dependencies in order") {
  model a;
  model b;
  a.add_asset(make("x"));
  b.add_asset(make("x"));
  CHECK(a == b);
  b.set_level("x", 1, 2);
  CHECK_FALSE(a == b);
}

TEST_CASE("ids, kinds, owners, types and groups are compared and stored in NFC") {
  const std::string composed = "elevh\u00e4lsojournal";    // ä as one code point
  const std::string decomposed = "elevha\u0308lsojournal"; // a + combining diaeresis
  REQUIRE(composed != decomposed);
  model m;
  asset a = make(decomposed);
  a.owner = "Barn- och utbildningsna\u0308mnden"; // decomposed too
  m.add_asset(a);
  CHECK(m.contains(composed));
  CHECK(m.contains(decomposed));
  CHECK(m.id(*m.find(composed)) == composed); // stored in NFC
  CHECK(m.owner(*m.find(composed)) == "Barn- och utbildningsn\u00e4mnden");
  CHECK_THROWS_WITH_AS(m.add_asset(make(composed)), doctest::Contains("duplicate asset id"), model_error);
  m.add_asset(make("Serverrum Stadshuset", "site"));
  m.add_asset(make("srv 01", "server"));
  m.add_asset(make("srv 02", "server"));
  m.add_dependency(decomposed, "srv 01", "stored_on", "kluster-\u00e5");
  m.add_dependency(composed, "srv 02", "stored_on", "kluster-a\u030a"); // the same group, decomposed
  const auto deps = m.dependencies();
  REQUIRE(deps.size() == 2);
  CHECK(deps[0].group == deps[1].group);
  CHECK(deps[0].group == "kluster-\u00e5");
  CHECK(deps[0].from == composed);
  m.set_level(decomposed, 0, 3);
  CHECK(m.at(composed).own.get(0) == level_t{3});
  CHECK(m.remove_dependency(decomposed, "srv 01", "stored_on"));
  m.remove_asset(decomposed);
  CHECK_FALSE(m.contains(composed));
}
