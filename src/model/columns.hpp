// SPDX-License-Identifier: Apache-2.0
// Internal: helpers of the model's editing (model.cpp) and bulk loading
// (bulk.cpp).
#pragma once

#include "infoclass/detail/store.hpp"
#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Strings copied out of a column (in NFC if asked), and views of the copies.
struct text_copy {
  explicit text_copy(std::span<const std::string_view> col, bool nfc = false) {
    text.reserve(col.size());
    for (const auto s : col) {
      text.push_back(nfc ? unicode::nfc(s) : std::string(s));
    }
    views.assign(text.begin(), text.end());
  }
  std::vector<std::string> text;
  std::vector<std::string_view> views;
};

/// True if any of the strings is not in NFC.
inline bool needs_nfc(std::span<const std::string_view> col) {
  return std::any_of(col.begin(), col.end(),
                     [](std::string_view s) { return !unicode::ascii(s) && unicode::nfc(s) != s; });
}

/// Kinds are 16-bit codes: room for one more distinct kind?
inline void check_kind_room(const string_pool& kinds, std::string_view kind, std::string_view id) {
  if (kinds.size() >= 0xFFFF && !kinds.find(kind)) {
    throw model_error(std::string(id), "kind: too many distinct kinds (65535)");
  }
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
