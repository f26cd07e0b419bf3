// SPDX-License-Identifier: Apache-2.0
// Access to the model's storage for the engine, the archives and white-box
// tests (a friend of model; not installed). Everything here reads the edge
// store and name tables as they are kept, so it changes with them.
#pragma once

#include "infoclass/detail/snapshot.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::detail {

struct model_access {
  static constexpr std::uint32_t nil = model::nil;
  static std::uint32_t first_out(const model& m, vertex_type v) noexcept { return m.first_out(v); }
  static std::uint32_t next_out(const model& m, std::uint32_t e) noexcept { return m.next_out(e); }
  static std::size_t edge_slots(const model& m) noexcept { return m.edge_slots(); }
  static edge_type edge_at(const model& m, std::uint32_t e) noexcept { return m.edge_at(e); }
  static std::string_view edge_kind(const model& m, std::uint32_t e) noexcept { return m.edge_kind(e); }
  /// Codes of an edge's type and group (0 = none) in the model's name tables.
  static std::uint32_t edge_type_code(const model& m, std::uint32_t e) noexcept { return m.edge_type_code(e); }
  static std::uint32_t edge_group_code(const model& m, std::uint32_t e) noexcept { return m.edge_group_code(e); }
  static std::uint32_t edge_need(const model& m, std::uint32_t e) noexcept { return m.edge_need(e); }
  static std::string_view group_name(const model& m, std::uint32_t code) noexcept { return m.group_code_name(code); }
  static std::vector<std::string> type_code_names(const model& m) { return m.type_code_names(); }
  static std::vector<std::string> group_code_names(const model& m) { return m.group_code_names(); }
  static std::uint32_t kind_code(const model& m, vertex_type v) noexcept { return m.kind_code(v); }
  static std::size_t kind_codes(const model& m) noexcept { return m.kind_codes(); }
  static bool has_more_fields(const model& m, vertex_type v) noexcept { return m.has_more_fields(v); }
  static std::shared_ptr<const id_table> ids(const model& m) noexcept { return m.id_table(); }
  static snapshot_cache& cache(const model& m) noexcept { return m.cache_; }
  /// Looks up the first n of `ids` into `out` (a vertex, or id_table::none),
  /// a batch at a time as the readers do: every id is hashed and its slot
  /// asked into the cache before the first lookup (the table is large and the
  /// order random); an id the table does not hold as written (not in NFC) is
  /// looked up through the model.
  template <std::size_t N>
  static void find_ids(const model& m, const id_table& table, const std::array<std::string_view, N>& ids, std::size_t n,
                       std::array<std::uint32_t, N>& out) {
    std::array<std::size_t, N> hash{};
    for (std::size_t k = 0; k < n; ++k) {
      hash[k] = id_table::hash(ids[k]);
      table.prefetch(hash[k]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      out[k] = table.find(ids[k], hash[k]);
      if (out[k] == id_table::none) {
        const auto w = m.find(ids[k]);
        out[k] = w ? static_cast<std::uint32_t>(*w) : id_table::none;
      }
    }
  }
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
