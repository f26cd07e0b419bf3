// SPDX-License-Identifier: Apache-2.0
// Native JSON model reader. Accepted models must survive propagation, every
// writer, and read back identical (JSON -> model -> JSON -> model).
#include "fuzz_common.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  fuzz::expect_input_errors([&] {
    io::json_limits limits;
    limits.max_bytes = 1 << 20;
    const model m = io::read_model(fuzz::as_text(data, size), limits);
    const std::string text = io::write_model(m);
    fuzz::require(io::read_model(text) == m, "JSON round trip");
    const assessment a = propagate(m);
    (void)io::write_assessment(a);
    (void)io::write_csv(m);
    (void)io::write_graphml(m, a);
    (void)io::write_dot(m, a);
    for (std::size_t v = 0; v < a.size() && v < 8; ++v) {
      for (std::size_t p = 0; p < a.properties(); ++p) {
        (void)a.explain(a.id(v), p);
        (void)a.origins(a.id(v), p);
      }
    }
  });
  return 0;
}
