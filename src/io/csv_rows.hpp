// SPDX-License-Identifier: Apache-2.0
// Rows of a table, one at a time, as views: CSV text read as it is lexed
// (csv_reader) or a parsed table (a workbook's sheet, a csv_table). The CSV
// import builds the model from either without holding every cell of a large
// file as a string of its own.
#pragma once

#include "infoclass/io/csv.hpp"

#include "infoclass/version.hpp"
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

/// A cell of a row: its text (valid until the next row is read) and where
/// the field starts (line and column from 1, columns in characters).
struct cell {
  std::string_view text;
  std::size_t line = 0;
  std::size_t column = 0;
};
using row_cells = std::vector<cell>;

/// CSV text read one row at a time (RFC 4180 quoting, a line of nothing
/// skipped), after the checks and the decoding parse_csv makes of the whole
/// text (encoding, NUL bytes, read_limits::max_bytes) and the delimiter
/// detected from the header line. A field is a view of the text, or of a
/// copy made for the row where doubled quotes stand for one.
/// Throws: model_error naming `name:line:column` as parse_csv does.
class csv_reader {
public:
  csv_reader(std::string_view text, std::string_view name, const csv_options& options);
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;

  /// The next row into `row` (cleared first); false at the end.
  bool next(row_cells& row);
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] char delimiter() const noexcept { return delim_; }

private:
  std::string decoded_;
  std::string_view text_;
  std::string name_;
  std::size_t max_string_;
  char delim_ = ',';
  std::size_t i_ = 0;
  std::size_t line_ = 1;
  std::size_t col_ = 1;
  std::string scratch_;                                                      // unescaped quoted fields of the row
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> unescaped_; // (cell, offset, length) in scratch_
};

/// The rows of a parsed table, as views of its fields.
class table_reader {
public:
  explicit table_reader(const csv_table& t) : t_(t) {}
  bool next(row_cells& row) {
    row.clear();
    if (r_ >= t_.rows.size()) {
      return false;
    }
    for (const auto& f : t_.rows[r_]) {
      row.push_back({f.text, f.line, f.column});
    }
    ++r_;
    return true;
  }
  [[nodiscard]] const std::string& name() const noexcept { return t_.name; }

private:
  const csv_table& t_;
  std::size_t r_ = 0;
};

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
