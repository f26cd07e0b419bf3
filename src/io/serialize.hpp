// SPDX-License-Identifier: Apache-2.0
// Boost.Serialization support: one serialize() per class, versioned, used by
// the archive functions of io/archive.hpp and by Python pickling.
//
// Loading never trusts the archive. Every string and container is written with
// an explicit element count, and on load the count is checked against the bytes
// the archive holds (`detail::archive_budget`) before anything is allocated, so
// a corrupt or hostile count cannot make the loader allocate without bound. A
// model is rebuilt through the validating model API (add_asset,
// add_dependency), and an assessment's arrays are checked for consistent sizes
// and indices before use. Every class has a version (BOOST_CLASS_VERSION) so
// that archives written by this release stay readable.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/model.hpp"
#include "model/access.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/version.hpp>

#include "infoclass/version.hpp"
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::detail {

/// Upper bound for any element count read from an archive: the size of the
/// payload being loaded (every element takes at least one byte). Set by the
/// archive loader; unlimited when serializing.
inline thread_local std::uint64_t archive_budget = std::numeric_limits<std::uint64_t>::max();

/// An element name in storage padded to 32 bytes. Boost 1.74's XML loader
/// compares an end tag from the input with the expected name by reading as
/// many bytes of the name as the tag has; padding keeps that read inside the
/// name (the loader admits no tag longer than 31 bytes, see archive.cpp).
template <std::size_t N> struct padded_name {
  static_assert(N <= 32, "element names are shorter than 32 bytes");
  char s[32]{};
  constexpr padded_name(const char (&n)[N]) { // NOLINT: implicit on purpose
    for (std::size_t i = 0; i < N; ++i) {
      s[i] = n[i];
    }
  }
};
template <padded_name P> const char* tag() noexcept { return P.s; }

/// Upper bounds for the asset and dependency counts of a model archive
/// (read_limits), set by the loader for the current thread.
inline thread_local std::uint64_t archive_max_assets = std::numeric_limits<std::uint64_t>::max();
inline thread_local std::uint64_t archive_max_dependencies = std::numeric_limits<std::uint64_t>::max();

inline void check_count(std::uint64_t n) {
  if (n > archive_budget) {
    throw error("archive: a string or container claims " + std::to_string(n) + " elements, more than the " +
                std::to_string(archive_budget) + " bytes the archive holds");
  }
}

template <class Archive> std::uint64_t count(Archive& ar, std::size_t size) {
  std::uint64_t n = size;
  ar& boost::serialization::make_nvp(::infoclass::detail::tag<"count">(), n);
  if constexpr (Archive::is_loading::value) {
    check_count(n);
  }
  return n;
}

template <class Archive>
inline constexpr bool is_binary_archive = std::is_same_v<Archive, boost::archive::binary_iarchive> ||
                                          std::is_same_v<Archive, boost::archive::binary_oarchive>;

/// `n` elements: one block in binary archives; in text and XML archives one
/// `item` each, as Boost's array wrapper writes them, but under a padded name
/// (Boost's own `"item"` literal is what its XML loader reads past).
template <class Archive, class T> void items(Archive& ar, T* data, std::size_t n) {
  if constexpr (is_binary_archive<Archive>) {
    ar& boost::serialization::make_array(data, n);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      ar& boost::serialization::make_nvp(::infoclass::detail::tag<"item">(), data[i]);
    }
  }
}

template <class Archive> void string(Archive& ar, std::string& s) {
  const auto n = count(ar, s.size());
  if constexpr (Archive::is_loading::value) {
    s.resize(static_cast<std::size_t>(n));
  }
  if (n != 0) {
    items(ar, s.data(), static_cast<std::size_t>(n));
  }
}

/// A vector of plain values (integers), as one array.
template <class Archive, class T> void pod_vector(Archive& ar, std::vector<T>& v) {
  static_assert(std::is_arithmetic_v<T>);
  const auto n = count(ar, v.size());
  if constexpr (Archive::is_loading::value) {
    v.resize(static_cast<std::size_t>(n));
  }
  if (n != 0) {
    items(ar, v.data(), static_cast<std::size_t>(n));
  }
}

/// A vector of anything `f(ar, element)` serializes.
template <class Archive, class T, class F> void vector(Archive& ar, std::vector<T>& v, F f) {
  const auto n = count(ar, v.size());
  if constexpr (Archive::is_loading::value) {
    v.clear();
    v.resize(static_cast<std::size_t>(n));
  }
  for (auto& x : v) {
    f(ar, x);
  }
}

template <class Archive> void strings(Archive& ar, std::vector<std::string>& v) {
  vector(ar, v, [](Archive& a, std::string& s) { string(a, s); });
}

/// A std::map through a vector of pairs.
template <class Archive, class K, class V, class FK, class FV> void map(Archive& ar, std::map<K, V>& m, FK fk, FV fv) {
  std::vector<std::pair<K, V>> items(m.begin(), m.end());
  vector(ar, items, [&](Archive& a, std::pair<K, V>& kv) {
    fk(a, kv.first);
    fv(a, kv.second);
  });
  if constexpr (Archive::is_loading::value) {
    m.clear();
    for (auto& [k, v] : items) {
      if (!m.emplace(std::move(k), std::move(v)).second) {
        throw error("archive: duplicate key in a map");
      }
    }
  }
}

template <class Archive, class T> void object(Archive& ar, T& x) {
  ar& boost::serialization::make_nvp(::infoclass::detail::tag<"item">(), x);
}

template <class Archive, class T> void value(Archive& ar, T& x) {
  ar& boost::serialization::make_nvp(::infoclass::detail::tag<"value">(), x);
}

/// A bool, loaded as a byte and checked: a binary archive would otherwise
/// copy any byte into a bool (undefined behaviour). Same encoding as a bool in
/// all three archive kinds.
template <class Archive> void flag(Archive& ar, const char* name, bool& b) { // name: a tag<>()
  if constexpr (Archive::is_saving::value) {
    ar& boost::serialization::make_nvp(name, b);
  } else {
    unsigned char v = 0;
    ar& boost::serialization::make_nvp(name, v);
    if (v > 1) {
      throw infoclass::error(std::string("archive: flag '") + name + "' is neither 0 nor 1");
    }
    b = v != 0;
  }
}

template <class Archive, class T> void optional(Archive& ar, std::optional<T>& o) {
  bool has = o.has_value();
  flag(ar, ::infoclass::detail::tag<"set">(), has);
  if (has) {
    if (!o) {
      o.emplace();
    }
    ar& boost::serialization::make_nvp(::infoclass::detail::tag<"value">(), *o);
  } else {
    o.reset();
  }
}

} // namespace infoclass::inline INFOCLASS_ABI::detail

namespace boost::serialization {

namespace icd = infoclass::detail;

template <class Archive> void serialize(Archive& ar, infoclass::level_info& l, unsigned) {
  icd::string(ar, l.key);
  icd::string(ar, l.name);
  icd::string(ar, l.name_en);
  icd::string(ar, l.description);
}

template <class Archive> void serialize(Archive& ar, infoclass::property_info& p, unsigned) {
  auto r = static_cast<std::uint8_t>(p.role);
  icd::string(ar, p.key);
  ar& make_nvp(::infoclass::detail::tag<"role">(), r);
  if (r > static_cast<std::uint8_t>(infoclass::role::other)) {
    throw infoclass::error("archive: invalid property role");
  }
  p.role = static_cast<infoclass::role>(r);
  icd::string(ar, p.name);
  icd::string(ar, p.name_en);
  icd::vector(ar, p.levels, [](Archive& a, infoclass::level_info& l) { icd::object(a, l); });
  icd::flag(ar, ::infoclass::detail::tag<"allows_not_applicable">(), p.allows_not_applicable);
}

template <class Archive> void serialize(Archive& ar, infoclass::scheme& s, unsigned) {
  icd::string(ar, s.id);
  icd::string(ar, s.name);
  icd::string(ar, s.name_en);
  icd::string(ar, s.language);
  icd::vector(ar, s.properties, [](Archive& a, infoclass::property_info& p) { icd::object(a, p); });
  icd::optional(ar, s.separate_analysis_level);
  icd::vector(ar, s.non_information_floor,
              [](Archive& a, std::optional<infoclass::level_t>& f) { icd::optional(a, f); });
}

template <class Archive> void serialize(Archive& ar, infoclass::transfer& t, unsigned) {
  auto op = static_cast<std::uint8_t>(t.op);
  ar& make_nvp(::infoclass::detail::tag<"op">(), op);
  ar& make_nvp(::infoclass::detail::tag<"n">(), t.n);
  if (op > static_cast<std::uint8_t>(infoclass::transfer::kind::reduce)) {
    throw infoclass::error("archive: invalid transfer");
  }
  t.op = static_cast<infoclass::transfer::kind>(op);
}

template <class Archive> void serialize(Archive& ar, infoclass::cumulation_rule& c, unsigned) {
  icd::string(ar, c.property);
  icd::strings(ar, c.kinds);
  ar& make_nvp(::infoclass::detail::tag<"at_least">(), c.at_least);
  ar& make_nvp(::infoclass::detail::tag<"level">(), c.level);
}

template <class Archive> void serialize(Archive& ar, infoclass::floor_rule& f, unsigned) {
  icd::strings(ar, f.kinds);
  icd::map(
      ar, f.levels, [](Archive& a, std::string& k) { icd::string(a, k); },
      [](Archive& a, infoclass::level_t& l) { icd::value(a, l); });
}

template <class Archive> void serialize(Archive& ar, infoclass::policy& p, unsigned) {
  auto transfers = [](Archive& a, infoclass::transfer_map& m) {
    icd::map(
        a, m, [](Archive& b, std::string& k) { icd::string(b, k); },
        [](Archive& b, infoclass::transfer& t) { icd::object(b, t); });
  };
  icd::map(
      ar, p.types, [](Archive& a, std::string& k) { icd::string(a, k); }, transfers);
  bool has = p.redundancy.has_value();
  icd::flag(ar, ::infoclass::detail::tag<"has_redundancy">(), has);
  if (has) {
    if (!p.redundancy) {
      p.redundancy.emplace();
    }
    transfers(ar, *p.redundancy);
  } else {
    p.redundancy.reset();
  }
  icd::vector(ar, p.cumulation, [](Archive& a, infoclass::cumulation_rule& c) { icd::object(a, c); });
  icd::vector(ar, p.floor, [](Archive& a, infoclass::floor_rule& f) { icd::object(a, f); });
}

template <class Archive> void serialize(Archive& ar, infoclass::classification& c, unsigned) {
  auto size = static_cast<std::uint8_t>(c.size());
  ar& make_nvp(::infoclass::detail::tag<"size">(), size);
  if (size > infoclass::max_properties) {
    throw infoclass::error("archive: classification with too many properties");
  }
  if (c.size() != size) {
    c = infoclass::classification::none(size);
  }
  for (std::size_t p = 0; p < size; ++p) {
    infoclass::level_t l = c.raw(p);
    ar& make_nvp(::infoclass::detail::tag<"level">(), l);
    c.set(p, l);
  }
}

template <class Archive> void serialize(Archive& ar, infoclass::override_entry& o, unsigned) {
  auto e = static_cast<std::uint8_t>(o.effect);
  ar& make_nvp(::infoclass::detail::tag<"level">(), o.level);
  ar& make_nvp(::infoclass::detail::tag<"effect">(), e);
  if (e > static_cast<std::uint8_t>(infoclass::override_effect::manual)) {
    throw infoclass::error("archive: invalid override effect");
  }
  o.effect = static_cast<infoclass::override_effect>(e);
  icd::string(ar, o.justification);
}

template <class Archive> void serialize(Archive& ar, infoclass::asset& a, unsigned version) {
  icd::string(ar, a.id);
  icd::string(ar, a.kind);
  icd::string(ar, a.name);
  icd::string(ar, a.owner);
  ar& make_nvp(::infoclass::detail::tag<"own">(), a.own);
  icd::string(ar, a.justification);
  icd::optional(ar, a.implemented);
  icd::string(ar, a.review_by);
  icd::map(
      ar, a.overrides,
      [](Archive& b, std::size_t& p) {
        std::uint64_t v = p;
        icd::value(b, v);
        p = static_cast<std::size_t>(v);
      },
      [](Archive& b, infoclass::override_entry& o) { icd::object(b, o); });
  icd::map(
      ar, a.attributes, [](Archive& b, std::string& k) { icd::string(b, k); },
      [](Archive& b, std::string& v) { icd::string(b, v); });
  if (version >= 2) {
    icd::strings(ar, a.measures);
  } else {
    a.measures.clear();
  }
  if (version >= 3) {
    bool has = a.answers.has_value();
    icd::flag(ar, ::infoclass::detail::tag<"has_answers">(), has);
    if (has) {
      if (!a.answers) {
        a.answers.emplace();
      }
      icd::string(ar, a.answers->rules);
      icd::map(
          ar, a.answers->given, [](Archive& b, std::string& k) { icd::string(b, k); },
          [](Archive& b, std::string& v) { icd::string(b, v); });
    } else {
      a.answers.reset();
    }
  } else {
    a.answers.reset();
  }
}

/// A model is saved as scheme, policy, assets and dependencies. Version 2
/// stores them by column (ids and names as one string with lengths, interned
/// kinds, owners, types and groups as codes, levels as bytes; assets with
/// further fields in full) and loads them through the model's bulk API, which
/// validates every row. Version 1 (one record per asset and dependency) is
/// still read.
template <class Archive> void save(Archive& ar, const infoclass::model& m, unsigned) {
  infoclass::scheme s = m.get_scheme();
  infoclass::policy p = m.get_policy();
  ar << make_nvp(::infoclass::detail::tag<"scheme">(), s);
  ar << make_nvp(::infoclass::detail::tag<"policy">(), p);
  const std::size_t n = m.size();
  const std::size_t P = s.size();
  std::uint64_t count = n;
  ar << make_nvp(::infoclass::detail::tag<"assets">(), count);
  std::string ids;
  std::vector<std::uint32_t> id_len(n);
  std::string names;
  std::vector<std::uint32_t> name_len(n);
  std::vector<std::string> kind_names;
  std::vector<std::uint16_t> kind(n);
  std::vector<std::string> owner_names;
  std::vector<std::uint32_t> owner(n);
  std::vector<std::uint8_t> levels(n * P);
  std::vector<std::uint32_t> more;
  std::map<std::string_view, std::uint32_t> kinds;
  std::map<std::string_view, std::uint32_t> owners;
  const auto code = [](auto& table, std::vector<std::string>& names_out, std::string_view x) {
    auto [it, fresh] = table.emplace(x, static_cast<std::uint32_t>(names_out.size()));
    if (fresh) {
      names_out.emplace_back(x);
    }
    return it->second;
  };
  for (std::size_t v = 0; v < n; ++v) {
    ids += m.id(v);
    id_len[v] = static_cast<std::uint32_t>(m.id(v).size());
    names += m.name(v);
    name_len[v] = static_cast<std::uint32_t>(m.name(v).size());
    kind[v] = static_cast<std::uint16_t>(code(kinds, kind_names, m.kind(v)));
    owner[v] = code(owners, owner_names, m.owner(v));
    const auto own = m.own_levels(v);
    std::copy(own.begin(), own.end(), levels.begin() + static_cast<std::ptrdiff_t>(v * P));
    if (infoclass::detail::model_access::has_more_fields(m, v)) {
      more.push_back(static_cast<std::uint32_t>(v));
    }
  }
  icd::string(ar, ids);
  icd::pod_vector(ar, id_len);
  icd::string(ar, names);
  icd::pod_vector(ar, name_len);
  icd::strings(ar, kind_names);
  icd::pod_vector(ar, kind);
  icd::strings(ar, owner_names);
  icd::pod_vector(ar, owner);
  icd::pod_vector(ar, levels);
  icd::pod_vector(ar, more);
  for (auto v : more) {
    infoclass::asset a = m[v];
    ar << make_nvp(::infoclass::detail::tag<"asset">(), a);
  }
  const std::size_t E = m.num_dependencies();
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  std::vector<std::uint16_t> type;
  std::vector<std::uint32_t> group;
  std::vector<std::uint16_t> need; // version 3
  from.reserve(E);
  to.reserve(E);
  type.reserve(E);
  group.reserve(E);
  need.reserve(E);
  for (std::size_t v = 0; v < n; ++v) {
    for (std::uint32_t e = infoclass::detail::model_access::first_out(m, v); e != infoclass::detail::model_access::nil;
         e = infoclass::detail::model_access::next_out(m, e)) {
      from.push_back(static_cast<std::uint32_t>(v));
      to.push_back(infoclass::detail::model_access::edge_at(m, e).target);
      type.push_back(static_cast<std::uint16_t>(infoclass::detail::model_access::edge_type_code(m, e)));
      group.push_back(infoclass::detail::model_access::edge_group_code(m, e));
      need.push_back(static_cast<std::uint16_t>(infoclass::detail::model_access::edge_need(m, e)));
    }
  }
  std::vector<std::string> type_names = infoclass::detail::model_access::type_code_names(m);
  std::vector<std::string> group_names = infoclass::detail::model_access::group_code_names(m);
  count = E;
  ar << make_nvp(::infoclass::detail::tag<"dependencies">(), count);
  icd::pod_vector(ar, from);
  icd::pod_vector(ar, to);
  icd::strings(ar, type_names);
  icd::pod_vector(ar, type);
  icd::strings(ar, group_names);
  icd::pod_vector(ar, group);
  icd::pod_vector(ar, need);
}

namespace detail_archive {
/// Splits `all` into `len.size()` views of the given lengths; throws if they
/// do not add up.
inline std::vector<std::string_view> split(const std::string& all, const std::vector<std::uint32_t>& len,
                                           const char* what) {
  std::vector<std::string_view> out;
  out.reserve(len.size());
  std::size_t at = 0;
  for (auto l : len) {
    if (l > all.size() - at) {
      throw infoclass::error(std::string("archive: the ") + what + " column is shorter than its lengths say");
    }
    out.emplace_back(all.data() + at, l);
    at += l;
  }
  if (at != all.size()) {
    throw infoclass::error(std::string("archive: the ") + what + " column is longer than its lengths say");
  }
  return out;
}

inline std::vector<std::string_view> views(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

inline void check_limits(std::uint64_t n, std::uint64_t e) {
  if (n > icd::archive_max_assets) {
    throw infoclass::model_error("archive", std::to_string(n) + " assets exceed the limit of " +
                                                std::to_string(icd::archive_max_assets) + " (read_limits::max_assets)");
  }
  if (e > icd::archive_max_dependencies) {
    throw infoclass::model_error("archive", std::to_string(e) + " dependencies exceed the limit of " +
                                                std::to_string(icd::archive_max_dependencies) +
                                                " (read_limits::max_dependencies)");
  }
}

template <class Archive> void load_v2(Archive& ar, infoclass::model& out, unsigned version) {
  const std::size_t P = out.get_scheme().size();
  std::uint64_t n = 0;
  ar >> make_nvp(::infoclass::detail::tag<"assets">(), n);
  icd::check_count(n);
  check_limits(n, 0);
  std::string ids;
  std::vector<std::uint32_t> id_len;
  std::string names;
  std::vector<std::uint32_t> name_len;
  std::vector<std::string> kind_names;
  std::vector<std::uint16_t> kind16;
  std::vector<std::string> owner_names;
  std::vector<std::uint32_t> owner;
  std::vector<std::uint8_t> levels;
  std::vector<std::uint32_t> more;
  icd::string(ar, ids);
  icd::pod_vector(ar, id_len);
  icd::string(ar, names);
  icd::pod_vector(ar, name_len);
  icd::strings(ar, kind_names);
  icd::pod_vector(ar, kind16);
  icd::strings(ar, owner_names);
  icd::pod_vector(ar, owner);
  icd::pod_vector(ar, levels);
  if (id_len.size() != n || name_len.size() != n || kind16.size() != n || owner.size() != n || levels.size() != n * P) {
    throw infoclass::error("archive: asset columns differ in length");
  }
  const auto id_views = split(ids, id_len, "id");
  const auto name_views = split(names, name_len, "name");
  const auto kind_views = views(kind_names);
  const auto owner_views = views(owner_names);
  std::vector<std::uint32_t> kind(kind16.begin(), kind16.end());
  kind16 = {};
  infoclass::model::asset_columns cols;
  cols.ids = id_views;
  cols.kind = kind;
  cols.kind_names = kind_views;
  cols.levels = levels;
  cols.owner = owner;
  cols.owner_names = owner_views;
  cols.names = name_views;
  out.add_assets(cols); // validated
  icd::pod_vector(ar, more);
  for (auto v : more) {
    infoclass::asset a;
    ar >> make_nvp(::infoclass::detail::tag<"asset">(), a);
    if (v >= n || out.id(v) != a.id) {
      throw infoclass::error("archive: a detailed asset does not match the asset columns");
    }
    out.update_asset(a); // validated
  }
  std::uint64_t e = 0;
  ar >> make_nvp(::infoclass::detail::tag<"dependencies">(), e);
  icd::check_count(e);
  check_limits(n, e);
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  std::vector<std::string> type_names;
  std::vector<std::uint16_t> type16;
  std::vector<std::string> group_names;
  std::vector<std::uint32_t> group;
  icd::pod_vector(ar, from);
  icd::pod_vector(ar, to);
  icd::strings(ar, type_names);
  icd::pod_vector(ar, type16);
  icd::strings(ar, group_names);
  icd::pod_vector(ar, group);
  std::vector<std::uint16_t> need16; // version 3; before it, every group needed 1
  if (version >= 3) {
    icd::pod_vector(ar, need16);
  } else {
    need16.assign(e, 0);
  }
  if (from.size() != e || to.size() != e || type16.size() != e || group.size() != e || need16.size() != e) {
    throw infoclass::error("archive: dependency columns differ in length");
  }
  // No need stated on any row (most models): no column (the same as zeros).
  std::vector<std::uint32_t> need;
  if (std::any_of(need16.begin(), need16.end(), [](std::uint16_t k) { return k != 0; })) {
    need.assign(need16.begin(), need16.end());
  }
  need16 = {};
  std::vector<std::uint32_t> type(type16.begin(), type16.end());
  type16 = {};
  const auto type_views = views(type_names);
  const auto group_views = views(group_names);
  infoclass::model::dependency_columns dc;
  dc.from = from;
  dc.to = to;
  dc.type = type;
  dc.type_names = type_views;
  dc.group = group;
  dc.group_names = group_views;
  dc.need = need;
  out.add_dependencies(dc); // validated
  out.check_groups();
}

template <class Archive> void load_v1(Archive& ar, infoclass::model& out) {
  std::uint64_t n = 0;
  ar >> make_nvp(::infoclass::detail::tag<"assets">(), n);
  icd::check_count(n);
  check_limits(n, 0);
  for (std::uint64_t v = 0; v < n; ++v) {
    infoclass::asset a;
    ar >> make_nvp(::infoclass::detail::tag<"asset">(), a);
    out.add_asset(std::move(a)); // validated
  }
  std::uint64_t e = 0;
  ar >> make_nvp(::infoclass::detail::tag<"dependencies">(), e);
  icd::check_count(e);
  check_limits(n, e);
  for (std::uint64_t i = 0; i < e; ++i) {
    std::uint64_t from = 0;
    std::uint64_t to = 0;
    std::string type;
    std::string group;
    ar >> make_nvp(::infoclass::detail::tag<"from">(), from) >> make_nvp(::infoclass::detail::tag<"to">(), to);
    icd::string(ar, type);
    icd::string(ar, group);
    if (from >= out.size() || to >= out.size()) {
      throw infoclass::error("archive: dependency names an asset index out of range");
    }
    out.add_dependency(static_cast<std::size_t>(from), static_cast<std::size_t>(to), type, group);
  }
}
} // namespace detail_archive

template <class Archive> void load(Archive& ar, infoclass::model& m, unsigned version) {
  infoclass::scheme s;
  infoclass::policy p;
  ar >> make_nvp(::infoclass::detail::tag<"scheme">(), s);
  ar >> make_nvp(::infoclass::detail::tag<"policy">(), p);
  std::shared_ptr<const infoclass::scheme> sp;
  const auto& presets = infoclass::scheme::preset_ids();
  if (std::find(presets.begin(), presets.end(), s.id) != presets.end() && *infoclass::scheme::preset(s.id) == s) {
    sp = infoclass::scheme::preset(s.id);
  } else {
    sp = std::make_shared<const infoclass::scheme>(std::move(s));
  }
  infoclass::model out(sp, std::move(p));
  if (version >= 2) {
    detail_archive::load_v2(ar, out, version);
  } else {
    detail_archive::load_v1(ar, out);
  }
  m = std::move(out);
}

template <class Archive> void serialize(Archive& ar, infoclass::model& m, unsigned version) {
  split_free(ar, m, version);
}

template <class Archive> void serialize(Archive& ar, infoclass::assessment& a, unsigned version) {
  if constexpr (Archive::is_saving::value) {
    a.save(ar, version);
  } else {
    a.load(ar, version);
  }
}

} // namespace boost::serialization

BOOST_CLASS_VERSION(infoclass::level_info, 1)
BOOST_CLASS_VERSION(infoclass::property_info, 1)
BOOST_CLASS_VERSION(infoclass::scheme, 1)
BOOST_CLASS_VERSION(infoclass::transfer, 1)
BOOST_CLASS_VERSION(infoclass::cumulation_rule, 1)
BOOST_CLASS_VERSION(infoclass::floor_rule, 1)
BOOST_CLASS_VERSION(infoclass::policy, 1)
BOOST_CLASS_VERSION(infoclass::classification, 1)
BOOST_CLASS_VERSION(infoclass::override_entry, 1)
BOOST_CLASS_VERSION(infoclass::asset, 3)      // 2: implemented measures, 3: recorded answers
BOOST_CLASS_VERSION(infoclass::model, 3)      // 2: by column, 3: need of redundancy groups
BOOST_CLASS_VERSION(infoclass::assessment, 2) // 2: redundancy groups named by causes
