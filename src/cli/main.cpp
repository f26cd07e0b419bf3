// The infoclass command-line tool (DESIGN.md §5).
//
// Exit status: 0 success, 1 findings the command was asked to fail on, 2 bad
// input or usage. Errors are one line on standard error; on error nothing is
// written to standard output (output is produced in memory first).
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"

#include "infoclass/error.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

namespace infoclass::detail {
std::string_view embedded_example();
}

namespace {

using namespace infoclass;

model load(const std::string& path) {
  if (path.empty()) {
    return io::read_model(detail::embedded_example());
  }
  return io::load_model(path);
}

// Errors are one line: control characters from the input are escaped.
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

std::size_t property_index(const scheme& s, const std::string& key) {
  auto p = s.find_property(key);
  if (!p) {
    std::string keys;
    for (const auto& pr : s.properties) {
      keys += (keys.empty() ? "" : ", ") + pr.key;
    }
    throw model_error(key, "not a property of scheme " + s.id + " (" + keys + " or a role word)");
  }
  return *p;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"infoclass: classify information and propagate protection requirements"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "infoclass 0.1.0");

  std::string model_path;
  std::string format;
  std::string asset_id;
  std::string property;

  auto* report = app.add_subcommand("report", "Summary of a model: levels, causes, deviations");
  report->add_option("MODEL", model_path, "Model JSON (default: the example municipality)");

  auto* prop = app.add_subcommand("propagate", "Derived and effective levels of every asset");
  prop->add_option("MODEL", model_path, "Model JSON")->required();
  prop->add_option("--format", format, "json, table or csv")
      ->default_val("table")
      ->check(CLI::IsMember({"json", "table", "csv"}));

  auto* expl = app.add_subcommand("explain", "Why an asset has its level: the chain back to the origin");
  expl->add_option("MODEL", model_path, "Model JSON")->required();
  expl->add_option("ASSET", asset_id, "Asset id")->required();
  expl->add_option("PROPERTY", property, "Property key or role word")->required();
  expl->add_option("--format", format, "json or text")->default_val("text")->check(CLI::IsMember({"json", "text"}));

  auto* val = app.add_subcommand("validate", "Check a model and report the first error");
  val->add_option("MODEL", model_path, "Model JSON")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "infoclass: " << one_line(e.what()) << " (see --help)\n";
    return 2;
  }

  try {
    std::string out;
    if (report->parsed()) {
      auto m = load(model_path);
      out = format_report(m, propagate(m));
    } else if (prop->parsed()) {
      auto m = load(model_path);
      auto a = propagate(m);
      out = format == "json" ? io::write_assessment(a) : format == "csv" ? format_csv(m, a) : format_table(m, a);
    } else if (expl->parsed()) {
      auto m = load(model_path);
      auto p = property_index(m.get_scheme(), property);
      if (!m.contains(asset_id)) {
        throw model_error(asset_id, "no such asset in " + model_path);
      }
      auto a = propagate(m);
      out = format == "json" ? io::write_explanation(a, asset_id, p) : format_explanation(a, asset_id, p);
    } else if (val->parsed()) {
      auto m = load(model_path);
      out = model_path + ": valid (" + std::to_string(m.size()) + " assets, " + std::to_string(m.num_dependencies()) +
            " dependencies)\n";
    }
    std::cout << out << std::flush;
    return std::cout ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "infoclass: " << one_line(e.what()) << "\n";
    return 2;
  }
}
