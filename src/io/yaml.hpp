// SPDX-License-Identifier: Apache-2.0
// Internal: a YAML document as a plain tree, read with libfyaml (YAML 1.2).
//
// Anchors and aliases are expanded, and merge keys (`<<: *anchor`, or a list
// of them) are resolved as YAML 1.1 and Threagile (Go's yaml.v3) do: keys
// written in the mapping win over merged ones, earlier merged mappings over
// later ones. A key written twice in one mapping is an error with both
// positions. Every node keeps its line and column (1-based) and, for
// scalars, the byte span of its text in the input, so that an editor can
// replace one value and keep every other byte.
#pragma once

#include "infoclass/version.hpp"
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

struct ypair;

struct ynode {
  enum class type { null, scalar, sequence, mapping };
  type t = type::null;
  std::string text;   ///< scalar text (after unquoting)
  bool plain = false; ///< a plain (unquoted) scalar, which YAML may read as a number
  std::size_t line = 0;
  std::size_t column = 0;
  std::size_t begin = 0; ///< byte span of a scalar's source text (quotes included)
  std::size_t end = 0;
  bool merged = false;      ///< this pair came in through a merge key
  std::vector<ynode> items; ///< sequence
  std::vector<ypair> pairs; ///< mapping, in order

  [[nodiscard]] bool is_null() const noexcept { return t == type::null; }
  [[nodiscard]] bool is_scalar() const noexcept { return t == type::scalar; }
  [[nodiscard]] bool is_map() const noexcept { return t == type::mapping; }
  [[nodiscard]] bool is_seq() const noexcept { return t == type::sequence; }
  /// The value under a scalar key, or nullptr.
  [[nodiscard]] const ynode* get(std::string_view key) const noexcept;
  /// `line:column`.
  [[nodiscard]] std::string where() const;
  /// True for a plain scalar YAML would read as an integer or a float.
  [[nodiscard]] bool is_number() const noexcept;
};

/// A key and its value in a mapping.
struct ypair {
  ynode first;  ///< the key
  ynode second; ///< the value
};

/// Parses one YAML document; errors are model_error `name:line:column`.
/// `max_nodes` bounds the expanded tree (aliases can multiply it).
[[nodiscard]] ynode parse_yaml(std::string_view text, std::string_view name, std::size_t max_nodes = 0);

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
