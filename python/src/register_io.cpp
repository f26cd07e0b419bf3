// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "infoclass/io/csv.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/io/xlsx.hpp"
#include "infoclass/report.hpp"
#if INFOCLASS_HAVE_SVG
#include "infoclass/io/svg.hpp"
#endif

namespace infoclass::python {

void register_io(py::module_& m) {
  m.def(
      "example_model_json", [] { return std::string(io::example_model_json()); },
      "The example municipality in the native JSON format, as embedded in the library.");
  m.def(
      "csv_column",
      [](const std::string& header, const scheme& s, bool dependencies) -> py::object {
        auto f = io::csv_column(header, s, dependencies);
        if (!f) {
          return py::none();
        }
        return py::make_tuple(f->field, f->property, f->attribute);
      },
      py::arg("header"), py::arg("scheme"), py::arg("dependencies"),
      "(field, property, attribute) a CSV header names, or None (the rules of from_csv).");
  m.def(
      "format_report",
      [](const py_model& pm, const assessment& a, const std::string& today) {
        report_options ro;
        ro.today = today;
        return format_report(pm.m, a, ro);
      },
      py::arg("model"), py::arg("assessment"), py::arg("today"), "The text of `infoclass report`.");
  m.def(
      "format_html_report",
      [](const py_model& pm, const assessment& a, const std::string& today) {
        report_options ro;
        ro.today = today;
        std::string svg;
#if INFOCLASS_HAVE_SVG
        if (pm.m.size() <= 2000) {
          svg = io::render_svg(io::write_dot(pm.m, a, {}));
        }
#endif
        return format_html_report(pm.m, a, svg, ro);
      },
      py::arg("model"), py::arg("assessment"), py::arg("today"));
  m.def(
      "write_file_atomic",
      [](const std::string& path, const std::string& text) {
        py::gil_scoped_release release;
        io::write_file_atomic(path, text);
      },
      py::arg("path"), py::arg("text"), "Temporary file in the same directory, fsync, rename.");
  m.def(
      "write_graphml",
      [](const py_model& pm, const assessment& a, const std::string& focus, bool up, bool down) {
        return io::write_graphml(pm.m, a, {focus, up, down});
      },
      py::arg("model"), py::arg("assessment"), py::arg("focus"), py::arg("upstream"), py::arg("downstream"));
  m.def(
      "write_dot",
      [](const py_model& pm, const assessment& a, const std::string& focus, bool up, bool down) {
        return io::write_dot(pm.m, a, {focus, up, down});
      },
      py::arg("model"), py::arg("assessment"), py::arg("focus"), py::arg("upstream"), py::arg("downstream"));
#if INFOCLASS_HAVE_SVG
  m.attr("have_svg") = true;
  m.def(
      "render_svg",
      [](const std::string& dot) {
        py::gil_scoped_release release;
        return io::render_svg(dot);
      },
      py::arg("dot"));
#else
  m.attr("have_svg") = false;
#endif
  m.def(
      "read_csv",
      [](const py::bytes& assets, const py::bytes& deps, const py_model& like, const std::string& delimiter,
         const std::string& encoding, const std::vector<std::pair<std::string, std::string>>& columns,
         const std::string& assets_name, const std::string& deps_name) {
        auto pm = std::make_unique<py_model>();
        io::csv_options opt;
        opt.delimiter = delimiter.empty() ? '\0' : delimiter[0];
        opt.encoding = encoding == "utf-8"          ? io::text_encoding::utf8
                       : encoding == "windows-1252" ? io::text_encoding::windows1252
                       : encoding == "utf-16"       ? io::text_encoding::utf16
                                                    : io::text_encoding::detect;
        opt.columns = columns;
        io::import_summary summary;
        opt.summary = &summary;
        const std::string a = assets;
        const std::string d = deps;
        {
          py::gil_scoped_release release;
          pm->m = io::read_csv(a, d, like.m.scheme_ptr(), like.m.get_policy(), opt, assets_name, deps_name);
        }
        return py::make_tuple(std::move(pm), summary.line(), summary.notes);
      },
      py::arg("assets"), py::arg("dependencies"), py::arg("like"), py::arg("delimiter"), py::arg("encoding"),
      py::arg("columns"), py::arg("assets_name"), py::arg("dependencies_name"));
  m.def(
      "read_xlsx",
      [](const std::string& path, const py_model& like, const std::string& assets_sheet,
         const std::string& dependencies_sheet, const std::vector<std::pair<std::string, std::string>>& columns) {
        auto pm = std::make_unique<py_model>();
        io::xlsx_options opt;
        opt.assets_sheet = assets_sheet;
        opt.dependencies_sheet = dependencies_sheet;
        opt.csv.columns = columns;
        io::import_summary summary;
        opt.csv.summary = &summary;
        {
          py::gil_scoped_release release;
          pm->m = io::load_xlsx(path, like.m.scheme_ptr(), like.m.get_policy(), opt);
        }
        return py::make_tuple(std::move(pm), summary.line());
      },
      py::arg("path"), py::arg("like"), py::arg("assets_sheet"), py::arg("dependencies_sheet"), py::arg("columns"));
  m.def(
      "load_threagile",
      [](const std::string& path) {
        auto pm = std::make_unique<py_model>();
        io::import_summary summary;
        pm->m = io::load_threagile(path, &summary);
        return py::make_tuple(std::move(pm), summary.line());
      },
      py::arg("path"));
  m.def(
      "import_oscal",
      [](const std::string& text) {
        auto r = io::import_oscal_ssp(text);
        auto pm = std::make_unique<py_model>();
        pm->m = std::move(r.m);
        return py::make_tuple(std::move(pm), r.system_id, r.warnings, r.summary.line());
      },
      py::arg("text"));
  m.def(
      "check_oscal",
      [](const std::string& text) {
        auto r = io::check_oscal_ssp(text);
        auto lvl = [](std::optional<level_t> l) { return l ? io::oscal_level(*l) : std::string(); };
        py::list findings;
        for (const auto& f : r.findings) {
          findings.append(py::dict(py::arg("pointer") = f.pointer, py::arg("message") = f.message));
        }
        return py::dict(py::arg("confidentiality") = lvl(r.confidentiality), py::arg("integrity") = lvl(r.integrity),
                        py::arg("availability") = lvl(r.availability),
                        py::arg("sensitivity") = lvl(r.sensitivity).substr(9), py::arg("findings") = findings,
                        py::arg("warnings") = r.warnings);
      },
      py::arg("text"));
  m.def("update_oscal", &io::update_oscal_ssp, py::arg("text"));
  m.def(
      "write_csv",
      [](py_model& pm, const std::string& delimiter, bool excel) {
        std::lock_guard<std::mutex> lock(pm.mu);
        auto f = io::write_csv(pm.m, delimiter.empty() ? ',' : delimiter[0], excel);
        return py::make_tuple(py::bytes(f.assets), py::bytes(f.dependencies));
      },
      py::arg("model"), py::arg("delimiter"), py::arg("excel") = false);
}

} // namespace infoclass::python
