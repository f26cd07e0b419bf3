// SPDX-License-Identifier: Apache-2.0
// A downstream program using the installed SVG renderer (infoclass::svg).
#include <infoclass/io/svg.hpp>

#include <iostream>

int main() {
  const auto svg = infoclass::io::render_svg("digraph { a -> b }");
  std::cout << (svg.find("<svg") != std::string::npos ? "svg: rendered\n" : "svg: nothing\n");
}
