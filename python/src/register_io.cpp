#include "common.hpp"

#include "infoclass/io/csv.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/io/oscal.hpp"
#include "infoclass/io/threagile.hpp"
#include "infoclass/report.hpp"
#ifdef INFOCLASS_HAVE_SVG
#include "infoclass/io/svg.hpp"
#endif

namespace infoclass::python {

void register_io(py::module_& m) {
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
#ifdef INFOCLASS_HAVE_SVG
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
#ifdef INFOCLASS_HAVE_SVG
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
      [](const std::string& assets, const std::string& deps, const py_model& like, const std::string& delimiter) {
        auto pm = std::make_unique<py_model>();
        io::csv_options opt;
        opt.delimiter = delimiter.empty() ? '\0' : delimiter[0];
        {
          py::gil_scoped_release release;
          pm->m = io::read_csv(assets, deps, like.m.scheme_ptr(), like.m.get_policy(), opt);
        }
        return pm;
      },
      py::arg("assets"), py::arg("dependencies"), py::arg("like"), py::arg("delimiter"));
  m.def(
      "read_threagile",
      [](const std::string& text, const std::string& name) {
        auto pm = std::make_unique<py_model>();
        pm->m = io::read_threagile(text, name);
        return pm;
      },
      py::arg("text"), py::arg("name"));
  m.def(
      "import_oscal",
      [](const std::string& text) {
        auto r = io::import_oscal_ssp(text);
        auto pm = std::make_unique<py_model>();
        pm->m = std::move(r.m);
        return py::make_tuple(std::move(pm), r.system_id, r.warnings);
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
      [](py_model& pm, const std::string& delimiter) {
        std::lock_guard<std::mutex> lock(pm.mu);
        auto f = io::write_csv(pm.m, delimiter.empty() ? ',' : delimiter[0]);
        return py::make_tuple(f.assets, f.dependencies);
      },
      py::arg("model"), py::arg("delimiter"));
}

} // namespace infoclass::python
