// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <iterator>
#include <unistd.h>

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
  CHECK(m.at("citizen-browser>portal-traffic").kind == "communication-link");
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
  CHECK(a.effective("portal>case-database-access") == classification{3, 3, 1});
  CHECK(a.effective("citizen-browser>portal-traffic") == classification{3, 3, 2});
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
      {"id: backup-store", "id: case-db", "technical_assets/Backup Store/id: duplicate id 'case-db'"},
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

// Threagile's own demo model (../shared/data/threagile), read as Threagile
// reads it. The expected table is written from Threagile's rules
// (pkg/model/parse.go, pkg/types/model.go at the demo's commit), not from
// our output: a data asset keeps its declared ratings (after YAML merge keys,
// explicit keys winning); a technical asset's highest rating is the maximum of
// its own, the data it processes and stores, where the data sent and received
// over a link count as processed by both ends; a link's rating is the
// maximum over the data it carries.
namespace {
const std::string demo = std::string(INFOCLASS_SOURCE_DIR) + "/../shared/data/threagile/threagile-demo.yaml";

struct rated {
  const char* id;
  const char* owner;
  const char* c;
  const char* i;
  const char* a;
};

classification levels(const scheme& s, const rated& r) {
  return classification{*s.find_level(0, r.c), *s.find_level(1, r.i), *s.find_level(2, r.a)};
}
} // namespace

TEST_CASE("threagile demo: every data asset keeps its declared ratings and owner (merge keys resolved)") {
  auto m = io::load_threagile(demo);
  const auto& s = m.get_scheme();
  const rated data[] = {
      {"customer-contracts", "Company XYZ", "confidential", "critical", "operational"},
      {"contract-summaries", "Company XYZ", "restricted", "operational", "operational"},
      {"customer-operational-data", "Company XYZ", "confidential", "critical", "critical"},
      {"customer-accounts", "Company XYZ", "strictly-confidential", "critical", "critical"},
      {"internal-business-data", "Company XYZ", "strictly-confidential", "critical", "critical"},
      {"client-application-code", "Company ABC", "public", "critical", "important"},
      {"server-application-code", "Company ABC", "internal", "mission-critical", "important"},
      {"build-job-config", "Company XYZ", "restricted", "critical", "operational"},
      {"marketing-material", "Company ABC", "public", "important", "important"},
      {"erp-logs", "Company XYZ", "restricted", "archive", "archive"},
      {"erp-customizing", "Company XYZ", "confidential", "critical", "critical"},
      {"db-dumps", "Company XYZ", "strictly-confidential", "critical", "critical"},
  };
  std::size_t information = 0;
  for (std::size_t v = 0; v < m.size(); ++v) {
    information += m.kind(v) == "information" ? 1 : 0;
  }
  CHECK(information == std::size(data));
  for (const auto& d : data) {
    INFO(d.id);
    const auto a = m.at(d.id);
    CHECK(a.kind == "information");
    CHECK(a.owner == d.owner);
    CHECK(a.own == levels(s, d));
  }
}

TEST_CASE("threagile demo: technical assets and links get Threagile's highest ratings") {
  auto m = io::load_threagile(demo);
  const auto& s = m.get_scheme();
  auto a = propagate(m);
  const rated technical[] = {
      {"customer-client", "Customer", "strictly-confidential", "critical", "critical"},
      {"backoffice-client", "Company XYZ", "strictly-confidential", "critical", "critical"},
      {"backend-admin-client", "Company XYZ", "strictly-confidential", "critical", "critical"},
      {"load-balancer", "Company ABC", "strictly-confidential", "mission-critical", "mission-critical"},
      {"apache-webserver", "Company ABC", "strictly-confidential", "mission-critical", "critical"},
      {"identity-provider", "Company ABC", "strictly-confidential", "critical", "critical"},
      {"ldap-auth-server", "Company ABC", "strictly-confidential", "critical", "critical"},
      {"marketing-cms", "Company ABC", "strictly-confidential", "critical", "critical"},
      {"erp-system", "Company ABC", "strictly-confidential", "mission-critical", "mission-critical"},
      {"contract-file-server", "Company ABC", "confidential", "critical", "important"},
      {"sql-database", "Company ABC", "strictly-confidential", "mission-critical", "mission-critical"},
      {"external-dev-client", "External Developers", "confidential", "mission-critical", "important"},
      {"git-repo", "Company ABC", "confidential", "mission-critical", "important"},
      {"jenkins-build-server", "Company ABC", "confidential", "mission-critical", "important"},
  };
  for (const auto& t : technical) {
    INFO(t.id);
    CHECK(m.at(t.id).owner == t.owner);
    CHECK(a.effective(t.id) == levels(s, t));
  }
  const rated links[] = {
      {"customer-client>customer-traffic", "", "strictly-confidential", "critical", "critical"},
      {"backoffice-client>erp-internal-access", "", "strictly-confidential", "critical", "critical"},
      {"backoffice-client>marketing-cms-editing", "", "public", "important", "important"},
      {"backend-admin-client>erp-web-access", "", "confidential", "critical", "critical"},
      {"backend-admin-client>db-update-access", "", "strictly-confidential", "critical", "critical"},
      {"backend-admin-client>user-management-access", "", "strictly-confidential", "critical", "critical"},
      {"load-balancer>web-application-traffic", "", "strictly-confidential", "critical", "critical"},
      {"load-balancer>cms-content-traffic", "", "public", "important", "important"},
      {"apache-webserver>erp-system-traffic", "", "strictly-confidential", "critical", "critical"},
      {"apache-webserver>auth-credential-check-traffic", "", "strictly-confidential", "critical", "critical"},
      {"identity-provider>ldap-credential-check-traffic", "", "strictly-confidential", "critical", "critical"},
      {"marketing-cms>auth-traffic", "", "strictly-confidential", "critical", "critical"},
      {"erp-system>database-traffic", "", "strictly-confidential", "critical", "critical"},
      {"erp-system>nfs-filesystem-access", "", "confidential", "critical", "operational"},
      {"external-dev-client>git-repo-code-write-access", "", "internal", "mission-critical", "important"},
      {"external-dev-client>git-repo-web-ui-access", "", "internal", "mission-critical", "important"},
      {"external-dev-client>jenkins-web-ui-access", "", "restricted", "critical", "operational"},
      {"jenkins-build-server>git-repo-code-read-access", "", "internal", "mission-critical", "important"},
      {"jenkins-build-server>application-deployment", "", "internal", "mission-critical", "important"},
      {"jenkins-build-server>cms-updates", "", "public", "important", "important"},
  };
  std::size_t n_links = 0;
  for (std::size_t v = 0; v < m.size(); ++v) {
    n_links += m.kind(v) == "communication-link" ? 1 : 0;
  }
  CHECK(n_links == std::size(links));
  for (const auto& l : links) {
    INFO(l.id);
    CHECK(a.effective(l.id) == levels(s, l));
  }
  // Fields without a place in the model are kept as attributes.
  CHECK(m.at("sql-database").attributes.at("technology") == "\"database\"");
  CHECK(m.at("customer-client").attributes.at("out_of_scope") == "true");
}

TEST_CASE("threagile demo: the summary counts exactly what was left out") {
  io::import_summary sum;
  auto m = io::load_threagile(demo, &sum);
  CHECK(sum.assets == m.size());
  CHECK(sum.line() == "52 assets, 130 dependencies; left out: 3 questions entries, 11 abuse_cases entries, "
                      "3 security_requirements entries, 13 tags_available entries, 1 individual_risk_categories "
                      "entry, 6 risk_tracking entries, 8 model fields (threagile_version, title, date, author, "
                      "management_summary_comment, business_criticality, business_overview, technical_overview)");
}

namespace {
std::string minimal(const std::string& data) {
  return "data_assets:\n" + data +
         "technical_assets:\n"
         "  App:\n"
         "    id: app\n"
         "    type: process\n";
}
} // namespace

TEST_CASE("threagile: YAML as Threagile reads it (merge keys, duplicates, case, numbers)") {
  // Merge keys: explicit keys win; a list of merges, earlier ones first.
  const std::string merged = minimal("  Base: &base\n"
                                     "    id: base\n"
                                     "    owner: Ägare AB\n"
                                     "    confidentiality: confidential\n"
                                     "    integrity: critical\n"
                                     "    availability: operational\n"
                                     "  Other: &other\n"
                                     "    id: other\n"
                                     "    availability: critical\n"
                                     "  Derived:\n"
                                     "    <<: [*other, *base]\n"
                                     "    id: derived\n"
                                     "    integrity: archive\n");
  auto m = io::read_threagile(merged);
  CHECK(m.at("derived").owner == "Ägare AB");
  CHECK(m.at("derived").own == classification{3, 0, 3});
  // Case-insensitive enum values, as Threagile's Find (strings.EqualFold).
  auto upper =
      io::read_threagile(minimal("  D:\n    id: d\n    confidentiality: Confidential\n    integrity: CRITICAL\n"));
  CHECK(upper.at("d").own.get(0) == level_t{3});
  CHECK(upper.at("d").own.get(1) == level_t{3});
  struct bad {
    std::string yaml;
    std::string expected;
  };
  const std::vector<bad> cases{
      {minimal("  D:\n    id: d\n    owner: a\n    owner: b\n"),
       "t.yaml:5:5: duplicate key 'owner' (first at line 4:5)"},
      {minimal("  D:\n    id: d\n    confidentiality: 3\n"),
       "t.yaml:4:22: data_assets/D/confidentiality: '3' is a number, not a Threagile rating"},
      {minimal("  D:\n    id: d\n    <<: *nowhere\n"), "t.yaml:4:10: alias to an unknown anchor"},
      {minimal("  D:\n    id: d\n    <<: plain\n"), "a merge key (<<) takes a mapping or a list of mappings"},
      {"a: [1, 2\n", "t.yaml:"},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    try {
      (void)io::read_threagile(c.yaml, "t.yaml");
      FAIL("accepted");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(c.expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
}

TEST_CASE("threagile: aliases that repeat a long text are bounded by bytes, not only by nodes") {
  // 1 MB of text repeated by 100 aliases: 2 nodes each, but 100 MB; it grew
  // without end for larger ones (4 MB, 20,000 aliases: 80 GB).
  std::string yaml = "big: &b " + std::string(1 << 20, 'x') + "\nrefs: [";
  for (int i = 0; i < 100; ++i) {
    yaml += i == 0 ? "*b" : ", *b";
  }
  yaml += "]\n";
  CHECK_THROWS_WITH_AS((void)io::read_threagile(yaml, "t.yaml"), doctest::Contains("bytes of text (aliases)"),
                       model_error);
  // A few repeats of it are read (and refused for what they are: no model).
  std::string few = "big: &b " + std::string(1 << 20, 'x') + "\nrefs: [*b, *b]\n";
  CHECK_THROWS_WITH_AS((void)io::read_threagile(few, "t.yaml"), doctest::Contains("technical_assets"), model_error);
}

TEST_CASE("threagile: a field kept as an attribute is as deep as a model file holds, or an error") {
  // A field the model has no place for, nested through an alias: the YAML
  // parser limits the text's depth (64), an alias inside a nested list adds
  // its own depth. Kept as the attribute's JSON where a model file holds it,
  // and the model written reads back; deeper is an error.
  const auto nested = [](std::size_t outer) {
    return minimal("  D:\n    id: d\n    base: &deep " + std::string(40, '[') + std::string(40, ']') +
                   "\n    tags_deep: " + std::string(outer, '[') + "*deep" + std::string(outer, ']') + "\n");
  };
  const auto m = io::read_threagile(nested(20), "t.yaml");
  CHECK(m.at("d").attributes.at("tags_deep") == std::string(60, '[') + std::string(60, ']'));
  CHECK(io::read_model(io::write_model(m)) == m);
  CHECK_THROWS_WITH_AS((void)io::read_threagile(nested(21), "t.yaml"),
                       doctest::Contains(": tags_deep: nested 61 levels deep; a model file holds an "
                                         "attribute 60 levels deep"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)io::read_threagile(nested(21), "t.yaml"), doctest::Contains("t.yaml:5:"), model_error);
}

TEST_CASE("threagile: includes are read relative to the including file, a cycle is an error") {
  const auto dir = std::filesystem::temp_directory_path() / ("infoclass-tg-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "parts");
  const auto write = [&](const std::filesystem::path& p, const std::string& text) { io::write_file_atomic(p, text); };
  write(dir / "main.yaml", "includes:\n  - parts/data.yaml\n" + minimal(""));
  write(dir / "parts" / "data.yaml", "data_assets:\n  D:\n    id: d\n    confidentiality: restricted\n");
  io::import_summary sum;
  auto m = io::load_threagile(dir / "main.yaml", &sum);
  CHECK(m.at("d").own.get(0) == level_t{2});
  CHECK(m.contains("app"));
  // An entry defined in two files.
  write(dir / "twice.yaml", "includes:\n  - parts/data.yaml\n" + minimal("  D:\n    id: d2\n"));
  CHECK_THROWS_WITH_AS((void)io::load_threagile(dir / "twice.yaml"), doctest::Contains("data_assets/D: defined twice"),
                       model_error);
  // A cycle.
  write(dir / "a.yaml", "includes:\n  - b.yaml\n");
  write(dir / "b.yaml", "includes:\n  - a.yaml\n");
  CHECK_THROWS_WITH_AS((void)io::load_threagile(dir / "a.yaml"), doctest::Contains("include cycle"), model_error);
  // A file included along two paths is read once: its entries are in once
  // (not "defined twice"), and a chain of 20 files each including the next
  // twice reads 21 files, not 2^20.
  write(dir / "diamond.yaml", "includes:\n  - parts/data.yaml\n  - parts/data.yaml\n  - left.yaml\n" + minimal(""));
  write(dir / "left.yaml", "includes:\n  - parts/data.yaml\n");
  CHECK(io::load_threagile(dir / "diamond.yaml").at("d").own.get(0) == level_t{2});
  for (int i = 0; i < 20; ++i) {
    const std::string next = "f" + std::to_string(i + 1) + ".yaml";
    write(dir / ("f" + std::to_string(i) + ".yaml"), "includes:\n  - " + next + "\n  - " + next + "\n");
  }
  write(dir / "f20.yaml", minimal("  D:\n    id: d\n"));
  CHECK(io::load_threagile(dir / "f0.yaml").contains("d"));
  // A missing file.
  write(dir / "c.yaml", "includes:\n  - nope.yaml\n");
  CHECK_THROWS_WITH_AS((void)io::load_threagile(dir / "c.yaml"), doctest::Contains("c.yaml:2:5: includes:"),
                       model_error);
  std::filesystem::remove_all(dir);
}
