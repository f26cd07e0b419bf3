// SPDX-License-Identifier: Apache-2.0
// Compact storage behind the model: strings of a column in one arena, small
// tables of distinct strings, and the asset-id table with its hash index.
//
// These keep an asset at a few dozen bytes instead of a struct of strings and
// maps, so that national inventories (10^7 assets) fit in memory, and make
// bulk loading a matter of appending to arrays.
//
// Internal (infoclass::detail, not API). Throws: every function here that is
// not noexcept throws std::bad_alloc and nothing else; preconditions (an index
// < size(), a length <= string_column::max_length) are the caller's.
#pragma once

#include "infoclass/version.hpp"
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// `bytes` (a multiple of 2 MiB) on a 2 MiB boundary, with transparent huge
/// pages asked for where the kernel has them; throws std::bad_alloc.
INFOCLASS_API void* huge_allocate(std::size_t bytes);
INFOCLASS_API void huge_free(void* p) noexcept;

/// Allocates arrays of `From` bytes and more (4 MiB by default) through
/// huge_allocate, which saves most page faults and TLB misses of the random
/// accesses a bulk load makes; smaller arrays (and every array in
/// WebAssembly) come from std::allocator.
/// Elements made without a value are default-initialised: `resize(n)` leaves
/// new elements of a trivial type unset (for columns the caller writes row by
/// row); `resize(n, value)`, `assign` and `push_back` set them as usual.
template <class T, std::size_t From = (std::size_t{4} << 20)> struct big_allocator {
  using value_type = T;
  static constexpr std::size_t huge = std::size_t{2} << 20;
#if defined(__EMSCRIPTEN__)
  // No huge pages in WebAssembly: a 2 MiB boundary would only waste its heap.
  static constexpr std::size_t from = static_cast<std::size_t>(-1);
#else
  static constexpr std::size_t from = From;
#endif
  template <class U> struct rebind { using other = big_allocator<U, From>; };
  big_allocator() = default;
  template <class U> big_allocator(const big_allocator<U, From>&) noexcept {}
  [[nodiscard]] T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    T* p = bytes < from ? std::allocator<T>{}.allocate(n)
                        : static_cast<T*>(huge_allocate((bytes + huge - 1) / huge * huge));
#ifndef NDEBUG
    // Debug builds (the sanitizer tests): new memory is not zero, as a fresh
    // mapping is, so that code reading an element that resize(n) left unset
    // fails its tests instead of reading the zero it happened to hold.
    std::memset(static_cast<void*>(p), 0xA5, bytes);
#endif
    return p;
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < from) {
      std::allocator<T>{}.deallocate(p, n);
    } else {
      huge_free(p);
    }
  }
  template <class U> void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A> void construct(U* p, A&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(args)...);
  }
  template <class U> friend bool operator==(const big_allocator&, const big_allocator<U, From>&) noexcept {
    return true;
  }
};

/// A std::vector on big_allocator.
template <class T> using big_vector = std::vector<T, big_allocator<T>>;

/// The size from which a scratch_vector is on huge pages: 512 KiB, below a
/// byte per asset at 10^6 assets.
inline constexpr std::size_t scratch_huge_from = std::size_t{512} << 10;

/// A std::vector for the arrays an analysis makes for one call and drops
/// (its per-asset marks, queues and masks): on huge pages from
/// scratch_huge_from, so that a call on a large model takes a page fault per
/// 2 MiB it touches instead of one per 4 KiB (a fault costs about 10 us on a
/// virtual machine: an array of a byte per asset at 10^6 assets took 3 ms of
/// faults), at the cost of rounding such an array up to whole 2 MiB.
template <class T> using scratch_vector = std::vector<T, big_allocator<T, scratch_huge_from>>;

/// The strings of one column, `size()` entries, in one arena: 8 bytes per
/// entry (a 40-bit offset and a 24-bit length) plus the characters.
class INFOCLASS_API string_column {
public:
  static constexpr std::size_t max_length = (std::size_t{1} << 24) - 1;

  [[nodiscard]] std::size_t size() const noexcept { return ref_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    const std::uint64_t r = ref_[i];
    return {arena_.data() + (r >> 24), static_cast<std::size_t>(r & max_length)};
  }
  void reserve(std::size_t entries, std::size_t bytes) {
    ref_.reserve(entries);
    arena_.reserve(bytes);
  }
  /// Appends; the caller has checked the length (<= max_length).
  void push_back(std::string_view s) { ref_.push_back(append(s)); }
  /// Appends `n` strings (lengths checked by the caller) with one arena resize.
  void push_back_many(const std::string_view* s, std::size_t n);
  /// True if `s` views this column's own bytes.
  [[nodiscard]] bool holds(std::string_view s) const noexcept {
    return !s.empty() && !arena_.empty() && s.data() >= arena_.data() && s.data() < arena_.data() + arena_.size();
  }
  /// Appends `n` empty strings.
  void push_back_empty(std::size_t n) { ref_.resize(ref_.size() + n, 0); }
  /// Room for `bytes` more text, so that a set() of that many bytes cannot fail.
  void make_room(std::size_t bytes) {
    if (arena_.capacity() - arena_.size() < bytes) {
      arena_.reserve(std::max(arena_.size() + bytes, arena_.capacity() * 2));
    }
  }
  /// Replaces entry i (garbage is reclaimed by compacting once it dominates,
  /// if there is memory for it).
  void set(std::size_t i, std::string_view s);
  /// Keeps the entries whose `keep[i]` is true, in order. Throws: nothing.
  void filter(const std::vector<bool>& keep);
  void pop_back() noexcept { ref_.pop_back(); }
  /// Drops entries from `n` on (the arena keeps their bytes until compacted).
  void truncate(std::size_t n) noexcept;
  void clear() noexcept {
    ref_.clear();
    arena_.clear();
    garbage_ = 0;
  }
  [[nodiscard]] std::size_t bytes() const noexcept { return arena_.capacity() + ref_.capacity() * 8; }
  friend INFOCLASS_API bool operator==(const string_column& a, const string_column& b) noexcept;

private:
  std::uint64_t append(std::string_view s);
  void compact();
  void compact_if_room() noexcept;
  big_vector<char> arena_;
  big_vector<std::uint64_t> ref_;
  std::size_t garbage_ = 0;
};

/// Asset ids in vertex order with an open-addressing index (8 bytes a slot:
/// 32 bits of the id's hash and the vertex, load <= 0.7). Shared read-only with the engine's snapshots; the model
/// copies it before changing it while a snapshot holds it.
class INFOCLASS_API id_table {
public:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;

  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t v) const noexcept { return ids_[v]; }
  /// Vertex of `id`, or `none`.
  [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept;
  /// The same with the id's hash() computed by the caller (after prefetch(h)).
  [[nodiscard]] std::uint32_t find(std::string_view id, std::size_t h) const noexcept;
  /// Appends `id` as the next vertex; false (and nothing added) if present.
  bool push_back(std::string_view id) { return push_back(id, hash(id)); }
  /// The same with the id's hash() computed by the caller.
  bool push_back(std::string_view id, std::size_t h);
  /// True if `s` views this table's own bytes.
  [[nodiscard]] bool holds(std::string_view s) const noexcept { return ids_.holds(s); }
  /// Appends `n` ids as the next vertices. Returns `n` if all were added, or
  /// the index of the first id already present (earlier in the batch or
  /// before it), and then nothing is added.
  std::size_t push_back_many(const std::string_view* ids, std::size_t n);
  /// Hints the cache with the slot an id of hash `h` probes first (bulk loads).
  void prefetch(std::size_t h) const noexcept {
    if (!slots_.empty()) {
      __builtin_prefetch(slots_.data() + (h & (slots_.size() - 1)));
    }
  }
  /// 64-bit hash of an id (in memory only, never stored): words of 8 bytes
  /// folded by 128-bit multiplication; inline, for bulk loads.
  static std::size_t hash(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    std::uint64_t seed = 0x9E3779B97F4A7C15ULL ^ n;
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    if (n <= 16) {
      if (n >= 8) {
        a = word8(p);
        b = word8(p + n - 8);
      } else if (n >= 4) {
        a = word4(p);
        b = word4(p + n - 4);
      } else if (n > 0) {
        a = (std::uint64_t{p[0]} << 16) | (std::uint64_t{p[n >> 1]} << 8) | p[n - 1];
      }
    } else {
      for (; n > 16; n -= 16, p += 16) {
        seed = fold(word8(p) ^ 0xA0761D6478BD642FULL, word8(p + 8) ^ seed);
      }
      a = word8(p + n - 16);
      b = word8(p + n - 8);
    }
    return static_cast<std::size_t>(fold(a ^ 0xE7037ED1A0B428DBULL, b ^ seed) ^ seed);
  }
  /// Removes the last `count` ids (bulk rollback).
  void pop_back(std::size_t count);
  void reserve(std::size_t n, std::size_t bytes);
  /// Keeps the ids whose `keep[v]` is true; vertices renumber in order.
  void filter(const std::vector<bool>& keep);
  [[nodiscard]] std::size_t bytes() const noexcept { return ids_.bytes() + slots_.capacity() * 8; }
  friend bool operator==(const id_table& a, const id_table& b) noexcept { return a.ids_ == b.ids_; }

private:
  static std::uint64_t word8(const unsigned char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static std::uint64_t word4(const unsigned char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  /// High and low halves of the 128-bit product, xored.
  static std::uint64_t fold(std::uint64_t a, std::uint64_t b) noexcept {
    __extension__ using wide = unsigned __int128;
    const wide r = static_cast<wide>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  }
  void rehash(std::size_t capacity);
  void place(std::uint32_t v, std::size_t h) noexcept;
  string_column ids_;
  /// (hash >> 32) << 32 | (vertex + 1); 0 = empty; size a power of two.
  big_vector<std::uint64_t> slots_;
};

/// Distinct strings and their codes (kinds, owners, dependency types, groups),
/// on the id table's arena and open-addressing index.
class INFOCLASS_API string_pool {
public:
  /// The code of `s`, adding it if new.
  std::uint32_t intern(std::string_view s);
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view s) const;
  [[nodiscard]] std::string_view name(std::uint32_t code) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept;
  /// All names by code (a copy).
  [[nodiscard]] std::vector<std::string> names() const;
  /// True if `s` views this pool's own bytes.
  [[nodiscard]] bool holds(std::string_view s) const noexcept { return table_.holds(s); }
  /// Keeps the first `n` codes (a bulk load's rollback).
  void truncate(std::size_t n) {
    if (n < table_.size()) {
      table_.pop_back(table_.size() - n);
    }
  }

private:
  id_table table_;
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
