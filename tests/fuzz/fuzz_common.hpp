// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the fuzz targets. A target accepts any input: bad input
// must end in an infoclass exception (caught here); anything else — another
// exception, a crash, a sanitizer report, a failed round trip — is a finding.
#pragma once

#include "infoclass/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace infoclass::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Aborts (a finding) with a message when a property of the input fails.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property failed: %s\n", what);
    std::abort();
  }
}

/// Runs `fn`; input errors are expected, everything else propagates.
template <class F> void expect_input_errors(F&& fn) {
  try {
    fn();
  } catch (const infoclass::model_error&) {
  } catch (const infoclass::error&) {
  }
}

} // namespace infoclass::fuzz
