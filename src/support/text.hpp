// SPDX-License-Identifier: Apache-2.0
// Internal: escaping shared by the CSV, GraphML, DOT and report writers, and
// the UTF-8 encoding of a code point (the JSON reader's escapes, case folding).
#pragma once

#include "infoclass/version.hpp"
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Appends code point `cp` (at most U+10FFFF, no surrogate: the caller's
/// check) to `out` as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6U));
    out += static_cast<char>(0x80 | (cp & 0x3FU));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12U));
    out += static_cast<char>(0x80 | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80 | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18U));
    out += static_cast<char>(0x80 | ((cp >> 12U) & 0x3FU));
    out += static_cast<char>(0x80 | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80 | (cp & 0x3FU));
  }
}

} // namespace infoclass::inline INFOCLASS_ABI::detail

namespace infoclass::inline INFOCLASS_ABI::io::detail {

/// RFC 4180 field: quoted when it holds the delimiter, a quote, a line break or
/// leading/trailing spaces; quotes doubled.
inline std::string csv_quote(std::string_view f, char delim) {
  const bool plain = f.find_first_of(std::string("\"\r\n") + delim) == std::string_view::npos &&
                     (f.empty() || (f.front() != ' ' && f.back() != ' '));
  if (plain) {
    return std::string(f);
  }
  std::string out = "\"";
  for (char c : f) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

/// Appends `s` to `out` escaped for XML and HTML text and attribute values;
/// control characters XML 1.0 does not allow become U+FFFD.
inline void put_xml_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        out += "\xEF\xBF\xBD";
      } else {
        out += c;
      }
    }
  }
}

/// `s` escaped as put_xml_escaped does.
inline std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  put_xml_escaped(out, s);
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
