// SPDX-License-Identifier: Apache-2.0
// CSV text: the bytes a spreadsheet saved (UTF-8, UTF-16, Windows-1252) to
// UTF-8, and the RFC 4180 lexer with delimiter detection and limits.
#include "infoclass/io/csv.hpp"
#include "io/csv_rows.hpp"

#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"
#include "support/json_strict.hpp"
#include "support/text.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <cerrno>
#include <iconv.h>
#include <string>

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {

std::string loc(std::string_view name, std::size_t line, std::size_t column) {
  return std::string(name) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// Converts `in` from `from` to UTF-8 with glibc's iconv; throws at the first
// byte that is not a character of `from`.
std::string iconv_to_utf8(std::string_view in, const char* from, std::string_view name) {
  iconv_t cd = ::iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) { // NOLINT(performance-no-int-to-ptr): iconv_open's error value
    throw model_error(std::string(name), std::string("cannot convert from ") + from + " (iconv)");
  }
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  while (src_left > 0) {
    if (::iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        const auto used = static_cast<std::size_t>(dst - out.data());
        out.resize(out.size() * 2);
        dst = out.data() + used;
        dst_left = out.size() - used;
        continue;
      }
      const std::size_t at = in.size() - src_left;
      ::iconv_close(cd);
      throw model_error(std::string(name) + ": byte " + std::to_string(at + 1),
                        std::string(errno == EINVAL ? "incomplete character at the end" : "not a character") + " in " +
                            from);
    }
  }
  ::iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

} // namespace

std::string decode_text(std::string_view bytes, std::string_view name, text_encoding enc,
                        std::vector<std::string>* notes) {
  const auto note = [&](const std::string& n) {
    if (notes != nullptr) {
      notes->push_back(std::string(name) + ": " + n);
    }
  };
  const bool bom8 = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  const bool bom16le = bytes.substr(0, 2) == "\xFF\xFE";
  const bool bom16be = bytes.substr(0, 2) == "\xFE\xFF";
  if (enc == text_encoding::detect) {
    enc = bom8                                                   ? text_encoding::utf8
          : bom16le || bom16be                                   ? text_encoding::utf16
          : unicode::invalid_utf8_at(bytes) == std::string::npos ? text_encoding::utf8
                                                                 : text_encoding::windows1252;
    if (enc == text_encoding::windows1252) {
      note("read as Windows-1252");
    } else if (enc == text_encoding::utf16) {
      note(bom16le ? "read as UTF-16 LE" : "read as UTF-16 BE");
    }
  }
  switch (enc) {
  case text_encoding::utf16: {
    if (!bom16le && !bom16be) {
      throw model_error(std::string(name), "UTF-16 text needs a byte order mark");
    }
    return iconv_to_utf8(bytes.substr(2), bom16le ? "UTF-16LE" : "UTF-16BE", name);
  }
  case text_encoding::windows1252: return iconv_to_utf8(bytes, "WINDOWS-1252", name);
  case text_encoding::utf8:
  case text_encoding::detect: break;
  }
  if (bom8) {
    bytes.remove_prefix(3);
  }
  if (const auto bad = unicode::invalid_utf8_at(bytes); bad != std::string::npos) {
    const auto [line, col] = detail::line_column(bytes, bad);
    throw model_error(loc(name, line, col), "invalid UTF-8 (give --encoding windows-1252 if the file is from Excel)");
  }
  return std::string(bytes);
}

namespace detail {

csv_reader::csv_reader(std::string_view text, std::string_view name, const csv_options& options)
    : name_(name), max_string_(options.limits.max_string) {
  // Valid UTF-8 without a byte order mark is read in place; anything else
  // is decoded first (or refused there, with where and why).
  const bool utf8 = options.encoding == text_encoding::utf8 || options.encoding == text_encoding::detect;
  if (!utf8 || text.substr(0, 3) == "\xEF\xBB\xBF" || unicode::invalid_utf8_at(text) != std::string::npos) {
    decoded_ = decode_text(text, name, options.encoding, options.summary ? &options.summary->notes : nullptr);
    text = decoded_;
  }
  if (text.find('\0') != std::string_view::npos) {
    throw model_error(std::string(name), "NUL byte in CSV text");
  }
  if (text.size() > options.limits.max_bytes) {
    throw model_error(std::string(name), std::to_string(text.size()) + " bytes exceed the limit of " +
                                             std::to_string(options.limits.max_bytes) + " (read_limits::max_bytes)");
  }
  text_ = text;
  // Detect the delimiter from the header line, outside quotes: the most
  // frequent of , ; and TAB (a comma on a tie).
  delim_ = options.delimiter;
  if (delim_ == 0) {
    std::size_t commas = 0;
    std::size_t semis = 0;
    std::size_t tabs = 0;
    bool q = false;
    for (char c : text) {
      if (c == '"') {
        q = !q;
      } else if (!q && (c == '\n' || c == '\r')) {
        break;
      } else if (!q && c == ',') {
        ++commas;
      } else if (!q && c == ';') {
        ++semis;
      } else if (!q && c == '\t') {
        ++tabs;
      }
    }
    delim_ = tabs > commas && tabs > semis ? '\t' : semis > commas ? ';' : ',';
  }
}

bool csv_reader::next(row_cells& row) {
  const std::string_view text = text_;
  const char delim = delim_;
  std::size_t i = i_;
  std::size_t line = line_;
  std::size_t col = col_;
  row.clear();
  scratch_.clear();
  unescaped_.clear();
  // The row ends at a line end or the end of the text; a line that is
  // entirely empty (one empty field) is skipped.
  const auto ended = [&] {
    if (row.size() == 1 && row[0].text.empty()) {
      row.clear();
      scratch_.clear();
      unescaped_.clear();
      return false;
    }
    return !row.empty();
  };
  bool done = false;
  while (!done && i < text.size()) {
    cell f;
    f.line = line;
    f.column = col;
    if (text[i] == '"') {
      ++i;
      ++col;
      const std::size_t from = i;
      bool closed = false;
      bool escaped = false;
      std::size_t at = 0; // the field's start in scratch_ once a doubled quote is met
      while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            if (!escaped) {
              escaped = true;
              at = scratch_.size();
              scratch_.append(text.substr(from, i - from));
            }
            scratch_ += '"';
            i += 2;
            col += 2;
            continue;
          }
          ++i;
          ++col;
          closed = true;
          break;
        }
        if (c == '\n') {
          ++line;
          col = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
          ++col;
        }
        if (escaped) {
          scratch_ += c; // kept as is (RFC 4180), also a CR LF pair: values round-trip exactly
        }
        ++i;
      }
      if (!closed) {
        throw model_error(loc(name_, f.line, f.column), "quoted field is not closed before the end of the file");
      }
      if (escaped) {
        unescaped_.emplace_back(row.size(), at, scratch_.size() - at);
      } else {
        f.text = text.substr(from, i - 1 - from);
      }
      if (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r') {
        throw model_error(loc(name_, line, col), "unexpected character after a closing quote");
      }
    } else {
      const std::size_t from = i;
      while (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '"') {
          throw model_error(loc(name_, line, col), "quote inside an unquoted field (quote the whole field)");
        }
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
          ++col;
        }
        ++i;
      }
      f.text = text.substr(from, i - from);
    }
    const std::size_t length = unescaped_.empty() || std::get<0>(unescaped_.back()) != row.size()
                                   ? f.text.size()
                                   : std::get<2>(unescaped_.back());
    if (length > max_string_) {
      throw model_error(loc(name_, f.line, f.column),
                        "field longer than " + std::to_string(max_string_) + " bytes (read_limits::max_string)");
    }
    row.push_back(f);
    if (i >= text.size()) {
      break;
    }
    if (text[i] == delim) {
      ++i;
      ++col;
      if (i >= text.size()) {
        row.push_back({"", line, col});
      }
      continue;
    }
    // line end
    if (text[i] == '\r') {
      ++i;
    }
    if (i < text.size() && text[i] == '\n') {
      ++i;
    }
    ++line;
    col = 1;
    done = ended();
  }
  i_ = i;
  line_ = line;
  col_ = col;
  if (!done) {
    done = ended(); // the text ended in the row
  }
  for (const auto& [k, at, length] : unescaped_) {
    row[k].text = std::string_view(scratch_).substr(at, length);
  }
  return done;
}

} // namespace detail

csv_table parse_csv(std::string_view text, std::string_view name, const csv_options& options) {
  detail::csv_reader reader(text, name, options);
  csv_table t;
  t.name = name;
  t.delimiter = reader.delimiter();
  detail::row_cells row;
  while (reader.next(row)) {
    std::vector<csv_table::field> fields;
    fields.reserve(row.size());
    for (const auto& c : row) {
      fields.push_back({std::string(c.text), c.line, c.column});
    }
    t.rows.push_back(std::move(fields));
  }
  return t;
}

} // namespace infoclass::inline INFOCLASS_ABI::io
