// SPDX-License-Identifier: Apache-2.0
// Measures catalogues: accepted catalogues can be used for a gap analysis.
#include "fuzz_common.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/propagation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  fuzz::expect_input_errors([&] {
    auto c = analysis::read_catalogue(fuzz::as_text(data, size));
    model m(c.scheme_ptr);
    asset a;
    a.id = "info";
    a.kind = "information";
    a.own = classification::none(c.scheme_ptr->size());
    for (std::size_t p = 0; p < c.scheme_ptr->size(); ++p) {
      a.own.set(p, static_cast<level_t>(c.scheme_ptr->levels(p) - 1));
    }
    m.add_asset(a);
    auto r = propagate(m);
    (void)analysis::required_measures(r, 0, c);
    (void)analysis::gaps(m, r, c);
  });
  return 0;
}
