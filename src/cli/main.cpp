// The infoclass command-line tool (DESIGN.md §5).
//
// Exit status: 0 success, 1 findings the command was asked to fail on, 2 bad
// input or usage. Errors are one line on standard error; on error nothing is
// written to standard output (output is produced in memory first).
#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/review.hpp"
#include "infoclass/analysis/rules.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/io/xlsx.hpp"
#ifdef INFOCLASS_HAVE_SVG
#include "infoclass/io/svg.hpp"
#endif
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"
#include "infoclass/version.hpp"

#include "infoclass/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>

namespace infoclass::detail {
std::string_view embedded_example();
}

namespace {

using namespace infoclass;

bool is_archive(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  return in.gcount() == 8 && std::string_view(head, 8) == "INFOCLAS";
}

// A model from the native JSON format or an infoclass archive (by content).
model load(const std::string& path) {
  if (path.empty()) {
    return io::read_model(detail::embedded_example());
  }
  if (is_archive(path)) {
    auto bytes = io::read_file(path, std::size_t{1} << 31);
    try {
      return io::load_model_archive(bytes);
    } catch (const model_error& e) {
      throw model_error(path + (e.where().empty() ? "" : ":" + e.where()), e.reason());
    }
  }
  return io::load_model(path);
}

std::string extension(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return ext;
}

// The text of an export, for formats that are one file.
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
#ifdef INFOCLASS_HAVE_SVG
    return io::render_svg(io::write_dot(m, a, v));
#else
    throw error("svg: this build has no Graphviz (install libgraphviz-dev and rebuild)");
#endif
  }
  throw model_error(to, "unknown export format");
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

// --columns 'Header=field,Other=attribute:Other': pairs split at the first '='.
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
  app.set_version_flag("--version", "infoclass " INFOCLASS_VERSION_STRING);

  std::string model_path;
  std::string format;
  std::string asset_id;
  std::string property;

  auto* report = app.add_subcommand("report", "Summary of a model: levels, causes, deviations");
  report->add_option("MODEL", model_path, "Model JSON (default: the example municipality)");
  std::string report_today;
  report->add_option("--today", report_today, "Date for overdue reviews (default: today, UTC)");
  std::string html_path;
  report->add_option("--html", html_path, "Write a self-contained HTML report to this file");

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

  std::string to;
  std::string out_path;
  std::string focus;
  std::string archive_format = "binary";
  std::string delimiter = ",";
  bool only_up = false;
  bool only_down = false;
  auto* exp = app.add_subcommand("export", "Write a model as JSON, CSV, GraphML, DOT, SVG or an archive");
  exp->add_option("MODEL", model_path, "Model (JSON or archive)")->required();
  exp->add_option("--to", to, "json, csv, graphml, dot, svg or archive")
      ->required()
      ->check(CLI::IsMember({"json", "csv", "graphml", "dot", "svg", "archive"}));
  exp->add_option("-o,--output", out_path, "Output file (a directory for csv); standard output if omitted");
  exp->add_option("--focus", focus, "Only this asset with what depends on it and what it depends on");
  exp->add_flag("--upstream-only", only_up, "With --focus: only what depends on the asset");
  exp->add_flag("--downstream-only", only_down, "With --focus: only what the asset depends on");
  exp->add_option("--archive-format", archive_format, "binary, text or xml")
      ->check(CLI::IsMember({"binary", "text", "xml"}));
  exp->add_option("--delimiter", delimiter, "CSV delimiter: , ; or tab")->check(CLI::IsMember({",", ";", "tab"}));
  bool excel = false;
  exp->add_flag("--excel", excel,
                "CSV for Excel: UTF-8 with a byte order mark, ; as delimiter (unless --delimiter), CRLF");

  std::string from;
  std::string scheme_id = "se-klassa";
  std::vector<std::string> inputs;
  auto* imp = app.add_subcommand(
      "import", "Read a CSV inventory, an Excel workbook, an OSCAL SSP, a Threagile model or an archive into the "
                "native JSON format; the last line on standard error says what was read and what was left out");
  imp->add_option("--from", from, "csv, xlsx, oscal, threagile or archive")
      ->required()
      ->check(CLI::IsMember({"csv", "xlsx", "oscal", "threagile", "archive"}));
  imp->add_option("INPUT", inputs,
                  "assets.csv [dependencies.csv], a workbook, an OSCAL SSP (JSON, XML or YAML), a Threagile YAML, or "
                  "an archive")
      ->required();
  std::string encoding = "auto";
  imp->add_option("--encoding", encoding, "CSV text encoding: auto (default), utf-8, windows-1252 or utf-16")
      ->check(CLI::IsMember({"auto", "utf-8", "windows-1252", "utf-16"}));
  std::string columns_arg;
  imp->add_option("--columns", columns_arg,
                  "Header renames for CSV and xlsx: 'Informationsmängd=id,Ansvarig=owner,Kommentar=attribute:Kommentar'");
  std::string assets_sheet;
  std::string dependencies_sheet;
  imp->add_option("--assets-sheet", assets_sheet, "xlsx: the assets sheet (default: 'assets', 'tillgångar' or the first)");
  imp->add_option("--dependencies-sheet", dependencies_sheet,
                  "xlsx: the dependencies sheet (default: 'dependencies' or 'beroenden', if there is one)");
  imp->add_option("--scheme", scheme_id, "Scheme preset for CSV (default se-klassa)");
  std::string template_path;
  imp->add_option("--template", template_path, "Take the scheme and policy for CSV from this model JSON");
  imp->add_option("--delimiter", delimiter, "CSV delimiter , ; or tab (default: detected)")
      ->check(CLI::IsMember({",", ";", "tab"}));
  imp->add_option("-o,--output", out_path, "Output model JSON; standard output if omitted");

  auto* oscal = app.add_subcommand("oscal", "NIST OSCAL system security plans");
  oscal->require_subcommand(1);
  std::string ssp_path;
  auto* ocheck =
      oscal->add_subcommand("check", "Compare declared impact levels with the computed ones (exit 1 on findings)");
  ocheck->add_option("SSP", ssp_path, "SSP in JSON, XML or YAML")->required();
  auto* oupdate = oscal->add_subcommand(
      "update", "Write the SSP back, in its own format, with only the impact levels that differ corrected");
  oupdate->add_option("SSP", ssp_path, "SSP in JSON, XML or YAML")->required();
  oupdate->add_option("-o,--output", out_path, "Output SSP (the input's format)")->required();

  auto* imc = app.add_subcommand("impact", "What is affected if an asset is compromised for a property");
  imc->add_option("MODEL", model_path, "Model")->required();
  imc->add_option("ASSET", asset_id, "Asset id")->required();
  imc->add_option("PROPERTY", property, "Property key or role word")->required();

  int threshold = -1;
  auto* spof = app.add_subcommand("spof", "Single points of failure for availability");
  spof->add_option("MODEL", model_path, "Model")->required();
  spof->add_option("--threshold", threshold, "Availability level that counts (default: the scale's second highest)");

  std::string today;
  auto* rev =
      app.add_subcommand("review", "Reviews, owners, deviations, cumulation candidates, per-owner requirements");
  rev->add_option("MODEL", model_path, "Model")->required();
  rev->add_option("--today", today, "Date for overdue reviews (default: today, UTC)");

  std::string rules_arg;
  std::string answers_path;
  auto* cls = app.add_subcommand("classify", "Classify from answers to a rule set's questions");
  cls->add_option("RULES", rules_arg, "Rule set JSON, or a built-in one: se-kommun, us-fips-199")->required();
  cls->add_option("ANSWERS", answers_path, "Answers JSON: {\"question\": \"answer\", ...}");
  std::string classify_model;
  cls->add_option("--model", classify_model,
                  "Re-run the answers recorded in this model and list the assessments that would change");
  cls->add_option("--format", format, "text or json")->default_val("text")->check(CLI::IsMember({"json", "text"}));

  std::string catalogue_path;
  bool fail_on_gaps = false;
  auto* gp = app.add_subcommand("gaps", "Implemented protection and measures below what the levels require");
  gp->add_option("MODEL", model_path, "Model")->required();
  gp->add_option("--catalogue", catalogue_path, "Measures catalogue JSON (default: the built-in se-klassa catalogue)");
  gp->add_flag("--fail-on-gaps", fail_on_gaps, "Exit 1 when there are gaps");

  std::string in_path;
  auto* conv = app.add_subcommand("convert", "Convert by file extension: .json, .icar (archive), .graphml, .dot, .svg");
  conv->add_option("IN", in_path, "Model (.json or archive)")->required();
  conv->add_option("OUT", out_path, "Output file")->required();

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
      report_options ro;
      ro.colour = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
      ro.today = report_today;
      auto a = propagate(m);
      if (!html_path.empty()) {
        std::string svg;
#ifdef INFOCLASS_HAVE_SVG
        if (m.size() <= 2000) {
          svg = io::render_svg(io::write_dot(m, a, {}));
        }
#endif
        io::write_file_atomic(html_path, format_html_report(m, a, svg, ro));
        return 0;
      }
      out = format_report(m, a, ro);
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
    } else if (exp->parsed()) {
      auto m = load(model_path);
      io::view v{focus, !only_down, !only_up};
      auto af = archive_format == "text"  ? io::archive_format::text
                : archive_format == "xml" ? io::archive_format::xml
                                          : io::archive_format::binary;
      if (to == "csv") {
        if (out_path.empty()) {
          throw model_error("--output", "CSV export needs a directory (-o DIR)");
        }
        std::filesystem::create_directories(out_path);
        const char d = exp->count("--delimiter") == 0 ? (excel ? ';' : ',') : delimiter == "tab" ? '\t' : delimiter[0];
        io::save_csv(m, out_path, d, excel);
        std::cerr << "infoclass: wrote " << out_path << "/assets.csv and dependencies.csv; the scheme ("
                  << m.get_scheme().id << ") and the policy are not part of CSV\n";
        return 0;
      }
      auto text = export_text(m, to, v, af);
      if (to == "graphml" || to == "dot" || to == "svg") {
        // A lossy view: say what it leaves out (on standard error).
        std::cerr << "infoclass: note: " << to
                  << (to == "graphml" ? " carries ids, kinds, names, owners, propagated levels, causes and dependencies"
                                      : " carries ids, kinds, effective levels and dependencies")
                  << "; own assessments, justifications, overrides, implemented levels, review dates, attributes, "
                     "measures, answers, the scheme and the policy are not part of it\n";
      }
      if (out_path.empty()) {
        out = std::move(text);
      } else {
        io::write_file_atomic(out_path, text);
        return 0;
      }
    } else if (imp->parsed()) {
      model m;
      io::import_summary summary;
      const auto table_options = [&] {
        io::csv_options opt;
        opt.delimiter = imp->count("--delimiter") == 0 ? '\0' : delimiter == "tab" ? '\t' : delimiter[0];
        opt.encoding = encoding == "utf-8"          ? io::text_encoding::utf8
                       : encoding == "windows-1252" ? io::text_encoding::windows1252
                       : encoding == "utf-16"       ? io::text_encoding::utf16
                                                    : io::text_encoding::detect;
        opt.columns = parse_columns(columns_arg);
        opt.summary = &summary;
        return opt;
      };
      const auto scheme_and_policy = [&] {
        auto sch = scheme::preset(scheme_id);
        policy pol;
        if (!template_path.empty()) {
          auto t = load(template_path);
          sch = t.scheme_ptr();
          pol = t.get_policy();
        }
        return std::pair{sch, pol};
      };
      if (from == "csv") {
        if (inputs.size() > 2) {
          throw model_error("INPUT", "give assets.csv and at most one dependencies.csv");
        }
        auto [sch, pol] = scheme_and_policy();
        m = io::load_csv(inputs[0], inputs.size() > 1 ? inputs[1] : std::string(), sch, pol, table_options());
      } else if (from == "xlsx") {
        if (inputs.size() != 1) {
          throw model_error("INPUT", "give one workbook");
        }
        auto [sch, pol] = scheme_and_policy();
        io::xlsx_options xo;
        xo.assets_sheet = assets_sheet;
        xo.dependencies_sheet = dependencies_sheet;
        xo.csv = table_options();
        m = io::load_xlsx(inputs[0], sch, pol, xo);
      } else if (from == "threagile") {
        if (inputs.size() != 1) {
          throw model_error("INPUT", "give one Threagile model");
        }
        m = io::load_threagile(inputs[0], &summary);
      } else if (from == "oscal") {
        if (inputs.size() != 1) {
          throw model_error("INPUT", "give one SSP");
        }
        auto text = io::read_file(inputs[0], std::size_t{1} << 31);
        try {
          auto r = io::import_oscal_ssp(text);
          for (const auto& w : r.warnings) {
            std::cerr << "infoclass: warning: " << inputs[0] << ":" << w << "\n";
          }
          m = std::move(r.m);
          summary = std::move(r.summary);
        } catch (const model_error& e) {
          throw model_error(inputs[0] + (e.where().empty() ? "" : ":" + e.where()), e.reason());
        }
      } else {
        if (inputs.size() != 1) {
          throw model_error("INPUT", "give one archive");
        }
        m = load(inputs[0]);
        summary.assets = m.size();
        summary.dependencies = m.num_dependencies();
      }
      for (const auto& n : summary.notes) {
        std::cerr << "infoclass: " << n << "\n";
      }
      std::cerr << "infoclass: " << inputs[0] << ": " << summary.line() << "\n";
      auto text = io::write_model(m);
      if (out_path.empty()) {
        out = std::move(text);
      } else {
        io::write_file_atomic(out_path, text);
        return 0;
      }
    } else if (ocheck->parsed() || oupdate->parsed()) {
      auto text = io::read_file(ssp_path, std::size_t{1} << 31);
      try {
        if (oupdate->parsed()) {
          io::write_file_atomic(out_path, io::update_oscal_ssp(text));
          return 0;
        }
        auto r = io::check_oscal_ssp(text);
        for (const auto& w : r.warnings) {
          std::cerr << "infoclass: warning: " << ssp_path << ":" << w << "\n";
        }
        out = "security-impact-level: confidentiality " + io::oscal_level(*r.confidentiality) + ", integrity " +
              io::oscal_level(*r.integrity) + ", availability " + io::oscal_level(*r.availability) + "\n" +
              "security-sensitivity-level: " + io::oscal_level(*r.sensitivity).substr(9) + "\n";
        for (const auto& f : r.findings) {
          out += "finding: " + f.pointer + ": " + f.message + "\n";
        }
        out += std::to_string(r.findings.size()) + (r.findings.size() == 1 ? " finding\n" : " findings\n");
        std::cout << out << std::flush;
        return r.findings.empty() ? 0 : 1;
      } catch (const model_error& e) {
        throw model_error(ssp_path + (e.where().empty() ? "" : ":" + e.where()), e.reason());
      }
    } else if (conv->parsed()) {
      auto m = load(in_path);
      const auto ext = extension(out_path);
      const std::string to_format = ext == ".json"                  ? "json"
                                    : ext == ".icar"                ? "archive"
                                    : ext == ".graphml"             ? "graphml"
                                    : ext == ".dot" || ext == ".gv" ? "dot"
                                    : ext == ".svg"                 ? "svg"
                                                                    : "";
      if (to_format.empty()) {
        throw model_error(out_path, "unknown output extension (.json, .icar, .graphml, .dot, .svg)");
      }
      io::write_file_atomic(out_path, export_text(m, to_format, {}, io::archive_format::binary));
      return 0;
    } else if (gp->parsed()) {
      auto m = load(model_path);
      auto cat = analysis::default_catalogue();
      if (!catalogue_path.empty()) {
        const auto text = io::read_file(catalogue_path, std::size_t{1} << 26); // names the file itself
        try {
          cat = analysis::read_catalogue(text);
        } catch (const model_error& e) {
          throw model_error(catalogue_path + (e.where().empty() ? "" : ":" + e.where()), e.reason());
        }
      }
      auto gs = analysis::gaps(m, propagate(m), cat);
      for (const auto& g : gs) {
        out += "[" + std::to_string(g.severity) + "] " + g.asset + ": ";
        if (g.kind == analysis::gap::what::level) {
          out += g.property + " implemented " + (g.implemented ? std::to_string(*g.implemented) : std::string("-")) +
                 ", required " + std::to_string(g.effective);
        } else {
          auto me =
              std::find_if(cat.measures.begin(), cat.measures.end(), [&](const auto& x) { return x.id == g.measure; });
          out += "missing " + g.measure + " " + me->title + " (" + g.property + std::to_string(g.effective) + ")";
        }
        out += ", " + std::to_string(g.dependents) + " dependents\n";
      }
      out += std::to_string(gs.size()) + (gs.size() == 1 ? " gap\n" : " gaps\n");
      if (fail_on_gaps && !gs.empty()) {
        std::cout << out << std::flush;
        return 1;
      }
    } else if (cls->parsed()) {
      const auto& ids = analysis::builtin_rule_sets();
      auto rules =
          std::find(ids.begin(), ids.end(), rules_arg) != ids.end() ? analysis::builtin_rules(rules_arg) : [&] {
            const auto text = io::read_file(rules_arg, std::size_t{1} << 26); // names the file itself
            try {
              return analysis::read_rules(text);
            } catch (const model_error& e) {
              throw model_error(rules_arg + (e.where().empty() ? "" : ":" + e.where()), e.reason());
            }
          }();
      if (!classify_model.empty()) {
        auto m = load(classify_model);
        auto changes = analysis::reclassify(m, rules);
        const auto& sch = m.get_scheme();
        for (const auto& ch : changes) {
          out += ch.asset + ": " + ch.before.to_string(sch) + " -> " + ch.after.levels.to_string(sch) + "\n";
        }
        out += std::to_string(changes.size()) +
               (changes.size() == 1 ? " assessment would change\n" : " assessments would change\n");
        std::cout << out << std::flush;
        return 0;
      }
      if (answers_path.empty()) {
        throw model_error("ANSWERS", "give an answers file, or --model");
      }
      analysis::answers given;
      const auto answers_text = io::read_file(answers_path, std::size_t{1} << 26); // names the file itself
      try {
        given = analysis::read_answers(answers_text);
      } catch (const model_error& e) {
        throw model_error(answers_path + (e.where().empty() ? "" : ":" + e.where()), e.reason());
      }
      auto c = analysis::classify(rules, given);
      const auto& s = *rules.scheme_ptr;
      if (format == "json") {
        out = "{\"scheme\": \"" + s.id + "\", \"classification\": {";
        for (std::size_t p = 0; p < s.size(); ++p) {
          auto l = c.levels.raw(p);
          out += std::string(p ? ", " : "") + "\"" + s.properties[p].key +
                 "\": " + (l < classification::not_applicable ? std::to_string(l) : std::string("null"));
        }
        out += "}}\n";
      } else {
        out = c.levels.to_string(s) + "\n";
        for (std::size_t p = 0; p < s.size(); ++p) {
          if (!c.reasons[p].empty()) {
            out += "  " + s.properties[p].key + ": " + c.reasons[p] + "\n";
          }
        }
      }
    } else if (imc->parsed()) {
      auto m = load(model_path);
      auto p = property_index(m.get_scheme(), property);
      auto r = analysis::impact(m, asset_id, p);
      out = "If " + asset_id + " is compromised for " + m.get_scheme().properties[p].key + ", " +
            std::to_string(r.affected.size()) + " assets are affected";
      out += r.owners.empty() ? std::string(".\n") : ", owned by:";
      for (std::size_t i = 0; i < r.owners.size(); ++i) {
        out += (i ? ", " : " ") + r.owners[i] + (i + 1 == r.owners.size() ? ".\n" : "");
      }
      for (const auto& a : r.affected) {
        out += "  " + a.asset + (a.owner.empty() ? "" : " (" + a.owner + ")") + ":";
        for (std::size_t i = 0; i < a.path.size(); ++i) {
          out += (i ? " -> " : " ") + a.path[i];
        }
        out += "\n";
      }
    } else if (spof->parsed()) {
      auto m = load(model_path);
      auto a = propagate(m);
      level_t th = 0;
      std::size_t avail = m.get_scheme().size();
      for (std::size_t p = 0; p < m.get_scheme().size(); ++p) {
        if (m.get_scheme().properties[p].role == role::availability) {
          avail = p;
        }
      }
      if (avail == m.get_scheme().size()) {
        throw model_error("/scheme", "scheme " + m.get_scheme().id + " has no availability property");
      }
      const auto top = m.get_scheme().levels(avail);
      if (threshold < 0) {
        th = static_cast<level_t>(top >= 2 ? top - 2 : 0);
      } else if (threshold >= top) {
        throw model_error("--threshold", std::to_string(threshold) + " is outside 0.." + std::to_string(top - 1));
      } else {
        th = static_cast<level_t>(threshold);
      }
      auto r = analysis::single_points_of_failure(m, a, th);
      out = std::to_string(r.size()) + " single points of failure for " + m.get_scheme().properties[avail].key +
            " >= " + std::to_string(th) + "\n";
      for (const auto& sp : r) {
        out += "  " + sp.asset + " brings down " + std::to_string(sp.brings_down.size()) + ":";
        for (std::size_t i = 0; i < sp.brings_down.size(); ++i) {
          out += (i ? ", " : " ") + sp.brings_down[i];
        }
        out += "\n";
      }
    } else if (rev->parsed()) {
      auto m = load(model_path);
      auto a = propagate(m);
      auto r = analysis::review(m, a, today.empty() ? analysis::today_utc() : today);
      auto list = [&](const std::string& title, const std::vector<std::string>& ids) {
        out += title + " (" + std::to_string(ids.size()) + ")\n";
        for (const auto& id : ids) {
          out += "  " + id + "\n";
        }
      };
      list("Overdue reviews", r.overdue);
      list("Information without a review date", r.missing_review);
      list("Assets without owner", r.without_owner);
      out += "Deviations (" + std::to_string(r.deviations.size()) + ")\n";
      for (const auto& d : r.deviations) {
        out += "  " + d.asset + " " + m.get_scheme().properties[d.property].key + ": " + d.message + "\n";
      }
      out += "Cumulation candidates (" + std::to_string(r.cumulation_candidates.size()) + ")\n";
      for (const auto& c : r.cumulation_candidates) {
        out += "  " + c.asset + " " + c.property + std::to_string(c.level) + ": " + std::to_string(c.dependents) +
               " dependents at this level, no cumulation rule applies\n";
      }
      for (const auto& o : r.owners) {
        out += "Owner " + o.owner + ": owns " + std::to_string(o.owns.size()) + ", places " +
               std::to_string(o.places.size()) + " requirements on assets of others\n";
        for (const auto& q : o.places) {
          out += "  " + q.asset + " (" + (q.owner.empty() ? std::string("no owner") : q.owner) + ") " + q.property +
                 std::to_string(q.level) + " from " + q.origin + "\n";
        }
      }
      out += std::to_string(r.findings()) + " findings\n";
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
