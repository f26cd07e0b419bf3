// SPDX-License-Identifier: Apache-2.0
// OSCAL's three formats read into one JSON shape with source positions
// (io/oscal_source.hpp): a span scanner for JSON, libfyaml marks for YAML,
// pugixml offsets for XML (repeated elements as JSON's plural arrays).
#include "io/oscal_source.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/limits.hpp"
#include "io/yaml.hpp"
#include "support/json_strict.hpp"

#include <pugixml.hpp>

#include "infoclass/version.hpp"
#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

using json = nlohmann::json;
using span = text_span;
using source = oscal_source;

namespace {

[[noreturn]] void fail(const std::string& ptr, const std::string& why) { throw model_error(ptr, why); }

// The newlines of a text, found once: where the line of an offset starts,
// in O(log lines) (a search back per mapping or element was quadratic on a
// plan written on one line).
class line_index {
public:
  explicit line_index(std::string_view t) {
    for (std::size_t i = t.find('\n'); i != std::string_view::npos; i = t.find('\n', i + 1)) {
      newlines_.push_back(i);
    }
  }
  /// The last newline at or before `pos`, or npos.
  [[nodiscard]] std::size_t newline_at_or_before(std::size_t pos) const {
    const auto it = std::upper_bound(newlines_.begin(), newlines_.end(), pos);
    return it == newlines_.begin() ? std::string_view::npos : *std::prev(it);
  }
  /// The offset where the line holding `pos` starts.
  [[nodiscard]] std::size_t line_start(std::size_t pos) const {
    const auto nl = newline_at_or_before(pos);
    return nl == std::string_view::npos ? 0 : nl + 1;
  }

private:
  std::vector<std::size_t> newlines_;
};

class json_scanner {
public:
  json_scanner(std::string_view t, source& s) : t_(t), s_(s), lines_(t) {}
  void run() {
    skip();
    value("");
  }

private:
  std::string_view t_;
  source& s_;
  line_index lines_;
  std::size_t i_ = 0;

  void skip() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) {
      ++i_;
    }
  }
  std::string string_token() {
    // The text is valid JSON (parsed before): decode only what keys need.
    std::string out;
    ++i_;
    while (i_ < t_.size() && t_[i_] != '"') {
      if (t_[i_] == '\\') {
        ++i_;
        const char e = t_[i_];
        if (e == 'u') {
          out += "\\u" + std::string(t_.substr(i_ + 1, 4)); // not in OSCAL keys we look up
          i_ += 5;
          continue;
        }
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
        ++i_;
        continue;
      }
      out += t_[i_++];
    }
    ++i_;
    return out;
  }
  void value(const std::string& ptr) {
    skip();
    const std::size_t b = i_;
    if (t_[i_] == '{') {
      ++i_;
      mapping_place place;
      place.insert_at = i_;
      std::size_t j = i_;
      while (j < t_.size() && (t_[j] == ' ' || t_[j] == '\t' || t_[j] == '\r' || t_[j] == '\n')) {
        ++j;
      }
      const auto nl = lines_.newline_at_or_before(std::min(j, t_.size() - 1));
      place.indent = nl != std::string_view::npos && nl >= i_ ? std::string(t_.substr(nl + 1, j - nl - 1)) : " ";
      place.empty = t_[j] == '}';
      s_.places[ptr] = place;
      skip();
      if (t_[i_] == '}') {
        ++i_;
        return;
      }
      for (;;) {
        skip();
        const std::string key = string_token();
        skip();
        ++i_; // ':'
        value(ptr + "/" + escape_pointer_token(key));
        skip();
        if (t_[i_] == ',') {
          ++i_;
          continue;
        }
        ++i_; // '}'
        return;
      }
    }
    if (t_[i_] == '[') {
      ++i_;
      skip();
      if (t_[i_] == ']') {
        ++i_;
        return;
      }
      for (std::size_t n = 0;; ++n) {
        value(ptr + "/" + std::to_string(n));
        skip();
        if (t_[i_] == ',') {
          ++i_;
          continue;
        }
        ++i_;
        return;
      }
    }
    if (t_[i_] == '"') {
      (void)string_token();
    } else {
      while (i_ < t_.size() && std::string_view(",}] \t\r\n").find(t_[i_]) == std::string_view::npos) {
        ++i_;
      }
    }
    s_.values[ptr] = {b, i_};
  }
};

// YAML: the tree as JSON (scalars as strings), spans and mapping places.
json yaml_to_json(const ynode& n, const std::string& ptr, source& s, std::string_view text, const line_index& lines) {
  switch (n.t) {
  case ynode::type::null: return nullptr;
  case ynode::type::scalar: s.values[ptr] = {n.begin, n.end}; return n.text;
  case ynode::type::sequence: {
    json a = json::array();
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      a.push_back(yaml_to_json(n.items[i], ptr + "/" + std::to_string(i), s, text, lines));
    }
    return a;
  }
  case ynode::type::mapping: {
    json o = json::object();
    if (!n.pairs.empty()) {
      // Block mappings: a new member goes on its own line before the first.
      const auto& k = n.pairs.front().first;
      const std::size_t ls = k.begin == 0 ? 0 : lines.line_start(k.begin - 1);
      const bool block = text.substr(ls, k.begin - ls).find_first_not_of(" -") == std::string_view::npos;
      if (block && !k.merged) {
        s.places[ptr] = {k.begin, std::string(k.column - 1, ' '), false};
      }
    }
    for (const auto& [k, v] : n.pairs) {
      if (o.contains(k.text)) {
        continue;
      }
      o[k.text] = yaml_to_json(v, ptr + "/" + escape_pointer_token(k.text), s, text, lines);
    }
    return o;
  }
  }
  return nullptr;
}

// XML: OSCAL's XML elements in the JSON shape. Repeated elements become the
// arrays JSON names in the plural; prose (markup) becomes its text.
const std::map<std::string, std::string, std::less<>>& plurals() {
  static const std::map<std::string, std::string, std::less<>> p{
      {"information-type", "information-types"},
      {"component", "components"},
      {"prop", "props"},
      {"link", "links"},
      {"role", "roles"},
      {"party", "parties"},
      {"location", "locations"},
      {"user", "users"},
      {"inventory-item", "inventory-items"},
      {"implemented-requirement", "implemented-requirements"},
      {"by-component", "by-components"},
      {"statement", "statements"},
      {"responsible-role", "responsible-roles"},
      {"responsible-party", "responsible-parties"},
      {"set-parameter", "set-parameters"},
      {"leveraged-authorization", "leveraged-authorizations"},
      {"information-type-id", "information-type-ids"},
      {"categorization", "categorizations"},
      {"system-id", "system-ids"},
      {"protocol", "protocols"},
      {"port-range", "port-ranges"},
      {"resource", "resources"},
      {"diagram", "diagrams"},
      {"party-uuid", "party-uuids"},
      {"implemented-component", "implemented-components"},
      {"authorized-privilege", "authorized-privileges"},
      {"function-performed", "functions-performed"},
      {"role-id", "role-ids"},
      {"revision", "revisions"},
      {"document-id", "document-ids"},
      {"rlink", "rlinks"},
      {"citation", "citations"},
      {"hash", "hashes"},
      {"value", "values"},
      {"export", "exports"},
      {"inherited", "inherited"},
      {"satisfied", "satisfied"},
      {"provided", "provided"},
      {"responsibility", "responsibilities"},
      {"email-address", "email-addresses"},
      {"telephone-number", "telephone-numbers"},
      {"address", "addresses"},
      {"member-of-organization", "member-of-organizations"},
      {"external-id", "external-ids"},
      {"addr-line", "addr-lines"},
      {"location-uuid", "location-uuids"},
  };
  return p;
}

bool markup(std::string_view name) {
  return name == "description" || name == "remarks" || name == "adjustment-justification" || name == "statement-text" ||
         name == "purpose" || name == "p";
}

std::string text_of(const pugi::xml_node& n) {
  std::string out;
  for (auto d : n.children()) {
    if (d.type() == pugi::node_pcdata || d.type() == pugi::node_cdata) {
      out += d.value();
    } else if (d.type() == pugi::node_element) {
      out += text_of(d);
    }
  }
  return out;
}

// Refuses elements nested deeper than a model file nests JSON by default
// (read_limits::max_depth), without recursion: reading the plan recurses per
// level (elements, prose), which must not run out of stack.
void check_xml_depth(const pugi::xml_node& root, std::string_view text) {
  constexpr std::size_t most = read_limits{}.max_depth;
  std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{root, 1}};
  while (!stack.empty()) {
    const auto [n, depth] = stack.back();
    stack.pop_back();
    if (depth > most) {
      const auto at = n.offset_debug() > 0 ? static_cast<std::size_t>(n.offset_debug()) - 1 : 0;
      const auto [line, col] = line_column(text, at);
      throw model_error(std::to_string(line) + ":" + std::to_string(col),
                        "XML: elements nested deeper than " + std::to_string(most) + " levels");
    }
    for (auto c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) {
        stack.emplace_back(c, depth + 1);
      }
    }
  }
}

std::string_view local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

class xml_reader {
public:
  xml_reader(std::string_view t, source& s) : t_(t), s_(s), lines_(t) {}

  json element(const pugi::xml_node& e, const std::string& ptr) {
    const std::size_t lt = static_cast<std::size_t>(e.offset_debug()) - 1;
    s_.elements[ptr] = {lt, end_of(e, lt)};
    const std::string_view name = local(e);
    bool children = false;
    for (auto c : e.children()) {
      children |= c.type() == pugi::node_element;
    }
    if (markup(name) && (children || !e.attributes().empty())) {
      return text_of(e);
    }
    if (!children && e.attributes().empty()) {
      // A text value: its span, white space around it excluded.
      const auto pc = e.first_child();
      if (pc && (pc.type() == pugi::node_pcdata) && pc.offset_debug() >= 0) {
        const auto b = static_cast<std::size_t>(pc.offset_debug());
        const std::size_t stop = t_.find('<', b);
        std::size_t lo = b;
        std::size_t hi = stop == std::string_view::npos ? t_.size() : stop;
        while (lo < hi && std::isspace(static_cast<unsigned char>(t_[lo]))) {
          ++lo;
        }
        while (hi > lo && std::isspace(static_cast<unsigned char>(t_[hi - 1]))) {
          --hi;
        }
        s_.values[ptr] = {lo, hi};
      } else if (!pc) {
        // An empty element <x/> or <x></x>: the value would go inside.
        s_.values[ptr] = {lt, lt};
      }
      std::string v = text_of(e);
      const auto b = v.find_first_not_of(" \t\r\n");
      const auto en = v.find_last_not_of(" \t\r\n");
      return b == std::string::npos ? std::string() : v.substr(b, en - b + 1);
    }
    json o = json::object();
    for (auto a : e.attributes()) {
      std::string_view an = a.name();
      if (an.substr(0, 5) == "xmlns") {
        continue;
      }
      o[std::string(an)] = a.value();
    }
    std::map<std::string, std::size_t> counts;
    for (auto c : e.children()) {
      if (c.type() == pugi::node_element) {
        ++counts[std::string(local(c))];
      }
    }
    // The place for a new child: before the first child element's line.
    if (auto first = e.first_child(); first) {
      for (auto c : e.children()) {
        if (c.type() == pugi::node_element) {
          const std::size_t clt = static_cast<std::size_t>(c.offset_debug()) - 1;
          s_.places[ptr] = insertion_before(t_, lines_.line_start(clt), clt);
          break;
        }
      }
    }
    for (auto c : e.children()) {
      if (c.type() != pugi::node_element) {
        continue;
      }
      const std::string cn(local(c));
      const auto pl = plurals().find(cn);
      if (pl != plurals().end() || counts[cn] > 1) {
        const std::string key = pl != plurals().end() ? pl->second : cn;
        json& arr = o[key];
        if (!arr.is_array()) {
          arr = json::array();
        }
        arr.push_back(element(c, ptr + "/" + escape_pointer_token(key) + "/" + std::to_string(arr.size())));
      } else {
        o[cn] = element(c, ptr + "/" + escape_pointer_token(cn));
      }
    }
    return o;
  }

private:
  std::string_view t_;
  source& s_;
  line_index lines_;

  // Offset after an element's end tag.
  std::size_t end_of(const pugi::xml_node& e, std::size_t lt) const {
    const std::string qname = e.name();
    const std::size_t gt = t_.find('>', lt);
    if (gt != std::string_view::npos && gt > 0 && t_[gt - 1] == '/') {
      return gt + 1;
    }
    // The last child's end, then this element's end tag.
    std::size_t from = gt;
    if (auto last = e.last_child(); last && last.offset_debug() >= 0) {
      from = static_cast<std::size_t>(last.offset_debug());
    }
    const std::size_t close = t_.find("</" + qname, from);
    if (close == std::string_view::npos) {
      return t_.size();
    }
    const std::size_t cgt = t_.find('>', close);
    return cgt == std::string_view::npos ? t_.size() : cgt + 1;
  }
};

} // namespace

mapping_place insertion_before(std::string_view text, std::size_t line_start, std::size_t pos) {
  const std::string_view before = text.substr(line_start, pos - line_start);
  if (before.find_first_not_of(" \t") == std::string_view::npos) {
    return {line_start, std::string(before), false};
  }
  return {pos, "", false};
}

oscal_format sniff(std::string_view text) noexcept {
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  if (i < text.size() && text[i] == '<') {
    return oscal_format::xml;
  }
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) {
    return oscal_format::json;
  }
  return oscal_format::yaml;
}

source read_source(std::string_view text) {
  source s;
  s.format = sniff(text);
  switch (s.format) {
  case oscal_format::json:
    s.root = parse_json_strict(text, {});
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
      fail("", "byte order mark before the JSON text");
    }
    json_scanner(text, s).run();
    break;
  case oscal_format::yaml: {
    const auto tree = parse_yaml(text, "");
    s.root = yaml_to_json(tree, "", s, text, line_index(text));
    break;
  }
  case oscal_format::xml: {
    pugi::xml_document doc;
    const auto r = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                                   pugi::encoding_utf8);
    if (!r) {
      const auto [line, col] = line_column(text, static_cast<std::size_t>(r.offset));
      throw model_error(std::to_string(line) + ":" + std::to_string(col), std::string("XML: ") + r.description());
    }
    const auto root = doc.document_element();
    check_xml_depth(root, text);
    const std::string name(local(root));
    xml_reader x(text, s);
    s.root = json::object();
    s.root[name] = x.element(root, "/" + escape_pointer_token(name));
    break;
  }
  }
  return s;
}

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
