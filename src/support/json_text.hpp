// SPDX-License-Identifier: Apache-2.0
// JSON text written as it goes, without a document: a string as
// nlohmann::ordered_json::dump writes it (the model writer's and the command
// line's long listings, byte for byte what dumping a document gives).
#pragma once

#include "infoclass/version.hpp"
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Appends `text` as a JSON string: quoted, with `"`, `\\` and control
/// characters escaped as dump() escapes them; text that is not ASCII goes
/// through nlohmann (which checks its UTF-8 and throws on invalid bytes).
inline void put_json_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) { // not ASCII: nlohmann checks the UTF-8 and writes it
      out += nlohmann::ordered_json(std::string(text)).dump();
      return;
    }
    plain = plain && u >= 0x20 && c != '"' && c != '\\';
  }
  out += '"';
  if (plain) {
    out += text;
    out += '"';
    return;
  }
  for (const char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        constexpr const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[(static_cast<unsigned char>(c) >> 4U) & 0xFU];
        out += hex[static_cast<unsigned char>(c) & 0xFU];
      } else {
        out += c;
      }
    }
  }
  out += '"';
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
