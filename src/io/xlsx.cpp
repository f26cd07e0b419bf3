// SPDX-License-Identifier: Apache-2.0
#include "infoclass/io/xlsx.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/unicode.hpp"

#include <pugixml.hpp>
#include <zip.h>

#include "infoclass/version.hpp"
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {

constexpr std::size_t max_part = std::size_t{256} << 20; // uncompressed bytes of one part

struct archive_deleter {
  void operator()(zip_t* z) const noexcept { zip_discard(z); }
};

// The workbook's zip container, read from memory.
class container {
public:
  container(std::string_view bytes, std::string_view name) : name_(name) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      zip_error_fini(&err);
      throw model_error(name_, "cannot read the workbook");
    }
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (z == nullptr) {
      zip_source_free(src);
      const std::string why = zip_error_strerror(&err);
      zip_error_fini(&err);
      throw model_error(name_, "not an xlsx workbook (a zip container): " + why);
    }
    zip_error_fini(&err);
    zip_.reset(z);
  }

  [[nodiscard]] bool has(const std::string& part) const { return zip_name_locate(zip_.get(), part.c_str(), 0) >= 0; }

  [[nodiscard]] std::string read(const std::string& part) const {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip_.get(), part.c_str(), 0, &st) != 0) {
      throw model_error(name_, "the workbook has no part " + part);
    }
    if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > max_part) {
      throw model_error(name_, part + ": larger than " + std::to_string(max_part >> 20) + " MiB uncompressed");
    }
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen(zip_.get(), part.c_str(), 0), &zip_fclose);
    if (!f) {
      throw model_error(name_, part + ": cannot be read (" + std::string(zip_strerror(zip_.get())) + ")");
    }
    std::string out(static_cast<std::size_t>(st.size), '\0');
    std::size_t got = 0;
    while (got < out.size()) {
      const auto n = zip_fread(f.get(), out.data() + got, out.size() - got);
      if (n <= 0) {
        throw model_error(name_, part + ": truncated or corrupt");
      }
      got += static_cast<std::size_t>(n);
    }
    return out;
  }

  [[nodiscard]] pugi::xml_document xml(const std::string& part) const {
    const std::string text = read(part);
    pugi::xml_document doc;
    const auto r = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!r) {
      throw model_error(name_ + ": " + part + ": byte " + std::to_string(r.offset + 1), r.description());
    }
    return doc;
  }

private:
  std::string name_;
  std::unique_ptr<zip_t, archive_deleter> zip_;
};

// Local name of an element (without a namespace prefix).
std::string_view local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (auto c : n.children()) {
    if (local(c) == name) {
      return c;
    }
  }
  return {};
}

// Text of a string item (<si> or <is>): <t>, or the runs <r><t>.
std::string item_text(const pugi::xml_node& si) {
  std::string out;
  for (auto c : si.children()) {
    if (local(c) == "t") {
      out += c.text().get();
    } else if (local(c) == "r") {
      out += child(c, "t").text().get();
    }
  }
  return out;
}

struct sheet_ref {
  std::string name;
  std::string part;
};

struct workbook {
  std::vector<sheet_ref> sheets;
  bool date1904 = false;
};

std::string resolve_target(std::string target) {
  if (!target.empty() && target.front() == '/') {
    return target.substr(1);
  }
  return "xl/" + target;
}

workbook read_workbook(const container& z) {
  workbook wb;
  auto doc = z.xml("xl/workbook.xml");
  auto root = doc.document_element();
  if (auto pr = child(root, "workbookPr")) {
    const std::string d = pr.attribute("date1904").value();
    wb.date1904 = d == "1" || d == "true";
  }
  std::map<std::string, std::string> rels;
  if (z.has("xl/_rels/workbook.xml.rels")) {
    auto rd = z.xml("xl/_rels/workbook.xml.rels");
    for (auto r : rd.document_element().children()) {
      if (local(r) == "Relationship") {
        rels[r.attribute("Id").value()] = r.attribute("Target").value();
      }
    }
  }
  int i = 0;
  for (auto s : child(root, "sheets").children()) {
    if (local(s) != "sheet") {
      continue;
    }
    ++i;
    std::string rid;
    for (auto a : s.attributes()) {
      std::string_view an = a.name();
      if (an == "r:id" || (an.size() > 3 && an.substr(an.size() - 3) == ":id")) {
        rid = a.value();
      }
    }
    auto it = rels.find(rid);
    const std::string part =
        it != rels.end() ? resolve_target(it->second) : "xl/worksheets/sheet" + std::to_string(i) + ".xml";
    wb.sheets.push_back({s.attribute("name").value(), part});
  }
  return wb;
}

// Number formats that show a date: the built-in ids, and custom codes with
// day, month or year fields outside quotes and brackets.
bool is_date_format(unsigned id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) {
    return true;
  }
  if (code.empty()) {
    return false;
  }
  bool quoted = false;
  bool bracket = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '\\') {
      ++i;
    } else if (!quoted && c == '[') {
      bracket = true;
    } else if (!quoted && c == ']') {
      bracket = false;
    } else if (!quoted && !bracket && (c == 'y' || c == 'Y' || c == 'd' || c == 'D')) {
      return true;
    }
  }
  return false;
}

std::vector<bool> date_styles(const container& z) {
  std::vector<bool> out;
  if (!z.has("xl/styles.xml")) {
    return out;
  }
  auto doc = z.xml("xl/styles.xml");
  auto root = doc.document_element();
  std::map<unsigned, std::string> codes;
  for (auto f : child(root, "numFmts").children()) {
    if (local(f) == "numFmt") {
      codes[f.attribute("numFmtId").as_uint()] = f.attribute("formatCode").value();
    }
  }
  for (auto xf : child(root, "cellXfs").children()) {
    if (local(xf) == "xf") {
      const unsigned id = xf.attribute("numFmtId").as_uint();
      out.push_back(is_date_format(id, codes.count(id) ? codes[id] : std::string()));
    }
  }
  return out;
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
std::string civil(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y + (m <= 2 ? 1 : 0), m, d);
  return buf;
}

std::string serial_date(double serial, bool date1904) {
  // Excel's dates end at serial 2958465 (9999-12-31); NaN, infinities and
  // numbers far beyond are kept as numbers (read as no date later), not cast.
  if (!std::isfinite(serial) || std::fabs(serial) > 1e8) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", serial);
    return buf;
  }
  auto days = static_cast<long long>(std::floor(serial));
  // 1900 system: serial 25569 is 1970-01-01 (Excel counts 1900-02-29).
  days -= date1904 ? 24107 : 25569;
  return civil(days);
}

std::string number_text(const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d)) {
    return v;
  }
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

// Column index (0-based) of a cell reference such as "AB12"; npos if none.
std::size_t column_of(std::string_view ref) {
  std::size_t c = 0;
  std::size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    c = c * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
    ++i;
    if (c > 16384) {
      return std::string_view::npos;
    }
  }
  return i == 0 ? std::string_view::npos : c - 1;
}

csv_table sheet_table(const container& z, const workbook& wb, const sheet_ref& sh, std::string_view name) {
  std::vector<std::string> shared;
  if (z.has("xl/sharedStrings.xml")) {
    auto sd = z.xml("xl/sharedStrings.xml");
    for (auto si : sd.document_element().children()) {
      if (local(si) == "si") {
        shared.push_back(item_text(si));
      }
    }
  }
  const auto dates = date_styles(z);
  csv_table t;
  t.name = std::string(name) + ":" + sh.name;
  t.delimiter = ',';
  auto doc = z.xml(sh.part);
  auto data = child(doc.document_element(), "sheetData");
  std::size_t next_row = 1;
  // Cells fill a row by position; a blank cell never widens a row. After the
  // header row (its cells before the first blank one: the table's width), a
  // data row is read no wider than the header, but for the first cell beyond
  // it that is not blank (the row read_tables then refuses, as the rows after
  // it do not matter). So a sheet of rows with one cell at column XFD does not
  // become 16,384 fields a row. The text of all cells is bounded like an input
  // (read_limits::max_bytes): one long shared string in every cell is refused.
  constexpr std::size_t no_width = std::string_view::npos;
  std::size_t header_width = no_width;
  bool stop = false;
  std::size_t text_bytes = 0;
  constexpr std::size_t max_text = read_limits{}.max_bytes;
  for (auto row : data.children()) {
    if (stop) {
      break;
    }
    if (local(row) != "row") {
      continue;
    }
    std::size_t r = row.attribute("r").as_uint(0);
    if (r == 0) {
      r = next_row;
    }
    next_row = r + 1;
    std::vector<csv_table::field> fields;
    std::size_t next_col = 0;
    bool any_cell = false;
    for (auto c : row.children()) {
      if (local(c) != "c") {
        continue;
      }
      std::size_t col = column_of(c.attribute("r").value());
      if (col == std::string_view::npos) {
        col = next_col;
      }
      if (col > 16383) {
        throw model_error(t.name + ":" + std::to_string(r), "cell beyond column XFD");
      }
      next_col = col + 1;
      const std::string type = c.attribute("t").value();
      const std::string v = child(c, "v").text().get();
      std::string text;
      if (type == "s") {
        const auto idx = static_cast<std::size_t>(std::strtoull(v.c_str(), nullptr, 10));
        if (v.empty() || idx >= shared.size()) {
          throw model_error(t.name + ":" + std::to_string(r), "shared string " + v + " does not exist");
        }
        text = shared[idx];
      } else if (type == "inlineStr") {
        text = item_text(child(c, "is"));
      } else if (type == "b") {
        text = v == "1" ? "true" : "false";
      } else if (type == "str" || type == "e" || type == "d") {
        text = type == "d" ? v.substr(0, 10) : v;
      } else if (!v.empty()) {
        const std::size_t style = c.attribute("s").as_uint(0);
        if (style < dates.size() && dates[style]) {
          text = serial_date(std::strtod(v.c_str(), nullptr), wb.date1904);
        } else {
          text = number_text(v);
        }
      }
      any_cell = true;
      if (unicode::trim(text).empty()) {
        continue; // as absent: rows shorter than the header read as empty
      }
      text_bytes += text.size();
      if (text_bytes > max_text) {
        throw model_error(t.name + ":" + std::to_string(r), "the cells' text exceeds the limit of " +
                                                                std::to_string(max_text) +
                                                                " bytes (read_limits::max_bytes)");
      }
      if (header_width != no_width && col >= header_width) {
        stop = true; // a row wider than the header: refused by read_tables, the last row read
      }
      if (fields.size() < col) {
        for (std::size_t k = fields.size(); k < col; ++k) {
          fields.push_back({"", r, k + 1});
        }
      }
      if (col < fields.size()) {
        fields[col] = {std::move(text), r, col + 1};
      } else {
        fields.push_back({std::move(text), r, col + 1});
      }
    }
    if (fields.empty()) {
      if (any_cell) { // a row of blank cells: as before, a blank header or a data row read_tables skips and counts
        fields.push_back({"", r, 1});
      } else {
        continue;
      }
    }
    if (t.rows.empty()) {
      // The header: its width, up to the first blank cell (a gap is refused
      // by read_tables, so no data row is read then).
      header_width = 0;
      while (header_width < fields.size() && !unicode::trim(fields[header_width].text).empty()) {
        ++header_width;
      }
      stop = header_width < fields.size();
    }
    t.rows.push_back(std::move(fields));
  }
  // The header row decides the width; trailing empty header cells are dropped.
  if (!t.rows.empty()) {
    auto& h = t.rows[0];
    while (!h.empty() && unicode::trim(h.back().text).empty()) {
      h.pop_back();
    }
    const std::size_t width = h.size();
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      auto& row = t.rows[i];
      while (row.size() > width && unicode::trim(row.back().text).empty()) {
        row.pop_back();
      }
    }
  }
  return t;
}

const sheet_ref* find_sheet(const workbook& wb, std::string_view wanted) {
  const std::string f = unicode::fold(wanted);
  for (const auto& s : wb.sheets) {
    if (unicode::fold(s.name) == f) {
      return &s;
    }
  }
  return nullptr;
}

std::string sheet_list(const workbook& wb) {
  std::string out;
  for (const auto& s : wb.sheets) {
    out += (out.empty() ? "'" : ", '") + s.name + "'";
  }
  return out;
}

} // namespace

std::vector<std::string> xlsx_sheet_names(std::string_view bytes, std::string_view name) {
  container z(bytes, name);
  std::vector<std::string> out;
  for (const auto& s : read_workbook(z).sheets) {
    out.push_back(s.name);
  }
  return out;
}

csv_table read_xlsx_sheet(std::string_view bytes, std::string_view sheet, std::string_view name) {
  container z(bytes, name);
  const auto wb = read_workbook(z);
  const auto* s = find_sheet(wb, sheet);
  if (s == nullptr) {
    throw model_error(std::string(name), "no sheet '" + std::string(sheet) + "' (sheets: " + sheet_list(wb) + ")");
  }
  return sheet_table(z, wb, *s, name);
}

model read_xlsx(std::string_view bytes, const std::shared_ptr<const scheme>& sp, policy p, const xlsx_options& options,
                std::string_view name) {
  if (bytes.size() > options.csv.limits.max_bytes) {
    throw model_error(std::string(name), std::to_string(bytes.size()) + " bytes exceed the limit of " +
                                             std::to_string(options.csv.limits.max_bytes) +
                                             " (read_limits::max_bytes)");
  }
  container z(bytes, name);
  const auto wb = read_workbook(z);
  if (wb.sheets.empty()) {
    throw model_error(std::string(name), "the workbook has no sheets");
  }
  const auto pick = [&](const std::string& given, std::initializer_list<std::string_view> defaults,
                        const char* option) -> const sheet_ref* {
    if (!given.empty()) {
      const auto* s = find_sheet(wb, given);
      if (s == nullptr) {
        throw model_error(std::string(name),
                          std::string(option) + ": no sheet '" + given + "' (sheets: " + sheet_list(wb) + ")");
      }
      return s;
    }
    for (const auto d : defaults) {
      if (const auto* s = find_sheet(wb, d)) {
        return s;
      }
    }
    return nullptr;
  };
  const sheet_ref* as = pick(options.assets_sheet, {"assets", "tillg\xC3\xA5ngar"}, "--assets-sheet");
  if (as == nullptr) {
    as = &wb.sheets.front();
  }
  const sheet_ref* ds = pick(options.dependencies_sheet, {"dependencies", "beroenden"}, "--dependencies-sheet");
  if (ds == as) {
    throw model_error(std::string(name), "the assets and the dependencies sheet are the same ('" + as->name + "')");
  }
  const auto at = sheet_table(z, wb, *as, name);
  model m;
  if (ds != nullptr) {
    const auto dt = sheet_table(z, wb, *ds, name);
    m = read_tables(at, &dt, sp, std::move(p), options.csv);
  } else {
    m = read_tables(at, nullptr, sp, std::move(p), options.csv);
  }
  if (options.csv.summary != nullptr) {
    std::size_t other = 0;
    std::string names;
    for (const auto& s : wb.sheets) {
      if (&s != as && &s != ds) {
        ++other;
        names += (names.empty() ? "'" : ", '") + s.name + "'";
      }
    }
    options.csv.summary->leave_out(other, std::string(other == 1 ? "sheet " : "sheets ") + names);
  }
  return m;
}

model load_xlsx(const std::filesystem::path& file, const std::shared_ptr<const scheme>& s, policy p,
                const xlsx_options& options) {
  return read_xlsx(read_file(file, options.csv.limits.max_bytes), s, std::move(p), options, file.string());
}

} // namespace infoclass::inline INFOCLASS_ABI::io
