// SPDX-License-Identifier: Apache-2.0
// Helpers of the command families (cli.hpp).
#include "cli/cli.hpp"

#include "infoclass/analysis/kinds.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#if INFOCLASS_HAVE_SVG
#include "infoclass/io/svg.hpp"
#endif

#include "infoclass/version.hpp"
#include <cctype>
#include <filesystem>
#include <fstream>

namespace infoclass::inline INFOCLASS_ABI::cli {

namespace {
bool is_archive(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  return in.gcount() == 8 && std::string_view(head, 8) == "INFOCLAS";
}
} // namespace

void warn_kind_typos(const model& m, const std::string& source) {
  for (const auto& t : analysis::kind_typos(m)) {
    std::cerr << "infoclass: warning: " << (source.empty() ? "" : source + ": ") << analysis::describe(t) << "\n";
  }
}

namespace {
model read_any(const std::string& path) {
  if (path.empty()) {
    return io::read_model(io::example_model_json());
  }
  if (is_archive(path)) {
    auto bytes = io::read_file(path, std::size_t{1} << 31);
    try {
      return io::load_model_archive(bytes);
    } catch (const model_error& e) {
      throw model_error(path + (e.where().empty() ? "" : ":" + e.where()), e.reason());
    }
  }
  try {
    return io::load_model(path);
  } catch (const model_error& e) {
    // A file of another format given where a model is read: say which
    // command reads it (or that infoclass only writes it) beside the
    // parser's message.
    const auto ext = extension(path);
    const std::string hint =
        ext == ".graphml" || ext == ".dot" || ext == ".gv" || ext == ".svg" || ext == ".html"
            ? "; " + ext.substr(1) +
                  " is written by export and convert, not read: a model is read from its JSON or an archive"
        : ext == ".csv" || ext == ".xlsx" ? "; read it with 'infoclass import --from " + ext.substr(1) + "'"
        : ext == ".yaml" || ext == ".yml" || ext == ".xml"
            ? "; read an OSCAL SSP or a Threagile model with 'infoclass import --from oscal' or '--from threagile'"
            : "";
    if (hint.empty()) {
      throw;
    }
    throw model_error(e.where(), e.reason() + hint);
  }
}
} // namespace

model load(const std::string& path) {
  progress_phase("reading " + (path.empty() ? std::string("the example") : path));
  model m = read_any(path);
  progress_phase("working on " + (path.empty() ? std::string("the example") : path));
  warn_kind_typos(m, path);
  return m;
}

std::string extension(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return ext;
}

std::string export_text(const model& m, const std::string& to, const io::view& v, io::archive_format af) {
  if (to == "json") {
    return io::write_model(m);
  }
  if (to == "archive") {
    return io::save_archive(m, af);
  }
  auto a = propagate(m);
  if (to == "graphml") {
    return io::write_graphml(m, a, v);
  }
  if (to == "dot") {
    return io::write_dot(m, a, v);
  }
  if (to == "svg") {
#if INFOCLASS_HAVE_SVG
    return io::render_svg(io::write_dot(m, a, v));
#else
    throw error("svg: this build has no Graphviz (install libgraphviz-dev and rebuild)");
#endif
  }
  throw model_error(to, "unknown export format");
}

std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_columns(const std::string& arg) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos < arg.size()) {
    auto end = arg.find(',', pos);
    end = end == std::string::npos ? arg.size() : end;
    const std::string item = arg.substr(pos, end - pos);
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw model_error("--columns", "'" + item + "' is not HEADER=FIELD");
    }
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    pos = end + 1;
  }
  return out;
}

model_error in_file(const std::string& file, const model_error& e) {
  return {file + (e.where().empty() ? "" : ":" + e.where()), e.reason()};
}

void add_listing_options(CLI::App* sub, listing& l) {
  sub->add_flag("--all", l.all, "Every entry of each list (default: the 20 most severe of each)");
  sub->add_option("--format", l.format, "text (a summary), json or csv (every entry)")
      ->default_val("text")
      ->check(CLI::IsMember({"text", "json", "csv"}));
}

} // namespace infoclass::inline INFOCLASS_ABI::cli
