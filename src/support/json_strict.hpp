// SPDX-License-Identifier: Apache-2.0
// Internal: the strict JSON parser, shared by every reader of a JSON format
// (io: the model, OSCAL; analysis: rule sets, measures catalogues), and the
// JSON pointer and position helpers that go with it.
#pragma once

#include "infoclass/io/json.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

/// A JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`).
[[nodiscard]] std::string escape_pointer_token(std::string_view t);
/// Line and column (1-based, columns in characters) of byte `offset` of `text`.
[[nodiscard]] std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

struct flat_dependencies;

/// Parses with duplicate-key, depth and size checks; errors name line and
/// column or the JSON pointer. With `deps`, the elements of a top-level
/// "dependencies" array are collected there flat (the model reader's fast path).
[[nodiscard]] nlohmann::json parse_json_strict(std::string_view text, const json_limits& limits,
                                               flat_dependencies* deps = nullptr);

/// One element of a model's "dependencies" array as read by the model reader:
/// the string fields, or (`value` >= 0) the index of the element's DOM value
/// in flat_dependencies::values when it is anything else.
struct flat_dependency {
  std::string from, to, type, group;
  std::uint8_t present = 0; ///< bit i: field_name(i) was given
  std::int64_t value = -1;
  std::string& field(int i) { return i == 0 ? from : i == 1 ? to : i == 2 ? type : group; }
  static constexpr std::string_view field_name(int i) {
    return i == 0 ? "from" : i == 1 ? "to" : i == 2 ? "type" : "group";
  }
  static int field_index(std::string_view k) {
    for (int i = 0; i < 4; ++i) {
      if (k == field_name(i)) {
        return i;
      }
    }
    return -1;
  }
};
struct flat_dependencies {
  std::vector<flat_dependency> records;
  std::vector<nlohmann::json> values;
};

/// How many models read_model has read by its simdjson path (src/io/json_reader.cpp), for tests.
[[nodiscard]] std::size_t fast_models_read() noexcept;
/// How many inputs the simdjson path has copied to pad them (the others were
/// read where they were), for tests.
[[nodiscard]] std::size_t fast_inputs_copied() noexcept;
/// Sets how many bytes of text the simdjson path hands its first stage at a
/// time (a piece then ends after the last line feed in them, or the first
/// one after; at least 1, so 1 is a line a piece); returns the size before.
/// The default is 256 KiB. For tests, which read documents in many pieces.
std::size_t set_json_piece_bytes(std::size_t bytes) noexcept;
/// Whether this build's simdjson path may read an input in place (x86-64, no
/// sanitizer, no INFOCLASS_COPY_JSON_INPUT), for tests.
[[nodiscard]] bool json_input_in_place() noexcept;

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
