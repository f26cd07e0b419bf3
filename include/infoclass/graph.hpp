// SPDX-License-Identifier: Apache-2.0
// The model as a Boost Graph: `graph_view`, its iterators, the graph_traits
// and property_map specialisations, and readable property maps for the
// fields Boost algorithms ask for.
//
//   #include <infoclass/graph.hpp>
//   const auto g = m.graph();
//   auto ids = get(infoclass::vertex_id, g);          // vertex -> std::string_view
//   boost::strong_components(g, component_map);       // any Boost algorithm
//
// The view reads the model's own columns and edge lists: `get(vertex_id, g)`,
// `get(vertex_kind, g)`, `get(vertex_owner, g)`, `get(vertex_own, g)` and
// `get(edge_dependency_type, g)`, `get(edge_group, g)` cost a load each,
// while `g[v]` builds a whole `asset` (strings, maps) and is for convenience.
//
// Errors: nothing here throws; vertex and edge descriptors must come from the
// same model's graph (checked by assertions in debug builds only).
#pragma once

#include "infoclass/model.hpp"

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>

#include "infoclass/version.hpp"
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

namespace infoclass::inline INFOCLASS_ABI {

/// The model as a Boost Graph (read only): a lightweight view that models
/// VertexListGraph, EdgeListGraph, IncidenceGraph, BidirectionalGraph and
/// AdjacencyGraph, with a vertex_index map, the property maps below and
/// bundled-style access (`g[v]` is the asset, `g[e]` the dependency, both by
/// value). Valid while the model lives; its iterators are invalidated by
/// mutations of the model.
class INFOCLASS_API graph_view {
public:
  explicit graph_view(const model& m) noexcept : m_(&m) {}
  [[nodiscard]] const model& get_model() const noexcept { return *m_; }
  /// Throws: model_error naming the vertex for v >= num_vertices.
  [[nodiscard]] asset operator[](vertex_type v) const { return (*m_)[v]; }
  /// Throws: nothing of its own (std::bad_alloc).
  [[nodiscard]] dependency operator[](const edge_type& e) const {
    return {std::string(m_->dependency_type(e)), std::string(m_->dependency_group(e)), m_->dependency_need(e)};
  }

private:
  const model* m_;
};

inline graph_view model::graph() const noexcept { return graph_view(*this); }

// Property tags, in the manner of boost::vertex_name_t.
enum vertex_id_t { vertex_id };       ///< the asset id (std::string_view)
enum vertex_kind_t { vertex_kind };   ///< the asset kind (std::string_view)
enum vertex_owner_t { vertex_owner }; ///< the owner, "" for none (std::string_view)
/// The owner's levels: get_scheme().size() raw bytes, classification::unassessed
/// (or not_applicable) where there is no level (std::span<const level_t>).
enum vertex_own_t { vertex_own };
enum edge_dependency_type_t { edge_dependency_type }; ///< the dependency type (std::string_view)
enum edge_group_t { edge_group };                     ///< the redundancy group, "" for none

namespace detail {

/// The edge-list walk of graph_view's iterators (a friend of model).
struct INFOCLASS_API graph_access {
  static constexpr std::uint32_t nil = model::nil;
  static std::uint32_t first_out(const model& m, vertex_type v) noexcept { return m.first_out(v); }
  static std::uint32_t first_in(const model& m, vertex_type v) noexcept { return m.first_in(v); }
  static std::uint32_t next_out(const model& m, std::uint32_t e) noexcept { return m.next_out(e); }
  static std::uint32_t next_in(const model& m, std::uint32_t e) noexcept { return m.next_in(e); }
  static std::size_t edge_slots(const model& m) noexcept { return m.edge_slots(); }
  static bool edge_alive(const model& m, std::uint32_t e) noexcept { return m.edge_alive(e); }
  static edge_type edge_at(const model& m, std::uint32_t e) noexcept { return m.edge_at(e); }
};

/// Walks one vertex's out-edges (`In` = false) or in-edges along the edge links.
template <bool In>
class edge_list_iterator
    : public boost::iterator_facade<edge_list_iterator<In>, edge_type, std::forward_iterator_tag, edge_type> {
public:
  edge_list_iterator() = default;
  edge_list_iterator(const model* m, std::uint32_t e) noexcept : m_(m), e_(e) {}

private:
  friend class boost::iterator_core_access;
  [[nodiscard]] edge_type dereference() const noexcept { return graph_access::edge_at(*m_, e_); }
  [[nodiscard]] bool equal(const edge_list_iterator& o) const noexcept { return e_ == o.e_; }
  void increment() noexcept { e_ = In ? graph_access::next_in(*m_, e_) : graph_access::next_out(*m_, e_); }
  const model* m_ = nullptr;
  std::uint32_t e_ = graph_access::nil;
};

/// Walks every live edge slot.
class INFOCLASS_API all_edges_iterator
    : public boost::iterator_facade<all_edges_iterator, edge_type, std::forward_iterator_tag, edge_type> {
public:
  all_edges_iterator() = default;
  all_edges_iterator(const model* m, std::size_t e) noexcept : m_(m), e_(e) { skip(); }

private:
  friend class boost::iterator_core_access;
  void skip() noexcept {
    while (e_ < graph_access::edge_slots(*m_) && !graph_access::edge_alive(*m_, static_cast<std::uint32_t>(e_))) {
      ++e_;
    }
  }
  [[nodiscard]] edge_type dereference() const noexcept {
    return graph_access::edge_at(*m_, static_cast<std::uint32_t>(e_));
  }
  [[nodiscard]] bool equal(const all_edges_iterator& o) const noexcept { return e_ == o.e_; }
  void increment() noexcept {
    ++e_;
    skip();
  }
  const model* m_ = nullptr;
  std::size_t e_ = 0;
};

/// The targets of one vertex's out-edges.
class INFOCLASS_API adjacency_iterator
    : public boost::iterator_facade<adjacency_iterator, vertex_type, std::forward_iterator_tag, vertex_type> {
public:
  adjacency_iterator() = default;
  explicit adjacency_iterator(edge_list_iterator<false> it) noexcept : it_(it) {}

private:
  friend class boost::iterator_core_access;
  [[nodiscard]] vertex_type dereference() const noexcept { return (*it_).target; }
  [[nodiscard]] bool equal(const adjacency_iterator& o) const noexcept { return it_ == o.it_; }
  void increment() noexcept { ++it_; }
  edge_list_iterator<false> it_;
};

/// A readable property map over the model's columns: `Read` is a stateless
/// function object `(const model&, Key) -> Value`.
template <class Key, class Value, class Read> class model_property_map {
public:
  using key_type = Key;
  using value_type = Value;
  using reference = Value;
  using category = boost::readable_property_map_tag;

  model_property_map() = default;
  explicit model_property_map(const model& m) noexcept : m_(&m) {}
  [[nodiscard]] Value operator[](const Key& k) const { return Read{}(*m_, k); }
  friend Value get(const model_property_map& pm, const Key& k) { return Read{}(*pm.m_, k); }

private:
  const model* m_ = nullptr;
};

struct INFOCLASS_API read_id {
  std::string_view operator()(const model& m, vertex_type v) const noexcept { return m.id(v); }
};
struct INFOCLASS_API read_kind {
  std::string_view operator()(const model& m, vertex_type v) const noexcept { return m.kind(v); }
};
struct INFOCLASS_API read_owner {
  std::string_view operator()(const model& m, vertex_type v) const noexcept { return m.owner(v); }
};
struct INFOCLASS_API read_own {
  std::span<const level_t> operator()(const model& m, vertex_type v) const noexcept { return m.own_levels(v); }
};
struct INFOCLASS_API read_type {
  std::string_view operator()(const model& m, const edge_type& e) const noexcept { return m.dependency_type(e); }
};
struct INFOCLASS_API read_group {
  std::string_view operator()(const model& m, const edge_type& e) const noexcept { return m.dependency_group(e); }
};

} // namespace detail

using vertex_id_map = detail::model_property_map<vertex_type, std::string_view, detail::read_id>;
using vertex_kind_map = detail::model_property_map<vertex_type, std::string_view, detail::read_kind>;
using vertex_owner_map = detail::model_property_map<vertex_type, std::string_view, detail::read_owner>;
using vertex_own_map = detail::model_property_map<vertex_type, std::span<const level_t>, detail::read_own>;
using edge_dependency_type_map = detail::model_property_map<edge_type, std::string_view, detail::read_type>;
using edge_group_map = detail::model_property_map<edge_type, std::string_view, detail::read_group>;

struct graph_view_traversal : boost::vertex_list_graph_tag,
                              boost::edge_list_graph_tag,
                              boost::bidirectional_graph_tag,
                              boost::adjacency_graph_tag {};

} // namespace infoclass::inline INFOCLASS_ABI

namespace boost {
template <> struct graph_traits<infoclass::graph_view> {
  using vertex_descriptor = infoclass::vertex_type;
  using edge_descriptor = infoclass::edge_type;
  using directed_category = directed_tag;
  using edge_parallel_category = allow_parallel_edge_tag; // parallel edges of different types
  using traversal_category = infoclass::graph_view_traversal;
  using vertex_iterator = counting_iterator<infoclass::vertex_type>;
  using out_edge_iterator = infoclass::detail::edge_list_iterator<false>;
  using in_edge_iterator = infoclass::detail::edge_list_iterator<true>;
  using edge_iterator = infoclass::detail::all_edges_iterator;
  using adjacency_iterator = infoclass::detail::adjacency_iterator;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = std::size_t;
  static vertex_descriptor null_vertex() noexcept { return static_cast<vertex_descriptor>(-1); }
};

template <> struct property_map<infoclass::graph_view, vertex_index_t> {
  using type = typed_identity_property_map<infoclass::vertex_type>;
  using const_type = type;
};

#define INFOCLASS_GRAPH_PROPERTY_MAP(Tag, Map)                                                                         \
  template <> struct property_map<infoclass::graph_view, infoclass::Tag> {                                             \
    using type = infoclass::Map;                                                                                       \
    using const_type = type;                                                                                           \
  }
INFOCLASS_GRAPH_PROPERTY_MAP(vertex_id_t, vertex_id_map);
INFOCLASS_GRAPH_PROPERTY_MAP(vertex_kind_t, vertex_kind_map);
INFOCLASS_GRAPH_PROPERTY_MAP(vertex_owner_t, vertex_owner_map);
INFOCLASS_GRAPH_PROPERTY_MAP(vertex_own_t, vertex_own_map);
INFOCLASS_GRAPH_PROPERTY_MAP(edge_dependency_type_t, edge_dependency_type_map);
INFOCLASS_GRAPH_PROPERTY_MAP(edge_group_t, edge_group_map);
#undef INFOCLASS_GRAPH_PROPERTY_MAP

/// `boost::vertex_name` is the asset id, as in Boost's examples.
template <> struct property_map<infoclass::graph_view, vertex_name_t> {
  using type = infoclass::vertex_id_map;
  using const_type = type;
};
} // namespace boost

namespace infoclass::inline INFOCLASS_ABI {

using graph_traits_type = boost::graph_traits<graph_view>;

inline std::pair<graph_traits_type::vertex_iterator, graph_traits_type::vertex_iterator>
vertices(const graph_view& g) noexcept {
  return {graph_traits_type::vertex_iterator(0), graph_traits_type::vertex_iterator(g.get_model().size())};
}
inline std::size_t num_vertices(const graph_view& g) noexcept { return g.get_model().size(); }
inline std::pair<graph_traits_type::edge_iterator, graph_traits_type::edge_iterator>
edges(const graph_view& g) noexcept {
  const model* m = &g.get_model();
  return {graph_traits_type::edge_iterator(m, 0),
          graph_traits_type::edge_iterator(m, detail::graph_access::edge_slots(*m))};
}
inline std::size_t num_edges(const graph_view& g) noexcept { return g.get_model().num_dependencies(); }
inline vertex_type source(const edge_type& e, const graph_view& /*g*/) noexcept { return e.source; }
inline vertex_type target(const edge_type& e, const graph_view& /*g*/) noexcept { return e.target; }
inline std::pair<graph_traits_type::out_edge_iterator, graph_traits_type::out_edge_iterator>
out_edges(vertex_type v, const graph_view& g) noexcept {
  const model* m = &g.get_model();
  return {graph_traits_type::out_edge_iterator(m, detail::graph_access::first_out(*m, v)),
          graph_traits_type::out_edge_iterator(m, detail::graph_access::nil)};
}
inline std::pair<graph_traits_type::in_edge_iterator, graph_traits_type::in_edge_iterator>
in_edges(vertex_type v, const graph_view& g) noexcept {
  const model* m = &g.get_model();
  return {graph_traits_type::in_edge_iterator(m, detail::graph_access::first_in(*m, v)),
          graph_traits_type::in_edge_iterator(m, detail::graph_access::nil)};
}
inline std::pair<graph_traits_type::adjacency_iterator, graph_traits_type::adjacency_iterator>
adjacent_vertices(vertex_type v, const graph_view& g) noexcept {
  auto [b, e] = out_edges(v, g);
  return {graph_traits_type::adjacency_iterator(b), graph_traits_type::adjacency_iterator(e)};
}
inline std::size_t out_degree(vertex_type v, const graph_view& g) noexcept { return g.get_model().out_degree(v); }
inline std::size_t in_degree(vertex_type v, const graph_view& g) noexcept { return g.get_model().in_degree(v); }
inline std::size_t degree(vertex_type v, const graph_view& g) noexcept {
  return g.get_model().out_degree(v) + g.get_model().in_degree(v);
}

// Property maps: get(tag, g) gives the map, get(tag, g, key) one value.
inline boost::typed_identity_property_map<vertex_type> get(boost::vertex_index_t /*tag*/,
                                                           const graph_view& /*g*/) noexcept {
  return {};
}
inline vertex_type get(boost::vertex_index_t /*tag*/, const graph_view& /*g*/, vertex_type v) noexcept { return v; }
inline vertex_id_map get(vertex_id_t /*tag*/, const graph_view& g) noexcept { return vertex_id_map(g.get_model()); }
inline vertex_id_map get(boost::vertex_name_t /*tag*/, const graph_view& g) noexcept {
  return vertex_id_map(g.get_model());
}
inline vertex_kind_map get(vertex_kind_t /*tag*/, const graph_view& g) noexcept {
  return vertex_kind_map(g.get_model());
}
inline vertex_owner_map get(vertex_owner_t /*tag*/, const graph_view& g) noexcept {
  return vertex_owner_map(g.get_model());
}
inline vertex_own_map get(vertex_own_t /*tag*/, const graph_view& g) noexcept { return vertex_own_map(g.get_model()); }
inline edge_dependency_type_map get(edge_dependency_type_t /*tag*/, const graph_view& g) noexcept {
  return edge_dependency_type_map(g.get_model());
}
inline edge_group_map get(edge_group_t /*tag*/, const graph_view& g) noexcept { return edge_group_map(g.get_model()); }
inline std::string_view get(vertex_id_t /*tag*/, const graph_view& g, vertex_type v) noexcept {
  return g.get_model().id(v);
}
inline std::string_view get(boost::vertex_name_t /*tag*/, const graph_view& g, vertex_type v) noexcept {
  return g.get_model().id(v);
}
inline std::string_view get(vertex_kind_t /*tag*/, const graph_view& g, vertex_type v) noexcept {
  return g.get_model().kind(v);
}
inline std::string_view get(vertex_owner_t /*tag*/, const graph_view& g, vertex_type v) noexcept {
  return g.get_model().owner(v);
}
inline std::span<const level_t> get(vertex_own_t /*tag*/, const graph_view& g, vertex_type v) noexcept {
  return g.get_model().own_levels(v);
}
inline std::string_view get(edge_dependency_type_t /*tag*/, const graph_view& g, const edge_type& e) noexcept {
  return g.get_model().dependency_type(e);
}
inline std::string_view get(edge_group_t /*tag*/, const graph_view& g, const edge_type& e) noexcept {
  return g.get_model().dependency_group(e);
}

} // namespace infoclass::inline INFOCLASS_ABI

// Qualified calls (boost::out_edges(v, g), ...) find the same functions.
namespace boost {
using infoclass::adjacent_vertices;
using infoclass::degree;
using infoclass::edges;
using infoclass::in_degree;
using infoclass::in_edges;
using infoclass::num_edges;
using infoclass::num_vertices;
using infoclass::out_degree;
using infoclass::out_edges;
using infoclass::source;
using infoclass::target;
using infoclass::vertices;
} // namespace boost
