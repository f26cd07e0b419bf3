#include "infoclass/analysis/measures.hpp"
#include "infoclass/graph.hpp"

#include "analysis/json_fields.hpp"
#include "infoclass/error.hpp"
#include "support/json_strict.hpp"

#include <algorithm>
#include <deque>
#include <set>

namespace infoclass::detail {
std::string_view embedded_measures_default();
}

namespace infoclass::analysis {

using json = nlohmann::json;

using detail::fail;

namespace {
std::string str(const json& o, const char* key, const std::string& ptr, bool required) {
  return detail::field_string(o, key, ptr, required);
}
} // namespace

catalogue read_catalogue(std::string_view text) {
  auto root = io::detail::parse_json_strict(text, {});
  if (!root.is_object()) {
    fail("", "expected a measures catalogue object");
  }
  detail::only_fields(root, "", {"infoclass_measures", "id", "title", "scheme", "measures"});
  if (!root.contains("infoclass_measures") || root["infoclass_measures"] != 1) {
    fail("/infoclass_measures", "expected 1 (the catalogue format version)");
  }
  catalogue c;
  c.id = str(root, "id", "", true);
  c.title = str(root, "title", "", false);
  c.scheme_ptr = scheme::preset(str(root, "scheme", "", true));
  const auto& s = *c.scheme_ptr;
  if (!root.contains("measures") || !root["measures"].is_array()) {
    fail("/measures", "expected an array of measures");
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < root["measures"].size(); ++i) {
    const std::string mp = "/measures/" + std::to_string(i);
    const auto& mj = root["measures"][i];
    if (!mj.is_object()) {
      fail(mp, "expected an object");
    }
    detail::only_fields(mj, mp, {"id", "title", "text", "requires", "kinds", "references"});
    measure me;
    me.id = str(mj, "id", mp, true);
    if (me.id.empty() || !ids.insert(me.id).second) {
      fail(mp + "/id", "empty or duplicate measure id '" + me.id + "'");
    }
    me.title = str(mj, "title", mp, true);
    me.text = str(mj, "text", mp, false);
    if (!mj.contains("requires") || !mj["requires"].is_object() || mj["requires"].empty()) {
      fail(mp + "/requires", "expected an object of property -> minimum level");
    }
    for (const auto& [k, v] : mj["requires"].items()) {
      const std::string kp = mp + "/requires/" + k;
      auto p = s.find_property(k);
      if (!p) {
        fail(kp, "'" + k + "' is not a property of scheme " + s.id);
      }
      std::optional<level_t> l;
      if (v.is_string()) {
        l = s.find_level(*p, v.get<std::string>());
      } else if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
        if (v.get<std::uint64_t>() < s.levels(*p)) {
          l = static_cast<level_t>(v.get<std::uint64_t>());
        }
      }
      if (!l) {
        fail(kp, "not a level of property " + s.properties[*p].key + " (0.." + std::to_string(s.levels(*p) - 1) + ")");
      }
      me.requires_[*p] = *l;
    }
    me.kinds = detail::field_strings(mj, "kinds", mp);
    for (std::size_t k = 0; k < me.kinds.size(); ++k) {
      if (!valid_kind(me.kinds[k])) {
        fail(mp + "/kinds/" + std::to_string(k), "'" + me.kinds[k] + "' is not a kind");
      }
    }
    me.references = detail::field_strings(mj, "references", mp);
    c.measures.push_back(std::move(me));
  }
  return c;
}

catalogue default_catalogue() { return read_catalogue(infoclass::detail::embedded_measures_default()); }

namespace {
bool applies(const measure& me, const std::string& kind) {
  return me.kinds.empty() || std::find(me.kinds.begin(), me.kinds.end(), kind) != me.kinds.end();
}

// The property that requires the measure for asset i (the one with the largest
// margin above its minimum), or std::nullopt.
std::optional<std::pair<std::size_t, level_t>> requirement(const assessment& a, std::size_t i, const measure& me) {
  std::optional<std::pair<std::size_t, level_t>> best;
  for (const auto& [p, min] : me.requires_) {
    auto l = a.effective(i, p);
    if (l && *l >= min && (!best || *l - min > best->second - me.requires_.at(best->first))) {
      best = std::make_pair(p, *l);
    }
  }
  return best;
}
} // namespace

std::vector<std::string> required_measures(const assessment& a, std::size_t i, const catalogue& c) {
  std::vector<std::string> out;
  for (const auto& me : c.measures) {
    if (applies(me, a.kind(i)) && requirement(a, i, me)) {
      out.push_back(me.id);
    }
  }
  return out;
}

std::vector<gap> gaps(const model& m, const assessment& a, const catalogue& c) {
  if (!(*c.scheme_ptr == m.get_scheme())) {
    throw model_error(c.id, "catalogue is for scheme " + c.scheme_ptr->id + ", the model uses " + m.get_scheme().id);
  }
  if (a.size() != m.size()) {
    throw error("gaps: the assessment does not belong to the model");
  }
  const auto& s = m.get_scheme();
  const auto& g = m.graph();
  std::vector<gap> out;
  std::vector<std::size_t> dependents_cache(m.size(), static_cast<std::size_t>(-1));
  auto dependents = [&](std::size_t v) {
    if (dependents_cache[v] != static_cast<std::size_t>(-1)) {
      return dependents_cache[v];
    }
    std::vector<char> seen(m.size(), 0);
    seen[v] = 1;
    std::deque<vertex_type> q{v};
    std::size_t n = 0;
    while (!q.empty()) {
      auto x = q.front();
      q.pop_front();
      for (auto [e, end] = boost::in_edges(x, g); e != end; ++e) {
        auto u = boost::source(*e, g);
        if (!seen[u]) {
          seen[u] = 1;
          ++n;
          q.push_back(u);
        }
      }
    }
    return dependents_cache[v] = n;
  };
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& as = m[v];
    if (as.implemented) {
      for (std::size_t p = 0; p < s.size(); ++p) {
        auto eff = a.effective(v, p);
        auto impl = as.implemented->get(p);
        if (eff && (!impl || *impl < *eff)) {
          gap gp;
          gp.kind = gap::what::level;
          gp.asset = as.id;
          gp.property = s.properties[p].key;
          gp.implemented = impl;
          gp.effective = *eff;
          gp.dependents = dependents(v);
          gp.severity = static_cast<std::size_t>(*eff - (impl ? *impl : -1)) * (1 + gp.dependents);
          out.push_back(std::move(gp));
        }
      }
    }
    for (const auto& me : c.measures) {
      if (!applies(me, as.kind) || std::find(as.measures.begin(), as.measures.end(), me.id) != as.measures.end()) {
        continue;
      }
      auto req = requirement(a, v, me);
      if (!req) {
        continue;
      }
      gap gp;
      gp.kind = gap::what::measure;
      gp.asset = as.id;
      gp.property = s.properties[req->first].key;
      gp.effective = req->second;
      gp.measure = me.id;
      gp.dependents = dependents(v);
      gp.severity = static_cast<std::size_t>(req->second - me.requires_.at(req->first) + 1) * (1 + gp.dependents);
      out.push_back(std::move(gp));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const gap& x, const gap& y) { return x.severity > y.severity; });
  return out;
}

} // namespace infoclass::analysis
