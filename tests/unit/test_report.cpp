// SPDX-License-Identifier: Apache-2.0
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace infoclass;

namespace {
model small() {
  return io::read_model(R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "journal", "kind": "information", "owner": "Socialnämnden", "classification": {"K": 3, "R": 2, "T": 2, "S": 3}},
    {"id": "srv", "kind": "server", "owner": "Servicenämnden",
     "overrides": {"T": {"level": 1, "effect": "distribution", "justification": "Second node."}}},
    {"id": "todo", "kind": "information"}],
    "dependencies": [{"from": "journal", "to": "srv", "type": "stored_on"}]})");
}
} // namespace

TEST_CASE("report lists assets with levels and causes, then deviations") {
  auto m = small();
  auto text = format_report(m, propagate(m));
  CHECK(text.find("3 assets, 1 dependency\n") != std::string::npos);
  CHECK(text.find("ASSET    KIND         OWNER           K  R  T  S   CAUSE\n") != std::string::npos);
  CHECK(text.find("\nsrv      server       Servicenämnden  3  2  1  3   K R S: <- journal (stored_on); T: override "
                  "(distribution)\n") != std::string::npos);
  CHECK(text.find("\ntodo     information  -               -  -  -  -   unassessed\n") != std::string::npos);
  CHECK(text.find("Lowering overrides (1)\n  srv T: override lowers T from 2 to 1") != std::string::npos);
  CHECK(text.find("Unassessed information (4)") != std::string::npos);
  CHECK(text.find("Separate analysis required (0)") != std::string::npos);
}

TEST_CASE("table marks overridden values with the derived one") {
  auto m = small();
  auto text = format_table(m, propagate(m));
  CHECK(text.find("srv      server       3      2      1 (2)  3\n") != std::string::npos);
}

TEST_CASE("csv has a header and quoted fields") {
  auto m = small();
  auto text = format_csv(m, propagate(m));
  CHECK(text.rfind("id,kind,owner,K,R,T,S,K_derived,R_derived,T_derived,S_derived,K_cause,R_cause,T_cause,S_cause\r\n",
                   0) == 0);
  CHECK(text.find("srv,server,Servicenämnden,3,2,1,3,3,2,2,3,<- journal (stored_on),<- journal (stored_on),override "
                  "(distribution),<- journal (stored_on)\r\n") != std::string::npos);
  CHECK(text.find("todo,information,,,,,,,,,,unassessed,unassessed,unassessed,unassessed\r\n") != std::string::npos);
}

TEST_CASE("explanation text") {
  auto m = small();
  auto text = format_explanation(propagate(m), "srv", 0);
  CHECK(text == "srv K = 3\n  srv K3: edge from journal (stored_on)\n    journal K3: own assessment\n");
}

TEST_CASE("explanation text of a long chain: indented down to the 32nd step, numbered below it") {
  // c0 <- c1 <- ... <- c39 (each depends on the next); c39 holds the level.
  model m;
  for (int i = 0; i < 40; ++i) {
    m.add_asset({.id = "c" + std::to_string(i), .kind = "service"});
  }
  m.set_level("c39", 0, 2);
  for (int i = 39; i > 0; --i) {
    m.add_dependency("c" + std::to_string(i), "c" + std::to_string(i - 1), "depends_on");
  }
  const auto text = format_explanation(propagate(m), "c0", 0);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  REQUIRE(lines.size() == 41);
  CHECK(lines[0] == "c0 K = 2");
  CHECK(lines[1] == "  c0 K2: edge from c1 (depends_on)");
  CHECK(lines[32] == std::string(64, ' ') + "c31 K2: edge from c32 (depends_on)");
  CHECK(lines[33] == std::string(64, ' ') + "[33] c32 K2: edge from c33 (depends_on)");
  CHECK(lines[40] == std::string(64, ' ') + "[40] c39 K2: own assessment");
}

TEST_CASE(
    "report: table_limit keeps the assets with the highest levels, list_limit cuts each list and counts the rest") {
  auto m = small();
  report_options o;
  o.table_limit = 1;
  o.list_limit = 2;
  auto text = format_report(m, propagate(m), o);
  // journal and srv both reach 3 (K, S); journal's sum is higher (3+2+2+3 vs 3+2+1+3).
  CHECK(text.find("\njournal  ") != std::string::npos);
  CHECK(text.find("\nsrv      ") == std::string::npos);
  CHECK(text.find("\ntodo     ") == std::string::npos);
  CHECK(text.find("… 2 more assets (the 1 with the highest levels are shown; --all lists every one)\n") !=
        std::string::npos);
  // Four unassessed properties of `todo`: two shown, two counted.
  CHECK(text.find("Unassessed information (4)\n  todo K: information without an assessment of K\n"
                  "  todo R: information without an assessment of R\n  … 2 more (--all lists every one)\n") !=
        std::string::npos);
  // Without limits: every asset, no "more" line.
  auto all = format_report(m, propagate(m));
  CHECK(all.find("more") == std::string::npos);
  CHECK(all.find("\ntodo     ") != std::string::npos);
}
