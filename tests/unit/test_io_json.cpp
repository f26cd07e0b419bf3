// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sys/stat.h>

using namespace infoclass;
namespace fs = std::filesystem;

namespace {

std::string example_path() { return std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json"; }

std::string wrap_assets(const std::string& assets, const std::string& deps = "[]", const std::string& extra = "") {
  return R"({"infoclass": 1, "scheme": "se-klassa", "assets": )" + assets + R"(, "dependencies": )" + deps + extra +
         "}";
}

fs::path temp_dir() {
  auto d = fs::temp_directory_path() / ("infoclass-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

} // namespace

TEST_CASE("the DESIGN.md example reads, with levels, overrides, groups and policy") {
  const char* text = R"({
  "infoclass": 1,
  "scheme": "se-klassa",
  "assets": [
    {"id": "socialakter", "kind": "information", "name": "Personakter, socialtjänst",
     "owner": "Socialnämnden",
     "classification": {"K": 3, "R": 2, "T": 2, "S": 3},
     "justification": "Känsliga personuppgifter, sekretess enligt OSL 26 kap.",
     "review_by": "2027-03-31"},
    {"id": "vardsystem", "kind": "application", "owner": "Socialnämnden",
     "implemented": {"K": 3, "R": 2, "T": 1, "S": 2}},
    {"id": "srv-01", "kind": "server", "owner": "Servicenämnden",
     "overrides": {"T": {"level": 1, "effect": "distribution",
                         "justification": "Second node at another site takes over."}}}
  ],
  "dependencies": [
    {"from": "socialakter", "to": "vardsystem", "type": "processed_by"},
    {"from": "vardsystem", "to": "srv-01", "type": "runs_on", "group": "app-cluster"}
  ],
  "policy": {
    "types": {"mirrored_to": {"availability": "block"}},
    "redundancy": {"availability": "reduce:1"},
    "cumulation": [{"property": "availability", "kinds": ["server", "network"],
                    "at_least": 5, "level": 2}],
    "floor": [{"kinds": ["application", "server"], "levels": {"confidentiality": 1}}]
  }
})";
  auto m = io::read_model(text);
  CHECK(m.size() == 3);
  CHECK(m.at("socialakter").own == classification{3, 2, 2, 3});
  CHECK(m.at("socialakter").review_by == "2027-03-31");
  CHECK(m.at("vardsystem").implemented == classification{3, 2, 1, 2});
  CHECK(m.at("srv-01").overrides.at(2).effect == override_effect::distribution);
  CHECK(m.get_policy().cumulation.size() == 1);
  auto a = propagate(m);
  CHECK(a.effective("srv-01") == classification{3, 2, 1, 3});
  CHECK(a.derived("srv-01") == classification{3, 2, 2, 3});
  CHECK(io::read_model(io::write_model(m)) == m);
}

TEST_CASE("levels by key, properties by role word") {
  auto m = io::read_model(wrap_assets(
      R"([{"id": "i", "kind": "information", "classification": {"confidentiality": "serious", "R": "1"}}])"));
  CHECK(m.at("i").own == classification{3, 1, classification::unassessed, classification::unassessed});
}

TEST_CASE("FIPS n/a is written null and read back") {
  auto m = io::read_model(
      R"({"infoclass": 1, "scheme": "us-fips-199", "assets": [{"id": "web", "kind": "information", "classification": {"C": null, "I": "moderate", "A": "low"}}]})");
  CHECK(m.at("web").own.is_not_applicable(0));
  auto text = io::write_model(m);
  CHECK(text.find("\"C\": null") != std::string::npos);
  CHECK(io::read_model(text) == m);
}

TEST_CASE("a custom scheme inline round-trips") {
  const char* text = R"({"infoclass": 1, "scheme": {"id": "acme", "name": "Acme", "language": "en",
    "properties": [{"key": "C", "role": "confidentiality", "name": "Confidentiality",
                    "levels": [{"key": "public"}, {"key": "internal"}, {"key": "secret", "description": "Top"}]},
                   {"key": "Q", "role": "other", "levels": [{"key": "no"}, {"key": "yes"}]}]},
    "assets": [{"id": "x", "kind": "information", "classification": {"C": "secret", "Q": 1}}]})";
  auto m = io::read_model(text);
  CHECK(m.get_scheme().id == "acme");
  CHECK_FALSE(m.get_scheme().is_preset());
  CHECK(m.at("x").own == classification{2, 1});
  auto again = io::read_model(io::write_model(m));
  CHECK(again == m);
  auto s = io::read_scheme(io::write_scheme(m.get_scheme()));
  CHECK(*s == m.get_scheme());
}

TEST_CASE("the example municipality loads and round-trips exactly") {
  auto m = io::load_model(example_path());
  CHECK(m.size() >= 80);
  auto text = io::write_model(m);
  auto again = io::read_model(text);
  CHECK(again == m);
  CHECK(io::write_model(again) == text); // deterministic, byte for byte
}

TEST_CASE("property: random models round-trip through JSON") {
  std::mt19937 rng(99);
  for (int i = 0; i < 500; ++i) {
    auto m = infoclass::testing::random_model(rng);
    auto text = io::write_model(m);
    auto again = io::read_model(text);
    CHECK(again == m);
    CHECK(propagate(again) == propagate(m));
  }
}

TEST_CASE("attributes keep any JSON value") {
  auto m = io::read_model(wrap_assets(
      R"([{"id": "i", "kind": "server", "attributes": {"rack": "A3", "u": 4, "tags": ["x", {"y": null}]}}])"));
  const auto& at = m.at("i").attributes;
  CHECK(at.at("rack") == "\"A3\"");
  CHECK(at.at("u") == "4");
  CHECK(io::read_model(io::write_model(m)) == m);
}

// Every error the loader gives: the JSON pointer (or line and column) and the reason.
TEST_CASE("bad input is rejected with the location and the reason") {
  struct bad {
    std::string text;
    std::string expected;
  };
  const std::vector<bad> cases{
      {"", "line 1, column 1: empty input"},
      {"   \n ", "empty input"},
      {"{\"infoclass\": 1,\n \"scheme\": }", "line 2, column 12"},
      {"[1, 2", "line 1"},
      {"{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": [] } trailing", "line 1"},
      {"42", "expected an object"},
      {"{\"scheme\": \"se-klassa\"}", "missing required field 'infoclass'"},
      {"{\"infoclass\": 2, \"scheme\": \"se-klassa\"}", "/infoclass: unsupported format version 2"},
      {"{\"infoclass\": 1}", "missing required field 'scheme'"},
      {"{\"infoclass\": 1, \"scheme\": \"se-klass\"}", "/scheme: unknown scheme preset 'se-klass'"},
      {"{\"infoclass\": 1, \"scheme\": 5}", "/scheme: expected a preset id or a scheme object"},
      {"{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"extra\": 1}", "/extra: unknown field 'extra'"},
      {"{\"infoclass\": 1, \"infoclass\": 1, \"scheme\": \"se-klassa\"}", "/infoclass: duplicate key 'infoclass'"},
      {wrap_assets("{}"), "/assets: expected an array, found a object"},
      {wrap_assets("[1]"), "/assets/0: expected an object"},
      {wrap_assets(R"([{"kind": "server"}])"), "/assets/0: missing required field 'id'"},
      {wrap_assets(R"([{"id": "a"}])"), "/assets/0: missing required field 'kind'"},
      {wrap_assets(R"([{"id": " a", "kind": "server"}])"), "/assets/0/id: ' a' is not an asset id"},
      {wrap_assets(R"([{"id": "a\u0007b", "kind": "server"}])"), "is not an asset id (an asset id is 1..256 bytes"},
      {wrap_assets(R"([{"id": 7, "kind": "server"}])"), "/assets/0/id: expected a string, found a number"},
      {wrap_assets(R"([{"id": "a", "kind": "Server"}])"), "/assets/0/kind: 'Server' is not a kind"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "colour": "red"}])"), "/assets/0/colour: unknown field 'colour'"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}, {"id": "a", "kind": "server"}])"),
       "/assets/1/id: duplicate asset id 'a'"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "kind": "site"}])"), "/assets/0/kind: duplicate key 'kind'"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": 7}}])"),
       "/assets/0/classification/K: level 7 is outside 0..4 of scheme se-klassa"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": -1}}])"),
       "/assets/0/classification/K: level -1 is outside 0..4"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": 1.5}}])"),
       "/assets/0/classification/K: a level must be an integer or a level key, found a number with a fraction"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": true}}])"),
       "/assets/0/classification/K: a level must be an integer or a level key, found a boolean"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": 18446744073709551616}}])"),
       "/assets/0/classification/K: a level must be an integer"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": "huge"}}])"),
       "/assets/0/classification/K: 'huge' is not a level of property K"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"X": 1}}])"),
       "/assets/0/classification/X: 'X' is not a property of scheme se-klassa"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": 1, "confidentiality": 1}}])"),
       "given twice"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": null}}])"),
       "/assets/0/classification/K: null (not applicable) is not allowed"},
      {wrap_assets(R"([{"id": "a", "kind": "information", "classification": [1]}])"),
       "/assets/0/classification: expected an object, found a array"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "implemented": {"T": 9}}])"), "/assets/0/implemented/T: level 9"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "review_by": "2027-02-30"}])"),
       "/assets/0/review_by: '2027-02-30' is not a date"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "overrides": {"T": {"level": 1, "effect": "manual"}}}])"),
       "/assets/0/overrides/T: missing required field 'justification'"},
      {wrap_assets(
           R"([{"id": "a", "kind": "server", "overrides": {"T": {"level": 1, "effect": "manual", "justification": " "}}}])"),
       "/assets/0/overrides/T/justification: an override needs a justification"},
      {wrap_assets(
           R"([{"id": "a", "kind": "server", "overrides": {"T": {"level": 1, "effect": "luck", "justification": "x"}}}])"),
       "/assets/0/overrides/T/effect: 'luck' is not an override effect"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "overrides": {"T": {"level": 1, "justification": "x"}}}])"),
       "missing required field 'effect'"},
      {wrap_assets(R"([{"id": "a", "kind": "server", "attributes": 3}])"), "/assets/0/attributes: expected an object"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}])", R"([{"from": "a", "to": "b", "type": "runs_on"}])"),
       "/dependencies/0/to: unknown asset 'b'"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}])", R"([{"from": "x", "to": "a", "type": "runs_on"}])"),
       "/dependencies/0/from: unknown asset 'x'"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}])", R"([{"from": "a", "to": "a", "type": "runs_on"}])"),
       "/dependencies/0: a dependency of an asset on itself is not allowed"},
      {wrap_assets(
           R"([{"id": "a", "kind": "server"}, {"id": "b", "kind": "site"}])",
           R"([{"from": "a", "to": "b", "type": "located_in"}, {"from": "a", "to": "b", "type": "located_in"}])"),
       "/dependencies/1: repeated dependency"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}, {"id": "b", "kind": "site"}])",
                   R"([{"from": "a", "to": "b", "type": "beamed_to"}])"),
       "/dependencies/0/type: unknown dependency type 'beamed_to'"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}, {"id": "b", "kind": "site"}])",
                   R"([{"from": "a", "to": "b", "type": "located_in", "group": ""}])"),
       "/dependencies/0/group: empty redundancy group name"},
      {wrap_assets(R"([{"id": "a", "kind": "server"}, {"id": "b", "kind": "site"}])",
                   R"([{"from": "a", "to": "b", "type": "located_in", "weight": 2}])"),
       "/dependencies/0/weight: unknown field"},
      {wrap_assets("[]", "[]", R"(, "policy": {"types": {"x": {"T": "maybe"}}})"),
       "/policy/types/x/T: 'maybe' is not a transfer"},
      {wrap_assets("[]", "[]", R"(, "policy": {"types": {"x": {"Q": "pass"}}})"), "/policy/types/x/Q"},
      {wrap_assets("[]", "[]", R"(, "policy": {"types": {"X": {}}})"), "/policy/types/X: 'X' is not a dependency type"},
      {wrap_assets("[]", "[]", R"(, "policy": {"types": {"x": {"T": "cap:6"}}})"), "/policy/types/x/T: argument 6"},
      {wrap_assets("[]", "[]", R"(, "policy": {"types": {"x": {"T": "cap:5"}}})"), "/policy/types/x/T: argument 5"},
      {wrap_assets("[]", "[]", R"(, "policy": {"cumulation": [{"property": "T", "at_least": 0, "level": 1}]})"),
       "/policy/cumulation/0/at_least: must be at least 1"},
      {wrap_assets("[]", "[]", R"(, "policy": {"cumulation": [{"property": "T", "level": 1}]})"),
       "/policy/cumulation/0: missing required field 'at_least'"},
      {wrap_assets("[]", "[]", R"(, "policy": {"cumulation": [{"property": "T", "at_least": 2, "level": 9}]})"),
       "/policy/cumulation/0/level: level 9"},
      {wrap_assets("[]", "[]", R"(, "policy": {"floor": [{"kinds": ["A"], "levels": {"K": 1}}]})"),
       "/policy/floor/0/kinds/0: 'A' is not a kind"},
      {wrap_assets("[]", "[]", R"(, "policy": {"floor": [{"levels": {"K": 7}}]})"),
       "/policy/floor/0/levels/K: level 7"},
      {wrap_assets("[]", "[]", R"(, "policy": {"redundancy": {"T": "nope"}})"), "/policy/redundancy/T"},
      {wrap_assets("[]", "[]", R"(, "policy": {"color": 1})"), "/policy/color: unknown field"},
      {R"({"infoclass": 1, "scheme": {"id": "x", "properties": []}})", "/scheme/properties: a scheme needs 1..8"},
      {R"({"infoclass": 1, "scheme": {"id": "x", "properties": [{"key": "C", "role": "secrecy", "levels": []}]}})",
       "/scheme/properties/0/role: 'secrecy' is not a role"},
      {R"({"infoclass": 1, "scheme": {"id": "x", "properties": [{"key": "C", "role": "other", "levels": [{"key": "a"}]}]}})",
       "/scheme/properties/0/levels: a property needs 2..8 levels"},
      {"{\"infoclass\": 1, \"scheme\": \"se-\xff\"}", "line 1"},
      {std::string("{\"infoclass\": 1, \"scheme\": \"se-klassa\"\0}", 41), "line 1"},
      {"{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": [{\"id\": \"a\", \"kind\": \"server\", \"name\": "
       "\"x\"}], "
       "\"dependencies\": [1e999]}",
       "line 1, column 114: number overflow"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.text);
    try {
      (void)io::read_model(c.text);
      FAIL("accepted bad input");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(c.expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
}

TEST_CASE("numbers at the edges: -0 is 0, 2^64 and 1e999 are rejected") {
  auto level_of = [](const std::string& number) {
    return io::read_model(
               wrap_assets(R"([{"id": "a", "kind": "information", "classification": {"K": )" + number + "}}]"))
        .at("a")
        .own.get(0);
  };
  CHECK(level_of("-0") == level_t{0});
  CHECK(level_of("2") == level_t{2});
  CHECK_THROWS_WITH_AS((void)level_of("-0.0"), doctest::Contains("found a number with a fraction"), model_error);
  CHECK_THROWS_WITH_AS((void)level_of("18446744073709551616"), doctest::Contains("a level must be an integer"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)level_of("18446744073709551615"), doctest::Contains("is outside 0..4"), model_error);
  CHECK_THROWS_WITH_AS((void)level_of("1e999"), doctest::Contains("number overflow"), model_error);
  CHECK_THROWS_WITH_AS((void)level_of("-1e999"), doctest::Contains("number overflow"), model_error);
}

TEST_CASE("a UTF-8 byte order mark is accepted") {
  auto m = io::read_model("\xEF\xBB\xBF{\"infoclass\": 1, \"scheme\": \"se-msb\"}");
  CHECK(m.get_scheme().id == "se-msb");
}

TEST_CASE("deep nesting and limits fail cleanly") {
  std::string deep = "{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": [{\"id\": \"a\", \"kind\": \"server\", "
                     "\"attributes\": {\"x\": " +
                     std::string(100000, '[') + std::string(100000, ']') + "}}]}";
  CHECK_THROWS_WITH_AS((void)io::read_model(deep), doctest::Contains("nesting deeper than 64"), model_error);
  // A limit raised past what the readers take (no limit, in effect): still
  // refused at io::max_supported_depth, not read into a stack overflow when
  // the attribute is written back as text.
  io::json_limits unlimited;
  unlimited.max_depth = std::numeric_limits<std::size_t>::max();
  for (const bool portable : {false, true}) {
    INFO("portable " << portable);
    CHECK_THROWS_WITH_AS((void)(portable ? io::read_model_portable(deep, unlimited) : io::read_model(deep, unlimited)),
                         doctest::Contains("nesting deeper than 1000 levels (the most any reader takes, whatever "
                                           "read_limits::max_depth says)"),
                         model_error);
  }
  io::json_limits small;
  small.max_bytes = 10;
  CHECK_THROWS_WITH_AS((void)io::read_model("{\"infoclass\": 1, \"scheme\": \"se-klassa\"}", small),
                       doctest::Contains("exceeds the limit"), model_error);
  io::json_limits strings;
  strings.max_string = 4;
  CHECK_THROWS_WITH_AS((void)io::read_model("{\"infoclass\": 1, \"scheme\": \"se-klassa\"}", strings),
                       doctest::Contains("/scheme: string longer than 4"), model_error);
}

TEST_CASE("files: missing, directory, error prefixed with the file name") {
  auto dir = temp_dir();
  CHECK_THROWS_WITH_AS((void)io::load_model(dir / "missing.json"), doctest::Contains("missing.json: no such file"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)io::load_model(dir), doctest::Contains("is a directory"), model_error);
  // Unreadable even for root: the kernel refuses reads of this file (EIO).
  CHECK_THROWS_WITH_AS((void)io::load_model("/proc/self/mem"), doctest::Contains("/proc/self/mem: cannot read"),
                       model_error);
  // A FIFO would block the open; devices could stream without end.
  const auto fifo = dir / "pipe.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS((void)io::load_model(fifo), doctest::Contains("is not a regular file"), model_error);
  CHECK_THROWS_WITH_AS((void)io::load_model("/dev/zero"), doctest::Contains("is not a regular file"), model_error);
  auto empty = dir / "empty.json";
  { std::ofstream(empty) << ""; }
  CHECK_THROWS_WITH_AS((void)io::load_model(empty), doctest::Contains("empty.json:line 1, column 1: empty input"),
                       model_error);
  auto bad = dir / "bad.json";
  { std::ofstream(bad) << "{\"infoclass\": 1, \"scheme\": \"nope\"}"; }
  CHECK_THROWS_WITH_AS((void)io::load_model(bad), doctest::Contains("bad.json:/scheme: unknown scheme preset"),
                       model_error);
  fs::remove_all(dir);
}

TEST_CASE("save is atomic and leaves no temporary files") {
  auto dir = temp_dir();
  auto file = dir / "model.json";
  auto m = io::load_model(example_path());
  io::save_model(m, file);
  CHECK(io::load_model(file) == m);
  { std::ofstream(file) << "old"; }
  io::save_model(m, file);
  CHECK(io::load_model(file) == m);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
    ++entries;
  }
  CHECK(entries == 1);
  CHECK_THROWS_AS(io::save_model(m, dir / "no-such-dir" / "x.json"), error);
  // A name of 254 bytes (a temporary name of the target's name and a suffix
  // was too long for the file system).
  const std::string longest(254, 'm');
  io::save_model(m, dir / longest);
  CHECK(io::load_model(dir / longest) == m);
  fs::remove(dir / longest);
  // A link is written through: the file it names is replaced, the link stays.
  fs::create_directory(dir / "real");
  { std::ofstream(dir / "real" / "target.json") << "old"; }
  fs::create_symlink("real/target.json", dir / "link.json");
  io::save_model(m, dir / "link.json");
  CHECK(fs::is_symlink(fs::symlink_status(dir / "link.json")));
  CHECK(io::load_model(dir / "real" / "target.json") == m);
  // A pipe (or a device) is not replaced by a file.
  REQUIRE(::mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(io::save_model(m, dir / "pipe.json"),
                       doctest::Contains("pipe.json: is not a regular file (a pipe, socket or device): not replaced"),
                       error);
  CHECK(fs::is_fifo(fs::status(dir / "pipe.json")));
  fs::remove_all(dir);
}

TEST_CASE("write_assessment follows DESIGN.md section 5") {
  auto m = io::read_model(
      wrap_assets(R"([{"id": "i", "kind": "information", "classification": {"K": 2}}, {"id": "s", "kind": "server"}])",
                  R"([{"from": "i", "to": "s", "type": "stored_on"}])"));
  auto text = io::write_assessment(propagate(m));
  auto expected = R"({
  "scheme": "se-klassa",
  "assets": [
    {
      "id": "i",
      "kind": "information",
      "derived": {
        "K": 2,
        "R": null,
        "T": null,
        "S": null
      },
      "effective": {
        "K": 2,
        "R": null,
        "T": null,
        "S": null
      },
      "cause": {
        "K": {
          "kind": "own"
        },
        "R": null,
        "T": null,
        "S": null
      }
    },
    {
      "id": "s",
      "kind": "server",
      "derived": {
        "K": 2,
        "R": null,
        "T": null,
        "S": null
      },
      "effective": {
        "K": 2,
        "R": null,
        "T": null,
        "S": null
      },
      "cause": {
        "K": {
          "kind": "edge",
          "from": "i",
          "type": "stored_on"
        },
        "R": null,
        "T": null,
        "S": null
      }
    }
  ]
}
)";
  CHECK(text == expected);
}

// The reader keeps plain dependency elements as flat records and any other
// element as a JSON value; both must read, and fail, alike.
TEST_CASE("dependency elements of every shape: flat records and the rest") {
  const std::string assets = R"([{"id": "a", "kind": "information"}, {"id": "b", "kind": "server"}])";
  struct bad {
    std::string deps;
    std::string expected;
  };
  const std::vector<bad> cases{
      {R"([7])", "/dependencies/0: expected an object, found a number"},
      {R"([{"from": "a", "to": "b", "type": "runs_on"}, [1]])", "/dependencies/1: expected an object, found a array"},
      {R"([null])", "/dependencies/0: expected an object, found a null"},
      {R"([{"from": "a", "to": "b"}])", "/dependencies/0: missing required field 'type'"},
      {R"([{"to": "b", "type": "runs_on"}])", "/dependencies/0: missing required field 'from'"},
      {R"([{"from": "a", "type": "runs_on"}])", "/dependencies/0: missing required field 'to'"},
      {R"([{}])", "/dependencies/0: missing required field 'from'"},
      {R"([{"from": 1, "to": "b", "type": "runs_on"}])", "/dependencies/0/from: expected a string, found a number"},
      {R"([{"from": "a", "to": "b", "type": "runs_on", "group": true}])",
       "/dependencies/0/group: expected a string, found a boolean"},
      {R"([{"from": "a", "to": {"x": [1, {"y": 2}]}, "type": "runs_on"}])",
       "/dependencies/0/to: expected a string, found a object"},
      {R"([{"from": "a", "to": "b", "type": "runs_on", "colour": "red"}])",
       "/dependencies/0/colour: unknown field 'colour'"},
      {R"([{"colour": [1], "from": "a", "to": "b", "type": "runs_on"}])",
       "/dependencies/0/colour: unknown field 'colour'"},
      {R"([{"from": "a", "to": "b", "type": "runs_on", "group": ""}])",
       "/dependencies/0/group: empty redundancy group name"},
      {R"([{"from": "a", "to": "b", "type": "runs_on", "from": "b"}])", "/dependencies/0/from: duplicate key 'from'"},
      {R"([{"from": "a", "to": "b", "type": "runs_on", "x": 1, "x": 2}])", "/dependencies/0/x: duplicate key 'x'"},
      {R"([{"from": "a", "to": "zz", "type": "runs_on"}])", "/dependencies/0/to: unknown asset 'zz'"},
      {R"([{"from": "zz", "to": "b", "type": "runs_on"}])", "/dependencies/0/from: unknown asset 'zz'"},
      {R"([{"from": "a", "to": "b", "type": "sits_on"}])", "/dependencies/0/type: unknown dependency type 'sits_on'"},
      {R"([{"from": "a", "to": "a", "type": "runs_on"}])", "/dependencies/0: a dependency of an asset on itself"},
      {R"([{"from": "a", "to": "b", "type": "runs_on"}, {"type": "runs_on", "to": "b", "from": "a"}])",
       "/dependencies/1: repeated dependency of type 'runs_on'"},
      {R"([{"from": "a", "to": "b", "type": ")" + std::string(2 << 20, 'x') + R"("}])",
       "/dependencies/0/type: string longer than"},
      {R"({"from": "a"})", "/dependencies: expected an array, found a object"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.deps.substr(0, 120));
    try {
      (void)io::read_model(wrap_assets(assets, c.deps));
      FAIL("accepted");
    } catch (const model_error& e) {
      CHECK(std::string(e.what()).find(c.expected) != std::string::npos);
      CAPTURE(e.what());
    }
  }

  // Accepted in any key order, before the assets, beside other "dependencies"
  // keys deeper in the document (which stay ordinary JSON values).
  const std::string text = R"({"dependencies": [{"type": "runs_on", "to": "b", "from": "a", "group": "g"},
      {"to": "b", "from": "a", "type": "stored_on"}], "infoclass": 1, "scheme": "se-klassa",
      "assets": [{"id": "a", "kind": "information", "attributes": {"dependencies": [{"from": 1}], "n": [[]]}},
                 {"id": "b", "kind": "server"}]})";
  auto m = io::read_model(text);
  auto deps = m.dependencies();
  REQUIRE(deps.size() == 2);
  CHECK(deps[0].from == "a");
  CHECK(deps[0].to == "b");
  CHECK(deps[0].type == "runs_on");
  CHECK(deps[0].group == "g");
  CHECK(deps[1].type == "stored_on");
  CHECK(deps[1].group.empty());
  CHECK(m.at("a").attributes.at("dependencies") == R"([{"from":1}])");
  CHECK(m.at("a").attributes.at("n") == "[[]]");
  // An empty list and a list of one element.
  CHECK(io::read_model(wrap_assets(assets, "[]")).num_dependencies() == 0);
  CHECK(io::read_model(wrap_assets(assets, R"([{"from": "a", "to": "b", "type": "runs_on"}])")).num_dependencies() ==
        1);
}

TEST_CASE("add_dependency by vertex checks its vertices") {
  model m;
  m.add_asset(testing::make_asset("a", "information", classification::none(4)));
  m.add_asset(testing::make_asset("b", "server", classification::none(4)));
  CHECK_THROWS_AS(m.add_dependency(vertex_type{0}, vertex_type{7}, "runs_on"), model_error);
  CHECK_THROWS_AS(m.add_dependency(vertex_type{1}, vertex_type{1}, "runs_on"), model_error);
  m.add_dependency(vertex_type{0}, vertex_type{1}, "runs_on");
  CHECK(m.dependencies().at(0).to == "b");
}

TEST_CASE("property: the model text is the canonical 2-space dump of itself") {
  // The writer streams the document; the oracle is nlohmann's own dump of
  // what the writer wrote (same keys, same order, same escapes).
  const auto same_as_dump = [](const model& m) {
    const std::string text = io::write_model(m);
    CHECK(nlohmann::ordered_json::parse(text).dump(2) + "\n" == text);
  };
  std::mt19937 rng(29);
  for (int i = 0; i < 150; ++i) {
    same_as_dump(infoclass::testing::random_model(rng));
  }
  same_as_dump(io::load_model(example_path()));
  same_as_dump(model(scheme::preset("se-klassa")));
  model odd(scheme::preset("us-fips-199"));
  asset a;
  a.id = "odd-\xC3\xA5";
  a.name = std::string("tab\there \"quoted\" back\\slash \x01 ctl \x1f end\n") + "\xC3\xA5\xC3\xA4\xC3\xB6";
  a.justification = a.name + "\r\b\f";
  a.kind = "information";
  a.own = classification::of({std::nullopt, 1, std::nullopt});
  a.own.set(0, classification::not_applicable);
  a.implemented = classification::none(3);
  a.attributes["empty"] = "{}";
  a.attributes["list"] = "[1,2.5,\"x\",null,[]]";
  odd.add_asset(a);
  same_as_dump(odd);
  CHECK(io::write_model(odd).find("\"implemented\": {}") != std::string::npos);
}

namespace {
// The assessment document as a DOM, the way write_assessment made it before it
// wrote as it goes: the oracle of the test below.
nlohmann::ordered_json cause_dom(const cause& c) {
  using oj = nlohmann::ordered_json;
  if (c.kind == cause_kind::none) {
    return nullptr;
  }
  oj o = oj::object();
  o["kind"] = std::string(to_string(c.kind));
  switch (c.kind) {
  case cause_kind::edge:
    o["from"] = c.from;
    o["type"] = c.type;
    if (!c.group.empty()) {
      o["group"] = {{"name", c.group}, {"need", c.need}, {"of", c.members}};
    }
    break;
  case cause_kind::cumulation:
    o["count"] = c.count;
    o["at_least"] = c.at_least;
    o["level"] = c.threshold ? oj(*c.threshold) : oj(nullptr);
    break;
  case cause_kind::override_: o["effect"] = c.effect; break;
  default: break;
  }
  return o;
}

std::string assessment_dom(const assessment& a) {
  using oj = nlohmann::ordered_json;
  const auto& s = a.get_scheme();
  oj root = oj::object();
  root["scheme"] = s.id;
  oj assets = oj::array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    oj o = oj::object();
    o["id"] = a.id(i);
    o["kind"] = a.kind(i);
    oj der = oj::object();
    oj eff = oj::object();
    oj cau = oj::object();
    for (std::size_t p = 0; p < s.size(); ++p) {
      const auto& key = s.properties[p].key;
      const auto d = a.derived(i, p);
      const auto e = a.effective(i, p);
      der[key] = d ? oj(*d) : oj(nullptr);
      eff[key] = e ? oj(*e) : oj(nullptr);
      cau[key] = cause_dom(a.cause_of(i, p));
    }
    o["derived"] = std::move(der);
    o["effective"] = std::move(eff);
    o["cause"] = std::move(cau);
    assets.push_back(std::move(o));
  }
  root["assets"] = std::move(assets);
  return root.dump(2) + "\n";
}

std::string explanation_dom(const assessment& a, std::string_view asset, std::size_t property) {
  using oj = nlohmann::ordered_json;
  const auto path = a.explain(asset, property);
  oj root = oj::object();
  root["asset"] = std::string(asset);
  root["property"] = a.get_scheme().properties.at(property).key;
  const auto lvl = a.effective(a.index(asset), property);
  root["level"] = lvl ? oj(*lvl) : oj(nullptr);
  oj steps = oj::array();
  for (const auto& st : path) {
    oj o = oj::object();
    o["asset"] = st.asset;
    o["level"] = st.level ? oj(*st.level) : oj(nullptr);
    o["cause"] = cause_dom(st.cause);
    o["via"] = st.via.empty() ? oj(nullptr) : oj(st.via);
    steps.push_back(std::move(o));
  }
  root["path"] = std::move(steps);
  return root.dump(2) + "\n";
}
} // namespace

// write_assessment and write_explanation write as they go; the oracle is a
// DOM of the same document (as both were made before) and nlohmann's dump of
// what they wrote. A cause is written the same way in both (DESIGN.md §5).
TEST_CASE("property: write_assessment and write_explanation write what a DOM of them dumps, byte for byte") {
  const auto same = [](const model& m) {
    const auto a = propagate(m);
    const std::string text = io::write_assessment(a);
    CHECK(text == assessment_dom(a));
    CHECK(nlohmann::ordered_json::parse(text).dump(2) + "\n" == text);
    for (std::size_t v = 0; v < a.size() && v < 60; ++v) {
      for (std::size_t p = 0; p < a.properties(); ++p) {
        const std::string why = io::write_explanation(a, a.id(v), p);
        CHECK(why == explanation_dom(a, a.id(v), p));
        CHECK(nlohmann::ordered_json::parse(why).dump(2) + "\n" == why);
      }
    }
  };
  std::mt19937 rng(31);
  bool group = false;
  bool cumulation = false;
  bool override_cause = false;
  for (int i = 0; i < 200; ++i) {
    const auto m = infoclass::testing::random_model(rng);
    same(m);
    const auto a = propagate(m);
    for (std::size_t v = 0; v < a.size(); ++v) {
      for (std::size_t p = 0; p < a.properties(); ++p) {
        const auto c = a.cause_of(v, p);
        group = group || !c.group.empty();
        cumulation = cumulation || c.kind == cause_kind::cumulation;
        override_cause = override_cause || c.kind == cause_kind::override_;
      }
    }
  }
  CHECK(group); // every kind of cause was written
  CHECK(cumulation);
  CHECK(override_cause);
  same(io::load_model(example_path()));
  // Ids and names that JSON must escape; no assets; another preset scheme.
  same(io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/tests/data/groups/odd_ids.json"));
  same(model{});
  same(model(scheme::preset("us-fips-199")));
}
