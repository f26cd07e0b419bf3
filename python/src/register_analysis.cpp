#include "common.hpp"

#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/kinds.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/rules.hpp"

#include "infoclass/analysis/review.hpp"
#include <algorithm>

namespace infoclass::python {

void register_analysis(py::module_& m) {
  m.def(
      "kind_typos",
      [](py_model& pm) {
        std::lock_guard<std::mutex> lock(pm.mu);
        std::vector<std::string> out;
        for (const auto& t : analysis::kind_typos(pm.m)) {
          out.push_back(analysis::describe(t));
        }
        return out;
      },
      "Messages for the kinds of the model that look like typos of known kinds.");
  m.def(
      "likely_kind",
      [](py_model& pm, const std::string& kind) {
        std::lock_guard<std::mutex> lock(pm.mu);
        return analysis::likely_kind(kind, analysis::known_kinds(pm.m));
      },
      "The known kind `kind` is probably a typo of, or None.");
  m.def(
      "impact",
      [](const py_model& pm, const std::string& asset, const std::string& key) {
        auto p = pm.m.get_scheme().find_property(key);
        if (!p) {
          throw model_error(key, "not a property of scheme " + pm.m.get_scheme().id);
        }
        auto r = analysis::impact(pm.m, asset, *p);
        py::list affected;
        for (const auto& a : r.affected) {
          affected.append(py::dict(py::arg("asset") = a.asset, py::arg("owner") = a.owner, py::arg("path") = a.path));
        }
        return py::dict(py::arg("source") = r.source, py::arg("property") = key, py::arg("affected") = affected,
                        py::arg("owners") = r.owners);
      },
      py::arg("model"), py::arg("asset"), py::arg("property"));
  m.def(
      "single_points_of_failure",
      [](const py_model& pm, const assessment& a, int threshold) {
        py::list out;
        for (const auto& sp : analysis::single_points_of_failure(pm.m, a, static_cast<level_t>(threshold))) {
          out.append(py::dict(py::arg("asset") = sp.asset, py::arg("brings_down") = sp.brings_down));
        }
        return out;
      },
      py::arg("model"), py::arg("assessment"), py::arg("threshold"));
  m.def(
      "gaps",
      [](const py_model& pm, const assessment& a, const std::string& catalogue_json) {
        auto cat = catalogue_json.empty() ? analysis::default_catalogue() : analysis::read_catalogue(catalogue_json);
        py::list out;
        for (const auto& g : analysis::gaps(pm.m, a, cat)) {
          out.append(
              py::dict(py::arg("kind") = g.kind == analysis::gap::what::level ? "level" : "measure",
                       py::arg("asset") = g.asset, py::arg("property") = g.property,
                       py::arg("implemented") = level_or_none(g.implemented), py::arg("effective") = g.effective,
                       py::arg("measure") = g.measure.empty() ? py::object(py::none()) : py::object(py::str(g.measure)),
                       py::arg("dependents") = g.dependents, py::arg("severity") = g.severity));
        }
        return out;
      },
      py::arg("model"), py::arg("assessment"), py::arg("catalogue_json"));
  m.def(
      "classify",
      [](const std::string& rules, const std::map<std::string, std::string>& answers) {
        const auto& ids = analysis::builtin_rule_sets();
        auto rs = std::find(ids.begin(), ids.end(), rules) != ids.end() ? analysis::builtin_rules(rules)
                                                                        : analysis::read_rules(rules);
        auto c = analysis::classify(rs, answers);
        py::dict levels;
        py::dict reasons;
        for (std::size_t p = 0; p < rs.scheme_ptr->size(); ++p) {
          const auto& key = rs.scheme_ptr->properties[p].key;
          auto raw = c.levels.raw(p);
          if (raw == classification::not_applicable) {
            levels[py::str(key)] = py::str("na");
          } else if (raw != classification::unassessed) {
            levels[py::str(key)] = raw;
          }
          if (!c.reasons[p].empty()) {
            reasons[py::str(key)] = c.reasons[p];
          }
        }
        return py::make_tuple(levels, reasons);
      },
      py::arg("rules"), py::arg("answers"));
  m.def(
      "review",
      [](const py_model& pm, const assessment& a, const std::string& today, std::uint32_t at_least) {
        auto r = analysis::review(pm.m, a, today.empty() ? analysis::today_utc() : today, at_least);
        const auto& s = pm.m.get_scheme();
        py::list devs;
        for (const auto& d : r.deviations) {
          devs.append(py::dict(py::arg("kind") = std::string(to_string(d.kind)), py::arg("asset") = d.asset,
                               py::arg("property") = s.properties[d.property].key, py::arg("message") = d.message));
        }
        py::list cands;
        for (const auto& c : r.cumulation_candidates) {
          cands.append(py::dict(py::arg("asset") = c.asset, py::arg("property") = c.property,
                                py::arg("level") = c.level, py::arg("dependents") = c.dependents));
        }
        py::list owners;
        for (const auto& o : r.owners) {
          py::list places;
          for (const auto& q : o.places) {
            places.append(py::dict(py::arg("asset") = q.asset, py::arg("owner") = q.owner,
                                   py::arg("property") = q.property, py::arg("level") = q.level,
                                   py::arg("origin") = q.origin));
          }
          owners.append(py::dict(py::arg("owner") = o.owner, py::arg("owns") = o.owns, py::arg("places") = places));
        }
        return py::dict(py::arg("overdue") = r.overdue, py::arg("missing_review") = r.missing_review,
                        py::arg("without_owner") = r.without_owner, py::arg("deviations") = devs,
                        py::arg("cumulation_candidates") = cands, py::arg("owners") = owners,
                        py::arg("findings") = r.findings());
      },
      py::arg("model"), py::arg("assessment"), py::arg("today"), py::arg("cumulation_at_least"));
}

} // namespace infoclass::python
