// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "model/access.hpp"

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>

#include <array>
#include <cmath>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace infoclass::python {

namespace {

py::dict asset_dict(const model& m, const asset& a) {
  const auto& s = m.get_scheme();
  auto levels = [&](const classification& c) {
    py::dict d;
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (c.is_not_applicable(p)) {
        d[py::str(s.properties[p].key)] = py::str("na");
      } else if (auto l = c.get(p)) {
        d[py::str(s.properties[p].key)] = *l;
      }
    }
    return d;
  };
  py::dict overrides;
  for (const auto& [p, o] : a.overrides) {
    overrides[py::str(s.properties[p].key)] =
        py::dict(py::arg("level") = o.level, py::arg("effect") = std::string(to_string(o.effect)),
                 py::arg("justification") = o.justification);
  }
  py::dict attributes;
  for (const auto& [k, v] : a.attributes) {
    attributes[py::str(k)] = v;
  }
  return py::dict(py::arg("id") = a.id, py::arg("kind") = a.kind, py::arg("name") = a.name, py::arg("owner") = a.owner,
                  py::arg("classification") = levels(a.own), py::arg("justification") = a.justification,
                  py::arg("implemented") = a.implemented ? py::object(levels(*a.implemented)) : py::object(py::none()),
                  py::arg("review_by") = a.review_by, py::arg("overrides") = overrides,
                  py::arg("attributes") = attributes, py::arg("measures") = a.measures,
                  py::arg("answers") = a.answers ? py::object(py::dict(py::arg("rules") = a.answers->rules,
                                                                       py::arg("given") = a.answers->given))
                                                 : py::object(py::none()));
}

/// The cells of a one-dimensional numpy object array (what a pandas object or
/// string column gives with to_numpy(dtype=object)), read as the text
/// pandas' fillna("").astype(str) gives them: a str as it is (its UTF-8 read
/// in place, no copy), a missing value (None, NaN, pd.NA, NaT) as "", anything
/// else as str(x). The array keeps the str objects alive.
class object_cells {
public:
  object_cells(const py::array& a, const char* column) : a_(a), column_(column) {
    if (a.ndim() != 1 || a.dtype().kind() != 'O') {
      throw model_error(column, "bulk column must be a one-dimensional object array");
    }
    data_ = static_cast<const char*>(a.data());
    stride_ = a.strides(0);
    const auto pandas = py::module_::import("pandas");
    na_ = pandas.attr("NA");
    nat_ = pandas.attr("NaT");
  }
  [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(a_.shape(0)); }
  [[nodiscard]] PyObject* object(std::size_t i) const noexcept {
    return *reinterpret_cast<PyObject* const*>(data_ + static_cast<py::ssize_t>(i) * stride_);
  }
  /// Needs the GIL.
  std::string_view operator[](std::size_t i) {
    PyObject* o = object(i);
    if (PyUnicode_Check(o)) {
      Py_ssize_t len = 0;
      const char* d = PyUnicode_AsUTF8AndSize(o, &len);
      if (d == nullptr) { // a lone surrogate: no UTF-8 for it
        PyErr_Clear();
        throw model_error("row " + std::to_string(i), std::string(column_) + ": text is not valid Unicode");
      }
      return {d, static_cast<std::size_t>(len)};
    }
    if (o == Py_None || o == na_.ptr() || o == nat_.ptr() || (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o)))) {
      return {};
    }
    return spill_.emplace_back(py::str(o).cast<std::string>());
  }

private:
  py::array a_;
  const char* column_;
  const char* data_ = nullptr;
  py::ssize_t stride_ = 0;
  py::object na_;
  py::object nat_;
  std::deque<std::string> spill_; ///< texts of cells that are not str
};

/// Codes of distinct texts in order of first appearance (pandas.factorize).
class text_codes {
public:
  std::uint32_t code(PyObject* o, std::string_view text) {
    if (o == last_) { // repeated cells are often the same object
      return last_code_;
    }
    auto [it, added] = codes_.try_emplace(text, static_cast<std::uint32_t>(names_.size()));
    if (added) {
      names_.push_back(text);
    }
    last_ = o;
    last_code_ = it->second;
    return it->second;
  }
  [[nodiscard]] const std::vector<std::string_view>& names() const noexcept { return names_; }

private:
  std::unordered_map<std::string_view, std::uint32_t> codes_;
  std::vector<std::string_view> names_;
  PyObject* last_ = nullptr;
  std::uint32_t last_code_ = 0;
};

} // namespace

void register_model(py::module_& m) {
  py::class_<py_model>(m, "Model", "A model (use infoclass.Model)")
      .def(py::init([](const scheme& s, const std::string& policy_json) {
             auto sp = s.is_preset() ? scheme::preset(s.id) : std::make_shared<const scheme>(s);
             auto pm = std::make_unique<py_model>();
             if (policy_json.empty()) {
               pm->m = model(sp);
             } else {
               // Reuse the validating JSON reader for the policy object.
               std::string doc = std::string(R"({"infoclass": 1, "scheme": )") +
                                 (s.is_preset() ? "\"" + s.id + "\"" : io::write_scheme(s)) +
                                 ", \"policy\": " + policy_json + "}";
               pm->m = io::read_model(doc);
             }
             return pm;
           }),
           py::arg("scheme"), py::arg("policy_json") = "")
      .def_property_readonly("scheme", [](const py_model& pm) { return std::make_shared<scheme>(pm.m.get_scheme()); })
      .def("__len__", [](const py_model& pm) { return pm.m.size(); })
      .def("__contains__", [](const py_model& pm, const std::string& id) { return pm.m.contains(id); })
      .def("ids",
           [](const py_model& pm) {
             std::vector<std::string> ids;
             ids.reserve(pm.m.size());
             for (std::size_t v = 0; v < pm.m.size(); ++v) {
               ids.emplace_back(pm.m.id(v));
             }
             return ids;
           })
      .def("kinds",
           [](const py_model& pm) {
             std::vector<std::string> out;
             out.reserve(pm.m.size());
             for (std::size_t v = 0; v < pm.m.size(); ++v) {
               out.emplace_back(pm.m.kind(v));
             }
             return out;
           })
      .def("owners",
           [](const py_model& pm) {
             std::vector<std::string> out;
             out.reserve(pm.m.size());
             for (std::size_t v = 0; v < pm.m.size(); ++v) {
               out.emplace_back(pm.m.owner(v));
             }
             return out;
           })
      .def("owners_of",
           [](const py_model& pm, const std::vector<std::string>& ids) {
             std::vector<std::string> out;
             out.reserve(ids.size());
             for (const auto& id : ids) {
               auto v = pm.m.find(id);
               out.emplace_back(v ? pm.m.owner(*v) : std::string_view{});
             }
             return out;
           })
      .def("revision", [](const py_model& pm) { return pm.m.revision(); })
      .def("asset", [](const py_model& pm, const std::string& id) { return asset_dict(pm.m, pm.m.at(id)); })
      .def("num_dependencies", [](const py_model& pm) { return pm.m.num_dependencies(); })
      .def(
          "policy_json",
          // The policy object of the model format ("" when the policy is the
          // default), without writing the assets.
          [](py_model& pm) -> std::string {
            std::lock_guard<std::mutex> lock(pm.mu);
            if (pm.m.get_policy() == policy{}) {
              return "";
            }
            const model empty(std::make_shared<scheme>(pm.m.get_scheme()), pm.m.get_policy());
            return nlohmann::json::parse(io::write_model(empty)).at("policy").dump();
          })
      .def(
          "asset_columns",
          // The common fields by column for DataFrames and networkx: ids,
          // kinds, names, owners (one str per distinct kind and owner), own
          // levels as an assets x properties uint8 array (255 unassessed, 254
          // not applicable) and the rows that have more fields.
          [](py_model& pm) {
            std::lock_guard<std::mutex> lock(pm.mu);
            const std::size_t n = pm.m.size();
            const std::size_t P = pm.m.get_scheme().size();
            shared_texts text;
            py::list ids(n);
            py::list kinds(n);
            py::list names(n);
            py::list owners(n);
            py::array_t<std::uint8_t> levels({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(P)});
            std::uint8_t* out = levels.mutable_data();
            py::list more;
            for (std::size_t v = 0; v < n; ++v) {
              const auto id = pm.m.id(v);
              const auto name = pm.m.name(v);
              ids[v] = py::str(id.data(), id.size());
              kinds[v] = text(pm.m.kind(v));
              names[v] = name.empty() ? text(name) : py::str(name.data(), name.size());
              owners[v] = text(pm.m.owner(v));
              const auto own = pm.m.own_levels(v);
              std::copy(own.begin(), own.end(), out + v * P);
              if (detail::model_access::has_more_fields(pm.m, v)) {
                more.append(v);
              }
            }
            return py::make_tuple(ids, kinds, names, owners, levels, more);
          })
      .def(
          "networkx_items",
          // What Model.to_networkx hands to add_nodes_from and add_edges_from:
          // [(id, {kind, name, owner, <key>: level or "na"})], [(from, to,
          // type, {type[, group]})] with one data dict per (type, group) --
          // networkx copies edge data into dicts of its own -- and the rows
          // that have more fields.
          [](py_model& pm) {
            std::lock_guard<std::mutex> lock(pm.mu);
            const std::size_t n = pm.m.size();
            const auto& s = pm.m.get_scheme();
            const std::size_t P = s.size();
            shared_texts text;
            std::vector<py::object> keys;
            keys.reserve(P);
            for (const auto& prop : s.properties) {
              keys.emplace_back(py::str(prop.key));
            }
            const py::str kind_key("kind");
            const py::str name_key("name");
            const py::str owner_key("owner");
            const py::str na("na");
            std::vector<py::object> small;
            small.reserve(256);
            for (int l = 0; l < 256; ++l) {
              small.emplace_back(py::int_(l));
            }
            std::vector<py::object> ids(n);
            py::list nodes(n);
            py::list more;
            for (std::size_t v = 0; v < n; ++v) {
              const auto id = pm.m.id(v);
              const auto name = pm.m.name(v);
              ids[v] = py::str(id.data(), id.size());
              py::dict d;
              d[kind_key] = text(pm.m.kind(v));
              d[name_key] = name.empty() ? text(name) : py::object(py::str(name.data(), name.size()));
              d[owner_key] = text(pm.m.owner(v));
              const auto own = pm.m.own_levels(v);
              for (std::size_t p = 0; p < P; ++p) {
                if (own[p] == classification::not_applicable) {
                  d[keys[p]] = na;
                } else if (own[p] != classification::unassessed) {
                  d[keys[p]] = small[own[p]];
                }
              }
              nodes[v] = py::make_tuple(ids[v], d);
              if (detail::model_access::has_more_fields(pm.m, v)) {
                more.append(v);
              }
            }
            const auto deps = pm.m.dependencies();
            std::unordered_map<const char*, std::size_t> vertex; // id views point into the one arena
            vertex.reserve(n);
            for (std::size_t v = 0; v < n; ++v) {
              vertex.emplace(pm.m.id(v).data(), v);
            }
            std::map<std::tuple<std::string_view, std::string_view, std::uint32_t>, py::object> data;
            const py::str type_key("type");
            const py::str group_key("group");
            const py::str need_key("need");
            py::list edges(deps.size());
            for (std::size_t i = 0; i < deps.size(); ++i) {
              const auto& dep = deps[i];
              auto it = data.find({dep.type, dep.group, dep.need});
              if (it == data.end()) {
                py::dict dd;
                dd[type_key] = text(dep.type);
                if (!dep.group.empty()) {
                  dd[group_key] = text(dep.group);
                }
                if (dep.need != 0) {
                  dd[need_key] = py::int_(dep.need);
                }
                it = data.emplace(std::make_tuple(dep.type, dep.group, dep.need), dd).first;
              }
              edges[i] = py::make_tuple(ids[vertex.at(dep.from.data())], ids[vertex.at(dep.to.data())],
                                        text(dep.type), it->second);
            }
            return py::make_tuple(nodes, edges, more);
          })
      .def(
          "dependency_columns",
          // Dependencies by column in model order (from, to, type, group,
          // need; group None when there is none, need 0 where not stated) as
          // object arrays, one str per asset, type and group, read from the
          // edge store (not model::dependencies(), a list of every dependency
          // first).
          [](py_model& pm) {
            std::lock_guard<std::mutex> lock(pm.mu);
            using acc = detail::model_access;
            const std::size_t n = pm.m.num_dependencies();
            std::vector<py::object> id_text(n == 0 ? 0 : pm.m.size()); // made at an asset's first dependency
            const auto id = [&](vertex_type v) -> py::handle {
              auto& t = id_text[v];
              if (!t) {
                const auto text = pm.m.id(v);
                t = py::str(text.data(), text.size());
              }
              return t;
            };
            std::vector<py::object> type_text;
            for (const auto& t : acc::type_code_names(pm.m)) {
              type_text.emplace_back(py::str(t));
            }
            std::vector<py::object> group_text; // code 0: no group
            for (const auto& g : acc::group_code_names(pm.m)) {
              group_text.emplace_back(group_text.empty() ? py::object(py::none()) : py::object(py::str(g)));
            }
            object_column from(n);
            object_column to(n);
            object_column type(n);
            object_column group(n);
            py::array_t<std::uint32_t> need(static_cast<py::ssize_t>(n));
            auto k = need.mutable_unchecked<1>();
            std::size_t i = 0;
            for (vertex_type v = 0; v < pm.m.size(); ++v) {
              for (std::uint32_t e = acc::first_out(pm.m, v); e != acc::nil; e = acc::next_out(pm.m, e), ++i) {
                from.set(i, id(v));
                to.set(i, id(acc::edge_at(pm.m, e).target));
                type.set(i, type_text[acc::edge_type_code(pm.m, e)]);
                group.set(i, group_text[acc::edge_group_code(pm.m, e)]);
                k(static_cast<py::ssize_t>(i)) = acc::edge_need(pm.m, e);
              }
            }
            return py::make_tuple(from.array(), to.array(), type.array(), group.array(), need);
          })
      .def("dependencies",
           [](const py_model& pm) {
             py::list out;
             for (const auto& d : pm.m.dependencies()) {
               out.append(py::make_tuple(std::string(d.from), std::string(d.to), std::string(d.type),
                                         d.group.empty() ? py::object(py::none())
                                                         : py::object(py::str(std::string(d.group))),
                                         d.need == 0 ? py::object(py::none()) : py::object(py::int_(d.need))));
             }
             return out;
           })
      .def(
          "add_asset",
          [](py_model& pm, const std::string& id, const std::string& kind, const std::string& name,
             const std::string& owner, const std::vector<int>& levels, const std::string& justification,
             std::optional<std::vector<int>> implemented, const std::string& review_by,
             const std::map<std::string, std::string>& attributes, const std::vector<std::string>& measures,
             std::optional<std::pair<std::string, std::map<std::string, std::string>>> answers) {
            std::lock_guard<std::mutex> lock(pm.mu);
            const auto& s = pm.m.get_scheme();
            asset a;
            a.id = id;
            a.kind = kind;
            a.name = name;
            a.owner = owner;
            a.own = to_classification(s, levels, id);
            a.justification = justification;
            if (implemented) {
              a.implemented = to_classification(s, *implemented, id);
            }
            a.review_by = review_by;
            // Each value's JSON text as the readers store it (nlohmann's
            // compact form), so that a model built here equals its file.
            for (const auto& [k, text] : attributes) {
              try {
                a.attributes[k] = nlohmann::json::parse(text).dump();
              } catch (const nlohmann::json::exception&) {
                throw model_error(id + ": attributes/" + k, "not JSON text");
              }
            }
            a.measures = measures;
            if (answers) {
              a.answers = recorded_answers{answers->first, answers->second};
            }
            pm.m.add_asset(std::move(a));
          },
          py::arg("id"), py::arg("kind"), py::arg("name"), py::arg("owner"), py::arg("levels"),
          py::arg("justification"), py::arg("implemented"), py::arg("review_by"), py::arg("attributes"),
          py::arg("measures"), py::arg("answers"))
      .def(
          "add_assets_bulk",
          // Assets by column into model::add_assets: ids as Python str (their
          // UTF-8 is read in place), kinds and owners as codes into name
          // tables (pandas factorize), levels as an assets x properties array.
          // All or nothing; an error names the row.
          [](py_model& pm, const py::list& ids,
             const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& kind_codes,
             const std::vector<std::string>& kind_names, const py::list& names,
             const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& owner_codes,
             const std::vector<std::string>& owner_names,
             const py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>& levels) {
            const std::size_t n = ids.size();
            const std::size_t P = pm.m.get_scheme().size();
            const bool has_owner = owner_codes.ndim() == 1 && owner_codes.shape(0) != 0;
            if (kind_codes.ndim() != 1 || static_cast<std::size_t>(kind_codes.shape(0)) != n ||
                (!names.empty() && names.size() != n) ||
                (has_owner && static_cast<std::size_t>(owner_codes.shape(0)) != n) || levels.ndim() != 2 ||
                static_cast<std::size_t>(levels.shape(0)) != n || static_cast<std::size_t>(levels.shape(1)) != P) {
              throw model_error("", "bulk columns have different lengths or the level array is not assets x " +
                                        std::to_string(P));
            }
            const auto utf8 = [](const py::handle& o, std::size_t row, const char* what) {
              if (!PyUnicode_Check(o.ptr())) {
                throw model_error("row " + std::to_string(row), std::string(what) + " is not a string");
              }
              Py_ssize_t len = 0;
              const char* data = PyUnicode_AsUTF8AndSize(o.ptr(), &len);
              if (data == nullptr) {
                throw py::error_already_set();
              }
              return std::string_view(data, static_cast<std::size_t>(len));
            };
            std::vector<std::string_view> id_views(n);
            std::vector<std::string_view> name_views(names.size());
            for (std::size_t i = 0; i < n; ++i) {
              id_views[i] = utf8(ids[i], i, "id");
            }
            for (std::size_t i = 0; i < names.size(); ++i) {
              name_views[i] = utf8(names[i], i, "name");
            }
            const auto codes = [&](const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& a,
                                   std::size_t table) {
              std::vector<std::uint32_t> out(static_cast<std::size_t>(a.shape(0)));
              const std::int64_t* d = a.data();
              for (std::size_t i = 0; i < out.size(); ++i) {
                // Out of range (also negative) stays out of range for add_assets to report.
                out[i] = d[i] >= 0 && static_cast<std::size_t>(d[i]) < table ? static_cast<std::uint32_t>(d[i])
                                                                             : static_cast<std::uint32_t>(table);
              }
              return out;
            };
            const auto kinds = codes(kind_codes, kind_names.size());
            const auto owners = has_owner ? codes(owner_codes, owner_names.size()) : std::vector<std::uint32_t>{};
            const std::vector<std::string_view> kind_views(kind_names.begin(), kind_names.end());
            const std::vector<std::string_view> owner_views(owner_names.begin(), owner_names.end());
            auto row = static_cast<std::size_t>(-1);
            model::asset_columns c;
            c.ids = id_views;
            c.kind = kinds;
            c.kind_names = kind_views;
            c.levels = std::span<const level_t>(levels.data(), n * P);
            c.owner = owners;
            c.owner_names = owner_views;
            c.names = name_views;
            c.row_out = &row;
            py::gil_scoped_release release;
            std::lock_guard<std::mutex> lock(pm.mu);
            try {
              pm.m.add_assets(c);
            } catch (const model_error& e) {
              if (row == static_cast<std::size_t>(-1)) {
                throw;
              }
              throw model_error("row " + std::to_string(row) + " (" + e.where() + ")", e.reason());
            }
          },
          py::arg("ids"), py::arg("kind_codes"), py::arg("kind_names"), py::arg("names"), py::arg("owner_codes"),
          py::arg("owner_names"), py::arg("levels"))
      .def(
          "add_dependencies_objects",
          // Dependencies straight from pandas object columns into
          // model::add_dependencies: ids looked up in the model's id table
          // (hashes computed and slots prefetched a batch ahead), types and
          // groups coded in order of first appearance; no Python object is
          // made per row. Rows in order, the first bad one reported; all or
          // nothing.
          [](py_model& pm, const py::array& from, const py::array& to, const py::array& type,
             const std::optional<py::array>& group, const std::optional<py::array_t<std::uint32_t>>& need) {
            object_cells f(from, "from");
            object_cells t(to, "to");
            object_cells ty(type, "type");
            std::optional<object_cells> g;
            if (group) {
              g.emplace(*group, "group");
            }
            const std::size_t n = f.size();
            if (t.size() != n || ty.size() != n || (g && g->size() != n) ||
                (need && static_cast<std::size_t>(need->size()) != n)) {
              throw model_error("", "bulk dependency columns have different lengths");
            }
            std::lock_guard<std::mutex> lock(pm.mu); // GIL, then the model: the order every binding keeps
            const auto ids = detail::model_access::ids(pm.m);
            std::vector<std::uint32_t> fv(n);
            std::vector<std::uint32_t> tv(n);
            std::vector<std::uint32_t> tc(n);
            std::vector<std::uint32_t> gc(g ? n : 0);
            text_codes types;
            text_codes groups;
            std::size_t stop = n; // first row naming an unknown asset
            constexpr std::size_t batch = 16;
            std::array<std::string_view, 2 * batch> text{};
            std::array<std::size_t, 2 * batch> hash{};
            for (std::size_t b = 0; b < n; b += batch) {
              const std::size_t e = std::min(n, b + batch);
              for (std::size_t i = b; i < e; ++i) {
                const std::size_t k = 2 * (i - b);
                text[k] = f[i];
                text[k + 1] = t[i];
                hash[k] = detail::id_table::hash(text[k]);
                hash[k + 1] = detail::id_table::hash(text[k + 1]);
                ids->prefetch(hash[k]);
                ids->prefetch(hash[k + 1]);
              }
              for (std::size_t i = b; i < e; ++i) {
                const std::size_t k = 2 * (i - b);
                fv[i] = ids->find(text[k], hash[k]);
                tv[i] = ids->find(text[k + 1], hash[k + 1]);
                if (stop == n && (fv[i] == detail::id_table::none || tv[i] == detail::id_table::none)) {
                  stop = i;
                }
                tc[i] = types.code(ty.object(i), ty[i]);
                if (g) {
                  gc[i] = groups.code(g->object(i), (*g)[i]);
                }
              }
            }
            std::string stop_where;
            std::string stop_reason;
            if (stop < n) {
              const std::string_view a = f[stop];
              const std::string_view z = t[stop];
              stop_where = std::string(a) + " -> " + std::string(z);
              stop_reason = "unknown asset '" + std::string(fv[stop] == detail::id_table::none ? a : z) + "'";
              fv[stop] = model::npos; // fails there unless an earlier row does
            }
            auto row = static_cast<std::size_t>(-1);
            std::vector<std::uint32_t> kv;
            if (need) {
              const auto kn = need->unchecked<1>();
              kv.resize(n);
              for (std::size_t i = 0; i < n; ++i) {
                kv[i] = kn(static_cast<py::ssize_t>(i));
              }
            }
            model::dependency_columns c{fv, tv, tc, types.names(), gc, groups.names(), &row, kv};
            try {
              // The GIL stays held: releasing it while holding the model's
              // lock could deadlock with a binding that locks under the GIL.
              pm.m.add_dependencies(c);
            } catch (const model_error& e) {
              if (row == static_cast<std::size_t>(-1)) {
                throw;
              }
              if (row == stop) {
                throw model_error("row " + std::to_string(row) + " (" + stop_where + ")", stop_reason);
              }
              throw model_error("row " + std::to_string(row) + " (" + e.where() + ")", e.reason());
            }
          },
          py::arg("from_"), py::arg("to"), py::arg("type"), py::arg("group") = py::none(),
          py::arg("need") = py::none())
      .def(
          "set_fields",
          // The fields beyond the common ones of one asset (None: unchanged);
          // attributes as the text of a JSON object, each value stored as
          // its JSON text (as the CSV reader does).
          [](py_model& pm, const std::string& id, std::optional<std::string> justification,
             std::optional<std::string> review_by, std::optional<std::vector<int>> implemented,
             std::optional<std::string> attributes_json, std::optional<std::vector<std::string>> measures,
             std::optional<std::pair<std::string, std::map<std::string, std::string>>> answers) {
            std::lock_guard<std::mutex> lock(pm.mu);
            asset a = pm.m.at(id);
            if (justification) {
              a.justification = *justification;
            }
            if (review_by) {
              a.review_by = *review_by;
            }
            if (implemented) {
              a.implemented = to_classification(pm.m.get_scheme(), *implemented, id);
            }
            if (attributes_json) {
              auto j = nlohmann::json::parse(*attributes_json);
              if (!j.is_object()) {
                throw model_error(id, "attributes must be a mapping (a JSON object)");
              }
              for (const auto& [k, v] : j.items()) {
                a.attributes[k] = v.dump();
              }
            }
            if (measures) {
              a.measures = *measures;
            }
            if (answers) {
              a.answers = recorded_answers{answers->first, answers->second};
            }
            pm.m.update_asset(a);
          },
          py::arg("id"), py::arg("justification"), py::arg("review_by"), py::arg("implemented"),
          py::arg("attributes_json"), py::arg("measures"), py::arg("answers"))
      .def("remove_asset",
           [](py_model& pm, const std::string& id) {
             std::lock_guard<std::mutex> lock(pm.mu);
             pm.m.remove_asset(id);
           })
      .def(
          "add_dependency",
          [](py_model& pm, const std::string& from, const std::string& to, const std::string& type,
             const std::optional<std::string>& group, std::uint32_t need) {
            std::lock_guard<std::mutex> lock(pm.mu);
            pm.m.add_dependency(from, to, type, group.value_or(""), need);
          },
          py::arg("from_"), py::arg("to"), py::arg("type"), py::arg("group") = py::none(), py::arg("need") = 0)
      .def("remove_dependency",
           [](py_model& pm, const std::string& from, const std::string& to, const std::string& type) {
             std::lock_guard<std::mutex> lock(pm.mu);
             return pm.m.remove_dependency(from, to, type);
           })
      .def("set_level",
           [](py_model& pm, const std::string& id, const std::string& key, std::optional<int> level) {
             std::lock_guard<std::mutex> lock(pm.mu);
             auto p = pm.m.get_scheme().property_index(key);
             if (level && (*level < 0 || *level > 255)) {
               throw model_error(id, "level " + std::to_string(*level) + " is out of range");
             }
             pm.m.set_level(id, p, level ? std::optional<level_t>(static_cast<level_t>(*level)) : std::nullopt);
           })
      .def("set_override",
           [](py_model& pm, const std::string& id, const std::string& key, int level, const std::string& effect,
              const std::string& justification) {
             std::lock_guard<std::mutex> lock(pm.mu);
             auto p = pm.m.get_scheme().property_index(key);
             auto e = parse_override_effect(effect);
             if (!e) {
               throw model_error(id, "'" + effect + "' is not an override effect (cumulation, distribution, manual)");
             }
             if (level < 0 || level > 255) {
               throw model_error(id, "level " + std::to_string(level) + " is out of range");
             }
             pm.m.set_override(id, p, {static_cast<level_t>(level), *e, justification});
           })
      .def("clear_override",
           [](py_model& pm, const std::string& id, const std::string& key) {
             std::lock_guard<std::mutex> lock(pm.mu);
             return pm.m.clear_override(id, pm.m.get_scheme().property_index(key));
           })
      .def(
          "propagate",
          [](py_model& pm, bool incremental, unsigned threads) {
            py::gil_scoped_release release; // first: the lock is released before the GIL is taken back
            std::lock_guard<std::mutex> lock(pm.mu);
            propagate_options po;
            po.threads = threads;
            if (!pm.engine) {
              pm.engine = std::make_unique<propagation>(pm.m, po);
              return std::const_pointer_cast<assessment>(pm.engine->shared_result());
            }
            pm.engine->set_options(po);
            if (incremental) {
              pm.engine->update(pm.m);
            } else {
              pm.engine->recompute(pm.m);
            }
            // Shared with the engine, which copies before it changes a shared
            // result: no copy here, and this object never changes afterwards.
            return std::const_pointer_cast<assessment>(pm.engine->shared_result());
          },
          py::arg("incremental") = true, py::arg("threads") = 1,
          "Propagates, reusing the previous run's work after changes; full runs on `threads` workers.")
      .def("to_json",
           [](py_model& pm) {
             py::gil_scoped_release release;
             std::lock_guard<std::mutex> lock(pm.mu);
             return io::write_model(pm.m);
           })
      .def_static("from_json",
                  [](const std::string& text) {
                    auto pm = std::make_unique<py_model>();
                    {
                      py::gil_scoped_release release;
                      pm->m = io::read_model(text);
                    }
                    return pm;
                  })
      .def_static("load",
                  [](const std::string& path) {
                    auto pm = std::make_unique<py_model>();
                    {
                      py::gil_scoped_release release;
                      pm->m = io::load_model(path);
                    }
                    return pm;
                  })
      .def("save",
           [](py_model& pm, const std::string& path) {
             py::gil_scoped_release release;
             std::lock_guard<std::mutex> lock(pm.mu);
             io::save_model(pm.m, path);
           })
      .def(
          "to_archive",
          [](py_model& pm, const std::string& format) {
            std::lock_guard<std::mutex> lock(pm.mu);
            auto f = format == "text"     ? io::archive_format::text
                     : format == "xml"    ? io::archive_format::xml
                     : format == "binary" ? io::archive_format::binary
                                          : throw model_error(format, "not an archive format (binary, text, xml)");
            return py::bytes(io::save_archive(pm.m, f));
          },
          py::arg("format") = "binary")
      .def_static("from_archive",
                  [](const py::bytes& b) {
                    auto pm = std::make_unique<py_model>();
                    pm->m = io::load_model_archive(std::string(b));
                    return pm;
                  })
      .def("copy",
           [](const py_model& pm) {
             auto c = std::make_unique<py_model>();
             c->m = pm.m;
             return c;
           })
      .def("__eq__", [](const py_model& a, const py_model& b) { return a.m == b.m; });
}

} // namespace infoclass::python
