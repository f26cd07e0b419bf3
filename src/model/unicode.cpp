// SPDX-License-Identifier: Apache-2.0
// Unicode with utf8proc (NFC, case folding, character widths), or, in a build
// without it (INFOCLASS_WITH_UTF8PROC=OFF: the WebAssembly engine, where the
// JavaScript around it NFC-normalises every text first), the portable subset:
// the same UTF-8 validation, white space and trimming; nfc() returns its
// input; fold() folds case for Latin, Greek and Cyrillic letters; widths are
// 2 for East Asian wide characters and 0 for combining marks.
#include "infoclass/unicode.hpp"

#include "infoclass/version.hpp"
#if INFOCLASS_HAVE_UTF8PROC
#include <utf8proc.h>
#else
#include "support/text.hpp"
#endif

#include <cstdlib>
#include <memory>

namespace infoclass::inline INFOCLASS_ABI::unicode {

namespace {

// Decodes the well-formed UTF-8 sequence at `i` (RFC 3629: no overlong forms,
// no surrogates, at most U+10FFFF); its length, or -1 for an ill-formed one.
int next(std::string_view s, std::size_t i, std::int32_t& cp) noexcept {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = at(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  int n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0F;
    lo = b0 == 0xE0 ? 0xA0 : 0x80;
    hi = b0 == 0xED ? 0x9F : 0xBF;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07;
    lo = b0 == 0xF0 ? 0x90 : 0x80;
    hi = b0 == 0xF4 ? 0x8F : 0xBF;
  } else {
    return -1;
  }
  if (s.size() - i < static_cast<std::size_t>(n)) {
    return -1;
  }
  for (int k = 1; k < n; ++k) {
    const unsigned char b = at(i + static_cast<std::size_t>(k));
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  return n;
}

#if INFOCLASS_HAVE_UTF8PROC

std::string mapped(std::string_view s, utf8proc_option_t options) {
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &out, options);
  if (n < 0) {
    return std::string(s);
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(n)};
}

int width(std::int32_t cp) noexcept { return utf8proc_charwidth(cp); }

#else

// Simple case folding of the letters of Latin-1, Latin Extended-A, Greek and
// Cyrillic (the scripts of the schemes' languages and their neighbours).
std::int32_t fold_one(std::int32_t c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) {
    return c + 0x20;
  }
  if (c >= 0x100 && c <= 0x17E && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x178) {
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) {
      return (c % 2 == 1) ? c + 1 : c;
    }
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c == 0x17F) {
    return 's';
  }
  if (c == 0x178) {
    return 0xFF;
  }
  if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2)) {
    return c + 0x20;
  }
  if (c == 0x3C2) {
    return 0x3C3;
  }
  if (c >= 0x410 && c <= 0x42F) {
    return c + 0x20;
  }
  if (c >= 0x400 && c <= 0x40F) {
    return c + 0x50;
  }
  return c;
}

int width(std::int32_t cp) noexcept {
  if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
      (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200D) {
    return 0;
  }
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

#endif

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
    std::int32_t cp = 0;
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
#if INFOCLASS_HAVE_UTF8PROC
  if (ascii(s)) {
    return std::string(s);
  }
  return mapped(s, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
#else
  return std::string(s);
#endif
}

void to_nfc(std::string& s) {
  if (!ascii(s)) {
    s = nfc(s);
  }
}

std::string fold(std::string_view s) {
  s = trim(s);
#if INFOCLASS_HAVE_UTF8PROC
  return mapped(s, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
#else
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::int32_t cp = 0;
    const auto n = next(s, i, cp);
    if (n <= 0) {
      return std::string(s);
    }
    if (cp == 0xDF) {
      out += "ss";
    } else {
      infoclass::detail::append_utf8(out, static_cast<char32_t>(fold_one(cp)));
    }
    i += static_cast<std::size_t>(n);
  }
  return out;
#endif
}

bool is_space(char32_t c) noexcept {
  // White space: the C0 and NEL controls, and the Unicode categories Zs, Zl
  // and Zp (stable since Unicode 6.3).
  switch (c) {
  case 0x09:
  case 0x0A:
  case 0x0B:
  case 0x0C:
  case 0x0D:
  case 0x20:
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000: return true;
  default: return c >= 0x2000 && c <= 0x200A;
  }
}

bool is_control(char32_t c) noexcept { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string_view trim(std::string_view s) noexcept {
  // Leading: decode forward.
  std::size_t b = 0;
  while (b < s.size()) {
    std::int32_t cp = 0;
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
    std::int32_t cp = 0;
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
    std::int32_t cp = 0;
    const auto n = next(s, i, cp);
    if (n <= 0) {
      ++w;
      ++i;
      continue;
    }
    const int cw = width(cp);
    w += cw > 0 ? static_cast<std::size_t>(cw) : 0;
    i += static_cast<std::size_t>(n);
  }
  return w;
}

} // namespace infoclass::inline INFOCLASS_ABI::unicode
