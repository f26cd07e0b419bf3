// SPDX-License-Identifier: Apache-2.0
#include "infoclass/version.hpp"

namespace infoclass::inline INFOCLASS_ABI {

std::string_view version() noexcept { return INFOCLASS_VERSION_STRING; }

} // namespace infoclass::inline INFOCLASS_ABI
