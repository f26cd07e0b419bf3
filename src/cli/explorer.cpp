// SPDX-License-Identifier: Apache-2.0
// The explorer: one self-contained HTML file with the model, the WebAssembly
// engine, the page's script and styles, the findings as exported and the
// Graphviz layout of the whole model (explorer/ and js/ hold the sources,
// embedded into the CLI at build time; the engine is read from the build).
#include "cli/cli.hpp"

#include "analysis/gap_rows.hpp"

#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/review.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/file.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "io/json_writer.hpp"
#include "model/access.hpp"
#include "support/json_text.hpp"
#include "support/text.hpp"
#if INFOCLASS_HAVE_SVG
#include "infoclass/io/svg.hpp"
#endif

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace infoclass::inline INFOCLASS_ABI::detail {
std::string_view embedded_explorer_html(); // explorer/explorer.html
std::string_view embedded_explorer_css();  // explorer/explorer.css
std::string_view embedded_explorer_js();   // explorer/explorer.js
std::string_view embedded_infoclass_mjs(); // js/infoclass.mjs
} // namespace infoclass::inline INFOCLASS_ABI::detail

namespace infoclass::inline INFOCLASS_ABI::cli {

namespace {

// JSON inside <script type="application/json">: no '<' at all (JSON's own
// escape), so that no text of the model can close the element.
std::string script_json(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (const char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// The engine: $INFOCLASS_ENGINE, or the one this build made.
std::string engine_script() {
  // $INFOCLASS_ENGINE, when set, is the only place looked at.
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("INFOCLASS_ENGINE"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  } else {
    // An installed CLI first: <prefix>/bin/infoclass and <prefix>/share/infoclass/.
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
      candidates.push_back(self.parent_path().parent_path() / "share" / "infoclass" / "infoclass_engine.js");
    }
#ifdef INFOCLASS_WASM_ENGINE_PATH
    candidates.emplace_back(INFOCLASS_WASM_ENGINE_PATH); // then this build's
#endif
  }
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(c, ec)) {
      return io::read_file(c, std::size_t{1} << 28);
    }
  }
  throw model_error("--to html",
                    "the explorer needs the WebAssembly engine (infoclass_engine.js), which this build does not "
                    "have: install emscripten and node-acorn (scripts/install-deps) and rebuild (INFOCLASS_WASM is "
                    "on where Emscripten is found), or set INFOCLASS_ENGINE to the engine's file");
}

nlohmann::json findings(const model& m, const assessment& a) {
  nlohmann::json spof = nlohmann::json::array();
  std::size_t spof_total = 0;
  try {
    const auto& s = m.get_scheme();
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (s.properties[p].role == role::availability) {
        const auto top = s.levels(p);
        const auto th = static_cast<level_t>(top >= 2 ? top - 2 : 0);
        // The most severe first; at most `listed` of them, each with at most
        // 10 of the assets it brings down (and their number), so that
        // the page stays small for a national inventory. Only those are
        // named: naming every victim of every single point is hundreds of
        // millions of names for a million assets.
        constexpr std::size_t listed = 1000;
        analysis::spof_options o;
        o.max_names = 10;
        const auto sum = analysis::most_severe_single_points(m, a, th, listed, o);
        spof_total = sum.total;
        for (const auto& sp : sum.most_severe) {
          auto names = sp.brings_down;
          const auto count = sp.count;
          if (count > names.size()) {
            names.push_back("… " + std::to_string(count - names.size()) + " more");
          }
          spof.push_back({{"id", sp.asset}, {"count", count}, {"brings_down", std::move(names)}});
        }
      }
    }
  } catch (const model_error&) {
    // no availability property: no single points of failure to show
  }
  nlohmann::json gaps = nlohmann::json::array();
  std::size_t gaps_total = 0;
  try {
    const auto cat = analysis::default_catalogue();
    const auto all = analysis::detail::find_gaps(m, a, cat, {}); // most severe first
    gaps_total = all.rows.size();
    for (std::size_t i = 0; i < all.rows.size() && i < 1000; ++i) {
      const analysis::gap g = analysis::detail::make_gap(m, cat, all, i);
      gaps.push_back({{"id", g.asset},
                      {"property", g.property},
                      {"what", g.kind == analysis::gap::what::measure
                                   ? "measure " + g.measure
                                   : "implemented " + (g.implemented ? std::to_string(*g.implemented) : "-") +
                                         " < required " + std::to_string(g.effective)}});
    }
  } catch (const model_error&) {
    // the default catalogue is for another scheme
  }
  // Reviews: overdue, information without a review date, assets without owner.
  nlohmann::json reviews = nlohmann::json::array();
  std::size_t reviews_total = 0;
  const auto r = analysis::review(m, a, analysis::today_utc());
  auto add = [&](const std::vector<std::string>& ids, const std::string& what) {
    for (const auto& id : ids) {
      ++reviews_total;
      if (reviews.size() < 1000) {
        reviews.push_back({{"id", id}, {"what", what}});
      }
    }
  };
  add(r.overdue, "review overdue");
  add(r.missing_review, "information without a review date");
  add(r.without_owner, "asset without owner");
  return {{"spof", std::move(spof)},       {"spof_total", spof_total},      {"gaps", std::move(gaps)},
          {"gaps_total", gaps_total},      {"reviews", std::move(reviews)}, {"reviews_total", reviews_total},
          {"today", analysis::today_utc()}};
}

// `json` without whitespace outside strings: what nlohmann's dump() gives of
// the native JSON (written as its dump(2)).
std::string compact(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') { // a string whole, escapes included
      const std::size_t start = i;
      for (++i; i < json.size() && json[i] != '"'; ++i) {
        i += json[i] == '\\' ? 1 : 0;
      }
      out.append(json.substr(start, i + 1 - start));
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out += c;
    }
  }
  return out;
}

// The model for the page: the native JSON with its dependencies by column (a
// quarter of the size for a large inventory): `from` and `to` as indices into
// `assets`, `type` as an index into `types`; a dependency with more than from,
// to and type keeps its whole object in `other`, with its position. The page
// puts the native text back together for the engine (explorer.js, nativeText).
// Written from the model as it goes: parsing the native JSON into a document
// and rearranging it took 30 s of a 38 s export at 10^6 assets.
std::string page_model(const model& m) {
  std::string out = compact(io::detail::write_model_text(m, false));
  out.pop_back(); // the closing brace: page_dependencies is the last member
  using acc = infoclass::detail::model_access;
  std::string from;
  std::string to;
  std::string type;
  std::string other;
  std::vector<std::uint32_t> type_index; // by the model's type code, 0 = not yet listed
  std::string types;
  std::size_t listed = 0;
  std::size_t pos = 0;
  const auto sep = [](std::string& s) { s += s.empty() ? '[' : ','; };
  for (vertex_type v = 0; v < m.size(); ++v) {
    for (std::uint32_t e = acc::first_out(m, v); e != acc::nil; e = acc::next_out(m, e), ++pos) {
      const auto target = acc::edge_at(m, e).target;
      const auto group = acc::group_name(m, acc::edge_group_code(m, e));
      const auto need = acc::edge_need(m, e);
      if (!group.empty() || need != 0) {
        sep(other);
        other += '[' + std::to_string(pos) + R"(,{"from":)";
        detail::put_json_string(other, m.id(v));
        other += R"(,"to":)";
        detail::put_json_string(other, m.id(target));
        other += R"(,"type":)";
        detail::put_json_string(other, acc::edge_kind(m, e));
        if (!group.empty()) {
          other += R"(,"group":)";
          detail::put_json_string(other, group);
        }
        if (need != 0) {
          other += R"(,"need":)" + std::to_string(need);
        }
        other += "}]";
        continue;
      }
      const auto code = acc::edge_type_code(m, e);
      if (code >= type_index.size()) {
        type_index.resize(code + 1, 0);
      }
      if (type_index[code] == 0) {
        type_index[code] = static_cast<std::uint32_t>(++listed);
        sep(types);
        detail::put_json_string(types, acc::edge_kind(m, e));
      }
      sep(from);
      from += std::to_string(v);
      sep(to);
      to += std::to_string(target);
      sep(type);
      type += std::to_string(type_index[code] - 1);
    }
  }
  const auto close = [](std::string& s) { s += s.empty() ? "[]" : "]"; };
  close(from);
  close(to);
  close(type);
  close(types);
  close(other);
  out += R"(,"page_dependencies":{"from":)" + from + R"(,"to":)" + to + R"(,"type":)" + type + R"(,"types":)" + types +
         R"(,"other":)" + other + "}}";
  return out;
}

} // namespace

bool explorer_available() {
  try {
    (void)engine_script();
    return true;
  } catch (const model_error&) {
    return false;
  }
}

std::string explorer_html(const model& m, const std::string& source) {
  const std::string engine = engine_script();
  const auto a = propagate(m);
  auto meta = findings(m, a);
  meta["scheme"] = nlohmann::json::parse(io::write_scheme(m.get_scheme()));
  meta["types"] = m.resolved().type_names;
  meta["file"] = std::filesystem::path(source.empty() ? "model.json" : source).filename().string();

  std::string overview = "<p>The whole model is too large to lay out here (" + std::to_string(m.size()) +
                         " assets): open an asset to see the dependencies around it.</p>";
  constexpr std::size_t overview_limit = 400;
#if INFOCLASS_HAVE_SVG
  if (m.size() <= overview_limit) {
    overview = io::render_svg(io::write_dot(m, a, {}));
    if (const auto at = overview.find("<svg"); at != std::string::npos) {
      overview.erase(0, at); // the XML declaration and doctype do not belong inside HTML
    }
  }
#else
  overview = "<p>This build has no Graphviz: no overview picture.</p>";
#endif

  std::string script =
      std::string(detail::embedded_infoclass_mjs()) + "\n" + std::string(detail::embedded_explorer_js());
  for (const std::string* part : std::initializer_list<const std::string*>{&engine, &script}) {
    if (part->find("</script") != std::string::npos) {
      throw error("explorer: a script contains </script (internal error)");
    }
  }
  const std::string title = "infoclass explorer: " + io::detail::xml_escape(meta["file"].get<std::string>());
  const std::string lang = m.get_scheme().language.empty() ? "en" : m.get_scheme().language;

  // One pass over the template: each @NAME@ replaced once, so that nothing
  // inserted is read as a placeholder.
  const std::string_view tpl = detail::embedded_explorer_html();
  std::string out;
  out.reserve(tpl.size() + engine.size() + script.size() + 2 * m.size() * 200);
  std::size_t i = 0;
  while (i < tpl.size()) {
    const auto at = tpl.find('@', i);
    const auto end = at == std::string_view::npos ? std::string_view::npos : tpl.find('@', at + 1);
    if (end == std::string_view::npos) {
      out += tpl.substr(i);
      break;
    }
    const auto name = tpl.substr(at + 1, end - at - 1);
    std::string value;
    if (name == "LANG") {
      value = io::detail::xml_escape(lang);
    } else if (name == "TITLE") {
      value = title;
    } else if (name == "VERSION") {
      value = std::string(version());
    } else if (name == "FILE") {
      value = io::detail::xml_escape(meta["file"].get<std::string>());
    } else if (name == "CSS") {
      value = std::string(detail::embedded_explorer_css());
    } else if (name == "OVERVIEW") {
      value = overview;
    } else if (name == "MODEL") {
      value = script_json(page_model(m));
    } else if (name == "META") {
      value = script_json(meta.dump());
    } else if (name == "ENGINE") {
      value = engine;
    } else if (name == "SCRIPT") {
      value = script;
    } else {
      out += tpl.substr(i, end - i);
      i = end;
      continue;
    }
    out += tpl.substr(i, at - i);
    out += value;
    i = end + 1;
  }
  return out;
}

} // namespace infoclass::inline INFOCLASS_ABI::cli
