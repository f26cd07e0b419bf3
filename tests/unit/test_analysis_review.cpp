// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/review.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

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
