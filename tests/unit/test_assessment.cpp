// SPDX-License-Identifier: Apache-2.0
#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

namespace {
constexpr level_t U = classification::unassessed;
constexpr level_t NA = classification::not_applicable;

asset make(std::string id, std::string kind, classification c) {
  asset a;
  a.id = std::move(id);
  a.kind = std::move(kind);
  a.own = c;
  return a;
}
} // namespace

// FIPS 199, example 4: an acquisition system with sensitive pre-solicitation
// contract information (C moderate, I moderate, A low) and routine
// administrative information (all low) is categorised moderate, moderate, low.
TEST_CASE("FIPS 199 example 4: high-water mark of contract and administrative information") {
  model m("us-fips-199");
  m.add_asset(make("contract-information", "information", {1, 1, 0}));
  m.add_asset(make("administrative-information", "information", {0, 0, 0}));
  m.add_asset(make("acquisition-system", "application", classification::none(3)));
  m.add_dependency("contract-information", "acquisition-system", "processed_by");
  m.add_dependency("administrative-information", "acquisition-system", "processed_by");
  auto a = propagate(m);
  CHECK(a.effective("acquisition-system") == classification{1, 1, 0});
  CHECK(a.cause_of("acquisition-system", 0).from == "contract-information");
}

// FIPS 199, example 5: a power plant's SCADA system with sensor data (C not
// applicable, I high, A high) and administrative information (all low) is
// low, high, high: confidentiality comes from the administrative information,
// and would be low anyway by the minimum for systems.
TEST_CASE("FIPS 199 example 5: SCADA system with n/a confidentiality of sensor data") {
  model m("us-fips-199");
  m.add_asset(make("sensor-data", "information", {NA, 2, 2}));
  m.add_asset(make("administrative-information", "information", {0, 0, 0}));
  m.add_asset(make("scada-system", "application", classification::none(3)));
  m.add_dependency("sensor-data", "scada-system", "processed_by");
  m.add_dependency("administrative-information", "scada-system", "processed_by");
  auto a = propagate(m);
  CHECK(a.effective("scada-system") == classification{0, 2, 2});
  CHECK_FALSE(a.effective(a.index("sensor-data"), 0).has_value());

  // Without the administrative information the FIPS minimum gives C low.
  m.remove_dependency("administrative-information", "scada-system", "processed_by");
  a = propagate(m);
  CHECK(a.effective("scada-system") == classification{0, 2, 2});
  CHECK(a.cause_of("scada-system", 0).kind == cause_kind::floor);
}

TEST_CASE("explain walks back to the origin with via types") {
  model m;
  m.add_asset(make("journal", "information", {3, 2, 2, 3}));
  m.add_asset(make("app", "application", classification::none(4)));
  m.add_asset(make("srv", "server", classification::none(4)));
  m.add_dependency("journal", "app", "processed_by");
  m.add_dependency("app", "srv", "runs_on");
  auto a = propagate(m);
  auto path = a.explain("srv", 0);
  REQUIRE(path.size() == 3);
  CHECK(path[0].asset == "srv");
  CHECK(path[0].via.empty());
  CHECK(path[0].cause.kind == cause_kind::edge);
  CHECK(path[1].asset == "app");
  CHECK(path[1].via == "runs_on");
  CHECK(path[2].asset == "journal");
  CHECK(path[2].via == "processed_by");
  CHECK(path[2].cause.kind == cause_kind::own);
  CHECK(path[2].level == level_t{3});
  CHECK_THROWS_AS((void)a.explain("nope", 0), model_error);
  CHECK_THROWS_AS((void)a.explain("srv", 9), model_error);
}

TEST_CASE("origins lists every origin that alone forces the level") {
  model m;
  m.add_asset(make("i1", "information", {3, U, U, U}));
  m.add_asset(make("i2", "information", {3, U, U, U}));
  m.add_asset(make("i3", "information", {2, U, U, U}));
  m.add_asset(make("app", "application", classification::none(4)));
  m.add_asset(make("srv", "server", classification::none(4)));
  m.add_dependency("i1", "app", "processed_by");
  m.add_dependency("i2", "app", "processed_by");
  m.add_dependency("i3", "app", "processed_by");
  m.add_dependency("app", "srv", "runs_on");
  auto a = propagate(m);
  auto os = a.origins("srv", 0);
  REQUIRE(os.size() == 2);
  CHECK(os[0] == origin{"i1", cause_kind::own, 3});
  CHECK(os[1] == origin{"i2", cause_kind::own, 3});
  // an override cuts what lies behind it
  m.set_override("app", 0, {3, override_effect::manual, "raised by hand"});
  a = propagate(m);
  os = a.origins("srv", 0);
  REQUIRE(os.size() == 1);
  CHECK(os[0] == origin{"app", cause_kind::override_, 3});
  CHECK(a.origins("srv", 1).empty()); // nothing assessed
}

TEST_CASE("origins through a reducing transfer need a higher level upstream") {
  policy p;
  p.types["weak"] = {{"K", transfer::reduce(1)}};
  model m(scheme::preset("se-klassa"), p);
  m.add_asset(make("hi", "information", {3, U, U, U}));
  m.add_asset(make("lo", "information", {2, U, U, U}));
  m.add_asset(make("t", "application", classification::none(4)));
  m.add_dependency("hi", "t", "weak");
  m.add_dependency("lo", "t", "processed_by");
  auto a = propagate(m);
  CHECK(a.effective(a.index("t"), 0) == level_t{2});
  auto os = a.origins("t", 0);
  REQUIRE(os.size() == 2); // hi reduced to 2 and lo passed at 2 both force 2
}

TEST_CASE("deviations: lowering overrides, unassessed information, separate analysis") {
  model m;
  m.add_asset(make("secret", "information", {4, 1, 1, 1}));
  m.add_asset(make("todo", "information", {1, U, 1, 1}));
  m.add_asset(make("srv", "server", classification::none(4)));
  m.add_dependency("secret", "srv", "stored_on");
  m.set_override("srv", 2, {0, override_effect::distribution, "cluster"});
  m.set_override("srv", 1, {3, override_effect::manual, "raised"});
  auto devs = propagate(m).deviations();
  std::vector<std::tuple<std::string, deviation::what, std::size_t>> got;
  for (const auto& d : devs) {
    got.emplace_back(d.asset, d.kind, d.property);
    CHECK_FALSE(d.message.empty());
  }
  std::vector<std::tuple<std::string, deviation::what, std::size_t>> want{
      {"secret", deviation::what::separate_analysis, 0},
      {"todo", deviation::what::unassessed, 1},
      {"srv", deviation::what::separate_analysis, 0},
      {"srv", deviation::what::lowering_override, 2},
  };
  CHECK(got == want);
  CHECK(to_string(deviation::what::lowering_override) == "lowering_override");
}

TEST_CASE("n/a is not a missing assessment") {
  model m("us-fips-199");
  m.add_asset(make("public", "information", {NA, 1, 0}));
  CHECK(propagate(m).deviations().empty());
}

TEST_CASE("an assessment outlives changes of its model") {
  model m;
  m.add_asset(make("i", "information", {1, 1, 1, 1}));
  auto a = propagate(m);
  m.set_level("i", 0, 3);
  m.remove_asset("i");
  CHECK(a.effective("i") == classification{1, 1, 1, 1});
  assessment copy = a;
  CHECK(copy == a);
}
