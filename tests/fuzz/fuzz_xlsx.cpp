// SPDX-License-Identifier: Apache-2.0
// Excel workbooks (.xlsx): the zip container, the workbook, shared strings,
// styles and sheets. Accepted workbooks give a model that writes to CSV and
// reads back identical.
#include "fuzz_common.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/xlsx.hpp"
#include "infoclass/scheme.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  const auto bytes = fuzz::as_text(data, size);
  fuzz::expect_input_errors([&] {
    for (const auto& name : io::xlsx_sheet_names(bytes, "fuzz.xlsx")) {
      (void)io::read_xlsx_sheet(bytes, name, "fuzz.xlsx");
    }
  });
  fuzz::expect_input_errors([&] {
    auto s = scheme::preset("se-klassa");
    const model m = io::read_xlsx(bytes, s);
    const auto files = io::write_csv(m);
    fuzz::require(io::read_csv(files.assets, files.dependencies, s) == m, "xlsx to CSV round trip");
  });
  return 0;
}
