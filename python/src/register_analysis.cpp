// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "analysis/gap_rows.hpp"

#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/kinds.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/rules.hpp"

#include "infoclass/analysis/review.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>

namespace infoclass::python {

namespace {

// A Python callable(phase, done, total) as the library's progress callback;
// what it raises (KeyboardInterrupt too) stops the analysis and reaches the caller.
progress_fn progress_of(const std::optional<py::function>& f) {
  if (!f) {
    return {};
  }
  return [f = *f](std::string_view phase, std::size_t done, std::size_t total) { f(phase, done, total); };
}

// Each asset's id as one Python str, made when first asked for and shared by
// every list that names it (the GIL held).
class vertex_names {
public:
  explicit vertex_names(const model& m) : m_(m), strs_(m.size()) {}
  const py::object& operator()(vertex_type v) {
    if (!strs_[v]) {
      const auto id = m_.id(v);
      strs_[v] = py::str(id.data(), id.size());
    }
    return strs_[v];
  }

private:
  const model& m_;
  std::vector<py::object> strs_;
};
} // namespace

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
        // The paths add up to the cone times its depth (n^2 / 2 names on a
        // chain of n): made from the cone, each name a shared str.
        const auto c = analysis::impact_cone_of(pm.m, asset, *p);
        vertex_names name(pm.m);
        py::list affected;
        for (std::size_t k = 0; k < c.affected.size(); ++k) {
          py::list path(c.distance[k] + 1);
          std::size_t i = 0;
          analysis::for_each_on_path(c, k, [&](vertex_type v) { path[i++] = name(v); });
          const auto owner = pm.m.owner(c.affected[k]);
          affected.append(py::dict(py::arg("asset") = name(c.affected[k]),
                                   py::arg("owner") = py::str(owner.data(), owner.size()),
                                   py::arg("path") = std::move(path)));
        }
        return py::dict(py::arg("source") = asset, py::arg("property") = key, py::arg("affected") = affected,
                        py::arg("owners") = c.owners);
      },
      py::arg("model"), py::arg("asset"), py::arg("property"));
  m.def(
      "failure_set",
      [](const py_model& pm, const std::vector<std::string>& assets) {
        std::vector<std::string_view> views(assets.begin(), assets.end());
        return analysis::failure_set(pm.m, std::span<const std::string_view>(views));
      },
      py::arg("model"), py::arg("assets"));
  m.def(
      "single_points_of_failure",
      [](const py_model& pm, const assessment& a, long long threshold, const std::optional<py::function>& progress,
         unsigned threads, bool names, std::size_t max_names) {
        analysis::spof_options o;
        o.threads = threads;
        o.progress = progress_of(progress);
        o.max_names = max_names;
        py::list out;
        if (!names) {
          // Worker threads never call Python: progress is told from this thread.
          const auto counts =
              analysis::count_single_points_of_failure(pm.m, a, analysis::spof_threshold(pm.m, threshold), o);
          for (const auto& c : counts) {
            out.append(py::make_tuple(c.asset, c.brings_down));
          }
          return out;
        }
        // A victim is named by many single points (tens of millions of names
        // at 10^5 assets), made as the search hands the single points on.
        vertex_names name(pm.m);
        analysis::for_each_single_point(
            pm.m, a, analysis::spof_threshold(pm.m, threshold),
            [&](vertex_type v, std::span<const vertex_type> victims) {
              py::list down(victims.size());
              for (std::size_t i = 0; i < victims.size(); ++i) {
                down[i] = name(victims[i]);
              }
              out.append(py::dict(py::arg("asset") = name(v), py::arg("brings_down") = std::move(down)));
            },
            o);
        return out;
      },
      py::arg("model"), py::arg("assessment"), py::arg("threshold"), py::arg("progress") = py::none(),
      py::arg("threads") = 1, py::arg("names") = true, py::arg("max_names") = std::numeric_limits<std::size_t>::max());
  m.def(
      "most_severe_single_points",
      [](const py_model& pm, const assessment& a, long long threshold, std::size_t top, std::size_t max_names,
         const std::optional<py::function>& progress, unsigned threads) {
        analysis::spof_options o;
        o.threads = threads;
        o.progress = progress_of(progress);
        o.max_names = max_names;
        const auto sum =
            analysis::most_severe_single_points(pm.m, a, analysis::spof_threshold(pm.m, threshold), top, o);
        py::list rows;
        for (const auto& sp : sum.most_severe) {
          rows.append(py::make_tuple(sp.asset, sp.count, sp.brings_down));
        }
        return py::make_tuple(sum.total, rows);
      },
      py::arg("model"), py::arg("assessment"), py::arg("threshold"), py::arg("top"), py::arg("max_names"),
      py::arg("progress") = py::none(), py::arg("threads") = 1);
  m.def(
      "gaps",
      // By column, for a DataFrame: a dict per gap costs more than finding it.
      // The gaps come as indices (no analysis::gap with its three strings per
      // gap); texts that repeat (kinds, properties, measures, an asset's id on
      // each of its gaps) are one Python str each.
      [](const py_model& pm, const assessment& a, const std::string& catalogue_json,
         const std::optional<py::function>& progress) {
        auto cat = catalogue_json.empty() ? analysis::default_catalogue() : analysis::read_catalogue(catalogue_json);
        const auto found = analysis::detail::find_gaps(pm.m, a, cat, progress_of(progress));
        const auto& rows = found.rows;
        const std::size_t n = rows.size();
        const auto& s = pm.m.get_scheme();
        std::vector<py::object> property_text(s.size());
        for (std::size_t p = 0; p < s.size(); ++p) {
          property_text[p] = py::str(s.properties[p].key);
        }
        std::vector<py::object> measure_text(cat.measures.size());
        for (std::size_t k = 0; k < cat.measures.size(); ++k) {
          measure_text[k] = py::str(cat.measures[k].id);
        }
        std::vector<py::object> asset_text(n == 0 ? 0 : pm.m.size()); // made at an asset's first gap
        object_column kind(n);
        object_column asset(n);
        object_column property(n);
        object_column measure(n);
        py::array_t<std::int16_t> implemented(static_cast<py::ssize_t>(n));
        py::array_t<std::uint8_t> effective(static_cast<py::ssize_t>(n));
        py::array_t<std::uint64_t> dependents(static_cast<py::ssize_t>(n));
        py::array_t<std::uint64_t> severity(static_cast<py::ssize_t>(n));
        auto impl = implemented.mutable_unchecked<1>();
        auto eff = effective.mutable_unchecked<1>();
        auto dep = dependents.mutable_unchecked<1>();
        auto sev = severity.mutable_unchecked<1>();
        const py::str level_word("level");
        const py::str measure_word("measure");
        for (std::size_t i = 0; i < n; ++i) {
          const auto& g = rows[i];
          const auto k = static_cast<py::ssize_t>(i);
          const bool level_gap = g.measure == analysis::detail::gap_row::no_measure;
          kind.set(i, level_gap ? level_word : measure_word);
          auto& id = asset_text[g.asset];
          if (!id) {
            const auto text = pm.m.id(g.asset);
            id = py::str(text.data(), text.size());
          }
          asset.set(i, id);
          property.set(i, property_text[g.property]);
          measure.set(i, level_gap ? py::handle(Py_None) : py::handle(measure_text[g.measure]));
          impl(k) = g.implemented ? static_cast<std::int16_t>(*g.implemented) : std::int16_t{-1};
          eff(k) = g.effective;
          dep(k) = found.dependents[g.asset];
          sev(k) = g.severity;
        }
        return py::dict(py::arg("kind") = kind.array(), py::arg("asset") = asset.array(),
                        py::arg("property") = property.array(), py::arg("implemented") = implemented,
                        py::arg("effective") = effective, py::arg("measure") = measure.array(),
                        py::arg("dependents") = dependents, py::arg("severity") = severity);
      },
      "Gaps by column: kind, asset, property, measure (object arrays), implemented (int16, -1 = none), effective, "
      "dependents, severity (arrays).",
      py::arg("model"), py::arg("assessment"), py::arg("catalogue_json"), py::arg("progress") = py::none());
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
