// Boost.Serialization support: one serialize() per class, versioned, used by
// the archive functions of io/archive.hpp and by Python pickling.
//
// Loading never trusts the archive: a model is rebuilt through the validating
// model API (add_asset, add_dependency), and an assessment's arrays are checked
// for consistent sizes and indices before use. Every class has a version
// (BOOST_CLASS_VERSION) so that archives written by this release stay readable.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/model.hpp"

#include <boost/serialization/map.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>

#include <optional>

namespace infoclass::detail {

/// std::optional without relying on a Boost header for it.
template <class Archive, class T> void serialize_optional(Archive& ar, std::optional<T>& o, const char* name) {
  bool has = o.has_value();
  ar& boost::serialization::make_nvp((std::string(name) + "_set").c_str(), has);
  if (has) {
    if (!o) {
      o.emplace();
    }
    ar& boost::serialization::make_nvp(name, *o);
  } else {
    o.reset();
  }
}

} // namespace infoclass::detail

namespace boost::serialization {

template <class Archive> void serialize(Archive& ar, infoclass::level_info& l, unsigned) {
  ar& make_nvp("key", l.key);
  ar& make_nvp("name", l.name);
  ar& make_nvp("name_en", l.name_en);
  ar& make_nvp("description", l.description);
}

template <class Archive> void serialize(Archive& ar, infoclass::property_info& p, unsigned) {
  auto r = static_cast<std::uint8_t>(p.role);
  ar& make_nvp("key", p.key);
  ar& make_nvp("role", r);
  if (r > static_cast<std::uint8_t>(infoclass::role::other)) {
    throw infoclass::error("archive: invalid property role");
  }
  p.role = static_cast<infoclass::role>(r);
  ar& make_nvp("name", p.name);
  ar& make_nvp("name_en", p.name_en);
  ar& make_nvp("levels", p.levels);
  ar& make_nvp("allows_not_applicable", p.allows_not_applicable);
}

template <class Archive> void serialize(Archive& ar, infoclass::scheme& s, unsigned) {
  ar& make_nvp("id", s.id);
  ar& make_nvp("name", s.name);
  ar& make_nvp("name_en", s.name_en);
  ar& make_nvp("language", s.language);
  ar& make_nvp("properties", s.properties);
  infoclass::detail::serialize_optional(ar, s.separate_analysis_level, "separate_analysis_level");
  std::size_t n = s.non_information_floor.size();
  ar& make_nvp("floor_size", n);
  if (n > infoclass::max_properties) {
    throw infoclass::error("archive: invalid built-in floor");
  }
  s.non_information_floor.resize(n);
  for (auto& f : s.non_information_floor) {
    infoclass::detail::serialize_optional(ar, f, "floor");
  }
}

template <class Archive> void serialize(Archive& ar, infoclass::transfer& t, unsigned) {
  auto op = static_cast<std::uint8_t>(t.op);
  ar& make_nvp("op", op);
  ar& make_nvp("n", t.n);
  if (op > static_cast<std::uint8_t>(infoclass::transfer::kind::reduce)) {
    throw infoclass::error("archive: invalid transfer");
  }
  t.op = static_cast<infoclass::transfer::kind>(op);
}

template <class Archive> void serialize(Archive& ar, infoclass::cumulation_rule& c, unsigned) {
  ar& make_nvp("property", c.property);
  ar& make_nvp("kinds", c.kinds);
  ar& make_nvp("at_least", c.at_least);
  ar& make_nvp("level", c.level);
}

template <class Archive> void serialize(Archive& ar, infoclass::floor_rule& f, unsigned) {
  ar& make_nvp("kinds", f.kinds);
  ar& make_nvp("levels", f.levels);
}

template <class Archive> void serialize(Archive& ar, infoclass::policy& p, unsigned) {
  ar& make_nvp("types", p.types);
  infoclass::detail::serialize_optional(ar, p.redundancy, "redundancy");
  ar& make_nvp("cumulation", p.cumulation);
  ar& make_nvp("floor", p.floor);
}

template <class Archive> void serialize(Archive& ar, infoclass::classification& c, unsigned) {
  std::uint8_t size = static_cast<std::uint8_t>(c.size());
  ar& make_nvp("size", size);
  if (size > infoclass::max_properties) {
    throw infoclass::error("archive: classification with too many properties");
  }
  if (c.size() != size) {
    c = infoclass::classification(size);
  }
  for (std::size_t p = 0; p < size; ++p) {
    infoclass::level_t l = c.raw(p);
    ar& make_nvp("level", l);
    c.set(p, l);
  }
}

template <class Archive> void serialize(Archive& ar, infoclass::override_entry& o, unsigned) {
  auto e = static_cast<std::uint8_t>(o.effect);
  ar& make_nvp("level", o.level);
  ar& make_nvp("effect", e);
  if (e > static_cast<std::uint8_t>(infoclass::override_effect::manual)) {
    throw infoclass::error("archive: invalid override effect");
  }
  o.effect = static_cast<infoclass::override_effect>(e);
  ar& make_nvp("justification", o.justification);
}

template <class Archive> void serialize(Archive& ar, infoclass::asset& a, unsigned) {
  ar& make_nvp("id", a.id);
  ar& make_nvp("kind", a.kind);
  ar& make_nvp("name", a.name);
  ar& make_nvp("owner", a.owner);
  ar& make_nvp("own", a.own);
  ar& make_nvp("justification", a.justification);
  infoclass::detail::serialize_optional(ar, a.implemented, "implemented");
  ar& make_nvp("review_by", a.review_by);
  ar& make_nvp("overrides", a.overrides);
  ar& make_nvp("attributes", a.attributes);
}

/// A model is saved as scheme, policy, assets and dependencies (by asset
/// index) and rebuilt through the validating API on load.
template <class Archive> void save(Archive& ar, const infoclass::model& m, unsigned) {
  infoclass::scheme s = m.get_scheme();
  infoclass::policy p = m.get_policy();
  ar << make_nvp("scheme", s);
  ar << make_nvp("policy", p);
  std::size_t n = m.size();
  ar << make_nvp("assets", n);
  for (std::size_t v = 0; v < n; ++v) {
    infoclass::asset a = m[v];
    ar << make_nvp("asset", a);
  }
  const auto& g = m.graph();
  std::size_t e = m.num_dependencies();
  ar << make_nvp("dependencies", e);
  for (std::size_t v = 0; v < n; ++v) {
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      std::uint64_t from = v;
      std::uint64_t to = boost::target(*it, g);
      ar << make_nvp("from", from) << make_nvp("to", to) << make_nvp("type", g[*it].type)
         << make_nvp("group", g[*it].group);
    }
  }
}

template <class Archive> void load(Archive& ar, infoclass::model& m, unsigned) {
  infoclass::scheme s;
  infoclass::policy p;
  ar >> make_nvp("scheme", s);
  ar >> make_nvp("policy", p);
  std::shared_ptr<const infoclass::scheme> sp;
  if (infoclass::scheme::preset_ids().end() !=
          std::find(infoclass::scheme::preset_ids().begin(), infoclass::scheme::preset_ids().end(), s.id) &&
      *infoclass::scheme::preset(s.id) == s) {
    sp = infoclass::scheme::preset(s.id);
  } else {
    sp = std::make_shared<const infoclass::scheme>(std::move(s));
  }
  infoclass::model out(sp, std::move(p));
  std::size_t n = 0;
  ar >> make_nvp("assets", n);
  for (std::size_t v = 0; v < n; ++v) {
    infoclass::asset a;
    ar >> make_nvp("asset", a);
    out.add_asset(std::move(a)); // validated; also bounds n by the archive's content
  }
  std::size_t e = 0;
  ar >> make_nvp("dependencies", e);
  for (std::size_t i = 0; i < e; ++i) {
    std::uint64_t from = 0;
    std::uint64_t to = 0;
    std::string type;
    std::string group;
    ar >> make_nvp("from", from) >> make_nvp("to", to) >> make_nvp("type", type) >> make_nvp("group", group);
    if (from >= out.size() || to >= out.size()) {
      throw infoclass::error("archive: dependency names an asset index out of range");
    }
    out.add_dependency(out[from].id, out[to].id, type, group);
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
BOOST_CLASS_VERSION(infoclass::asset, 1)
BOOST_CLASS_VERSION(infoclass::model, 1)
BOOST_CLASS_VERSION(infoclass::assessment, 1)
