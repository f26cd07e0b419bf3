// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/impact.hpp"
#include "engine/access.hpp"
#include "infoclass/detail/store.hpp"
#include "infoclass/graph.hpp"
#include "model/access.hpp"

#include "infoclass/error.hpp"
#include "support/os.hpp"
#include "support/progress_ticker.hpp"
#include "support/threads.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <span>
#include <type_traits>
#if !defined(__EMSCRIPTEN__)
#endif

namespace infoclass::inline INFOCLASS_ABI::analysis {

namespace {

std::size_t availability_property(const scheme& s) {
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (s.properties[p].role == role::availability) {
      return p;
    }
  }
  throw model_error("/scheme", "scheme " + s.id + " has no availability property");
}

bool passes(const model& m, std::string_view type, std::size_t p) {
  const auto& r = m.resolved();
  auto t = r.find_type(type);
  return t && r.type_transfers[*t][p].op != transfer::kind::block;
}

// Per dependent: its availability-passing dependencies, single ones and groups.

} // namespace

impact_cone impact_cone_of(const model& m, std::string_view asset, std::size_t property) {
  if (property >= m.get_scheme().size()) {
    throw model_error(std::string(asset), "property index out of range");
  }
  const auto& g = m.graph();
  impact_cone r;
  r.source = m.vertex(asset);
  r.property = property;
  std::vector<char> seen(m.size(), 0);
  seen[r.source] = 1;
  // Breadth first, the affected list as the queue: each asset's dependents
  // in model order, for a deterministic result.
  std::vector<vertex_type> next;
  const auto expand = [&](vertex_type x, std::size_t entry, std::size_t distance) {
    next.clear();
    for (auto [e, end] = boost::in_edges(x, g); e != end; ++e) {
      auto u = boost::source(*e, g);
      if (!seen[u] && passes(m, m.dependency_type(*e), property)) {
        next.push_back(u);
      }
    }
    std::sort(next.begin(), next.end());
    for (auto u : next) {
      if (!seen[u]) {
        seen[u] = 1;
        r.affected.push_back(u);
        r.via.push_back(entry);
        r.distance.push_back(distance + 1);
      }
    }
  };
  expand(r.source, impact_cone::from_source, 0);
  for (std::size_t k = 0; k < r.affected.size(); ++k) {
    expand(r.affected[k], k, r.distance[k]);
  }
  std::set<std::string_view> owners;
  for (const auto u : r.affected) {
    if (const auto o = m.owner(u); !o.empty()) {
      owners.insert(o);
    }
  }
  r.owners.assign(owners.begin(), owners.end());
  return r;
}

std::vector<std::string> impact_path(const model& m, const impact_cone& c, std::size_t k) {
  std::vector<std::string> path;
  if (k < c.distance.size() && c.distance[k] < c.affected.size()) { // a path has at most every entry
    path.reserve(c.distance[k] + 1);
  }
  for_each_on_path(c, k, [&](vertex_type v) {
    if (v >= m.size()) {
      throw model_error("impact_path", "vertex " + std::to_string(v) + " is not one of the model's " +
                                           std::to_string(m.size()) + " assets");
    }
    path.emplace_back(m.id(v));
  });
  return path;
}

impact_result impact(const model& m, std::string_view asset, std::size_t property) {
  const auto c = impact_cone_of(m, asset, property);
  impact_result r;
  r.source = std::string(asset);
  r.property = property;
  r.affected.reserve(c.affected.size());
  for (std::size_t k = 0; k < c.affected.size(); ++k) {
    affected_asset a;
    a.asset = m.id(c.affected[k]);
    a.owner = m.owner(c.affected[k]);
    a.path = impact_path(m, c, k);
    r.affected.push_back(std::move(a));
  }
  r.owners = c.owners;
  return r;
}

namespace {

template <class T> using scratch_vector = infoclass::detail::scratch_vector<T>;

// The engine's snapshot of m's structure, if the model caches one for its
// current structure (a propagation made it; only values changed since).
std::shared_ptr<const infoclass::detail::snapshot> current_snapshot(const model& m) {
  auto& c = infoclass::detail::model_access::cache(m);
  const std::unique_lock lock(c.mu, std::try_to_lock); // a propagation building one: do without
  if (!lock.owns_lock() || !c.snap || c.snap->n != m.size() || c.snap->order.size() != m.size()) {
    return nullptr;
  }
  if (c.revision != m.revision()) {
    const auto changes = m.changes_since(c.revision);
    if (!changes || std::any_of(changes->begin(), changes->end(),
                                [](const model_change& ch) { return ch.kind != model_change::what::values; })) {
      return nullptr; // the structure may have changed since
    }
  }
  return c.snap;
}

// The failure structure shared by failure_set and the SPOF search: for each
// dependent, the availability-passing dependencies it fails with (any one of
// them) and its redundancy groups (a group fails when `thr` of its member
// dependencies have failed: members - k + 1); for each supporter, the
// dependents that lean on it. Built from the model's edge columns in O(V + E).
class failure_graph {
public:
  static constexpr std::uint32_t no_group = 0xFFFFFFFF;
  failure_graph(const failure_graph&) = delete; // comp_ may view own_comp_
  failure_graph& operator=(const failure_graph&) = delete;

  /// Pass 1, by dependent, on `threads` workers (chunks of the assets claimed
  /// in turn, so that a heavier chunk does not keep the others waiting);
  /// finish() completes the graph. With `only`, the graph has the
  /// dependencies of the dependents marked there and no other (a part of the
  /// model closed under "depends on": a search that looks at no other).
  explicit failure_graph(const model& m, unsigned threads = 1, const scratch_vector<char>* only = nullptr)
      : p_(availability_property(m.get_scheme())), only_(only) {
    using acc = infoclass::detail::model_access;
    const auto n = static_cast<std::uint32_t>(m.size());
    n_ = n;
    built_ = only == nullptr ? n : static_cast<std::uint32_t>(std::count(only->begin(), only->end(), 1));
    // Per type code: passes availability.
    const auto type_names = acc::type_code_names(m);
    std::vector<char> pass(type_names.size(), 0);
    for (std::size_t c = 0; c < type_names.size(); ++c) {
      pass[c] = passes(m, type_names[c], p_) ? 1 : 0;
    }
    // Left unset (scratch_vector): pass 1 writes every entry but the first,
    // on the workers (the pages' first touch, most of their cost at 10^6).
    sup_off_.resize(n + 1);
    grp_off_.resize(n + 1);
    wide_.resize(n);
    sup_off_[0] = 0;
    grp_off_[0] = 0;
    const unsigned workers = threads > 1 && built_ >= 2 * min_chunk ? threads : 1U;
    const std::uint32_t chunks = workers == 1 ? 1U : std::min<std::uint32_t>(n / min_chunk, 4 * workers);
    std::vector<part> parts(chunks);
    parts[0].sup.reserve(acc::edge_slots(m)); // it becomes sup_, the other chunks appended
    for (std::uint32_t c = 1; c < chunks; ++c) {
      // Their share of the part's edges (as many per asset as in the whole
      // model) and a quarter more, so that they do not grow from empty
      // through fresh memory (at 10^6 on two workers, the graph's page
      // faults per call 1,400-1,700 -> about 1,000).
      const auto share =
          static_cast<std::size_t>(std::uint64_t{acc::edge_slots(m)} * built_ / std::max(n, 1U) / chunks);
      parts[c].sup.reserve(share + share / 4 + 64);
    }
    const auto bound = [&](std::uint32_t c) { return static_cast<std::uint32_t>(std::uint64_t{n} * c / chunks); };
    detail::run_pieces(workers, chunks, [&](std::size_t k, unsigned) {
      const auto c = static_cast<std::uint32_t>(k);
      pass_one(m, pass, bound(c), bound(c + 1), parts[c]);
    });
    // A group that needs more members than it has (k > n): the model's own
    // check names the first one, as before a propagation. Built for a part
    // only (`only`), the groups outside it were not looked at: the model's
    // check walks the sources of edges stating a need above one, the only
    // groups that can need more than they have. A snapshot of the current
    // structure was made after that check passed (a propagation's), and
    // only values changed since: no group changed.
    const bool overdrawn = std::any_of(parts.begin(), parts.end(), [](const part& x) { return x.overdrawn; });
    if (overdrawn || (only != nullptr && !current_snapshot(m))) {
      m.check_groups();
    }
    // The chunks joined: each chunk's place in the joined arrays first (its
    // offsets were counted from its own start), then every chunk copied and
    // its offsets moved by the workers at once.
    struct place {
      std::size_t sup = 0, thr = 0, gm = 0, blocked = 0;
    };
    std::vector<place> at(chunks + 1);
    for (std::uint32_t c = 0; c < chunks; ++c) {
      at[c + 1] = {at[c].sup + parts[c].sup.size(), at[c].thr + parts[c].thr.size(), at[c].gm + parts[c].gm.size(),
                   at[c].blocked + parts[c].blocked.size()};
    }
    const place& total = at[chunks];
    sup_ = std::move(parts[0].sup); // resized without setting the new elements (big_allocator)
    gm_ = std::move(parts[0].gm);
    thr_ = std::move(parts[0].thr);
    grp_dep_ = std::move(parts[0].grp_dep);
    blocked_ = std::move(parts[0].blocked);
    sup_.resize(total.sup);
    gm_.resize(total.gm);
    thr_.resize(total.thr);
    grp_dep_.resize(total.thr);
    blocked_.resize(total.blocked);
    gm_off_.resize(total.thr + 1);
    gm_off_[0] = 0;
    detail::run_pieces(workers, chunks, [&](std::size_t k, unsigned) {
      const auto c = static_cast<std::uint32_t>(k);
      const part& x = parts[c];
      const place& a = at[c];
      for (std::size_t i = 0; i < x.gm_end.size(); ++i) {
        gm_off_[a.thr + 1 + i] = x.gm_end[i] + static_cast<std::uint32_t>(a.gm);
      }
      if (c == 0) {
        return; // in place
      }
      for (std::uint32_t u = bound(c); u < bound(c + 1); ++u) {
        sup_off_[u + 1] += static_cast<std::uint32_t>(a.sup);
        grp_off_[u + 1] += static_cast<std::uint32_t>(a.thr);
      }
      std::copy(x.sup.begin(), x.sup.end(), sup_.begin() + static_cast<std::ptrdiff_t>(a.sup));
      std::copy(x.gm.begin(), x.gm.end(), gm_.begin() + static_cast<std::ptrdiff_t>(a.gm));
      std::copy(x.thr.begin(), x.thr.end(), thr_.begin() + static_cast<std::ptrdiff_t>(a.thr));
      std::copy(x.grp_dep.begin(), x.grp_dep.end(), grp_dep_.begin() + static_cast<std::ptrdiff_t>(a.thr));
      std::copy(x.blocked.begin(), x.blocked.end(), blocked_.begin() + static_cast<std::ptrdiff_t>(a.blocked));
    });
  }

  /// Completes the graph: the index by supporter and, with `order`, the
  /// failure order (the engine's, where m has a snapshot of its current
  /// structure, else made here), then `then()` (which may read the order but
  /// not the index); the two at once where `threads` > 1.
  void finish(const model& m, bool order, unsigned threads, const std::function<void()>& then = {}) {
    const auto ordered = [&] {
      if (order && !order_from_snapshot(m)) {
        make_order();
      }
      if (then) {
        then();
      }
    };
    // Threads only where the tasks outweigh starting them (as for pass 1);
    // tasks claimed in turn (a worker that did not start leaves them to the others).
    detail::run_pieces(built_ >= 2 * min_chunk ? threads : 1U, order ? 2U : 1U, [&](std::size_t t, unsigned) {
      if (t == 0) {
        index_by_supporter();
      } else {
        ordered();
      }
    });
  }

  [[nodiscard]] std::size_t property() const noexcept { return p_; }
  [[nodiscard]] std::uint32_t size() const noexcept { return n_; }
  [[nodiscard]] std::uint32_t groups() const noexcept { return static_cast<std::uint32_t>(thr_.size()); }

  // Pass 1 over the dependents [lo, hi): their passing dependencies as
  // ordinary supporters or redundancy groups, into `out` (offsets counted
  // from its start, in sup_off_ / grp_off_ at u + 1); `overdrawn` if a group
  // is stated to need more than all of its members (of any type).
  static constexpr std::uint32_t min_chunk = 4096; // assets; threads from two chunks' worth
  static constexpr std::uint32_t max_joined = 4096;
  struct part {
    scratch_vector<std::uint32_t> sup, gm, thr, grp_dep;
    std::vector<std::uint32_t> gm_end;                            // by group: end of its members in gm
    std::vector<std::pair<std::uint32_t, std::uint32_t>> blocked; // (u, supporter) not passing availability
    bool overdrawn = false;
  };
  void pass_one(const model& m, const std::vector<char>& pass, std::uint32_t lo, std::uint32_t hi, part& out) {
    using acc = infoclass::detail::model_access;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deps;  // (group code, supporter) of u
    std::vector<std::pair<std::uint32_t, std::uint32_t>> needs; // (group code, need) of u
    std::vector<std::uint32_t> grouped;                         // group codes of u's edges, any type
    for (std::uint32_t u = lo; u < hi; ++u) {
      if (only_ != nullptr && (*only_)[u] == 0) {
        sup_off_[u + 1] = static_cast<std::uint32_t>(out.sup.size());
        grp_off_[u + 1] = static_cast<std::uint32_t>(out.thr.size());
        wide_[u] = 0;
        continue;
      }
      const std::size_t sup_from = out.sup.size();
      const std::size_t gm_from = out.gm.size();
      deps.clear();
      needs.clear();
      grouped.clear();
      for (std::uint32_t e = acc::first_out(m, u); e != acc::nil; e = acc::next_out(m, e)) {
        const std::uint32_t g = acc::edge_group_code(m, e);
        if (g != 0) {
          grouped.push_back(g);
          if (const std::uint32_t k = acc::edge_need(m, e); k != 0) {
            needs.emplace_back(g, k);
          }
        }
        if (pass[acc::edge_type_code(m, e)] != 0) {
          deps.emplace_back(g, static_cast<std::uint32_t>(acc::edge_at(m, e).target));
        } else {
          out.blocked.emplace_back(u, static_cast<std::uint32_t>(acc::edge_at(m, e).target));
        }
      }
      if (!needs.empty()) { // members by group code, sorted: O(m log m) where every member states k
        std::sort(grouped.begin(), grouped.end());
        std::stable_sort(needs.begin(), needs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [gc, need] : needs) {
          const auto [first, last] = std::equal_range(grouped.begin(), grouped.end(), gc);
          out.overdrawn = out.overdrawn || need > static_cast<std::uint32_t>(last - first);
        }
      }
      if (!needs.empty() || std::any_of(deps.begin(), deps.end(), [](const auto& d) { return d.first != 0; })) {
        std::stable_sort(deps.begin(), deps.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      }
      for (std::size_t i = 0; i < deps.size();) {
        std::size_t j = i;
        while (j < deps.size() && deps[j].first == deps[i].first) {
          ++j;
        }
        const std::uint32_t g = deps[i].first;
        const auto members = static_cast<std::uint32_t>(j - i);
        std::uint32_t k = 1; // the group's stated need (the last stated, as all state the same)
        if (!needs.empty()) {
          const auto it = std::upper_bound(needs.begin(), needs.end(), g,
                                           [](std::uint32_t x, const auto& nd) { return x < nd.first; });
          k = it != needs.begin() && std::prev(it)->first == g ? std::prev(it)->second : k;
        }
        // Failures that bring the group down; one (no spare) or none makes
        // its members ordinary dependencies.
        const std::uint32_t thr = members >= k ? members - k + 1 : 0;
        if (g == 0 || thr < 2) {
          for (std::size_t x = i; x < j; ++x) {
            out.sup.push_back(deps[x].second);
          }
        } else {
          for (std::size_t x = i; x < j; ++x) {
            out.gm.push_back(deps[x].second);
          }
          out.gm_end.push_back(static_cast<std::uint32_t>(out.gm.size()));
          out.thr.push_back(thr);
          out.grp_dep.push_back(u);
        }
        i = j;
      }
      sup_off_[u + 1] = static_cast<std::uint32_t>(out.sup.size());
      grp_off_[u + 1] = static_cast<std::uint32_t>(out.thr.size());
      wide_[u] = out.sup.size() - sup_from + out.gm.size() - gm_from >= wide_from ? 1 : 0;
    }
  }

  /// For each supporter, the dependents that lean on it: (dependent, group
  /// index or no_group).
  void index_by_supporter() {
    const std::uint32_t n = n_;
    dep_off_.assign(n + 1, 0);
    for (const auto v : sup_) {
      ++dep_off_[v + 1];
    }
    for (const auto v : gm_) {
      ++dep_off_[v + 1];
    }
    for (std::uint32_t v = 0; v < n; ++v) {
      dep_off_[v + 1] += dep_off_[v];
    }
    dep_.resize(dep_off_[n]);
    std::vector<std::uint32_t> fill(dep_off_.begin(), dep_off_.end() - 1);
    for (std::uint32_t u = 0; u < n; ++u) {
      for (std::uint32_t i = sup_off_[u]; i < sup_off_[u + 1]; ++i) {
        dep_[fill[sup_[i]]++] = {u, no_group};
      }
      for (std::uint32_t g = grp_off_[u]; g < grp_off_[u + 1]; ++g) {
        for (std::uint32_t i = gm_off_[g]; i < gm_off_[g + 1]; ++i) {
          dep_[fill[gm_[i]]++] = {u, g};
        }
      }
    }
  }

  /// The failure order from the engine's snapshot of m (its component order
  /// reversed: the engine's runs dependents first), if the model has one for
  /// its current structure. The failure graph has a part of the snapshot's
  /// edges, so the snapshot's components are unions of its own, in an order
  /// that has every supporter first; a component that is a cycle only there is
  /// solved by run()'s worklist all the same.
  bool order_from_snapshot(const model& m) {
    const auto snap = current_snapshot(m);
    if (!snap) {
      return false;
    }
    // An edge the failure graph leaves out (blocked_: a type that does not
    // pass availability) inside one of the snapshot's components may join there
    // what the failure graph keeps apart (a data flow back); run() solves such
    // a component by its worklist, right but in no particular order. Taken up
    // to max_joined members (measured at 10^6, cycles of ~1,500 joined so:
    // faster than making the order), a larger one makes the order here.
    for (const auto& [u, w] : blocked_) {
      const std::uint32_t c = snap->comp[u];
      if (snap->comp[w] == c && snap->comp_off[c + 1] - snap->comp_off[c] > max_joined) {
        return false;
      }
    }
    pos_.resize(n_);
    order_.resize(n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      const std::uint32_t v = snap->order[n_ - 1 - i];
      order_[i] = v;
      pos_[v] = i;
    }
    snap_ = snap; // components read in place
    comp_ = snap->comp;
    mark_cyclic(snap->comp_off, true);
    return true;
  }

  /// The processing order of failures: every supporter before its dependents,
  /// a cycle's members together (components); pos[v] is v's place.
  void make_order() {
    if (!pos_.empty() || n_ == 0) {
      return;
    }
    infoclass::detail::snapshot o;
    o.n = n_;
    o.in_off.assign(n_ + 1, 0);
    for (std::uint32_t u = 0; u < n_; ++u) {
      std::uint32_t c = sup_off_[u + 1] - sup_off_[u];
      for (std::uint32_t g = grp_off_[u]; g < grp_off_[u + 1]; ++g) {
        c += gm_off_[g + 1] - gm_off_[g];
      }
      o.in_off[u + 1] = o.in_off[u] + c;
    }
    o.in_src.reserve(o.in_off[n_]);
    for (std::uint32_t u = 0; u < n_; ++u) {
      o.in_src.insert(o.in_src.end(), sup_.begin() + sup_off_[u], sup_.begin() + sup_off_[u + 1]);
      if (grp_off_[u] != grp_off_[u + 1]) {
        o.in_src.insert(o.in_src.end(), gm_.begin() + gm_off_[grp_off_[u]], gm_.begin() + gm_off_[grp_off_[u + 1]]);
      }
    }
    infoclass::detail::compute_order(o);
    pos_.resize(n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      pos_[o.order[i]] = i;
    }
    order_.assign(o.order.begin(), o.order.end());
    own_comp_ = std::move(o.comp);
    comp_ = own_comp_;
    mark_cyclic(o.comp_off, false);
  }

  /// cyclic_ and cycles_ from the components' offsets into an order
  /// (`reversed`: order_ is that order backwards).
  void mark_cyclic(const std::vector<std::uint32_t>& comp_off, bool reversed) {
    cyclic_.assign(comp_off.size() - 1, 0);
    cycles_.clear();
    for (std::size_t c = 0; c + 1 < comp_off.size(); ++c) {
      if (comp_off[c + 1] - comp_off[c] > 1) {
        cyclic_[c] = 1;
        cycles_.emplace_back(reversed ? n_ - comp_off[c + 1] : comp_off[c],
                             reversed ? n_ - comp_off[c] : comp_off[c + 1]);
      }
    }
    if (reversed) {
      std::reverse(cycles_.begin(), cycles_.end());
    }
  }

  std::size_t p_;
  const scratch_vector<char>* only_;
  std::uint32_t n_ = 0;
  std::uint32_t built_ = 0;                                      // dependents whose dependencies the graph has
  std::vector<std::pair<std::uint32_t, std::uint32_t>> blocked_; // (u, supporter) of the edges left out
  scratch_vector<std::uint32_t> sup_off_, sup_;                  // by dependent: ordinary supporters
  scratch_vector<std::uint32_t> grp_off_;                        // by dependent: its groups
  scratch_vector<std::uint32_t> gm_off_, gm_, thr_;              // by group: member supporters, threshold
  scratch_vector<std::uint32_t> grp_dep_;                        // by group: its dependent
  scratch_vector<std::uint32_t> dep_off_;                        // by supporter
  // A dependent leaning on a supporter: ordinarily (no_group) or as a member
  // of the dependent's group. Trivial, so that making room for the index
  // does not write it first (its places are written once, by the index).
  struct leaning {
    std::uint32_t dependent;
    std::uint32_t group;
  };
  scratch_vector<leaning> dep_;         // by supporter
  scratch_vector<std::uint32_t> pos_;   // place in failure order
  scratch_vector<std::uint32_t> order_; // its inverse
  std::span<const std::uint32_t> comp_; // by asset: component (the snapshot's or own_comp_)
  std::shared_ptr<const infoclass::detail::snapshot> snap_;
  std::vector<std::uint32_t> own_comp_;
  scratch_vector<char> cyclic_; // by component: more than one member
  scratch_vector<char> wide_;   // by dependent: wide_from supporters and group members or more (pass 1)
  static constexpr std::uint32_t wide_from = 256;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cycles_; // the cyclic components' places in order_, in order
};
static_assert(!std::is_move_constructible_v<failure_graph>,
              "comp_ may view own_comp_: the graph stays where it was made");

// One failure at a time (or a set at once): a worklist from the failed
// assets over their dependents, with a counter per touched group. Linear in
// the part that fails. The reference the bit-parallel search is tested against.
class failure_sim {
public:
  explicit failure_sim(const failure_graph& g) : g_(g), count_(g.groups(), 0), failed_(g.size(), 0) {}

  /// Simulates the failure of x; returns the failed assets (x first).
  const std::vector<std::uint32_t>& run(std::uint32_t x) { return run(std::span<const std::uint32_t>(&x, 1)); }

  /// Simulates the failure of every asset of `xs` at once; returns the failed
  /// assets (those of xs first).
  const std::vector<std::uint32_t>& run(std::span<const std::uint32_t> xs) {
    for (auto v : out_) {
      failed_[v] = 0;
    }
    for (auto gi : touched_groups_) {
      count_[gi] = 0;
    }
    out_.clear();
    touched_groups_.clear();
    for (const auto x : xs) {
      if (failed_[x] == 0) {
        failed_[x] = 1;
        out_.push_back(x);
      }
    }
    for (std::size_t i = 0; i < out_.size(); ++i) {
      const auto v = out_[i];
      for (std::uint32_t k = g_.dep_off_[v]; k < g_.dep_off_[v + 1]; ++k) {
        const auto [u, gi] = g_.dep_[k];
        if (failed_[u]) {
          continue;
        }
        bool fails = gi == failure_graph::no_group;
        if (!fails) {
          if (count_[gi]++ == 0) {
            touched_groups_.push_back(gi);
          }
          fails = count_[gi] == g_.thr_[gi];
        }
        if (fails) {
          failed_[u] = 1;
          out_.push_back(u);
        }
      }
    }
    return out_;
  }

private:
  const failure_graph& g_;
  std::vector<std::uint32_t> count_;
  std::vector<char> failed_;
  std::vector<std::uint32_t> out_;
  std::vector<std::uint32_t> touched_groups_;
};

// Adds one to the bit-sliced counters (plane b holds bit b of each count) at
// the bits set in `x`: a ripple of carries that mostly stops after a plane or
// two. Counts beyond the planes wrap (callers size the planes for their maximum).
template <std::size_t W> void add_bits(std::span<std::array<std::uint64_t, W>> planes, std::array<std::uint64_t, W> x) {
  for (auto& plane : planes) {
    bool more = false;
    for (std::size_t w = 0; w < W; ++w) {
      const std::uint64_t t = plane[w] & x[w];
      plane[w] ^= x[w];
      x[w] = t;
      more = more || t != 0;
    }
    if (!more) {
      return;
    }
  }
}

// The assets at or above the threshold, the candidates (assets downstream of
// one of them: only those can bring one down) and the part of the model that
// can carry a failure to one of them (reach: the high assets and everything
// they depend on, transitively, by any dependency).
struct spof_scope {
  scratch_vector<char> high;
  scratch_vector<char> reach;
  std::vector<std::uint32_t> candidates; ///< model order
};

// Many candidates at once (bit-parallel failure propagation): bit b of
// mask[v] says "v fails when candidate b fails", for W * 64 candidates. The
// part that any of them can bring down (their dependents, transitively) is
// gathered, put in failure order (supporters first) and each asset's mask is
// the OR of its ordinary supporters' masks and, per redundancy group, the
// bits where at least `thr` member masks are set (a bit-sliced count); a
// cycle is repeated until its masks stop growing (the least fixpoint). Each
// asset of the part is visited once (cycles: until stable) for all W * 64
// candidates, where one simulation per candidate visits it once each.
template <std::size_t W> class failure_batch {
public:
  using mask = std::array<std::uint64_t, W>;
  static constexpr std::uint32_t width = W * 64;

  failure_batch(const failure_graph& g, const scratch_vector<char>& high)
      : g_(g), high_(high), local_(g.size(), no_slot), seen_(g.size(), 0), queued_(g.size(), 0),
        bits_((std::size_t{g.size()} + 63) / 64, 0) {
    for (std::uint32_t u = 0; u < g.size(); ++u) {
      seen_[u] = g.wide_[u] != 0 ? wide : 0;
    }
  }

  /// Propagates the failures of `cands` (at most `width`); then, for every
  /// high asset that fails, `victim(v, m)` with m the bits of the candidates
  /// that bring it down (a candidate's own bit excluded), in model order if
  /// `sorted`.
  template <class Fn> void run(std::span<const std::uint32_t> cands, bool sorted, Fn&& victim) {
    region_.clear();
    for (const auto x : cands) {
      if ((seen_[x] & seen) == 0) {
        seen_[x] |= seen;
        region_.push_back(x);
      }
    }
    // The graph lists only dependents in the scope's reach (spof_search), the
    // ones that can carry a failure on to a high asset: every asset on a way
    // from a candidate to one is in reach (a mask flows only from supporters
    // to dependents), so the high ones' masks are those of the whole model.
    // A wide dependent (wide_from supporters and group members or more)
    // has the ways in from the region listed, so that it is evaluated over
    // those alone (a hub with 80,000 supporters in every batch).
    for (std::size_t i = 0; i < region_.size(); ++i) {
      const auto v = region_[i];
      for (std::uint32_t k = g_.dep_off_[v]; k < g_.dep_off_[v + 1]; ++k) {
        const auto u = g_.dep_[k].dependent;
        const char flags = seen_[u];
        if ((flags & wide) != 0) {
          touched_.push_back({u, g_.dep_[k].group, v});
        }
        if ((flags & seen) == 0) {
          seen_[u] = static_cast<char>(flags | seen);
          region_.push_back(u);
        }
      }
    }
    if (!touched_.empty()) {
      std::sort(touched_.begin(), touched_.end(), [](const touch& a, const touch& b) {
        return a.u != b.u ? a.u < b.u : a.group != b.group ? a.group < b.group : a.supporter < b.supporter;
      });
    }
    // In failure order: sort the places, then read the assets back.
    for (auto& v : region_) {
      v = g_.pos_[v];
    }
    sort_places(region_);
    for (auto& v : region_) {
      v = g_.order_[v];
    }
    // The region's masks by place in failure order (a supporter's mask is
    // mostly near its dependents' in memory); outside the region, none fails.
    lmask_.assign(region_.size(), mask{});
    for (std::size_t i = 0; i < region_.size(); ++i) {
      local_[region_[i]] = static_cast<std::uint32_t>(i);
    }
    for (std::size_t b = 0; b < cands.size(); ++b) {
      lmask_[local_[cands[b]]][b / 64] |= std::uint64_t{1} << (b % 64);
    }
    for (std::size_t i = 0; i < region_.size();) {
      const auto c = g_.comp_[region_[i]];
      if (!g_.cyclic_[c]) {
        eval(region_[i]);
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < region_.size() && g_.comp_[region_[j]] == c) {
        ++j;
      }
      // A cycle: every member once, then a worklist of the members whose
      // supporters' masks grew, until none grows (masks only grow).
      work_.clear();
      for (std::size_t k = i; k < j; ++k) {
        work_.push_back(region_[k]);
        queued_[region_[k]] = 1;
      }
      for (std::size_t k = 0; k < work_.size(); ++k) {
        const auto u = work_[k];
        queued_[u] = 0;
        if (!eval(u)) {
          continue;
        }
        for (std::uint32_t d = g_.dep_off_[u]; d < g_.dep_off_[u + 1]; ++d) {
          const auto x = g_.dep_[d].dependent;
          if (g_.comp_[x] == c && !queued_[x]) {
            queued_[x] = 1;
            work_.push_back(x);
          }
        }
      }
      i = j;
    }
    if (sorted) {
      sort_places(region_);
    }
    // The masks are final: a candidate does not bring itself down (its own
    // bit, set above, is read by no other mask from here on).
    for (std::size_t b = 0; b < cands.size(); ++b) {
      lmask_[local_[cands[b]]][b / 64] &= ~(std::uint64_t{1} << (b % 64));
    }
    for (const auto v : region_) {
      if (high_[v]) {
        victim(v, lmask_[local_[v]]);
      }
    }
    for (const auto v : region_) {
      local_[v] = no_slot;
      seen_[v] = static_cast<char>(seen_[v] & wide);
    }
    touched_.clear();
  }

private:
  // Sorts distinct numbers below g_.size(): a large set through a bitmap
  // (set, then read back in order, which clears it), a small one by std::sort.
  void sort_places(scratch_vector<std::uint32_t>& xs) {
    if (xs.size() < g_.size() / 256) {
      std::sort(xs.begin(), xs.end());
      return;
    }
    for (const auto x : xs) {
      bits_[x / 64] |= std::uint64_t{1} << (x % 64);
    }
    std::size_t k = 0;
    for (std::size_t w = 0; k < xs.size(); ++w) { // past the last one every word is zero
      for (std::uint64_t b = bits_[w]; b != 0; b &= b - 1) {
        xs[k++] = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(b)));
      }
      bits_[w] = 0;
    }
  }

  // mask[u] |= OR of ordinary supporters | groups at their threshold; returns whether it grew.
  bool eval(std::uint32_t u) {
    mask& mine = lmask_[local_[u]];
    mask m = mine;
    if ((seen_[u] & wide) != 0) { // over its ways in from the region only
      const auto first = std::lower_bound(touched_.begin(), touched_.end(), u,
                                          [](const touch& t, std::uint32_t x) { return t.u < x; });
      for (auto t = first; t != touched_.end() && t->u == u; ++t) {
        if (t->group == failure_graph::no_group) {
          const mask& s = lmask_[local_[t->supporter]];
          for (std::size_t w = 0; w < W; ++w) {
            m[w] |= s[w];
          }
        } else if (t == first || std::prev(t)->group != t->group) {
          group_down(t->group, m);
        }
      }
      bool grew = false;
      for (std::size_t w = 0; w < W; ++w) {
        grew = grew || m[w] != mine[w];
      }
      mine = m;
      return grew;
    }
    for (std::uint32_t i = g_.sup_off_[u]; i < g_.sup_off_[u + 1]; ++i) {
      const std::uint32_t l = local_[g_.sup_[i]];
      if (l == no_slot) {
        continue;
      }
      const mask& s = lmask_[l];
      for (std::size_t w = 0; w < W; ++w) {
        m[w] |= s[w];
      }
    }
    for (std::uint32_t gi = g_.grp_off_[u]; gi < g_.grp_off_[u + 1]; ++gi) {
      group_down(gi, m);
    }
    bool grew = false;
    for (std::size_t w = 0; w < W; ++w) {
      grew = grew || m[w] != mine[w];
    }
    mine = m;
    return grew;
  }

  // ORs into `m` the bits where at least thr of the group's members fail.
  void group_down(std::uint32_t gi, mask& m) {
    const std::uint32_t first = g_.gm_off_[gi];
    const std::uint32_t last = g_.gm_off_[gi + 1];
    const std::uint32_t thr = g_.thr_[gi];
    if (thr == last - first) { // all of them
      mask all;
      all.fill(~std::uint64_t{0});
      for (std::uint32_t i = first; i < last; ++i) {
        const std::uint32_t l = local_[g_.gm_[i]];
        if (l == no_slot) {
          return; // a member that cannot fail
        }
        for (std::size_t w = 0; w < W; ++w) {
          all[w] &= lmask_[l][w];
        }
      }
      for (std::size_t w = 0; w < W; ++w) {
        m[w] |= all[w];
      }
      return;
    }
    // Bit-sliced count of failed members, then count >= thr.
    const auto planes = static_cast<std::size_t>(std::bit_width(last - first));
    cnt_.assign(planes, mask{});
    for (std::uint32_t i = first; i < last; ++i) {
      if (const std::uint32_t l = local_[g_.gm_[i]]; l != no_slot) {
        add_bits<W>(cnt_, lmask_[l]);
      }
    }
    for (std::size_t w = 0; w < W; ++w) {
      std::uint64_t ge = 0;
      std::uint64_t eq = ~std::uint64_t{0};
      for (std::size_t b = planes; b-- > 0;) {
        const std::uint64_t c = cnt_[b][w];
        if (((thr >> b) & 1U) != 0) {
          eq &= c;
        } else {
          ge |= eq & c;
          eq &= ~c;
        }
      }
      m[w] |= ge | eq;
    }
  }

  const failure_graph& g_;
  const scratch_vector<char>& high_;
  scratch_vector<std::uint32_t> local_; // [v] v's place in region_, or no_slot
  scratch_vector<mask> lmask_;          // [place] the candidates that bring it down
  static constexpr char seen = 1;       // in seen_: in the region
  static constexpr char wide = 2;       // in seen_: a wide dependent (kept between runs)
  scratch_vector<char> seen_;
  struct touch {
    std::uint32_t u, group, supporter; // a way into wide u from the region (group or no_group)
  };
  std::vector<touch> touched_; // sorted by u, group, supporter
  scratch_vector<std::uint32_t> region_;
  scratch_vector<char> queued_;
  std::vector<std::uint32_t> work_;
  static constexpr std::uint32_t no_slot = 0xFFFFFFFF;
  scratch_vector<std::uint64_t> bits_; // sort_places' bitmap, zero between calls
  std::vector<mask> cnt_;
};

// The SPOF search over every candidate: batches of failure_batch<W>::width
// candidates in model order, spread over `threads` workers (each with its own
// masks); `per_batch(batch index, candidates, batch)` runs in the worker.
template <std::size_t W, class Fn>
void for_batches(const failure_graph& g, const scratch_vector<char>& high, std::span<const std::uint32_t> cands,
                 unsigned threads, const progress_fn& progress, Fn&& per_batch) {
  constexpr std::uint32_t width = failure_batch<W>::width;
  const std::size_t batches = (cands.size() + width - 1) / width;
  // Progress from the caller's thread: after its batches, at least a
  // hundredth apart, and once at the end.
  const std::size_t total = cands.size();
  detail::progress_steps tell(progress, "single points of failure", total);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  threads = std::max(1U, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(batches, 1))));
  detail::run_workers(threads, [&](unsigned worker) {
    try {
      failure_batch<W> fb(g, high);
      for (std::size_t b = next++; b < batches && !stop; b = next++) {
        const std::size_t first = b * width;
        const std::size_t last = std::min(cands.size(), first + width);
        per_batch(b, std::span<const std::uint32_t>(cands.data() + first, last - first), fb);
        const std::size_t d = done += last - first;
        if (worker == 0) {
          tell(d);
        }
      }
    } catch (...) {
      stop = true; // the others stop too; run_workers rethrows the first failure
      throw;
    }
  });
  tell(total);
}

spof_scope scope_of(const model& m, const assessment& a, std::size_t p, level_t threshold) {
  const std::size_t n = m.size();
  const auto eff = infoclass::detail::assessment_access::effective(a);
  const std::size_t P = a.properties();
  using acc = infoclass::detail::model_access;
  spof_scope s;
  s.high.assign(n, 0);
  const auto shifted = static_cast<infoclass::detail::slevel>(threshold + 1);
  scratch_vector<char> candidate(n, 0);
  auto& seen = s.reach;
  seen.assign(n, 0);
  scratch_vector<std::uint32_t> q;
  for (std::size_t v = 0; v < n; ++v) {
    if (eff[v * P + p] >= shifted) {
      s.high[v] = 1;
      seen[v] = 1;
      q.push_back(static_cast<std::uint32_t>(v));
    }
  }
  // q grows as it is read (a queue).
  const auto reached = [&](scratch_vector<std::uint32_t>& queue, std::uint32_t y) {
    candidate[y] = 1;
    if (!seen[y]) {
      seen[y] = 1;
      queue.push_back(y);
    }
  };
  // What each depends on: from the engine's snapshot where there is one (an
  // array per asset instead of a list through the model's edges).
  if (const auto snap = current_snapshot(m)) {
    for (std::size_t i = 0; i < q.size(); ++i) {
      for (std::uint32_t o = snap->out_off[q[i]]; o < snap->out_off[q[i] + 1]; ++o) {
        reached(q, snap->out_dst[o]);
      }
    }
  } else {
    for (std::size_t i = 0; i < q.size(); ++i) {
      for (std::uint32_t e = acc::first_out(m, q[i]); e != acc::nil; e = acc::next_out(m, e)) {
        reached(q, static_cast<std::uint32_t>(acc::edge_at(m, e).target));
      }
    }
  }
  for (std::uint32_t v = 0; v < n; ++v) {
    if (candidate[v]) {
      s.candidates.push_back(v);
    }
  }
  return s;
}

} // namespace

level_t spof_threshold(const model& m, long long threshold) {
  const auto& s = m.get_scheme();
  const std::size_t p = availability_property(s);
  if (threshold < 0 || threshold >= static_cast<long long>(s.levels(p))) {
    throw model_error("threshold", "level " + std::to_string(threshold) + " is outside 0.." +
                                       std::to_string(s.levels(p) - 1) + " of " + s.properties[p].key + " in scheme " +
                                       s.id);
  }
  return static_cast<level_t>(threshold);
}

std::vector<std::string> failure_set(const model& m, std::string_view asset) {
  const std::string_view one[] = {asset};
  return failure_set(m, std::span<const std::string_view>(one));
}

std::vector<std::string> failure_set(const model& m, std::span<const std::string_view> assets) {
  std::vector<std::uint32_t> xs;
  xs.reserve(assets.size());
  for (const auto a : assets) {
    xs.push_back(static_cast<std::uint32_t>(m.vertex(a)));
  }
  failure_graph g(m);
  g.finish(m, false, 1);
  failure_sim sim(g);
  auto failed = sim.run(xs);
  std::sort(failed.begin(), failed.end());
  std::vector<std::string> out;
  out.reserve(failed.size());
  for (auto v : failed) {
    out.emplace_back(m.id(v));
  }
  return out;
}

namespace {

// Candidates per pass: 64 times 1, 2, 4 or 8 words of mask per asset, the
// narrowest that holds them all (512 at most): a pass costs its region's size
// times its words, and most of a wider mask would stay zero.
template <class Fn> decltype(auto) with_batch_words(std::size_t candidates, Fn&& fn) {
  if (candidates <= 64) {
    return fn(std::integral_constant<std::size_t, 1>{});
  }
  if (candidates <= 128) {
    return fn(std::integral_constant<std::size_t, 2>{});
  }
  if (candidates <= 256) {
    return fn(std::integral_constant<std::size_t, 4>{});
  }
  return fn(std::integral_constant<std::size_t, 8>{});
}

void check_belongs(const model& m, const assessment& a) {
  if (a.size() != m.size()) {
    throw error("single_points_of_failure: the assessment does not belong to the model");
  }
}

// Candidates whose failures bring down the same assets: the members of a
// cycle of ordinary dependencies (each fails when the next does: no group
// with a spare between them). Any one's failure brings down every member,
// so each member's failure brings down what any other's does. Such a cycle
// lies inside one of the failure order's cyclic components (whose members
// are all candidates: each is depended on by another, in the reach):
// only those are looked at, by Tarjan's algorithm over their ordinary
// dependencies. The result has each such member that is not its cycle's
// first (model order) with the first, as places in the candidates, sorted;
// its size is that of the cyclic components, not of the model (at 10^6 the
// arrays by candidate and by asset it had cost more than the search for
// cycles itself).
struct same_failure {
  std::uint32_t place, first;
};
std::vector<same_failure> same_failures(const failure_graph& g, const std::vector<std::uint32_t>& cands) {
  std::vector<same_failure> out;
  if (g.cycles_.empty()) {
    return out;
  }
  // A slot per member of a cyclic component: the components' places in the
  // failure order one after another (a member's slot from its place there).
  std::vector<std::uint32_t> base; // by cyclic component (in cycles_): its first slot
  std::uint32_t slots = 0;
  for (const auto& [from, to] : g.cycles_) {
    base.push_back(slots);
    slots += to - from;
  }
  std::vector<std::uint32_t> cyc_of(slots); // a slot's place in cycles_
  for (std::uint32_t c = 0; c < g.cycles_.size(); ++c) {
    std::fill(cyc_of.begin() + base[c], cyc_of.begin() + base[c] + (g.cycles_[c].second - g.cycles_[c].first), c);
  }
  const auto asset_at = [&](std::uint32_t slot) {
    return g.order_[g.cycles_[cyc_of[slot]].first + slot - base[cyc_of[slot]]];
  };
  // Each member's place in the candidates (both in model order: one merge).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_asset(slots); // (asset, slot)
  for (std::uint32_t x = 0; x < slots; ++x) {
    by_asset[x] = {asset_at(x), x};
  }
  std::sort(by_asset.begin(), by_asset.end());
  constexpr std::uint32_t none = 0xFFFFFFFFU;
  std::vector<std::uint32_t> place(slots, none);
  for (std::size_t i = 0, k = 0; k < by_asset.size(); ++k) {
    while (i < cands.size() && cands[i] < by_asset[k].first) {
      ++i;
    }
    if (i < cands.size() && cands[i] == by_asset[k].first) {
      place[by_asset[k].second] = static_cast<std::uint32_t>(i);
    }
  }
  std::vector<std::uint32_t> index(slots, none); // by slot: visit number, lowest reached, on the stack
  std::vector<std::uint32_t> low(slots, 0);
  std::vector<char> held(slots, 0);
  std::vector<std::uint32_t> stack; // slots
  struct frame {
    std::uint32_t x, next; // slot, its asset's next ordinary supporter to look at
  };
  std::vector<frame> frames;
  std::uint32_t visits = 0;
  const auto visit = [&](std::uint32_t x) {
    index[x] = low[x] = visits++;
    held[x] = 1;
    stack.push_back(x);
    frames.push_back({x, g.sup_off_[asset_at(x)]});
  };
  for (std::uint32_t c = 0; c < g.cycles_.size(); ++c) {
    const std::uint32_t from = g.cycles_[c].first;
    const std::uint32_t to = g.cycles_[c].second;
    for (std::uint32_t root = base[c]; root < base[c] + (to - from); ++root) {
      if (place[root] == none || index[root] != none) {
        continue;
      }
      visit(root);
      while (!frames.empty()) {
        const std::uint32_t x = frames.back().x;
        const std::uint32_t u = asset_at(x);
        if (frames.back().next < g.sup_off_[u + 1]) {
          const std::uint32_t w = g.sup_[frames.back().next++];
          const std::uint32_t at = g.pos_[w];
          if (at < from || at >= to) {
            continue; // outside u's component
          }
          const std::uint32_t y = base[c] + at - from;
          if (place[y] == none) {
            continue;
          }
          if (index[y] == none) {
            visit(y);
          } else if (held[y] != 0) {
            low[x] = std::min(low[x], index[y]);
          }
          continue;
        }
        frames.pop_back();
        if (!frames.empty()) {
          const std::uint32_t px = frames.back().x;
          low[px] = std::min(low[px], low[x]);
        }
        if (low[x] == index[x]) { // x and the members above it on the stack: one cycle (or x alone)
          auto it = std::find(stack.rbegin(), stack.rend(), x).base() - 1;
          std::uint32_t least = none;
          for (auto y = it; y != stack.end(); ++y) {
            least = std::min(least, place[*y]);
            held[*y] = 0;
          }
          for (auto y = it; y != stack.end(); ++y) {
            if (place[*y] != least) {
              out.push_back({place[*y], least});
            }
          }
          stack.erase(it, stack.end());
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const same_failure& p, const same_failure& q) { return p.place < q.place; });
  return out;
}

// The failure graph of a search and the part of the model it looks at.
// Only the part of the model in the scope's reach can carry a failure to a
// high asset, so the graph has only its dependents' dependencies (on the
// Debian graph 111 of 63,697 packages). A search that counts also finds the
// candidates that share a failure (same_failures), beside the index by
// supporter (it needs only the failure order).
struct spof_search {
  enum class purpose { naming, counting };
  unsigned threads;
  // The helper threads of every parallel step of the call (graph, index,
  // batches), started once for them; the search lives on one thread.
  std::unique_ptr<detail::worker_team> team;
  spof_scope scope;
  failure_graph g;
  std::vector<same_failure> same;
  spof_search(const model& m, const assessment& a, level_t threshold, const spof_options& options,
              purpose what = purpose::naming)
      : threads(detail::resolve_threads(options.threads)),
        team(threads > 1 ? std::make_unique<detail::worker_team>(threads) : nullptr),
        scope(scope_of(m, a, availability_property(m.get_scheme()), spof_threshold(m, threshold))),
        g(m, threads, &scope.reach) {
    g.finish(m, true, threads, [&] {
      if (what == purpose::counting) {
        same = same_failures(g, scope.candidates);
      }
    });
  }
};

} // namespace

std::vector<single_point> single_points_of_failure(const model& m, const assessment& a, level_t threshold,
                                                   const progress_fn& progress) {
  spof_options o;
  o.progress = progress;
  return single_points_of_failure(m, a, threshold, o);
}

namespace {

// fn(i) for each bit i set in a pass's mask (a candidate's place in its batch).
template <std::size_t W, class Fn> void for_each_bit(const std::array<std::uint64_t, W>& mk, Fn&& fn) {
  for (std::size_t w = 0; w < W; ++w) {
    for (std::uint64_t x = mk[w]; x != 0; x &= x - 1) {
      fn(w * 64 + static_cast<std::size_t>(std::countr_zero(x)));
    }
  }
}

// The search over every candidate with what each batch finds handed on in
// batch order (model order) from the caller's thread. Each worker searches
// the next batch it may claim, `search(candidates, failure batch, found)`,
// and leaves what it found in the batch's slot of a ring; worker 0 (the
// caller's thread) hands the slots on, `take(batch index, found)`, as
// they are ready, and tells `progress`. A worker claims a batch only while
// fewer than `window` batches wait to be handed on, so memory stays that of
// a few batches however slowly `take` goes. A failure anywhere (search, take,
// progress) stops every worker: none waits on a batch no one will finish.
template <std::size_t W, class Found, class Search, class Take>
void in_model_order(const spof_search& s, const progress_fn& progress, Search&& search, Take&& take) {
  using batch = failure_batch<W>;
  constexpr std::size_t width = batch::width;
  const auto& cands = s.scope.candidates;
  const std::size_t batches = (cands.size() + width - 1) / width;
  const unsigned threads =
      std::max(1U, std::min<unsigned>(s.threads, static_cast<unsigned>(std::max<std::size_t>(batches, 1))));
  const std::size_t window = std::size_t{2} * threads;
  struct slot {
    Found found;
    bool ready = false;
  };
  std::vector<slot> ring(window); // batch b in ring[b % window]
  std::mutex mu;
  std::condition_variable cv;
  std::size_t next = 0;   // the next batch to claim
  std::size_t handed = 0; // batches handed on
  bool stop = false;
  const std::size_t total = cands.size();
  detail::progress_steps tell(progress, "single points of failure", total);
  detail::run_workers(threads, [&](unsigned worker) {
    try {
      batch fb(s.g, s.scope.high);
      std::unique_lock lk(mu);
      for (;;) { // until all is claimed (handed on, for worker 0) or a worker failed
        while (worker == 0 && !stop && handed < batches && ring[handed % window].ready) {
          slot& x = ring[handed % window];
          const std::size_t b = handed;
          lk.unlock();
          take(b, x.found);
          tell(std::min(total, (b + 1) * width));
          lk.lock();
          x.ready = false;
          ++handed;
          cv.notify_all();
        }
        if (stop) { // a worker failed (for worker 0 perhaps while it had the lock released: no notice to wait for)
          break;
        }
        if (next < batches && next < handed + window) {
          const std::size_t b = next++;
          slot& x = ring[b % window];
          lk.unlock();
          const std::size_t first = b * width;
          const std::size_t last = std::min(total, first + width);
          search(std::span<const std::uint32_t>(cands.data() + first, last - first), fb, x.found);
          lk.lock();
          x.ready = true;
          cv.notify_all();
          continue;
        }
        if (worker == 0 ? handed == batches : next == batches) {
          break;
        }
        cv.wait(lk);
      }
    } catch (...) { // the lock was released as the try block was left
      {
        const std::lock_guard g(mu);
        stop = true;
      }
      cv.notify_all();
      throw; // run_workers rethrows the first failure once all have stopped
    }
  });
  tell(total);
}

// What a batch of the listing found: the places of its single points in the
// batch, and their victims (at most max_names each, model order), one after
// another (end[k]: the end of the k-th one's).
struct found_points {
  std::vector<std::uint32_t> who, victims;
  std::vector<std::size_t> end; // a batch may name more than 2^32 victims
};

// The single points of failure among a batch's candidates, into `out`.
template <std::size_t W>
void find_points(std::span<const std::uint32_t> cands, failure_batch<W>& fb, std::size_t max_names, found_points& out) {
  using mask = typename failure_batch<W>::mask;
  std::vector<std::vector<std::uint32_t>> lists(cands.size());
  mask any{};
  fb.run(cands, true, [&](std::uint32_t v, const mask& mk) {
    for (std::size_t w = 0; w < W; ++w) {
      any[w] |= mk[w];
    }
    for_each_bit<W>(mk, [&](std::size_t i) {
      if (lists[i].size() < max_names) {
        lists[i].push_back(v);
      }
    });
  });
  out.who.clear();
  out.end.clear();
  out.victims.clear();
  for_each_bit<W>(any, [&](std::size_t i) {
    out.who.push_back(static_cast<std::uint32_t>(i));
    out.victims.insert(out.victims.end(), lists[i].begin(), lists[i].end());
    out.end.push_back(out.victims.size());
  });
}

template <std::size_t W>
std::size_t visit_single_points(const spof_search& s, const spof_options& options, const single_point_visitor& visit) {
  using batch = failure_batch<W>;
  std::size_t visited = 0;
  std::vector<vertex_type> victims;
  in_model_order<W, found_points>(
      s, options.progress,
      [&](std::span<const std::uint32_t> cands, batch& fb, found_points& out) {
        find_points<W>(cands, fb, options.max_names, out);
      },
      [&](std::size_t b, const found_points& f) {
        for (std::size_t k = 0; k < f.who.size(); ++k) {
          victims.assign(f.victims.begin() + static_cast<std::ptrdiff_t>(k == 0 ? 0 : f.end[k - 1]),
                         f.victims.begin() + static_cast<std::ptrdiff_t>(f.end[k]));
          visit(s.scope.candidates[b * batch::width + f.who[k]], victims);
          ++visited;
        }
      });
  return visited;
}

// The listing with names, made by the workers (every victim named: most of
// the work at scale), handed on in model order.
template <std::size_t W>
std::vector<single_point> list_single_points(const model& m, const spof_search& s, const spof_options& options) {
  using batch = failure_batch<W>;
  std::vector<single_point> out;
  in_model_order<W, std::vector<single_point>>(
      s, options.progress,
      [&](std::span<const std::uint32_t> cands, batch& fb, std::vector<single_point>& named) {
        found_points f;
        find_points<W>(cands, fb, options.max_names, f);
        named.clear();
        for (std::size_t k = 0; k < f.who.size(); ++k) {
          single_point sp;
          sp.asset = m.id(cands[f.who[k]]);
          sp.brings_down.reserve(f.end[k] - (k == 0 ? 0 : f.end[k - 1]));
          for (std::size_t i = k == 0 ? 0 : f.end[k - 1]; i < f.end[k]; ++i) {
            sp.brings_down.emplace_back(m.id(f.victims[i]));
          }
          named.push_back(std::move(sp));
        }
      },
      [&](std::size_t, std::vector<single_point>& named) {
        std::move(named.begin(), named.end(), std::back_inserter(out));
        named.clear();
      });
  return out;
}

} // namespace

std::vector<single_point> single_points_of_failure(const model& m, const assessment& a, level_t threshold,
                                                   const spof_options& options) {
  check_belongs(m, a);
  const spof_search s(m, a, threshold, options);
  return with_batch_words(s.scope.candidates.size(),
                          [&](auto words) { return list_single_points<decltype(words)::value>(m, s, options); });
}

std::size_t for_each_single_point(const model& m, const assessment& a, level_t threshold,
                                  const single_point_visitor& visit, const spof_options& options) {
  check_belongs(m, a);
  const spof_search s(m, a, threshold, options);
  return with_batch_words(s.scope.candidates.size(),
                          [&](auto words) { return visit_single_points<decltype(words)::value>(s, options, visit); });
}

namespace {

// How many assets at or above the threshold each of `cands` brings down, by
// place in `cands`.
template <std::size_t W>
scratch_vector<std::uint32_t> count_victims_w(const spof_search& s, std::span<const std::uint32_t> cands_all,
                                              const progress_fn& progress) {
  using batch = failure_batch<W>;
  constexpr std::size_t planes = 32;                     // counts up to 2^32 - 1
  scratch_vector<std::uint32_t> count(cands_all.size()); // unset: every entry is written by its batch's worker
  for_batches<W>(s.g, s.scope.high, cands_all, s.threads, progress,
                 [&](std::size_t b, std::span<const std::uint32_t> cands, batch& fb) {
                   // A bit-sliced counter per candidate.
                   std::array<typename batch::mask, planes> cnt{};
                   fb.run(cands, false, [&](std::uint32_t, const typename batch::mask& mk) { add_bits<W>(cnt, mk); });
                   for (std::size_t i = 0; i < cands.size(); ++i) {
                     std::uint32_t c = 0;
                     for (std::size_t pl = 0; pl < planes; ++pl) {
                       c |= static_cast<std::uint32_t>((cnt[pl][i / 64] >> (i % 64)) & 1U) << pl;
                     }
                     count[b * batch::width + i] = c;
                   }
                 });
  return count;
}

// Candidates whose failure brings down what their one dependent's does and
// that dependent: x outside cycles on which a single dependent w leans, and
// leans as an ordinary dependency, so that x's failure alone fails it (a
// group without a spare is made of ordinary dependencies in pass 1; one with
// a spare does not fail with x alone). Then x's failure is w's and x, and w's
// is not x's (no cycle), so x brings down w's victims and w. On a chain each
// link but the last is one (a chain of 10^6 took 44 s when every candidate's
// failure was propagated, a pass over the rest of the chain per batch).
struct linked_failure {
  std::uint32_t place, pos, dependent; // x's place in the candidates and in the failure order; w
};
std::vector<linked_failure> linked_failures(const spof_search& s) {
  const auto& g = s.g;
  const auto& cands = s.scope.candidates;
  std::vector<linked_failure> out;
  for (std::uint32_t i = 0; i < cands.size(); ++i) {
    const std::uint32_t x = cands[i];
    if (g.dep_off_[x + 1] - g.dep_off_[x] != 1 || g.cyclic_[g.comp_[x]] != 0) {
      continue;
    }
    const auto& d = g.dep_[g.dep_off_[x]];
    if (d.dependent != x && d.group == failure_graph::no_group) {
      out.push_back({i, g.pos_[x], d.dependent});
    }
  }
  return out;
}

// How many assets at or above the threshold each candidate brings down, by
// place in scope.candidates. Only the failures of candidates that stand for
// no other are propagated. Members of a cycle of ordinary dependencies
// (same_failures) bring down the same assets, F: the first member's failure
// is propagated, and another's count is F's high assets less itself, where
// the first's is F's less the first. A candidate linked to its one dependent
// (linked_failures) brings down the dependent's victims and the dependent.
scratch_vector<std::uint32_t> count_victims(const spof_search& s, const progress_fn& progress) {
  const auto& cands = s.scope.candidates;
  const auto& same = s.same;
  auto linked = linked_failures(s);
  if (same.empty() && linked.empty()) {
    return with_batch_words(cands.size(),
                            [&](auto words) { return count_victims_w<decltype(words)::value>(s, cands, progress); });
  }
  scratch_vector<char> stands(cands.size(), 0); // by place: taken from another's count
  for (const auto& x : same) {
    stands[x.place] = 1;
  }
  for (const auto& x : linked) {
    stands[x.place] = 1;
  }
  scratch_vector<std::uint32_t> firsts; // model order
  firsts.reserve(cands.size());
  for (std::size_t i = 0; i < cands.size(); ++i) {
    if (stands[i] == 0) {
      firsts.push_back(cands[i]);
    }
  }
  // Progress in candidates, as where every failure is propagated: the
  // propagated ones' share of the search stands for all the candidates.
  progress_fn told = progress;
  if (progress) {
    told = [&](std::string_view what, std::size_t done, std::size_t total) {
      progress(what, done == total ? cands.size() : done * cands.size() / std::max<std::size_t>(total, 1),
               cands.size());
    };
  }
  const auto counted = with_batch_words(
      firsts.size(), [&](auto words) { return count_victims_w<decltype(words)::value>(s, firsts, told); });
  if (firsts.empty() && progress) { // every candidate stands for another (a chain): no batch told it
    progress("single points of failure", cands.size(), cands.size());
  }
  const auto high = [&](std::uint32_t v) { return s.scope.high[v] != 0 ? 1U : 0U; };
  scratch_vector<std::uint32_t> count(cands.size());
  // In place order: a cycle's first member (least place, propagated) comes
  // before the others.
  for (std::uint32_t i = 0, k = 0, f = 0; i < cands.size(); ++i) {
    if (k < same.size() && same[k].place == i) {
      const std::uint32_t r = same[k].first;
      count[i] = count[r] + high(cands[r]) - high(cands[i]);
      ++k;
    } else if (stands[i] == 0) {
      count[i] = counted[f++];
    }
  }
  // Dependents first: a linked candidate's dependent comes after it in the
  // failure order, and is propagated, in a cycle, linked (done before it) or
  // no candidate (it brings nothing down).
  std::sort(linked.begin(), linked.end(),
            [](const linked_failure& a, const linked_failure& b) { return a.pos > b.pos; });
  for (const auto& x : linked) {
    const auto at = std::lower_bound(cands.begin(), cands.end(), x.dependent);
    const std::uint32_t beyond =
        at != cands.end() && *at == x.dependent ? count[static_cast<std::size_t>(at - cands.begin())] : 0U;
    count[x.place] = beyond + high(x.dependent);
  }
  return count;
}

// The first `max_names` assets at or above the threshold (model order) that
// each of `xs` brings down, one list per entry of `xs` (repeats allowed).
template <std::size_t W>
void name_victims_w(const spof_search& s, const std::vector<std::uint32_t>& distinct, std::size_t max_names,
                    const progress_fn& progress, std::vector<std::vector<std::uint32_t>>& victims) {
  using batch = failure_batch<W>;
  for_batches<W>(s.g, s.scope.high, distinct, s.threads, progress,
                 [&](std::size_t b, std::span<const std::uint32_t> cands, batch& fb) {
                   fb.run(cands, true, [&](std::uint32_t v, const typename batch::mask& mk) {
                     for_each_bit<W>(mk, [&](std::size_t i) {
                       auto& list = victims[b * batch::width + i];
                       if (list.size() < max_names) {
                         list.push_back(v);
                       }
                     });
                   });
                 });
}

std::vector<std::vector<std::uint32_t>> name_victims(const spof_search& s, std::span<const std::uint32_t> xs,
                                                     std::size_t max_names, const progress_fn& progress) {
  // The same asset twice in a batch would share a bit: batches of distinct ones.
  std::vector<std::uint32_t> distinct(xs.begin(), xs.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<std::vector<std::uint32_t>> victims(distinct.size());
  with_batch_words(distinct.size(), [&](auto words) {
    name_victims_w<decltype(words)::value>(s, distinct, max_names, progress, victims);
  });
  std::vector<std::vector<std::uint32_t>> out(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const auto d =
        static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), xs[i]) - distinct.begin());
    out[i] = victims[d];
  }
  return out;
}

// The places in the candidates (model order) of those that bring something down.
scratch_vector<std::uint32_t> counted_places(const scratch_vector<std::uint32_t>& count) {
  scratch_vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < count.size(); ++i) {
    if (count[i] != 0) {
      found.push_back(i);
    }
  }
  return found;
}

std::vector<std::string> ids_of(const model& m, const std::vector<std::uint32_t>& vs) {
  std::vector<std::string> out;
  out.reserve(vs.size());
  for (const auto v : vs) {
    out.emplace_back(m.id(v));
  }
  return out;
}

} // namespace

std::vector<single_point> brought_down_by(const model& m, const assessment& a, level_t threshold,
                                          std::span<const std::string_view> assets, const spof_options& options) {
  check_belongs(m, a);
  std::vector<std::uint32_t> xs;
  xs.reserve(assets.size());
  for (const auto id : assets) {
    xs.push_back(static_cast<std::uint32_t>(m.vertex(id)));
  }
  const spof_search s(m, a, threshold, options);
  const auto victims = name_victims(s, xs, options.max_names, options.progress);
  std::vector<single_point> out(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    out[i].asset = std::string(assets[i]);
    out[i].brings_down = ids_of(m, victims[i]);
  }
  return out;
}

std::vector<single_point_count> count_single_points_of_failure(const model& m, const assessment& a, level_t threshold,
                                                               const spof_options& options) {
  check_belongs(m, a);
  const spof_search s(m, a, threshold, options, spof_search::purpose::counting);
  const auto count = count_victims(s, options.progress);
  const auto found = counted_places(count);
  // The result's pages made present by the search's workers, 2 MiB of its
  // whole pages claimed in turn, before its entries are made on this thread
  // (at 10^6 about 11 MB of memory the allocator hands out partly fresh:
  // making the vector took about 15 ms on one thread on this virtual machine,
  // 9.6-12.5 ms with its pages made present first). The storage that
  // reserve() made is the one resize() then uses (no reallocation); data()
  // of the empty vector is that storage in the standard libraries we build
  // with, and were it not, populating other pages changes nothing they hold.
  std::vector<single_point_count> out;
  out.reserve(found.size());
  {
    constexpr std::size_t piece = std::size_t{2} << 20; // a whole number of pages
    const auto pages = detail::whole_pages(out.data(), found.size() * sizeof(single_point_count));
    detail::run_pieces(s.threads, (pages.size() + piece - 1) / piece, [&](std::size_t k, unsigned) {
      detail::populate_pages(pages.data() + k * piece, std::min(piece, pages.size() - k * piece));
    });
  }
  out.resize(found.size());
  // The ids copied by the workers, chunks claimed in turn (at 10^6, about
  // 279,000 ids read from all over the model's strings).
  constexpr std::size_t chunk = 8192;
  detail::run_pieces(s.threads, (found.size() + chunk - 1) / chunk, [&](std::size_t c, unsigned) {
    for (std::size_t k = c * chunk; k < std::min(found.size(), (c + 1) * chunk); ++k) {
      out[k].asset = m.id(s.scope.candidates[found[k]]);
      out[k].brings_down = count[found[k]];
    }
  });
  return out;
}

spof_summary most_severe_single_points(const model& m, const assessment& a, level_t threshold, std::size_t top,
                                       const spof_options& options) {
  check_belongs(m, a);
  const spof_search s(m, a, threshold, options, spof_search::purpose::counting);
  const auto count = count_victims(s, options.progress);
  auto found = counted_places(count);
  spof_summary out;
  out.total = found.size();
  const std::size_t keep = std::min(top, found.size());
  const auto most = [&](std::uint32_t x, std::uint32_t y) {
    return count[x] > count[y] || (count[x] == count[y] && x < y);
  };
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(), most);
  found.resize(keep);
  std::vector<std::uint32_t> xs;
  xs.reserve(keep);
  for (const auto i : found) {
    xs.push_back(s.scope.candidates[i]);
  }
  const auto victims = name_victims(s, xs, options.max_names, {});
  out.most_severe.resize(keep);
  for (std::size_t k = 0; k < keep; ++k) {
    auto& r = out.most_severe[k];
    r.asset = m.id(xs[k]);
    r.count = count[found[k]];
    r.brings_down = ids_of(m, victims[k]);
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
