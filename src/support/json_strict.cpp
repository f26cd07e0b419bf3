// SPDX-License-Identifier: Apache-2.0
// The strict JSON parser shared by every JSON reader (models, schemes, rule
// sets, measures catalogues, OSCAL): a SAX handler that tracks the current
// JSON pointer, rejects duplicate keys and over-long strings, and builds the
// DOM; a pre-scan bounds the nesting depth before any parsing starts.
#include "support/json_strict.hpp"

#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

using json = nlohmann::json;

std::string detail::escape_pointer_token(std::string_view t) {
  std::string out;
  for (char c : t) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::pair<std::size_t, std::size_t> detail::line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col; // count characters, not UTF-8 continuation bytes
    }
  }
  return {line, col};
}

using detail::escape_pointer_token;
using detail::line_column;

namespace {

std::string at(std::string_view text, std::size_t offset) {
  auto [l, c] = line_column(text, offset);
  return "line " + std::to_string(l) + ", column " + std::to_string(c);
}

// Rejects nesting deeper than `max_depth` (never more than
// max_supported_depth) without recursion, so that the parser, the DOM's
// destructor and the code that writes a value back as text never see such input.
void check_depth(std::string_view text, std::size_t limit) {
  const std::size_t max_depth = std::min(limit, max_supported_depth);
  const std::string beyond =
      limit > max_supported_depth ? " (the most any reader takes, whatever read_limits::max_depth says)" : "";
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        throw model_error(at(text, i), "nesting deeper than " + std::to_string(max_depth) + " levels" + beyond);
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// A minimal DOM builder for one value (used for the unusual elements of a
// model's dependency list, see strict_sax).
class value_builder {
public:
  explicit value_builder(json* root = nullptr) : root_(root) {}
  void add(json v) {
    if (stack_.empty()) {
      *root_ = std::move(v);
    } else if (stack_.back()->is_array()) {
      stack_.back()->push_back(std::move(v));
    } else {
      *member_ = std::move(v);
    }
  }
  void start(json::value_t t) {
    json* j = nullptr;
    if (stack_.empty()) {
      *root_ = json(t);
      j = root_;
    } else if (stack_.back()->is_array()) {
      stack_.back()->push_back(json(t));
      j = &stack_.back()->back();
    } else {
      *member_ = json(t);
      j = member_;
    }
    stack_.push_back(j);
  }
  void open(json* object) { stack_.assign(1, object); }
  void key(const std::string& k) { member_ = &(*stack_.back())[k]; }
  void end() { stack_.pop_back(); }

private:
  json* root_;
  std::vector<json*> stack_;
  json* member_ = nullptr;
};

// SAX handler: the DOM builder of nlohmann-json plus pointer tracking. With
// `deps` given, the elements of the root's "dependencies" array that are
// objects of string fields from, to, type and group (all of them in practice)
// are kept as flat records instead of DOM objects; any other element is kept
// as a DOM value beside them, for the model reader to report on. The root's
// "dependencies" is then an empty array in the DOM.
class strict_sax {
public:
  strict_sax(json& result, const json_limits& limits, detail::flat_dependencies* deps)
      : dom_(result, true), limits_(limits), deps_(deps) {}

  bool null() { return scalar(json(nullptr)); }
  bool boolean(bool b) { return scalar(json(b)); }
  bool number_integer(json::number_integer_t v) { return scalar(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return scalar(json(v)); }
  bool number_float(json::number_float_t v, const std::string&) { return scalar(json(v)); }
  bool string(std::string& s) {
    value();
    if (s.size() > limits_.max_string) {
      throw model_error(pointer(), "string longer than " + std::to_string(limits_.max_string) + " bytes");
    }
    if (elem_ == elem::flat) {
      auto& r = deps_->records.back();
      r.field(field_) = std::move(s);
      r.present |= static_cast<std::uint8_t>(1U << field_);
      return true;
    }
    return route(json(std::move(s)));
  }
  bool binary(json::binary_t& b) { return scalar(json(b)); }
  bool start_object(std::size_t n) {
    value();
    if (at_element()) {
      push_frame(true);
      deps_->records.emplace_back();
      elem_ = elem::flat;
      return true;
    }
    if (elem_ == elem::flat) {
      to_complex();
    }
    push_frame(true);
    if (elem_ == elem::complex) {
      elem_dom_.start(json::value_t::object);
      return true;
    }
    return dom_.start_object(n);
  }
  bool key(std::string& k) {
    auto& f = frames_[depth_ - 1];
    f.key = k;
    f.add_key(k, [&] { return pointer(); });
    if (elem_ == elem::flat) {
      field_ = detail::flat_dependency::field_index(k);
      if (field_ >= 0) {
        return true;
      }
      to_complex();
    }
    if (elem_ == elem::complex) {
      elem_dom_.key(k);
      return true;
    }
    return dom_.key(k);
  }
  bool end_object() {
    --depth_;
    if (elem_ != elem::none && depth_ == deps_depth_) {
      elem_ = elem::none; // the element is complete
      return true;
    }
    if (elem_ == elem::complex) {
      elem_dom_.end();
      return true;
    }
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    value();
    if (deps_ != nullptr && deps_depth_ == 0 && depth_ == 1 && frames_[0].object && frames_[0].key == "dependencies") {
      push_frame(false);
      deps_depth_ = depth_;
      deps_->records.clear();
      deps_->values.clear();
      return dom_.start_array(0) && dom_.end_array();
    }
    if (at_element()) {
      push_frame(false);
      elem_dom_ = value_builder(&new_complex());
      elem_dom_.start(json::value_t::array);
      elem_ = elem::complex;
      return true;
    }
    if (elem_ == elem::flat) {
      to_complex();
    }
    push_frame(false);
    if (elem_ == elem::complex) {
      elem_dom_.start(json::value_t::array);
      return true;
    }
    return dom_.start_array(n);
  }
  bool end_array() {
    --depth_;
    if (deps_depth_ != 0 && depth_ + 1 == deps_depth_) {
      deps_depth_ = std::numeric_limits<std::size_t>::max(); // done; a root has one "dependencies"
      return true;
    }
    if (elem_ != elem::none && depth_ == deps_depth_) {
      elem_ = elem::none;
      return true;
    }
    if (elem_ == elem::complex) {
      elem_dom_.end();
      return true;
    }
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& ex) {
    // `position` is just past the offending character; for a number out of
    // range (406) the token is the number, so report where it starts.
    const std::size_t back = ex.id == 406 ? last_token.size() : 1;
    error_position_ = position > back ? position - back : 0;
    error_message_ = ex.what();
    return false; // reported by parse_strict with our line and column
  }
  [[nodiscard]] std::size_t error_position() const { return error_position_; }
  [[nodiscard]] const std::string& error_message() const { return error_message_; }

  [[nodiscard]] std::string pointer() const {
    std::string p;
    for (std::size_t i = 0; i < depth_; ++i) {
      const auto& f = frames_[i];
      p += '/';
      p += f.object ? escape_pointer_token(f.key) : std::to_string(f.index == 0 ? 0 : f.index - 1);
    }
    return p;
  }

private:
  enum class elem : std::uint8_t { none, flat, complex };

  void value() {
    if (depth_ != 0 && !frames_[depth_ - 1].object) {
      ++frames_[depth_ - 1].index;
    }
  }
  [[nodiscard]] bool at_element() const {
    return deps_ != nullptr && elem_ == elem::none && depth_ == deps_depth_ && deps_depth_ != 0 &&
           deps_depth_ != std::numeric_limits<std::size_t>::max();
  }
  bool scalar(json v) {
    value();
    return route(std::move(v));
  }
  bool route(json v) {
    if (at_element()) {
      new_complex() = std::move(v);
      return true;
    }
    if (elem_ == elem::flat) {
      to_complex();
    }
    if (elem_ == elem::complex) {
      elem_dom_.add(std::move(v));
      return true;
    }
    return dom_.handle_value_for_sax(std::move(v));
  }
  json& new_complex() {
    deps_->records.emplace_back();
    deps_->records.back().value = static_cast<std::int64_t>(deps_->values.size());
    return deps_->values.emplace_back();
  }
  // The current flat element turns out to be unusual: continue it as a DOM.
  void to_complex() {
    auto rec = std::move(deps_->records.back());
    deps_->records.pop_back();
    json& obj = new_complex();
    obj = json::object();
    for (int i = 0; i < 4; ++i) {
      if ((rec.present >> i) & 1U) {
        obj[std::string(detail::flat_dependency::field_name(i))] = std::move(rec.field(i));
      }
    }
    elem_dom_ = value_builder(&obj);
    elem_dom_.open(&obj);
    if (field_ >= 0 && ((rec.present >> field_) & 1U) == 0) {
      elem_dom_.key(std::string(detail::flat_dependency::field_name(field_))); // the value follows
    }
    elem_ = elem::complex;
  }

  // Frames are reused, so that their buffers are not allocated per object.
  void push_frame(bool object) {
    if (depth_ == frames_.size()) {
      frames_.emplace_back();
    }
    auto& f = frames_[depth_++];
    f.object = object;
    f.key.clear();
    f.index = 0;
    f.few.clear();
    f.many.clear();
  }
  struct frame {
    bool object = false;
    std::string key;
    std::size_t index = 0; // number of values seen in an array
    // Keys seen: a short list, a set once the object grows.
    std::vector<std::string> few;
    std::set<std::string> many;
    template <class Where> void add_key(const std::string& k, Where where) {
      bool dup = false;
      if (many.empty() && few.size() < 16) {
        dup = std::find(few.begin(), few.end(), k) != few.end();
        if (!dup) {
          few.push_back(k);
        }
      } else {
        many.insert(few.begin(), few.end());
        few.clear();
        dup = !many.insert(k).second;
      }
      if (dup) {
        throw model_error(where(), "duplicate key '" + k + "'");
      }
    }
  };
  // nlohmann's DOM builder; handle_value_for_sax adds a scalar.
  struct dom_parser : nlohmann::detail::json_sax_dom_parser<json> {
    using nlohmann::detail::json_sax_dom_parser<json>::json_sax_dom_parser;
    bool handle_value_for_sax(json v) {
      switch (v.type()) {
      case json::value_t::null: return null();
      case json::value_t::boolean: return boolean(v.get<bool>());
      case json::value_t::number_integer: return number_integer(v.get<json::number_integer_t>());
      case json::value_t::number_unsigned: return number_unsigned(v.get<json::number_unsigned_t>());
      case json::value_t::number_float: return number_float(v.get<json::number_float_t>(), {});
      case json::value_t::string: return string(v.get_ref<json::string_t&>());
      case json::value_t::binary: return binary(v.get_ref<json::binary_t&>());
      default: return false;
      }
    }
  };
  dom_parser dom_;
  const json_limits& limits_;
  detail::flat_dependencies* deps_;
  std::size_t deps_depth_ = 0; // frames inside the root's "dependencies" array
  elem elem_ = elem::none;
  int field_ = -1;
  value_builder elem_dom_;
  std::vector<frame> frames_;
  std::size_t depth_ = 0;
  std::size_t error_position_ = 0;
  std::string error_message_;
};

json parse_strict(std::string_view text, const json_limits& limits, detail::flat_dependencies* deps) {
  if (text.size() > limits.max_bytes) {
    throw model_error("", "input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                              std::to_string(limits.max_bytes));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw model_error("line 1, column 1", "empty input: expected a JSON object");
  }
  check_depth(text, limits.max_depth);
  json result;
  strict_sax sax(result, limits, deps);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true, false);
  } catch (const json::exception& e) {
    throw model_error("", e.what());
  }
  if (!ok) {
    // Bytes that are not UTF-8 (a file saved as Windows-1252): say so, at the
    // first such byte, rather than quote the bytes (the message stays UTF-8).
    if (const std::size_t bad = unicode::invalid_utf8_at(text); bad <= sax.error_position() && bad < text.size()) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
      throw model_error(at(text, bad), std::string("byte ") + hex +
                                           " is not UTF-8: the model format is UTF-8 (a file saved as Windows-1252? "
                                           "convert it with iconv -f WINDOWS-1252 -t UTF-8)");
    }
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line
    // 1, column 5: syntax error ..."; keep the reason, use our own position.
    const std::string& msg = sax.error_message();
    auto close = msg.find("] ");
    std::string reason = close == std::string::npos ? msg : msg.substr(close + 2);
    auto colon = reason.find(": ");
    if (reason.rfind("parse error", 0) == 0 && colon != std::string::npos) {
      reason = reason.substr(colon + 2);
    }
    std::size_t pos = sax.error_position();
    throw model_error(at(text, pos), reason);
  }
  return result;
}

} // namespace

nlohmann::json detail::parse_json_strict(std::string_view text, const json_limits& limits, flat_dependencies* deps) {
  return parse_strict(text, limits, deps);
}

} // namespace infoclass::inline INFOCLASS_ABI::io
