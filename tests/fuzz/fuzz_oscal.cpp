// SPDX-License-Identifier: Apache-2.0
// NIST OSCAL system security plans: check, import and update.
#include "fuzz_common.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/propagation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  const auto text = fuzz::as_text(data, size);
  fuzz::expect_input_errors([&] { (void)io::check_oscal_ssp(text); });
  fuzz::expect_input_errors([&] {
    auto imp = io::import_oscal_ssp(text);
    (void)propagate(imp.m);
  });
  fuzz::expect_input_errors([&] { (void)io::update_oscal_ssp(text); });
  return 0;
}
