// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/measures.hpp"
#include "infoclass/graph.hpp"

#include "analysis/gap_rows.hpp"
#include "analysis/json_fields.hpp"
#include "infoclass/error.hpp"
#include "model/access.hpp"
#include "support/json_strict.hpp"
#include "support/progress_ticker.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <bit>
#include <cstdint>
#include <set>

namespace infoclass::inline INFOCLASS_ABI::detail {
std::string_view embedded_measures_default();
}

namespace infoclass::inline INFOCLASS_ABI::analysis {

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

// For every asset, how many assets rely on it directly or through others.
// The strongly connected components (iterative Tarjan) condense the graph to
// a DAG; then, 512 assets at a time, each asset's bit flows along the
// dependencies in topological order and every component adds the bits that
// reach it. Cost: (assets / 512) passes, each over the components its
// sources reach together, a 64-byte OR per condensed dependency -- exact,
// where a walk per asset would cost the sum of all reaches. Sources that
// reach much the same share a pass (below).
// Bits set in x (no libgcc call when the target has no popcnt instruction).
constexpr std::uint32_t ones(std::uint64_t x) {
  x = x - ((x >> 1U) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2U) & 0x3333333333333333ULL);
  x = (x + (x >> 4U)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<std::uint32_t>((x * 0x0101010101010101ULL) >> 56U);
}

std::vector<std::uint32_t> count_dependents(const model& m) {
  const auto& g = m.graph();
  const auto n = static_cast<std::uint32_t>(m.size());
  std::vector<std::uint32_t> off(n + 1, 0);
  std::vector<std::uint32_t> adj;
  for (std::uint32_t v = 0; v < n; ++v) {
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      adj.push_back(static_cast<std::uint32_t>(boost::target(*e, g)));
    }
    off[v + 1] = static_cast<std::uint32_t>(adj.size());
  }
  // Tarjan: components come out sinks first.
  constexpr std::uint32_t unset = ~std::uint32_t{0};
  std::vector<std::uint32_t> index(n, unset);
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint32_t> comp(n, unset);
  std::vector<std::uint32_t> stack;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> call; // vertex, next edge
  std::uint32_t counter = 0;
  std::uint32_t comps = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != unset) {
      continue;
    }
    call.emplace_back(root, off[root]);
    index[root] = low[root] = counter++;
    stack.push_back(root);
    while (!call.empty()) {
      auto& [v, next] = call.back();
      if (next < off[v + 1]) {
        const std::uint32_t w = adj[next++];
        if (index[w] == unset) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          call.emplace_back(w, off[w]);
        } else if (comp[w] == unset) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const std::uint32_t done = v;
      call.pop_back();
      if (!call.empty()) {
        low[call.back().first] = std::min(low[call.back().first], low[done]);
      }
      if (low[done] == index[done]) {
        std::uint32_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          comp[w] = comps;
        } while (w != done);
        ++comps;
      }
    }
  }
  // Condensed edges by source component; topological order is comps-1 .. 0.
  std::vector<std::uint32_t> coff(comps + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    for (auto i = off[v]; i < off[v + 1]; ++i) {
      coff[comp[v] + 1] += comp[adj[i]] != comp[v] ? 1 : 0;
    }
  }
  for (std::uint32_t c = 0; c < comps; ++c) {
    coff[c + 1] += coff[c];
  }
  std::vector<std::uint32_t> cadj(coff[comps]);
  {
    auto fill = coff;
    for (std::uint32_t v = 0; v < n; ++v) {
      for (auto i = off[v]; i < off[v + 1]; ++i) {
        if (comp[adj[i]] != comp[v]) {
          cadj[fill[comp[v]]++] = comp[adj[i]];
        }
      }
    }
  }
  // Runs of "plain" components, each with exactly one component relying on
  // it (distinct) and one it relies on: the assets reaching one are those
  // reaching the one before it and its own members (a chain of 10^6 assets,
  // one run, took 19 s as passes over the rest of the chain). The passes
  // leave them out: what enters a run goes on at the component after its
  // last (`exit_of`), where the bits of sources inside it start too; their
  // counts follow from the one before each, after the passes.
  constexpr std::uint32_t none = ~std::uint32_t{0};
  constexpr std::uint32_t many = none - 1;
  std::vector<std::uint32_t> pred(comps, none); // the one relying on it, `many`, or none
  std::vector<std::uint32_t> succ(comps, none); // the one it relies on, `many`, or none
  for (std::uint32_t c = 0; c < comps; ++c) {
    for (auto i = coff[c]; i < coff[c + 1]; ++i) {
      const std::uint32_t d = cadj[i];
      succ[c] = succ[c] == none || succ[c] == d ? d : many;
      pred[d] = pred[d] == none || pred[d] == c ? c : many;
    }
  }
  const auto plain = [&](std::uint32_t c) { return pred[c] < many && succ[c] < many; };
  std::vector<std::uint32_t> exit_of(comps);  // c itself, or the first component after its run
  for (std::uint32_t c = 0; c < comps; ++c) { // what c relies on first (lower numbers)
    exit_of[c] = plain(c) ? exit_of[succ[c]] : c;
  }
  // Only an asset with a dependency can be another's dependent.
  std::vector<std::uint32_t> sources;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (off[v + 1] != off[v]) {
      sources.push_back(v);
    }
  }
  // A pass costs the components its sources reach together, so sources that
  // reach much the same assets share a pass: they are ordered by min-hashes
  // of the components each reaches (sources with equal hashes reach sets that
  // overlap, with the probability of their Jaccard similarity). In id or
  // topological order, 512 sources of a layered model with links between
  // its clusters reached together most of the model: 122 million component
  // visits at 10^6 assets (6.6 s), 29 million in this order (2.1 s). The
  // count is exact in any order.
  constexpr std::size_t hashes = 4;
  std::vector<std::uint64_t> least(std::size_t{comps} * hashes, ~std::uint64_t{0}); // of what c reaches, c excluded
  const auto mix = [](std::uint64_t x, std::size_t k) {
    x += 0x9E3779B97F4A7C15ULL * (k + 1);
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31U);
  };
  for (std::uint32_t c = 0; c < comps; ++c) { // dependencies first (lower numbers)
    std::uint64_t* lc = &least[std::size_t{c} * hashes];
    for (auto i = coff[c]; i < coff[c + 1]; ++i) {
      const std::uint32_t d = cadj[i];
      const std::uint64_t* ld = &least[std::size_t{d} * hashes];
      for (std::size_t k = 0; k < hashes; ++k) {
        lc[k] = std::min({lc[k], ld[k], mix(d, k)});
      }
    }
  }
  std::sort(sources.begin(), sources.end(), [&](std::uint32_t x, std::uint32_t y) {
    const std::uint64_t* lx = &least[std::size_t{comp[x]} * hashes];
    const std::uint64_t* ly = &least[std::size_t{comp[y]} * hashes];
    for (std::size_t k = 0; k < hashes; ++k) {
      if (lx[k] != ly[k]) {
        return lx[k] < ly[k];
      }
    }
    return comp[x] != comp[y] ? comp[x] > comp[y] : x < y;
  });
  least = {};
  constexpr std::size_t words = 8;
  std::vector<std::uint64_t> mask(std::size_t{comps} * words); // zero between passes
  std::vector<std::uint32_t> reach(comps, 0);                  // assets reaching the component, itself included
  // The components holding bits in the current pass, one bit each: a pass
  // visits only those (what its sources reach), highest first, and clears
  // each mask once it is passed on. Visiting every component per pass (and
  // clearing all masks) made the count quadratic: 17 s at 10^6 assets.
  std::vector<std::uint64_t> live((std::size_t{comps} + 63) / 64, 0);
  const auto mark = [&](std::uint32_t c) { live[c / 64] |= std::uint64_t{1} << (c % 64); };
  for (std::size_t first = 0; first < sources.size(); first += 64 * words) {
    const std::size_t last = std::min(sources.size(), first + 64 * words);
    for (std::size_t i = first; i < last; ++i) {
      const std::uint32_t at = exit_of[comp[sources[i]]];
      mask[std::size_t{at} * words + (i - first) / 64] |= std::uint64_t{1} << ((i - first) % 64);
      mark(at);
    }
    // The bits start at the components of this pass's sources (or after
    // their runs): nothing earlier in topological order than the first of
    // them holds any; a component's dependencies come later (lower numbers).
    std::uint32_t top = 0;
    for (std::size_t i = first; i < last; ++i) {
      top = std::max(top, exit_of[comp[sources[i]]]);
    }
    for (std::size_t w = top / 64 + 1; w-- > 0;) {
      while (live[w] != 0) {
        const auto b = static_cast<std::uint32_t>(63 - std::countl_zero(live[w]));
        live[w] &= ~(std::uint64_t{1} << b);
        const auto c = static_cast<std::uint32_t>(w * 64 + b);
        std::uint64_t* mc = &mask[std::size_t{c} * words];
        std::uint32_t bits = 0;
        for (std::size_t k = 0; k < words; ++k) {
          bits += ones(mc[k]);
        }
        reach[c] += bits;
        for (auto i = coff[c]; i < coff[c + 1]; ++i) {
          const std::uint32_t d = exit_of[cadj[i]];
          std::uint64_t* md = &mask[std::size_t{d} * words];
          for (std::size_t k = 0; k < words; ++k) {
            md[k] |= mc[k];
          }
          mark(d);
        }
        std::fill(mc, mc + words, 0);
      }
    }
  }
  // A run's components, the one relied on by the one before first (higher
  // numbers first): what reaches the one before, and its own sources.
  std::vector<std::uint32_t> own(comps, 0);
  for (const std::uint32_t v : sources) {
    ++own[comp[v]];
  }
  for (std::uint32_t c = comps; c-- > 0;) {
    if (plain(c)) {
      reach[c] = reach[pred[c]] + own[c];
    }
  }
  std::vector<std::uint32_t> out(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    // Every other member of the component reaches v; v itself is counted
    // when it has a dependency (then it was one of the sources).
    out[v] = reach[comp[v]] - (off[v + 1] != off[v] ? 1 : 0);
  }
  return out;
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

detail::gap_rows detail::find_gaps(const model& m, const assessment& a, const catalogue& c,
                                   const progress_fn& progress) {
  if (!(*c.scheme_ptr == m.get_scheme())) {
    throw model_error(c.id, "catalogue is for scheme " + c.scheme_ptr->id + ", the model uses " + m.get_scheme().id);
  }
  if (a.size() != m.size()) {
    throw error("gaps: the assessment does not belong to the model");
  }
  const auto& s = m.get_scheme();
  gap_rows out;
  auto& hits = out.rows;
  auto& dependents_of = out.dependents; // computed when the first gap is found
  auto dependents = [&](std::size_t v) -> std::size_t {
    if (dependents_of.empty()) {
      dependents_of = count_dependents(m);
    }
    return dependents_of[v];
  };
  // Which measures apply to each kind, by the model's kind codes.
  using access = infoclass::detail::model_access;
  std::vector<std::vector<std::uint32_t>> by_kind(access::kind_codes(m));
  std::vector<char> kind_seen(by_kind.size(), 0);
  const asset plain;
  const infoclass::detail::progress_ticker tick(progress, "gaps", m.size());
  for (std::size_t v = 0; v < m.size(); ++v) {
    tick(v);
    const auto code = access::kind_code(m, v);
    if (kind_seen[code] == 0) {
      kind_seen[code] = 1;
      for (std::size_t k = 0; k < c.measures.size(); ++k) {
        if (applies(c.measures[k], std::string(m.kind(v)))) {
          by_kind[code].push_back(static_cast<std::uint32_t>(k));
        }
      }
    }
    // Only an asset with more than the common fields can have implemented
    // levels or measures: the others are not built.
    const bool more = access::has_more_fields(m, v);
    const asset built = more ? m[v] : asset{};
    const asset& as = more ? built : plain;
    if (as.implemented) {
      for (std::size_t p = 0; p < s.size(); ++p) {
        auto eff = a.effective(v, p);
        auto impl = as.implemented->get(p);
        if (eff && (!impl || *impl < *eff)) {
          const auto severity = static_cast<std::size_t>(*eff - (impl ? *impl : -1)) * (1 + dependents(v));
          hits.push_back(gap_row{static_cast<std::uint32_t>(v), gap_row::no_measure, severity,
                                 static_cast<std::uint16_t>(p), impl, *eff});
        }
      }
    }
    for (const std::uint32_t k : by_kind[code]) {
      const auto& me = c.measures[k];
      if (std::find(as.measures.begin(), as.measures.end(), me.id) != as.measures.end()) {
        continue;
      }
      auto req = requirement(a, v, me);
      if (!req) {
        continue;
      }
      const auto severity =
          static_cast<std::size_t>(req->second - me.requires_.at(req->first) + 1) * (1 + dependents(v));
      hits.push_back(gap_row{static_cast<std::uint32_t>(v), k, severity, static_cast<std::uint16_t>(req->first),
                             std::nullopt, req->second});
    }
  }
  tick(m.size());
  std::stable_sort(hits.begin(), hits.end(),
                   [](const gap_row& x, const gap_row& y) { return x.severity > y.severity; });
  return out;
}

gap detail::make_gap(const model& m, const catalogue& c, const gap_rows& found, std::size_t i) {
  const auto& h = found.rows[i];
  gap gp;
  gp.kind = h.measure == gap_row::no_measure ? gap::what::level : gap::what::measure;
  gp.asset = m.id(h.asset);
  gp.property = m.get_scheme().properties[h.property].key;
  gp.implemented = h.implemented;
  gp.effective = h.effective;
  if (h.measure != gap_row::no_measure) {
    gp.measure = c.measures[h.measure].id;
  }
  gp.dependents = found.dependents[h.asset];
  gp.severity = h.severity;
  return gp;
}

std::vector<gap> gaps(const model& m, const assessment& a, const catalogue& c, const progress_fn& progress) {
  // Gaps are found and sorted as small records; the gap structs (with their
  // texts) are made once, in the final order.
  const auto found = detail::find_gaps(m, a, c, progress);
  std::vector<gap> out;
  out.reserve(found.rows.size());
  for (std::size_t i = 0; i < found.rows.size(); ++i) {
    out.push_back(detail::make_gap(m, c, found, i));
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
