// SPDX-License-Identifier: Apache-2.0
// export, import, convert, oscal check|update: models in and out of the
// formats users already have. Importers close with one line on standard
// error: what was read and what was left out.
#include "cli/cli.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/io/xlsx.hpp"

#include "infoclass/version.hpp"
#include <filesystem>
#include <iostream>
#include <memory>

namespace infoclass::inline INFOCLASS_ABI::cli {

namespace {

char delimiter_char(const std::string& d) { return d == "tab" ? '\t' : d[0]; }

io::text_encoding encoding_of(const std::string& e) {
  return e == "utf-8"          ? io::text_encoding::utf8
         : e == "windows-1252" ? io::text_encoding::windows1252
         : e == "utf-16"       ? io::text_encoding::utf16
                               : io::text_encoding::detect;
}

} // namespace

void add_exchange_commands(CLI::App& app, std::vector<command>& commands) {
  struct options {
    std::string model_path, to, out_path, focus, archive_format = "binary", delimiter = ",";
    bool only_up = false, only_down = false, excel = false;
    std::size_t layout_limit = 2000;
    std::string from, scheme_id = "se-klassa", encoding = "auto", columns, assets_sheet, dependencies_sheet,
                      template_path;
    std::vector<std::string> inputs;
    std::string ssp_path, in_path;
  };
  auto o = std::make_shared<options>();

  auto* exp = app.add_subcommand(
      "export", "Write a model as JSON, CSV, GraphML, DOT, SVG, an archive or the explorer (one HTML file)");
  exp->add_option("MODEL", o->model_path, "Model (JSON or archive)")->required();
  exp->add_option("--to", o->to, "json, csv, graphml, dot, svg, archive or html (the explorer)")
      ->required()
      ->check(CLI::IsMember({"json", "csv", "graphml", "dot", "svg", "archive", "html"}));
  exp->add_option("-o,--output", o->out_path, "Output file (a directory for csv); standard output if omitted");
  exp->add_option("--focus", o->focus, "Only this asset with what depends on it and what it depends on");
  exp->add_flag("--upstream-only", o->only_up, "With --focus: only what depends on the asset");
  exp->add_flag("--downstream-only", o->only_down, "With --focus: only what the asset depends on");
  exp->add_option("--layout-limit", o->layout_limit,
                  "svg: the most assets laid out without --focus (default 2000; Graphviz needs minutes beyond)");
  exp->add_option("--archive-format", o->archive_format, "binary, text or xml")
      ->check(CLI::IsMember({"binary", "text", "xml"}));
  exp->add_option("--delimiter", o->delimiter, "CSV delimiter: , ; or tab")->check(CLI::IsMember({",", ";", "tab"}));
  exp->add_flag("--excel", o->excel,
                "CSV for Excel: UTF-8 with a byte order mark, ; as delimiter (unless --delimiter), CRLF");
  commands.push_back(
      {exp, [o, exp]() -> result {
         auto m = load(o->model_path);
         io::view v{o->focus, !o->only_down, !o->only_up};
         auto af = o->archive_format == "text"  ? io::archive_format::text
                   : o->archive_format == "xml" ? io::archive_format::xml
                                                : io::archive_format::binary;
         if (o->to == "csv") {
           if (o->out_path.empty()) {
             throw model_error("--output", "CSV export needs a directory (-o DIR)");
           }
           std::filesystem::create_directories(o->out_path);
           const char d = exp->count("--delimiter") == 0 ? (o->excel ? ';' : ',') : delimiter_char(o->delimiter);
           io::save_csv(m, o->out_path, d, o->excel);
           std::cerr << "infoclass: wrote " << o->out_path << "/assets.csv and dependencies.csv; the scheme ("
                     << m.get_scheme().id << ") and the policy are not part of CSV\n";
           return {};
         }
         if (o->to == "svg" && o->focus.empty() && m.size() > o->layout_limit) {
           // Refused up front: Graphviz would work for minutes or hours without a word.
           throw model_error("--to svg", "the whole model has " + std::to_string(m.size()) +
                                             " assets, more than --layout-limit " + std::to_string(o->layout_limit) +
                                             " lays out in reasonable time; draw one asset's neighbourhood with "
                                             "--focus ASSET, or write the explorer (--to html), which lays out each "
                                             "asset's neighbourhood in the page");
         }
         auto text = o->to == "html" ? explorer_html(m, o->model_path) : export_text(m, o->to, v, af);
         if (o->to == "graphml" || o->to == "dot" || o->to == "svg") {
           // A lossy view: say what it leaves out (on standard error).
           std::cerr << "infoclass: note: " << o->to
                     << (o->to == "graphml" ? " carries ids, kinds, names, owners, propagated levels, causes and "
                                              "dependencies"
                                            : " carries ids, kinds, effective levels and dependencies")
                     << "; own assessments, justifications, overrides, implemented levels, review "
                        "dates, attributes, measures, answers, the scheme and the policy are not part "
                        "of it\n";
         }
         if (o->out_path.empty()) {
           return {std::move(text)};
         }
         io::write_file_atomic(o->out_path, text);
         return {};
       }});

  auto* imp = app.add_subcommand(
      "import", "Read a CSV inventory, an Excel workbook, an OSCAL SSP, a Threagile model or an archive into the "
                "native JSON format; the last line on standard error says what was read and what was left out");
  imp->add_option("--from", o->from, "csv, xlsx, oscal, threagile or archive")
      ->required()
      ->check(CLI::IsMember({"csv", "xlsx", "oscal", "threagile", "archive"}));
  imp->add_option("INPUT", o->inputs,
                  "assets.csv [dependencies.csv], a workbook, an OSCAL SSP (JSON, XML or YAML), a Threagile YAML, or "
                  "an archive")
      ->required();
  imp->add_option("--encoding", o->encoding, "CSV text encoding: auto (default), utf-8, windows-1252 or utf-16")
      ->check(CLI::IsMember({"auto", "utf-8", "windows-1252", "utf-16"}));
  imp->add_option(
      "--columns", o->columns,
      "Header renames for CSV and xlsx: 'Informationsmängd=id,Ansvarig=owner,Kommentar=attribute:Kommentar'");
  imp->add_option("--assets-sheet", o->assets_sheet,
                  "xlsx: the assets sheet (default: 'assets', 'tillgångar' or the first)");
  imp->add_option("--dependencies-sheet", o->dependencies_sheet,
                  "xlsx: the dependencies sheet (default: 'dependencies' or 'beroenden', if there is one)");
  imp->add_option("--scheme", o->scheme_id, "Scheme preset for CSV (default se-klassa)");
  imp->add_option("--template", o->template_path, "Take the scheme and policy for CSV from this model JSON");
  imp->add_option("--delimiter", o->delimiter, "CSV delimiter , ; or tab (default: detected)")
      ->check(CLI::IsMember({",", ";", "tab"}));
  imp->add_option("-o,--output", o->out_path, "Output model JSON; standard output if omitted");
  commands.push_back({imp, [o, imp]() -> result {
                        const auto& inputs = o->inputs;
                        const auto one = [&](const char* what) {
                          if (inputs.size() != 1) {
                            throw model_error("INPUT", std::string("give one ") + what);
                          }
                        };
                        model m;
                        io::import_summary summary;
                        const auto table_options = [&] {
                          io::csv_options opt;
                          opt.delimiter = imp->count("--delimiter") == 0 ? '\0' : delimiter_char(o->delimiter);
                          opt.encoding = encoding_of(o->encoding);
                          opt.columns = parse_columns(o->columns);
                          opt.summary = &summary;
                          return opt;
                        };
                        const auto scheme_and_policy = [&] {
                          auto sch = scheme::preset(o->scheme_id);
                          policy pol;
                          if (!o->template_path.empty()) {
                            auto t = load(o->template_path);
                            sch = t.scheme_ptr();
                            pol = t.get_policy();
                          }
                          return std::pair{sch, pol};
                        };
                        if (o->from == "csv") {
                          if (inputs.size() > 2) {
                            throw model_error("INPUT", "give assets.csv and at most one dependencies.csv");
                          }
                          auto [sch, pol] = scheme_and_policy();
                          m = io::load_csv(inputs[0], inputs.size() > 1 ? inputs[1] : std::string(), sch, pol,
                                           table_options());
                        } else if (o->from == "xlsx") {
                          one("workbook");
                          auto [sch, pol] = scheme_and_policy();
                          io::xlsx_options xo;
                          xo.assets_sheet = o->assets_sheet;
                          xo.dependencies_sheet = o->dependencies_sheet;
                          xo.csv = table_options();
                          m = io::load_xlsx(inputs[0], sch, pol, xo);
                        } else if (o->from == "threagile") {
                          one("Threagile model");
                          m = io::load_threagile(inputs[0], &summary);
                        } else if (o->from == "oscal") {
                          one("SSP");
                          auto text = io::read_file(inputs[0], std::size_t{1} << 31);
                          try {
                            auto r = io::import_oscal_ssp(text);
                            for (const auto& w : r.warnings) {
                              std::cerr << "infoclass: warning: " << inputs[0] << ":" << w << "\n";
                            }
                            m = std::move(r.m);
                            summary = std::move(r.summary);
                          } catch (const model_error& e) {
                            throw in_file(inputs[0], e);
                          }
                        } else {
                          one("archive");
                          m = load(inputs[0]);
                          summary.assets = m.size();
                          summary.dependencies = m.num_dependencies();
                        }
                        for (const auto& n : summary.notes) {
                          std::cerr << "infoclass: " << n << "\n";
                        }
                        std::cerr << "infoclass: " << inputs[0] << ": " << summary.line() << "\n";
                        warn_kind_typos(m, inputs[0]);
                        auto text = io::write_model(m);
                        if (o->out_path.empty()) {
                          return {std::move(text)};
                        }
                        io::write_file_atomic(o->out_path, text);
                        return {};
                      }});

  auto* conv = app.add_subcommand("convert", "Convert by file extension: .json, .icar (archive), .graphml, .dot, .svg");
  conv->add_option("IN", o->in_path, "Model (.json or archive)")->required();
  conv->add_option("OUT", o->out_path, "Output file")->required();
  commands.push_back({conv, [o]() -> result {
                        auto m = load(o->in_path);
                        const auto ext = extension(o->out_path);
                        const std::string to_format = ext == ".json"                  ? "json"
                                                      : ext == ".icar"                ? "archive"
                                                      : ext == ".graphml"             ? "graphml"
                                                      : ext == ".dot" || ext == ".gv" ? "dot"
                                                      : ext == ".svg"                 ? "svg"
                                                                                      : "";
                        if (to_format.empty()) {
                          throw model_error(o->out_path,
                                            "unknown output extension (.json, .icar, .graphml, .dot, .svg)");
                        }
                        io::write_file_atomic(o->out_path, export_text(m, to_format, {}, io::archive_format::binary));
                        return {};
                      }});

  auto* oscal = app.add_subcommand("oscal", "NIST OSCAL system security plans");
  oscal->require_subcommand(1);
  auto* ocheck =
      oscal->add_subcommand("check", "Compare declared impact levels with the computed ones (exit 1 on findings)");
  ocheck->add_option("SSP", o->ssp_path, "SSP in JSON, XML or YAML")->required();
  commands.push_back(
      {ocheck, [o]() -> result {
         auto text = io::read_file(o->ssp_path, std::size_t{1} << 31);
         try {
           auto r = io::check_oscal_ssp(text);
           for (const auto& w : r.warnings) {
             std::cerr << "infoclass: warning: " << o->ssp_path << ":" << w << "\n";
           }
           std::string out = "security-impact-level: confidentiality " + io::oscal_level(*r.confidentiality) +
                             ", integrity " + io::oscal_level(*r.integrity) + ", availability " +
                             io::oscal_level(*r.availability) + "\n" +
                             "security-sensitivity-level: " + io::oscal_level(*r.sensitivity).substr(9) + "\n";
           for (const auto& f : r.findings) {
             out += "finding: " + f.pointer + ": " + f.message + "\n";
           }
           out += std::to_string(r.findings.size()) + (r.findings.size() == 1 ? " finding\n" : " findings\n");
           return {std::move(out), r.findings.empty() ? 0 : 1};
         } catch (const model_error& e) {
           throw in_file(o->ssp_path, e);
         }
       }});
  auto* oupdate = oscal->add_subcommand(
      "update", "Write the SSP back, in its own format, with only the impact levels that differ corrected");
  oupdate->add_option("SSP", o->ssp_path, "SSP in JSON, XML or YAML")->required();
  oupdate->add_option("-o,--output", o->out_path, "Output SSP (the input's format)")->required();
  commands.push_back({oupdate, [o]() -> result {
                        auto text = io::read_file(o->ssp_path, std::size_t{1} << 31);
                        try {
                          io::write_file_atomic(o->out_path, io::update_oscal_ssp(text));
                        } catch (const model_error& e) {
                          throw in_file(o->ssp_path, e);
                        }
                        return {};
                      }});
}

} // namespace infoclass::inline INFOCLASS_ABI::cli
