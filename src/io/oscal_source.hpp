// SPDX-License-Identifier: Apache-2.0
// Internal: an OSCAL plan in any of its three formats (JSON, XML, YAML) as
// its JSON shape for reading, with where each scalar value and each mapping
// stands in the source, so that `oscal update` can edit values in place.
#pragma once

#include "infoclass/io/oscal.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

/// Bytes of a value in the source (quotes included).
struct text_span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// Where a missing member can be added to a mapping.
struct mapping_place {
  std::size_t insert_at = 0; ///< byte offset of the insertion
  std::string indent;        ///< indentation of the members
  bool empty = false;        ///< JSON: no members yet
};

/// A plan read from its source.
struct oscal_source { // NOLINT(bugprone-exception-escape): nlohmann::json's move is noexcept
  oscal_format format = oscal_format::json;
  nlohmann::json root;
  std::map<std::string, text_span> values;     ///< pointer -> scalar value
  std::map<std::string, mapping_place> places; ///< pointer of a mapping -> where to add
  /// XML: element start ('<') and end (after its end tag) by pointer.
  std::map<std::string, text_span> elements;
};

/// Where to add a line before the markup at `pos`, whose line starts at
/// `line_start`: at the start of that line, indented as it, where only blanks
/// come before it there; else right before it, without indentation (a plan
/// written on one line).
[[nodiscard]] mapping_place insertion_before(std::string_view text, std::size_t line_start, std::size_t pos);

/// The format of a plan's text, told by its first character.
[[nodiscard]] oscal_format sniff(std::string_view text) noexcept;
/// Reads a plan; syntax errors name line and column.
[[nodiscard]] oscal_source read_source(std::string_view text);

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
