// SPDX-License-Identifier: Apache-2.0
#include "infoclass/detail/store.hpp"
#include "support/os.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <new>

namespace infoclass::inline INFOCLASS_ABI::detail {

namespace {
// The upper half of an id-table slot: the hash's upper 32 bits where size_t
// has 64 (its lower bits pick the slot), the whole hash where it has 32
// (WebAssembly), so that equal tags still mean equal hashes.
constexpr std::uint64_t tag_of(std::size_t h) noexcept {
  if constexpr (sizeof(std::size_t) >= 8) {
    return (static_cast<std::uint64_t>(h) >> 32) << 32;
  } else {
    return static_cast<std::uint64_t>(h) << 32;
  }
}
} // namespace

void* huge_allocate(std::size_t bytes) {
  void* p = std::aligned_alloc(std::size_t{2} << 20, bytes);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  advise_huge_pages(p, bytes); // a hint; without it, ordinary pages
  return p;
}

void huge_free(void* p) noexcept { std::free(p); }

std::uint64_t string_column::append(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  // `s` may point into the arena itself: copy before the arena can move.
  if (!arena_.empty() && s.data() >= arena_.data() && s.data() < arena_.data() + arena_.size()) {
    std::string copy(s);
    return append(copy);
  }
  const std::uint64_t off = arena_.size();
  arena_.insert(arena_.end(), s.begin(), s.end());
  return (off << 24) | s.size();
}

void string_column::push_back_many(const std::string_view* s, std::size_t n) {
  std::size_t total = 0;
  bool inside = false;
  for (std::size_t i = 0; i < n; ++i) {
    total += s[i].size();
    inside |= holds(s[i]);
  }
  if (inside) {
    // Some point into the arena, which the append may move: copies first.
    const std::vector<std::string> copies(s, s + n);
    const std::vector<std::string_view> views(copies.begin(), copies.end());
    push_back_many(views.data(), n);
    return;
  }
  std::uint64_t off = arena_.size();
  arena_.resize(static_cast<std::size_t>(off + total)); // left unset (big_allocator), written below
  ref_.reserve(ref_.size() + n);
  char* out = arena_.data();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t len = s[i].size();
    if (len != 0) {
      std::memcpy(out + off, s[i].data(), len);
    }
    ref_.push_back(len == 0 ? 0 : (off << 24) | len);
    off += len;
  }
}

void string_column::set(std::size_t i, std::string_view s) {
  const std::uint64_t old = ref_[i];
  const std::size_t old_len = old & max_length;
  if (s.size() <= old_len) {
    // In place (memmove: `s` may overlap the old value).
    if (!s.empty()) {
      std::memmove(arena_.data() + (old >> 24), s.data(), s.size());
    }
    ref_[i] = s.empty() ? 0 : (((old >> 24) << 24) | s.size());
    garbage_ += old_len - s.size();
  } else {
    ref_[i] = append(s);
    garbage_ += old_len;
  }
  if (garbage_ > (std::size_t{1} << 16) && garbage_ * 2 > arena_.size()) {
    compact_if_room();
  }
}

void string_column::compact_if_room() noexcept {
  try {
    compact();
  } catch (const std::bad_alloc&) {
    // Compaction only saves memory: without room for it, the garbage stays.
  }
}

void string_column::compact() {
  big_vector<char> arena;
  arena.reserve(arena_.size() - garbage_);
  for (auto& r : ref_) {
    const std::size_t len = r & max_length;
    if (len == 0) {
      r = 0;
      continue;
    }
    const std::uint64_t off = arena.size();
    arena.insert(arena.end(), arena_.data() + (r >> 24), arena_.data() + (r >> 24) + len);
    r = (off << 24) | len;
  }
  arena_ = std::move(arena);
  garbage_ = 0;
}

void string_column::truncate(std::size_t n) noexcept {
  for (std::size_t i = n; i < ref_.size(); ++i) {
    garbage_ += ref_[i] & max_length;
  }
  ref_.resize(n);
}

void string_column::filter(const std::vector<bool>& keep) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < ref_.size(); ++i) {
    if (keep[i]) {
      ref_[out++] = ref_[i];
    } else {
      garbage_ += ref_[i] & max_length;
    }
  }
  ref_.resize(out);
  compact_if_room();
}

bool operator==(const string_column& a, const string_column& b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

std::uint32_t id_table::find(std::string_view id) const noexcept { return find(id, hash(id)); }

std::uint32_t id_table::find(std::string_view id, std::size_t h) const noexcept {
  if (slots_.empty()) {
    return none;
  }
  const std::uint64_t tag = tag_of(h);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint64_t s = slots_[i];
    if (s == 0) {
      return none;
    }
    if ((s & 0xFFFFFFFF00000000ULL) == tag) {
      const auto v = static_cast<std::uint32_t>(s) - 1;
      if (ids_[v] == id) {
        return v;
      }
    }
  }
}

void id_table::place(std::uint32_t v, std::size_t h) noexcept {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i] != 0) {
    i = (i + 1) & mask;
  }
  slots_[i] = (tag_of(h)) | (std::uint64_t{v} + 1);
}

void id_table::rehash(std::size_t capacity) {
  std::size_t c = 16;
  while (c * 7 < capacity * 10) {
    c *= 2;
  }
  slots_.assign(c, 0);
  for (std::size_t v = 0; v < ids_.size(); ++v) {
    place(static_cast<std::uint32_t>(v), hash(ids_[v]));
  }
}

void id_table::reserve(std::size_t n, std::size_t bytes) {
  ids_.reserve(n, bytes);
  if (slots_.size() * 7 < n * 10) {
    rehash(n);
  }
}

bool id_table::push_back(std::string_view id, std::size_t h) {
  if ((ids_.size() + 1) * 10 > slots_.size() * 7) {
    rehash(std::max<std::size_t>((ids_.size() + 1) * 2, 16));
  }
  // One probe sequence: a duplicate, or the empty slot for the new id.
  const std::uint64_t tag = tag_of(h);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    if ((slots_[i] & 0xFFFFFFFF00000000ULL) == tag && ids_[static_cast<std::uint32_t>(slots_[i]) - 1] == id) {
      return false;
    }
  }
  ids_.push_back(id);
  slots_[i] = tag | ids_.size();
  return true;
}

std::size_t id_table::push_back_many(const std::string_view* ids, std::size_t n) {
  const std::size_t before = ids_.size();
  if ((before + n) * 10 > slots_.size() * 7) {
    rehash(std::max<std::size_t>(before + n, 16));
  }
  ids_.push_back_many(ids, n);
  // From here on the stored copies are read: `ids` may have pointed into the
  // arena, which the append can have moved.
  const std::size_t mask = slots_.size() - 1;
  std::uint64_t* slots = slots_.data();
  // Hashes run `ahead` rows in front so that each row's first slot is in cache.
  constexpr std::size_t ahead = 32;
  std::array<std::size_t, ahead> hashes{};
  for (std::size_t i = 0; i < std::min(n, ahead); ++i) {
    hashes[i] = hash(ids_[before + i]);
    __builtin_prefetch(slots + (hashes[i] & mask));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t h = hashes[i % ahead];
    if (i + ahead < n) {
      const std::size_t next = hash(ids_[before + i + ahead]);
      hashes[i % ahead] = next;
      __builtin_prefetch(slots + (next & mask));
    }
    const std::uint64_t tag = tag_of(h);
    std::size_t k = h & mask;
    for (; slots[k] != 0; k = (k + 1) & mask) {
      if ((slots[k] & 0xFFFFFFFF00000000ULL) == tag &&
          ids_[static_cast<std::uint32_t>(slots[k]) - 1] == ids_[before + i]) {
        // Taken back whole: the entries added, and the slots (by a rehash).
        ids_.truncate(before);
        rehash(before);
        return i;
      }
    }
    slots[k] = tag | (before + i + 1);
  }
  return n;
}

void id_table::pop_back(std::size_t count) {
  ids_.truncate(ids_.size() - count);
  rehash(ids_.size());
}

void id_table::filter(const std::vector<bool>& keep) {
  ids_.filter(keep);
  rehash(ids_.size());
}

std::uint32_t string_pool::intern(std::string_view s) {
  const std::size_t h = id_table::hash(s);
  if (!table_.push_back(s, h)) {
    return table_.find(s);
  }
  return static_cast<std::uint32_t>(table_.size() - 1);
}

std::optional<std::uint32_t> string_pool::find(std::string_view s) const {
  const auto c = table_.find(s);
  if (c == id_table::none) {
    return std::nullopt;
  }
  return c;
}

std::string_view string_pool::name(std::uint32_t code) const noexcept { return table_[code]; }

std::size_t string_pool::size() const noexcept { return table_.size(); }

std::vector<std::string> string_pool::names() const {
  std::vector<std::string> out;
  out.reserve(table_.size());
  for (std::size_t i = 0; i < table_.size(); ++i) {
    out.emplace_back(table_[i]);
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
