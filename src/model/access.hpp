// SPDX-License-Identifier: Apache-2.0
// Access to the model's storage for the engine, the archives and white-box
// tests (a friend of model; not installed). Everything here reads the edge
// store and name tables as they are kept, so it changes with them.
#pragma once

#include "infoclass/detail/snapshot.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
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
};

} // namespace infoclass::inline INFOCLASS_ABI::detail
