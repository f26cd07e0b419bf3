// SPDX-License-Identifier: Apache-2.0
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

namespace {
model chain() {
  return io::read_model(R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "i", "kind": "information", "owner": "Nämnd & <styrelse>", "classification": {"K": 2}},
    {"id": "app", "kind": "application"}, {"id": "srv", "kind": "server"}, {"id": "other", "kind": "server"}],
    "dependencies": [{"from": "i", "to": "app", "type": "processed_by"},
                     {"from": "app", "to": "srv", "type": "runs_on", "group": "g"}]})");
}
} // namespace

TEST_CASE("select: whole model, or one asset with its upstream and downstream") {
  auto m = chain();
  CHECK(io::select(m, {}) == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(io::select(m, {"app", true, true}) == std::vector<std::size_t>{0, 1, 2});
  CHECK(io::select(m, {"app", true, false}) == std::vector<std::size_t>{0, 1});
  CHECK(io::select(m, {"app", false, true}) == std::vector<std::size_t>{1, 2});
  CHECK(io::select(m, {"other", true, true}) == std::vector<std::size_t>{3});
}

TEST_CASE("graphml: keys, escaped data, levels and causes, edges inside the view") {
  auto m = chain();
  auto text = io::write_graphml(m, propagate(m));
  CHECK(text.find("<key id=\"e_K\" for=\"node\" attr.name=\"K\" attr.type=\"int\"/>") != std::string::npos);
  CHECK(text.find("<data key=\"owner\">Nämnd &amp; &lt;styrelse&gt;</data>") != std::string::npos);
  CHECK(text.find("<node id=\"srv\">\n      <data key=\"kind\">server</data>\n      <data key=\"e_K\">2</data>\n"
                  "      <data key=\"d_K\">2</data>\n      <data key=\"c_K\">edge from app (runs_on)</data>\n") !=
        std::string::npos);
  CHECK(text.find("<edge source=\"app\" target=\"srv\">\n      <data key=\"type\">runs_on</data>\n"
                  "      <data key=\"group\">g</data>") != std::string::npos);
  auto part = io::write_graphml(m, propagate(m), {"i", false, true});
  CHECK(part.find("<node id=\"other\">") == std::string::npos);
}

TEST_CASE("dot: colours, labels, legend") {
  auto m = chain();
  auto text = io::write_dot(m, propagate(m), {"srv", true, false});
  CHECK(text.rfind("digraph infoclass {", 0) == 0);
  CHECK(text.find("\"srv\" [label=\"srv\\nserver\\nK2 R- T- S-\", fillcolor=\"#ffe0b2\", penwidth=3];") !=
        std::string::npos);
  CHECK(text.find("\"app\" -> \"srv\" [label=\"runs_on [g]\"];") != std::string::npos);
  CHECK(text.find("\"other\"") == std::string::npos);
  CHECK(text.find("legend_4") != std::string::npos);
}

TEST_CASE("graphml and dot: a group that needs 2 of 3 says so") {
  model m(scheme::preset("se-klassa"));
  for (const char* id : {"app", "n1", "n2", "n3"}) {
    m.add_asset({.id = id, .kind = std::string(id) == "app" ? "application" : "server"});
  }
  m.add_dependency("app", "n1", "runs_on", "q", 2);
  m.add_dependency("app", "n2", "runs_on", "q");
  m.add_dependency("app", "n3", "runs_on", "q", 2);
  const auto a = propagate(m);
  const auto graphml = io::write_graphml(m, a);
  CHECK(graphml.find(R"(<key id="need" for="edge" attr.name="need" attr.type="int"/>)") != std::string::npos);
  CHECK(graphml.find("<data key=\"need\">2</data>") != std::string::npos);
  // Every member is labelled, also the one that does not state need.
  std::size_t labels = 0;
  for (auto at = graphml.find("<data key=\"label\">2 of 3</data>"); at != std::string::npos;
       at = graphml.find("<data key=\"label\">2 of 3</data>", at + 1)) {
    ++labels;
  }
  CHECK(labels == 3);
  const auto dot = io::write_dot(m, a);
  CHECK(dot.find(R"("app" -> "n2" [label="runs_on [q 2 of 3]"];)") != std::string::npos);
  // A group that needs 1 keeps its old label and no need key.
  model one(scheme::preset("se-klassa"));
  for (const char* id : {"app", "n1", "n2"}) {
    one.add_asset({.id = id, .kind = "server"});
  }
  one.add_dependency("app", "n1", "runs_on", "q");
  one.add_dependency("app", "n2", "runs_on", "q");
  CHECK(io::write_dot(one, propagate(one)).find(R"([label="runs_on [q]"])") != std::string::npos);
  CHECK(io::write_graphml(one, propagate(one)).find("key=\"need\"") == std::string::npos);
}
