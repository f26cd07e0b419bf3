// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace infoclass;

namespace {

std::string shared(const std::string& file) {
  return io::read_file(std::string(INFOCLASS_SOURCE_DIR) + "/../shared/data/oscal/" + file, 1u << 26);
}

// A minimal SSP with the given information types and declared levels.
std::string ssp(const std::string& types, const std::string& declared = "", const std::string& sensitivity = "") {
  std::string sc = R"({"system-security-plan": {"uuid": "x", "system-characteristics": {"system-name": "Test",)";
  if (!sensitivity.empty()) {
    sc += R"("security-sensitivity-level": ")" + sensitivity + R"(",)";
  }
  if (!declared.empty()) {
    sc += R"("security-impact-level": )" + declared + ",";
  }
  sc += R"("system-information": {"information-types": )" + types + "}}}}";
  return sc;
}

std::string type(const std::string& c, const std::string& i, const std::string& a, const std::string& uuid = "t1") {
  return R"({"uuid": ")" + uuid + R"(", "title": "T", "confidentiality-impact": )" + c + R"(, "integrity-impact": )" +
         i + R"(, "availability-impact": )" + a + "}";
}

std::string base(const std::string& l) { return R"({"base": ")" + l + R"("})"; }

} // namespace

TEST_CASE("oscal: NIST's example plans agree with the computed impact levels") {
  auto r = io::check_oscal_ssp(shared("ssp-example.json"));
  CHECK(r.confidentiality == level_t{1});
  CHECK(r.integrity == level_t{1});
  CHECK(r.availability == level_t{0});
  CHECK(r.sensitivity == level_t{1});
  CHECK(r.findings.empty());
  auto l = io::check_oscal_ssp(shared("oscal_leveraged-example_ssp.json"));
  CHECK(l.confidentiality == level_t{0});
  CHECK(l.sensitivity == level_t{0});
  CHECK(l.findings.empty()); // base moderate, selected low, with justifications
  auto imp = io::import_oscal_ssp(shared("oscal_leveraged-example_ssp.json"));
  CHECK(imp.m.get_scheme().id == "us-fips-199");
  CHECK(imp.m.at("11111111-0000-4000-9000-200000000000").own == classification{0, 0, 0});
  CHECK(imp.m.at("11111111-0000-4000-9000-200000000000").justification.find("adjusted to low") != std::string::npos);
  auto a = propagate(imp.m);
  CHECK(a.effective(imp.system_id) == classification{0, 0, 0});
}

TEST_CASE("oscal: high-water mark, FIPS minimum, plain and medium levels, n/a") {
  auto text = ssp("[" + type(base("na"), base("high"), base("moderate"), "sensors") + "," +
                  type(base("low"), base("fips-199-low"), base("medium"), "admin") + "]");
  auto r = io::check_oscal_ssp(text);
  CHECK(r.confidentiality == level_t{0}); // n/a and low: low (and the minimum for systems)
  CHECK(r.integrity == level_t{2});
  CHECK(r.availability == level_t{1});
  CHECK(r.sensitivity == level_t{2});
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("'medium' read as moderate") != std::string::npos);
  CHECK(r.findings.size() == 2); // nothing declared
  auto imp = io::import_oscal_ssp(text);
  CHECK(imp.m.at("sensors").own.is_not_applicable(0));
}

TEST_CASE("oscal: findings for declared values and unjustified adjustments, update fixes them") {
  auto text = ssp(
      "[" + type(R"({"base": "fips-199-high", "selected": "fips-199-low"})", base("low"), base("low")) + "]",
      R"({"security-objective-confidentiality": "fips-199-high", "security-objective-integrity": "fips-199-low", "security-objective-availability": "fips-199-moderate"})",
      "high");
  auto r = io::check_oscal_ssp(text);
  std::vector<std::string> msgs;
  for (const auto& f : r.findings) {
    msgs.push_back(f.pointer + ": " + f.message);
  }
  REQUIRE(msgs.size() == 4);
  CHECK(msgs[0].find("security-objective-confidentiality: declared fips-199-high, computed fips-199-low") !=
        std::string::npos);
  CHECK(msgs[1].find("security-objective-availability: declared fips-199-moderate, computed fips-199-low") !=
        std::string::npos);
  CHECK(msgs[2].find("security-sensitivity-level: declared high, computed low") != std::string::npos);
  CHECK(msgs[3] == "/system-security-plan/system-characteristics/system-information/information-types/0/"
                   "confidentiality-impact: selected differs from base without an adjustment-justification");
  auto updated = io::update_oscal_ssp(text);
  auto again = io::check_oscal_ssp(updated);
  CHECK(again.findings.size() == 1); // only the unjustified adjustment is left
  CHECK(updated.find("\"uuid\": \"x\"") < updated.find("\"system-characteristics\"")); // order kept
}

TEST_CASE("oscal: bad input names the JSON pointer") {
  const std::string it = "/system-security-plan/system-characteristics/system-information/information-types";
  struct bad {
    std::string text;
    std::string expected;
  };
  const std::vector<bad> cases{
      {"{}", "missing 'system-security-plan'"},
      {R"({"system-security-plan": {}})", "/system-security-plan: missing 'system-characteristics'"},
      {ssp("[]"), it + ": expected a non-empty array"},
      {ssp("[" + type(base("low"), base("na"), base("low")) + "]"),
       it + "/0/integrity-impact/base: not applicable is allowed for confidentiality only"},
      {ssp("[" + type(base("low"), base("severe"), base("low")) + "]"),
       it + "/0/integrity-impact/base: 'severe' is not a FIPS 199 level"},
      {ssp("[" + type(base("low"), "{}", base("low")) + "]"), it + "/0/integrity-impact: missing 'base'"},
      {ssp(R"([{"uuid": "t"}])"), it + "/0: missing 'confidentiality-impact'"},
      {ssp("[" + type(base("low"), R"({"base": 2})", base("low")) + "]"), "expected a string"},
      {"{\"system-security-plan\": ", "line 1"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    try {
      (void)io::check_oscal_ssp(c.text);
      FAIL("accepted");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(c.expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
}

namespace {
// Replaces the first `from` (which must be there) with `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE_MESSAGE(pos != std::string::npos, from);
  return text.replace(pos, from.size(), to);
}

struct plan {
  const char* file;
  // How the format writes the sensitivity level and the integrity objective.
  const char* sensitivity;
  const char* integrity;
};

const plan plans[] = {
    {"ssp-example.json", R"("security-sensitivity-level": "%")", R"("security-objective-integrity": "%")"},
    {"ssp-example.xml", "<security-sensitivity-level>%</security-sensitivity-level>",
     "<security-objective-integrity>%</security-objective-integrity>"},
    {"ssp-example.yaml", "security-sensitivity-level: %", "security-objective-integrity: %"},
};

std::string fill(const char* pattern, const std::string& value) { return replaced(pattern, "%", value); }
} // namespace

TEST_CASE("oscal: the same plan in JSON, XML and YAML gives the same model and findings") {
  const auto json_import = io::import_oscal_ssp(shared("ssp-example.json"));
  const auto json_check = io::check_oscal_ssp(shared("ssp-example.json"));
  for (const auto& p : plans) {
    INFO(p.file);
    const auto text = shared(p.file);
    const auto imp = io::import_oscal_ssp(text);
    CHECK(imp.m == json_import.m);
    CHECK(imp.system_id == json_import.system_id);
    CHECK(imp.summary.line() == json_import.summary.line());
    const auto r = io::check_oscal_ssp(text);
    CHECK(r.confidentiality == json_check.confidentiality);
    CHECK(r.integrity == json_check.integrity);
    CHECK(r.availability == json_check.availability);
    CHECK(r.sensitivity == json_check.sensitivity);
    CHECK(r.findings.empty());
    // A consistent plan comes back byte for byte.
    CHECK(io::update_oscal_ssp(text) == text);
    // An inconsistent one: the findings name the same pointers in every format.
    const auto bad = replaced(text, fill(p.integrity, "fips-199-moderate"), fill(p.integrity, "fips-199-high"));
    const auto f = io::check_oscal_ssp(bad);
    REQUIRE(f.findings.size() == 1);
    CHECK(f.findings[0].pointer ==
          "/system-security-plan/system-characteristics/security-impact-level/security-objective-integrity");
  }
  CHECK(json_import.summary.line() ==
        "3 assets, 2 dependencies; left out: 4 components of other types (policy, process, guidance, ...), "
        "1 implemented requirement, 5 users, 1 inventory item, 5 parties, 5 roles, 1 back-matter resource");
}

TEST_CASE("oscal: update in FedRAMP's vocabulary changes only the corrected values, in every format") {
  for (const auto& p : plans) {
    INFO(p.file);
    // The NIST plan as FedRAMP writes it (fips-199- values throughout): consistent.
    const auto fedramp =
        replaced(shared(p.file), fill(p.sensitivity, "moderate"), fill(p.sensitivity, "fips-199-moderate"));
    CHECK(io::check_oscal_ssp(fedramp).findings.empty());
    CHECK(io::update_oscal_ssp(fedramp) == fedramp);
    // Made inconsistent in two places: update restores exactly the consistent bytes.
    auto bad = replaced(fedramp, fill(p.integrity, "fips-199-moderate"), fill(p.integrity, "fips-199-high"));
    bad = replaced(bad, fill(p.sensitivity, "fips-199-moderate"), fill(p.sensitivity, "fips-199-high"));
    CHECK(io::check_oscal_ssp(bad).findings.size() == 2);
    CHECK(io::update_oscal_ssp(bad) == fedramp);
    // The bare vocabulary stays bare.
    const auto bare = shared(p.file);
    const auto bare_bad = replaced(bare, fill(p.sensitivity, "moderate"), fill(p.sensitivity, "high"));
    CHECK(io::update_oscal_ssp(bare_bad) == bare);
  }
}

TEST_CASE("oscal: update adds what is not declared, in the plan's format") {
  const auto json_text = shared("ssp-example.json");
  const auto strip = [](std::string text, const std::string& from, const std::string& to_incl) {
    const auto b = text.find(from);
    REQUIRE(b != std::string::npos);
    const auto e = text.find(to_incl, b);
    REQUIRE(e != std::string::npos);
    return text.erase(b, e + to_incl.size() - b);
  };
  const std::vector<std::string> stripped{
      strip(json_text, "\"security-sensitivity-level\"", ",\n      "),
      strip(shared("ssp-example.xml"), "<security-impact-level>", "</security-impact-level>\n        "),
      strip(shared("ssp-example.yaml"), "security-sensitivity-level: moderate\n", "\n    "),
  };
  for (const auto& text : stripped) {
    INFO(text.substr(0, 40));
    REQUIRE(io::check_oscal_ssp(text).findings.size() >= 1);
    const auto updated = io::update_oscal_ssp(text);
    CHECK(io::check_oscal_ssp(updated).findings.empty());
    CHECK(io::detect_oscal_format(updated) == io::detect_oscal_format(text));
  }
}

TEST_CASE("oscal: FedRAMP's rev5 template stays valid: nothing to correct, nothing changed") {
  const auto t = shared("fedramp-rev5-ssp-template.json");
  const auto r = io::check_oscal_ssp(t);
  CHECK(r.findings.empty());
  CHECK(io::update_oscal_ssp(t) == t);
  CHECK(t.find("\"security-sensitivity-level\": \"fips-199-moderate\"") != std::string::npos);
}

TEST_CASE("oscal: a uuid used twice, a wrong type anywhere, a declared medium") {
  const std::string sc = "/system-security-plan/system-characteristics";
  const auto nist = shared("ssp-example.json");
  // An information type with a component's uuid: an error naming both places (the component no longer vanishes).
  const auto twice = replaced(nist, "7d28ac6e-5970-4f4c-a508-5a3715f0f02b", "e00acdcf-911b-437d-a42f-b0b558cc4f03");
  CHECK_THROWS_WITH_AS((void)io::import_oscal_ssp(twice),
                       doctest::Contains("/system-security-plan/system-implementation/components/1/uuid: uuid "
                                         "'e00acdcf-911b-437d-a42f-b0b558cc4f03' is used twice (also at "
                                         "/system-security-plan/system-characteristics/system-information/"
                                         "information-types/0/uuid)"),
                       model_error);
  // A string where an object belongs: the pointer, not a json.exception.
  CHECK_THROWS_WITH_AS(
      (void)io::check_oscal_ssp(R"({"system-security-plan": {"system-characteristics": "x"}})"),
      doctest::Contains("/system-security-plan/system-characteristics: expected an object, found string"), model_error);
  CHECK_THROWS_WITH_AS((void)io::check_oscal_ssp(replaced(
                           nist, R"("system-name": "Enterprise Logging and Auditing System")", R"("system-name": 7)")),
                       doctest::Contains("system-characteristics/system-name: expected a string, found number"),
                       model_error);
  CHECK_THROWS_WITH_AS(
      (void)io::check_oscal_ssp(
          replaced(nist, R"("security-impact-level": {)", R"("security-impact-level": ["x"], "was": {)")),
      doctest::Contains("system-characteristics/security-impact-level: expected an object, found array"), model_error);
  // A declared medium is warned about, as in information types.
  const auto medium = replaced(nist, R"("security-objective-integrity": "fips-199-moderate")",
                               R"("security-objective-integrity": "medium")");
  const auto r = io::check_oscal_ssp(medium);
  CHECK(r.findings.empty());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == sc + "/security-impact-level/security-objective-integrity: 'medium' read as moderate");
}

TEST_CASE("oscal: XML nested deeper than 64 elements is an error, not a stack overflow") {
  // Reading recurses per element and per level of prose markup: 30,000
  // unknown elements and 100,000 paragraphs crashed the reader.
  const std::string head = "<?xml version=\"1.0\"?>\n<system-security-plan xmlns=\"http://csrc.nist.gov/ns/oscal/1.0\" "
                           "uuid=\"u\">\n";
  std::string unknown = head;
  for (int i = 0; i < 30000; ++i) {
    unknown += "<foo>";
  }
  unknown += "x";
  for (int i = 0; i < 30000; ++i) {
    unknown += "</foo>";
  }
  unknown += "</system-security-plan>";
  CHECK_THROWS_WITH_AS((void)io::check_oscal_ssp(unknown),
                       doctest::Contains("3:316: XML: elements nested deeper than 64 levels"), model_error);
  std::string prose = head + "<remarks>";
  for (int i = 0; i < 100000; ++i) {
    prose += "<p>";
  }
  for (int i = 0; i < 100000; ++i) {
    prose += "</p>";
  }
  prose += "</remarks></system-security-plan>";
  CHECK_THROWS_WITH_AS((void)io::import_oscal_ssp(prose), doctest::Contains("XML: elements nested deeper than 64"),
                       model_error);
}

TEST_CASE("oscal: a plan written on one line is updated in place, as one written on many") {
  // XML and JSON without line breaks between elements: what update adds goes
  // right before the element it precedes (the line's markup is not repeated
  // as indentation), and the result reads back consistent.
  std::string xml = shared("ssp-example.xml");
  const auto b = xml.find("<security-impact-level>");
  REQUIRE(b != std::string::npos);
  const std::string end_tag = "</security-impact-level>";
  xml.erase(b, xml.find(end_tag, b) + end_tag.size() - b);
  std::string one;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '>' && i + 1 < xml.size() && (xml[i + 1] == '\n' || xml[i + 1] == ' ')) {
      one += '>';
      std::size_t j = i + 1;
      while (j < xml.size() && (xml[j] == '\n' || xml[j] == ' ')) {
        ++j;
      }
      if (j < xml.size() && xml[j] == '<') {
        i = j - 1;
        continue;
      }
      one += xml.substr(i + 1, j - i - 1);
      i = j - 1;
      continue;
    }
    one += xml[i];
  }
  // (line breaks inside prose stay)
  REQUIRE(std::count(one.begin(), one.end(), '\n') * 5 < std::count(xml.begin(), xml.end(), '\n'));
  const auto json_text = nlohmann::ordered_json::parse(shared("ssp-example.json"));
  auto json_stripped = json_text;
  json_stripped["system-security-plan"]["system-characteristics"].erase("security-sensitivity-level");
  for (const auto& text : {one, json_stripped.dump()}) {
    INFO(text.substr(0, 60));
    REQUIRE(io::check_oscal_ssp(text).findings.size() >= 1);
    const auto updated = io::update_oscal_ssp(text);
    CHECK(io::check_oscal_ssp(updated).findings.empty());
    CHECK(io::import_oscal_ssp(updated).m == io::import_oscal_ssp(shared("ssp-example.json")).m);
  }
}

TEST_CASE("oscal: XML and YAML syntax errors name line and column") {
  CHECK_THROWS_WITH_AS((void)io::check_oscal_ssp("<system-security-plan>\n  <metadata>\n</system-security-plan>"),
                       doctest::Contains("3:"), model_error);
  CHECK_THROWS_WITH_AS((void)io::check_oscal_ssp("system-security-plan:\n  a: [1\n"), doctest::Contains(":"),
                       model_error);
}
