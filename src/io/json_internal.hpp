// Internal: the strict JSON parser of io/json.cpp, shared with other readers
// of JSON formats (OSCAL).
#pragma once

#include "infoclass/io/json.hpp"

#include <nlohmann/json.hpp>

namespace infoclass::io::detail {

/// Parses with duplicate-key, depth and size checks; errors name line and
/// column or the JSON pointer.
[[nodiscard]] nlohmann::json parse_json_strict(std::string_view text, const json_limits& limits);

} // namespace infoclass::io::detail
