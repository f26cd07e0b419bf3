// SPDX-License-Identifier: Apache-2.0
// Progress of long operations (single points of failure, gaps): a callback
// the caller gives, told how far an operation has come.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <functional>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI {

/// Called from the calling thread as a long operation goes: `done` of `total`
/// units of the phase named (`"single points of failure"`, in assets). It is
/// called at most about a hundred times per phase, always with done == total at
/// the end of a phase that completes. An exception it throws stops the operation
/// and leaves the caller's objects as they were (a way to cancel: Python's
/// KeyboardInterrupt raised in a callback arrives as itself).
using progress_fn = std::function<void(std::string_view phase, std::size_t done, std::size_t total)>;

} // namespace infoclass::inline INFOCLASS_ABI
