// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/report.hpp"

#include <pybind11/numpy.h>

#include <memory>

namespace infoclass::python {

namespace {

py::object cause_dict(const cause& c) {
  if (c.kind == cause_kind::none) {
    return py::none();
  }
  py::dict d;
  d["kind"] = std::string(to_string(c.kind));
  switch (c.kind) {
  case cause_kind::edge:
    d["from"] = c.from;
    d["type"] = c.type;
    if (!c.group.empty()) { // as in the JSON output: the group with its k of n
      d["group"] = py::dict(py::arg("name") = c.group, py::arg("need") = c.need, py::arg("of") = c.members);
    }
    break;
  case cause_kind::override_: d["effect"] = c.effect; break;
  case cause_kind::cumulation:
    d["count"] = c.count;
    d["at_least"] = c.at_least;
    d["level"] = level_or_none(c.threshold);
    break;
  default: break;
  }
  return d;
}

// Levels as bytes with 255 = none, assets x properties (one pass, no Python objects).
py::array_t<std::uint8_t> level_array(const assessment& a, bool derived) {
  py::array_t<std::uint8_t> out({static_cast<py::ssize_t>(a.size()), static_cast<py::ssize_t>(a.properties())});
  std::span<level_t> dst(out.mutable_data(), a.size() * a.properties());
  if (derived) {
    a.derived_levels(dst);
  } else {
    a.effective_levels(dst);
  }
  return out;
}

py::list levels_list(const assessment& a, std::size_t i, bool effective) {
  py::list out;
  for (std::size_t p = 0; p < a.properties(); ++p) {
    out.append(level_or_none(effective ? a.effective(i, p) : a.derived(i, p)));
  }
  return out;
}

} // namespace

void register_assessment(py::module_& m) {
  // Held by shared_ptr: a result is shared with the engine that made it (no copy).
  py::class_<assessment, std::shared_ptr<assessment>>(m, "Assessment",
                                                      "A propagation result (use infoclass.Assessment)")
      .def("__len__", &assessment::size)
      .def_property_readonly("scheme", [](const assessment& a) { return std::make_shared<scheme>(a.get_scheme()); })
      .def("ids",
           [](const assessment& a) {
             py::list out(a.size());
             for (std::size_t i = 0; i < a.size(); ++i) {
               const auto id = a.id(i);
               out[i] = py::str(id.data(), id.size());
             }
             return out;
           })
      .def("kinds",
           [](const assessment& a) {
             std::vector<std::string> k;
             k.reserve(a.size());
             for (std::size_t i = 0; i < a.size(); ++i) {
               k.push_back(a.kind(i));
             }
             return k;
           })
      .def("index", &assessment::index)
      .def("__contains__", [](const assessment& a, const std::string& id) { return a.find(id).has_value(); })
      .def("effective", [](const assessment& a, const std::string& id) { return levels_list(a, a.index(id), true); })
      .def("derived", [](const assessment& a, const std::string& id) { return levels_list(a, a.index(id), false); })
      .def("cause",
           [](const assessment& a, const std::string& id, const std::string& key) {
             return cause_dict(a.cause_of(id, a.get_scheme().property_index(key)));
           })
      .def("explain",
           [](const assessment& a, const std::string& id, const std::string& key) {
             py::list out;
             for (const auto& st : a.explain(id, a.get_scheme().property_index(key))) {
               out.append(
                   py::dict(py::arg("asset") = st.asset, py::arg("level") = level_or_none(st.level),
                            py::arg("cause") = cause_dict(st.cause),
                            py::arg("via") = st.via.empty() ? py::object(py::none()) : py::object(py::str(st.via))));
             }
             return out;
           })
      .def("origins",
           [](const assessment& a, const std::string& id, const std::string& key) {
             py::list out;
             for (const auto& o : a.origins(id, a.get_scheme().property_index(key))) {
               out.append(py::dict(py::arg("asset") = o.asset, py::arg("kind") = std::string(to_string(o.kind)),
                                   py::arg("level") = o.level));
             }
             return out;
           })
      .def("deviations",
           [](const assessment& a) {
             py::list out;
             const auto& s = a.get_scheme();
             for (const auto& d : a.deviations()) {
               out.append(py::dict(py::arg("kind") = std::string(to_string(d.kind)), py::arg("asset") = d.asset,
                                   py::arg("property") = s.properties[d.property].key,
                                   py::arg("level") = level_or_none(d.level),
                                   py::arg("derived") = level_or_none(d.derived), py::arg("message") = d.message));
             }
             return out;
           })
      .def("levels", [](const assessment& a) { return level_array(a, false); })
      .def("derived_levels", [](const assessment& a) { return level_array(a, true); })
      .def("cause_texts",
           [](const assessment& a, const std::string& key) {
             const std::size_t p = a.get_scheme().property_index(key);
             std::vector<std::string> out;
             out.reserve(a.size());
             for (std::size_t i = 0; i < a.size(); ++i) {
               auto c = a.cause_of(i, p);
               out.push_back(c.kind == cause_kind::none ? std::string() : describe(c));
             }
             return out;
           })
      .def("to_json",
           [](const assessment& a) {
             py::gil_scoped_release release;
             return io::write_assessment(a);
           })
      .def("to_archive", [](const assessment& a) { return py::bytes(io::save_archive(a)); })
      .def_static("from_archive", [](const py::bytes& b) { return io::load_assessment_archive(std::string(b)); })
      .def("__eq__", [](const assessment& a, const assessment& b) { return a == b; });
}

} // namespace infoclass::python
