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
#include <system_error>
#if defined(__linux__)
#include <sys/mman.h>
#if !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23 // Linux 5.14; glibc before 2.35 does not name it (EINVAL before 5.14)
#endif
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

namespace {

// A file written whole beside its target, not yet renamed over it.
struct staged_file {
  std::string name; ///< the target
  std::string tmp;  ///< the temporary file
  std::filesystem::path dir;
};

// Writes `content` to a temporary file in `file`'s directory, flushed, synced
// and closed. Throws file_error (nothing left behind).
staged_file stage(const std::filesystem::path& given, std::string_view content) {
  staged_file s;
  s.name = given.string();
  // A symbolic link is written through (the file it names is replaced, the
  // link stays); a pipe, socket or device is never replaced by a file (as
  // root, -o /dev/stdout would have replaced the device node).
  std::filesystem::path file = given;
  std::error_code ec;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(given, ec))) {
    file = std::filesystem::weakly_canonical(given, ec);
    if (ec) {
      throw file_error(s.name, ec.value(), s.name + ": cannot follow the link: " + ec.message());
    }
  }
  if (const auto st = std::filesystem::status(file, ec); !ec && std::filesystem::exists(st) &&
                                                         !std::filesystem::is_regular_file(st) &&
                                                         !std::filesystem::is_directory(st)) {
    throw file_error(s.name, EINVAL, s.name + ": is not a regular file (a pipe, socket or device): not replaced");
  }
  s.name = file.string();
  s.dir = file.parent_path();
  // The temporary file's name: the target's, shortened so that a target of
  // the longest name a file system allows (255 bytes) still has one.
  const std::string base = file.filename().string().substr(0, 200);
  std::string tmpl = (s.dir.empty() ? std::string(".") : s.dir.string()) + "/." + base + ".XXXXXX";
  std::vector<char> path(tmpl.begin(), tmpl.end());
  path.push_back('\0');
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    const int err = errno;
    throw file_error(s.name, err, s.name + ": cannot create a temporary file: " + std::strerror(err));
  }
  auto cleanup = [&](const std::string& why) {
    int err = errno;
    ::close(fd);
    ::unlink(path.data());
    throw file_error(s.name, err, s.name + ": " + why + ": " + std::strerror(err));
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
    throw file_error(s.name, err, s.name + ": close failed: " + std::strerror(err));
  }
  s.tmp = path.data();
  return s;
}

// Renames a staged file over its target (the rename made durable).
void commit(const staged_file& s) {
  if (::rename(s.tmp.c_str(), s.name.c_str()) != 0) {
    int err = errno;
    ::unlink(s.tmp.c_str());
    throw file_error(s.name, err, s.name + ": cannot replace: " + std::strerror(err));
  }
  int dfd = ::open(s.dir.empty() ? "." : s.dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

} // namespace

void write_file_atomic(const std::filesystem::path& file, std::string_view content) { commit(stage(file, content)); }

void write_files_atomic(std::span<const std::pair<std::filesystem::path, std::string_view>> files) {
  std::vector<staged_file> staged;
  std::size_t committed = 0;
  try {
    for (const auto& [file, content] : files) {
      staged.push_back(stage(file, content));
    }
    // What a rename cannot replace, found before any is renamed.
    for (const auto& s : staged) {
      struct stat st {};
      if (::stat(s.name.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        throw file_error(s.name, EISDIR, s.name + ": cannot replace: " + std::strerror(EISDIR));
      }
    }
    for (const auto& s : staged) {
      commit(s);
      ++committed;
    }
  } catch (...) {
    for (std::size_t i = committed; i < staged.size(); ++i) {
      ::unlink(staged[i].tmp.c_str());
    }
    throw;
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

std::span<std::byte> whole_pages(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) {
    return {};
  }
  const auto page = static_cast<std::uintptr_t>(page_size());
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t skip = (page - at % page) % page; // to the first whole page
  if (bytes <= skip) {
    return {};
  }
  return {static_cast<std::byte*>(p) + skip, (bytes - skip) / page * page};
}

#if defined(MADV_HUGEPAGE) || defined(MADV_POPULATE_WRITE)
namespace {

// madvise(advice) over the whole pages inside [p, p + bytes); a hint only.
void advise_whole_pages(void* p, std::size_t bytes, int advice) noexcept {
  const auto whole = whole_pages(p, bytes);
  if (!whole.empty()) {
    (void)::madvise(whole.data(), whole.size(), advice);
  }
}

} // namespace
#endif

void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
  advise_whole_pages(p, bytes, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

void populate_pages(void* p, std::size_t bytes) noexcept {
#ifdef MADV_POPULATE_WRITE
  advise_whole_pages(p, bytes, MADV_POPULATE_WRITE); // EINVAL before Linux 5.14: the pages come on first touch
#else
  (void)p;
  (void)bytes;
#endif
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
