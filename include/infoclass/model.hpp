// SPDX-License-Identifier: Apache-2.0
// The model: assets and their dependencies under a scheme and a policy.
//
// Assets are stored by column (ids in an arena with a hash index, interned
// kinds, owners, dependency types and groups, levels packed per asset, rarely
// used fields in a side table) and dependencies in edge arrays linked per
// source and per target, so that an asset with its dependencies takes about
// 200 bytes. `graph()` presents the model as a Boost Graph (infoclass/graph.hpp)
// for Boost's algorithms; assets are reached by stable ids so that neither C++
// callers nor the Python bindings handle raw descriptors. An edge points from
// the dependent to its supporter (`from` relies on `to`); requirements flow
// along it. `m[v]` and `m.at(id)` return an asset by value; the accessors
// `id(v)`, `kind(v)`, `own(v)`, ... read one field without building it.
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

#include "infoclass/detail/store.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI {

/// Why an override departs from the derived level.
enum class override_effect : std::uint8_t { cumulation, distribution, manual };
[[nodiscard]] INFOCLASS_API std::string_view to_string(override_effect e) noexcept;
[[nodiscard]] INFOCLASS_API std::optional<override_effect> parse_override_effect(std::string_view) noexcept;

/// A level set by hand in place of the derived one; needs a justification.
struct INFOCLASS_API override_entry {
  level_t level = 0;
  override_effect effect = override_effect::manual;
  std::string justification{};
  friend bool operator==(const override_entry&, const override_entry&) = default;
};

/// The answers to a rule set's questions behind an asset's assessment
/// (analysis/rules.hpp), so that a rule change shows which assessments change.
struct INFOCLASS_API recorded_answers {
  std::string rules{};                        ///< rule set id
  std::map<std::string, std::string> given{}; ///< question -> answer
  friend bool operator==(const recorded_answers&, const recorded_answers&) = default;
};

/// A node of the dependency graph (DESIGN.md §4 `assets[]`). Every member has
/// a default, so designated initialisers name only what they set:
/// `m.add_asset({.id = "srv-01", .kind = "server"})` (an empty `own` is
/// "unassessed" for every property of the model's scheme).
struct INFOCLASS_API asset {
  std::string id{};
  std::string kind{};
  std::string name{};
  std::string owner{};
  classification own{}; ///< the owner's assessment (`classification` in JSON)
  std::string justification{};
  std::optional<classification> implemented{};       ///< protection in place
  std::string review_by{};                           ///< ISO date `YYYY-MM-DD` or empty
  std::map<std::size_t, override_entry> overrides{}; ///< property index -> override
  /// Free attributes: name -> the value's JSON text (any JSON value).
  std::map<std::string, std::string> attributes{};
  /// Ids of the measures implemented for this asset (see analysis/measures.hpp).
  std::vector<std::string> measures{};
  /// The questionnaire answers behind `own`, if it came from a rule set.
  std::optional<recorded_answers> answers{};
  friend bool operator==(const asset&, const asset&) = default;
};

/// An edge: `from` (the graph's source) relies on `to` (its target).
struct INFOCLASS_API dependency {
  std::string type{};
  std::string group{}; ///< redundancy group, empty for none
  /// How many members of the group are needed (k of n), as stated on this
  /// dependency; 0 where it does not state it (the group needs what another
  /// member states, else 1).
  std::uint32_t need = 0;
  friend bool operator==(const dependency&, const dependency&) = default;
};

/// A dependency with its end points, for listing.
struct INFOCLASS_API dependency_view {
  std::string_view from;
  std::string_view to;
  std::string_view type;
  std::string_view group;
  std::uint32_t need = 0; ///< as stated on the dependency; 0 = not stated
};

/// A redundancy group: the dependencies of `from` that share `name`. It fails
/// when fewer than `need` of its `members` are available, and has a spare when
/// members - need >= 1 (then the policy's redundancy transfer applies).
struct INFOCLASS_API redundancy_group {
  std::string_view from;
  std::string_view name;
  std::uint32_t need = 1;    ///< k: stated on a member, else 1
  std::uint32_t members = 0; ///< n
  [[nodiscard]] bool has_spare() const noexcept { return members > need; }
};

/// The most members a redundancy group may need.
inline constexpr std::uint32_t max_need = 65535;

using vertex_type = std::size_t;

/// An edge of the dependency graph: its end points and its slot in the
/// model's edge store (stable until a dependency or asset is removed).
struct INFOCLASS_API edge_type {
  std::uint32_t source = 0;
  std::uint32_t target = 0;
  std::uint32_t index = 0;
  friend bool operator==(const edge_type&, const edge_type&) = default;
  friend auto operator<=>(const edge_type&, const edge_type&) = default;
};

class model;

/// The model as a Boost Graph (infoclass/graph.hpp).
class graph_view;
namespace detail {
struct graph_access;
struct model_access;
} // namespace detail

/// Longest asset id, in bytes of UTF-8 (after NFC normalisation).
inline constexpr std::size_t max_id_bytes = 256;
/// True if `id` is an asset id: 1..256 bytes of well-formed UTF-8 without
/// control characters (C0, DEL, C1) and without Unicode white space at either
/// end (spaces inside are fine). The model compares and stores ids in Unicode
/// NFC, so `elevh\u00e4lsojournal` written with a combining diaeresis is the
/// same asset; this checks the text as given.
[[nodiscard]] INFOCLASS_API bool valid_asset_id(std::string_view id) noexcept;
/// The rule above in one sentence, for messages.
[[nodiscard]] INFOCLASS_API std::string_view asset_id_rule() noexcept;
/// True if `date` is a valid calendar date `YYYY-MM-DD`.
[[nodiscard]] INFOCLASS_API bool valid_date(std::string_view date) noexcept;

/// One journal entry: what changed, for the incremental engine.
struct INFOCLASS_API model_change {
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
/// A model's changes since revision `base` (what engines bound to the model
/// read). Copied with a model; a model assigned to starts afresh after both
/// revisions, so that an engine bound to it recomputes instead of reading
/// the other model's changes as its own.
struct INFOCLASS_API change_journal {
  std::vector<model_change> entries;
  std::uint64_t base = 0;
  change_journal() = default;
  change_journal(const change_journal&) = default;
  change_journal(change_journal&&) noexcept = default;
  change_journal& operator=(const change_journal& other) noexcept {
    restart_after(other);
    return *this;
  }
  change_journal& operator=(change_journal&& other) noexcept {
    restart_after(other);
    return *this;
  }
  ~change_journal() = default;
  [[nodiscard]] std::uint64_t revision() const noexcept { return base + entries.size(); }
  /// Empty, at a revision after this one and `other`'s.
  void restart_after(const change_journal& other) noexcept {
    base = std::max(revision(), other.revision()) + 1;
    entries.clear();
  }
};

struct snapshot;
struct asset_values;
/// The compact form of a model kept between propagations, so that running
/// the engine again on an unchanged structure does not rebuild it
/// (detail/snapshot.hpp). A copied or moved-to model starts with an empty cache.
struct INFOCLASS_API snapshot_cache {
  snapshot_cache() = default;
  snapshot_cache(const snapshot_cache&) noexcept {}
  snapshot_cache& operator=(const snapshot_cache& other) noexcept {
    if (this == &other) {
      return *this;
    }
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

class INFOCLASS_API model {
public:
  /// An empty model under the `se-klassa` preset.
  /// Throws: nothing of its own (std::bad_alloc).
  model();
  model(const model&) = default;
  model(model&&) noexcept = default;
  /// All or nothing (a copy, then a move). The model's revision moves past
  /// both models' (see revision()): an engine bound to it recomputes.
  /// Throws: nothing of its own (std::bad_alloc).
  model& operator=(const model& other);
  model& operator=(model&& other) noexcept = default;
  ~model() = default;
  /// An empty model under a preset id; throws model_error for an unknown id.
  explicit model(std::string_view preset_id);
  /// Throws: model_error for a null scheme, or a policy invalid for it (naming the part).
  explicit model(std::shared_ptr<const scheme> s, infoclass::policy p = {});

  [[nodiscard]] const scheme& get_scheme() const noexcept { return *scheme_; }
  [[nodiscard]] const std::shared_ptr<const scheme>& scheme_ptr() const noexcept { return scheme_; }
  [[nodiscard]] const infoclass::policy& get_policy() const noexcept { return policy_; }
  [[nodiscard]] const resolved_policy& resolved() const noexcept { return resolved_; }
  /// Replaces the policy; validates it against the scheme and every existing
  /// dependency type first.
  /// Throws: model_error naming the part of the policy that the scheme or a dependency type contradicts; the model is
  /// unchanged then.
  void set_policy(infoclass::policy p);

  // --- assets -------------------------------------------------------------
  [[nodiscard]] std::size_t size() const noexcept { return kind_.size(); }
  [[nodiscard]] std::size_t num_dependencies() const noexcept { return live_edges_; }
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] bool contains(std::string_view id) const { return find(id).has_value(); }
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::optional<vertex_type> find(std::string_view id) const;
  /// Vertex of `id`; throws model_error if there is no such asset.
  [[nodiscard]] vertex_type vertex(std::string_view id) const;
  /// The asset `id` (built from the columns); throws model_error if unknown.
  [[nodiscard]] asset at(std::string_view id) const { return (*this)[vertex(id)]; }
  /// The asset at vertex `v` (< size()), built from the columns.
  /// Throws: model_error naming the vertex for v >= size().
  [[nodiscard]] asset operator[](vertex_type v) const;

  // One field of the asset at vertex `v` (< size()), without building it.
  // Views stay valid until the next mutation.
  [[nodiscard]] std::string_view id(vertex_type v) const noexcept { return (*ids_)[v]; }
  [[nodiscard]] std::string_view kind(vertex_type v) const noexcept { return kinds_.name(kind_[v]); }
  [[nodiscard]] std::string_view name(vertex_type v) const noexcept { return name_[v]; }
  [[nodiscard]] std::string_view owner(vertex_type v) const noexcept { return owners_.name(owner_[v]); }
  /// Throws: model_error naming the vertex for v >= size().
  [[nodiscard]] classification own(vertex_type v) const;
  /// Raw own levels of `v`: get_scheme().size() bytes (see classification::raw).
  [[nodiscard]] std::span<const level_t> own_levels(vertex_type v) const noexcept {
    return {own_.data() + v * scheme_size_, scheme_size_};
  }
  [[nodiscard]] const std::map<std::size_t, override_entry>& overrides(vertex_type v) const noexcept;
  [[nodiscard]] const std::vector<std::string>& measures(vertex_type v) const noexcept;
  [[nodiscard]] std::size_t out_degree(vertex_type v) const noexcept { return links_[v].out_deg; }
  [[nodiscard]] std::size_t in_degree(vertex_type v) const noexcept { return links_[v].in_deg; }

  /// Adds a validated asset; throws model_error (where = asset id) on a
  /// duplicate id or invalid field. Complexity: amortised O(1).
  vertex_type add_asset(asset a);
  /// Removes an asset and all its dependencies. O(V + E): vertex indices shift.
  /// Throws: model_error for an unknown id.
  void remove_asset(std::string_view id);
  /// Replaces every field of an existing asset but its id (validated).
  /// Throws: model_error for an unknown id or an invalid field (as add_asset); the model is unchanged then.
  void update_asset(const asset& a_given);
  /// Sets the owner's assessment of one property (std::nullopt = unassessed).
  /// Throws: model_error for an unknown id, a property index out of range or a level outside the property's scale.
  void set_level(std::string_view id, std::size_t property, std::optional<level_t> level);
  /// Throws: model_error for an unknown id or a classification invalid under the scheme.
  void set_classification(std::string_view id, const classification& c);
  /// Throws: model_error for an unknown id, a property out of range, a level outside its scale or a missing
  /// justification.
  void set_override(std::string_view id, std::size_t property, override_entry o);
  /// Removes an override; returns false if there was none.
  /// Throws: model_error for an unknown id or a property index out of range.
  bool clear_override(std::string_view id, std::size_t property);
  // The same with the property by key or role word (`"K"`, `"confidentiality"`);
  // throws model_error for a word that names no property.
  void set_level(std::string_view id, std::string_view property, std::optional<level_t> level) {
    set_level(id, scheme_->property_index(property), level);
  }
  /// Throws: as set_override by index; model_error for a word that names no property.
  void set_override(std::string_view id, std::string_view property, override_entry o) {
    set_override(id, scheme_->property_index(property), std::move(o));
  }
  /// Throws: model_error for an unknown id or a word that names no property.
  bool clear_override(std::string_view id, std::string_view property) {
    return clear_override(id, scheme_->property_index(property));
  }

  /// Assets given by column, for bulk loading (C++ callers, `from_pandas`,
  /// archives). Codes index the name tables; optional columns are empty.
  struct asset_columns {
    std::span<const std::string_view> ids;
    std::span<const std::uint32_t> kind; ///< [i] index into kind_names
    std::span<const std::string_view> kind_names;
    /// [i * P + p] raw levels (classification::unassessed, not_applicable
    /// allowed where the scheme allows); empty = all unassessed.
    std::span<const level_t> levels;
    std::span<const std::uint32_t> owner; ///< optional: [i] index into owner_names
    std::span<const std::string_view> owner_names;
    std::span<const std::string_view> names; ///< optional
    /// Optional: set to the failing row when a row is rejected.
    std::size_t* row_out = nullptr;
  };
  /// Adds assets by column with the checks of add_asset (messages name the
  /// asset id and field). All or nothing: on error nothing is added.
  /// Returns the vertex of the first new asset.
  /// Throws: model_error naming the asset id and field of the first bad row (c.row_out set).
  vertex_type add_assets(const asset_columns& c);

  // --- dependencies ---------------------------------------------------------
  /// A code that is no index: no group in dependency_columns::group, and an
  /// invalid vertex (rejected) in its `from` / `to`.
  static constexpr std::uint32_t npos = 0xFFFFFFFFu;
  /// Adds `from` -> `to`; throws model_error for unknown assets or types, a
  /// self dependency or a repeated (from, to, type).
  /// `need` (k of the group's members; 0 = not stated) needs a group, and
  /// must equal what other members of the group state (else model_error
  /// naming both dependencies); that k is at most the number of members is
  /// checked by check_groups (a group may be built one edge at a time).
  edge_type add_dependency(std::string_view from, std::string_view to, std::string_view type,
                           std::string_view group = {}, std::uint32_t need = 0);
  /// The same by vertex (from find()), for bulk loaders that have looked the
  /// assets up already; throws model_error for a vertex out of range.
  edge_type add_dependency(vertex_type from, vertex_type to, std::string_view type, std::string_view group = {},
                           std::uint32_t need = 0);
  /// Dependencies given by column: vertices, type codes into type_names and
  /// (optionally) group codes into group_names, where an empty name is no group.
  struct dependency_columns {
    std::span<const std::uint32_t> from;
    std::span<const std::uint32_t> to;
    std::span<const std::uint32_t> type;
    std::span<const std::string_view> type_names;
    std::span<const std::uint32_t> group; ///< optional; npos (or a code of "") = no group
    std::span<const std::string_view> group_names;
    /// Optional: set to the failing row when a row is rejected.
    std::size_t* row_out = nullptr;
    std::span<const std::uint32_t> need{}; ///< optional; 0 = not stated (see add_dependency)
  };
  /// Adds dependencies by column with the checks of add_dependency. All or
  /// nothing: on error (model_error naming the row's assets) nothing is added.
  void add_dependencies(const dependency_columns& c);
  /// Removes the dependency (from, to, type); returns false if there is none.
  /// Throws: model_error for an unknown asset.
  bool remove_dependency(std::string_view from, std::string_view to, std::string_view type);
  /// All dependencies, grouped by `from` in asset order.
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::vector<dependency_view> dependencies() const;

  /// The type and redundancy group ("" for none) of a dependency from the graph.
  [[nodiscard]] std::string_view dependency_type(const edge_type& e) const noexcept {
    return types_.name(e_type_[e.index]);
  }
  [[nodiscard]] std::string_view dependency_group(const edge_type& e) const noexcept {
    return groups_.name(e_group_[e.index]);
  }
  /// The `need` a dependency states (0 = not stated; redundancy_group_of gives the group's).
  [[nodiscard]] std::uint32_t dependency_need(const edge_type& e) const noexcept { return e_need_[e.index]; }
  /// The redundancy group a dependency belongs to, with its k and n (members 0
  /// for a dependency without a group).
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] redundancy_group redundancy_group_of(const edge_type& e) const;
  /// Every redundancy group, by `from` in asset order, then by first member.
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] std::vector<redundancy_group> redundancy_groups() const;
  /// Checks that no group needs more members than it has.
  /// Throws: model_error naming the group (`vardsystem: group app-cluster`) and its k and n.
  void check_groups() const;

  /// The model as a Boost Graph (read only; mutate through the model). Defined
  /// in infoclass/graph.hpp, which holds the Boost parts.
  [[nodiscard]] graph_view graph() const noexcept;

  /// Validates a stand-alone asset against this model's scheme (not its id's
  /// uniqueness). Throws model_error naming the asset id and field.
  void validate_asset(const asset& a) const;

  /// Bytes held by the model's storage (capacity, not including the journal).
  [[nodiscard]] std::size_t storage_bytes() const noexcept;

  // --- journal --------------------------------------------------------------
  /// Increases with every mutation.
  [[nodiscard]] std::uint64_t revision() const noexcept { return journal_.revision(); }
  /// The changes after `rev`, or std::nullopt if they are no longer recorded.
  /// Throws: nothing.
  [[nodiscard]] std::optional<std::span<const model_change>> changes_since(std::uint64_t rev) const;

  /// Same scheme, policy, assets (in order) and dependencies (in order).
  friend INFOCLASS_API bool operator==(const model& a, const model& b);

private:
  // The edge store, for graph_view's iterators (detail::graph_access) and the
  // engine, loaders and archives (detail::model_access): edge slots, `nil` ends a list.
  static constexpr std::uint32_t nil = npos;
  [[nodiscard]] std::uint32_t first_out(vertex_type v) const noexcept { return links_[v].first_out; }
  [[nodiscard]] std::uint32_t first_in(vertex_type v) const noexcept { return links_[v].first_in; }
  [[nodiscard]] std::uint32_t next_out(std::uint32_t e) const noexcept { return e_next_out_[e]; }
  [[nodiscard]] std::uint32_t next_in(std::uint32_t e) const noexcept { return e_next_in_[e]; }
  [[nodiscard]] std::size_t edge_slots() const noexcept { return e_from_.size(); }
  [[nodiscard]] bool edge_alive(std::uint32_t e) const noexcept { return e_from_[e] != nil; }
  [[nodiscard]] edge_type edge_at(std::uint32_t e) const noexcept { return {e_from_[e], e_to_[e], e}; }
  [[nodiscard]] std::string_view edge_kind(std::uint32_t e) const noexcept { return types_.name(e_type_[e]); }
  [[nodiscard]] std::string_view edge_group(std::uint32_t e) const noexcept { return groups_.name(e_group_[e]); }
  /// Codes of an edge's type and group (0 = none) in the model's name tables.
  [[nodiscard]] std::uint32_t edge_type_code(std::uint32_t e) const noexcept { return e_type_[e]; }
  [[nodiscard]] std::uint32_t edge_group_code(std::uint32_t e) const noexcept { return e_group_[e]; }
  /// The need an edge states (0 = not stated).
  [[nodiscard]] std::uint32_t edge_need(std::uint32_t e) const noexcept { return e_need_[e]; }
  /// The names of the type and group codes (copies).
  [[nodiscard]] std::vector<std::string> type_code_names() const { return types_.names(); }
  [[nodiscard]] std::vector<std::string> group_code_names() const { return groups_.names(); }
  [[nodiscard]] std::string_view group_code_name(std::uint32_t code) const noexcept { return groups_.name(code); }
  /// True if the asset at `v` has a field beyond id, kind, name, owner and
  /// own levels (justification, review date, overrides, implemented, ...).
  [[nodiscard]] bool has_more_fields(vertex_type v) const noexcept {
    return !justification_[v].empty() || review_[v] != 0 || (cold_[v] != 0 && !colds_[cold_[v] - 1].empty());
  }

  /// The asset-id table, shared with the engine's snapshots.
  [[nodiscard]] std::shared_ptr<const detail::id_table> id_table() const noexcept { return ids_; }
  /// The code of `v`'s kind in the model's kind table (< kind_codes()).
  [[nodiscard]] std::uint32_t kind_code(vertex_type v) const noexcept { return kind_[v]; }
  [[nodiscard]] std::size_t kind_codes() const noexcept { return kinds_.size(); }
  friend struct detail::graph_access;
  friend struct detail::model_access;

  void record(model_change c) noexcept;
  /// Fields used by few assets: overrides, implemented, attributes, measures, answers.
  struct cold_fields {
    std::optional<classification> implemented;
    std::map<std::size_t, override_entry> overrides;
    std::map<std::string, std::string> attributes;
    std::vector<std::string> measures;
    std::optional<recorded_answers> answers;
    [[nodiscard]] bool empty() const noexcept {
      return !implemented && overrides.empty() && attributes.empty() && measures.empty() && !answers;
    }
  };
  detail::id_table& ids_mut();
  cold_fields* cold(vertex_type v) noexcept { return cold_[v] ? &colds_[cold_[v] - 1] : nullptr; }
  const cold_fields* cold(vertex_type v) const noexcept { return cold_[v] ? &colds_[cold_[v] - 1] : nullptr; }
  cold_fields& cold_for_write(vertex_type v);
  void store_fields(vertex_type v, const asset& a); ///< every field but the id
  void push_asset_slots();
  /// Takes back every asset from vertex `first` on (an add that ran out of
  /// memory part-way), with the kind and owner names and rare fields added since.
  void take_back_assets(std::size_t first, std::size_t kinds_before, std::size_t owners_before,
                        std::size_t colds_before);
  /// add_assets' columns after its ids (names interned on first use).
  void append_asset_columns(const asset_columns& c, std::vector<std::uint32_t>& kind_code,
                            std::vector<std::uint32_t>& owner_code);
  std::uint32_t push_edge(std::uint32_t u, std::uint32_t v, std::uint32_t type, std::uint32_t group,
                          std::uint16_t need = 0);
  void check_need(vertex_type u, vertex_type v, std::string_view type, std::string_view group,
                  std::uint32_t need) const;
  /// The needs stated in the groups of u (a source with many dependencies)
  /// into stated_need_, from u's list.
  void index_needs(std::uint32_t u);
  void unlink_edge(std::uint32_t e);
  /// Whether u already depends on v by the type of code t (the shorter of
  /// u's dependencies and v's dependents walked).
  [[nodiscard]] bool has_edge(std::uint32_t u, std::uint32_t v, std::uint32_t t) const noexcept;
  void compact_edges();
  std::uint32_t check_dependency(vertex_type u, vertex_type v, std::string_view type, std::string_view group,
                                 std::uint32_t need = 0) const;
  bool add_dependencies_fast(const dependency_columns& c);
  void add_dependencies_checked(const dependency_columns& c);
  void take_back_edges(std::size_t first, std::size_t rows, std::size_t types_before, std::size_t groups_before);

  std::shared_ptr<const scheme> scheme_;
  std::size_t scheme_size_ = 0;
  infoclass::policy policy_;
  resolved_policy resolved_;

  // Assets by column, [vertex].
  std::shared_ptr<detail::id_table> ids_;
  detail::string_pool kinds_;
  detail::big_vector<std::uint16_t> kind_;
  detail::string_pool owners_; ///< code 0 is ""
  detail::big_vector<std::uint32_t> owner_;
  detail::string_column name_;
  detail::string_column justification_;
  detail::big_vector<std::uint32_t> review_; ///< YYYYMMDD, 0 = none
  detail::big_vector<level_t> own_;          ///< [v * scheme_size_ + p]
  detail::big_vector<std::uint32_t> cold_;   ///< 0 = none, else index + 1 into colds_
  std::vector<cold_fields> colds_;
  /// Heads and tails of a vertex's edge lists and its degrees, together
  /// because they are updated together.
  struct vertex_links {
    std::uint32_t first_out = nil, last_out = nil, first_in = nil, last_in = nil;
    std::uint32_t out_deg = 0, in_deg = 0;
  };
  detail::big_vector<vertex_links> links_;

  // Dependencies by slot; a removed one has e_from_ == nil until compaction.
  detail::string_pool types_;
  detail::string_pool groups_; ///< code 0 is ""
  detail::big_vector<std::uint32_t> e_from_, e_to_, e_group_, e_next_out_, e_next_in_;
  detail::big_vector<std::uint16_t> e_type_;
  detail::big_vector<std::uint16_t> e_need_; ///< 0 = not stated
  std::size_t live_edges_ = 0;
  /// The need stated in each redundancy group of the sources with many
  /// dependencies that add_dependency met with a stated need, by source << 32
  /// | group code (source << 32 alone: the source's groups are all in):
  /// what check_need finds walking the source's list, without the walk (a
  /// source with 100,000 groups stating need made a load row by row
  /// quadratic). Kept by add_dependency; anything else that changes the
  /// lists (removal, compaction, bulk loads) drops it.
  std::unordered_map<std::uint64_t, std::uint16_t> stated_need_;
  static constexpr std::uint32_t need_index_from = 64; ///< dependencies of a source

  detail::change_journal journal_;
  mutable detail::snapshot_cache cache_;
};

} // namespace infoclass::inline INFOCLASS_ABI
