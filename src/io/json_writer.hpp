// SPDX-License-Identifier: Apache-2.0
// Internal: the native JSON writer with its dependencies left out, for the
// explorer page, which carries them by column (not installed; exported for
// the command line in a shared build).
#pragma once

#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <string>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

/// What io::write_model writes; without the "dependencies" member unless
/// `dependencies`.
[[nodiscard]] INFOCLASS_API std::string write_model_text(const model& m, bool dependencies);

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
