// SPDX-License-Identifier: Apache-2.0
#include "infoclass/classification.hpp"

#include "infoclass/error.hpp"

#include "infoclass/version.hpp"
#include <algorithm>

namespace infoclass::inline INFOCLASS_ABI {

classification::classification(sized /*tag*/, std::size_t n) {
  if (n > max_properties) {
    throw model_error("", "a classification has at most " + std::to_string(max_properties) + " properties");
  }
  size_ = static_cast<std::uint8_t>(n);
  std::fill(levels_.begin(), levels_.begin() + static_cast<std::ptrdiff_t>(n), unassessed);
}

classification::classification(std::initializer_list<level_t> levels) : classification(sized{}, levels.size()) {
  std::copy(levels.begin(), levels.end(), levels_.begin());
}

classification classification::none(std::size_t n) { return {sized{}, n}; }

classification classification::of(std::initializer_list<std::optional<level_t>> levels) {
  classification c(sized{}, levels.size());
  std::size_t p = 0;
  for (const auto& l : levels) {
    if (l && *l >= not_applicable) {
      throw model_error("", "level " + std::to_string(*l) + " is not a level (std::nullopt is unassessed)");
    }
    if (l) {
      c.set(p, *l);
    }
    ++p;
  }
  return c;
}

std::optional<level_t> classification::get(std::size_t p) const {
  level_t l = raw(p);
  if (l >= not_applicable) {
    return std::nullopt;
  }
  return l;
}

level_t classification::raw(std::size_t p) const {
  if (p >= size_) {
    throw model_error("property index " + std::to_string(p),
                      "out of range: the classification has " + std::to_string(size_) + " properties");
  }
  return levels_[p];
}

bool classification::all_unassessed() const noexcept {
  return std::all_of(levels_.begin(), levels_.begin() + size_, [](level_t l) { return l == unassessed; });
}

void classification::set(std::size_t p, level_t level) {
  if (p >= size_) {
    throw model_error("property index " + std::to_string(p),
                      "out of range: the classification has " + std::to_string(size_) + " properties");
  }
  levels_[p] = level;
}

namespace {
// Rank for join: n/a < unassessed < level 0 < level 1 < ...
int rank(level_t l) {
  if (l == classification::not_applicable) {
    return -2;
  }
  if (l == classification::unassessed) {
    return -1;
  }
  return l;
}
} // namespace

classification classification::join(const classification& o) const {
  if (o.size_ != size_) {
    throw model_error("classification::join", "different numbers of properties (" + std::to_string(size_) + " and " +
                                                  std::to_string(o.size_) + ")");
  }
  classification r = *this;
  for (std::size_t i = 0; i < size_; ++i) {
    if (rank(o.levels_[i]) > rank(r.levels_[i])) {
      r.levels_[i] = o.levels_[i];
    }
  }
  return r;
}

bool classification::dominated_by(const classification& o) const {
  if (o.size_ != size_) {
    return false;
  }
  for (std::size_t i = 0; i < size_; ++i) {
    if (rank(levels_[i]) > rank(o.levels_[i])) {
      return false;
    }
  }
  return true;
}

std::string classification::to_string(const scheme& s) const {
  std::string out;
  for (std::size_t i = 0; i < size_ && i < s.size(); ++i) {
    if (!out.empty()) {
      out += ' ';
    }
    out += s.properties[i].key;
    if (levels_[i] == unassessed) {
      out += '-';
    } else if (levels_[i] == not_applicable) {
      out += "=na";
    } else {
      out += std::to_string(levels_[i]);
    }
  }
  return out;
}

classification classification::parse(const scheme& s, std::string_view text) {
  auto c = classification::none(s.size());
  std::vector<bool> seen(s.size(), false);
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == ',')) {
      ++pos;
    }
    if (pos >= text.size()) {
      break;
    }
    std::size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != ',') {
      ++end;
    }
    std::string_view tok = text.substr(pos, end - pos);
    pos = end;
    // Longest property key that prefixes the token.
    std::optional<std::size_t> prop;
    std::size_t klen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto& k = s.properties[i].key;
      if (tok.size() > k.size() && tok.substr(0, k.size()) == k && k.size() > klen) {
        prop = i;
        klen = k.size();
      }
    }
    if (!prop) {
      throw model_error("'" + std::string(tok) + "'", "does not start with a property key of scheme " + s.id);
    }
    std::string_view val = tok.substr(klen);
    if (!val.empty() && (val[0] == '=' || val[0] == ':')) {
      val.remove_prefix(1);
    }
    if (seen[*prop]) {
      throw model_error("'" + std::string(tok) + "'", "property " + s.properties[*prop].key + " given twice");
    }
    seen[*prop] = true;
    if (val == "-") {
      continue;
    }
    if (val == "na") {
      if (!s.properties[*prop].allows_not_applicable) {
        throw model_error("'" + std::string(tok) + "'",
                          "property " + s.properties[*prop].key + " cannot be not applicable in scheme " + s.id);
      }
      c.set_not_applicable(*prop);
      continue;
    }
    auto l = s.find_level(*prop, val);
    if (!l) {
      throw model_error("'" + std::string(tok) + "'", "'" + std::string(val) + "' is not a level of property " +
                                                          s.properties[*prop].key + " (0.." +
                                                          std::to_string(s.levels(*prop) - 1) + ")");
    }
    c.set(*prop, *l);
  }
  return c;
}

} // namespace infoclass::inline INFOCLASS_ABI
