// SPDX-License-Identifier: Apache-2.0
// Custom scheme JSON: accepted schemes read back identical from their writing.
#include "fuzz_common.hpp"
#include "infoclass/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  fuzz::expect_input_errors([&] {
    io::json_limits limits;
    limits.max_bytes = 1 << 20;
    auto s = io::read_scheme(fuzz::as_text(data, size), limits);
    auto again = io::read_scheme(io::write_scheme(*s));
    fuzz::require(*again == *s, "scheme round trip");
  });
  return 0;
}
