// SPDX-License-Identifier: Apache-2.0
// The native JSON model format (DESIGN.md §4, `"infoclass": 1`) and custom
// scheme JSON.
//
// Reading is strict: unknown fields (outside `attributes`), duplicate object
// keys, wrong types, levels out of range, dangling or repeated dependencies are
// errors that name the JSON pointer and the reason; syntax errors name line and
// column. Nesting deeper than `json_limits::max_depth` (and than
// `io::max_supported_depth`, whatever the limit says) and input larger than
// `max_bytes` fail before parsing, so no input can exhaust the stack. A failed
// load returns nothing and changes nothing. Writing is deterministic and the
// round trip read(write(m)) == m is exact.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/io/file.hpp"
#include "infoclass/io/limits.hpp"
#include "infoclass/model.hpp"
#include "infoclass/scheme.hpp"

#include "infoclass/version.hpp"
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::io {

/// The JSON reader's limits (see io/limits.hpp).
using json_limits = read_limits;

/// Reads a model from JSON text.
/// Throws: model_error naming the JSON pointer (or `line:column` for malformed JSON) and why.
/// Where the library was built with simdjson (Debian's libsimdjson-dev; not in
/// WebAssembly builds), large models are parsed with it first; anything it does
/// not accept as is goes through the portable reader, so results and error
/// messages are the portable reader's in every build.
[[nodiscard]] INFOCLASS_API model read_model(std::string_view text, const json_limits& limits = {});
/// The portable reader alone (nlohmann-json), what builds without simdjson use.
/// Throws: as read_model.
[[nodiscard]] INFOCLASS_API model read_model_portable(std::string_view text, const json_limits& limits = {});
/// Whether read_model has the simdjson path in this build.
[[nodiscard]] INFOCLASS_API bool fast_json_reader() noexcept;
/// The example municipality (examples/municipality/model.json) as embedded in
/// the library: what `infoclass report` shows without a model.
[[nodiscard]] INFOCLASS_API std::string_view example_model_json() noexcept;
/// Reads a model from a file; throws model_error naming the file if it
/// cannot be read (missing, a directory, unreadable) or is invalid.
[[nodiscard]] INFOCLASS_API model load_model(const std::filesystem::path& file, const json_limits& limits = {});

/// Writes the model in the native format (2-space indentation, trailing newline).
/// Throws: model_error naming the asset if an attribute does not hold JSON text.
[[nodiscard]] INFOCLASS_API std::string write_model(const model& m);
/// Writes the model to a file atomically (temporary file, fsync, rename).
/// Throws: as write_model; file_error (path and errno) if the file cannot be written.
INFOCLASS_API void save_model(const model& m, const std::filesystem::path& file);

/// Reads a custom scheme object (the value of `"scheme"` when not a preset id).
/// Throws: model_error naming the JSON pointer for invalid JSON or an invalid scheme.
[[nodiscard]] INFOCLASS_API std::shared_ptr<const scheme> read_scheme(std::string_view text,
                                                                      const json_limits& limits = {});
/// Writes a scheme object.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string write_scheme(const scheme& s);

/// `infoclass propagate --format json` output (DESIGN.md §5).
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string write_assessment(const assessment& a);

// read_file and write_file_atomic: infoclass/io/file.hpp (included here).

} // namespace infoclass::inline INFOCLASS_ABI::io

namespace infoclass::inline INFOCLASS_ABI::io {
/// `infoclass explain --format json` output (DESIGN.md §5).
/// Throws: model_error for an unknown asset or a property index out of range.
[[nodiscard]] INFOCLASS_API std::string write_explanation(const assessment& a, std::string_view asset,
                                                          std::size_t property);
} // namespace infoclass::inline INFOCLASS_ABI::io
