// SPDX-License-Identifier: Apache-2.0
// Classification rules: the questionnaire in front of the classification model.
//
// A rule set (JSON, `"infoclass_rules": 1`) asks questions with answer options;
// each answer gives minimum levels per property with a reason, and
// combinations give levels when several answers hold together (personal data
// AND sensitive categories). classify() joins what the given answers imply,
// keeping for every property the reason of the rule that set its level (the
// first such rule in file order when several give the same level). Unknown
// questions or answers are errors.
//
// ```json
// {"infoclass_rules": 1, "id": "kommun", "scheme": "se-klassa",
//  "questions": [{"id": "personal_data", "text": "...",
//                 "answers": [{"id": "no"}, {"id": "yes", "levels": {"K": 1}, "reason": "..."}]}],
//  "combinations": [{"when": {"personal_data": "yes", "sensitive": "yes"},
//                    "levels": {"K": 3}, "reason": "..."}]}
// ```
#pragma once

#include "infoclass/classification.hpp"
#include "infoclass/model.hpp"
#include "infoclass/scheme.hpp"

#include "infoclass/version.hpp"
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis {

struct INFOCLASS_API rule_answer {
  std::string id;
  std::string text;
  std::map<std::size_t, level_t> levels; ///< property index -> minimum level
  std::string reason;
};

struct INFOCLASS_API rule_question {
  std::string id;
  std::string text;
  std::vector<rule_answer> answers;
};

struct INFOCLASS_API rule_combination {
  std::map<std::string, std::string> when; ///< question -> answer, all must hold
  std::map<std::size_t, level_t> levels;
  std::string reason;
};

struct INFOCLASS_API rule_set {
  std::string id;
  std::string title;
  std::shared_ptr<const scheme> scheme_ptr;
  std::vector<rule_question> questions;
  std::vector<rule_combination> combinations;
};

/// Answers: question id -> answer id.
using answers = std::map<std::string, std::string>;

struct INFOCLASS_API classified {
  classification levels;
  std::vector<std::string> reasons; ///< per property; empty where no rule set a level
};

/// Reads a rule set; errors name the JSON pointer.
/// Throws: model_error naming the JSON pointer for invalid JSON or an invalid rule set.
[[nodiscard]] INFOCLASS_API rule_set read_rules(std::string_view text);
/// Reads answers `{"question": "answer", ...}` (or `{"answers": {...}}`).
/// Throws: model_error naming the JSON pointer for invalid JSON or answers that are not strings.
[[nodiscard]] INFOCLASS_API answers read_answers(std::string_view text);

/// The classification the answers imply. Throws model_error for an unknown
/// question or answer, naming it.
[[nodiscard]] INFOCLASS_API classified classify(const rule_set& rules, const answers& given);

/// An asset whose recorded answers give a different classification under `rules`.
struct INFOCLASS_API reclassification {
  std::string asset;
  classification before; ///< the asset's own assessment now
  classified after;      ///< what the recorded answers give under the rules
};

/// Re-runs the recorded answers of every asset that names this rule set and
/// lists those whose assessment would change. Errors name the asset.
/// Throws: model_error naming the asset whose recorded answers the rule set does not know, or a rule set for another
/// scheme.
[[nodiscard]] INFOCLASS_API std::vector<reclassification> reclassify(const model& m, const rule_set& rules);

/// The rule sets shipped with infoclass: `se-kommun` (se-klassa) and
/// `us-fips-199` (us-fips-199).
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API const std::vector<std::string>& builtin_rule_sets();
/// Throws: model_error for an id that is not a built-in rule set.
[[nodiscard]] INFOCLASS_API rule_set builtin_rules(std::string_view id);

} // namespace infoclass::inline INFOCLASS_ABI::analysis
