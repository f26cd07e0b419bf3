#include "common.hpp"

#include "infoclass/report.hpp"

namespace infoclass::python {

void register_io(py::module_& m) {
  m.def(
      "format_report", [](const py_model& pm, const assessment& a) { return format_report(pm.m, a); }, py::arg("model"),
      py::arg("assessment"), "The text of `infoclass report`.");
}

} // namespace infoclass::python
