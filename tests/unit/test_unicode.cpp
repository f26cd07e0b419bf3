// SPDX-License-Identifier: Apache-2.0
// Unicode text as ids: the helpers (utf8proc), and every writer with ids that
// need escaping in its format.
#include "infoclass/error.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"
#include "infoclass/unicode.hpp"

#include <doctest/doctest.h>

#include <pugixml.hpp>

#include <sstream>

using namespace infoclass;

TEST_CASE("unicode: validation, NFC, case folding, white space and display width") {
  CHECK(unicode::valid_utf8("elevh\u00e4lsa"));
  CHECK_FALSE(unicode::valid_utf8("S\xE4tila")); // Latin-1
  CHECK(unicode::invalid_utf8_at("ok\xE4") == 2);
  CHECK_FALSE(unicode::valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
  CHECK(unicode::nfc("a\u0308") == "\u00e4");
  CHECK(unicode::nfc("\u212b") == "\u00c5"); // ANGSTROM SIGN -> Å (a singleton)
  CHECK(unicode::nfc("plain") == "plain");
  CHECK(unicode::nfc("bad\xff") == "bad\xff"); // ill-formed: unchanged
  CHECK(unicode::fold(" \u00c4GARE ") == unicode::fold("\u00e4gare"));
  CHECK(unicode::fold("Stra\u00dfe") == unicode::fold("STRASSE"));
  CHECK(unicode::fold("A\u0308") == "\u00e4");
  CHECK(unicode::trim("\u00a0 x y\u3000\t") == "x y");
  CHECK(unicode::trim("   ").empty());
  CHECK(unicode::is_space(0x00A0));
  CHECK(unicode::is_space(0x2028));
  CHECK_FALSE(unicode::is_space(0x200B)); // ZERO WIDTH SPACE is a format character, not white space
  CHECK(unicode::is_control(0x85));
  CHECK(unicode::display_width("srv 01") == 6);
  CHECK(unicode::display_width("\u00e4") == 1);
  CHECK(unicode::display_width("a\u0308") == 1);      // combining mark: no column
  CHECK(unicode::display_width("\u65e5\u672c") == 4); // wide
}

namespace {
// Ids that each writer must escape: quotes, markup, delimiters, backslash,
// a wide script, a decomposed letter and spaces.
model tricky() {
  model m("se-klassa");
  const char* ids[] = {"a\"b<c>&'d",           "x,y;z",          "back\\slash", "\u65e5\u672c\u8a9e \u30b5\u30fc\u30d0",
                       "Serverrum Stadshuset", "elevha\u0308lsa"};
  const char* kinds[] = {"information", "application", "server", "server", "site", "information"};
  for (std::size_t i = 0; i < std::size(ids); ++i) {
    asset a;
    a.id = ids[i];
    a.kind = kinds[i];
    a.name = std::string("name of ") + ids[i];
    a.owner = "\u00c4gare \"AB\"";
    a.own = classification::none(4);
    if (i == 0 || i == 5) {
      a.own = classification{3, 2, 1, 0};
    }
    m.add_asset(a);
  }
  m.add_dependency("a\"b<c>&'d", "x,y;z", "processed_by");
  m.add_dependency("x,y;z", "back\\slash", "runs_on", "grupp \u00e5");
  m.add_dependency("x,y;z", "\u65e5\u672c\u8a9e \u30b5\u30fc\u30d0", "runs_on", "grupp a\u030a");
  m.add_dependency("back\\slash", "Serverrum Stadshuset", "located_in");
  m.add_dependency("elevh\u00e4lsa", "x,y;z", "processed_by");
  return m;
}
} // namespace

TEST_CASE("unicode: every writer escapes ids, and the readers give them back") {
  const auto m = tricky();
  const auto a = propagate(m);
  // JSON, CSV (both delimiters, Excel's form), archives: back to the same model.
  CHECK(io::read_model(io::write_model(m)) == m);
  for (char d : {',', ';', '\t'}) {
    for (bool excel : {false, true}) {
      const auto files = io::write_csv(m, d, excel);
      CHECK(io::read_csv(files.assets, files.dependencies, m.scheme_ptr(), m.get_policy()) == m);
    }
  }
  for (auto f : {io::archive_format::binary, io::archive_format::text, io::archive_format::xml}) {
    CHECK(io::load_model_archive(io::save_archive(m, f)) == m);
  }
  // GraphML: well-formed XML whose node ids are the ids.
  pugi::xml_document g;
  REQUIRE(g.load_string(io::write_graphml(m, a).c_str()));
  std::vector<std::string> node_ids;
  for (auto n : g.document_element().child("graph").children("node")) {
    node_ids.emplace_back(n.attribute("id").value());
  }
  CHECK(std::find(node_ids.begin(), node_ids.end(), "a\"b<c>&'d") != node_ids.end());
  CHECK(std::find(node_ids.begin(), node_ids.end(), "elevh\u00e4lsa") != node_ids.end());
  // DOT: quoted, with quotes and backslashes escaped.
  const auto dot = io::write_dot(m, a);
  CHECK(dot.find("\"a\\\"b<c>&'d\"") != std::string::npos);
  CHECK(dot.find("\"back\\\\slash\"") != std::string::npos);
  // HTML: escaped text, no raw markup from an id.
  const auto html = format_html_report(m, a, "", {});
  CHECK(html.find("a&quot;b&lt;c&gt;&amp;&apos;d") != std::string::npos);
  CHECK(html.find("<c>") == std::string::npos);
  // The group written two ways is one group.
  const auto deps = m.dependencies();
  CHECK(deps[1].group == deps[2].group);
}

TEST_CASE("unicode: the terminal table aligns columns by display width") {
  const auto m = tricky();
  const auto text = format_table(m, propagate(m));
  std::istringstream in(text);
  std::string line;
  std::vector<std::size_t> kind_column;
  while (std::getline(in, line)) {
    // The KIND column starts after the padded id and two spaces: the same display column on every row.
    for (const char* k : {"KIND", "information", "application", "server", "site"}) {
      const auto pos = line.find(std::string("  ") + k);
      if (pos != std::string::npos) {
        kind_column.push_back(unicode::display_width(line.substr(0, pos)));
        break;
      }
    }
  }
  REQUIRE(kind_column.size() == 7);
  CHECK(std::all_of(kind_column.begin(), kind_column.end(), [&](std::size_t c) { return c == kind_column[0]; }));
}
