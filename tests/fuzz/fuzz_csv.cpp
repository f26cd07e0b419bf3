// SPDX-License-Identifier: Apache-2.0
// CSV import: assets text, a form feed, dependencies text. Accepted models
// write back to CSV and read back identical.
#include "fuzz_common.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/scheme.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  const auto text = fuzz::as_text(data, size);
  const auto ff = text.find('\f');
  const auto assets = text.substr(0, ff);
  const auto deps = ff == std::string_view::npos ? std::string_view{} : text.substr(ff + 1);
  fuzz::expect_input_errors([&] { (void)io::parse_csv(text, "input.csv"); });
  fuzz::expect_input_errors([&] {
    auto s = scheme::preset("se-klassa");
    const model m = io::read_csv(assets, deps, s);
    const auto files = io::write_csv(m);
    fuzz::require(io::read_csv(files.assets, files.dependencies, s) == m, "CSV round trip");
  });
  return 0;
}
