// Native JSON model format: strict reader with JSON-pointer errors, and a
// deterministic writer. The reader parses through a SAX handler that tracks the
// current JSON pointer, rejects duplicate keys and over-long strings, and builds
// the DOM; a pre-scan bounds the nesting depth before any parsing starts.
#include "infoclass/io/json.hpp"

#include "infoclass/error.hpp"
#include "json_internal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace infoclass::io {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

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

// Rejects nesting deeper than `max_depth` without recursion, so that the parser
// (and the DOM's destructor) never see such input.
void check_depth(std::string_view text, std::size_t max_depth) {
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
        throw model_error(at(text, i), "nesting deeper than " + std::to_string(max_depth) + " levels");
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

json parse_strict(std::string_view text, const json_limits& limits, detail::flat_dependencies* deps = nullptr) {
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
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line
    // 1, column 5: syntax error ..."; keep the reason, use our own position.
    std::string msg = sax.error_message();
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

// ---------------------------------------------------------------------------
// Reading helpers: every one takes the JSON pointer of the value it reads.

[[noreturn]] void fail(const std::string& ptr, const std::string& why) { throw model_error(ptr, why); }

std::string type_name(const json& j) {
  if (j.is_number_float()) {
    return "a number with a fraction or exponent";
  }
  if (j.is_number()) {
    return "a number";
  }
  return std::string("a ") + j.type_name();
}

const json& need_object(const json& j, const std::string& ptr) {
  if (!j.is_object()) {
    fail(ptr, "expected an object, found " + type_name(j));
  }
  return j;
}

const json& need_array(const json& j, const std::string& ptr) {
  if (!j.is_array()) {
    fail(ptr, "expected an array, found " + type_name(j));
  }
  return j;
}

std::string need_string(const json& j, const std::string& ptr) {
  if (!j.is_string()) {
    fail(ptr, "expected a string, found " + type_name(j));
  }
  return j.get<std::string>();
}

void only_keys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (auto a : allowed) {
      ok = ok || a == k;
    }
    if (!ok) {
      std::string list;
      for (auto a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      fail(ptr + "/" + escape_pointer_token(k), "unknown field '" + k + "' (expected one of: " + list + ")");
    }
  }
}

void require(const json& obj, const std::string& ptr, const char* key) {
  if (!obj.contains(key)) {
    fail(ptr, std::string("missing required field '") + key + "'");
  }
}

std::uint64_t need_uint(const json& j, const std::string& ptr, std::uint64_t max) {
  if (j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0)) {
    auto v = j.get<std::uint64_t>();
    if (v > max) {
      fail(ptr, std::to_string(v) + " is larger than " + std::to_string(max));
    }
    return v;
  }
  if (j.is_number_integer()) {
    fail(ptr, "expected a non-negative integer, found " + std::to_string(j.get<std::int64_t>()));
  }
  fail(ptr, "expected an integer, found " + type_name(j));
}

// A level written as an integer or as the level's key.
level_t need_level(const scheme& s, std::size_t p, const json& j, const std::string& ptr) {
  const std::string range = "0.." + std::to_string(s.levels(p) - 1);
  if (j.is_string()) {
    auto key = j.get<std::string>();
    if (auto l = s.find_level(p, key)) {
      return *l;
    }
    std::string keys;
    for (const auto& lv : s.properties[p].levels) {
      keys += (keys.empty() ? "" : ", ") + lv.key;
    }
    fail(ptr, "'" + key + "' is not a level of property " + s.properties[p].key + " of scheme " + s.id + " (" + range +
                  " or " + keys + ")");
  }
  if (j.is_number_integer() || j.is_number_unsigned()) {
    bool neg = j.is_number_integer() && !j.is_number_unsigned() && j.get<std::int64_t>() < 0;
    std::string shown = neg ? std::to_string(j.get<std::int64_t>()) : std::to_string(j.get<std::uint64_t>());
    if (neg || j.get<std::uint64_t>() >= s.levels(p)) {
      fail(ptr, "level " + shown + " is outside " + range + " of scheme " + s.id);
    }
    return static_cast<level_t>(j.get<std::uint64_t>());
  }
  fail(ptr, "a level must be an integer or a level key, found " + type_name(j));
}

std::size_t need_property(const scheme& s, const std::string& key, const std::string& ptr) {
  auto p = s.find_property(key);
  if (!p) {
    std::string keys;
    for (const auto& pr : s.properties) {
      keys += (keys.empty() ? "" : ", ") + pr.key;
    }
    fail(ptr, "'" + key + "' is not a property of scheme " + s.id + " (" + keys + " or a role word)");
  }
  return *p;
}

classification read_classification(const scheme& s, const json& j, const std::string& ptr, bool allow_na,
                                   bool information) {
  need_object(j, ptr);
  classification c(s.size());
  std::vector<bool> seen(s.size(), false);
  for (const auto& [k, v] : j.items()) {
    const std::string kp = ptr + "/" + escape_pointer_token(k);
    auto p = need_property(s, k, kp);
    if (seen[p]) {
      fail(kp, "property " + s.properties[p].key + " given twice (by key and by role)");
    }
    seen[p] = true;
    if (v.is_null()) {
      if (!allow_na || !s.properties[p].allows_not_applicable) {
        fail(kp, "null (not applicable) is not allowed for property " + s.properties[p].key + " of scheme " + s.id);
      }
      if (!information) {
        fail(kp, "null (not applicable) is allowed for information assets only");
      }
      c.set_not_applicable(p);
      continue;
    }
    c.set(p, need_level(s, p, v, kp));
  }
  return c;
}

transfer_map read_transfers(const scheme& s, const json& j, const std::string& ptr) {
  need_object(j, ptr);
  transfer_map m;
  for (const auto& [k, v] : j.items()) {
    const std::string kp = ptr + "/" + escape_pointer_token(k);
    (void)need_property(s, k, kp);
    auto text = need_string(v, kp);
    auto t = transfer::parse(text);
    if (!t) {
      fail(kp, "'" + text + "' is not a transfer (pass, block, cap:N, reduce:N)");
    }
    m.emplace(k, *t);
  }
  return m;
}

std::vector<std::string> read_kinds(const json& j, const std::string& ptr) {
  need_array(j, ptr);
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string ip = ptr + "/" + std::to_string(i);
    auto k = need_string(j[i], ip);
    if (!valid_kind(k)) {
      fail(ip, "'" + k + "' is not a kind (a lower-case word)");
    }
    kinds.push_back(std::move(k));
  }
  return kinds;
}

policy read_policy(const scheme& s, const json& j) {
  const std::string ptr = "/policy";
  need_object(j, ptr);
  only_keys(j, ptr, {"types", "redundancy", "cumulation", "floor"});
  policy pol;
  if (j.contains("types")) {
    const auto& t = need_object(j["types"], ptr + "/types");
    for (const auto& [name, v] : t.items()) {
      const std::string tp = ptr + "/types/" + escape_pointer_token(name);
      if (!valid_type_name(name)) {
        fail(tp, "'" + name + "' is not a dependency type name (a lower-case word)");
      }
      pol.types.emplace(name, read_transfers(s, v, tp));
    }
  }
  if (j.contains("redundancy")) {
    pol.redundancy = read_transfers(s, j["redundancy"], ptr + "/redundancy");
  }
  if (j.contains("cumulation")) {
    const auto& arr = need_array(j["cumulation"], ptr + "/cumulation");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ip = ptr + "/cumulation/" + std::to_string(i);
      const auto& r = need_object(arr[i], ip);
      only_keys(r, ip, {"property", "kinds", "at_least", "level"});
      require(r, ip, "property");
      require(r, ip, "at_least");
      require(r, ip, "level");
      cumulation_rule c;
      c.property = need_string(r["property"], ip + "/property");
      auto p = need_property(s, c.property, ip + "/property");
      if (r.contains("kinds")) {
        c.kinds = read_kinds(r["kinds"], ip + "/kinds");
      }
      c.at_least = static_cast<std::uint32_t>(need_uint(r["at_least"], ip + "/at_least", 0xFFFFFFFFu));
      if (c.at_least == 0) {
        fail(ip + "/at_least", "must be at least 1");
      }
      c.level = need_level(s, p, r["level"], ip + "/level");
      pol.cumulation.push_back(std::move(c));
    }
  }
  if (j.contains("floor")) {
    const auto& arr = need_array(j["floor"], ptr + "/floor");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ip = ptr + "/floor/" + std::to_string(i);
      const auto& r = need_object(arr[i], ip);
      only_keys(r, ip, {"kinds", "levels"});
      require(r, ip, "levels");
      floor_rule f;
      if (r.contains("kinds")) {
        f.kinds = read_kinds(r["kinds"], ip + "/kinds");
      }
      const auto& lv = need_object(r["levels"], ip + "/levels");
      for (const auto& [k, v] : lv.items()) {
        const std::string kp = ip + "/levels/" + escape_pointer_token(k);
        auto p = need_property(s, k, kp);
        f.levels.emplace(k, need_level(s, p, v, kp));
      }
      pol.floor.push_back(std::move(f));
    }
  }
  return pol;
}

std::shared_ptr<const scheme> read_scheme_object(const json& j, const std::string& ptr) {
  need_object(j, ptr);
  only_keys(j, ptr,
            {"id", "name", "name_en", "language", "properties", "separate_analysis_level", "non_information_floor"});
  require(j, ptr, "id");
  require(j, ptr, "properties");
  scheme s;
  s.id = need_string(j["id"], ptr + "/id");
  auto opt_string = [&](const json& obj, const char* k, const std::string& p) {
    return obj.contains(k) ? need_string(obj[k], p + "/" + k) : std::string{};
  };
  s.name = opt_string(j, "name", ptr);
  s.name_en = opt_string(j, "name_en", ptr);
  s.language = opt_string(j, "language", ptr);
  const auto& props = need_array(j["properties"], ptr + "/properties");
  if (props.empty() || props.size() > max_properties) {
    fail(ptr + "/properties", "a scheme needs 1.." + std::to_string(max_properties) + " properties");
  }
  for (std::size_t i = 0; i < props.size(); ++i) {
    const std::string ip = ptr + "/properties/" + std::to_string(i);
    const auto& pj = need_object(props[i], ip);
    only_keys(pj, ip, {"key", "role", "name", "name_en", "levels", "allows_not_applicable"});
    require(pj, ip, "key");
    require(pj, ip, "role");
    require(pj, ip, "levels");
    property_info pr;
    pr.key = need_string(pj["key"], ip + "/key");
    auto rw = need_string(pj["role"], ip + "/role");
    auto r = parse_role(rw);
    if (!r) {
      fail(ip + "/role", "'" + rw + "' is not a role (confidentiality, integrity, availability, traceability, other)");
    }
    pr.role = *r;
    pr.name = opt_string(pj, "name", ip);
    pr.name_en = opt_string(pj, "name_en", ip);
    if (pj.contains("allows_not_applicable")) {
      if (!pj["allows_not_applicable"].is_boolean()) {
        fail(ip + "/allows_not_applicable", "expected true or false, found " + type_name(pj["allows_not_applicable"]));
      }
      pr.allows_not_applicable = pj["allows_not_applicable"].get<bool>();
    }
    const auto& lv = need_array(pj["levels"], ip + "/levels");
    if (lv.size() < min_levels || lv.size() > max_levels) {
      fail(ip + "/levels", "a property needs 2..8 levels, found " + std::to_string(lv.size()));
    }
    for (std::size_t l = 0; l < lv.size(); ++l) {
      const std::string lp = ip + "/levels/" + std::to_string(l);
      const auto& lj = need_object(lv[l], lp);
      only_keys(lj, lp, {"key", "name", "name_en", "description"});
      require(lj, lp, "key");
      level_info li;
      li.key = need_string(lj["key"], lp + "/key");
      li.name = opt_string(lj, "name", lp);
      li.name_en = opt_string(lj, "name_en", lp);
      li.description = opt_string(lj, "description", lp);
      pr.levels.push_back(std::move(li));
    }
    s.properties.push_back(std::move(pr));
  }
  if (j.contains("separate_analysis_level")) {
    s.separate_analysis_level =
        static_cast<level_t>(need_uint(j["separate_analysis_level"], ptr + "/separate_analysis_level", max_levels - 1));
  }
  if (j.contains("non_information_floor")) {
    const auto& fl = need_object(j["non_information_floor"], ptr + "/non_information_floor");
    s.non_information_floor.assign(s.size(), std::nullopt);
    for (const auto& [k, v] : fl.items()) {
      const std::string kp = ptr + "/non_information_floor/" + escape_pointer_token(k);
      auto p = need_property(s, k, kp);
      s.non_information_floor[p] = need_level(s, p, v, kp);
    }
  }
  s.validate(); // pointers below /scheme
  return std::make_shared<const scheme>(std::move(s));
}

asset read_asset(const scheme& s, const json& j, const std::string& ptr) {
  need_object(j, ptr);
  only_keys(j, ptr,
            {"id", "kind", "name", "owner", "classification", "justification", "implemented", "review_by", "overrides",
             "attributes", "measures", "answers"});
  require(j, ptr, "id");
  require(j, ptr, "kind");
  asset a;
  a.id = need_string(j["id"], ptr + "/id");
  if (!valid_asset_id(a.id)) {
    fail(ptr + "/id", "'" + a.id + "' is not an asset id (" + std::string(asset_id_rule()) + ")");
  }
  a.kind = need_string(j["kind"], ptr + "/kind");
  if (!valid_kind(a.kind)) {
    fail(ptr + "/kind", "'" + a.kind +
                            "' is not a kind (information, process, application, service, server, "
                            "client, network, site, supplier or a lower-case word)");
  }
  const bool info = a.kind == "information";
  if (j.contains("name")) {
    a.name = need_string(j["name"], ptr + "/name");
  }
  if (j.contains("owner")) {
    a.owner = need_string(j["owner"], ptr + "/owner");
  }
  a.own = j.contains("classification")
              ? read_classification(s, j["classification"], ptr + "/classification", true, info)
              : classification(s.size());
  if (j.contains("justification")) {
    a.justification = need_string(j["justification"], ptr + "/justification");
  }
  if (j.contains("implemented")) {
    a.implemented = read_classification(s, j["implemented"], ptr + "/implemented", false, info);
  }
  if (j.contains("review_by")) {
    a.review_by = need_string(j["review_by"], ptr + "/review_by");
    if (!valid_date(a.review_by)) {
      fail(ptr + "/review_by", "'" + a.review_by + "' is not a date YYYY-MM-DD");
    }
  }
  if (j.contains("overrides")) {
    const auto& ov = need_object(j["overrides"], ptr + "/overrides");
    for (const auto& [k, v] : ov.items()) {
      const std::string kp = ptr + "/overrides/" + escape_pointer_token(k);
      auto p = need_property(s, k, kp);
      if (a.overrides.count(p) != 0) {
        fail(kp, "property " + s.properties[p].key + " overridden twice (by key and by role)");
      }
      need_object(v, kp);
      only_keys(v, kp, {"level", "effect", "justification"});
      require(v, kp, "level");
      require(v, kp, "effect");
      require(v, kp, "justification");
      override_entry o;
      o.level = need_level(s, p, v["level"], kp + "/level");
      auto eff = need_string(v["effect"], kp + "/effect");
      auto e = parse_override_effect(eff);
      if (!e) {
        fail(kp + "/effect", "'" + eff + "' is not an override effect (cumulation, distribution, manual)");
      }
      o.effect = *e;
      o.justification = need_string(v["justification"], kp + "/justification");
      if (o.justification.find_first_not_of(" \t\r\n") == std::string::npos) {
        fail(kp + "/justification", "an override needs a justification");
      }
      a.overrides.emplace(p, std::move(o));
    }
  }
  if (j.contains("answers")) {
    const std::string ap = ptr + "/answers";
    const auto& an = need_object(j["answers"], ap);
    only_keys(an, ap, {"rules", "given"});
    require(an, ap, "rules");
    require(an, ap, "given");
    recorded_answers ra;
    ra.rules = need_string(an["rules"], ap + "/rules");
    const auto& given = need_object(an["given"], ap + "/given");
    for (const auto& [q, v] : given.items()) {
      ra.given.emplace(q, need_string(v, ap + "/given/" + escape_pointer_token(q)));
    }
    a.answers = std::move(ra);
  }
  if (j.contains("measures")) {
    const auto& ms = need_array(j["measures"], ptr + "/measures");
    for (std::size_t i = 0; i < ms.size(); ++i) {
      a.measures.push_back(need_string(ms[i], ptr + "/measures/" + std::to_string(i)));
    }
  }
  if (j.contains("attributes")) {
    const auto& at = need_object(j["attributes"], ptr + "/attributes");
    for (const auto& [k, v] : at.items()) {
      if (k.empty()) {
        fail(ptr + "/attributes/", "empty attribute name");
      }
      a.attributes.emplace(k, v.dump());
    }
  }
  return a;
}

model model_from_json(const json& root, const json_limits& limits, const detail::flat_dependencies* flat) {
  need_object(root, "");
  only_keys(root, "", {"infoclass", "scheme", "assets", "dependencies", "policy"});
  require(root, "", "infoclass");
  require(root, "", "scheme");
  const auto& ver = root["infoclass"];
  if (!(ver.is_number_unsigned() || ver.is_number_integer()) || ver.get<std::int64_t>() != 1) {
    fail("/infoclass", "unsupported format version " + ver.dump() + " (this release reads 1)");
  }
  std::shared_ptr<const scheme> sch;
  const auto& sj = root["scheme"];
  if (sj.is_string()) {
    sch = scheme::preset(sj.get<std::string>());
  } else if (sj.is_object()) {
    sch = read_scheme_object(sj, "/scheme");
  } else {
    fail("/scheme", "expected a preset id or a scheme object, found " + type_name(sj));
  }
  policy pol;
  if (root.contains("policy")) {
    pol = read_policy(*sch, root["policy"]);
  }
  model m(sch, std::move(pol));
  if (root.contains("assets")) {
    const auto& arr = need_array(root["assets"], "/assets");
    if (arr.size() > limits.max_assets) {
      fail("/assets", std::to_string(arr.size()) + " assets exceed the limit of " + std::to_string(limits.max_assets) +
                          " (read_limits::max_assets)");
    }
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ip = "/assets/" + std::to_string(i);
      asset a = read_asset(*sch, arr[i], ip);
      if (m.contains(a.id)) {
        fail(ip + "/id", "duplicate asset id '" + a.id + "'");
      }
      try {
        m.add_asset(std::move(a));
      } catch (const model_error& e) {
        fail(ip, e.reason());
      }
    }
  }
  if (root.contains("dependencies")) {
    const auto& arr = need_array(root["dependencies"], "/dependencies");
    const std::size_t count = flat != nullptr ? flat->records.size() : arr.size();
    if (count > limits.max_dependencies) {
      fail("/dependencies", std::to_string(count) + " dependencies exceed the limit of " +
                                std::to_string(limits.max_dependencies) + " (read_limits::max_dependencies)");
    }
    // The hot loop of large models: JSON pointers are only built for errors,
    // and each asset is looked up once.
    auto ptr = [](std::size_t i) { return "/dependencies/" + std::to_string(i); };
    auto add = [&](std::size_t i, const std::string& f, const std::string& t, const std::string& ty,
                   std::string_view grp) {
      const auto u = m.find(f);
      if (!u) {
        fail(ptr(i) + "/from", "unknown asset '" + f + "'");
      }
      const auto v = m.find(t);
      if (!v) {
        fail(ptr(i) + "/to", "unknown asset '" + t + "'");
      }
      if (!m.resolved().find_type(ty)) {
        fail(ptr(i) + "/type", "unknown dependency type '" + ty + "' (declare it under policy.types)");
      }
      try {
        m.add_dependency(*u, *v, ty, grp);
      } catch (const model_error& e) {
        fail(ptr(i), e.reason());
      }
    };
    // Any element, as a DOM value: every check in order.
    auto add_value = [&](std::size_t i, const json& d) {
      if (!d.is_object()) {
        need_object(d, ptr(i));
      }
      const json* from = nullptr;
      const json* to = nullptr;
      const json* type = nullptr;
      const json* group = nullptr;
      for (auto it = d.begin(); it != d.end(); ++it) {
        const auto& k = it.key();
        const json* v = &it.value();
        if (k == "from") {
          from = v;
        } else if (k == "to") {
          to = v;
        } else if (k == "type") {
          type = v;
        } else if (k == "group") {
          group = v;
        } else {
          only_keys(d, ptr(i), {"from", "to", "type", "group"}); // names the unknown key
        }
      }
      auto text = [&](const json* j, const char* key) -> const std::string& {
        if (j == nullptr) {
          require(d, ptr(i), key);
        }
        if (!j->is_string()) {
          (void)need_string(*j, ptr(i) + "/" + key);
        }
        return j->get_ref<const std::string&>();
      };
      const std::string& f = text(from, "from");
      const std::string& t = text(to, "to");
      const std::string& ty = text(type, "type");
      std::string_view grp;
      if (group != nullptr) {
        grp = text(group, "group");
        if (grp.empty()) {
          fail(ptr(i) + "/group", "empty redundancy group name (omit the field instead)");
        }
      }
      add(i, f, t, ty, grp);
    };
    if (flat == nullptr) {
      for (std::size_t i = 0; i < arr.size(); ++i) {
        add_value(i, arr[i]);
      }
    } else {
      for (std::size_t i = 0; i < flat->records.size(); ++i) {
        const auto& r = flat->records[i];
        if (r.value >= 0) {
          add_value(i, flat->values[static_cast<std::size_t>(r.value)]);
          continue;
        }
        constexpr std::uint8_t required = 0x7; // from, to, type
        if ((r.present & required) != required || ((r.present & 0x8) != 0 && r.group.empty())) {
          // An error: the DOM path words it.
          json d = json::object();
          auto& rec = const_cast<detail::flat_dependency&>(r);
          for (int k = 0; k < 4; ++k) {
            if ((r.present >> k) & 1U) {
              d[std::string(detail::flat_dependency::field_name(k))] = rec.field(k);
            }
          }
          add_value(i, d);
          continue;
        }
        add(i, r.from, r.to, r.type, r.group);
      }
    }
  }
  return m;
}

// ---------------------------------------------------------------------------
// Writing.

ojson write_levels(const scheme& s, const classification& c) {
  ojson o = ojson::object();
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (c.is_not_applicable(p)) {
      o[s.properties[p].key] = nullptr;
    } else if (auto l = c.get(p)) {
      o[s.properties[p].key] = *l;
    }
  }
  return o;
}

ojson scheme_json(const scheme& s) {
  ojson o = ojson::object();
  o["id"] = s.id;
  if (!s.name.empty()) {
    o["name"] = s.name;
  }
  if (!s.name_en.empty()) {
    o["name_en"] = s.name_en;
  }
  if (!s.language.empty()) {
    o["language"] = s.language;
  }
  ojson props = ojson::array();
  for (const auto& p : s.properties) {
    ojson pj = ojson::object();
    pj["key"] = p.key;
    pj["role"] = std::string(to_string(p.role));
    if (!p.name.empty()) {
      pj["name"] = p.name;
    }
    if (!p.name_en.empty()) {
      pj["name_en"] = p.name_en;
    }
    if (p.allows_not_applicable) {
      pj["allows_not_applicable"] = true;
    }
    ojson lv = ojson::array();
    for (const auto& l : p.levels) {
      ojson lj = ojson::object();
      lj["key"] = l.key;
      if (!l.name.empty()) {
        lj["name"] = l.name;
      }
      if (!l.name_en.empty()) {
        lj["name_en"] = l.name_en;
      }
      if (!l.description.empty()) {
        lj["description"] = l.description;
      }
      lv.push_back(std::move(lj));
    }
    pj["levels"] = std::move(lv);
    props.push_back(std::move(pj));
  }
  o["properties"] = std::move(props);
  if (s.separate_analysis_level) {
    o["separate_analysis_level"] = *s.separate_analysis_level;
  }
  if (!s.non_information_floor.empty()) {
    ojson f = ojson::object();
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (s.non_information_floor[p]) {
        f[s.properties[p].key] = *s.non_information_floor[p];
      }
    }
    o["non_information_floor"] = std::move(f);
  }
  return o;
}

ojson transfers_json(const transfer_map& m) {
  ojson o = ojson::object();
  for (const auto& [k, t] : m) {
    o[k] = t.to_string();
  }
  return o;
}

ojson cause_json(const cause& c) {
  if (c.kind == cause_kind::none) {
    return nullptr;
  }
  ojson o = ojson::object();
  o["kind"] = std::string(to_string(c.kind));
  switch (c.kind) {
  case cause_kind::edge:
    o["from"] = c.from;
    o["type"] = c.type;
    break;
  case cause_kind::cumulation:
    o["count"] = c.count;
    o["at_least"] = c.at_least;
    o["level"] = c.threshold ? ojson(*c.threshold) : ojson(nullptr);
    break;
  case cause_kind::override_: o["effect"] = c.effect; break;
  default: break;
  }
  return o;
}

} // namespace

model read_model(std::string_view text, const json_limits& limits) {
  detail::flat_dependencies deps;
  json root = parse_strict(text, limits, &deps);
  return model_from_json(root, limits, &deps);
}

nlohmann::json detail::parse_json_strict(std::string_view text, const json_limits& limits) {
  return parse_strict(text, limits);
}

std::string read_file(const std::filesystem::path& file, std::size_t max_bytes) {
  const std::string name = file.string();
  struct stat st {};
  if (::stat(name.c_str(), &st) != 0) {
    fail(name, errno == ENOENT ? "no such file" : std::string("cannot read: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    fail(name, "is a directory, not a file");
  }
  if (!S_ISREG(st.st_mode)) {
    // A FIFO would block the open, a device could stream without end.
    fail(name, "is not a regular file (a pipe, socket or device)");
  }
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fail(name, std::string("cannot read: ") + std::strerror(errno));
  }
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } guard{fd};
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    fail(name, "file of " + std::to_string(st.st_size) + " bytes exceeds the limit of " + std::to_string(max_bytes));
  }
  std::string content;
  content.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ::ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail(name, std::string("cannot read: ") + std::strerror(errno));
    }
    if (got == 0) {
      break;
    }
    content.append(buf, static_cast<std::size_t>(got));
    if (content.size() > max_bytes) {
      fail(name, "input exceeds the limit of " + std::to_string(max_bytes) + " bytes");
    }
  }
  return content;
}

model load_model(const std::filesystem::path& file, const json_limits& limits) {
  auto text = read_file(file, limits.max_bytes);
  try {
    return read_model(text, limits);
  } catch (const model_error& e) {
    throw model_error(file.string() + (e.where().empty() ? "" : ":" + e.where()), e.reason());
  }
}

std::string write_model(const model& m) {
  const auto& s = m.get_scheme();
  ojson root = ojson::object();
  root["infoclass"] = 1;
  if (s.is_preset()) {
    root["scheme"] = s.id;
  } else {
    root["scheme"] = scheme_json(s);
  }
  ojson assets = ojson::array();
  const auto& g = m.graph();
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& a = g[v];
    ojson o = ojson::object();
    o["id"] = a.id;
    o["kind"] = a.kind;
    if (!a.name.empty()) {
      o["name"] = a.name;
    }
    if (!a.owner.empty()) {
      o["owner"] = a.owner;
    }
    if (!a.own.all_unassessed()) {
      o["classification"] = write_levels(s, a.own);
    }
    if (!a.justification.empty()) {
      o["justification"] = a.justification;
    }
    if (a.implemented) {
      o["implemented"] = write_levels(s, *a.implemented);
    }
    if (!a.review_by.empty()) {
      o["review_by"] = a.review_by;
    }
    if (!a.overrides.empty()) {
      ojson ov = ojson::object();
      for (const auto& [p, e] : a.overrides) {
        ojson x = ojson::object();
        x["level"] = e.level;
        x["effect"] = std::string(to_string(e.effect));
        x["justification"] = e.justification;
        ov[s.properties[p].key] = std::move(x);
      }
      o["overrides"] = std::move(ov);
    }
    if (!a.attributes.empty()) {
      ojson at = ojson::object();
      for (const auto& [k, text] : a.attributes) {
        try {
          at[k] = ojson::parse(text);
        } catch (const ojson::exception&) {
          throw model_error(a.id, "attribute '" + k + "' does not hold JSON text");
        }
      }
      o["attributes"] = std::move(at);
    }
    if (!a.measures.empty()) {
      o["measures"] = a.measures;
    }
    if (a.answers) {
      ojson an = ojson::object();
      an["rules"] = a.answers->rules;
      ojson given = ojson::object();
      for (const auto& [question, answer] : a.answers->given) {
        given[question] = answer;
      }
      an["given"] = std::move(given);
      o["answers"] = std::move(an);
    }
    assets.push_back(std::move(o));
  }
  root["assets"] = std::move(assets);
  ojson deps = ojson::array();
  for (const auto& d : m.dependencies()) {
    ojson o = ojson::object();
    o["from"] = std::string(d.from);
    o["to"] = std::string(d.to);
    o["type"] = std::string(d.type);
    if (!d.group.empty()) {
      o["group"] = std::string(d.group);
    }
    deps.push_back(std::move(o));
  }
  root["dependencies"] = std::move(deps);
  const auto& pol = m.get_policy();
  if (!(pol == policy{})) {
    ojson pj = ojson::object();
    if (!pol.types.empty()) {
      ojson t = ojson::object();
      for (const auto& [name, tm] : pol.types) {
        t[name] = transfers_json(tm);
      }
      pj["types"] = std::move(t);
    }
    if (pol.redundancy) {
      pj["redundancy"] = transfers_json(*pol.redundancy);
    }
    if (!pol.cumulation.empty()) {
      ojson arr = ojson::array();
      for (const auto& c : pol.cumulation) {
        ojson o = ojson::object();
        o["property"] = c.property;
        if (!c.kinds.empty()) {
          o["kinds"] = c.kinds;
        }
        o["at_least"] = c.at_least;
        o["level"] = c.level;
        arr.push_back(std::move(o));
      }
      pj["cumulation"] = std::move(arr);
    }
    if (!pol.floor.empty()) {
      ojson arr = ojson::array();
      for (const auto& f : pol.floor) {
        ojson o = ojson::object();
        if (!f.kinds.empty()) {
          o["kinds"] = f.kinds;
        }
        ojson lv = ojson::object();
        for (const auto& [k, l] : f.levels) {
          lv[k] = l;
        }
        o["levels"] = std::move(lv);
        arr.push_back(std::move(o));
      }
      pj["floor"] = std::move(arr);
    }
    root["policy"] = std::move(pj);
  }
  return root.dump(2) + "\n";
}

void save_model(const model& m, const std::filesystem::path& file) { write_file_atomic(file, write_model(m)); }

std::shared_ptr<const scheme> read_scheme(std::string_view text, const json_limits& limits) {
  return read_scheme_object(parse_strict(text, limits), "");
}

std::string write_scheme(const scheme& s) { return scheme_json(s).dump(2) + "\n"; }

std::string write_assessment(const assessment& a) {
  const auto& s = a.get_scheme();
  ojson root = ojson::object();
  root["scheme"] = s.id;
  ojson assets = ojson::array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    ojson o = ojson::object();
    o["id"] = a.id(i);
    o["kind"] = a.kind(i);
    ojson der = ojson::object();
    ojson eff = ojson::object();
    ojson cau = ojson::object();
    for (std::size_t p = 0; p < s.size(); ++p) {
      const auto& key = s.properties[p].key;
      auto d = a.derived(i, p);
      auto e = a.effective(i, p);
      der[key] = d ? ojson(*d) : ojson(nullptr);
      eff[key] = e ? ojson(*e) : ojson(nullptr);
      cau[key] = cause_json(a.cause_of(i, p));
    }
    o["derived"] = std::move(der);
    o["effective"] = std::move(eff);
    o["cause"] = std::move(cau);
    assets.push_back(std::move(o));
  }
  root["assets"] = std::move(assets);
  return root.dump(2) + "\n";
}

void write_file_atomic(const std::filesystem::path& file, std::string_view content) {
  const std::string name = file.string();
  auto dir = file.parent_path();
  std::string tmpl = (dir.empty() ? std::string(".") : dir.string()) + "/." + file.filename().string() + ".XXXXXX";
  std::vector<char> path(tmpl.begin(), tmpl.end());
  path.push_back('\0');
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    throw error(name + ": cannot create a temporary file: " + std::strerror(errno));
  }
  auto cleanup = [&](const std::string& why) {
    int err = errno;
    ::close(fd);
    ::unlink(path.data());
    throw error(name + ": " + why + ": " + std::strerror(err));
  };
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t w = ::write(fd, content.data() + done, content.size() - done);
    if (w < 0) {
      if (errno == EINTR) {
        continue;
      }
      cleanup("write failed");
    }
    done += static_cast<std::size_t>(w);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
    cleanup("cannot flush");
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(path.data());
    throw error(name + ": close failed: " + std::strerror(err));
  }
  if (::rename(path.data(), name.c_str()) != 0) {
    int err = errno;
    ::unlink(path.data());
    throw error(name + ": cannot replace: " + std::strerror(err));
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

} // namespace infoclass::io

namespace infoclass::io {
std::string write_explanation(const assessment& a, std::string_view asset, std::size_t property) {
  const auto& s = a.get_scheme();
  auto path = a.explain(asset, property);
  ojson root = ojson::object();
  root["asset"] = std::string(asset);
  root["property"] = s.properties.at(property).key;
  auto lvl = a.effective(a.index(asset), property);
  root["level"] = lvl ? ojson(*lvl) : ojson(nullptr);
  ojson steps = ojson::array();
  for (const auto& st : path) {
    ojson o = ojson::object();
    o["asset"] = st.asset;
    o["level"] = st.level ? ojson(*st.level) : ojson(nullptr);
    o["cause"] = cause_json(st.cause);
    o["via"] = st.via.empty() ? ojson(nullptr) : ojson(st.via);
    steps.push_back(std::move(o));
  }
  root["path"] = std::move(steps);
  return root.dump(2) + "\n";
}
} // namespace infoclass::io
