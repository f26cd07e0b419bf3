// SPDX-License-Identifier: Apache-2.0
// What infoclass asks of the operating system beyond files (those are in
// infoclass/io/file.hpp); defined with them in src/support/files.cpp, the one
// file that includes POSIX headers.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <span>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Asks for huge pages for a large allocation (Linux madvise); a hint only.
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

/// Makes the pages inside [p, p + bytes) present and writable without
/// changing what they hold (Linux madvise MADV_POPULATE_WRITE), so that their
/// page faults are taken on the calling thread (workers can share them; on
/// some virtual machines a page's first write still costs more after); a
/// hint only.
void populate_pages(void* p, std::size_t bytes) noexcept;

/// The size of a memory page (4096 where the system does not say).
std::size_t page_size() noexcept;

/// The whole pages inside [p, p + bytes): from the first page boundary at or
/// after p to the last at or before p + bytes (empty where there is none, or
/// where p is null).
std::span<std::byte> whole_pages(void* p, std::size_t bytes) noexcept;

} // namespace infoclass::inline INFOCLASS_ABI::detail
