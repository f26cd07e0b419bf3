// SPDX-License-Identifier: Apache-2.0
// Whole-file reads with clear errors, and atomic writes (io/file.hpp); with
// support/os.hpp the only calls into the operating system.
#include "infoclass/io/file.hpp"

#include "infoclass/error.hpp"
#include "support/os.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include "infoclass/version.hpp"
#include <unistd.h>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {
[[noreturn]] void fail(const std::string& where, const std::string& why) { throw model_error(where, why); }
} // namespace

std::string read_file(const std::filesystem::path& file, std::size_t max_bytes) {
  const std::string name = file.string();
  struct stat st {};
  if (::stat(name.c_str(), &st) != 0) {
    fail(name, errno == ENOENT ? "no such file" : std::string("cannot read: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    fail(name, "is a directory, not a file");
  }
  if (!S_ISREG(st.st_mode)) {
    // A FIFO would block the open, a device could stream without end.
    fail(name, "is not a regular file (a pipe, socket or device)");
  }
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fail(name, std::string("cannot read: ") + std::strerror(errno));
  }
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } guard{fd};
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    fail(name, "file of " + std::to_string(st.st_size) + " bytes exceeds the limit of " + std::to_string(max_bytes));
  }
  std::string content;
  content.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ::ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail(name, std::string("cannot read: ") + std::strerror(errno));
    }
    if (got == 0) {
      break;
    }
    content.append(buf, static_cast<std::size_t>(got));
    if (content.size() > max_bytes) {
      fail(name, "input exceeds the limit of " + std::to_string(max_bytes) + " bytes");
    }
  }
  return content;
}

void write_file_atomic(const std::filesystem::path& file, std::string_view content) {
  const std::string name = file.string();
  auto dir = file.parent_path();
  std::string tmpl = (dir.empty() ? std::string(".") : dir.string()) + "/." + file.filename().string() + ".XXXXXX";
  std::vector<char> path(tmpl.begin(), tmpl.end());
  path.push_back('\0');
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    const int err = errno;
    throw file_error(name, err, name + ": cannot create a temporary file: " + std::strerror(err));
  }
  auto cleanup = [&](const std::string& why) {
    int err = errno;
    ::close(fd);
    ::unlink(path.data());
    throw file_error(name, err, name + ": " + why + ": " + std::strerror(err));
  };
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t w = ::write(fd, content.data() + done, content.size() - done);
    if (w < 0) {
      if (errno == EINTR) {
        continue;
      }
      cleanup("write failed");
    }
    done += static_cast<std::size_t>(w);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
    cleanup("cannot flush");
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(path.data());
    throw file_error(name, err, name + ": close failed: " + std::strerror(err));
  }
  if (::rename(path.data(), name.c_str()) != 0) {
    int err = errno;
    ::unlink(path.data());
    throw file_error(name, err, name + ": cannot replace: " + std::strerror(err));
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

bool stdout_is_terminal() noexcept { return ::isatty(STDOUT_FILENO) != 0; }

bool stderr_is_terminal() noexcept { return ::isatty(STDERR_FILENO) != 0; }

} // namespace infoclass::inline INFOCLASS_ABI::io

namespace infoclass::inline INFOCLASS_ABI::detail {

std::size_t page_size() noexcept {
  const long page = ::sysconf(_SC_PAGESIZE);
  return page > 0 ? static_cast<std::size_t>(page) : std::size_t{4096};
}

void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
  // madvise takes whole pages: the pages inside [p, p + bytes).
  if (p == nullptr) {
    return;
  }
  const auto page = static_cast<std::uintptr_t>(page_size());
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t skip = (page - at % page) % page; // to the first whole page
  if (bytes <= skip) {
    return;
  }
  const std::size_t whole = (bytes - skip) / page * page;
  if (whole != 0) {
    (void)::madvise(static_cast<char*>(p) + skip, whole, MADV_HUGEPAGE);
  }
#else
  (void)p;
  (void)bytes;
#endif
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
