#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/propagation.hpp"

#include <doctest/doctest.h>

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
