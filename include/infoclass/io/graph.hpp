// SPDX-License-Identifier: Apache-2.0
// Graph exports: GraphML (for networkx, yEd, Gephi) and Graphviz DOT, with
// levels, causes, kinds and owners; subgraph views around one asset so that a
// picture of a large model stays readable. SVG rendering is in io/svg.hpp.
//
// Errors: writers throw model_error for an unknown focus asset and
// infoclass::error when the assessment does not belong to the model.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <string>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

/// Which assets a picture shows.
struct INFOCLASS_API view {
  std::string focus;      ///< empty: the whole model
  bool upstream = true;   ///< with focus: everything that depends on it, transitively
  bool downstream = true; ///< with focus: everything it depends on, transitively
};

/// Asset indices in the view, in model order. Linear in the part visited.
/// Throws: model_error for an unknown asset in the view.
[[nodiscard]] INFOCLASS_API std::vector<std::size_t> select(const model& m, const view& v);

/// GraphML with node data kind, name, owner, one int per property key
/// (effective level, absent when none), `<key>_derived`, `<key>_cause`, and
/// edge data type and group.
/// Throws: model_error for an unknown asset in the view; error if `a` is not an assessment of `m`.
[[nodiscard]] INFOCLASS_API std::string write_graphml(const model& m, const assessment& a, const view& v = {});

/// DOT, nodes filled by their highest effective level, edges labelled by type,
/// with a legend.
/// Throws: model_error for an unknown asset in the view; error if `a` is not an assessment of `m`.
[[nodiscard]] INFOCLASS_API std::string write_dot(const model& m, const assessment& a, const view& v = {});

} // namespace infoclass::inline INFOCLASS_ABI::io
