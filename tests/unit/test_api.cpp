// SPDX-License-Identifier: Apache-2.0
// The C++ surface as a caller meets it: designated initialisers, property
// keys, named classification factories, the Boost Graph view and its
// property maps, and the array form of an assessment.
#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/model.hpp"
#include "infoclass/propagation.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/property_map/property_map.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace infoclass;

namespace {
model small_model() {
  model m; // se-klassa: K R T S
  m.add_asset(
      {.id = "journal", .kind = "information", .owner = "Socialnämnden", .own = classification::of({3, 2, 1, 2})});
  m.add_asset({.id = "app", .kind = "application"});
  m.add_asset({.id = "srv-01", .kind = "server"});
  m.add_dependency("journal", "app", "processed_by");
  m.add_dependency("app", "srv-01", "runs_on", "cluster");
  return m;
}
} // namespace

TEST_CASE("an asset from designated initialisers, with an empty own read as unassessed") {
  model m;
  const auto v = m.add_asset({.id = "srv-01", .kind = "server"});
  const auto own = m.own(v);
  REQUIRE(own.size() == m.get_scheme().size());
  CHECK(own.all_unassessed());
  CHECK(m.at("srv-01").own == classification::none(4));
  // update_asset reads an empty own the same way and clears the levels
  m.set_level("srv-01", "K", 2);
  m.update_asset({.id = "srv-01", .kind = "server", .name = "Server 1"});
  CHECK(m.own(v).all_unassessed());
  CHECK(m.name(v) == "Server 1");
  // a sized but wrong classification is still an error naming the field
  CHECK_THROWS_WITH_AS(m.add_asset({.id = "x", .kind = "server", .own = classification::none(3)}),
                       doctest::Contains("classification: has 3 properties, scheme se-klassa has 4"), model_error);
  CHECK_FALSE(m.contains("x"));
}

TEST_CASE("classification factories say what they make") {
  const auto n = classification::none(4);
  CHECK(n.size() == 4);
  CHECK(n.all_unassessed());
  const auto c = classification::of({3, std::nullopt, 0, 1});
  CHECK(c.size() == 4);
  CHECK(c.get(0) == level_t{3});
  CHECK(c.is_unassessed(1));
  CHECK(c.get(2) == level_t{0});
  CHECK(c == classification{3, classification::unassessed, 0, 1});
  CHECK_THROWS_AS(std::ignore = classification::of({classification::not_applicable}), model_error);
  CHECK_THROWS_AS(std::ignore = classification::none(max_properties + 1), model_error);
  // The old size constructor still compiles (deprecated) and means none(n).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  CHECK(classification(4) == classification::none(4));
#pragma GCC diagnostic pop
  CHECK(classification{4}.size() == 1); // the other reading: one property at level 4
}

TEST_CASE("properties by key or role word wherever an index is taken") {
  auto m = small_model();
  m.set_level("app", "T", 3);
  CHECK(m.at("app").own.get(2) == level_t{3});
  m.set_level("app", "availability", std::nullopt);
  CHECK(m.at("app").own.is_unassessed(2));
  m.set_override("srv-01", "R", {.level = 1, .effect = override_effect::manual, .justification = "signed off"});
  CHECK(m.overrides(2).at(1).level == 1);
  CHECK(m.clear_override("srv-01", "integrity"));
  CHECK_FALSE(m.clear_override("srv-01", "R"));
  CHECK_THROWS_WITH_AS(m.set_level("app", "Q", 1), "Q: not a property of scheme se-klassa (K, R, T, S or a role word)",
                       model_error);
  CHECK_THROWS_WITH_AS(std::ignore = m.get_scheme().property_index("secrecy"), doctest::Contains("not a property"),
                       model_error);

  const auto a = propagate(m);
  CHECK(a.effective("srv-01", "K") == level_t{3});
  CHECK(a.effective("srv-01", "confidentiality") == a.effective(a.index("srv-01"), 0));
  CHECK(a.derived("app", "S") == a.derived(a.index("app"), 3));
  CHECK(a.explain("srv-01", "K") == a.explain("srv-01", 0));
  CHECK(a.origins("srv-01", "K") == a.origins("srv-01", 0));
  CHECK(a.cause_of("srv-01", "K") == a.cause_of("srv-01", 0));
  CHECK(a.explain("srv-01", "K").back().asset == "journal");
  CHECK_THROWS_AS(std::ignore = a.explain("srv-01", "X"), model_error);
}

TEST_CASE("an assessment's levels as one array, unassessed as the raw code") {
  auto m = small_model();
  m.add_asset({.id = "loose", .kind = "information"});
  const auto a = propagate(m);
  std::vector<level_t> eff(a.size() * a.properties());
  std::vector<level_t> der(eff.size());
  a.effective_levels(eff);
  a.derived_levels(der);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t p = 0; p < a.properties(); ++p) {
      CHECK(eff[i * a.properties() + p] == a.effective(i, p).value_or(classification::unassessed));
      CHECK(der[i * a.properties() + p] == a.derived(i, p).value_or(classification::unassessed));
    }
  }
  CHECK(eff[a.index("loose") * a.properties()] == classification::unassessed);
  std::vector<level_t> small(3);
  CHECK_THROWS_AS(a.effective_levels(small), model_error);
}

TEST_CASE("property maps read the model's columns, so Boost algorithms need no asset") {
  auto m = small_model();
  const auto g = m.graph();
  BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<graph_view>));
  BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<graph_view>));
  BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<vertex_id_map, vertex_type>));
  BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<vertex_own_map, vertex_type>));
  BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<edge_dependency_type_map, edge_type>));

  const auto ids = get(vertex_id, g);
  const auto kinds = get(vertex_kind, g);
  const auto owners = get(vertex_owner, g);
  const auto own = get(vertex_own, g);
  for (auto [v, end] = vertices(g); v != end; ++v) {
    CHECK(get(ids, *v) == m.id(*v));
    CHECK(ids[*v] == g[*v].id);
    CHECK(get(kinds, *v) == g[*v].kind);
    CHECK(get(owners, *v) == g[*v].owner);
    CHECK(std::equal(own[*v].begin(), own[*v].end(), m.own_levels(*v).begin()));
    CHECK(get(vertex_id, g, *v) == m.id(*v));
  }
  CHECK(get(vertex_owner, g, 0) == "Socialnämnden");
  // boost::vertex_name is the id too
  boost::property_map<graph_view, boost::vertex_name_t>::const_type names = get(boost::vertex_name, g);
  CHECK(get(names, 2) == "srv-01");

  std::set<std::string> seen_types;
  std::set<std::string> seen_groups;
  const auto types = get(edge_dependency_type, g);
  const auto groups = get(edge_group, g);
  for (auto [e, end] = edges(g); e != end; ++e) {
    CHECK(get(types, *e) == g[*e].type);
    CHECK(get(groups, *e) == g[*e].group);
    CHECK(get(edge_dependency_type, g, *e) == m.dependency_type(*e));
    seen_types.emplace(get(types, *e));
    seen_groups.emplace(get(groups, *e));
  }
  CHECK(seen_types == std::set<std::string>{"processed_by", "runs_on"});
  CHECK(seen_groups == std::set<std::string>{"", "cluster"});

  // a Boost algorithm with a property map: what the journal reaches, by id
  std::vector<boost::default_color_type> colour(num_vertices(g));
  std::vector<std::string> reached;
  struct recorder : boost::default_bfs_visitor {
    std::vector<std::string>* out;
    vertex_id_map ids;
    void discover_vertex(vertex_type v, const graph_view& /*g*/) const { out->emplace_back(get(ids, v)); }
  };
  recorder vis;
  vis.out = &reached;
  vis.ids = ids;
  boost::breadth_first_search(
      g, *m.find("journal"),
      boost::visitor(vis).color_map(boost::make_iterator_property_map(colour.begin(), get(boost::vertex_index, g))));
  CHECK(reached == std::vector<std::string>{"journal", "app", "srv-01"});
}

TEST_CASE("errors are ours: an index out of range is a model_error naming the index") {
  auto m = io::read_model(R"({"infoclass": 1, "scheme": "se-klassa",
    "assets": [{"id": "a", "kind": "information", "classification": {"K": 2}}], "dependencies": []})");
  const auto a = propagate(m);
  CHECK_THROWS_WITH_AS((void)a.effective(999, 0), "asset index 999: out of range: the assessment has 1 assets (0..0)",
                       model_error);
  CHECK_THROWS_WITH_AS((void)a.derived(0, 9), "property index 9: out of range: the scheme has 4 properties (0..3)",
                       model_error);
  CHECK_THROWS_AS((void)a.id(1), model_error);
  CHECK_THROWS_AS((void)a.kind(1), model_error);
  CHECK_THROWS_AS((void)a.has_override(0, 4), model_error);
  CHECK_THROWS_AS((void)a.cause_of(std::size_t{5}, 0), model_error);
  CHECK_THROWS_AS((void)a.derived_cause(0, 4), model_error);
  const auto& s = m.get_scheme();
  CHECK_THROWS_WITH_AS((void)s.levels(99), "property index 99: out of range: scheme se-klassa has 4 properties (0..3)",
                       model_error);
  CHECK_THROWS_AS((void)s.find_level(4, "1"), model_error);
  CHECK_THROWS_AS((void)s.match_level(4, "1"), model_error);
  CHECK(a.effective(0, 0) == 2);
  CHECK(s.levels(0) == 5);
  CHECK_THROWS_WITH_AS((void)m[1], "vertex 1: out of range: the model has 1 assets (0..0)", model_error);
  CHECK_THROWS_WITH_AS((void)m.own(7), "vertex 7: out of range: the model has 1 assets (0..0)", model_error);
  CHECK(m[0].id == "a");
  CHECK(m.own(0).get(0) == 2);
}
