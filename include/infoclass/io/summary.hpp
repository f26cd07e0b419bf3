// SPDX-License-Identifier: Apache-2.0
// What an importer read and what it left out, for its closing line.
//
// Errors: none.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

/// Filled by every importer: counts of what became part of the model and of
/// what the source holds that the model cannot carry (nothing is dropped
/// without being counted here).
struct INFOCLASS_API import_summary {
  std::size_t assets = 0;
  std::size_t dependencies = 0;
  /// What was left out: (count, what), e.g. (3, "risk_tracking entries").
  std::vector<std::pair<std::size_t, std::string>> left_out;
  /// Notes on how the input was read, e.g. "read as Windows-1252".
  std::vector<std::string> notes;

  /// Throws: nothing of its own (std::bad_alloc).
  void leave_out(std::size_t n, std::string what) {
    if (n != 0) {
      left_out.emplace_back(n, std::move(what));
    }
  }
  /// The same with the word for one and for several.
  /// Throws: nothing of its own (std::bad_alloc).
  void leave_out(std::size_t n, const std::string& one, const std::string& several) {
    leave_out(n, n == 1 ? one : several);
  }
  /// `12 assets, 13 dependencies; left out: 3 risk_tracking entries`
  /// (`; nothing left out` when the list is empty).
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::string line() const {
    std::string s = std::to_string(assets) + (assets == 1 ? " asset, " : " assets, ") + std::to_string(dependencies) +
                    (dependencies == 1 ? " dependency" : " dependencies");
    if (left_out.empty()) {
      return s + "; nothing left out";
    }
    s += "; left out: ";
    for (std::size_t i = 0; i < left_out.size(); ++i) {
      s += (i != 0 ? ", " : "") + std::to_string(left_out[i].first) + " " + left_out[i].second;
    }
    return s;
  }
};

} // namespace infoclass::inline INFOCLASS_ABI::io
