// SPDX-License-Identifier: Apache-2.0
// Threagile YAML models.
#include "fuzz_common.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/propagation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  fuzz::expect_input_errors([&] {
    const model m = io::read_threagile(fuzz::as_text(data, size));
    (void)propagate(m);
  });
  return 0;
}
