// SPDX-License-Identifier: Apache-2.0
// Excel workbooks (.xlsx, Office Open XML): an assets sheet and an optional
// dependencies sheet, under the header and level rules of CSV (io/csv.hpp).
//
// Read through libzip (the container) and pugixml (the XML inside): shared
// strings, inline strings, numbers (an integer-valued number is its digits,
// so numbers stored as text and as numbers read alike), booleans, empty
// cells, and dates (a cell whose number format is a date becomes an ISO date
// YYYY-MM-DD, in the 1900 or 1904 date system of the workbook). Formulas are
// read by their cached value. Errors name the file, the sheet, the row and
// the column by its header: `inventory.xlsx:Tillgångar:6: column 'S': ...`.
//
// Errors: model_error naming the workbook, sheet, cell and column of bad
// input (or the zip entry of a broken container).
#pragma once

#include "infoclass/io/csv.hpp"

#include "infoclass/version.hpp"
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

struct INFOCLASS_API xlsx_options {
  /// The sheets by name (compared after case folding). Empty: a sheet named
  /// `assets` or `tillgångar`, else the first; `dependencies` or `beroenden`,
  /// else none (a workbook with one sheet has no dependencies).
  std::string assets_sheet;
  std::string dependencies_sheet;
  /// Header renames, the summary and limits, as for CSV.
  csv_options csv{};
};

/// One sheet as a table of text cells (`rows[0]` the header); the row's
/// number in the sheet is each field's `line`.
/// Throws: model_error naming the workbook for a corrupt container or XML, and naming the sheet if it is missing.
[[nodiscard]] INFOCLASS_API csv_table read_xlsx_sheet(std::string_view bytes, std::string_view sheet,
                                                      std::string_view name);
/// The names of a workbook's sheets, in order.
/// Throws: model_error naming the workbook for a corrupt container or XML.
[[nodiscard]] INFOCLASS_API std::vector<std::string> xlsx_sheet_names(std::string_view bytes, std::string_view name);
/// Builds a model from a workbook's bytes.
/// Throws: model_error as read_xlsx_sheet and read_tables do (`name:sheet:row:column`).
[[nodiscard]] INFOCLASS_API model read_xlsx(std::string_view bytes, const std::shared_ptr<const scheme>& s,
                                            policy p = {}, const xlsx_options& options = {},
                                            std::string_view name = "workbook.xlsx");
/// Throws: model_error naming the file if it cannot be read, and as read_xlsx.
[[nodiscard]] INFOCLASS_API model load_xlsx(const std::filesystem::path& file, const std::shared_ptr<const scheme>& s,
                                            policy p = {}, const xlsx_options& options = {});

} // namespace infoclass::inline INFOCLASS_ABI::io
