// SPDX-License-Identifier: Apache-2.0
// CSV inventories: `assets.csv` and `dependencies.csv`, as spreadsheets save them.
//
// Reading accepts UTF-8 with or without a byte order mark, UTF-16 LE/BE with
// a byte order mark (Excel's "Unicode text") and Windows-1252 when the bytes
// are not valid UTF-8 (Swedish Excel's "CSV (semikolonavgränsad)"; said in
// the summary's notes); `,` `;` or TAB as delimiter (detected from the header
// line, or set); quoted fields with embedded delimiters, quotes ("") and
// newlines; CRLF or LF line ends. Rows whose fields are all empty are skipped
// (and counted). CSV carries no scheme and no policy: they are given by the
// caller, and writing drops the policy (the CLI says so).
//
// Headers are matched after Unicode case folding (`ÄGARE` = `ägare`), in
// English or Swedish: id, kind (typ), name (namn), owner (ägare),
// justification (motivering), review_by (granskas), attributes, measures,
// answers; a property by key, role word or the scheme's own name for it
// (`K`, `confidentiality`, `Konfidentialitet`); implemented_<property>,
// override_<property>, override_<property>_effect,
// override_<property>_justification. dependencies.csv: from (från), to
// (till), type (typ), group (grupp). Any other header is an error unless
// `csv_options::columns` maps it to a field, or to `attribute:NAME` (kept as a
// text attribute). A level cell holds the number, the level key or the
// level's name in either language (`Betydande`, `hoch`, `moderate`), case-
// insensitively; empty is unassessed, `na` not applicable. Errors name the
// file, the line and the column by its header: `assets.csv:6: column 'S': ...`.
//
// Errors: readers throw model_error naming the file, line and column (or the
// header); save_csv throws file_error when a file cannot be written.
#pragma once

#include "infoclass/io/limits.hpp"
#include "infoclass/io/summary.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

/// How the bytes of a text file are read.
enum class text_encoding : std::uint8_t {
  detect,      ///< BOM (UTF-8, UTF-16), else UTF-8 if valid, else Windows-1252
  utf8,        ///< UTF-8 (a BOM is skipped)
  windows1252, ///< Windows-1252 (Western European Windows and Excel)
  utf16,       ///< UTF-16 with a byte order mark
};

/// Decodes `bytes` to UTF-8 (glibc iconv); what was guessed goes to `notes`
/// as `name: read as Windows-1252`. Errors name the file and the position.
/// Throws: model_error naming the file and byte position for bytes invalid in the encoding.
[[nodiscard]] INFOCLASS_API std::string decode_text(std::string_view bytes, std::string_view name,
                                                    text_encoding encoding = text_encoding::detect,
                                                    std::vector<std::string>* notes = nullptr);

struct INFOCLASS_API csv_options {
  char delimiter = 0; ///< 0 = detect from the header line (`,` `;` or TAB)
  text_encoding encoding = text_encoding::detect;
  /// Header renames: (header as written, field name or `attribute:NAME`).
  std::vector<std::pair<std::string, std::string>> columns;
  /// When set, receives what was read and left out.
  import_summary* summary = nullptr;
  /// Input size, field length (max_string), rows (max_assets, max_dependencies),
  /// nesting of the JSON in answers and attributes cells (max_depth).
  read_limits limits{};
};

/// One parsed CSV table with the position of every field, for messages.
struct INFOCLASS_API csv_table {
  struct field {
    std::string text;
    std::size_t line = 0;
    std::size_t column = 0;
  };
  std::vector<std::vector<field>> rows; ///< the header is rows[0]
  char delimiter = ',';
  std::string name; ///< prefix of error locations: `assets.csv`, `book.xlsx:Assets`
};

/// What a header names under the rules above (after unicode case folding;
/// `csv_options::columns` renames are not applied here).
struct INFOCLASS_API csv_field {
  /// id, kind, name, owner, justification, review_by, attributes, measures,
  /// answers, level, implemented, override, override_effect,
  /// override_justification, attribute; for dependencies: from, to, type, group.
  std::string field;
  std::size_t property = 0; ///< for level, implemented and override*
  std::string attribute;    ///< for attribute (`attribute:NAME`)
};
/// The field of a header of assets.csv (`dependencies` false) or
/// dependencies.csv; std::nullopt for a header the format does not know.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::optional<csv_field> csv_column(std::string_view header, const scheme& s,
                                                                bool dependencies);

/// Builds a model from an assets table and an optional dependencies table
/// (CSV or a workbook's sheets) under the header and level rules above.
/// Throws: model_error naming `file:line:column` and the column for an unknown column, a bad level, id or date, a
/// duplicate or unknown asset.
[[nodiscard]] INFOCLASS_API model read_tables(const csv_table& assets, const csv_table* dependencies,
                                              const std::shared_ptr<const scheme>& s, policy p = {},
                                              const csv_options& options = {});

/// Parses CSV text; `name` prefixes error locations (`assets.csv:3:14`).
/// Throws: model_error naming `name:line:column` for an unterminated quote, a ragged row or a limit exceeded.
[[nodiscard]] INFOCLASS_API csv_table parse_csv(std::string_view text, std::string_view name,
                                                const csv_options& options = {});

/// Builds a model from the two tables' text under `s` and `p`.
/// Throws: model_error as parse_csv and read_tables do.
[[nodiscard]] INFOCLASS_API model read_csv(std::string_view assets, std::string_view dependencies,
                                           const std::shared_ptr<const scheme>& s, policy p = {},
                                           const csv_options& options = {}, std::string_view assets_name = "assets.csv",
                                           std::string_view dependencies_name = "dependencies.csv");
/// The same from files (dependencies may be empty: no file).
/// Throws: model_error naming the file if it cannot be read, and as read_csv.
[[nodiscard]] INFOCLASS_API model load_csv(const std::filesystem::path& assets,
                                           const std::filesystem::path& dependencies,
                                           const std::shared_ptr<const scheme>& s, policy p = {},
                                           const csv_options& options = {});

/// assets.csv and dependencies.csv text (CRLF line ends, RFC 4180 quoting).
struct INFOCLASS_API csv_files {
  std::string assets;
  std::string dependencies;
};
/// `excel`: with a UTF-8 byte order mark, so that Excel opens it as UTF-8 by
/// double click (give `;` as delimiter for Swedish Excel).
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API csv_files write_csv(const model& m, char delimiter = ',', bool excel = false);
/// Writes `dir/assets.csv` and `dir/dependencies.csv`, each atomically.
/// Throws: file_error (path and errno) if a file cannot be written; the targets are then untouched.
INFOCLASS_API void save_csv(const model& m, const std::filesystem::path& dir, char delimiter = ',', bool excel = false);

} // namespace infoclass::inline INFOCLASS_ABI::io
