// SPDX-License-Identifier: Apache-2.0
// Unicode text as asset ids, names and spreadsheet headers need it: UTF-8
// validation, NFC normalisation, case folding, white space and display width.
// Backed by utf8proc (a maintained library, not hand-made tables).
//
// Errors: none; invalid UTF-8 is reported by valid_utf8 / invalid_utf8_at,
// never thrown.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::unicode {

/// True if `s` is well-formed UTF-8 (no overlong forms, surrogates or code
/// points above U+10FFFF).
[[nodiscard]] INFOCLASS_API bool valid_utf8(std::string_view s) noexcept;
/// Byte offset of the first ill-formed sequence, or npos.
[[nodiscard]] INFOCLASS_API std::size_t invalid_utf8_at(std::string_view s) noexcept;
/// True if every byte is below 0x80 (such text is already in NFC).
[[nodiscard]] INFOCLASS_API bool ascii(std::string_view s) noexcept;
/// `s` in Normalization Form C; ill-formed UTF-8 is returned unchanged.
/// Throws: nothing of its own (std::bad_alloc); invalid UTF-8 is returned unchanged.
[[nodiscard]] INFOCLASS_API std::string nfc(std::string_view s);
/// Normalises `s` to NFC in place; cheap for ASCII.
/// Throws: nothing of its own (std::bad_alloc).
INFOCLASS_API void to_nfc(std::string& s);
/// NFC of the Unicode case folding of `s` (`ÄGARE` and `ägare` fold alike),
/// with white space at both ends removed; for matching headers and level names.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string fold(std::string_view s);
/// True for Unicode white space (categories Zs, Zl, Zp, and TAB, LF, VT, FF,
/// CR, NEL): NBSP and the ideographic space included.
[[nodiscard]] INFOCLASS_API bool is_space(char32_t c) noexcept;
/// True for C0 controls, DEL and C1 controls.
[[nodiscard]] INFOCLASS_API bool is_control(char32_t c) noexcept;
/// `s` without leading and trailing Unicode white space.
[[nodiscard]] INFOCLASS_API std::string_view trim(std::string_view s) noexcept;
/// Columns `s` takes on a terminal (wide East Asian characters 2, combining
/// marks 0); ill-formed bytes count 1 each.
[[nodiscard]] INFOCLASS_API std::size_t display_width(std::string_view s) noexcept;

} // namespace infoclass::inline INFOCLASS_ABI::unicode
