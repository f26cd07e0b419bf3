// SPDX-License-Identifier: Apache-2.0
#include "infoclass/classification.hpp"
#include "infoclass/error.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace infoclass;

TEST_CASE("a new classification is unassessed everywhere") {
  auto c = classification::none(4);
  CHECK(c.size() == 4);
  CHECK(c.all_unassessed());
  for (std::size_t p = 0; p < 4; ++p) {
    CHECK(c.is_unassessed(p));
    CHECK_FALSE(c.get(p).has_value());
  }
  CHECK_THROWS_WITH_AS((void)c.get(4), "property index 4: out of range: the classification has 4 properties",
                       model_error);
}

TEST_CASE("set, get, n/a") {
  auto c = classification::none(3);
  c.set(0, 2);
  c.set_not_applicable(1);
  CHECK(c.get(0) == level_t{2});
  CHECK(c.is_not_applicable(1));
  CHECK_FALSE(c.has_level(1));
  CHECK_FALSE(c.get(1).has_value());
  CHECK(c.is_unassessed(2));
  CHECK_FALSE(c.all_unassessed());
}

TEST_CASE("join is the component-wise max that none never wins") {
  classification a{1, classification::unassessed, 3, classification::not_applicable};
  classification b{2, 0, classification::unassessed, classification::unassessed};
  auto j = a.join(b);
  CHECK(j == classification{2, 0, 3, classification::unassessed});
  CHECK(a.dominated_by(j));
  CHECK(b.dominated_by(j));
  CHECK_FALSE(j.dominated_by(a));
}

TEST_CASE("join laws hold on random values") {
  std::mt19937 rng(7);
  auto random_c = [&] {
    auto c = classification::none(4);
    for (std::size_t p = 0; p < 4; ++p) {
      int r = static_cast<int>(rng() % 7);
      c.set(p, r == 5 ? classification::unassessed : r == 6 ? classification::not_applicable : static_cast<level_t>(r));
    }
    return c;
  };
  for (int i = 0; i < 2000; ++i) {
    auto a = random_c();
    auto b = random_c();
    auto c = random_c();
    CHECK(a.join(b) == b.join(a));
    CHECK(a.join(b).join(c) == a.join(b.join(c)));
    CHECK(a.join(a) == a);
    CHECK(a.dominated_by(a.join(b)));
    CHECK(a.dominated_by(b) == (a.join(b) == b));
  }
}

TEST_CASE("format and parse K3 R2 T2 S1") {
  auto s = scheme::preset("se-klassa");
  classification c{3, 2, 2, 1};
  CHECK(c.to_string(*s) == "K3 R2 T2 S1");
  CHECK(classification::parse(*s, "K3 R2 T2 S1") == c);
  CHECK(classification::parse(*s, "S1, T2 ,R=2 K:serious") == c);
  classification partial{3, classification::unassessed, classification::unassessed, classification::unassessed};
  CHECK(partial.to_string(*s) == "K3 R- T- S-");
  CHECK(classification::parse(*s, "K3") == partial);
  CHECK(classification::parse(*s, partial.to_string(*s)) == partial);
}

TEST_CASE("FIPS n/a formats as na and parses back") {
  auto s = scheme::preset("us-fips-199");
  auto c = classification::parse(*s, "C=na I=high A:moderate");
  CHECK(c.is_not_applicable(0));
  CHECK(c.get(1) == level_t{2});
  CHECK(c.get(2) == level_t{1});
  CHECK(c.to_string(*s) == "C=na I2 A1");
  CHECK(classification::parse(*s, c.to_string(*s)) == c);
}

TEST_CASE("parse errors name the token") {
  auto s = scheme::preset("se-klassa");
  CHECK_THROWS_WITH_AS((void)classification::parse(*s, "K3 X2"), doctest::Contains("'X2'"), model_error);
  CHECK_THROWS_WITH_AS((void)classification::parse(*s, "K7"), doctest::Contains("'7' is not a level of property K"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)classification::parse(*s, "K1 K2"), doctest::Contains("given twice"), model_error);
  CHECK_THROWS_WITH_AS((void)classification::parse(*s, "K=na"), doctest::Contains("cannot be not applicable"),
                       model_error);
}
