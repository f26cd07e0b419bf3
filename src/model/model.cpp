#include "infoclass/model.hpp"

#include "infoclass/error.hpp"
#include "infoclass/unicode.hpp"

#include <algorithm>
#include <array>

namespace infoclass {

std::string_view to_string(override_effect e) noexcept {
  switch (e) {
  case override_effect::cumulation: return "cumulation";
  case override_effect::distribution: return "distribution";
  case override_effect::manual: break;
  }
  return "manual";
}

std::optional<override_effect> parse_override_effect(std::string_view w) noexcept {
  for (auto e : {override_effect::cumulation, override_effect::distribution, override_effect::manual}) {
    if (to_string(e) == w) {
      return e;
    }
  }
  return std::nullopt;
}

bool valid_asset_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > max_id_bytes) {
    return false;
  }
  if (unicode::ascii(id)) {
    // Printable ASCII; no space at either end.
    for (const char c : id) {
      if (c < 0x20 || c == 0x7F) {
        return false;
      }
    }
    return id.front() != ' ' && id.back() != ' ';
  }
  if (!unicode::valid_utf8(id) || unicode::trim(id).size() != id.size()) {
    return false;
  }
  for (std::size_t i = 0; i < id.size();) {
    const auto c = static_cast<unsigned char>(id[i]);
    char32_t cp = c;
    std::size_t n = 1;
    if (c >= 0xF0) {
      cp = c & 0x07U;
      n = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0FU;
      n = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1FU;
      n = 2;
    }
    for (std::size_t k = 1; k < n; ++k) {
      cp = (cp << 6U) | (static_cast<unsigned char>(id[i + k]) & 0x3FU);
    }
    if (unicode::is_control(cp)) {
      return false;
    }
    i += n;
  }
  return true;
}

std::string_view asset_id_rule() noexcept {
  return "an asset id is 1..256 bytes of UTF-8 text without control characters and without white space at "
         "either end";
}

bool valid_date(std::string_view d) noexcept {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') {
    return false;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') {
      return false;
    }
  }
  auto num = [&](std::size_t a, std::size_t n) {
    int v = 0;
    for (std::size_t i = a; i < a + n; ++i) {
      v = v * 10 + (d[i] - '0');
    }
    return v;
  };
  int y = num(0, 4);
  int m = num(5, 2);
  int day = num(8, 2);
  if (m < 1 || m > 12 || day < 1) {
    return false;
  }
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = days[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
  return day <= max;
}

model::model() : model(scheme::preset("se-klassa")) {}

model::model(std::string_view preset_id) : model(scheme::preset(preset_id)) {}

model::model(std::shared_ptr<const scheme> s, infoclass::policy p)
    : scheme_(std::move(s)), ids_(std::make_shared<detail::id_table>()) {
  if (!scheme_) {
    throw model_error("/scheme", "no scheme given");
  }
  scheme_->validate();
  scheme_size_ = scheme_->size();
  resolved_ = resolve(p, *scheme_);
  policy_ = std::move(p);
  owners_.intern("");
  groups_.intern("");
}

void model::set_policy(infoclass::policy p) {
  auto r = resolve(p, *scheme_);
  std::vector<std::int8_t> declared(types_.size(), -1);
  for (std::size_t e = 0; e < e_from_.size(); ++e) {
    if (e_from_[e] == nil) {
      continue;
    }
    auto& d = declared[e_type_[e]];
    if (d < 0) {
      d = r.find_type(types_.name(e_type_[e])) ? 1 : 0;
    }
    if (d == 0) {
      throw model_error("/policy/types", "dependency type '" + std::string(types_.name(e_type_[e])) + "' of " +
                                             std::string(id(e_from_[e])) + " -> " + std::string(id(e_to_[e])) +
                                             " would no longer be declared");
    }
  }
  resolved_ = std::move(r);
  policy_ = std::move(p);
  record({model_change::what::structure, 0, 0});
}

std::optional<vertex_type> model::find(std::string_view id) const {
  if (!unicode::ascii(id)) {
    const std::string n = unicode::nfc(id); // ids are stored in NFC
    const auto v = ids_->find(n);
    return v == detail::id_table::none ? std::nullopt : std::optional<vertex_type>(v);
  }
  const auto v = ids_->find(id);
  if (v == detail::id_table::none) {
    return std::nullopt;
  }
  return v;
}

vertex_type model::vertex(std::string_view id) const {
  auto v = find(id);
  if (!v) {
    throw model_error(std::string(id), "no such asset");
  }
  return *v;
}

void model::validate_asset(const asset& a) const {
  const auto& s = *scheme_;
  if (!valid_asset_id(a.id)) {
    throw model_error(a.id.empty() ? std::string("(empty id)") : a.id, std::string(asset_id_rule()));
  }
  auto fail = [&](const std::string& field, const std::string& why) { throw model_error(a.id, field + ": " + why); };
  if (!valid_kind(a.kind)) {
    fail("kind", "'" + a.kind + "' is not a kind (information, process, application, ... or a lower-case word)");
  }
  auto check = [&](const classification& c, const char* field, bool allow_na) {
    if (c.size() != s.size()) {
      fail(field,
           "has " + std::to_string(c.size()) + " properties, scheme " + s.id + " has " + std::to_string(s.size()));
    }
    for (std::size_t p = 0; p < s.size(); ++p) {
      level_t l = c.raw(p);
      if (l == classification::unassessed) {
        continue;
      }
      if (l == classification::not_applicable) {
        if (!allow_na || !s.properties[p].allows_not_applicable) {
          fail(std::string(field) + "/" + s.properties[p].key,
               "not applicable is not allowed here (scheme " + s.id + ")");
        }
        if (a.kind != "information") {
          fail(std::string(field) + "/" + s.properties[p].key, "not applicable is allowed for information assets only");
        }
        continue;
      }
      if (l >= s.levels(p)) {
        fail(std::string(field) + "/" + s.properties[p].key,
             "level " + std::to_string(l) + " is outside 0.." + std::to_string(s.levels(p) - 1) + " of scheme " + s.id);
      }
    }
  };
  check(a.own, "classification", true);
  if (a.implemented) {
    check(*a.implemented, "implemented", false);
  }
  if (!a.review_by.empty() && !valid_date(a.review_by)) {
    fail("review_by", "'" + a.review_by + "' is not a date YYYY-MM-DD");
  }
  for (const auto& [p, o] : a.overrides) {
    if (p >= s.size()) {
      fail("overrides", "property index " + std::to_string(p) + " out of range");
    }
    const std::string f = "overrides/" + s.properties[p].key;
    if (o.level >= s.levels(p)) {
      fail(f + "/level", "level " + std::to_string(o.level) + " is outside 0.." + std::to_string(s.levels(p) - 1) +
                             " of scheme " + s.id);
    }
    if (std::all_of(o.justification.begin(), o.justification.end(),
                    [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
      fail(f + "/justification", "an override needs a justification");
    }
  }
  for (std::size_t i = 0; i < a.measures.size(); ++i) {
    if (a.measures[i].empty() || a.measures[i].size() > 64) {
      fail("measures/" + std::to_string(i), "a measure id must be 1..64 characters");
    }
    if (std::find(a.measures.begin(), a.measures.begin() + static_cast<std::ptrdiff_t>(i), a.measures[i]) !=
        a.measures.begin() + static_cast<std::ptrdiff_t>(i)) {
      fail("measures/" + std::to_string(i), "measure '" + a.measures[i] + "' listed twice");
    }
  }
  constexpr std::size_t max_text = detail::string_column::max_length;
  if (a.name.size() > max_text) {
    fail("name", "longer than 16 MiB");
  }
  if (a.justification.size() > max_text) {
    fail("justification", "longer than 16 MiB");
  }
  if (a.answers && a.answers->rules.empty()) {
    fail("answers/rules", "the rule set id is missing");
  }
  for (const auto& [k, v] : a.attributes) {
    if (k.empty()) {
      fail("attributes", "empty attribute name");
    }
    if (v.empty()) {
      fail("attributes/" + k, "empty JSON value");
    }
  }
}

namespace {
std::uint32_t encode_date(std::string_view d) {
  if (d.empty()) {
    return 0;
  }
  auto num = [&](std::size_t a, std::size_t n) {
    std::uint32_t v = 0;
    for (std::size_t i = a; i < a + n; ++i) {
      v = v * 10 + static_cast<std::uint32_t>(d[i] - '0');
    }
    return v;
  };
  return num(0, 4) * 10000 + num(5, 2) * 100 + num(8, 2);
}

std::string decode_date(std::uint32_t x) {
  std::string out(10, '-');
  auto put = [&](std::size_t at, std::size_t n, std::uint32_t v) {
    for (std::size_t i = at + n; i-- > at;) {
      out[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, 4, x / 10000);
  put(5, 2, x / 100 % 100);
  put(8, 2, x % 100);
  return out;
}

const std::map<std::size_t, override_entry> no_overrides;
const std::vector<std::string> no_measures;
} // namespace

classification model::own(vertex_type v) const {
  classification c(scheme_size_);
  for (std::size_t p = 0; p < scheme_size_; ++p) {
    c.set(p, own_[v * scheme_size_ + p]);
  }
  return c;
}

const std::map<std::size_t, override_entry>& model::overrides(vertex_type v) const noexcept {
  const auto* c = cold(v);
  return c ? c->overrides : no_overrides;
}

const std::vector<std::string>& model::measures(vertex_type v) const noexcept {
  const auto* c = cold(v);
  return c ? c->measures : no_measures;
}

asset model::operator[](vertex_type v) const {
  asset a;
  a.id = id(v);
  a.kind = kind(v);
  a.name = name_[v];
  a.owner = owner(v);
  a.own = own(v);
  a.justification = justification_[v];
  if (review_[v] != 0) {
    a.review_by = decode_date(review_[v]);
  }
  if (const auto* c = cold(v)) {
    a.implemented = c->implemented;
    a.overrides = c->overrides;
    a.attributes = c->attributes;
    a.measures = c->measures;
    a.answers = c->answers;
  }
  return a;
}

detail::id_table& model::ids_mut() {
  // Copy on write: a snapshot of the engine may still read the table.
  if (ids_.use_count() > 1) {
    ids_ = std::make_shared<detail::id_table>(*ids_);
  }
  return *ids_;
}

model::cold_fields& model::cold_for_write(vertex_type v) {
  if (cold_[v] == 0) {
    colds_.emplace_back();
    cold_[v] = static_cast<std::uint32_t>(colds_.size());
  }
  return colds_[cold_[v] - 1];
}

void model::push_asset_slots() {
  kind_.push_back(0);
  owner_.push_back(0);
  name_.push_back({});
  justification_.push_back({});
  review_.push_back(0);
  own_.resize(own_.size() + scheme_size_, classification::unassessed);
  cold_.push_back(0);
  links_.emplace_back();
}

void model::store_fields(vertex_type v, const asset& a) {
  kind_[v] = static_cast<std::uint16_t>(kinds_.intern(a.kind));
  owner_[v] = owners_.intern(a.owner);
  name_.set(v, a.name);
  justification_.set(v, a.justification);
  review_[v] = encode_date(a.review_by);
  for (std::size_t p = 0; p < scheme_size_; ++p) {
    own_[v * scheme_size_ + p] = a.own.raw(p);
  }
  const bool rare =
      a.implemented || !a.overrides.empty() || !a.attributes.empty() || !a.measures.empty() || a.answers.has_value();
  if (rare || cold_[v] != 0) {
    auto& c = cold_for_write(v);
    c.implemented = a.implemented;
    c.overrides = a.overrides;
    c.attributes = a.attributes;
    c.measures = a.measures;
    c.answers = a.answers;
  }
}

namespace {
// Strings copied out of a column (in NFC if asked), and views of the copies.
struct text_copy {
  explicit text_copy(std::span<const std::string_view> col, bool nfc = false) {
    text.reserve(col.size());
    for (const auto s : col) {
      text.push_back(nfc ? unicode::nfc(s) : std::string(s));
    }
    views.assign(text.begin(), text.end());
  }
  std::vector<std::string> text;
  std::vector<std::string_view> views;
};

void check_kind_room(const detail::string_pool& kinds, std::string_view kind, std::string_view id) {
  if (kinds.size() >= 0xFFFF && !kinds.find(kind)) {
    throw model_error(std::string(id), "kind: too many distinct kinds (65535)");
  }
}
} // namespace

namespace {
// Ids, kinds and owners are stored in NFC (a group or type name, too).
void normalise(asset& a) {
  unicode::to_nfc(a.id);
  unicode::to_nfc(a.kind);
  unicode::to_nfc(a.owner);
}

// True if any of the strings is not in NFC.
bool needs_nfc(std::span<const std::string_view> col) {
  return std::any_of(col.begin(), col.end(),
                     [](std::string_view s) { return !unicode::ascii(s) && unicode::nfc(s) != s; });
}

} // namespace

vertex_type model::add_asset(asset a) {
  normalise(a);
  validate_asset(a);
  check_kind_room(kinds_, a.kind, a.id);
  if (size() >= nil - 1) {
    throw model_error(a.id, "too many assets (2^32)");
  }
  if (ids_->find(a.id) != detail::id_table::none) {
    throw model_error(a.id, "duplicate asset id");
  }
  ids_mut().push_back(a.id);
  const vertex_type v = size();
  push_asset_slots();
  store_fields(v, a);
  record({model_change::what::structure, static_cast<std::uint32_t>(v), 0});
  return v;
}

vertex_type model::add_assets(const asset_columns& c) {
  // Ids or names that view this model's own strings would move under the
  // load: copied first (the copies are in NFC where needed).
  const auto own = [&](std::span<const std::string_view> col, const auto& store) {
    return std::any_of(col.begin(), col.end(), [&](std::string_view s) { return store.holds(s); });
  };
  // Ids, kinds and owners not in NFC are normalised first (copies).
  const bool nfc = needs_nfc(c.ids) || needs_nfc(c.kind_names) || needs_nfc(c.owner_names);
  if (nfc || own(c.ids, *ids_) || own(c.names, name_) || own(c.kind_names, kinds_) || own(c.owner_names, owners_)) {
    text_copy ids(c.ids, nfc);
    text_copy names(c.names);
    text_copy kind_names(c.kind_names, nfc);
    text_copy owner_names(c.owner_names, nfc);
    asset_columns copy = c;
    copy.ids = ids.views;
    copy.names = names.views;
    copy.kind_names = kind_names.views;
    copy.owner_names = owner_names.views;
    return add_assets(copy);
  }
  const std::size_t n = c.ids.size();
  const std::size_t P = scheme_size_;
  const auto bad = [](const std::string& why) { throw model_error("assets", why); };
  if (c.kind.size() != n) {
    bad("kind column has " + std::to_string(c.kind.size()) + " rows, ids has " + std::to_string(n));
  }
  if (!c.levels.empty() && c.levels.size() != n * P) {
    bad("levels column has " + std::to_string(c.levels.size()) + " values, expected " + std::to_string(n * P));
  }
  if (!c.owner.empty() && c.owner.size() != n) {
    bad("owner column has " + std::to_string(c.owner.size()) + " rows, ids has " + std::to_string(n));
  }
  if (!c.names.empty() && c.names.size() != n) {
    bad("names column has " + std::to_string(c.names.size()) + " rows, ids has " + std::to_string(n));
  }
  if (size() + n >= nil - 1) {
    bad("too many assets (2^32)");
  }
  // The full asset of row i, for the exact message of validate_asset.
  const auto row = [&](std::size_t i) {
    asset a;
    a.id = c.ids[i];
    a.kind = c.kind[i] < c.kind_names.size() ? std::string(c.kind_names[c.kind[i]]) : std::string("?");
    a.own = classification(P);
    for (std::size_t p = 0; p < P && !c.levels.empty(); ++p) {
      a.own.set(p, c.levels[i * P + p]);
    }
    if (!c.owner.empty() && c.owner[i] < c.owner_names.size()) {
      a.owner = c.owner_names[c.owner[i]];
    }
    if (!c.names.empty()) {
      a.name = c.names[i];
    }
    return a;
  };
  // Kinds: validated and interned once per name (pool codes; 0xFFFFFFFF = not yet).
  std::vector<std::uint32_t> kind_code(c.kind_names.size(), nil);
  std::size_t new_kinds = 0;
  std::vector<std::uint8_t> kind_info(c.kind_names.size(), 0);
  std::vector<std::uint32_t> owner_code(c.owner_names.size(), nil);
  const auto& sch = *scheme_;
  std::vector<std::uint8_t> allows_na(P);
  std::vector<level_t> top(P);
  for (std::size_t p = 0; p < P; ++p) {
    allows_na[p] = sch.properties[p].allows_not_applicable ? 1 : 0;
    top[p] = static_cast<level_t>(sch.levels(p));
  }
  // Fast path: the rows checked in passes of their own (nothing changed),
  // then the ids added at once. False if any row is bad; the row-by-row pass
  // below then finds the first bad row and its message.
  const auto fast = [&]() -> bool {
    std::uint32_t top_kind = 0;
    for (const std::uint32_t k : c.kind) {
      top_kind = std::max(top_kind, k);
    }
    if (n != 0 && top_kind >= c.kind_names.size()) {
      return false;
    }
    if (!c.owner.empty()) {
      std::uint32_t top_owner = 0;
      for (const std::uint32_t o : c.owner) {
        top_owner = std::max(top_owner, o);
      }
      if (n != 0 && top_owner >= c.owner_names.size()) {
        return false;
      }
    }
    std::vector<std::uint8_t> used(c.kind_names.size(), 0);
    for (const std::uint32_t k : c.kind) {
      used[k] = 1;
    }
    std::vector<std::uint32_t> codes(c.kind_names.size(), nil);
    std::vector<std::uint8_t> info(c.kind_names.size(), 0);
    std::size_t fresh = 0;
    for (std::size_t k = 0; k < used.size(); ++k) {
      if (used[k] == 0) {
        continue;
      }
      if (!valid_kind(c.kind_names[k])) {
        return false;
      }
      const auto known = kinds_.find(c.kind_names[k]);
      if (!known) {
        if (kinds_.size() + fresh >= 0xFFFF) {
          return false;
        }
        ++fresh;
      }
      codes[k] = known.value_or(nil - 1);
      info[k] = c.kind_names[k] == "information" ? 1 : 0;
    }
    // Per property and raw level: bit 0 allowed for any kind, bit 1 for information.
    std::vector<std::uint8_t> allowed(P * 256, 0);
    for (std::size_t p = 0; p < P; ++p) {
      for (std::size_t l = 0; l < 256; ++l) {
        const bool any = l == classification::unassessed || l < top[p];
        const bool for_info = any || (l == classification::not_applicable && allows_na[p] != 0);
        allowed[p * 256 + l] = static_cast<std::uint8_t>((any ? 1 : 0) | (for_info ? 2 : 0));
      }
    }
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
      ok &= valid_asset_id(c.ids[i]);
    }
    if (!c.names.empty()) {
      for (std::size_t i = 0; i < n; ++i) {
        ok &= c.names[i].size() <= detail::string_column::max_length;
      }
    }
    if (!c.levels.empty()) {
      const level_t* lv = c.levels.data();
      const std::uint8_t* tab = allowed.data();
      for (std::size_t i = 0; i < n; ++i) {
        const unsigned shift = info[c.kind[i]];
        for (std::size_t p = 0; p < P; ++p) {
          ok &= ((tab[p * 256 + lv[i * P + p]] >> shift) & 1U) != 0;
        }
      }
    }
    if (!ok) {
      return false;
    }
    if (ids_mut().push_back_many(c.ids.data(), n) != n) {
      return false; // a repeated id
    }
    kind_code = std::move(codes);
    kind_info = std::move(info);
    return true;
  };
  if (!fast()) {
    // Rows in order: checked, then their id added (a duplicate, also within the
    // batch, is found there). On an error the ids added are taken back, so
    // nothing is added; the first bad row is the one reported.
    auto& ids = ids_mut();
    std::size_t bytes = 0;
    for (auto id : c.ids) {
      bytes += id.size();
    }
    ids.reserve(ids.size() + n, bytes);
    // Hashes run `ahead` rows in front so that each row's first slot is in cache.
    constexpr std::size_t ahead = 64;
    std::array<std::size_t, ahead> hashes{};
    for (std::size_t i = 0; i < std::min(n, ahead); ++i) {
      hashes[i] = detail::id_table::hash(c.ids[i]);
      ids.prefetch(hashes[i]);
    }
    std::size_t i = 0;
    try {
      for (; i < n; ++i) {
        const std::string_view id = c.ids[i];
        const std::uint32_t k = c.kind[i];
        if (k >= c.kind_names.size()) {
          throw model_error(std::string(id), "kind: code " + std::to_string(k) + " outside the table of " +
                                                 std::to_string(c.kind_names.size()) + " kinds");
        }
        if (!c.owner.empty() && c.owner[i] >= c.owner_names.size()) {
          throw model_error(std::string(id), "owner: code " + std::to_string(c.owner[i]) + " outside the table of " +
                                                 std::to_string(c.owner_names.size()) + " owners");
        }
        if (kind_code[k] == nil) {
          if (!valid_kind(c.kind_names[k])) {
            validate_asset(row(i)); // throws the kind's message
          }
          const auto known = kinds_.find(c.kind_names[k]);
          if (!known) {
            // Room for this batch's new kinds too (a name listed twice counts twice).
            if (kinds_.size() + new_kinds >= 0xFFFF) {
              throw model_error(std::string(id), "kind: too many distinct kinds (65535)");
            }
            ++new_kinds;
          }
          kind_code[k] = known.value_or(nil - 1);
          kind_info[k] = c.kind_names[k] == "information" ? 1 : 0;
        }
        bool ok = valid_asset_id(id) && (c.names.empty() || c.names[i].size() <= detail::string_column::max_length);
        for (std::size_t p = 0; ok && p < P && !c.levels.empty(); ++p) {
          const level_t l = c.levels[i * P + p];
          ok = l == classification::unassessed || l < top[p] ||
               (l == classification::not_applicable && allows_na[p] && kind_info[k]);
        }
        if (!ok) {
          validate_asset(row(i)); // throws the exact message
        }
        const std::size_t h = hashes[i % ahead];
        if (i + ahead < n) {
          hashes[i % ahead] = detail::id_table::hash(c.ids[i + ahead]);
          ids.prefetch(hashes[i % ahead]);
        }
        if (!ids.push_back(id, h)) {
          throw model_error(std::string(id), "duplicate asset id");
        }
      }
    } catch (...) {
      ids.pop_back(i);
      if (c.row_out != nullptr) {
        *c.row_out = i;
      }
      throw;
    }
  }
  // Columns: nothing below can fail but for memory.
  for (std::size_t k = 0; k < kind_code.size(); ++k) {
    if (kind_code[k] != nil) {
      kind_code[k] = kinds_.intern(c.kind_names[k]);
    }
  }
  const vertex_type first = size();
  kind_.reserve(first + n);
  for (std::size_t r = 0; r < n; ++r) {
    kind_.push_back(static_cast<std::uint16_t>(kind_code[c.kind[r]]));
  }
  owner_.reserve(first + n);
  for (std::size_t r = 0; r < n; ++r) {
    std::uint32_t o = 0;
    if (!c.owner.empty()) {
      auto& oc = owner_code[c.owner[r]];
      if (oc == nil) {
        oc = owners_.intern(c.owner_names[c.owner[r]]);
      }
      o = oc;
    }
    owner_.push_back(o);
  }
  if (c.names.empty()) {
    name_.push_back_empty(n);
  } else {
    name_.push_back_many(c.names.data(), n);
  }
  justification_.push_back_empty(n);
  review_.resize(first + n, 0);
  if (c.levels.empty()) {
    own_.resize((first + n) * P, classification::unassessed);
  } else {
    own_.insert(own_.end(), c.levels.begin(), c.levels.end());
  }
  cold_.resize(first + n, 0);
  links_.resize(first + n);
  if (n != 0) {
    record({model_change::what::structure, static_cast<std::uint32_t>(first), 0});
  }
  return first;
}

void model::remove_asset(std::string_view id) {
  const auto v = vertex(id);
  const std::size_t n = size();
  std::vector<bool> keep(n, true);
  keep[v] = false;
  ids_mut().filter(keep);
  name_.filter(keep);
  justification_.filter(keep);
  const auto drop = [&](auto& col) { col.erase(col.begin() + static_cast<std::ptrdiff_t>(v)); };
  drop(kind_);
  drop(owner_);
  drop(review_);
  drop(cold_);
  own_.erase(own_.begin() + static_cast<std::ptrdiff_t>(v * scheme_size_),
             own_.begin() + static_cast<std::ptrdiff_t>((v + 1) * scheme_size_));
  links_.pop_back();
  // Dependencies of v go; vertices after v move down by one.
  for (std::size_t e = 0; e < e_from_.size(); ++e) {
    if (e_from_[e] == nil) {
      continue;
    }
    if (e_from_[e] == v || e_to_[e] == v) {
      e_from_[e] = nil;
      continue;
    }
    e_from_[e] -= e_from_[e] > v ? 1 : 0;
    e_to_[e] -= e_to_[e] > v ? 1 : 0;
  }
  compact_edges();
  record({model_change::what::structure, 0, 0});
}

void model::update_asset(const asset& given) {
  asset a = given;
  normalise(a);
  auto v = vertex(a.id);
  validate_asset(a);
  check_kind_room(kinds_, a.kind, a.id);
  store_fields(v, a);
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_level(std::string_view id, std::size_t property, std::optional<level_t> level) {
  auto v = vertex(id);
  if (property >= scheme_size_) {
    throw model_error(std::string(id), "property index " + std::to_string(property) + " out of range");
  }
  asset a = (*this)[v];
  a.own.set(property, level ? *level : classification::unassessed);
  validate_asset(a);
  own_[v * scheme_size_ + property] = a.own.raw(property);
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_classification(std::string_view id, const classification& c) {
  auto v = vertex(id);
  asset a = (*this)[v];
  a.own = c;
  validate_asset(a);
  for (std::size_t p = 0; p < scheme_size_; ++p) {
    own_[v * scheme_size_ + p] = c.raw(p);
  }
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

void model::set_override(std::string_view id, std::size_t property, override_entry o) {
  auto v = vertex(id);
  asset a = (*this)[v];
  a.overrides[property] = o;
  validate_asset(a);
  cold_for_write(v).overrides[property] = std::move(o);
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
}

bool model::clear_override(std::string_view id, std::size_t property) {
  auto v = vertex(id);
  auto* c = cold(v);
  if (c == nullptr || c->overrides.erase(property) == 0) {
    return false;
  }
  record({model_change::what::values, static_cast<std::uint32_t>(v), 0});
  return true;
}

// --- dependencies -------------------------------------------------------------

edge_type model::add_dependency(std::string_view from, std::string_view to, std::string_view type,
                                std::string_view group) {
  auto u = find(from);
  if (!u) {
    throw model_error(std::string(from) + " -> " + std::string(to), "unknown asset '" + std::string(from) + "'");
  }
  auto v = find(to);
  if (!v) {
    throw model_error(std::string(from) + " -> " + std::string(to), "unknown asset '" + std::string(to) + "'");
  }
  return add_dependency(*u, *v, type, group);
}

std::uint32_t model::check_dependency(vertex_type u, vertex_type v, std::string_view type,
                                      std::string_view group) const {
  if (u >= size() || v >= size()) {
    throw model_error("dependency", "vertex " + std::to_string(std::max(u, v)) + " out of range (" +
                                        std::to_string(size()) + " assets)");
  }
  // The error location is only built when there is an error.
  auto where = [&] { return std::string(id(u)) + " -> " + std::string(id(v)); };
  if (u == v) {
    throw model_error(where(), "a dependency of an asset on itself is not allowed");
  }
  if (!resolved_.find_type(type)) {
    throw model_error(where(), "unknown dependency type '" + std::string(type) + "' (declare it under policy.types)");
  }
  if (group.size() > 128) {
    throw model_error(where(), "redundancy group name longer than 128 bytes");
  }
  const auto t = types_.find(type);
  if (t) {
    for (std::uint32_t e = links_[u].first_out; e != nil; e = e_next_out_[e]) {
      if (e_to_[e] == v && e_type_[e] == *t) {
        throw model_error(where(), "repeated dependency of type '" + std::string(type) + "'");
      }
    }
  }
  if (e_from_.size() >= nil - 1) {
    throw model_error(where(), "too many dependencies (2^32)");
  }
  return t.value_or(nil);
}

edge_type model::add_dependency(vertex_type u, vertex_type v, std::string_view type, std::string_view group) {
  if (!unicode::ascii(type) || !unicode::ascii(group)) {
    const std::string t = unicode::nfc(type);
    const std::string g = unicode::nfc(group);
    if (t != type || g != group) {
      return add_dependency(u, v, t, g);
    }
  }
  std::uint32_t t = check_dependency(u, v, type, group);
  if (t == nil) {
    t = types_.intern(type);
  }
  const std::uint32_t e =
      push_edge(static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v), t, groups_.intern(group));
  record({model_change::what::edges, static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v)});
  return edge_at(e);
}

std::uint32_t model::push_edge(std::uint32_t u, std::uint32_t v, std::uint32_t type, std::uint32_t group) {
  const auto e = static_cast<std::uint32_t>(e_from_.size());
  e_from_.push_back(u);
  e_to_.push_back(v);
  e_type_.push_back(static_cast<std::uint16_t>(type));
  e_group_.push_back(group);
  e_next_out_.push_back(nil);
  e_next_in_.push_back(nil);
  if (links_[u].last_out == nil) {
    links_[u].first_out = e;
  } else {
    e_next_out_[links_[u].last_out] = e;
  }
  links_[u].last_out = e;
  if (links_[v].last_in == nil) {
    links_[v].first_in = e;
  } else {
    e_next_in_[links_[v].last_in] = e;
  }
  links_[v].last_in = e;
  ++links_[u].out_deg;
  ++links_[v].in_deg;
  ++live_edges_;
  return e;
}

void model::unlink_edge(std::uint32_t e) {
  const std::uint32_t u = e_from_[e];
  const std::uint32_t v = e_to_[e];
  const auto unlink = [&](std::uint32_t& first, std::uint32_t& last, auto& next) {
    std::uint32_t prev = nil;
    for (std::uint32_t f = first; f != e; f = next[f]) {
      prev = f;
    }
    (prev == nil ? first : next[prev]) = next[e];
    if (last == e) {
      last = prev;
    }
  };
  unlink(links_[u].first_out, links_[u].last_out, e_next_out_);
  unlink(links_[v].first_in, links_[v].last_in, e_next_in_);
  --links_[u].out_deg;
  --links_[v].in_deg;
  --live_edges_;
  e_from_[e] = nil;
}

// Drops dead slots (keeping the order of the others) and relinks every list.
void model::compact_edges() {
  std::size_t out = 0;
  for (std::size_t e = 0; e < e_from_.size(); ++e) {
    if (e_from_[e] == nil) {
      continue;
    }
    e_from_[out] = e_from_[e];
    e_to_[out] = e_to_[e];
    e_type_[out] = e_type_[e];
    e_group_[out] = e_group_[e];
    ++out;
  }
  for (auto* col : {&e_from_, &e_to_, &e_group_}) {
    col->resize(out);
    col->shrink_to_fit();
  }
  e_type_.resize(out);
  e_type_.shrink_to_fit();
  e_next_out_.assign(out, nil);
  e_next_in_.assign(out, nil);
  std::fill(links_.begin(), links_.end(), vertex_links{});
  for (std::size_t i = 0; i < out; ++i) {
    const auto e = static_cast<std::uint32_t>(i);
    const std::uint32_t u = e_from_[e];
    const std::uint32_t v = e_to_[e];
    (links_[u].last_out == nil ? links_[u].first_out : e_next_out_[links_[u].last_out]) = e;
    links_[u].last_out = e;
    (links_[v].last_in == nil ? links_[v].first_in : e_next_in_[links_[v].last_in]) = e;
    links_[v].last_in = e;
    ++links_[u].out_deg;
    ++links_[v].in_deg;
  }
  live_edges_ = out;
}

void model::add_dependencies(const dependency_columns& c) {
  const std::size_t E = c.from.size();
  const auto bad = [](const std::string& why) { throw model_error("dependencies", why); };
  if (c.to.size() != E || c.type.size() != E) {
    bad("from, to and type columns differ in length (" + std::to_string(E) + ", " + std::to_string(c.to.size()) + ", " +
        std::to_string(c.type.size()) + ")");
  }
  if (!c.group.empty() && c.group.size() != E) {
    bad("group column has " + std::to_string(c.group.size()) + " rows, from has " + std::to_string(E));
  }
  if (e_from_.size() + E >= nil - 1) {
    bad("too many dependencies (2^32)");
  }
  // Type or group names that view this model's own name tables would move
  // as names are added: copied first.
  const auto own = [](std::span<const std::string_view> col, const detail::string_pool& pool) {
    return std::any_of(col.begin(), col.end(), [&](std::string_view s) { return pool.holds(s); });
  };
  // Type and group names not in NFC are normalised first (copies).
  const bool nfc = needs_nfc(c.type_names) || needs_nfc(c.group_names);
  if (nfc || own(c.type_names, types_) || own(c.group_names, groups_)) {
    text_copy type_names(c.type_names, nfc);
    text_copy group_names(c.group_names, nfc);
    dependency_columns copy = c;
    copy.type_names = type_names.views;
    copy.group_names = group_names.views;
    add_dependencies(copy);
    return;
  }
  if (!add_dependencies_fast(c)) {
    add_dependencies_checked(c); // throws the first bad row's message
  }
  if (E != 0) {
    record({model_change::what::structure, 0, 0});
  }
}

// The bulk load in passes: the code columns checked whole (vectorisable
// loops), the type and group tables resolved once in order of first use, then
// every row linked with only the repeat check left per row. False, with the
// model as it was, if any row is bad: add_dependencies_checked then finds the
// first bad row and its message, as add_dependency would.
bool model::add_dependencies_fast(const dependency_columns& c) {
  const std::size_t E = c.from.size();
  const auto assets = static_cast<std::uint32_t>(size());
  const std::uint32_t* from = c.from.data();
  const std::uint32_t* to = c.to.data();
  const std::uint32_t* type = c.type.data();
  const std::uint32_t* grp = c.group.empty() ? nullptr : c.group.data();
  const std::size_t nt = c.type_names.size();
  const std::size_t ng = c.group_names.size();
  // Largest vertex and type code, self loops; group codes plus one (nil
  // wraps to 0, "no group") against the table.
  std::uint32_t top_vertex = 0;
  std::uint32_t top_type = 0;
  std::uint32_t self = 0;
  for (std::size_t i = 0; i < E; ++i) {
    top_vertex = std::max(top_vertex, std::max(from[i], to[i]));
    top_type = std::max(top_type, type[i]);
    self |= static_cast<std::uint32_t>(from[i] == to[i]);
  }
  std::uint32_t top_group = 0;
  if (grp != nullptr) {
    for (std::size_t i = 0; i < E; ++i) {
      top_group = std::max(top_group, grp[i] + 1U);
    }
  }
  if (E != 0 && (top_vertex >= assets || top_type >= nt || self != 0 || top_group > ng)) {
    return false;
  }
  // Codes in order of first use (as the row-by-row load interns them).
  std::vector<std::uint32_t> type_code(nt, nil);
  std::vector<std::uint32_t> group_code(ng, nil);
  std::vector<std::uint32_t> type_rows;  // first row of each type used, in order
  std::vector<std::uint32_t> group_uses; // group codes, in order of first use
  for (std::size_t i = 0; i < E; ++i) {
    if (type_code[type[i]] == nil) {
      type_code[type[i]] = 0;
      type_rows.push_back(static_cast<std::uint32_t>(i));
    }
  }
  if (grp != nullptr) {
    for (std::size_t i = 0; i < E; ++i) {
      const std::uint32_t g = grp[i];
      if (g != nil && group_code[g] == nil) {
        group_code[g] = 0;
        group_uses.push_back(g);
      }
    }
  }
  try {
    for (const std::uint32_t r : type_rows) {
      const std::uint32_t g = grp == nullptr ? nil : grp[r];
      check_dependency(from[r], to[r], c.type_names[type[r]], g == nil ? std::string_view{} : c.group_names[g]);
    }
  } catch (const model_error&) {
    return false;
  }
  for (const std::uint32_t g : group_uses) {
    if (c.group_names[g].size() > 128) {
      return false;
    }
  }
  const std::size_t types_before = types_.size();
  const std::size_t groups_before = groups_.size();
  for (const std::uint32_t r : type_rows) {
    type_code[type[r]] = types_.intern(c.type_names[type[r]]);
  }
  for (const std::uint32_t g : group_uses) {
    group_code[g] = groups_.intern(c.group_names[g]);
  }
  const std::size_t first = e_from_.size();
  for (auto* col : {&e_from_, &e_to_, &e_group_, &e_next_out_, &e_next_in_}) {
    col->resize(first + E); // left unset (big_allocator): each row is written whole
  }
  e_type_.resize(first + E);
  std::uint32_t* e_from = e_from_.data();
  std::uint32_t* e_to = e_to_.data();
  std::uint16_t* e_type = e_type_.data();
  std::uint32_t* e_group = e_group_.data();
  std::uint32_t* next_out = e_next_out_.data();
  std::uint32_t* next_in = e_next_in_.data();
  vertex_links* links = links_.data();
  const std::uint32_t* tcode = type_code.data();
  // Group codes by (code + 1): nil, "no group", wraps to 0, the pool's "".
  std::vector<std::uint32_t> group_code1(ng + 1, 0);
  std::copy(group_code.begin(), group_code.end(), group_code1.begin() + 1);
  const std::uint32_t* gcode1 = group_code1.data();
  for (std::size_t i = 0; i < E; ++i) {
    // Both ends' list heads and the target's list tail are random accesses:
    // fetch them some rows ahead.
    constexpr std::size_t ahead = 40;
    constexpr std::size_t tail_ahead = 12; // after the heads have arrived
    if (i + ahead < E) {
      __builtin_prefetch(links + from[i + ahead]);
      __builtin_prefetch(links + to[i + ahead]);
    }
    if (i + tail_ahead < E) {
      const std::uint32_t tail = links[to[i + tail_ahead]].last_in;
      if (tail != nil) {
        __builtin_prefetch(next_in + tail);
      }
    }
    const std::uint32_t u = from[i];
    const std::uint32_t v = to[i];
    const auto t = static_cast<std::uint16_t>(tcode[type[i]]);
    const std::uint32_t g = grp == nullptr ? 0 : gcode1[grp[i] + 1U];
    vertex_links& lu = links[u];
    for (std::uint32_t e = lu.first_out; e != nil; e = next_out[e]) {
      if (e_to[e] == v && e_type[e] == t) {
        // A repeat: take back the rows linked, and the names interned.
        live_edges_ += i;
        take_back_edges(first, i, types_before, groups_before);
        return false;
      }
    }
    const auto e = static_cast<std::uint32_t>(first + i);
    e_from[e] = u;
    e_to[e] = v;
    e_type[e] = t;
    e_group[e] = g;
    next_out[e] = nil; // the last of both lists
    next_in[e] = nil;
    (lu.last_out == nil ? lu.first_out : next_out[lu.last_out]) = e;
    lu.last_out = e;
    ++lu.out_deg;
    vertex_links& lv = links[v];
    (lv.last_in == nil ? lv.first_in : next_in[lv.last_in]) = e;
    lv.last_in = e;
    ++lv.in_deg;
  }
  live_edges_ += E;
  return true;
}

// Takes back the `rows` dependencies linked from slot `first` on (latest
// first: each is the last of its lists) and the names interned since.
void model::take_back_edges(std::size_t first, std::size_t rows, std::size_t types_before, std::size_t groups_before) {
  for (std::size_t j = first + rows; j-- > first;) {
    unlink_edge(static_cast<std::uint32_t>(j));
  }
  for (auto* col : {&e_from_, &e_to_, &e_group_, &e_next_out_, &e_next_in_}) {
    col->resize(first);
  }
  e_type_.resize(first);
  types_.truncate(types_before);
  groups_.truncate(groups_before);
}

// Row by row, each checked before it is added; the first bad row throws (its
// number in c.row_out) and nothing is added.
void model::add_dependencies_checked(const dependency_columns& c) {
  const std::size_t E = c.from.size();
  const std::size_t types_before = types_.size();
  const std::size_t groups_before = groups_.size();
  // Type and group tables: checked and interned on first use.
  std::vector<std::uint32_t> type_code(c.type_names.size(), nil);
  std::vector<std::uint32_t> group_code(c.group_names.size(), nil);
  // Only bad batches come here (see add_dependencies_fast): rows are appended
  // one by one, as add_dependency does.
  const std::size_t first = e_from_.size();
  const std::size_t assets = size();
  std::size_t i = 0;
  try {
    for (; i < E; ++i) {
      const std::uint32_t u = c.from[i];
      const std::uint32_t v = c.to[i];
      const std::uint32_t tc = c.type[i];
      const std::uint32_t gc = c.group.empty() ? nil : c.group[i];
      if (u >= assets || v >= assets) {
        throw model_error("dependency", "vertex " + std::to_string(std::max(u, v)) + " out of range (" +
                                            std::to_string(assets) + " assets)");
      }
      if (tc >= c.type_names.size()) {
        throw model_error(std::string(id(u)) + " -> " + std::string(id(v)),
                          "type code " + std::to_string(tc) + " outside the table of " +
                              std::to_string(c.type_names.size()) + " types");
      }
      if (gc != nil && gc >= c.group_names.size()) {
        throw model_error(std::string(id(u)) + " -> " + std::string(id(v)),
                          "group code " + std::to_string(gc) + " outside the table of " +
                              std::to_string(c.group_names.size()) + " groups");
      }
      const std::string_view group = gc == nil ? std::string_view{} : c.group_names[gc];
      if (type_code[tc] == nil) {
        check_dependency(u, v, c.type_names[tc], group); // messages for undeclared types
        type_code[tc] = types_.intern(c.type_names[tc]);
      }
      std::uint32_t g = 0;
      if (gc != nil) {
        if (group_code[gc] == nil) {
          check_dependency(u, v, c.type_names[tc], group);
          group_code[gc] = groups_.intern(group);
        }
        g = group_code[gc];
      }
      const std::uint32_t t = type_code[tc];
      bool fine = u != v;
      for (std::uint32_t e = links_[u].first_out; fine && e != nil; e = e_next_out_[e]) {
        fine = !(e_to_[e] == v && e_type_[e] == t);
      }
      if (!fine) {
        check_dependency(u, v, c.type_names[tc], group); // throws the exact message
      }
      push_edge(u, v, t, g);
    }
  } catch (...) {
    if (c.row_out != nullptr) {
      *c.row_out = i;
    }
    take_back_edges(first, i, types_before, groups_before);
    throw;
  }
}

bool model::remove_dependency(std::string_view from, std::string_view to, std::string_view type) {
  auto u = find(from);
  auto v = find(to);
  const auto t = types_.find(unicode::nfc(type));
  if (!u || !v || !t) {
    return false;
  }
  for (std::uint32_t e = links_[*u].first_out; e != nil; e = e_next_out_[e]) {
    if (e_to_[e] == *v && e_type_[e] == *t) {
      unlink_edge(e);
      const std::size_t dead = e_from_.size() - live_edges_;
      if (dead > 4096 && dead > live_edges_) {
        compact_edges();
      }
      record({model_change::what::edges, static_cast<std::uint32_t>(*u), static_cast<std::uint32_t>(*v)});
      return true;
    }
  }
  return false;
}

std::vector<dependency_view> model::dependencies() const {
  std::vector<dependency_view> out;
  out.reserve(live_edges_);
  for (std::size_t v = 0; v < size(); ++v) {
    for (std::uint32_t e = links_[v].first_out; e != nil; e = e_next_out_[e]) {
      out.push_back({id(v), id(e_to_[e]), types_.name(e_type_[e]), groups_.name(e_group_[e])});
    }
  }
  return out;
}

std::size_t model::storage_bytes() const noexcept {
  const auto vec = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t b = ids_->bytes() + name_.bytes() + justification_.bytes();
  b += vec(kind_) + vec(owner_) + vec(review_) + vec(own_) + vec(cold_) + vec(links_);
  b += vec(e_from_) + vec(e_to_) + vec(e_group_) + vec(e_next_out_) + vec(e_next_in_) + vec(e_type_);
  b += vec(colds_);
  return b;
}

std::optional<std::span<const model_change>> model::changes_since(std::uint64_t rev) const {
  if (rev < journal_base_ || rev > revision()) {
    return std::nullopt;
  }
  return std::span<const model_change>(journal_).subspan(static_cast<std::size_t>(rev - journal_base_));
}

void model::record(model_change c) {
  // The journal is bounded: an engine that falls further behind recomputes.
  constexpr std::size_t max_journal = 1u << 16;
  if (journal_.size() >= max_journal) {
    journal_base_ += journal_.size();
    journal_.clear();
  }
  journal_.push_back(c);
}

bool operator==(const model& a, const model& b) {
  if (!(*a.scheme_ == *b.scheme_) || !(a.policy_ == b.policy_) || a.size() != b.size() ||
      a.num_dependencies() != b.num_dependencies()) {
    return false;
  }
  for (std::size_t v = 0; v < a.size(); ++v) {
    if (!(a[v] == b[v]) || a.out_degree(v) != b.out_degree(v)) {
      return false;
    }
    for (std::uint32_t ea = a.links_[v].first_out, eb = b.links_[v].first_out; ea != model::nil;
         ea = a.e_next_out_[ea], eb = b.e_next_out_[eb]) {
      if (a.id(a.e_to_[ea]) != b.id(b.e_to_[eb]) || a.edge_kind(ea) != b.edge_kind(eb) ||
          a.edge_group(ea) != b.edge_group(eb)) {
        return false;
      }
    }
  }
  return true;
}

} // namespace infoclass
