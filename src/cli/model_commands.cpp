// SPDX-License-Identifier: Apache-2.0
// report, propagate, explain, validate: a model and its levels.
#include "cli/cli.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"
#if INFOCLASS_HAVE_SVG
#include "infoclass/io/graph.hpp"
#include "infoclass/io/svg.hpp"
#endif

#include "infoclass/version.hpp"
#include <cstdlib>
#include <memory>

namespace infoclass::inline INFOCLASS_ABI::cli {

void add_model_commands(CLI::App& app, std::vector<command>& commands) {
  struct options {
    std::string model_path, propagate_format, explain_format, asset_id, property, today, html_path;
    bool all = false;
    unsigned threads = 1;
  };
  auto o = std::make_shared<options>();
  const auto add_threads = [&](CLI::App* sub) {
    sub->add_option("--threads", o->threads,
                    "Worker threads for the propagation (default 1; 0 = every core); the result does not depend on it")
        ->check(CLI::Range(0, 256));
  };

  auto* report = app.add_subcommand("report", "Summary of a model: levels, causes, deviations");
  report->add_option("MODEL", o->model_path, "Model JSON (default: the example municipality)");
  report->add_option("--today", o->today, "Date for overdue reviews (default: today, UTC)");
  report->add_option("--html", o->html_path,
                     "Write the explorer (one self-contained HTML file; the static report without the engine)");
  report->add_flag("--all", o->all,
                   "Every asset and every finding (default: the 200 assets with the highest levels, the 20 most "
                   "severe findings of each kind)");
  add_threads(report);
  commands.push_back({report, [o]() -> result {
                        auto m = load(o->model_path);
                        report_options ro;
                        ro.colour = io::stdout_is_terminal() && std::getenv("NO_COLOR") == nullptr;
                        ro.today = o->today;
                        if (!o->all) {
                          ro.table_limit = 200;
                          ro.list_limit = 20;
                        }
                        ro.progress = terminal_progress();
                        progress_phase("propagating");
                        propagate_options po;
                        po.threads = o->threads;
                        auto a = propagate(m, po);
                        if (!o->html_path.empty() && explorer_available()) {
                          io::write_file_atomic(o->html_path, explorer_html(m, o->model_path));
                          return {};
                        }
                        if (!o->html_path.empty()) {
                          // Without the WebAssembly engine: the static report.
                          std::cerr << "infoclass: note: this build has no WebAssembly engine for the explorer; "
                                       "wrote the static report (docs/explorer.md says how to build the engine)\n";
                          std::string svg;
#if INFOCLASS_HAVE_SVG
                          if (m.size() <= 2000) {
                            svg = io::render_svg(io::write_dot(m, a, {}));
                          }
#endif
                          io::write_file_atomic(o->html_path, format_html_report(m, a, svg, ro));
                          return {};
                        }
                        return {format_report(m, a, ro)};
                      }});

  auto* prop = app.add_subcommand("propagate", "Derived and effective levels of every asset");
  prop->add_option("MODEL", o->model_path, "Model JSON")->required();
  prop->add_option("--format", o->propagate_format, "json, table or csv")
      ->default_val("table")
      ->check(CLI::IsMember({"json", "table", "csv"}));
  add_threads(prop);
  commands.push_back({prop, [o]() -> result {
                        auto m = load(o->model_path);
                        propagate_options po;
                        po.threads = o->threads;
                        auto a = propagate(m, po);
                        return {o->propagate_format == "json"  ? io::write_assessment(a)
                                : o->propagate_format == "csv" ? format_csv(m, a)
                                                               : format_table(m, a)};
                      }});

  auto* expl = app.add_subcommand("explain", "Why an asset has its level: the chain back to the origin");
  expl->add_option("MODEL", o->model_path, "Model JSON")->required();
  expl->add_option("ASSET", o->asset_id, "Asset id")->required();
  expl->add_option("PROPERTY", o->property, "Property key or role word")->required();
  expl->add_option("--format", o->explain_format, "json or text")
      ->default_val("text")
      ->check(CLI::IsMember({"json", "text"}));
  commands.push_back({expl, [o]() -> result {
                        auto m = load(o->model_path);
                        auto p = m.get_scheme().property_index(o->property);
                        if (!m.contains(o->asset_id)) {
                          throw model_error(o->asset_id, "no such asset in " + o->model_path);
                        }
                        auto a = propagate(m);
                        return {o->explain_format == "json" ? io::write_explanation(a, o->asset_id, p)
                                                            : format_explanation(a, o->asset_id, p)};
                      }});

  auto* val = app.add_subcommand("validate", "Check a model and report the first error");
  val->add_option("MODEL", o->model_path, "Model JSON")->required();
  commands.push_back({val, [o]() -> result {
                        auto m = load(o->model_path);
                        return {o->model_path + ": valid (" + std::to_string(m.size()) + " assets, " +
                                std::to_string(m.num_dependencies()) + " dependencies)\n"};
                      }});
}

} // namespace infoclass::inline INFOCLASS_ABI::cli
