// SPDX-License-Identifier: Apache-2.0
// OSCAL system security plans in XML (pugixml, OSCAL's XML shape to JSON
// pointers, in-place update). An input is read as XML whatever its first
// byte. An update of an accepted plan is itself accepted, with no findings
// left but unjustified adjustments.
#include "fuzz_common.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/propagation.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  const auto input = fuzz::as_text(data, size);
  std::string text = input.empty() || input.front() != '<' ? "<" : "";
  text.append(input);
  fuzz::expect_input_errors([&] {
    auto imp = io::import_oscal_ssp(text);
    (void)propagate(imp.m);
  });
  fuzz::expect_input_errors([&] {
    const auto before = io::check_oscal_ssp(text);
    const auto updated = io::update_oscal_ssp(text);
    fuzz::require(io::detect_oscal_format(updated) == io::oscal_format::xml, "update keeps the format");
    const auto after = io::check_oscal_ssp(updated);
    for (const auto& f : after.findings) {
      fuzz::require(f.message.find("adjustment-justification") != std::string::npos, "update leaves no level finding");
    }
    (void)before;
  });
  return 0;
}
