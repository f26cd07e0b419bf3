// SPDX-License-Identifier: Apache-2.0
#include "infoclass/unicode.hpp"

#include <utf8proc.h>

#include "infoclass/version.hpp"
#include <cstdlib>
#include <memory>

namespace infoclass::inline INFOCLASS_ABI::unicode {

namespace {

using u8 = const utf8proc_uint8_t*;

u8 bytes(std::string_view s) noexcept { return reinterpret_cast<u8>(s.data()); }

// Decodes the code point at `i`; its length, or -1 for an ill-formed sequence.
utf8proc_ssize_t next(std::string_view s, std::size_t i, utf8proc_int32_t& cp) noexcept {
  return utf8proc_iterate(bytes(s) + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
}

std::string mapped(std::string_view s, utf8proc_option_t options) {
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(bytes(s), static_cast<utf8proc_ssize_t>(s.size()), &out, options);
  if (n < 0) {
    return std::string(s);
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(n)};
}

} // namespace

bool ascii(std::string_view s) noexcept {
  unsigned char any = 0;
  for (const char c : s) {
    any |= static_cast<unsigned char>(c);
  }
  return any < 0x80;
}

std::size_t invalid_utf8_at(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = next(s, i, cp);
    if (n <= 0) {
      return i;
    }
    i += static_cast<std::size_t>(n);
  }
  return std::string_view::npos;
}

bool valid_utf8(std::string_view s) noexcept { return invalid_utf8_at(s) == std::string_view::npos; }

std::string nfc(std::string_view s) {
  if (ascii(s)) {
    return std::string(s);
  }
  return mapped(s, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
}

void to_nfc(std::string& s) {
  if (!ascii(s)) {
    s = nfc(s);
  }
}

std::string fold(std::string_view s) {
  s = trim(s);
  return mapped(s, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
}

bool is_space(char32_t c) noexcept {
  if (c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x85) {
    return true;
  }
  if (c > 0x10FFFF) {
    return false;
  }
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

bool is_control(char32_t c) noexcept { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string_view trim(std::string_view s) noexcept {
  // Leading: decode forward.
  std::size_t b = 0;
  while (b < s.size()) {
    utf8proc_int32_t cp = 0;
    const auto n = next(s, b, cp);
    if (n <= 0 || !is_space(static_cast<char32_t>(cp))) {
      break;
    }
    b += static_cast<std::size_t>(n);
  }
  // Trailing: step back to each code point's first byte.
  std::size_t e = s.size();
  while (e > b) {
    std::size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
      --start;
    }
    utf8proc_int32_t cp = 0;
    const auto n = next(s, start, cp);
    if (n <= 0 || start + static_cast<std::size_t>(n) != e || !is_space(static_cast<char32_t>(cp))) {
      break;
    }
    e = start;
  }
  return s.substr(b, e - b);
}

std::size_t display_width(std::string_view s) noexcept {
  std::size_t w = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++w;
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = next(s, i, cp);
    if (n <= 0) {
      ++w;
      ++i;
      continue;
    }
    const int cw = utf8proc_charwidth(cp);
    w += cw > 0 ? static_cast<std::size_t>(cw) : 0;
    i += static_cast<std::size_t>(n);
  }
  return w;
}

} // namespace infoclass::inline INFOCLASS_ABI::unicode
