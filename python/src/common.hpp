// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the binding: level conversion between Python and C++.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/model.hpp"
#include "infoclass/propagation.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace infoclass::python {

namespace py = pybind11;

/// One Python str per distinct text (kinds, owners, types, property keys):
/// columns that repeat a few values share their objects. The texts must
/// outlive the table (views into the model or into a result).
class shared_texts {
public:
  py::object operator()(std::string_view t) {
    auto it = texts_.find(t);
    if (it == texts_.end()) {
      it = texts_.emplace(t, py::str(t.data(), t.size())).first;
    }
    return it->second;
  }

private:
  std::unordered_map<std::string_view, py::object> texts_;
};

/// A NumPy array of Python objects filled in place: a DataFrame takes it as it
/// is, where a list of 5 million texts is converted first (about 1 s) and the
/// object columns are then copied into one block (3 s) unless copy=False.
class object_column {
public:
  explicit object_column(std::size_t n)
      : a_(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)}),
        p_(static_cast<PyObject**>(a_.mutable_data())) {}
  /// Element i refers to o (what numpy put there first, NULL or None, is released).
  void set(std::size_t i, py::handle o) {
    PyObject* old = p_[i];
    p_[i] = o.inc_ref().ptr();
    Py_XDECREF(old);
  }
  [[nodiscard]] const py::array& array() const { return a_; }

private:
  py::array a_;
  PyObject** p_;
};

/// Levels travel between Python and C++ as bytes: a level, 255 = unassessed or
/// none, 254 = not applicable (the classification's own encoding).
inline classification to_classification(const scheme& s, const std::vector<int>& levels, const std::string& where) {
  if (levels.size() != s.size()) {
    throw model_error(where, "expected " + std::to_string(s.size()) + " levels, got " + std::to_string(levels.size()));
  }
  auto c = classification::none(s.size());
  for (std::size_t p = 0; p < s.size(); ++p) {
    int l = levels[p];
    if (l < 0 || l > 255) {
      throw model_error(where, "level " + std::to_string(l) + " is out of range");
    }
    c.set(p, static_cast<level_t>(l));
  }
  return c;
}

inline py::object level_or_none(std::optional<level_t> l) {
  return l ? py::object(py::int_(*l)) : py::object(py::none());
}

/// A model and the engine bound to it: propagate() reuses earlier work.
///
/// Methods that release the GIL (propagate, save, to_json) and methods that
/// mutate take `mu`, so a propagation running without the GIL never sees a
/// change from another thread. A holder of `mu` never waits for the GIL.
struct py_model {
  model m;
  std::unique_ptr<propagation> engine;
  std::mutex mu;
};

void register_scheme(py::module_& m);
void register_model(py::module_& m);
void register_assessment(py::module_& m);
void register_io(py::module_& m);
void register_analysis(py::module_& m);

} // namespace infoclass::python
