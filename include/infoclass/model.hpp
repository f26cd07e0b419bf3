// The model: assets and their dependencies under a scheme and a policy.
//
// The dependency graph is a Boost Graph adjacency_list with bundled properties
// (`asset` on vertices, `dependency` on edges), reached by stable asset ids so
// that neither C++ callers nor the Python bindings handle raw descriptors. An
// edge points from the dependent to its supporter (`from` relies on `to`);
// requirements flow along it.
//
// Every mutation validates its input first and changes nothing when it throws.
// Mutations are recorded in a short journal that the propagation engine reads
// to update its result incrementally (see propagation.hpp).
//
// Thread safety: const member functions (and propagating, explaining or
// exporting a const model) may be called concurrently; any mutation needs
// exclusive access. The engine's compact snapshot of the model is cached in it
// behind a mutex, built by the first propagation after a structural change.
#pragma once

#include "infoclass/classification.hpp"
#include "infoclass/policy.hpp"
#include "infoclass/scheme.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace infoclass {

/// Why an override departs from the derived level.
enum class override_effect : std::uint8_t { cumulation, distribution, manual };
[[nodiscard]] std::string_view to_string(override_effect e) noexcept;
[[nodiscard]] std::optional<override_effect> parse_override_effect(std::string_view) noexcept;

/// A level set by hand in place of the derived one; needs a justification.
struct override_entry {
  level_t level = 0;
  override_effect effect = override_effect::manual;
  std::string justification;
  friend bool operator==(const override_entry&, const override_entry&) = default;
};

/// The answers to a rule set's questions behind an asset's assessment
/// (analysis/rules.hpp), so that a rule change shows which assessments change.
struct recorded_answers {
  std::string rules;                        ///< rule set id
  std::map<std::string, std::string> given; ///< question -> answer
  friend bool operator==(const recorded_answers&, const recorded_answers&) = default;
};

/// A node of the dependency graph (DESIGN.md §4 `assets[]`).
struct asset {
  std::string id;
  std::string kind;
  std::string name;
  std::string owner;
  classification own; ///< the owner's assessment (`classification` in JSON)
  std::string justification;
  std::optional<classification> implemented;       ///< protection in place
  std::string review_by;                           ///< ISO date `YYYY-MM-DD` or empty
  std::map<std::size_t, override_entry> overrides; ///< property index -> override
  /// Free attributes: name -> the value's JSON text (any JSON value).
  std::map<std::string, std::string> attributes;
  /// Ids of the measures implemented for this asset (see analysis/measures.hpp).
  std::vector<std::string> measures;
  /// The questionnaire answers behind `own`, if it came from a rule set.
  std::optional<recorded_answers> answers;
  friend bool operator==(const asset&, const asset&) = default;
};

/// An edge: `from` (the graph's source) relies on `to` (its target).
struct dependency {
  std::string type;
  std::string group; ///< redundancy group, empty for none
  friend bool operator==(const dependency&, const dependency&) = default;
};

/// A dependency with its end points, for listing.
struct dependency_view {
  std::string_view from;
  std::string_view to;
  std::string_view type;
  std::string_view group;
};

using graph_type = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, asset, dependency>;
using vertex_type = boost::graph_traits<graph_type>::vertex_descriptor;
using edge_type = boost::graph_traits<graph_type>::edge_descriptor;

/// True if `id` matches `[A-Za-z0-9._:@/-]{1,128}`.
[[nodiscard]] bool valid_asset_id(std::string_view id) noexcept;
/// True if `date` is a valid calendar date `YYYY-MM-DD`.
[[nodiscard]] bool valid_date(std::string_view date) noexcept;

/// One journal entry: what changed, for the incremental engine.
struct model_change {
  enum class what : std::uint8_t {
    structure, ///< assets added/removed, policy or scheme changed: rebuild
    values,    ///< own levels, overrides or kind of `vertex`
    edges,     ///< dependencies leaving `vertex` (to `other` among others)
  };
  what kind = what::structure;
  std::uint32_t vertex = 0;
  std::uint32_t other = 0;
};

namespace detail {
struct snapshot;
struct snapshot_access;
struct asset_values;
/// The compact form of a model kept between propagations, so that running
/// the engine again on an unchanged structure does not rebuild it
/// (detail/snapshot.hpp). A copied or moved-to model starts with an empty cache.
struct snapshot_cache {
  snapshot_cache() = default;
  snapshot_cache(const snapshot_cache&) noexcept {}
  snapshot_cache& operator=(const snapshot_cache&) noexcept {
    std::lock_guard<std::mutex> lock(mu);
    snap.reset();
    values.reset();
    return *this;
  }
  ~snapshot_cache() = default;
  std::mutex mu;
  std::shared_ptr<const snapshot> snap;
  std::shared_ptr<const asset_values> values;
  std::uint64_t revision = 0;
};
} // namespace detail

class model {
public:
  /// An empty model under the `se-klassa` preset.
  model();
  /// An empty model under a preset id; throws model_error for an unknown id.
  explicit model(std::string_view preset_id);
  explicit model(std::shared_ptr<const scheme> s, infoclass::policy p = {});

  [[nodiscard]] const scheme& get_scheme() const noexcept { return *scheme_; }
  [[nodiscard]] const std::shared_ptr<const scheme>& scheme_ptr() const noexcept { return scheme_; }
  [[nodiscard]] const infoclass::policy& get_policy() const noexcept { return policy_; }
  [[nodiscard]] const resolved_policy& resolved() const noexcept { return resolved_; }
  /// Replaces the policy; validates it against the scheme and every existing
  /// dependency type first.
  void set_policy(infoclass::policy p);

  // --- assets -------------------------------------------------------------
  [[nodiscard]] std::size_t size() const noexcept { return boost::num_vertices(graph_); }
  [[nodiscard]] std::size_t num_dependencies() const noexcept { return boost::num_edges(graph_); }
  [[nodiscard]] bool contains(std::string_view id) const { return find(id).has_value(); }
  [[nodiscard]] std::optional<vertex_type> find(std::string_view id) const;
  /// Vertex of `id`; throws model_error if there is no such asset.
  [[nodiscard]] vertex_type vertex(std::string_view id) const;
  [[nodiscard]] const asset& at(std::string_view id) const { return graph_[vertex(id)]; }
  [[nodiscard]] const asset& operator[](vertex_type v) const { return graph_[v]; }

  /// Adds a validated asset; throws model_error (where = asset id) on a
  /// duplicate id or invalid field. Complexity: amortised O(1).
  vertex_type add_asset(asset a);
  /// Removes an asset and all its dependencies. O(V + E): vertex indices shift.
  void remove_asset(std::string_view id);
  /// Replaces every field of an existing asset but its id (validated).
  void update_asset(const asset& a);
  /// Sets the owner's assessment of one property (std::nullopt = unassessed).
  void set_level(std::string_view id, std::size_t property, std::optional<level_t> level);
  void set_classification(std::string_view id, const classification& c);
  void set_override(std::string_view id, std::size_t property, override_entry o);
  /// Removes an override; returns false if there was none.
  bool clear_override(std::string_view id, std::size_t property);

  // --- dependencies ---------------------------------------------------------
  /// Adds `from` -> `to`; throws model_error for unknown assets or types, a
  /// self dependency or a repeated (from, to, type).
  edge_type add_dependency(std::string_view from, std::string_view to, std::string_view type,
                           std::string_view group = {});
  /// The same by vertex (from find()), for bulk loaders that have looked the
  /// assets up already; throws model_error for a vertex out of range.
  edge_type add_dependency(vertex_type from, vertex_type to, std::string_view type, std::string_view group = {});
  /// Removes the dependency (from, to, type); returns false if there is none.
  bool remove_dependency(std::string_view from, std::string_view to, std::string_view type);
  /// All dependencies, grouped by `from` in asset order.
  [[nodiscard]] std::vector<dependency_view> dependencies() const;

  /// The Boost graph (read only; mutate through the model).
  [[nodiscard]] const graph_type& graph() const noexcept { return graph_; }

  /// Validates a stand-alone asset against this model's scheme (not its id's
  /// uniqueness). Throws model_error naming the asset id and field.
  void validate_asset(const asset& a) const;

  // --- journal --------------------------------------------------------------
  /// Increases with every mutation.
  [[nodiscard]] std::uint64_t revision() const noexcept { return journal_base_ + journal_.size(); }
  /// The changes after `rev`, or std::nullopt if they are no longer recorded.
  [[nodiscard]] std::optional<std::span<const model_change>> changes_since(std::uint64_t rev) const;

  /// Same scheme, policy, assets (in order) and dependencies (in order).
  friend bool operator==(const model& a, const model& b);

private:
  void record(model_change c);
  void rebuild_index();

  std::shared_ptr<const scheme> scheme_;
  infoclass::policy policy_;
  resolved_policy resolved_;
  graph_type graph_;
  struct id_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, vertex_type, id_hash, std::equal_to<>> index_;
  std::vector<model_change> journal_;
  std::uint64_t journal_base_ = 0;
  friend struct detail::snapshot_access;
  mutable detail::snapshot_cache cache_;
};

} // namespace infoclass
