// infoclass._core: the private extension module behind the `infoclass` package.
#include "common.hpp"
#include "infoclass/version.hpp"

#include "infoclass/error.hpp"

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "infoclass core (private): use the `infoclass` package";
  m.attr("__version__") = INFOCLASS_VERSION_STRING;
  static py::exception<infoclass::model_error> model_error(m, "ModelError", PyExc_ValueError);
  py::register_exception_translator(
      [](std::exception_ptr p) { // NOLINT(performance-unnecessary-value-param): pybind11 takes this signature
        try {
          if (p) {
            std::rethrow_exception(p);
          }
        } catch (const infoclass::model_error& e) {
          model_error(e.what());
        }
      });
  infoclass::python::register_scheme(m);
  infoclass::python::register_model(m);
  infoclass::python::register_assessment(m);
  infoclass::python::register_io(m);
  infoclass::python::register_analysis(m);
}
