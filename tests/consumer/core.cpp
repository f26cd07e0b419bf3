// SPDX-License-Identifier: Apache-2.0
// The engine alone: a model from native JSON, propagated, explained; the
// headers' version against the library's.
#include <infoclass/error.hpp>
#include <infoclass/io/json.hpp>
#include <infoclass/propagation.hpp>
#include <infoclass/version.hpp>

#include <iostream>

int main() {
  const auto m = infoclass::io::read_model(R"({
    "infoclass": 1, "scheme": "se-klassa",
    "assets": [
      {"id": "journal", "kind": "information", "classification": {"K": 3, "R": 2, "T": 2, "S": 3}},
      {"id": "app", "kind": "application"}
    ],
    "dependencies": [{"from": "journal", "to": "app", "type": "processed_by"}]
  })");
  const auto a = infoclass::propagate(m);
  std::cout << "core " << infoclass::version() << " (headers " << infoclass::version_string << "): app "
            << a.effective("app").to_string(m.get_scheme()) << "\n";
  try {
    (void)infoclass::io::read_model(
        R"({"infoclass": 1, "scheme": "se-klassa", "assets": [{"id": 1, "kind": "information"}]})");
  } catch (const infoclass::model_error& e) {
    std::cout << "model_error: " << e.what() << "\n";
  }
  return infoclass::version() == infoclass::version_string ? 0 : 1;
}
