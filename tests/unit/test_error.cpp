// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

TEST_CASE("model_error carries where and reason and is an invalid_argument") {
  model_error e("/assets/3/classification/K", "level 7 is outside 0..4 of scheme se-klassa");
  CHECK(std::string(e.what()) == "/assets/3/classification/K: level 7 is outside 0..4 of scheme se-klassa");
  CHECK(e.where() == "/assets/3/classification/K");
  CHECK(e.reason() == "level 7 is outside 0..4 of scheme se-klassa");
  const std::invalid_argument& base = e;
  CHECK(std::string(base.what()).find("level 7") != std::string::npos);
}

TEST_CASE("model_error without a location prints the reason alone") {
  model_error e("", "empty input");
  CHECK(std::string(e.what()) == "empty input");
}

TEST_CASE("error is a runtime_error") {
  error e("disk full");
  const std::runtime_error& base = e;
  CHECK(std::string(base.what()) == "disk full");
}
