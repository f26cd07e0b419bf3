// SPDX-License-Identifier: Apache-2.0
// Files as every reader and writer of infoclass uses them: a whole file read
// with errors that name it, and atomic writes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace infoclass::io {

/// Reads a whole file into memory. Throws model_error naming the file when it
/// is missing, a directory, not a regular file (a pipe, socket or device: never
/// blocks), unreadable, or larger than `max_bytes`.
[[nodiscard]] std::string read_file(const std::filesystem::path& file, std::size_t max_bytes);
/// Writes `content` to `file` atomically: a temporary file in the same
/// directory, flushed and fsync'ed, then renamed over the target (and the
/// rename made durable). On error the target is untouched.
void write_file_atomic(const std::filesystem::path& file, std::string_view content);

} // namespace infoclass::io
