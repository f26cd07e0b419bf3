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
#include <span>
#include <string>
#include <string_view>
#include <utility>

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
/// Writes several files that belong together (a model's two CSV files): each
/// to a temporary file as write_file_atomic does; only when all are written
/// whole are they renamed over their targets, so that a failure while writing
/// (a full disk, a target that is a directory) leaves every target untouched.
/// A rename that fails after the first (rare: the targets were checked) leaves
/// the ones before it replaced.
/// Throws: file_error (path and errno) for the first file that cannot be written.
INFOCLASS_API void write_files_atomic(std::span<const std::pair<std::filesystem::path, std::string_view>> files);
/// True if standard output is a terminal (the command line colours its
/// report then, unless NO_COLOR is set).
[[nodiscard]] INFOCLASS_API bool stdout_is_terminal() noexcept;
/// True if standard error is a terminal (the command line shows progress then).
[[nodiscard]] INFOCLASS_API bool stderr_is_terminal() noexcept;

} // namespace infoclass::inline INFOCLASS_ABI::io
