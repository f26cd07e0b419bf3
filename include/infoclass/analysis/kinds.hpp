// SPDX-License-Identifier: Apache-2.0
// Kinds that look like typos: a kind used by assets of a model that is not one
// the model gives meaning to (the built-in kinds, and those its policy's floors
// and cumulation rules name) but is within edit distance 1 (kinds of up to four
// letters) or 2 (longer ones) of one, counting a swap of two neighbours as one
// edit: `sever` for `server`, `aplication` for `application`. A floor that
// silently does not apply is a wrong result, so the CLI and the Python package
// warn about these; custom kinds far from every known one stay quiet.
//
// Errors: none but std::bad_alloc.
#pragma once

#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis {

struct INFOCLASS_API kind_typo {
  std::string kind;       ///< as the assets have it
  std::string likely;     ///< the known kind it is close to
  std::string asset;      ///< the first asset (in model order) with it
  std::size_t assets = 0; ///< how many assets have it
};

/// The kinds `m` gives meaning to, sorted: built-in, floors, cumulation rules.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::vector<std::string> known_kinds(const model& m);
/// The known kind `kind` is probably a typo of, or std::nullopt when it is
/// known itself or far from every known kind.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::optional<std::string> likely_kind(std::string_view kind,
                                                                   const std::vector<std::string>& known);
/// Every kind of `m` that looks like a typo, in order of first use. O(assets).
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::vector<kind_typo> kind_typos(const model& m);
/// One line for a person: `kind 'sever' (asset srv-01 and 2 more) is not a known kind; did you mean 'server'?`
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string describe(const kind_typo& t);

} // namespace infoclass::inline INFOCLASS_ABI::analysis
