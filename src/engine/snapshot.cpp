// SPDX-License-Identifier: Apache-2.0
// Building the compact snapshot the engine works on (see detail/snapshot.hpp).
#include "infoclass/detail/snapshot.hpp"

#include "infoclass/error.hpp"
#include "infoclass/model.hpp"
#include "model/access.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace infoclass::inline INFOCLASS_ABI::detail {

std::uint16_t find_kind(const snapshot& snap, std::string_view kind) {
  const auto& names = snap.kind_names;
  if (snap.kinds_by_name.size() == names.size()) {
    const auto it =
        std::lower_bound(snap.kinds_by_name.begin(), snap.kinds_by_name.end(), kind,
                         [&](std::uint16_t k, std::string_view x) { return std::string_view(names[k]) < x; });
    return it != snap.kinds_by_name.end() && names[*it] == kind ? *it : std::uint16_t{0xFFFF};
  }
  for (std::size_t i = 0; i < snap.kind_names.size(); ++i) {
    if (snap.kind_names[i] == kind) {
      return static_cast<std::uint16_t>(i);
    }
  }
  return 0xFFFF;
}

namespace {

slevel shift(level_t raw) { return raw < classification::not_applicable ? static_cast<slevel>(raw + 1) : slevel{0}; }

// Own levels and overrides of one asset into `values` (the kind is set by the caller).
void fill_levels(const model& m, std::uint32_t P, std::uint32_t v, asset_values& values) {
  const std::size_t b = std::size_t{v} * P;
  const auto own = m.own_levels(v);
  for (std::uint32_t p = 0; p < P; ++p) {
    level_t raw = own[p];
    values.own[b + p] = raw == classification::not_applicable ? slevel{0xFF} : shift(raw);
    values.ovr[b + p] = 0;
    values.ovr_effect[b + p] = 0;
  }
  for (const auto& [p, o] : m.overrides(v)) {
    values.ovr[b + p] = static_cast<slevel>(o.level + 1);
    values.ovr_effect[b + p] = static_cast<std::uint8_t>(o.effect);
  }
}

} // namespace

void load_values(const model& m, const snapshot& snap, std::uint32_t v, asset_values& values) {
  std::uint16_t k = find_kind(snap, m.kind(v));
  if (k == 0xFFFF) {
    throw error("load_values: kind not in snapshot (internal error)");
  }
  values.kind[v] = k;
  fill_levels(m, snap.P, v, values);
}

namespace {
void build_snapshot(const model& m, std::shared_ptr<const snapshot>& out, asset_values& values);
} // namespace

// The model's cached snapshot is reused while the structure is unchanged; if
// only values changed since, the cached values are patched from the journal.
void make_snapshot(const model& m, std::shared_ptr<const snapshot>& out, asset_values& values) {
  auto& c = model_access::cache(m);
  std::lock_guard<std::mutex> lock(c.mu);
  const std::uint64_t rev = m.revision();
  if (c.snap && c.values) {
    if (c.revision == rev) {
      out = c.snap;
      values = *c.values;
      return;
    }
    auto changes = m.changes_since(c.revision);
    bool values_only = changes.has_value();
    if (changes) {
      for (const auto& ch : *changes) {
        if (ch.kind != model_change::what::values || find_kind(*c.snap, m.kind(ch.vertex)) == 0xFFFF) {
          values_only = false;
          break;
        }
      }
    }
    if (values_only) {
      auto patched = std::make_shared<asset_values>(*c.values);
      for (const auto& ch : *changes) {
        load_values(m, *c.snap, ch.vertex, *patched);
      }
      values = *patched;
      c.values = std::move(patched);
      c.revision = rev;
      out = c.snap;
      return;
    }
  }
  c.snap.reset();
  c.values.reset();
  build_snapshot(m, out, values);
  c.snap = out;
  c.values = std::make_shared<const asset_values>(values);
  c.revision = rev;
}

namespace {
void build_snapshot(const model& m, std::shared_ptr<const snapshot>& out, asset_values& values) {
  const auto& sch = m.get_scheme();
  const auto& pol = m.resolved();
  auto s = std::make_shared<snapshot>();
  s->scheme_ptr = m.scheme_ptr();
  if (m.size() >= std::numeric_limits<std::uint32_t>::max() ||
      m.num_dependencies() >= std::numeric_limits<std::uint32_t>::max()) {
    throw error("model too large for the engine (2^32 assets or dependencies)");
  }
  const auto n = static_cast<std::uint32_t>(m.size());
  const auto P = static_cast<std::uint32_t>(sch.size());
  s->n = n;
  s->P = P;

  // Kinds: built-ins first so that their ids never depend on the model.
  s->kind_names = builtin_kinds();
  s->information_kind = 0;
  std::unordered_map<std::string, std::uint16_t> kind_ids;
  for (std::size_t i = 0; i < s->kind_names.size(); ++i) {
    kind_ids.emplace(s->kind_names[i], static_cast<std::uint16_t>(i));
  }
  s->ids = model_access::ids(m);
  values.kind.resize(n);
  // Snapshot kind of each of the model's kind codes, looked up by name once
  // per code; new kinds are numbered in order of first appearance.
  std::vector<std::uint16_t> kind_of(model_access::kind_codes(m), 0xFFFF);
  for (std::uint32_t v = 0; v < n; ++v) {
    auto& known = kind_of[model_access::kind_code(m, v)];
    if (known == 0xFFFF) {
      const std::string k(m.kind(v));
      auto it = kind_ids.find(k);
      if (it == kind_ids.end()) {
        if (s->kind_names.size() >= 0xFFFF) {
          throw error("too many distinct kinds");
        }
        s->kind_names.push_back(k);
        it = kind_ids.emplace(k, static_cast<std::uint16_t>(s->kind_names.size() - 1)).first;
      }
      known = it->second;
    }
    values.kind[v] = known;
  }
  s->kinds_by_name.resize(s->kind_names.size());
  std::iota(s->kinds_by_name.begin(), s->kinds_by_name.end(), std::uint16_t{0});
  std::sort(s->kinds_by_name.begin(), s->kinds_by_name.end(),
            [&](std::uint16_t a, std::uint16_t b) { return s->kind_names[a] < s->kind_names[b]; });

  s->top.resize(P);
  for (std::uint32_t p = 0; p < P; ++p) {
    s->top[p] = sch.levels(p);
  }
  const std::size_t K = s->kind_names.size();
  s->floor.assign(K * P, 0);
  s->cum.assign(K * P, {});
  for (std::size_t k = 0; k < K; ++k) {
    for (const auto& f : pol.floors) {
      if (!f.applies_to(s->kind_names[k])) {
        continue;
      }
      for (std::uint32_t p = 0; p < P; ++p) {
        if (f.levels[p]) {
          s->floor[k * P + p] = std::max<slevel>(s->floor[k * P + p], static_cast<slevel>(*f.levels[p] + 1));
        }
      }
    }
    for (std::size_t r = 0; r < pol.cumulation_rules.size(); ++r) {
      const auto& c = pol.cumulation_rules[r];
      if (!c.kinds.empty() && std::find(c.kinds.begin(), c.kinds.end(), s->kind_names[k]) == c.kinds.end()) {
        continue;
      }
      auto p = static_cast<std::uint32_t>(c.property);
      auto yields = static_cast<slevel>(std::min<unsigned>(c.level + 1u, s->top[p] - 1u) + 1u);
      s->cum[k * P + p].push_back(
          {static_cast<std::uint32_t>(r), c.at_least, static_cast<slevel>(c.level + 1), yields});
    }
  }

  // Transfer lookup tables per (type, grouped).
  s->type_names = pol.type_names;
  const std::size_t T = pol.type_names.size();
  s->lut.assign(T * 2, {});
  for (std::size_t t = 0; t < T; ++t) {
    for (std::size_t grouped = 0; grouped < 2; ++grouped) {
      auto& table = s->lut[t * 2 + grouped];
      for (std::uint32_t p = 0; p < P; ++p) {
        for (std::size_t l = 0; l < lut_width; ++l) {
          std::optional<level_t> lvl;
          if (l > 0) {
            lvl = static_cast<level_t>(l - 1);
          }
          auto r = pol.type_transfers[t][p].apply(lvl);
          if (grouped != 0) {
            r = pol.redundancy[p].apply(r);
          }
          table[p][l] = r ? static_cast<slevel>(*r + 1) : slevel{0};
        }
      }
    }
  }

  // Per-asset values.
  values.own.assign(std::size_t{n} * P, 0);
  values.ovr.assign(std::size_t{n} * P, 0);
  values.ovr_effect.assign(std::size_t{n} * P, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    fill_levels(m, P, v, values);
  }

  // CSR by target (in) and by source (out).
  std::unordered_map<std::string_view, std::uint16_t> type_ids;
  for (std::size_t t = 0; t < T; ++t) {
    type_ids.emplace(s->type_names[t], static_cast<std::uint16_t>(t));
  }
  const auto E = static_cast<std::uint32_t>(m.num_dependencies());
  s->in_off.assign(std::size_t{n} + 1, 0);
  s->out_off.assign(std::size_t{n} + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    s->out_off[v + 1] = s->out_off[v] + static_cast<std::uint32_t>(m.out_degree(v));
    s->in_off[v + 1] = s->in_off[v] + static_cast<std::uint32_t>(m.in_degree(v));
  }
  s->in_src.resize(E);
  s->in_code.resize(E);
  s->out_dst.resize(E);
  s->out_in.resize(E);
  std::vector<std::uint32_t> cursor(s->in_off.begin(), s->in_off.end() - 1);
  m.check_groups(); // k <= n for every group, before a propagation
  // Engine type id of each of the model's type codes.
  std::vector<std::uint16_t> type_of;
  for (const auto& name : model_access::type_code_names(m)) {
    auto tid = type_ids.find(name);
    type_of.push_back(tid == type_ids.end() ? std::uint16_t{0xFFFF} : tid->second);
  }
  // Per source: group code -> members (n) and need (k, 1 unless a member
  // states it). A group's place in `groups` by code (nil between sources:
  // a search per edge made a source with 40,000 groups quadratic).
  struct group_count {
    std::uint32_t code;
    std::uint32_t members;
    std::uint32_t need;
    std::uint32_t index; // in s->groups, once a member is placed (spare only)
  };
  std::vector<std::pair<std::uint32_t, std::uint32_t>> group_edges; // (in-edge position, group)
  std::vector<group_count> groups;
  std::vector<std::uint32_t> place_of; // [group code]
  const auto group_of_code = [&](std::uint32_t grp) -> group_count& { return groups[place_of[grp]]; };
  for (std::uint32_t u = 0; u < n; ++u) {
    for (const auto& x : groups) {
      place_of[x.code] = model_access::nil;
    }
    groups.clear();
    for (std::uint32_t e = model_access::first_out(m, u); e != model_access::nil; e = model_access::next_out(m, e)) {
      const auto grp = model_access::edge_group_code(m, e);
      if (grp == 0) {
        continue;
      }
      if (grp >= place_of.size()) {
        place_of.resize(std::size_t{grp} + 1, model_access::nil);
      }
      if (place_of[grp] == model_access::nil) {
        place_of[grp] = static_cast<std::uint32_t>(groups.size());
        groups.push_back({grp, 0, 1, model_access::nil});
      }
      auto& g = group_of_code(grp);
      ++g.members;
      if (const auto k = model_access::edge_need(m, e); k != 0) {
        g.need = k;
      }
    }
    std::uint32_t o = s->out_off[u];
    for (std::uint32_t e = model_access::first_out(m, u); e != model_access::nil;
         e = model_access::next_out(m, e), ++o) {
      const auto w = model_access::edge_at(m, e).target;
      const auto grp = model_access::edge_group_code(m, e);
      std::uint16_t grouped = 0;
      if (grp != 0) {
        // The redundancy transfer applies where the group has a spare.
        const auto& g = group_of_code(grp);
        grouped = g.members > g.need ? 1 : 0;
      }
      const std::uint32_t pos = cursor[w]++;
      if (grouped != 0) {
        auto& g = group_of_code(grp);
        if (g.index == model_access::nil) {
          g.index = static_cast<std::uint32_t>(s->groups.size());
          s->groups.push_back({std::string(model_access::group_name(m, grp)), g.need, g.members});
        }
        group_edges.emplace_back(pos, g.index);
      }
      s->in_src[pos] = u;
      const std::uint16_t t = type_of[model_access::edge_type_code(m, e)];
      if (t == 0xFFFF) {
        throw error("snapshot: undeclared dependency type (internal error)");
      }
      s->in_code[pos] = static_cast<std::uint16_t>(t * 2 + grouped);
      s->out_dst[o] = w;
      s->out_in[o] = pos;
    }
  }
  std::sort(group_edges.begin(), group_edges.end());
  for (const auto& [pos, gi] : group_edges) {
    s->group_edges.push_back(pos);
    s->group_of.push_back(gi);
  }
  compute_order(*s);
  out = std::move(s);
}
} // namespace

// Tarjan over in-edges (the reversed graph): a component is complete once every
// dependent reaching it is complete, which is the order a full run needs. The
// waves come along: `reach[v]` is the lowest wave v's component may take, raised
// by every dependent of v found in a completed component — when the edge is
// scanned, or when the search returns from a dependent that completed one.
// (A dependent still on the stack is in v's own component.)
void compute_order(snapshot& s) {
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  const std::uint32_t n = s.n;
  s.order.clear();
  s.order.reserve(n);
  s.comp_off.assign(1, 0);
  s.comp.assign(n, none);
  s.comp_wave.clear();
  s.cyclic_bits.assign((std::size_t{n} + 63) / 64, 0);
  std::vector<std::uint32_t> index(n, none);
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint32_t> reach(n, 0);
  std::vector<std::uint32_t> stack;
  struct frame {
    std::uint32_t v;
    std::uint32_t pos;
  };
  std::vector<frame> calls;
  std::uint32_t counter = 0;
  std::uint32_t comps = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != none) {
      continue;
    }
    index[root] = low[root] = counter++;
    stack.push_back(root);
    calls.push_back({root, s.in_off[root]});
    while (!calls.empty()) {
      frame& f = calls.back();
      const std::uint32_t v = f.v;
      if (f.pos < s.in_off[v + 1]) {
        const std::uint32_t u = s.in_src[f.pos++];
        if (index[u] == none) {
          index[u] = low[u] = counter++;
          stack.push_back(u);
          calls.push_back({u, s.in_off[u]});
        } else if (s.comp[u] == none) {
          low[v] = std::min(low[v], index[u]);
        } else {
          reach[v] = std::max(reach[v], s.comp_wave[s.comp[u]] + 1);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) {
        const std::uint32_t parent = calls.back().v;
        low[parent] = std::min(low[parent], low[v]);
      }
      if (low[v] == index[v]) {
        std::uint32_t x = 0;
        std::uint32_t wave = 0;
        do {
          x = stack.back();
          stack.pop_back();
          s.comp[x] = comps;
          s.order.push_back(x);
          wave = std::max(wave, reach[x]);
        } while (x != v);
        const std::uint32_t first = s.comp_off.back();
        s.comp_off.push_back(static_cast<std::uint32_t>(s.order.size()));
        s.comp_wave.push_back(wave);
        if (s.order.size() - first > 1) {
          for (std::size_t i = first; i < s.order.size(); ++i) {
            s.cyclic_bits[s.order[i] >> 6] |= std::uint64_t{1} << (s.order[i] & 63);
          }
        }
        ++comps;
        if (!calls.empty()) {
          const std::uint32_t parent = calls.back().v;
          reach[parent] = std::max(reach[parent], wave + 1);
        }
      }
    }
  }
}

} // namespace infoclass::inline INFOCLASS_ABI::detail
