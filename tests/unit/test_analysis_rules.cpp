// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/rules.hpp"
#include "infoclass/error.hpp"

#include <doctest/doctest.h>

using namespace infoclass;
using namespace infoclass::analysis;

TEST_CASE("rules: the Swedish municipal rule set classifies social-services case files") {
  auto r = builtin_rules("se-kommun");
  CHECK(r.scheme_ptr->id == "se-klassa");
  auto c = classify(r, {{"personal_data", "many"},
                        {"sensitive", "yes"},
                        {"secrecy", "strong"},
                        {"downtime", "one_day"},
                        {"wrong_information", "significant"},
                        {"traceability", "required"}});
  CHECK(c.levels == classification{3, 2, 2, 3});
  CHECK(c.reasons[0].find("GDPR art. 9") != std::string::npos);              // first rule reaching K3 in file order
  CHECK(c.reasons[3].find("varje åtkomst ska loggas") != std::string::npos); // the combination raised S to 3
  CHECK(c.reasons[1].find("betydande") != std::string::npos);
}

TEST_CASE("rules: security-protected information gives level 4, unanswered questions stay unassessed") {
  auto c = classify(builtin_rules("se-kommun"), {{"security_protected", "yes"}});
  CHECK(c.levels.get(0) == level_t{4});
  CHECK(c.levels.is_unassessed(1));
  CHECK(c.reasons[1].empty());
}

TEST_CASE("rules: FIPS 199 rule set, n/a for public information, PII raises confidentiality") {
  auto r = builtin_rules("us-fips-199");
  auto pub = classify(r, {{"disclosure", "public"}, {"modification", "serious"}, {"disruption", "limited"}});
  CHECK(pub.levels.is_not_applicable(0));
  CHECK(pub.levels.get(1) == level_t{1});
  auto pii = classify(r, {{"disclosure", "limited"}, {"pii", "yes"}});
  CHECK(pii.levels.get(0) == level_t{1});
  CHECK(pii.reasons[0].find("PII") != std::string::npos);
}

TEST_CASE("rules: unknown questions and answers are errors") {
  auto r = builtin_rules("se-kommun");
  CHECK_THROWS_WITH_AS((void)classify(r, {{"colour", "blue"}}), doctest::Contains("colour: unknown question"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)classify(r, {{"sensitive", "maybe"}}),
                       doctest::Contains("sensitive: unknown answer 'maybe' (expected one of: no, yes)"), model_error);
  CHECK_THROWS_AS((void)builtin_rules("nope"), model_error);
}

TEST_CASE("rules: bad rule sets name the JSON pointer") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"infoclass_rules": 2, "id": "x", "scheme": "se-klassa", "questions": []})", "/infoclass_rules"},
      {R"({"infoclass_rules": 1, "id": "x", "scheme": "se-klassa", "questions": [{"id": "q", "answers": []}]})",
       "/questions/0/answers: expected a non-empty array"},
      {R"({"infoclass_rules": 1, "id": "x", "scheme": "se-klassa", "questions": [{"id": "q", "answers": [{"id": "a", "levels": {"K": 9}, "reason": "r"}]}]})",
       "/questions/0/answers/0/levels/K: level 9 is outside 0..4"},
      {R"({"infoclass_rules": 1, "id": "x", "scheme": "se-klassa", "questions": [{"id": "q", "answers": [{"id": "a", "levels": {"K": 1}}]}]})",
       "/questions/0/answers/0: missing required field 'reason'"},
      {R"({"infoclass_rules": 1, "id": "x", "scheme": "se-klassa", "questions": [{"id": "q", "answers": [{"id": "a"}]}],
          "combinations": [{"when": {"q": "b"}, "levels": {}, "reason": "r"}]})",
       "/combinations/0/when/q: unknown answer 'b'"},
      {R"({"infoclass_rules": 1, "id": "x", "scheme": "se-klassa", "questions": [{"id": "q", "answers": [{"id": "a", "levels": {"K": null}, "reason": "r"}]}]})",
       "null (not applicable) is not allowed"},
      {R"({"infoclass_rules": 1, "id": "x", "scheme": "se-klassa", "questions": [], "extra": 1})",
       "/extra: unknown field"},
  };
  for (const auto& c : cases) {
    const std::string& text = c.first;
    const std::string& expected = c.second;
    INFO(text);
    try {
      (void)read_rules(text);
      FAIL("accepted");
    } catch (const model_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(expected) != std::string::npos, "got: " << std::string(e.what()));
    }
  }
}

TEST_CASE("rules: answers file in both shapes") {
  CHECK(read_answers(R"({"sensitive": "yes"})") == answers{{"sensitive", "yes"}});
  CHECK(read_answers(R"({"answers": {"sensitive": "no"}})") == answers{{"sensitive", "no"}});
  CHECK_THROWS_AS((void)read_answers(R"({"sensitive": 1})"), model_error);
}

#include "infoclass/io/json.hpp"

TEST_CASE("rules: recorded answers show which assessments a rule change would change") {
  auto m = io::read_model(R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "a", "kind": "information", "classification": {"K": 3},
     "answers": {"rules": "se-kommun", "given": {"sensitive": "yes"}}},
    {"id": "b", "kind": "information", "classification": {"K": 1},
     "answers": {"rules": "se-kommun", "given": {"personal_data": "many"}}},
    {"id": "c", "kind": "information", "classification": {"K": 1},
     "answers": {"rules": "other-rules", "given": {"x": "y"}}}]})");
  auto rules = builtin_rules("se-kommun");
  auto changes = reclassify(m, rules);
  REQUIRE(changes.size() == 1); // b: many personal data gives K2 now
  CHECK(changes[0].asset == "b");
  CHECK(changes[0].before.get(0) == level_t{1});
  CHECK(changes[0].after.levels.get(0) == level_t{2});
  // a rule change: sensitive data only K2 -> a would change too
  rules.questions[1].answers[1].levels[0] = 2;
  CHECK(reclassify(m, rules).size() == 2);
  // recorded answers that the rule set no longer knows name the asset
  rules.questions[1].answers[1].id = "ja";
  CHECK_THROWS_WITH_AS((void)reclassify(m, rules), doctest::Contains("a: recorded answers: sensitive: unknown answer"),
                       model_error);
}
