// SPDX-License-Identifier: Apache-2.0
// Limits on untrusted input, shared by the readers (JSON, CSV, archives).
// Exceeding one is a model_error naming the limit; the defaults are safe for
// files from other organisations and large enough for national inventories.
//
// Errors: none here; readers throw model_error when input exceeds a limit.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>

namespace infoclass::inline INFOCLASS_ABI::io {

/// The deepest JSON nesting any reader takes, whatever read_limits::max_depth
/// says: parts of a model (attribute values) are kept and written as JSON
/// text by recursive code, which must not run out of stack. Deeper input is
/// refused with an error that says so.
inline constexpr std::size_t max_supported_depth = 1000;

struct INFOCLASS_API read_limits {
  std::size_t max_bytes = std::size_t{1} << 31;  ///< input size (2 GiB)
  std::size_t max_depth = 64;                    ///< JSON nesting depth (at most max_supported_depth counts)
  std::size_t max_string = std::size_t{1} << 20; ///< bytes in one string value or CSV field
  std::size_t max_assets = 20'000'000;           ///< assets in one model
  std::size_t max_dependencies = 200'000'000;    ///< dependencies in one model
};

} // namespace infoclass::inline INFOCLASS_ABI::io
