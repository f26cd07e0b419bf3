// SPDX-License-Identifier: Apache-2.0
// Impact and single points of failure.
//
// impact(): if an asset is compromised for a property, everything that depends
// on it, transitively, along dependencies whose type passes that property is
// affected ("if the directory service is compromised, these information sets
// and boards are affected"). A breadth-first search over in-edges from the
// asset: linear in the affected cone, plus one shortest path per asset,
// whose lengths add up to the cone times its depth (on a chain or cycle of
// n assets, n^2 / 2 names: the paths are the output). impact_cone_of() is
// the search alone (each affected asset with the one it is reached through),
// and impact_path() one path from it.
//
// single_points_of_failure(): for availability, an asset is a single point of
// failure when its failure alone brings down an asset whose effective
// availability is at least the threshold. An asset fails when any dependency
// that passes availability outside a redundancy group fails, or when every
// member of one of its redundancy groups has failed (BSI 200-2's distribution
// effect: a group fails only when all its members fail). The failure set of a
// candidate is the least fixpoint of these rules (so cycles are handled), found
// by a worklist with a counter per group. Only assets downstream of a
// threshold asset can be candidates. The search does not simulate each
// candidate alone: it propagates the failures of 512 candidates at once, one
// bit each (bit-parallel, in failure order: supporters before dependents,
// cycles repeated until stable, groups by a bit-sliced count of failed
// members against their threshold), over the part those candidates can bring
// down. Batches run on `spof_options::threads` workers.
//
// Errors: model_error for an unknown asset, a property index out of range or
// a scheme without an availability property; infoclass::error when the
// assessment does not belong to the model.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/model.hpp"
#include "infoclass/progress.hpp"

#include "infoclass/version.hpp"
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::analysis {

struct INFOCLASS_API affected_asset {
  std::string asset;
  std::string owner;
  /// From the affected asset down to the source, e.g. {journal, app, srv}.
  std::vector<std::string> path;
  friend bool operator==(const affected_asset&, const affected_asset&) = default;
};

struct INFOCLASS_API impact_result {
  std::string source;
  std::size_t property = 0;
  std::vector<affected_asset> affected; ///< in order of distance, then model order
  std::vector<std::string> owners;      ///< owners of affected assets, sorted, without duplicates
};

/// Everything that depends on `asset` along dependencies passing `property`.
/// Throws: model_error for an unknown asset or a property index out of range.
[[nodiscard]] INFOCLASS_API impact_result impact(const model& m, std::string_view asset, std::size_t property);

/// What impact() finds, without its paths: each affected asset by vertex, the
/// entry it is reached through and its distance from the source. A path is
/// the chain of `via` back to the source (impact_path). Linear in the cone;
/// the paths of impact() add up to the cone times its depth (a chain of
/// 20,000 assets: 2 · 10^8 names, 6 GB).
struct INFOCLASS_API impact_cone {
  vertex_type source = 0;
  std::size_t property = 0;
  std::vector<vertex_type> affected; ///< in the order of impact_result::affected
  /// By entry of `affected`: the entry it is reached through, or `from_source`
  /// where it depends on the source itself.
  std::vector<std::size_t> via;
  std::vector<std::size_t> distance; ///< by entry: dependencies from the source (1: on the source itself)
  std::vector<std::string> owners;   ///< as impact_result::owners
  static constexpr std::size_t from_source = static_cast<std::size_t>(-1);
  friend bool operator==(const impact_cone&, const impact_cone&) = default;
};
/// impact() without its paths. Throws: as impact().
[[nodiscard]] INFOCLASS_API impact_cone impact_cone_of(const model& m, std::string_view asset, std::size_t property);
/// Calls `visit(vertex)` for each asset on the path of entry `k` of `c`, as
/// impact_result::affected[k].path names them: the affected asset first, the
/// source last (distance + 1 calls). Throws: model_error for an entry out of
/// range, or a `via` that does not lead to an earlier entry (a cone not made
/// by impact_cone_of: its entries are in order of distance).
template <class Visit> void for_each_on_path(const impact_cone& c, std::size_t k, Visit&& visit) {
  if (c.via.size() != c.affected.size()) {
    throw model_error("impact_path", "the cone has " + std::to_string(c.via.size()) + " entries in via for " +
                                         std::to_string(c.affected.size()) + " affected assets");
  }
  if (k >= c.affected.size()) {
    throw model_error("impact_path", "entry " + std::to_string(k) + " is outside the " +
                                         std::to_string(c.affected.size()) + " affected assets");
  }
  for (std::size_t x = k; x != impact_cone::from_source; x = c.via[x]) {
    if (c.via[x] != impact_cone::from_source && c.via[x] >= x) {
      throw model_error("impact_path", "entry " + std::to_string(x) + " is reached through entry " +
                                           std::to_string(c.via[x]) + ", not an earlier one");
    }
    visit(c.affected[x]);
  }
  visit(c.source);
}
/// The path of entry `k` of `c` as impact_result::affected[k].path gives it:
/// from the affected asset down to the source (distance + 1 names).
/// Throws: as for_each_on_path; model_error for a vertex on the path that is
/// not one of m's.
[[nodiscard]] INFOCLASS_API std::vector<std::string> impact_path(const model& m, const impact_cone& c, std::size_t k);

struct INFOCLASS_API single_point {
  std::string asset;
  std::vector<std::string> brings_down; ///< assets with availability >= threshold that fail with it
  friend bool operator==(const single_point&, const single_point&) = default;
};

/// How the single-points-of-failure search runs.
struct INFOCLASS_API spof_options {
  /// Worker threads: 1 (the default) runs in the caller's thread, 0 uses every
  /// hardware thread. The result does not depend on it.
  unsigned threads = 1;
  /// Told how many candidates have been examined (infoclass/progress.hpp); from the caller's thread.
  progress_fn progress;
  /// single_points_of_failure and brought_down_by name at most this many of
  /// the assets each single point brings down (the first in model order):
  /// what a summary shows of the most severe, without naming every victim
  /// (count_single_points_of_failure gives their numbers).
  std::size_t max_names = std::numeric_limits<std::size_t>::max();
};

/// A single point of failure and how many assets at or above the threshold it brings down.
struct INFOCLASS_API single_point_count {
  std::string asset;
  std::size_t brings_down = 0;
  friend bool operator==(const single_point_count&, const single_point_count&) = default;
};

/// `threshold` as a level of the availability property's scale (0 up to its
/// highest), for a caller holding a wider integer; the calls below check
/// their level_t threshold the same way.
/// Throws: model_error naming the threshold and the scale's range, or if the
/// scheme has no availability property.
[[nodiscard]] INFOCLASS_API level_t spof_threshold(const model& m, long long threshold);

/// Single points of failure for the availability property (the scheme's
/// property with role availability); in model order. `progress`, when given,
/// is told how many candidates have been examined (infoclass/progress.hpp).
/// Throws: model_error if the scheme has no availability property or `threshold` is not one of its
/// levels (spof_threshold); error if `a` is not an assessment of `m`; what `progress` throws.
[[nodiscard]] INFOCLASS_API std::vector<single_point>
single_points_of_failure(const model& m, const assessment& a, level_t threshold, const progress_fn& progress = {});
/// The same with options (worker threads, progress, names per single point).
[[nodiscard]] INFOCLASS_API std::vector<single_point>
single_points_of_failure(const model& m, const assessment& a, level_t threshold, const spof_options& options);
/// Called with each single point of failure (a vertex of the model) and the
/// assets at or above the threshold it brings down (vertices, model order; at
/// most spof_options::max_names of them, the first). The span is valid during
/// the call only.
using single_point_visitor = std::function<void(vertex_type asset, std::span<const vertex_type> brings_down)>;
/// The single points of failure of single_points_of_failure, each given to
/// `visit` as the search finds it, in model order, by vertex: no name is made
/// and no list of every victim is kept. Only the victims of a few batches of
/// 512 candidates are held at once (two batches per worker; a batch's are at
/// most its candidates times the assets at the threshold, or max_names
/// each), where a list holds hundreds of millions of names at 10^6 assets.
/// An exporter writes each as it comes. `visit` runs in the caller's thread
/// (the other workers search the next batches meanwhile); what it throws, or
/// `options.progress` or a worker, stops the search (no visit after it) and
/// is rethrown. Returns how many single points of failure were visited.
/// Throws: as single_points_of_failure; what `visit` throws.
INFOCLASS_API std::size_t for_each_single_point(const model& m, const assessment& a, level_t threshold,
                                                const single_point_visitor& visit, const spof_options& options = {});
/// The same single points of failure with only the number of assets each
/// brings down: what a summary needs, without listing (and naming) every
/// victim, which at scale is most of the work (hundreds of millions of names
/// for a million assets). failure_set() lists one's victims on demand.
/// Throws: as single_points_of_failure.
[[nodiscard]] INFOCLASS_API std::vector<single_point_count>
count_single_points_of_failure(const model& m, const assessment& a, level_t threshold,
                               const spof_options& options = {});

/// What each of `assets` brings down (assets at or above the threshold that
/// fail with it, model order), one entry per asset in the order given, an
/// empty list where nothing falls: the victims of a summary's most severe
/// single points without listing everyone's.
/// Throws: model_error for an unknown asset; as single_points_of_failure.
[[nodiscard]] INFOCLASS_API std::vector<single_point> brought_down_by(const model& m, const assessment& a,
                                                                      level_t threshold,
                                                                      std::span<const std::string_view> assets,
                                                                      const spof_options& options = {});

/// One of the most severe single points of failure: how many assets at or
/// above the threshold it brings down, and the first of them in model order
/// (at most spof_options::max_names).
struct INFOCLASS_API ranked_single_point {
  std::string asset;
  std::size_t count = 0;
  std::vector<std::string> brings_down;
  friend bool operator==(const ranked_single_point&, const ranked_single_point&) = default;
};

/// What a summary shows of the single points of failure: how many there are
/// and the few that bring down most.
struct INFOCLASS_API spof_summary {
  std::size_t total = 0; ///< single points of failure found
  /// At most `top` of them, those that bring down most first (ties in model order).
  std::vector<ranked_single_point> most_severe;
  friend bool operator==(const spof_summary&, const spof_summary&) = default;
};

/// The number of single points of failure and the `top` that bring down
/// most, each named with at most `options.max_names` of its victims: what
/// count_single_points_of_failure followed by brought_down_by on the most
/// severe would give, from one failure graph. `options.progress` is told of
/// the counting pass over every candidate.
/// Throws: as single_points_of_failure.
[[nodiscard]] INFOCLASS_API spof_summary most_severe_single_points(const model& m, const assessment& a,
                                                                   level_t threshold, std::size_t top,
                                                                   const spof_options& options = {});

/// The assets that fail when `asset` fails (itself included), in model order.
/// Throws: model_error for an unknown asset or a scheme without an availability property.
[[nodiscard]] INFOCLASS_API std::vector<std::string> failure_set(const model& m, std::string_view asset);
/// The assets that fail when all of `assets` fail at once (them included), in
/// model order: "any two nodes of the quorum" is asked with two. A redundancy
/// group fails when fewer than its need (k) of its members are available.
/// Throws: model_error for an unknown asset or a scheme without an availability property.
[[nodiscard]] INFOCLASS_API std::vector<std::string> failure_set(const model& m,
                                                                 std::span<const std::string_view> assets);

} // namespace infoclass::inline INFOCLASS_ABI::analysis
