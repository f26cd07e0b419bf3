// SPDX-License-Identifier: Apache-2.0
#include "infoclass/io/svg.hpp"

#include "infoclass/error.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "infoclass/version.hpp"
#include <memory>
#include <mutex>

namespace infoclass::inline INFOCLASS_ABI::io {

std::string render_svg(std::string_view dot) {
  // Graphviz keeps global state (error handlers, plugin tables): serialise.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (!gvc) {
    throw error("svg: cannot start Graphviz");
  }
  std::string text(dot);
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(text.c_str()), agclose);
  if (!g) {
    throw error("svg: Graphviz cannot read the DOT text");
  }
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) {
    throw error("svg: Graphviz layout failed");
  }
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  std::string out = rc == 0 && data ? std::string(data, length) : std::string();
  if (data) {
    gvFreeRenderData(data);
  }
  gvFreeLayout(gvc.get(), g.get());
  if (rc != 0 || out.empty()) {
    throw error("svg: Graphviz rendering failed (is the svg plugin installed?)");
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::io
