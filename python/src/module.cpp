// SPDX-License-Identifier: Apache-2.0
// infoclass._core: the private extension module behind the `infoclass` package.
#include "common.hpp"
#include "infoclass/version.hpp"

#include "infoclass/error.hpp"

#include <cstring>

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "infoclass core (private): use the `infoclass` package";
  m.attr("__version__") = INFOCLASS_VERSION_STRING;
  // ModelError is the package's own class (infoclass/_errors.py, with .where
  // and .reason); file errors become the OSError subclass of their errno.
  static py::handle model_error_type =
      py::object(py::module_::import("infoclass._errors").attr("ModelError")).release();
  m.attr("ModelError") = model_error_type;
  py::register_exception_translator(
      [](std::exception_ptr p) { // NOLINT(performance-unnecessary-value-param): pybind11 takes this signature
        // Messages may quote bytes of a file that are not UTF-8: escape them.
        auto text = [](const std::string& s) {
          return py::reinterpret_steal<py::object>(
              PyUnicode_DecodeUTF8(s.data(), static_cast<py::ssize_t>(s.size()), "backslashreplace"));
        };
        try {
          if (p) {
            std::rethrow_exception(p);
          }
        } catch (const infoclass::model_error& e) {
          py::object exc =
              py::reinterpret_borrow<py::object>(model_error_type)(text(e.what()), text(e.where()), text(e.reason()));
          PyErr_SetObject(model_error_type.ptr(), exc.ptr());
        } catch (const infoclass::file_error& e) {
          py::object exc = py::reinterpret_borrow<py::object>(PyExc_OSError)(e.code(), text(std::strerror(e.code())),
                                                                             text(e.path()));
          PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
        }
      });
  infoclass::python::register_scheme(m);
  infoclass::python::register_model(m);
  infoclass::python::register_assessment(m);
  infoclass::python::register_io(m);
  infoclass::python::register_analysis(m);
}
