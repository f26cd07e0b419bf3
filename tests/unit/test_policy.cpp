// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/policy.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

TEST_CASE("transfers map levels monotonically and never raise") {
  for (const auto& t : {transfer::pass(), transfer::block(), transfer::cap(1), transfer::cap(0), transfer::reduce(1),
                        transfer::reduce(3)}) {
    CHECK_FALSE(t.apply(std::nullopt).has_value());
    std::optional<level_t> prev;
    for (level_t l = 0; l < 8; ++l) {
      auto r = t.apply(l);
      if (r) {
        CHECK(*r <= l);
        if (prev) {
          CHECK(*r >= *prev);
        }
      }
      prev = r;
    }
  }
  CHECK(transfer::pass().apply(3) == level_t{3});
  CHECK_FALSE(transfer::block().apply(3).has_value());
  CHECK(transfer::cap(1).apply(3) == level_t{1});
  CHECK(transfer::cap(1).apply(0) == level_t{0});
  CHECK(transfer::reduce(1).apply(3) == level_t{2});
  CHECK(transfer::reduce(2).apply(1) == level_t{0});
}

TEST_CASE("transfer text round trip and errors") {
  for (const auto& text : {"pass", "block", "cap:2", "reduce:1", "cap:0"}) {
    auto t = transfer::parse(text);
    REQUIRE(t.has_value());
    CHECK(t->to_string() == text);
  }
  for (const auto& bad : {"", "Pass", "cap", "cap:", "cap:x", "cap:-1", "reduce:8", "cap:2 ", "raise:1"}) {
    CHECK_FALSE(transfer::parse(bad).has_value());
  }
}

TEST_CASE("default type table of DESIGN.md") {
  const auto& t = default_dependency_types();
  CHECK(t.size() == 11);
  CHECK(default_transfer("uses", role::confidentiality) == transfer::block());
  CHECK(default_transfer("uses", role::traceability) == transfer::block());
  CHECK(default_transfer("uses", role::integrity) == transfer::pass());
  CHECK(default_transfer("uses", role::availability) == transfer::pass());
  CHECK(default_transfer("backed_up_to", role::availability) == transfer::block());
  CHECK(default_transfer("backed_up_to", role::traceability) == transfer::block());
  CHECK(default_transfer("backed_up_to", role::confidentiality) == transfer::pass());
  for (const auto& type : {"processed_by", "stored_on", "runs_on", "hosted_by", "transmitted_over", "located_in",
                           "supported_by", "operated_by", "depends_on"}) {
    for (auto r : {role::confidentiality, role::integrity, role::availability, role::traceability, role::other}) {
      CHECK(default_transfer(type, r) == transfer::pass());
    }
  }
}

TEST_CASE("kinds and type names") {
  CHECK(builtin_kinds().size() == 9);
  CHECK(valid_kind("information"));
  CHECK(valid_kind("printer"));
  CHECK(valid_kind("iot-device"));
  CHECK_FALSE(valid_kind("Server"));
  CHECK_FALSE(valid_kind(""));
  CHECK_FALSE(valid_kind("9lives"));
  CHECK_FALSE(valid_kind("a b"));
  CHECK(valid_type_name("mirrored_to"));
  CHECK_FALSE(valid_type_name("Mirrored"));
}

TEST_CASE("resolve: defaults, custom types, changed defaults, redundancy") {
  auto s = scheme::preset("se-klassa");
  policy p;
  p.types["mirrored_to"] = {{"availability", transfer::block()}};
  p.types["uses"] = {{"K", transfer::cap(1)}};
  auto r = resolve(p, *s);
  auto m = r.find_type("mirrored_to");
  REQUIRE(m.has_value());
  CHECK(*m == 11); // after the defaults
  CHECK(r.type_transfers[*m][2] == transfer::block());
  CHECK(r.type_transfers[*m][0] == transfer::pass());
  auto u = *r.find_type("uses");
  CHECK(r.type_transfers[u][0] == transfer::cap(1));
  CHECK(r.type_transfers[u][3] == transfer::block()); // unnamed keeps its default
  CHECK(r.redundancy[2] == transfer::reduce(1));
  CHECK(r.redundancy[0] == transfer::pass());

  p.redundancy = transfer_map{{"integrity", transfer::cap(2)}};
  r = resolve(p, *s);
  CHECK(r.redundancy[2] == transfer::pass()); // replaced as a whole
  CHECK(r.redundancy[1] == transfer::cap(2));
}

TEST_CASE("resolve: FIPS built-in floor applies to every non-information kind") {
  auto r = resolve({}, *scheme::preset("us-fips-199"));
  REQUIRE(r.floors.size() == 1);
  CHECK(r.floors[0].applies_to("server"));
  CHECK(r.floors[0].applies_to("printer"));
  CHECK_FALSE(r.floors[0].applies_to("information"));
}

TEST_CASE("resolve errors name a pointer below /policy") {
  auto s = scheme::preset("se-klassa");
  policy p;
  SUBCASE("unknown property") {
    p.types["x"] = {{"Q", transfer::pass()}};
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("/policy/types/x/Q"), model_error);
  }
  SUBCASE("cap outside scale") {
    p.types["x"] = {{"K", transfer::cap(5)}};
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("outside 0..4"), model_error);
  }
  SUBCASE("bad type name") {
    p.types["X y"] = {};
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("not a dependency type name"), model_error);
  }
  SUBCASE("cumulation level out of range") {
    p.cumulation.push_back({"T", {}, 3, 5});
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("/policy/cumulation/0/level"), model_error);
  }
  SUBCASE("cumulation needs at least 1") {
    p.cumulation.push_back({"T", {}, 0, 1});
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("/policy/cumulation/0/at_least"), model_error);
  }
  SUBCASE("floor bad kind") {
    p.floor.push_back({{"Server"}, {{"K", 1}}});
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("/policy/floor/0/kinds/0"), model_error);
  }
  SUBCASE("floor property twice by key and role") {
    p.floor.push_back({{}, {{"K", 1}, {"confidentiality", 2}}});
    CHECK_THROWS_WITH_AS((void)resolve(p, *s), doctest::Contains("named twice"), model_error);
  }
}
