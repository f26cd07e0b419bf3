// CSV inventories: `assets.csv` and `dependencies.csv`, as spreadsheets export them.
//
// Reading accepts UTF-8 with or without a byte order mark, `,` or `;` as
// delimiter (detected from the header line, or set), quoted fields with
// embedded delimiters, quotes ("") and newlines, and CRLF or LF line ends.
// Errors name the file, line and column. CSV carries no scheme and no policy:
// they are given by the caller, and writing drops the policy (the CLI says so).
//
// assets.csv columns: id, kind (required), name, owner, one column per
// property key (level number or key; empty = unassessed; `na` = not
// applicable), justification, review_by, implemented_<key>, override_<key>,
// override_<key>_effect, override_<key>_justification, attributes (a JSON
// object). dependencies.csv columns: from, to, type (required), group.
#pragma once

#include "infoclass/io/limits.hpp"
#include "infoclass/model.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::io {

struct csv_options {
  char delimiter = 0; ///< 0 = detect from the header line (`;` or `,`)
  /// Input size, field length (max_string), rows (max_assets, max_dependencies).
  read_limits limits{};
};

/// One parsed CSV table with the position of every field, for messages.
struct csv_table {
  struct field {
    std::string text;
    std::size_t line = 0;
    std::size_t column = 0;
  };
  std::vector<std::vector<field>> rows; ///< the header is rows[0]
  char delimiter = ',';
};

/// Parses CSV text; `name` prefixes error locations (`assets.csv:3:14`).
[[nodiscard]] csv_table parse_csv(std::string_view text, std::string_view name, const csv_options& options = {});

/// Builds a model from the two tables' text under `s` and `p`.
[[nodiscard]] model read_csv(std::string_view assets, std::string_view dependencies, std::shared_ptr<const scheme> s,
                             policy p = {}, const csv_options& options = {},
                             std::string_view assets_name = "assets.csv",
                             std::string_view dependencies_name = "dependencies.csv");
/// The same from files (dependencies may be empty: no file).
[[nodiscard]] model load_csv(const std::filesystem::path& assets, const std::filesystem::path& dependencies,
                             std::shared_ptr<const scheme> s, policy p = {}, const csv_options& options = {});

/// assets.csv and dependencies.csv text (CRLF line ends, RFC 4180 quoting).
struct csv_files {
  std::string assets;
  std::string dependencies;
};
[[nodiscard]] csv_files write_csv(const model& m, char delimiter = ',');
/// Writes `dir/assets.csv` and `dir/dependencies.csv`, each atomically.
void save_csv(const model& m, const std::filesystem::path& dir, char delimiter = ',');

} // namespace infoclass::io
