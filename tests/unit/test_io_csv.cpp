#include "infoclass/error.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/json.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace infoclass;

namespace {
auto klassa() { return scheme::preset("se-klassa"); }
} // namespace

TEST_CASE("csv: Swedish Excel export with BOM, semicolons, CRLF, quoted newlines") {
  std::string assets =
      "\xEF\xBB\xBFid;kind;name;owner;K;R;T;S;justification\r\n"
      "socialakter;information;Personakter; Socialnämnden ;3;2;2;3;\"Känsliga uppgifter;\nOSL 26 kap.\"\r\n"
      "srv;server;\"Server \"\"ett\"\"\";Servicenämnden;;;;;\r\n";
  std::string deps = "from;to;type;group\r\nsocialakter;srv;stored_on;\r\n";
  auto m = io::read_csv(assets, deps, klassa());
  REQUIRE(m.size() == 2);
  const auto& a = m.at("socialakter");
  CHECK(a.own == classification{3, 2, 2, 3});
  CHECK(a.owner == " Socialnämnden ");
  CHECK(a.justification == "Känsliga uppgifter;\nOSL 26 kap.");
  CHECK(m.at("srv").name == "Server \"ett\"");
  CHECK(m.num_dependencies() == 1);
  // A CR LF inside a quoted value is kept, so that values round-trip exactly.
  auto crlf = io::read_csv("id,kind,name\r\na,server,\"one\r\ntwo\"\r\n", "", klassa());
  CHECK(crlf.at("a").name == "one\r\ntwo");
  auto files = io::write_csv(crlf);
  CHECK(io::read_csv(files.assets, files.dependencies, klassa()) == crlf);
}

TEST_CASE("csv: comma delimiter detected, level keys, na, overrides, implemented, attributes") {
  std::string assets = "id,kind,C,I,A,implemented_A,override_A,override_A_effect,override_A_justification,attributes\n"
                       "web,information,na,moderate,low,,,,,\n"
                       "sys,application,,,,high,1,distribution,\"Two sites, one fails\",\"{\"\"rack\"\": 3}\"\n";
  auto m = io::read_csv(assets, "", scheme::preset("us-fips-199"));
  CHECK(m.at("web").own.is_not_applicable(0));
  CHECK(m.at("web").own.get(1) == level_t{1});
  CHECK(m.at("sys").implemented->get(2) == level_t{2});
  CHECK(m.at("sys").overrides.at(2).effect == override_effect::distribution);
  CHECK(m.at("sys").overrides.at(2).justification == "Two sites, one fails");
  CHECK(m.at("sys").attributes.at("rack") == "3");
}

TEST_CASE("csv: write then read is identity, with either delimiter") {
  auto m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  for (char d : {',', ';'}) {
    auto files = io::write_csv(m, d);
    auto back = io::read_csv(files.assets, files.dependencies, m.scheme_ptr(), m.get_policy());
    CHECK(back == m);
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 200; ++i) {
    auto r = infoclass::testing::random_model(rng);
    auto files = io::write_csv(r, i % 2 ? ';' : ',');
    CHECK(io::read_csv(files.assets, files.dependencies, r.scheme_ptr(), r.get_policy()) == r);
  }
}

TEST_CASE("csv: errors name file, line and column") {
  struct bad {
    std::string assets;
    std::string deps;
    std::string expected;
  };
  const std::vector<bad> cases{
      {"", "", "assets.csv: empty file"},
      {"id,kind,colour\n", "", "assets.csv:1:9: unknown column 'colour'"},
      {"id,name\n", "", "assets.csv:1:1: missing required column 'kind'"},
      {"id,kind,id\n", "", "assets.csv:1:9: column 'id' appears twice"},
      {"id,kind,K\na,information,7\n", "", "assets.csv:2:15: '7' is not a level of property K"},
      {"id,kind,K\na,information\n", "", "assets.csv:2:1: row has 2 fields, the header 3"},
      {"id,kind\na,\"information\n", "", "assets.csv:2:3: quoted field is not closed"},
      {"id,kind\na,in\"fo\n", "", "assets.csv:2:5: quote inside an unquoted field"},
      {"id,kind\na,\"x\"y\n", "", "assets.csv:2:6: unexpected character after a closing quote"},
      {"id,kind\na,Server\n", "", "assets.csv:2:1: a: kind"},
      {"id,kind\na,server\na,server\n", "", "assets.csv:3:1: a: duplicate asset id"},
      {"id,kind\na,info\xff\n", "", "assets.csv:2:7: invalid UTF-8"},
      {"id,kind,K\na,information,\"{\"\n", "", "assets.csv:2:15"},
      {"id,kind,attributes\na,server,[1]\n", "", "assets.csv:2:10: attributes must be a JSON object"},
      {"id,kind,override_T,override_T_effect\na,server,1,luck\n", "",
       "assets.csv:2:12: 'luck' is not an override effect"},
      {"id,kind,override_T\na,server,1\n", "", "assets.csv:2:1: a: overrides/T/justification"},
      {"id,kind\na,server\n", "from,to\na,b\n", "dependencies.csv:1:1: missing required column 'type'"},
      {"id,kind\na,server\n", "from,to,type\na,b,runs_on\n", "dependencies.csv:2:1: a -> b: unknown asset 'b'"},
      {"id,kind\na,server\nb,site\n", "from,to,type\na,b,teleports\n",
       "dependencies.csv:2:1: a -> b: unknown dependency type"},
  };
  for (const auto& c : cases) {
    INFO("assets: " << c.assets << " deps: " << c.deps);
    try {
      (void)io::read_csv(c.assets, c.deps, klassa());
      FAIL("accepted bad input");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(c.expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
}

TEST_CASE("csv: files are written atomically and read back") {
  auto dir = std::filesystem::temp_directory_path() / ("infoclass-csv-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  io::save_csv(m, dir);
  CHECK(io::load_csv(dir / "assets.csv", dir / "dependencies.csv", m.scheme_ptr(), m.get_policy()) == m);
  CHECK_THROWS_WITH_AS((void)io::load_csv(dir / "nope.csv", {}, m.scheme_ptr()), doctest::Contains("no such file"),
                       model_error);
  std::filesystem::remove_all(dir);
}
