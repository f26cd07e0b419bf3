// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/review.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace infoclass;
using namespace infoclass::analysis;

TEST_CASE("review: reviews, owners, deviations, cumulation candidates, per-owner requirements") {
  auto m = io::read_model(R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "i1", "kind": "information", "owner": "Socialnämnden", "classification": {"K": 3, "T": 2}, "review_by": "2026-01-31"},
    {"id": "i2", "kind": "information", "owner": "Socialnämnden", "classification": {"K": 1, "T": 2}, "review_by": "2027-01-31"},
    {"id": "i3", "kind": "information", "owner": "Kommunstyrelsen", "classification": {"T": 2}},
    {"id": "app", "kind": "application", "owner": "Servicenämnden"},
    {"id": "host", "kind": "server"}],
    "dependencies": [{"from": "i1", "to": "app", "type": "processed_by"}, {"from": "i2", "to": "app", "type": "processed_by"},
                     {"from": "i3", "to": "host", "type": "stored_on"}, {"from": "app", "to": "host", "type": "runs_on"},
                     {"from": "i1", "to": "host", "type": "stored_on"}]})");
  auto a = propagate(m);
  auto r = review(m, a, "2026-11-28", 3);
  CHECK(r.overdue == std::vector<std::string>{"i1"});
  CHECK(r.missing_review == std::vector<std::string>{"i3"});
  CHECK(r.without_owner == std::vector<std::string>{"host"});
  CHECK(r.deviations.size() == 7); // unassessed: i1 R S, i2 R S, i3 K R S
  std::size_t unassessed = 0;
  for (const auto& d : r.deviations) {
    unassessed += d.kind == deviation::what::unassessed ? 1 : 0;
  }
  CHECK(unassessed == 7);
  // host is reached at T2 by i3, app and i1: three dependents, no rule covers servers
  REQUIRE(r.cumulation_candidates.size() == 1);
  CHECK(r.cumulation_candidates[0].asset == "host");
  CHECK(r.cumulation_candidates[0].property == "T");
  CHECK(r.cumulation_candidates[0].dependents == 3);
  REQUIRE(r.owners.size() == 3);
  CHECK(r.owners[0].owner == "Kommunstyrelsen");
  const auto& soc = r.owners[1];
  CHECK(soc.owner == "Servicenämnden");
  CHECK(soc.owns == std::vector<std::string>{"app"});
  const auto& social = r.owners[2];
  CHECK(social.owner == "Socialnämnden");
  bool places_on_app = false;
  for (const auto& q : social.places) {
    places_on_app = places_on_app || (q.asset == "app" && q.owner == "Servicenämnden" && q.property == "K" &&
                                      q.level == 3 && q.origin == "i1");
  }
  CHECK(places_on_app);
  CHECK(r.findings() == 1 + 1 + 1 + 7 + 1);
  CHECK_THROWS_AS((void)review(m, a, "28/11/2026"), model_error);
}

TEST_CASE("review: a cumulation rule removes the candidate") {
  auto m = io::read_model(R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "a", "kind": "application", "classification": {"T": 2}}, {"id": "b", "kind": "application", "classification": {"T": 2}},
    {"id": "h", "kind": "server"}],
    "dependencies": [{"from": "a", "to": "h", "type": "runs_on"}, {"from": "b", "to": "h", "type": "runs_on"}],
    "policy": {"cumulation": [{"property": "T", "kinds": ["server"], "at_least": 3, "level": 2}]}})");
  CHECK(review(m, propagate(m), "2026-11-28", 2).cumulation_candidates.empty());
}

namespace {
// What review's owners place on others, found the way it once was: the last
// step of explain() for every asset and property (the oracle).
using placed = std::tuple<std::string, std::string, std::string, std::string, level_t, std::string>;
std::vector<placed> places_by_explain(const model& m, const assessment& a) {
  std::vector<placed> out;
  const auto& s = m.get_scheme();
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset as = m[v];
    for (std::size_t p = 0; p < s.size(); ++p) {
      const auto path = a.explain(as.id, p);
      const auto& origin = path.back();
      const std::string owner(m.owner(m.vertex(origin.asset)));
      if (!origin.level || origin.asset == as.id || owner.empty() || owner == as.owner) {
        continue;
      }
      out.emplace_back(owner, as.id, as.owner, s.properties[p].key, *path.front().level, origin.asset);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<placed> places_of(const review_result& r) {
  std::vector<placed> out;
  for (const auto& o : r.owners) {
    for (const auto& q : o.places) {
      out.emplace_back(o.owner, q.asset, q.owner, q.property, q.level, q.origin);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}
} // namespace

TEST_CASE("review: the requirements owners place on others are the origins explain() gives, on random models") {
  std::mt19937 rng(4242);
  const char* boards[] = {"", "Socialnämnden", "Kommunstyrelsen", "Servicenämnden"};
  std::size_t compared = 0;
  for (int round = 0; round < 300; ++round) {
    auto m = infoclass::testing::random_model(rng, 40);
    for (std::size_t v = 0; v < m.size(); ++v) {
      asset x = m[v];
      x.owner = boards[rng() % 4];
      m.update_asset(x);
    }
    const auto a = propagate(m);
    const auto expected = places_by_explain(m, a);
    CAPTURE(round);
    CHECK(places_of(review(m, a, "2026-11-28", 3)) == expected);
    compared += expected.size();
  }
  CHECK(compared > 1000); // the models do place requirements on others
}

TEST_CASE("review: a chain of 20,000 assets places each level on the next owner's asset once") {
  // Every asset leans on the next (processed_by passes every property on):
  // the head's levels reach all of them, and each is owned by another board.
  std::string json = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [)";
  constexpr int n = 20000;
  for (int i = 0; i < n; ++i) {
    json += std::string(i ? "," : "") + R"({"id": "a)" + std::to_string(i) + R"(", "kind": "application", "owner": ")" +
            (i % 2 ? "Servicenämnden" : "Socialnämnden") + R"(")" +
            (i == 0 ? R"(, "classification": {"K": 3, "R": 2, "T": 1, "S": 2}})" : "}");
  }
  json += R"(], "dependencies": [)";
  for (int i = 0; i + 1 < n; ++i) {
    json += std::string(i ? "," : "") + R"({"from": "a)" + std::to_string(i) + R"(", "to": "a)" +
            std::to_string(i + 1) + R"(", "type": "runs_on"})";
  }
  json += "]}";
  const auto m = io::read_model(json);
  const auto a = propagate(m);
  const auto r = review(m, a, "2026-11-28", 3);
  // Socialnämnden owns a0: its four levels reach the 10,000 assets Servicenämnden owns.
  REQUIRE(r.owners.size() == 2);
  CHECK(r.owners[0].owner == "Servicenämnden");
  CHECK(r.owners[0].places.empty());
  CHECK(r.owners[1].owner == "Socialnämnden");
  REQUIRE(r.owners[1].places.size() == 4 * n / 2);
  for (const auto& q : r.owners[1].places) {
    CHECK(q.origin == "a0");
    CHECK(q.owner == "Servicenämnden");
  }
  CHECK(r.owners[1].places.back().asset == "a" + std::to_string(n - 1));
  CHECK(r.owners[1].places.back().level == 2);
}
