// SPDX-License-Identifier: Apache-2.0
// Propagation of protection requirements: the least fixpoint of DESIGN.md §3.
//
// Method. Requirements flow from a dependent to its supporters, so every
// asset's derived level is a maximum over its in-edges of transferred effective
// levels, its own assessment, a floor and cumulation (BSI 200-2
// Maximumprinzip, Kumulations- and Verteilungseffekt; FIPS 199 high-water
// mark). Transfers never raise a level, so on an acyclic graph one pass in
// topological order suffices. Cycles are handled by an iterative Tarjan
// traversal of the reversed graph: each strongly connected component is
// finished once every dependent outside it is final, then solved by chaotic
// iteration from the bottom — which reaches the least fixpoint because every
// equation is monotone and the lattice is finite. Each level can rise at most
// `levels` times, so a full run is O((V + E) · P · levels) with no per-asset
// graph search; all properties are computed in the same pass over the CSR.
//
// Provenance. A cause is recorded when a level strictly rises, preferring own,
// edge, cumulation, floor when several give the new level at once, and among
// edges the first in-edge (lowest dependent index, then insertion order).
// Because a cause always points at a level established earlier, cause chains
// are acyclic, also inside cycles.
//
// Incremental updates. After assessments, overrides or kinds change, the
// engine resets the levels that depended on the changed assets through their
// causes (the cause subtrees, plus cumulation targets next to them), then
// re-derives exactly those and pushes every rise forward. A cumulation counts
// dependents, which inside a cycle can owe their level to the cumulation
// itself, so there a cause chain does not prove a level: once an affected
// asset feeds a cycle, every cumulation of the cycle that counts a member
// owing its level to the cycle (an edge from a member, or a cumulation) is
// reset too, with its cause subtree; the rest of the cycle stands.
// Levels then equal a full run's. Where several inputs give a level equally,
// the pushes can name another cause than a full run; so the assets outside
// cycles that were touched, and the dependents of those whose effective
// levels moved, are solved once more the full run's way: their causes equal
// a full run's too. Inside a cycle, where a full run names causes by its
// iteration over the whole cycle, an update keeps the causes its pushes named:
// as valid (pointing at levels established earlier, so explanations never
// loop) but possibly another of several equal inputs. Only the affected part
// is touched. The reset assets are pulled again in processing order, so that
// an asset outside cycles is pulled from final inputs; where an update only
// lowered own levels, that pull is already the full run's step, and neither
// it nor the dependents that were not reset (their inputs only fell, their
// causes hold and still come first) are solved again. For an asset with many
// dependents (at least detail::in_level_counts::min_in_degree in-edges) the
// engine keeps, from its first update that needs them, per property and level
// the count and the set of in-edges transferring that level: its pull reads
// the highest level counted and the first in-edge reaching it instead of every
// in-edge (a library with 20,000 dependents); memory: about P bytes per
// in-edge of such an asset. A change of dependencies rebuilds the CSR
// snapshot (O(V+E), no propagation) and then updates incrementally from the
// changed edges' targets; adding or removing assets, or changing the policy,
// recomputes all.
//
// Errors: propagate(), the propagation constructor, update() and recompute() throw
// only std::bad_alloc (a model is valid by construction); nothing else.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/detail/in_level_counts.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI {

/// What an update did.
struct INFOCLASS_API update_stats {
  bool full = false; ///< a full recomputation was done
  bool rebuilt_snapshot = false;
  std::size_t reset = 0;      ///< (asset, property) levels reset and re-derived
  std::size_t recomputed = 0; ///< asset recomputations (pulls)
  std::size_t moved = 0;      ///< (asset, property) effective levels that differ from before (0 after a full run)
};

namespace detail {
struct wave_plan;
struct propagation_access;
struct pulled;
} // namespace detail

/// How full runs work, and when an update gives way to one.
struct INFOCLASS_API propagate_options {
  /// Worker threads for a full run: 1 (the default) runs in the caller's
  /// thread, 0 uses every hardware thread (at most 256; always 1 in
  /// WebAssembly). The components of the graph fall into waves (a component's
  /// wave is one more than the highest among its dependents'); the workers
  /// solve one wave's components at the same time, claiming about `grain`
  /// assets at a time, and wait for each other between waves. Levels and
  /// causes do not depend on it. Incremental updates run in the caller's thread.
  unsigned threads = 1;
  /// Models with fewer assets run in the caller's thread (a thread costs more than it saves there).
  std::uint32_t min_assets = 50000;
  /// Waves with fewer assets are solved by one worker (consecutive ones together).
  std::uint32_t min_wave_assets = 1024;
  /// Assets per claim, about (whole components; at least one).
  std::uint32_t grain = 1024;
  /// An update that has visited more assets and dependencies than this stops
  /// and recomputes in full (update_stats::full): per level it moves, an
  /// update costs several times what a full run costs per asset, so one that
  /// reaches much of the model (raising the top of a long chain) would cost
  /// many full runs. 0 (the default): an eighth of the model's assets and
  /// dependencies, at least 65,536; SIZE_MAX: never.
  std::size_t max_update_work = 0;
};

/// A propagation engine bound to the model it was last synchronised with.
///
/// **Example**
/// ```
/// infoclass::propagation engine(m);          // full run
/// m.set_level("journal", 0, 4);
/// engine.update(m);                          // touches only what changed
/// auto k = engine.result().effective(engine.result().index("srv-01"), 0);
/// ```
class INFOCLASS_API propagation {
  friend assessment propagate(const model& m);
  friend assessment propagate(const model& m, const propagate_options& options);
  friend struct detail::propagation_access;

public:
  /// Throws: nothing of its own (std::bad_alloc).
  explicit propagation(const model& m);
  /// The same, with full runs (this one and later ones) done as `options` say.
  /// Throws: nothing of its own (std::bad_alloc).
  propagation(const model& m, const propagate_options& options);

  /// The current result. After shared_result() was taken and the engine has
  /// run again, this is a different object: take result() again then.
  [[nodiscard]] const assessment& result() const noexcept { return *result_; }
  /// The result as a shared, immutable object: O(1), no copy. The engine never
  /// changes a result it has shared; its next update works on a copy (or, for a
  /// full run, on other arrays), so the returned object stays as it was. A
  /// shared result dropped by its last holder is kept by the engine (one at a
  /// time) and its arrays reused, so repeated runs allocate nothing new.
  [[nodiscard]] std::shared_ptr<const assessment> shared_result() const noexcept { return result_; }
  /// Brings the result up to date with `m` (the same model object, mutated
  /// since). Gives the levels of a full run, and its causes outside cycles
  /// (inside a cycle possibly another of several equal inputs). It works
  /// from what changed; one that reaches more of the model than
  /// propagate_options::max_update_work allows is finished by a full run
  /// (update_stats::full).
  /// Throws: nothing of its own (std::bad_alloc). After a throw, result() is
  /// an empty assessment (one taken with shared_result() before is as it
  /// was), and the next update() recomputes everything.
  update_stats update(const model& m);
  /// How later full runs work (recompute(), rerun(), and an update that has
  /// to recompute all); takes effect at the next one.
  void set_options(const propagate_options& options) noexcept { options_ = options; }
  [[nodiscard]] const propagate_options& options() const noexcept { return options_; }
  /// Recomputes everything from `m`.
  /// Throws: nothing of its own (std::bad_alloc); after a throw, as after
  /// update()'s.
  void recompute(const model& m);
  /// Recomputes every level and cause from the compact arrays taken at the
  /// last synchronisation, without reading the model: the engine's full run
  /// alone (for checks and benchmarks). O((V + E) · P · levels).
  /// Throws: nothing of its own (std::bad_alloc); after a throw, as after
  /// update()'s (and rerun() does nothing until the engine has run again).
  void rerun();

private:
  /// The result, made the engine's own before it changes: copied if shared
  /// (`keep`), or replaced by an empty one a full run fills.
  assessment& own_result(bool keep);
  void full_run();
  template <std::uint32_t PF> void full_run_impl();
  /// After a failed run: not synchronised, an empty result.
  void unsynchronise() noexcept;
  /// update()'s work for `changes` (not empty) since the last synchronisation.
  void apply(const model& m, std::span<const model_change> changes, update_stats& st);
  /// `regrouped`: members of cycles (strongly connected components) that a
  /// change of dependencies may have split; settle() solves them again too.
  /// `falls_only`: the update only lowered own levels (of `changed`).
  void incremental(const std::vector<std::uint32_t>& changed, const std::vector<std::uint32_t>& raised,
                   const std::vector<std::uint32_t>& regrouped, bool falls_only, update_stats& st);
  /// A pull of w's properties in `mask` for an update: from in_counts_ where
  /// w has many in-edges (built here if `counting` is false), else over its in-edges.
  void pull_counting(std::uint32_t w, std::uint32_t mask, bool& counting, detail::pulled& pl);
  /// Solves again, as the full run does, every asset outside cycles in `dirty`
  /// and every such dependent of an asset whose effective levels moved
  /// (`before`: (slot, level before the update), first record per slot
  /// counts). Levels stay; their causes become the full run's.
  /// `finals`: assets that incremental() pulled from final inputs, those
  /// still marked so are left as they are. `rises_only`: the update only
  /// raised levels (no reset, no change of dependencies), which lets most
  /// causes be found without a pull. `falls_only`: it only lowered own
  /// levels, so the dependents of moved assets keep their causes.
  void settle(std::vector<std::uint32_t>& dirty, std::vector<std::pair<std::size_t, detail::slevel>>& before,
              const std::vector<std::uint32_t>& finals, bool rises_only, bool falls_only, update_stats& st);

  struct spare_slot; // one result dropped by its last holder, kept for reuse
  /// A result that goes back to `spare_` (if the engine still lives and the
  /// slot is empty) when its last holder drops it.
  std::shared_ptr<assessment> recyclable(std::unique_ptr<assessment> a) const;
  std::shared_ptr<spare_slot> spare_;
  std::shared_ptr<assessment> result_;
  std::vector<std::uint8_t> mark_; ///< scratch marks, all zero between updates
  /// An update's rise to push on: the asset, the property, its effective level before.
  struct push_record {
    std::uint32_t v;
    std::uint32_t p;
    detail::slevel was;
  };
  /// Scratch lists of updates (see incremental()), kept between them while
  /// small, so that a small update allocates (almost) nothing.
  std::vector<std::pair<std::size_t, detail::slevel>> before_;
  std::vector<std::uint32_t> dirty_;
  std::vector<push_record> pushes_;
  std::shared_ptr<const detail::wave_plan> waves_; ///< a full run's schedule on several workers
  detail::in_level_counts in_counts_; ///< built by the first update that needs them, kept by the later ones
  propagate_options options_;
  std::uint8_t last_run_ = 0; ///< how the last full run went (detail::run_flags in engine/access.hpp; tests)
  const model* model_ = nullptr;
  std::uint64_t revision_ = 0;
};

/// Propagates `m` once. O((V + E) · P · levels).
/// Throws: nothing of its own (std::bad_alloc): every model that could be built propagates.
[[nodiscard]] INFOCLASS_API assessment propagate(const model& m);
/// The same on `options.threads` workers (propagate_options).
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API assessment propagate(const model& m, const propagate_options& options);

} // namespace infoclass::inline INFOCLASS_ABI
