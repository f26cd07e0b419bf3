#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

using namespace infoclass;

namespace {
const std::string file = std::string(INFOCLASS_SOURCE_DIR) + "/tests/data/threagile/webshop.yaml";
}

TEST_CASE("threagile: data, technical assets, links, boundaries and runtimes become a model") {
  auto m = io::load_threagile(file);
  CHECK(m.get_scheme().id == "threagile");
  CHECK(m.at("citizen-applications").own == classification{3, 3, 1});
  CHECK(m.at("case-db").kind == "datastore");
  CHECK(m.at("citizen-browser").kind == "external-entity");
  CHECK(m.at("portal").kind == "application");
  CHECK(m.at("citizen-browser:Portal-Traffic").kind == "communication-link");
  CHECK(m.at("database-zone").kind == "trust-boundary");
  CHECK(m.at("vm-cluster").kind == "shared-runtime");
  CHECK(m.at("citizen-applications").justification.find("Personal data") != std::string::npos);
}

// Threagile's "highest" rating of a technical asset is the maximum of its own
// rating and those of the data it processes, stores, sends or receives.
TEST_CASE("threagile: propagation reproduces Threagile's highest ratings and goes further") {
  auto m = io::load_threagile(file);
  auto a = propagate(m);
  // portal: own internal/important/important; processes public-pages, receives
  // citizen-applications (confidential/critical/operational) and session-tokens
  // (restricted/important/important) from the browser, sends applications to the DB.
  CHECK(a.effective("portal") == classification{3, 3, 2});
  // case-db: own internal/important/operational; stores and receives applications.
  CHECK(a.effective("case-db") == classification{3, 3, 1});
  // backup-store: nothing flows to it.
  CHECK(a.effective("backup-store") == classification{1, 1, 0});
  // a link carries what is sent and received over it
  CHECK(a.effective("portal:Case-Database-Access") == classification{3, 3, 1});
  CHECK(a.effective("citizen-browser:Portal-Traffic") == classification{3, 3, 2});
  // beyond Threagile: boundaries and runtimes, multi-hop (database-zone is nested in municipal-network)
  CHECK(a.effective("database-zone") == classification{3, 3, 1});
  CHECK(a.effective("municipal-network") == classification{3, 3, 2});
  CHECK(a.effective("vm-cluster") == classification{3, 3, 2});
  auto path = a.explain("municipal-network", 0);
  REQUIRE(path.size() == 3);
  CHECK(path[1].asset == "portal");
  CHECK(path[2].asset == "citizen-applications");
}

TEST_CASE("threagile: bad input names file, line, column and path") {
  auto base = io::read_file(file, 1u << 20);
  struct bad {
    std::string from;
    std::string to;
    std::string expected;
  };
  const std::vector<bad> cases{
      {"confidentiality: confidential", "confidentiality: secret",
       "webshop.yaml:20:22: data_assets/Citizen Applications/confidentiality: 'secret' is not a Threagile rating"},
      {"          - public-pages\n\n  E-services", "          - public-page\n\n  E-services",
       "technical_assets/Citizen Browser/communication_links/Portal Traffic/data_assets_received/0: unknown data asset "
       "'public-page'"},
      {"target: case-db", "target: case-database",
       "technical_assets/E-services Portal/communication_links/Case Database Access/target: unknown technical asset"},
      {"id: backup-store", "id: case-db", "technical_assets/Backup Store/id: 'case-db' is not a usable, unique id"},
      {"type: datastore\n    usage: business\n    technology: database",
       "type: database\n    usage: business\n    technology: database", "is not a technical asset type"},
      {"      - backup-store\n", "      - backup\n",
       "trust_boundaries/Database Zone/technical_assets_inside/1: unknown"},
      {"    trust_boundaries_nested:\n      - database-zone", "    trust_boundaries_nested:\n      - dz",
       "unknown trust boundary 'dz'"},
      {"data_assets:\n", "data_assets: [\n", "webshop.yaml:"},
  };
  for (const auto& c : cases) {
    auto text = base;
    auto pos = text.find(c.from);
    REQUIRE(pos != std::string::npos);
    text.replace(pos, c.from.size(), c.to);
    INFO(c.to);
    try {
      (void)io::read_threagile(text, "webshop.yaml");
      FAIL("accepted");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(c.expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
  CHECK_THROWS_WITH_AS((void)io::read_threagile("- a\n- b\n"), doctest::Contains("expected a Threagile model"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)io::read_threagile("title: x\n"), doctest::Contains("technical_assets: missing"),
                       model_error);
}
