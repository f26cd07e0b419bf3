// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "infoclass/io/json.hpp"
#include "infoclass/scheme.hpp"

namespace infoclass::python {

namespace {
// "A built-in preset: se-klassa, ..." from the presets themselves (kept alive for pybind11).
const std::string& preset_doc() {
  static const std::string doc = [] {
    std::string d = "A built-in preset by id: ";
    for (const auto& id : scheme::preset_ids()) {
      d += (d.back() == ' ' ? "" : ", ") + id;
    }
    return d + ".";
  }();
  return doc;
}
} // namespace

void register_scheme(py::module_& m) {
  m.def("schemes", &scheme::preset_ids, "Ids of the built-in scheme presets.");
  py::class_<scheme, std::shared_ptr<scheme>>(m, "Scheme", "A classification scheme (read only).")
      .def_static(
          "preset", [](const std::string& id) { return std::make_shared<scheme>(*scheme::preset(id)); }, py::arg("id"),
          preset_doc().c_str())
      .def_static(
          "from_json", [](const std::string& text) { return std::make_shared<scheme>(*io::read_scheme(text)); },
          py::arg("text"))
      .def("to_json", [](const scheme& s) { return io::write_scheme(s); })
      .def_readonly("id", &scheme::id, "The preset id or a custom id.")
      .def_readonly("name", &scheme::name, "The scheme's name in its language.")
      .def_readonly("name_en", &scheme::name_en, "The scheme's name in English.")
      .def_readonly("language", &scheme::language, "BCP 47 tag of the names, e.g. 'sv'.")
      .def_property_readonly(
          "keys",
          [](const scheme& s) {
            std::vector<std::string> k;
            for (const auto& p : s.properties) {
              k.push_back(p.key);
            }
            return k;
          },
          "The property keys in order, e.g. ['K', 'R', 'T', 'S'].")
      .def_property_readonly(
          "properties",
          [](const scheme& s) {
            py::list out;
            for (const auto& p : s.properties) {
              py::list levels;
              for (const auto& l : p.levels) {
                levels.append(py::dict(py::arg("key") = l.key, py::arg("name") = l.name, py::arg("name_en") = l.name_en,
                                       py::arg("description") = l.description));
              }
              out.append(py::dict(py::arg("key") = p.key, py::arg("role") = std::string(to_string(p.role)),
                                  py::arg("name") = p.name, py::arg("name_en") = p.name_en, py::arg("levels") = levels,
                                  py::arg("allows_not_applicable") = p.allows_not_applicable));
            }
            return out;
          },
          "Per property: key, role, name, name_en, levels (key, name, name_en, description) and "
          "allows_not_applicable.")
      .def("find_property", &scheme::find_property, py::arg("key_or_role"))
      .def("find_level", &scheme::find_level, py::arg("property"), py::arg("key"))
      .def("match_level", &scheme::match_level, py::arg("property"), py::arg("text"),
           "Level of a property as people write it: the number, the key or the level's name in the scheme's "
           "language or English, case-insensitive; None if nothing matches.")
      .def("match_property", &scheme::match_property, py::arg("text"),
           "Property by key, role word or its name in either language, case-insensitive; None if none matches.")
      .def("levels", &scheme::levels, py::arg("property"))
      .def("is_preset", &scheme::is_preset)
      .def("__len__", &scheme::size)
      .def("__eq__", [](const scheme& a, const scheme& b) { return a == b; })
      .def("__hash__", [](const scheme& s) { return py::hash(py::str(s.id)); });
}

} // namespace infoclass::python
