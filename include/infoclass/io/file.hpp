// SPDX-License-Identifier: Apache-2.0
// Files as every reader and writer of infoclass uses them: a whole file read
// with errors that name it, and atomic writes. These are the only places that
// call the operating system (POSIX open, stat, mkstemp, fchmod, fsync, rename,
// isatty; src/support/files.cpp): a port to another platform changes that
// one file.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::io {

/// Reads a whole file into memory. Throws model_error naming the file when it
/// is missing, a directory, not a regular file (a pipe, socket or device: never
/// blocks), unreadable, or larger than `max_bytes`.
[[nodiscard]] INFOCLASS_API std::string read_file(const std::filesystem::path& file, std::size_t max_bytes);
/// Writes `content` to `file` atomically: a temporary file in the same
/// directory, flushed and fsync'ed, then renamed over the target (and the
/// rename made durable). On error the target is untouched.
/// Throws: file_error (path and errno) if the file cannot be written.
INFOCLASS_API void write_file_atomic(const std::filesystem::path& file, std::string_view content);
/// True if standard output is a terminal (the command line colours its
/// report then, unless NO_COLOR is set).
[[nodiscard]] INFOCLASS_API bool stdout_is_terminal() noexcept;
/// True if standard error is a terminal (the command line shows progress then).
[[nodiscard]] INFOCLASS_API bool stderr_is_terminal() noexcept;

} // namespace infoclass::inline INFOCLASS_ABI::io
