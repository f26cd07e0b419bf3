// SPDX-License-Identifier: Apache-2.0
// A downstream program: proves that the package's headers and library are usable.
#include <infoclass/propagation.hpp>

#include <iostream>

int main() {
  infoclass::model m("se-klassa");
  infoclass::asset info;
  info.id = "journal";
  info.kind = "information";
  info.own = infoclass::classification{3, 2, 2, 3};
  m.add_asset(info);
  infoclass::asset app;
  app.id = "app";
  app.kind = "application";
  app.own = infoclass::classification::none(4);
  m.add_asset(app);
  m.add_dependency("journal", "app", "processed_by");
  auto a = infoclass::propagate(m);
  std::cout << "app: " << a.effective("app").to_string(m.get_scheme()) << "\n";
}
