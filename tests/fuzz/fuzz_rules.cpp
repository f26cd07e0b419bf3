// SPDX-License-Identifier: Apache-2.0
// Classification rule sets and answers. The input is a rule set, optionally
// followed by a form feed and answers to classify with it.
#include "fuzz_common.hpp"
#include "infoclass/analysis/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  const auto text = fuzz::as_text(data, size);
  const auto ff = text.find('\f');
  fuzz::expect_input_errors([&] {
    auto rules = analysis::read_rules(text.substr(0, ff));
    if (ff != std::string_view::npos) {
      auto given = analysis::read_answers(text.substr(ff + 1));
      auto c = analysis::classify(rules, given);
      fuzz::require(c.levels.size() == c.reasons.size(), "one reason per property");
    }
  });
  fuzz::expect_input_errors([&] { (void)analysis::read_answers(text); });
  return 0;
}
