// SPDX-License-Identifier: Apache-2.0
// SVG rendering of DOT text in-process with Graphviz's libraries (libgvc).
//
// Part of the separate target infoclass::svg (built when Debian's
// libgraphviz-dev is present), so that the core library does not depend on
// Graphviz.
#pragma once

#include "infoclass/version.hpp"
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::io {

/// Lays out `dot` with the `dot` engine and renders SVG. Throws
/// infoclass::error if Graphviz rejects the input.
[[nodiscard]] INFOCLASS_API std::string render_svg(std::string_view dot);

} // namespace infoclass::inline INFOCLASS_ABI::io
