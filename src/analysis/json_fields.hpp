// SPDX-License-Identifier: Apache-2.0
// Internal: reading fields of the small JSON documents of the analyses (rule
// sets, measures catalogues) with JSON-pointer errors.
#pragma once

#include "infoclass/error.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis::detail {

[[noreturn]] inline void fail(const std::string& ptr, const std::string& why) { throw model_error(ptr, why); }

/// Rejects fields not in `keys` (a typo must not vanish).
inline void only_fields(const nlohmann::json& o, const std::string& ptr, std::initializer_list<std::string_view> keys) {
  if (!o.is_object()) {
    fail(ptr, "expected an object");
  }
  for (const auto& item : o.items()) {
    bool ok = false;
    for (auto k : keys) {
      ok = ok || k == item.key();
    }
    if (!ok) {
      fail(ptr + "/" + item.key(), "unknown field '" + item.key() + "'");
    }
  }
}

inline std::string field_string(const nlohmann::json& o, const char* key, const std::string& ptr, bool required) {
  if (!o.contains(key)) {
    if (required) {
      fail(ptr, std::string("missing required field '") + key + "'");
    }
    return {};
  }
  if (!o[key].is_string()) {
    fail(ptr + "/" + key, "expected a string");
  }
  return o[key].get<std::string>();
}

inline std::vector<std::string> field_strings(const nlohmann::json& o, const char* key, const std::string& ptr) {
  std::vector<std::string> out;
  if (!o.contains(key)) {
    return out;
  }
  if (!o[key].is_array()) {
    fail(ptr + "/" + key, "expected an array of strings");
  }
  for (std::size_t i = 0; i < o[key].size(); ++i) {
    if (!o[key][i].is_string()) {
      fail(ptr + "/" + key + "/" + std::to_string(i), "expected a string");
    }
    out.push_back(o[key][i].get<std::string>());
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis::detail
