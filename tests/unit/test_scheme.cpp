// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/scheme.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

TEST_CASE("the four presets exist with stable ids and keys") {
  CHECK(scheme::preset_ids() ==
        std::vector<std::string>{"se-klassa", "se-msb", "de-bsi-200-2", "us-fips-199", "threagile"});
  auto k = scheme::preset("se-klassa");
  REQUIRE(k->size() == 4);
  CHECK(k->properties[0].key == "K");
  CHECK(k->properties[1].key == "R");
  CHECK(k->properties[2].key == "T");
  CHECK(k->properties[3].key == "S");
  CHECK(k->levels(0) == 5);
  CHECK(k->properties[0].levels[4].name == "Synnerligen allvarlig");
  CHECK(k->properties[0].levels[0].name == "Ingen eller försumbar");
  CHECK(k->properties[3].name == "Spårbarhet");
  CHECK(k->properties[3].name_en == "Traceability");
  CHECK(k->separate_analysis_level == level_t{4});

  auto msb = scheme::preset("se-msb");
  CHECK(msb->size() == 3);
  CHECK(msb->levels(2) == 4);

  auto bsi = scheme::preset("de-bsi-200-2");
  REQUIRE(bsi->size() == 3);
  CHECK(bsi->properties[0].key == "C");
  CHECK(bsi->properties[0].name == "Vertraulichkeit");
  CHECK(bsi->properties[2].name == "Verfügbarkeit");
  CHECK(bsi->properties[1].levels[2].name == "sehr hoch");
  CHECK(bsi->properties[1].levels[2].name_en == "very high");

  auto fips = scheme::preset("us-fips-199");
  REQUIRE(fips->size() == 3);
  CHECK(fips->properties[0].allows_not_applicable);
  CHECK_FALSE(fips->properties[1].allows_not_applicable);
  CHECK(fips->properties[2].levels[1].key == "moderate");
  REQUIRE(fips->non_information_floor.size() == 3);
  CHECK(fips->non_information_floor[0] == level_t{0});
}

TEST_CASE("every preset validates and is recognised as a preset") {
  for (const auto& id : scheme::preset_ids()) {
    auto s = scheme::preset(id);
    CHECK_NOTHROW(s->validate());
    CHECK(s->is_preset());
    for (const auto& p : s->properties) {
      CHECK_FALSE(p.name.empty());
      CHECK_FALSE(p.name_en.empty());
      for (const auto& l : p.levels) {
        CHECK_FALSE(l.name.empty());
        CHECK_FALSE(l.name_en.empty());
        CHECK_FALSE(l.description.empty());
      }
    }
  }
}

TEST_CASE("unknown preset is a model_error naming the id") {
  CHECK_THROWS_WITH_AS((void)scheme::preset("se-klass"), doctest::Contains("unknown scheme preset 'se-klass'"),
                       model_error);
}

TEST_CASE("properties by key or role, levels by key or number") {
  auto s = scheme::preset("us-fips-199");
  CHECK(s->find_property("C") == std::size_t{0});
  CHECK(s->find_property("availability") == std::size_t{2});
  CHECK_FALSE(s->find_property("traceability").has_value());
  CHECK_FALSE(s->find_property("X").has_value());
  CHECK(s->find_level(0, "high") == level_t{2});
  CHECK(s->find_level(0, "1") == level_t{1});
  CHECK_FALSE(s->find_level(0, "3").has_value());
  CHECK_FALSE(s->find_level(0, "medium").has_value());
  CHECK(to_string(role::traceability) == "traceability");
  CHECK(parse_role("integrity") == role::integrity);
  CHECK_FALSE(parse_role("Integrity").has_value());
}

TEST_CASE("a role shared by two properties is ambiguous") {
  scheme s = *scheme::preset("se-msb");
  s.id = "custom";
  s.properties[1].role = role::confidentiality;
  CHECK_FALSE(s.find_property("confidentiality").has_value());
  CHECK(s.find_property("R") == std::size_t{1});
}

TEST_CASE("validate rejects malformed schemes with a pointer") {
  scheme base = *scheme::preset("se-msb");
  base.id = "x";
  SUBCASE("duplicate property key") {
    base.properties[1].key = "K";
    CHECK_THROWS_WITH_AS(base.validate(), doctest::Contains("/scheme/properties/1/key: duplicate property key"),
                         model_error);
  }
  SUBCASE("too few levels") {
    base.properties[0].levels.resize(1);
    CHECK_THROWS_WITH_AS(base.validate(), doctest::Contains("/scheme/properties/0/levels"), model_error);
  }
  SUBCASE("numeric level key at the wrong position") {
    base.properties[0].levels[0].key = "1";
    CHECK_THROWS_WITH_AS(base.validate(), doctest::Contains("must equal its position"), model_error);
  }
  SUBCASE("no properties") {
    base.properties.clear();
    CHECK_THROWS_AS(base.validate(), model_error);
  }
  SUBCASE("role word as key") {
    base.properties[0].key = "integrity";
    CHECK_THROWS_WITH_AS(base.validate(), doctest::Contains("must not be a role word"), model_error);
  }
  SUBCASE("empty id") {
    base.id = "";
    CHECK_THROWS_WITH_AS(base.validate(), doctest::Contains("/scheme/id"), model_error);
  }
}
