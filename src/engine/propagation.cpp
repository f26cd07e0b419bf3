// SPDX-License-Identifier: Apache-2.0
// The propagation engine; the method is described in propagation.hpp.
#include "infoclass/propagation.hpp"

#include "engine/access.hpp"
#include "engine/kernel.hpp"
#include "infoclass/error.hpp"
#include "support/threads.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <atomic>
#include <bit>
#include <deque>
#include <mutex>
#include <optional>
#include <span>

namespace infoclass::inline INFOCLASS_ABI {

using detail::slevel;

namespace {

constexpr auto ck_edge = static_cast<std::uint8_t>(cause_kind::edge);
constexpr auto ck_cum = static_cast<std::uint8_t>(cause_kind::cumulation);
constexpr auto ck_none = static_cast<std::uint8_t>(cause_kind::none);
constexpr auto ck_own = static_cast<std::uint8_t>(cause_kind::own);
constexpr auto ck_floor = static_cast<std::uint8_t>(cause_kind::floor);
// Scratch mark on an asset's first slot, from incremental() to settle(): pulled
// from final inputs (settle's own marks are other bits).
constexpr std::uint8_t final_mark = 32;
// Scratch marks on a slot inside incremental(): reset by this update, and its
// counts of transferred levels not yet moved from the level before, kept in
// the low bits (levels are below 16).
constexpr std::uint8_t was_reset = 64;
constexpr std::uint8_t deferred = 128;
constexpr std::uint8_t level_bits = 15;
static_assert(detail::lut_width <= level_bits + 1);

// An update that reaches much of the model (raising the top of a long chain
// moves every level below it) costs more per level than a full run, which
// reads each asset and dependency once in order: on a chain of 10^6 assets
// (Python, release build) lowering its top took 1.55 s and raising it 0.42 s
// against a full run's 56 ms. So an update counts the assets and
// dependencies it visits and, past propagate_options::max_update_work
// (automatic: an eighth of the model's assets and dependencies, at least
// `min_update_budget`, so that a small model never gives up), stops and
// recomputes in full: no update then costs much more than a full run.
// Thrown by incremental(), caught by update().
struct update_too_large {};
constexpr std::size_t min_update_budget = std::size_t{1} << 16;
std::size_t update_budget(const detail::snapshot& s, const propagate_options& o) {
  if (o.max_update_work != 0) {
    return o.max_update_work;
  }
  return std::max(min_update_budget, (std::size_t{s.n} + s.in_off[s.n]) / 8);
}

// The full run's step after a pull of w: every derived level the pull raises
// is taken with its cause, and the effective level where no override is set.
// Returns whether an effective level rose.
template <class Ovr>
bool take_pull(std::vector<slevel>& derived, std::vector<std::uint8_t>& cause_kind,
               std::vector<std::uint32_t>& cause_ref, std::vector<slevel>& effective, const Ovr& ovr, std::uint32_t w,
               std::uint32_t P, const detail::pulled& pl) {
  bool rose = false;
  for (std::uint32_t p = 0; p < P; ++p) {
    const std::size_t i = std::size_t{w} * P + p;
    if (pl.level[p] > derived[i]) {
      derived[i] = pl.level[p];
      cause_kind[i] = pl.kind[p];
      cause_ref[i] = pl.ref[p];
      if (ovr[i] == 0) {
        effective[i] = pl.level[p];
        rose = true;
      }
    }
  }
  return rose;
}

// `s` if it carries the processing order (components), else `local` filled
// with it: a snapshot loaded from an archive carries no order.
const detail::snapshot* ordered(const detail::snapshot& s, detail::snapshot& local) {
  if (s.order.size() == s.n) {
    return &s;
  }
  local.n = s.n;
  local.in_off = s.in_off;
  local.in_src = s.in_src;
  detail::compute_order(local);
  return &local;
}

// The least in-edge given per slot, for the few slots an update reaches: an
// open-addressing table sized to what it holds (a dense array by slot would
// cost the model's size on the first update). The caller marks the slots it
// puts in its scratch marks, so it asks only for slots that are here.
class least_edges {
public:
  static constexpr std::uint32_t none = 0xFFFFFFFF;

  /// Room for `n` slots without growing.
  void reserve(std::size_t n) {
    if (n * 2 > keys_.size()) {
      rehash(std::bit_ceil(std::max<std::size_t>(64, n * 2)));
    }
  }

  void put(std::size_t slot, std::uint32_t edge) {
    if ((held_.size() + 1) * 2 > keys_.size()) {
      rehash(keys_.empty() ? 64 : keys_.size() * 2);
    }
    std::size_t h = home(slot);
    while (keys_[h] != empty && keys_[h] != slot) {
      h = (h + 1) & (keys_.size() - 1);
    }
    if (keys_[h] == empty) {
      keys_[h] = slot;
      edges_[h] = edge;
      held_.push_back(slot);
    } else {
      edges_[h] = std::min(edges_[h], edge);
    }
  }

  [[nodiscard]] std::uint32_t get(std::size_t slot) const {
    if (keys_.empty()) {
      return none;
    }
    for (std::size_t h = home(slot);; h = (h + 1) & (keys_.size() - 1)) {
      if (keys_[h] == slot) {
        return edges_[h];
      }
      if (keys_[h] == empty) {
        return none;
      }
    }
  }

  /// Zeroes the caller's marks of every slot held.
  void clear_marks(std::vector<std::uint8_t>& marks) const {
    for (const std::size_t k : held_) {
      marks[k] = 0;
    }
  }

private:
  static constexpr std::size_t empty = ~std::size_t{0};
  [[nodiscard]] std::size_t home(std::size_t slot) const {
    return static_cast<std::size_t>((slot * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void rehash(std::size_t cap) {
    std::vector<std::size_t> keys(cap, empty);
    std::vector<std::uint32_t> edges(cap, none);
    keys.swap(keys_);
    edges.swap(edges_);
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(cap));
    held_.clear();
    held_.reserve(cap / 2);
    for (std::size_t h = 0; h < keys.size(); ++h) {
      if (keys[h] != empty) {
        put(keys[h], edges[h]);
      }
    }
  }
  std::vector<std::size_t> keys_;
  std::vector<std::uint32_t> edges_;
  std::vector<std::size_t> held_; // the slots held, in the order put
  unsigned shift_ = 64;
};

} // namespace

struct propagation::spare_slot {
  std::mutex mu;
  std::unique_ptr<assessment> spare;
};

namespace {
struct recycler {
  std::weak_ptr<void> slot; // a propagation::spare_slot
  void (*put)(const std::shared_ptr<void>&, assessment*);
  void operator()(assessment* a) const {
    if (auto s = slot.lock()) {
      put(s, a);
    } else {
      delete a;
    }
  }
};
} // namespace

std::shared_ptr<assessment> propagation::recyclable(std::unique_ptr<assessment> a) const {
  auto put = [](const std::shared_ptr<void>& slot, assessment* p) {
    auto& s = *static_cast<spare_slot*>(slot.get());
    std::unique_ptr<assessment> drop(p);
    std::lock_guard<std::mutex> lock(s.mu);
    if (!s.spare) {
      s.spare = std::move(drop);
    }
  };
  return {a.release(), recycler{std::static_pointer_cast<void>(spare_), put}};
}

propagation::propagation(const model& m) : propagation(m, propagate_options{}) {}

namespace {
// What result() shows after a failed run: an empty assessment, shared by all
// engines and never written (an engine copies a shared result before it
// writes). Made before the first run, so that a failure never has to.
const std::shared_ptr<assessment>& failed_result() {
  static const auto empty = std::make_shared<assessment>();
  return empty;
}
} // namespace

propagation::propagation(const model& m, const propagate_options& options)
    : spare_(std::make_shared<spare_slot>()), result_(recyclable(std::make_unique<assessment>())), options_(options) {
  (void)failed_result();
  recompute(m);
}

// The engine counts as synchronised with `m` only once a run has completed.
// After a failure (std::bad_alloc, also from a worker thread) it is not: the
// result, possibly half written (causes may even name edges of another
// snapshot), gives way to an empty one, and the next update() recomputes.
void propagation::unsynchronise() noexcept {
  model_ = nullptr;
  mark_.clear(); // scratch marks may be left set: made afresh then
  result_ = failed_result();
}

void propagation::recompute(const model& m) {
  model_ = nullptr;
  try {
    auto& r = own_result(false);
    detail::make_snapshot(m, r.snap_, r.values_);
    full_run();
  } catch (...) {
    unsynchronise();
    throw;
  }
  model_ = &m;
  revision_ = m.revision();
}

void propagation::rerun() {
  if (result_->snap_) {
    const model* const synced = model_;
    model_ = nullptr; // until the run has completed, as in recompute()
    try {
      if (result_.use_count() > 1) {
        const auto old = result_;
        auto& r = own_result(false);
        r.snap_ = old->snap_;
        r.values_ = old->values_;
      }
      full_run();
    } catch (...) {
      unsynchronise();
      throw;
    }
    model_ = synced;
  }
}

// A full run overwrites every level and cause, so a spare result's stale
// arrays serve as they are (their capacity saves allocating and faulting in
// fresh pages); an update needs the current result's contents (`keep`).
assessment& propagation::own_result(bool keep) {
  if (result_.use_count() > 1) {
    std::unique_ptr<assessment> a;
    {
      std::lock_guard<std::mutex> lock(spare_->mu);
      a = std::move(spare_->spare);
    }
    if (!a) {
      a = keep ? std::make_unique<assessment>(*result_) : std::make_unique<assessment>();
    } else if (keep) {
      *a = *result_; // copy assignment into the spare's capacity
    }
    result_ = recyclable(std::move(a));
  }
  return *result_;
}

assessment propagate(const model& m) { return propagate(m, propagate_options{}); }

assessment propagate(const model& m, const propagate_options& options) {
  propagation p(m, options);
  return std::move(*p.result_); // the engine is dropped: no copy
}

// A full run on several workers: the components in order of their waves (the
// snapshot's order within a wave), cut into stages. A stage is one wave large
// enough to share, claimed in chunks of components by whichever worker is
// free, or a run of small waves that one worker solves alone; every worker
// waits for a stage to finish before it starts the next.
namespace detail {
struct wave_plan {
  std::weak_ptr<const detail::snapshot> for_snapshot;
  std::uint32_t min_wave_assets = 0; ///< the options it was made with
  std::uint32_t grain = 0;
  std::vector<std::uint32_t> order;    ///< members, component after component
  std::vector<std::uint32_t> comp_off; ///< [i] first member of the i-th component in `order`
  struct stage {
    std::uint32_t first; ///< first component (position in comp_off)
    std::uint32_t last;
    std::uint32_t chunk; ///< components per claim
  };
  std::vector<stage> stages;
};
} // namespace detail

namespace {

std::shared_ptr<const detail::wave_plan> plan_waves(const detail::snapshot& ord,
                                                    const std::shared_ptr<const detail::snapshot>& key,
                                                    const propagate_options& o) {
  auto plan = std::make_shared<detail::wave_plan>();
  plan->for_snapshot = key;
  plan->min_wave_assets = o.min_wave_assets;
  plan->grain = o.grain;
  const auto comps = static_cast<std::uint32_t>(ord.comp_off.size() - 1);
  std::uint32_t waves = 0;
  for (const std::uint32_t w : ord.comp_wave) {
    waves = std::max(waves, w + 1);
  }
  std::vector<std::uint32_t> first(std::size_t{waves} + 1, 0); // components per wave, then first position
  std::vector<std::uint32_t> members(std::size_t{waves}, 0);
  for (std::uint32_t c = 0; c < comps; ++c) {
    ++first[ord.comp_wave[c] + 1];
    members[ord.comp_wave[c]] += ord.comp_off[c + 1] - ord.comp_off[c];
  }
  for (std::uint32_t w = 0; w < waves; ++w) {
    first[w + 1] += first[w];
  }
  std::vector<std::uint32_t> by_wave(comps);
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::uint32_t c = 0; c < comps; ++c) {
      by_wave[next[ord.comp_wave[c]]++] = c;
    }
  }
  plan->order.reserve(ord.order.size());
  plan->comp_off.reserve(std::size_t{comps} + 1);
  plan->comp_off.push_back(0);
  for (const std::uint32_t c : by_wave) {
    plan->order.insert(plan->order.end(), ord.order.begin() + ord.comp_off[c], ord.order.begin() + ord.comp_off[c + 1]);
    plan->comp_off.push_back(static_cast<std::uint32_t>(plan->order.size()));
  }
  for (std::uint32_t w = 0; w < waves; ++w) {
    const std::uint32_t count = first[w + 1] - first[w];
    if (members[w] >= o.min_wave_assets) {
      const std::uint32_t per = std::max<std::uint32_t>(1, members[w] / count);
      plan->stages.push_back({first[w], first[w + 1], std::max<std::uint32_t>(1, o.grain / per)});
    } else if (!plan->stages.empty() && plan->stages.back().chunk == 0) {
      plan->stages.back().last = first[w + 1]; // joins the run of small waves before it
    } else {
      plan->stages.push_back({first[w], first[w + 1], 0});
    }
  }
  for (auto& st : plan->stages) { // one claim for a run of small waves; never more than the stage holds
    const std::uint32_t size = std::max<std::uint32_t>(1, st.last - st.first);
    st.chunk = st.chunk == 0 ? size : std::min(st.chunk, size);
  }
  return plan;
}

} // namespace

// Full run over the snapshot's component order (detail::compute_order): a
// component is solved once every dependent reaching it is final — a single
// pull for a lone asset, chaotic iteration inside a cycle. On several workers
// (propagate_options::threads), the components of a wave at the same time.
void propagation::full_run() {
  in_counts_.drop();            // counted from the levels this run replaces
  if (result_->snap_->P == 4) { // K, R, T, S: the common case, unrolled
    full_run_impl<4>();
  } else {
    full_run_impl<0>();
  }
}

template <std::uint32_t PF> void propagation::full_run_impl() {
  auto& r = *result_; // owned: recompute and rerun made sure
  const auto& s = *r.snap_;
  const std::uint32_t n = s.n;
  const std::uint32_t P = PF != 0 ? PF : s.P;
  const std::size_t NP = std::size_t{n} * P;
  // Every asset's slots start at the bottom (overrides are fixed from the
  // start). With four properties, assets solved directly overwrite all their
  // slots, so only the others are reset, just before they are solved.
  auto reset = [&](std::uint32_t w) {
    const std::size_t b = std::size_t{w} * P;
    std::fill_n(r.derived_.begin() + static_cast<std::ptrdiff_t>(b), P, slevel{0});
    std::fill_n(r.cause_kind_.begin() + static_cast<std::ptrdiff_t>(b), P, ck_none);
    std::fill_n(r.cause_ref_.begin() + static_cast<std::ptrdiff_t>(b), P, 0U);
    std::copy_n(r.values_.ovr.begin() + static_cast<std::ptrdiff_t>(b), P,
                r.effective_.begin() + static_cast<std::ptrdiff_t>(b));
  };
  if constexpr (PF == 4) {
    r.derived_.resize(NP);
    r.cause_kind_.resize(NP);
    r.cause_ref_.resize(NP);
    r.effective_.resize(NP);
  } else {
    r.derived_.assign(NP, 0);
    r.cause_kind_.assign(NP, ck_none);
    r.cause_ref_.assign(NP, 0);
    r.effective_.assign(r.values_.ovr.begin(), r.values_.ovr.end());
  }

  detail::snapshot local;
  const detail::snapshot* ord = ordered(s, local);
  const auto& comp = ord->comp;
  const auto comps = static_cast<std::uint32_t>(ord->comp_off.size() - 1);

  std::optional<detail::packed_transfers> packed;
  std::vector<std::uint8_t> has_cum; // [kind]: a cumulation rule applies to some property
  if constexpr (PF == 4) {
    packed.emplace(s);
    has_cum.assign(s.kind_names.size() + 1, 0);
    for (std::size_t k = 0; k < has_cum.size() && (k + 1) * P <= s.cum.size(); ++k) {
      for (std::uint32_t p = 0; p < P; ++p) {
        has_cum[k] = has_cum[k] != 0 || !s.cum[k * P + p].empty() ? 1 : 0;
      }
    }
  }
  // Inside cycles: which members wait in a worker's list (members of one
  // component are only ever queued by the worker solving it).
  std::vector<std::uint8_t> queued;
  if (comps < n) {
    queued.assign(n, 0);
  }
  const unsigned threads = n >= options_.min_assets ? detail::resolve_threads(options_.threads) : 1;

  // Sparse levels. Most assets of a real inventory sit at the bottom (on the
  // Debian graph all but a few hundred of 63,697 packages stay at their
  // stated level 0). `base` is, per property, the lowest own level of any
  // asset (not applicable counted as none). A dependent whose effective
  // levels are all at or below it is "dark": through any transfer (none
  // raises a level) it passes on at most base, which is at most any asset's
  // own level, so it can neither raise an asset nor be its cause by an edge
  // (a cumulation rule still counts it: kinds with one read every in-edge).
  // Only the "lit" ones count: the result of an asset of another kind is the
  // same from its lit dependents' in-edges alone, and without any where it
  // has none.
  //
  // So: a first pass in asset order solves every asset as if nothing came
  // in; then every lit asset pushes its transferred levels along its
  // out-edges. The pass in component order solves again only an asset that
  // something was pushed to, from what was pushed (the highest level per
  // property and the least in-edge giving it: the first in-edge reaching the
  // maximum), and pushes on from those it lights. What was pushed to an asset
  // is kept in its own result slots until it is solved (derived level: the
  // highest, cause reference: the in-edge); a bit says it was reached.
  // Pushes before an asset's final levels (the first pass) are lower bounds
  // of the final ones from the same in-edges, which changes neither the
  // highest level nor the least in-edge reaching it.
  //
  // On one thread only (pushes follow the component order), where a sample
  // of the assets says that at least half are dark, and only while it pays:
  // once more than half of the lone assets without a cumulation rule that
  // the pass in component order met (at least `probe` of them) were
  // reached, the rest of the run reads every asset's in-edges.
  // Cycles and kinds with a cumulation rule are solved as ever (their pull
  // reads every in-edge); what was pushed to them is reset first.
  //
  // Otherwise (most assets lit, as in the synthetic models, or on several
  // workers) the first pass solves the assets with no in-edges only
  // (information, 70% of the synthetic model): in asset order, where the
  // pass in component order jumps around the arrays; that pass then leaves
  // them as they are.
  constexpr std::uint32_t probe = 1024;
  bool sparse = false;
  bool alone_first = false; // the first pass solved every asset with no in-edges
  std::uint32_t base = 0;
  std::vector<std::uint64_t> reached_bits; // [asset / 64] bit: something was pushed to it
  std::uint32_t seen = 0;                  // assets the pass in component order met
  std::uint32_t again = 0;                 // of those, reached
  auto reached = [&](std::uint32_t w) { return ((reached_bits[w >> 6U] >> (w & 63U)) & 1U) != 0; };
  // Pushes w's transferred levels to its targets (not to members of its own
  // component: solved already, in a cycle, or w itself).
  auto push = [&](std::uint32_t w) {
    const std::uint32_t lv = detail::load4(r.effective_.data() + std::size_t{w} * 4);
    if (detail::gt4(lv, base) == 0) {
      return;
    }
    const bool cyclic = ord->cyclic(w);
    for (std::uint32_t o = s.out_off[w]; o < s.out_off[w + 1]; ++o) {
      const std::uint32_t t = s.out_dst[o];
      if (cyclic && comp[t] == comp[w]) {
        continue;
      }
      const std::uint32_t e = s.out_in[o];
      const std::uint32_t tv = detail::transfer4(s, *packed, s.in_code[e], lv);
      slevel* in = r.derived_.data() + std::size_t{t} * 4;
      std::uint32_t* ref = r.cause_ref_.data() + std::size_t{t} * 4;
      std::uint64_t& bits = reached_bits[t >> 6U];
      const std::uint64_t bit = std::uint64_t{1} << (t & 63U);
      if ((bits & bit) == 0) {
        bits |= bit;
        std::fill_n(in, 4, slevel{0});
        std::fill_n(ref, 4, 0U);
      }
      for (std::uint32_t p = 0; p < 4; ++p) {
        const auto l = static_cast<slevel>(tv >> (8U * p));
        if (l > in[p] || (l == in[p] && l != 0 && e < ref[p])) {
          in[p] = l;
          ref[p] = e;
        }
      }
    }
  };
  last_run_ = 0;
  if constexpr (PF == 4) {
    alone_first = true; // in the caller's thread, before any worker starts
    if (threads <= 1 && packed->never_raise && n > 0) {
      base = detail::lowest_levels4(r.values_.own);
      // Lit before anything comes in: an override, an own level or a floor above base.
      std::uint32_t sampled = 0;
      std::uint32_t bright = 0;
      for (std::uint32_t v = 0; v < n; v += std::max<std::uint32_t>(1, n / probe)) {
        ++sampled;
        bright += detail::gt4(detail::alone4(s, r.values_, v), base) != 0 ? 1 : 0;
      }
      sparse = bright * 2 <= sampled;
    }
    last_run_ =
        static_cast<std::uint8_t>((alone_first ? detail::run_alone_first : 0) | (sparse ? detail::run_sparse : 0));
    if (sparse) {
      reached_bits.assign((std::size_t{n} + 63) / 64, 0);
      std::fill(r.cause_ref_.begin(), r.cause_ref_.end(), 0U);
      std::vector<std::uint32_t> lit;
      for (std::uint32_t v = 0; v < n; ++v) {
        const std::uint32_t e =
            detail::solve4_alone(s, r.values_, r.effective_.data(), r.derived_.data(), r.cause_kind_.data(), v);
        if (detail::gt4(e, base) != 0) {
          lit.push_back(v);
        }
      }
      for (const std::uint32_t v : lit) { // after every asset's first solution, which a push overwrites
        push(v);
      }
    } else if (alone_first) {
      for (std::uint32_t v = 0; v < n; ++v) {
        if (s.in_off[v] == s.in_off[v + 1]) {
          detail::solve4_alone(s, r.values_, r.effective_.data(), r.derived_.data(), r.cause_kind_.data(), v);
          std::fill_n(r.cause_ref_.data() + std::size_t{v} * 4, 4, 0U);
        }
      }
    }
  }

  // Solves components [cb, ce) of (order, comp_off), one after another.
  auto solve = [&](const std::uint32_t* order, const std::uint32_t* comp_off, std::uint32_t cb, std::uint32_t ce) {
    std::deque<std::uint32_t> work;
    detail::pulled pl;
    auto apply = [&](std::uint32_t w) {
      if constexpr (PF == 4) {
        detail::pull4(s, *packed, r.values_, r.effective_, w, pl);
      } else {
        detail::pull<PF>(s, r.values_, r.effective_, w, pl);
      }
      return take_pull(r.derived_, r.cause_kind_, r.cause_ref_, r.effective_, r.values_.ovr, w, P, pl);
    };
    const std::uint32_t order_end = comp_off[ce];
    for (std::uint32_t c = cb; c < ce; ++c) {
      const std::uint32_t first = comp_off[c];
      const std::uint32_t last = comp_off[c + 1];
      if (last - first == 1) {
        // The order jumps around the arrays; fetch a later asset's rows early
        // (not for sparse levels, where most assets are not solved again).
        if (first + 8 < order_end && !sparse) {
          const std::uint32_t ahead = order[first + 8];
          // Pointer arithmetic only: an offset may be one past the end.
          __builtin_prefetch(s.in_off.data() + ahead);
          __builtin_prefetch(r.values_.own.data() + std::size_t{ahead} * P);
          __builtin_prefetch(r.derived_.data() + std::size_t{ahead} * P, 1);
          __builtin_prefetch(r.effective_.data() + std::size_t{ahead} * P, 1);
          __builtin_prefetch(r.cause_ref_.data() + std::size_t{ahead} * P, 1);
          const std::uint32_t near = order[first + 4];
          __builtin_prefetch(s.in_src.data() + s.in_off[near]);
          __builtin_prefetch(s.in_code.data() + s.in_off[near]);
        }
        if constexpr (PF == 4) {
          const std::uint32_t w = order[first];
          if (!has_cum[r.values_.kind[w]]) {
            if (sparse) {
              ++seen;
              if (!reached(w)) {
                continue; // solved by the first pass
              }
              if (++again * 2 <= seen || seen < probe) {
                detail::solve4_pushed(s, r.values_, r.effective_.data(), r.derived_.data(), r.cause_kind_.data(),
                                      r.cause_ref_.data(), w);
                push(w);
                continue;
              }
              sparse = false; // and w is solved from its in-edges
              last_run_ |= detail::run_stopped;
            } else if (alone_first && s.in_off[w] == s.in_off[w + 1]) {
              continue; // solved by the first pass
            }
            detail::solve4(s, *packed, r.values_, r.effective_.data(), r.derived_.data(), r.cause_kind_.data(),
                           r.cause_ref_.data(), w);
            continue;
          }
          reset(w);
        }
        apply(order[first]);
        if constexpr (PF == 4) {
          if (sparse) {
            push(order[first]);
          }
        }
        continue;
      }
      // Chaotic iteration from the bottom inside the cycle; every asset's levels
      // rise at most `levels` times, so this is linear in the component's size.
      const std::uint32_t cid = comp[order[first]];
      if constexpr (PF == 4) {
        for (std::uint32_t i = first; i < last; ++i) {
          reset(order[i]);
        }
      }
      for (std::uint32_t i = last; i-- > first;) {
        work.push_back(order[i]);
        queued[order[i]] = 1;
      }
      while (!work.empty()) {
        std::uint32_t w = work.front();
        work.pop_front();
        queued[w] = 0;
        bool rose = false;
        if constexpr (PF == 4) {
          rose = has_cum[r.values_.kind[w]]
                     ? apply(w)
                     : detail::raise4(s, *packed, r.values_, r.effective_.data(), r.derived_.data(),
                                      r.cause_kind_.data(), r.cause_ref_.data(), w);
        } else {
          rose = apply(w);
        }
        if (rose) {
          for (std::uint32_t o = s.out_off[w]; o < s.out_off[w + 1]; ++o) {
            std::uint32_t t = s.out_dst[o];
            if (comp[t] == cid && queued[t] == 0) {
              queued[t] = 1;
              work.push_back(t);
            }
          }
        }
      }
      if constexpr (PF == 4) {
        for (std::uint32_t i = first; i < last && sparse; ++i) {
          push(order[i]);
        }
      }
    }
  };

  if (threads <= 1) {
    solve(ord->order.data(), ord->comp_off.data(), 0, comps);
    return;
  }
  auto plan = waves_;
  if (!plan || plan->for_snapshot.lock() != r.snap_ || plan->min_wave_assets != options_.min_wave_assets ||
      plan->grain != options_.grain) {
    plan = plan_waves(*ord, r.snap_, options_);
    waves_ = plan;
  }
  // Per stage: the next chunk to claim and the chunks finished. A worker that
  // fails still counts its chunks, so that no one waits for it; the others
  // skip the rest and run_workers rethrows the failure.
  const auto stages = plan->stages.size();
  std::vector<std::atomic<std::uint32_t>> next(stages);
  std::vector<std::atomic<std::uint32_t>> done(stages);
  std::atomic<bool> failed{false};
  detail::run_workers(threads, [&](unsigned) {
    for (std::size_t i = 0; i < stages; ++i) {
      const auto& st = plan->stages[i];
      const auto chunks = static_cast<std::uint32_t>((std::uint64_t{st.last} - st.first + st.chunk - 1) / st.chunk);
      for (std::uint32_t k = next[i]++; k < chunks; k = next[i]++) {
        const std::uint32_t cb = st.first + k * st.chunk;
        const std::uint32_t ce = std::min(st.last, cb + st.chunk);
        if (!failed.load(std::memory_order_relaxed)) {
          try {
            solve(plan->order.data(), plan->comp_off.data(), cb, ce);
          } catch (...) {
            failed = true;
            if (++done[i] == chunks) {
              done[i].notify_all();
            }
            throw;
          }
        }
        if (++done[i] == chunks) {
          done[i].notify_all();
        }
      }
      for (std::uint32_t d = done[i].load(); d < chunks; d = done[i].load()) {
        done[i].wait(d);
      }
    }
  });
}

update_stats propagation::update(const model& m) {
  update_stats st;
  auto changes = (&m == model_) ? m.changes_since(revision_) : std::nullopt;
  if (!changes) {
    recompute(m);
    st.full = true;
    return st;
  }
  if (changes->empty()) {
    return st;
  }
  // Any failure (std::bad_alloc) from here on may leave values, causes or the
  // snapshot half updated: see unsynchronise().
  try {
    try {
      apply(m, *changes, st);
    } catch (const update_too_large&) {
      // The snapshot and the values are the model's (apply() made them so
      // before the update started); the scratch marks may be left set.
      std::fill(mark_.begin(), mark_.end(), std::uint8_t{0});
      const bool rebuilt = st.rebuilt_snapshot;
      st = update_stats{};
      st.full = true;
      st.rebuilt_snapshot = rebuilt;
      full_run();
    }
  } catch (...) {
    unsynchronise();
    throw;
  }
  revision_ = m.revision();
  return st;
}

void propagation::apply(const model& m, std::span<const model_change> changes, update_stats& st) {
  bool edges = false;
  // Every changed asset only raised or only lowered own levels (no override,
  // kind or dependency changed); with nothing in `raised` (where an asset
  // whose levels stayed goes too), the update only lowered.
  bool falls_only = false;
  std::vector<std::uint32_t> changed;
  std::vector<std::uint32_t> raised;
  for (const auto& c : changes) {
    if (c.kind == model_change::what::structure) {
      recompute(m);
      st.full = true;
      return;
    }
    if (c.kind == model_change::what::edges) {
      edges = true;
      changed.push_back(c.other);
    }
    changed.push_back(c.vertex);
  }
  // A kind the snapshot does not know needs new tables: recompute.
  for (const auto& c : changes) {
    if (c.kind == model_change::what::values && detail::find_kind(*result_->snap_, m.kind(c.vertex)) == 0xFFFF) {
      recompute(m);
      st.full = true;
      return;
    }
  }
  auto& r = own_result(true);
  std::vector<std::uint32_t> regrouped;
  if (edges) {
    // New CSR; causes that named in-edges are re-pointed at the same
    // (source, type) in the new arrays, or dropped with their asset marked as
    // changed if the edge is gone.
    auto old = r.snap_;
    detail::asset_values vals;
    detail::make_snapshot(m, r.snap_, vals);
    r.values_ = std::move(vals);
    const auto& s = *r.snap_;
    st.rebuilt_snapshot = true;
    // A changed edge can split the cycles through its ends: members that are
    // now outside any cycle are solved again (settle), for their causes.
    detail::snapshot old_local;
    detail::snapshot new_local;
    const detail::snapshot* before_ord = ordered(*old, old_local);
    const detail::snapshot* after_ord = ordered(s, new_local);
    const auto members = [](const detail::snapshot& o, std::uint32_t v) {
      const std::uint32_t k = o.comp[v];
      return std::span<const std::uint32_t>(o.order.data() + o.comp_off[k], o.comp_off[k + 1] - o.comp_off[k]);
    };
    for (const auto* ord : {before_ord, after_ord}) {
      for (const auto& c : changes) {
        if (c.kind != model_change::what::edges) {
          continue;
        }
        for (const std::uint32_t v : {c.vertex, c.other}) {
          const auto cycle = members(*ord, v);
          if (cycle.size() > 1) {
            regrouped.insert(regrouped.end(), cycle.begin(), cycle.end());
          }
        }
      }
    }
    for (const auto& c : changes) {
      if (c.kind == model_change::what::edges) {
        for (std::uint32_t o = s.out_off[c.vertex]; o < s.out_off[c.vertex + 1]; ++o) {
          changed.push_back(s.out_dst[o]);
        }
      }
    }
    const std::uint32_t P = s.P;
    for (std::uint32_t v = 0; v < s.n; ++v) {
      for (std::uint32_t p = 0; p < P; ++p) {
        const std::size_t i = std::size_t{v} * P + p;
        if (r.cause_kind_[i] != ck_edge) {
          continue;
        }
        const std::uint32_t e_old = r.cause_ref_[i];
        const std::uint32_t src = old->in_src[e_old];
        const std::uint16_t code = old->in_code[e_old];
        auto first = s.in_src.begin() + s.in_off[v];
        auto last = s.in_src.begin() + s.in_off[v + 1];
        auto it = std::lower_bound(first, last, src);
        bool found = false;
        for (; it != last && *it == src; ++it) {
          auto e_new = static_cast<std::uint32_t>(it - s.in_src.begin());
          if (s.in_code[e_new] == code) {
            r.cause_ref_[i] = e_new;
            found = true;
            break;
          }
        }
        if (!found) {
          // Dropped: the old index means nothing in the new arrays (the
          // check of cumulations at risk read it there, past their end
          // where the edge was the last). The asset is reset anyway.
          r.cause_kind_[i] = ck_none;
          r.cause_ref_[i] = 0;
          changed.push_back(v);
        }
      }
    }
  } else {
    // Only values changed. An asset whose levels only rose (same kind, same
    // overrides, no own level lowered) needs no reset: its own rise, pushed
    // on, is enough.
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    const std::uint32_t P = r.snap_->P;
    std::vector<std::uint32_t> lowered;
    falls_only = true;
    for (std::uint32_t v : changed) {
      const std::size_t b = std::size_t{v} * P;
      const auto kind = r.values_.kind[v];
      std::vector<slevel> own(r.values_.own.begin() + static_cast<std::ptrdiff_t>(b),
                              r.values_.own.begin() + static_cast<std::ptrdiff_t>(b + P));
      std::vector<slevel> ovr(r.values_.ovr.begin() + static_cast<std::ptrdiff_t>(b),
                              r.values_.ovr.begin() + static_cast<std::ptrdiff_t>(b + P));
      detail::load_values(m, *r.snap_, v, r.values_);
      bool rise_only = kind == r.values_.kind[v];
      bool fall_only = rise_only;
      for (std::uint32_t p = 0; p < P; ++p) {
        auto level = [](slevel l) { return l == 0xFF ? slevel{0} : l; };
        const bool same_ovr = r.values_.ovr[b + p] == ovr[p];
        rise_only = rise_only && same_ovr && level(r.values_.own[b + p]) >= level(own[p]);
        fall_only = fall_only && same_ovr && level(r.values_.own[b + p]) <= level(own[p]);
      }
      (rise_only ? raised : lowered).push_back(v);
      falls_only = falls_only && (rise_only || fall_only);
    }
    changed = std::move(lowered);
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  incremental(changed, raised, regrouped, falls_only && raised.empty(), st);
}

// A pull of w's properties in `mask` for an update: from the counts of its in-edges' transferred
// levels where w has many in-edges (the counts are built, from the current
// levels, by the first update that pulls such an asset), else over its
// in-edges. Same result either way.
void propagation::pull_counting(std::uint32_t w, std::uint32_t mask, bool& counting, detail::pulled& pl) {
  auto& r = *result_;
  const auto& s = *r.snap_;
  if (s.in_off[w + 1] - s.in_off[w] >= detail::in_level_counts::min_in_degree) {
    if (!counting) {
      in_counts_.build(r.snap_, r.effective_);
      counting = true;
    }
    if (detail::pull_counted(s, r.values_, r.effective_, w, in_counts_, mask, pl)) {
      return;
    }
  }
  detail::pull_some(s, r.values_, r.effective_, w, mask, pl);
}

// Incremental update from a set of assets whose inputs changed (`changed`).
// 1. For each property, the affected set A is `changed` closed under "my cause
//    is an edge from an affected asset, or cumulation next to one"; levels in A
//    are reset to the bottom (an override stays).
// 2. Every asset in A is pulled again, every asset whose own levels only rose
//    (`raised`) takes the rise; every rise is pushed along out-edges (O(1)
//    per edge; a target with cumulation rules is pulled, unless nothing was
//    reset and the rise crosses none of its rules' thresholds).
// Values outside A are supported by causes outside A, so they remain valid
// lower bounds and the iteration ends in the least fixpoint.
void propagation::incremental(const std::vector<std::uint32_t>& changed, const std::vector<std::uint32_t>& raised,
                              const std::vector<std::uint32_t>& regrouped, bool falls_only, update_stats& st) {
  auto& r = *result_; // owned: update made sure
  const auto& s = *r.snap_;
  const std::uint32_t P = s.P;
  // Every effective level written below goes through set_effective, which
  // keeps the counts of transferred levels (once built) up to date.
  bool counting = in_counts_.ready(r.snap_);
  const auto set_effective = [&](std::size_t i, slevel to, bool count = true) {
    if (counting && count) {
      in_counts_.move(s, static_cast<std::uint32_t>(i / P), static_cast<std::uint32_t>(i % P), r.effective_[i], to);
    }
    r.effective_[i] = to;
  };
  // What the update visits (assets and dependencies), against its budget.
  const std::size_t budget = update_budget(s, options_);
  std::size_t spent = 0;
  const auto spend = [&](std::size_t units) {
    spent += units;
    if (spent > budget) {
      throw update_too_large{};
    }
  };
  std::vector<std::uint32_t> affected; // vertices, possibly repeated across properties
  std::vector<std::uint32_t> frontier;
  std::vector<std::size_t> touched; // (asset, property) slots in A; their marks are cleared below
  if (mark_.size() != std::size_t{s.n} * P) {
    mark_.assign(std::size_t{s.n} * P, 0); // once per snapshot size, not per update
  }
  auto is_changed = [&](std::uint32_t v) { return std::binary_search(changed.begin(), changed.end(), v); };
  // Cycles (strongly connected components) for the rule below.
  detail::snapshot local;
  const detail::snapshot* ord = ordered(s, local);
  // A cumulation cause counts dependents, and inside a cycle those can owe
  // their level to the cumulation itself (a dependent raised by the asset
  // whose cumulation counts it): the cause chain is then no proof that the
  // level stands without the changed input. Such a cumulation is "at risk":
  // one of the dependents it counts lies in its cycle and owes its level to
  // something in that cycle (an edge from a member, or a cumulation). When an
  // affected asset feeds a cycle, the at-risk cumulations of the property
  // there are reset too, and with them their cause subtrees (the closure
  // below). Every level left standing then rests on a chain of causes that
  // ends outside the cycle or in an own level or floor: an edge-cause chain
  // cannot close on itself (a transfer never raises, and a cause changes only
  // on a strict rise), and a cumulation that is not at risk counts only
  // dependents whose causes lead out of the cycle. (Without cumulation,
  // cause subtrees alone are enough.) Resetting the whole cycle instead cost
  // its size on every lowering that reached it.
  std::vector<std::uint32_t> cycles_seen; // cycles looked at for the current property
  // Properties with a cumulation rule for some kind: only there can a cause be
  // a cumulation, so only there is a cycle looked through (once per cycle
  // reached, over all its members: what a lowering near a large cycle costs).
  std::vector<std::uint8_t> cum_property(P, 0);
  for (std::size_t k = 0; k * P < s.cum.size(); ++k) {
    for (std::uint32_t p = 0; p < P; ++p) {
      cum_property[p] = cum_property[p] != 0 || !s.cum[k * P + p].empty() ? 1 : 0;
    }
  }
  auto reset_at_risk = [&](std::uint32_t w, std::uint32_t p) {
    if (cum_property[p] == 0 || !ord->cyclic(w)) {
      return;
    }
    const std::uint32_t c = ord->comp[w];
    const std::uint32_t first = ord->comp_off[c];
    const std::uint32_t last = ord->comp_off[c + 1];
    if (last - first == 1 || std::find(cycles_seen.begin(), cycles_seen.end(), c) != cycles_seen.end()) {
      return;
    }
    cycles_seen.push_back(c);
    const auto inside = [&](std::uint32_t u) { return ord->comp[u] == c; };
    for (std::uint32_t i = first; i < last; ++i) {
      const std::uint32_t x = ord->order[i];
      const std::size_t j = std::size_t{x} * P + p;
      if (mark_[j] || r.cause_kind_[j] != ck_cum) {
        continue;
      }
      // The lowest threshold of the rules of x's kind: every dependent any
      // of them could count.
      slevel threshold = 0xFF;
      for (const auto& rule : s.cum[std::size_t{r.values_.kind[x]} * P + p]) {
        threshold = std::min(threshold, rule.threshold);
      }
      bool risk = false;
      for (std::uint32_t e = s.in_off[x]; e < s.in_off[x + 1] && !risk; ++e) {
        const std::uint32_t u = s.in_src[e];
        const std::size_t k = std::size_t{u} * P + p;
        if (!inside(u) || s.transfer(s.in_code[e], p, r.effective_[k]) < threshold) {
          continue;
        }
        const std::uint8_t kind = r.cause_kind_[k];
        risk = kind == ck_cum || (kind == ck_edge && inside(s.in_src[r.cause_ref_[k]]));
      }
      if (risk) {
        mark_[j] = 1;
        touched.push_back(j);
        frontier.push_back(x);
      }
    }
  };

  for (std::uint32_t p = 0; p < P; ++p) {
    frontier.clear();
    cycles_seen.clear();
    for (std::uint32_t v : changed) {
      const std::size_t i = std::size_t{v} * P + p;
      if (!mark_[i]) {
        mark_[i] = 1;
        touched.push_back(i);
        frontier.push_back(v);
      }
    }
    while (!frontier.empty()) {
      std::uint32_t a = frontier.back();
      frontier.pop_back();
      affected.push_back(a);
      spend(1 + s.out_off[a + 1] - s.out_off[a]);
      if (r.values_.ovr[std::size_t{a} * P + p] != 0 && !is_changed(a)) {
        continue; // a fixed effective level does not move anything downstream
      }
      for (std::uint32_t o = s.out_off[a]; o < s.out_off[a + 1]; ++o) {
        const std::uint32_t w = s.out_dst[o];
        reset_at_risk(w, p);
        const std::size_t j = std::size_t{w} * P + p;
        if (mark_[j]) {
          continue;
        }
        // w's cause is an edge from a exactly when it is one of a's out-edges
        // (out_in: read beside out_dst, where the edge's source was a far read).
        const std::uint8_t k = r.cause_kind_[j];
        if ((k == ck_edge && r.cause_ref_[j] == s.out_in[o]) || k == ck_cum) {
          mark_[j] = 1;
          touched.push_back(j);
          frontier.push_back(w);
        }
      }
    }
  }
  // Reset. `before` keeps each slot's effective level from before the update,
  // `dirty` the assets solved here, for settle().
  auto& before = before_;
  auto& dirty = dirty_;
  before.clear();
  dirty.clear();
  // The counts of transferred levels follow a reset of an asset outside
  // cycles once it is pulled again (below, before any asset that reads them):
  // one move from the level before to the level after. Its mark keeps the
  // level before (`deferred`) until then.
  const bool deferring = counting;
  for (std::size_t i : touched) {
    const auto a = static_cast<std::uint32_t>(i / P);
    const slevel old = r.effective_[i];
    before.emplace_back(i, old);
    dirty.push_back(a);
    r.derived_[i] = 0;
    r.cause_kind_[i] = ck_none;
    r.cause_ref_[i] = 0;
    const bool defer = deferring && !ord->cyclic(a);
    set_effective(i, r.values_.ovr[i], !defer);
    mark_[i] = static_cast<std::uint8_t>(was_reset | (defer ? deferred | old : 0)); // until the pass below
  }
  st.reset = touched.size();

  auto& pushes = pushes_;
  pushes.clear();
  for (std::size_t i : touched) {
    if (r.effective_[i] != 0) {
      pushes.push_back({static_cast<std::uint32_t>(i / P), static_cast<std::uint32_t>(i % P), 0});
    }
  }
  detail::pulled pl;
  const std::uint32_t all = (1U << P) - 1;
  // Pulls w; an asset whose derived levels rise goes to `dirty` (the affected
  // ones are there already, and settle() looks at the dependents of every
  // asset whose effective levels moved).
  auto pull_apply = [&](std::uint32_t w, std::uint32_t mask, bool count = true) {
    ++st.recomputed;
    spend(1 + std::min<std::uint32_t>(s.in_off[w + 1] - s.in_off[w], detail::in_level_counts::min_in_degree));
    pull_counting(w, mask, counting, pl);
    for (std::uint32_t rest = mask; rest != 0; rest &= rest - 1) {
      const auto p = static_cast<std::uint32_t>(std::countr_zero(rest));
      const std::size_t i = std::size_t{w} * P + p;
      if (pl.level[p] > r.derived_[i]) {
        dirty.push_back(w); // repeats are dropped in settle()
        r.derived_[i] = pl.level[p];
        r.cause_kind_[i] = pl.kind[p];
        r.cause_ref_[i] = pl.ref[p];
        if (r.values_.ovr[i] == 0 && pl.level[p] > r.effective_[i]) {
          before.emplace_back(i, r.effective_[i]);
          pushes.push_back({w, p, r.effective_[i]});
          set_effective(i, pl.level[p], count);
        }
      }
    }
  };
  // The affected assets in processing order (every component after its
  // dependents outside it), so that an asset outside cycles is pulled once its
  // affected dependents are: from final inputs, unless one moves later (a
  // cycle above it still rising). Where the update only lowered own levels,
  // its pull is then the full run's step: its levels that were not reset keep
  // a cause that still holds and still comes first, as their inputs only
  // fell. It carries `final_mark` until an input moves again, and settle()
  // leaves it. (Where a level may also rise, an input rising before the pull
  // can come before a kept cause; a new dependency too.)
  std::sort(affected.begin(), affected.end(), [&](std::uint32_t a, std::uint32_t b) {
    return ord->comp[a] != ord->comp[b] ? ord->comp[a] < ord->comp[b] : a < b;
  });
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  std::vector<std::uint32_t> finals;
  for (std::uint32_t a : affected) {
    std::uint32_t mask = 0; // the properties reset (the others' inputs, where they rose, push the rise)
    for (std::uint32_t p = 0; p < P; ++p) {
      mask |= (mark_[std::size_t{a} * P + p] & was_reset) != 0 ? 1U << p : 0U;
    }
    const bool defer = (mark_[std::size_t{a} * P + static_cast<std::uint32_t>(std::countr_zero(mask))] & deferred) != 0;
    pull_apply(a, mask, !defer);
    for (std::uint32_t rest = defer ? mask : 0; rest != 0; rest &= rest - 1) {
      const auto p = static_cast<std::uint32_t>(std::countr_zero(rest));
      const std::size_t i = std::size_t{a} * P + p;
      in_counts_.move(s, a, p, static_cast<slevel>(mark_[i] & level_bits), r.effective_[i]);
    }
    if (falls_only && !ord->cyclic(a)) {
      mark_[std::size_t{a} * P] |= final_mark;
      finals.push_back(a);
    }
  }
  for (std::size_t i : touched) {
    mark_[i] &= static_cast<std::uint8_t>(~(was_reset | deferred | level_bits));
  }
  // The pushes so far (the pass above, reset overrides) carry levels every
  // asset pulled after them has seen; pushes[0, initial) are those.
  std::size_t initial = pushes.size();
  // An asset whose own levels only rose: nothing else of its inputs moved, so
  // its new derived level is the higher of the old one and its own (what a
  // pull would give, without one over all its in-edges).
  for (std::uint32_t a : raised) {
    dirty.push_back(a); // its causes may change with its level or not (settle)
    for (std::uint32_t p = 0; p < P; ++p) {
      const std::size_t i = std::size_t{a} * P + p;
      const slevel own = r.values_.own[i] == 0xFF ? slevel{0} : r.values_.own[i];
      if (own <= r.derived_[i]) {
        continue;
      }
      r.derived_[i] = own;
      r.cause_kind_[i] = ck_own;
      r.cause_ref_[i] = 0;
      if (r.values_.ovr[i] == 0 && own > r.effective_[i]) {
        before.emplace_back(i, r.effective_[i]);
        pushes.push_back({a, p, r.effective_[i]});
        set_effective(i, own);
      }
    }
  }
  // Where nothing was reset (levels only rose), a rise from `was` that
  // crosses no threshold of a target's cumulation rules leaves its counts as
  // they were: a push then is enough there too.
  const bool rises_only = changed.empty() && regrouped.empty();
  while (!pushes.empty()) {
    const bool seen = pushes.size() <= initial; // by the assets pulled in order above
    const auto [u, p, was] = pushes.back();
    pushes.pop_back();
    initial = std::min(initial, pushes.size());
    spend(1 + s.out_off[u + 1] - s.out_off[u]);
    const slevel lu = r.effective_[std::size_t{u} * P + p];
    for (std::uint32_t o = s.out_off[u]; o < s.out_off[u + 1]; ++o) {
      const std::uint32_t w = s.out_dst[o];
      auto& fm = mark_[std::size_t{w} * P];
      if (seen && falls_only && !ord->cyclic(w)) {
        continue; // pulled after u's level was set, or not reset and then no higher than it was
      }
      fm &= static_cast<std::uint8_t>(~final_mark); // an input moved after its pull
      const std::uint32_t e = s.out_in[o];
      const slevel t = s.transfer(s.in_code[e], p, lu);
      const auto& rules = s.cum[std::size_t{r.values_.kind[w]} * P + p];
      if (!rules.empty()) {
        const slevel from = s.transfer(s.in_code[e], p, was);
        const bool crosses = std::any_of(rules.begin(), rules.end(),
                                         [&](const auto& c) { return from < c.threshold && c.threshold <= t; });
        if (!rises_only || crosses) {
          pull_apply(w, all);
          continue;
        }
      }
      const std::size_t j = std::size_t{w} * P + p;
      if (t > r.derived_[j]) {
        dirty.push_back(w);
        r.derived_[j] = t;
        r.cause_kind_[j] = ck_edge;
        r.cause_ref_[j] = e;
        if (r.values_.ovr[j] == 0) {
          before.emplace_back(j, r.effective_[j]);
          pushes.push_back({w, p, r.effective_[j]});
          set_effective(j, t);
        }
      }
    }
  }
  dirty.insert(dirty.end(), regrouped.begin(), regrouped.end());
  settle(dirty, before, finals, rises_only, falls_only, st);
  // The lists stay for the next update, unless a large one grew them.
  constexpr std::size_t keep = std::size_t{1} << 16;
  if (before.capacity() > keep || dirty.capacity() > keep || pushes.capacity() > keep) {
    decltype(before_)().swap(before_);
    decltype(dirty_)().swap(dirty_);
    decltype(pushes_)().swap(pushes_);
  }
}

// The levels are final here, but where several inputs give a level equally,
// the pushes may have named another cause than the full run, which solves an
// asset outside cycles from its final inputs (first in-edge reaching the
// level, by the priority own, edge, cumulation, floor). So every such asset
// solved above, and every dependent of an asset whose effective levels moved,
// is solved once more the full run's way; its levels stay. Inside a cycle the
// full run names causes by its iteration order over the whole cycle; an
// update keeps the causes its pushes named there, which are as valid (they
// point at levels established earlier) but may name another input.
void propagation::settle(std::vector<std::uint32_t>& dirty, std::vector<std::pair<std::size_t, slevel>>& before,
                         const std::vector<std::uint32_t>& finals, bool rises_only, bool falls_only, update_stats& st) {
  auto& r = *result_;
  const auto& s = *r.snap_;
  const std::uint32_t P = s.P;
  detail::snapshot local;
  const detail::snapshot* ord = ordered(s, local);
  const auto single = [&](std::uint32_t v) { return !ord->cyclic(v); };
  // Marks in mark_ (all zero here; every slot marked is listed below, so they
  // are cleared at the end without a pass over the model): a slot's first
  // record in `before` taken, its level moved, an in-edge from a moved asset
  // reaches it (in `reach`), and an asset's first slot for "listed in dirty".
  constexpr std::uint8_t recorded = 2;
  constexpr std::uint8_t moved_mark = 4;
  constexpr std::uint8_t reached = 8;
  constexpr std::uint8_t listed = 16;
  // Slots whose effective level moved, with the level before (first record).
  std::vector<std::pair<std::size_t, slevel>> moved;
  for (const auto& [i, old] : before) {
    if ((mark_[i] & recorded) != 0) {
      continue; // a later record of the slot
    }
    mark_[i] |= recorded;
    if (r.effective_[i] != old) { // not back where it was
      mark_[i] |= moved_mark;
      moved.emplace_back(i, old);
    }
  }
  st.moved = moved.size();

  // The dependents of a moved asset are solved again, but for those to which
  // it gives, before and after, less than their derived level where no
  // cumulation rule (which counts inputs) applies: their pull would come out
  // the same, the same first in-edge reaching the same maximum.
  // With it, where the update only raised levels, the least in-edge from a
  // moved asset that now reaches its target's level, by slot (`reach`).
  least_edges reach;
  if (rises_only) {
    std::size_t out = 0;
    for (const auto& rec : moved) {
      const auto u = static_cast<std::uint32_t>(rec.first / P);
      out += s.out_off[u + 1] - s.out_off[u];
    }
    reach.reserve(out);
  }
  // Where the update only lowered own levels, a dependent that was not reset
  // keeps its cause: it still holds and still comes first, as its inputs only
  // fell (every level ends at most where it was).
  if (!falls_only) {
    for (const auto& [i, old] : moved) {
      const auto u = static_cast<std::uint32_t>(i / P);
      const auto p = static_cast<std::uint32_t>(i % P);
      for (std::uint32_t o = s.out_off[u]; o < s.out_off[u + 1]; ++o) {
        const std::uint32_t w = s.out_dst[o];
        const std::size_t j = std::size_t{w} * P + p;
        const std::uint16_t code = s.in_code[s.out_in[o]];
        const slevel now = s.transfer(code, p, r.effective_[i]);
        if (rises_only && now == r.derived_[j]) {
          mark_[j] |= reached;
          reach.put(j, s.out_in[o]);
        }
        const slevel t = std::max(s.transfer(code, p, old), now);
        if (t < r.derived_[j] && s.cum[std::size_t{r.values_.kind[w]} * P + p].empty()) {
          continue;
        }
        dirty.push_back(w);
      }
    }
  }
  // Each asset once (the order does not matter: every level is final, and
  // each step below writes only its own asset's causes from them).
  std::size_t kept = 0;
  for (const std::uint32_t w : dirty) {
    auto& m = mark_[std::size_t{w} * P];
    if ((m & listed) == 0) {
      m |= listed;
      dirty[kept++] = w;
    }
  }
  dirty.resize(kept);
  auto reset = [&](std::uint32_t w) {
    for (std::uint32_t p = 0; p < P; ++p) {
      const std::size_t i = std::size_t{w} * P + p;
      r.derived_[i] = 0;
      r.cause_kind_[i] = ck_none;
      r.cause_ref_[i] = 0;
      r.effective_[i] = r.values_.ovr[i];
    }
  };
  detail::pulled pl;
  bool counting = in_counts_.ready(r.snap_);
  // The full run's step for an asset outside cycles, after reset(w) (`was`:
  // its effective levels before). Its levels are final, so it ends where it
  // started; were it not so, the counts would follow (from its reset levels
  // where this pull built them).
  std::array<slevel, max_properties> was{};
  auto apply = [&](std::uint32_t w) {
    ++st.recomputed;
    const bool counted_before = counting;
    pull_counting(w, (1U << P) - 1, counting, pl);
    take_pull(r.derived_, r.cause_kind_, r.cause_ref_, r.effective_, r.values_.ovr, w, P, pl);
    for (std::uint32_t p = 0; p < P && counting; ++p) {
      const std::size_t i = std::size_t{w} * P + p;
      in_counts_.move(s, w, p, counted_before ? was[p] : r.values_.ovr[i], r.effective_[i]);
    }
  };
  // The full run's causes of w without a pull over all its in-edges, where
  // the update only raised levels and w has no override: its derived levels
  // are final, and a level's first in-edge
  // reaching it is the first among those from moved assets (`reach`) and,
  // if the level did not move, the cause from before the update (a full
  // run's, untouched by this update; its source only rose, so it still
  // reaches the level). Other inputs transfer what they did before, below a
  // level that moved and not reaching it first where it did not. False where
  // that does not settle a cause (then w is pulled; so is a level no edge
  // reaches where a cumulation rule applies); nothing written then.
  std::array<std::uint8_t, max_properties> fast_kind{};
  std::array<std::uint32_t, max_properties> fast_ref{};
  const auto fast_causes = [&](std::uint32_t w) {
    const std::uint16_t k = r.values_.kind[w];
    for (std::uint32_t p = 0; p < P; ++p) {
      const std::size_t i = std::size_t{w} * P + p;
      if (r.values_.ovr[i] != 0) {
        return false;
      }
      const bool cumulates = !s.cum[std::size_t{k} * P + p].empty();
      const slevel level = r.derived_[i];
      const slevel own = r.values_.own[i] == 0xFF ? slevel{0} : r.values_.own[i];
      if (own >= level) {
        fast_kind[p] = own != 0 ? ck_own : ck_none;
        fast_ref[p] = 0;
        continue;
      }
      std::uint32_t first = (mark_[i] & reached) != 0 ? reach.get(i) : least_edges::none;
      if ((mark_[i] & moved_mark) == 0 && r.cause_kind_[i] == ck_edge) { // the first edge reaching the level
        first = std::min(first, r.cause_ref_[i]);
      }
      if (first != least_edges::none) {
        fast_kind[p] = ck_edge;
        fast_ref[p] = first;
        continue;
      }
      // No edge reaches it: a floor where no cumulation rule applies (with
      // one, the pull counts).
      if (cumulates || s.floor[std::size_t{k} * P + p] != level) {
        return false;
      }
      fast_kind[p] = ck_floor;
      fast_ref[p] = 0;
    }
    for (std::uint32_t p = 0; p < P; ++p) {
      r.cause_kind_[std::size_t{w} * P + p] = fast_kind[p];
      r.cause_ref_[std::size_t{w} * P + p] = fast_ref[p];
    }
    return true;
  };
  for (const std::uint32_t w : dirty) {
    if (single(w)) {
      if ((mark_[std::size_t{w} * P] & final_mark) != 0) {
        continue; // solved the full run's way by incremental(), from final inputs
      }
      if (rises_only && fast_causes(w)) {
        continue;
      }
      std::copy_n(r.effective_.begin() + static_cast<std::ptrdiff_t>(std::size_t{w} * P), P, was.begin());
      reset(w);
      apply(w);
    }
  }
  for (const auto& rec : before) {
    mark_[rec.first] = 0;
  }
  for (const std::uint32_t w : dirty) {
    mark_[std::size_t{w} * P] = 0;
  }
  for (const std::uint32_t w : finals) {
    mark_[std::size_t{w} * P] = 0;
  }
  reach.clear_marks(mark_);
}

} // namespace infoclass::inline INFOCLASS_ABI
