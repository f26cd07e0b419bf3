// SPDX-License-Identifier: Apache-2.0
// Quick start: build a small model, propagate, explain a result, then change
// an assessment and update incrementally.
#include <infoclass/io/json.hpp>
#include <infoclass/propagation.hpp>

#include <iostream>

int main() {
  using namespace infoclass;
  model m("se-klassa");

  m.add_asset({.id = "socialakter",
               .kind = "information",
               .owner = "Socialnämnden",
               .own = classification::of({3, 2, 2, 3}), // K R T S
               .justification = "Känsliga personuppgifter, sekretess enligt OSL 26 kap."});
  m.add_asset({.id = "vardsystem", .kind = "application"}); // no `own`: unassessed
  m.add_asset({.id = "srv-01", .kind = "server"});
  m.add_asset({.id = "srv-02", .kind = "server"});
  m.add_dependency("socialakter", "vardsystem", "processed_by");
  m.add_dependency("vardsystem", "srv-01", "runs_on", "cluster");
  m.add_dependency("vardsystem", "srv-02", "runs_on", "cluster");

  propagation engine(m);
  const assessment& a = engine.result();
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::cout << a.id(i) << ": " << a.effective(a.id(i)).to_string(m.get_scheme()) << "\n";
  }
  std::cout << "why srv-01 K:";
  for (const auto& step : a.explain("srv-01", "K")) {
    std::cout << " " << step.asset;
  }
  std::cout << "\n";

  m.set_level("socialakter", "T", 4); // T raised to 4: the cluster nodes get 3
  auto st = engine.update(m);
  std::cout << "after the change srv-01: " << engine.result().effective("srv-01").to_string(m.get_scheme()) << " ("
            << (st.full ? "full" : "incremental") << ")\n";
}
