// SPDX-License-Identifier: Apache-2.0
// impact, spof, review, classify, gaps: the analyses of a model.
#include "cli/cli.hpp"

#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/review.hpp"
#include "infoclass/analysis/rules.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/file.hpp"
#include "infoclass/propagation.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <memory>

namespace infoclass::inline INFOCLASS_ABI::cli {

namespace {

// A file read by an analysis reader; its errors name the file.
template <class Read> auto read_named(const std::string& path, Read read) {
  const auto text = io::read_file(path, std::size_t{1} << 26); // names the file itself
  try {
    return read(text);
  } catch (const model_error& e) {
    throw in_file(path, e);
  }
}

std::string impact_text(const model& m, const std::string& asset_id, const std::string& property) {
  auto p = m.get_scheme().property_index(property);
  auto r = analysis::impact(m, asset_id, p);
  std::string out = "If " + asset_id + " is compromised for " + m.get_scheme().properties[p].key + ", " +
                    std::to_string(r.affected.size()) + " assets are affected";
  out += r.owners.empty() ? std::string(".\n") : ", owned by:";
  for (std::size_t i = 0; i < r.owners.size(); ++i) {
    out += (i ? ", " : " ") + r.owners[i] + (i + 1 == r.owners.size() ? ".\n" : "");
  }
  for (const auto& a : r.affected) {
    out += "  " + a.asset + (a.owner.empty() ? "" : " (" + a.owner + ")") + ":";
    for (std::size_t i = 0; i < a.path.size(); ++i) {
      out += (i ? " -> " : " ") + a.path[i];
    }
    out += "\n";
  }
  return out;
}

std::string spof_text(const model& m, int threshold, bool all) {
  auto a = propagate(m);
  level_t th = 0;
  std::size_t avail = m.get_scheme().size();
  for (std::size_t p = 0; p < m.get_scheme().size(); ++p) {
    if (m.get_scheme().properties[p].role == role::availability) {
      avail = p;
    }
  }
  if (avail == m.get_scheme().size()) {
    throw model_error("/scheme", "scheme " + m.get_scheme().id + " has no availability property");
  }
  const auto top = m.get_scheme().levels(avail);
  if (threshold < 0) {
    th = static_cast<level_t>(top >= 2 ? top - 2 : 0);
  } else if (threshold >= top) {
    throw model_error("--threshold", std::to_string(threshold) + " is outside 0.." + std::to_string(top - 1));
  } else {
    th = static_cast<level_t>(threshold);
  }
  auto r = analysis::single_points_of_failure(m, a, th);
  std::string out = std::to_string(r.size()) + " single points of failure for " + m.get_scheme().properties[avail].key +
                    " >= " + std::to_string(th) + "\n";
  // A summary by default: the most severe first (most assets brought down,
  // then model order), the first `shown`; --all lists every one in model order.
  constexpr std::size_t shown = 20;
  if (!all && r.size() > shown) {
    std::stable_sort(r.begin(), r.end(),
                     [](const auto& x, const auto& y) { return x.brings_down.size() > y.brings_down.size(); });
    const auto more = r.size() - shown;
    r.resize(shown);
    out += "the " + std::to_string(shown) + " that bring down most (" + std::to_string(more) +
           " more: --all lists every one)\n";
  }
  for (const auto& sp : r) {
    out += "  " + sp.asset + " brings down " + std::to_string(sp.brings_down.size()) + ":";
    for (std::size_t i = 0; i < sp.brings_down.size(); ++i) {
      out += (i ? ", " : " ") + sp.brings_down[i];
    }
    out += "\n";
  }
  return out;
}

std::string review_text(const model& m, const std::string& today) {
  auto a = propagate(m);
  auto r = analysis::review(m, a, today.empty() ? analysis::today_utc() : today);
  std::string out;
  auto list = [&](const std::string& title, const std::vector<std::string>& ids) {
    out += title + " (" + std::to_string(ids.size()) + ")\n";
    for (const auto& id : ids) {
      out += "  " + id + "\n";
    }
  };
  list("Overdue reviews", r.overdue);
  list("Information without a review date", r.missing_review);
  list("Assets without owner", r.without_owner);
  out += "Deviations (" + std::to_string(r.deviations.size()) + ")\n";
  for (const auto& d : r.deviations) {
    out += "  " + d.asset + " " + m.get_scheme().properties[d.property].key + ": " + d.message + "\n";
  }
  out += "Cumulation candidates (" + std::to_string(r.cumulation_candidates.size()) + ")\n";
  for (const auto& c : r.cumulation_candidates) {
    out += "  " + c.asset + " " + c.property + std::to_string(c.level) + ": " + std::to_string(c.dependents) +
           " dependents at this level, no cumulation rule applies\n";
  }
  for (const auto& o : r.owners) {
    out += "Owner " + o.owner + ": owns " + std::to_string(o.owns.size()) + ", places " +
           std::to_string(o.places.size()) + " requirements on assets of others\n";
    for (const auto& q : o.places) {
      out += "  " + q.asset + " (" + (q.owner.empty() ? std::string("no owner") : q.owner) + ") " + q.property +
             std::to_string(q.level) + " from " + q.origin + "\n";
    }
  }
  out += std::to_string(r.findings()) + " findings\n";
  return out;
}

std::string classification_text(const analysis::rule_set& rules, const analysis::classified& c,
                                const std::string& format) {
  const auto& s = *rules.scheme_ptr;
  std::string out;
  if (format == "json") {
    out = R"({"scheme": ")" + s.id + R"(", "classification": {)";
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto l = c.levels.raw(p);
      out += std::string(p ? ", " : "") + "\"" + s.properties[p].key +
             "\": " + (l < classification::not_applicable ? std::to_string(l) : std::string("null"));
    }
    out += "}}\n";
  } else {
    out = c.levels.to_string(s) + "\n";
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (!c.reasons[p].empty()) {
        out += "  " + s.properties[p].key + ": " + c.reasons[p] + "\n";
      }
    }
  }
  return out;
}

std::string gaps_text(const model& m, const analysis::catalogue& cat, std::size_t& count) {
  auto gs = analysis::gaps(m, propagate(m), cat);
  std::string out;
  for (const auto& g : gs) {
    out += "[" + std::to_string(g.severity) + "] " + g.asset + ": ";
    if (g.kind == analysis::gap::what::level) {
      out += g.property + " implemented " + (g.implemented ? std::to_string(*g.implemented) : std::string("-")) +
             ", required " + std::to_string(g.effective);
    } else {
      auto me =
          std::find_if(cat.measures.begin(), cat.measures.end(), [&](const auto& x) { return x.id == g.measure; });
      out += "missing " + g.measure + " " + me->title + " (" + g.property + std::to_string(g.effective) + ")";
    }
    out += ", " + std::to_string(g.dependents) + " dependents\n";
  }
  out += std::to_string(gs.size()) + (gs.size() == 1 ? " gap\n" : " gaps\n");
  count = gs.size();
  return out;
}

} // namespace

void add_analysis_commands(CLI::App& app, std::vector<command>& commands) {
  struct options {
    std::string model_path, asset_id, property, today, rules, answers, classify_model, format, catalogue;
    int threshold = -1;
    bool fail_on_gaps = false, all = false;
  };
  auto o = std::make_shared<options>();

  auto* imc = app.add_subcommand("impact", "What is affected if an asset is compromised for a property");
  imc->add_option("MODEL", o->model_path, "Model")->required();
  imc->add_option("ASSET", o->asset_id, "Asset id")->required();
  imc->add_option("PROPERTY", o->property, "Property key or role word")->required();
  commands.push_back({imc, [o]() -> result { return {impact_text(load(o->model_path), o->asset_id, o->property)}; }});

  auto* spof = app.add_subcommand("spof", "Single points of failure for availability");
  spof->add_option("MODEL", o->model_path, "Model")->required();
  spof->add_option("--threshold", o->threshold, "Availability level that counts (default: the scale's second highest)");
  spof->add_flag("--all", o->all, "Every single point of failure (default: the 20 that bring down most)");
  commands.push_back({spof, [o]() -> result { return {spof_text(load(o->model_path), o->threshold, o->all)}; }});

  auto* rev =
      app.add_subcommand("review", "Reviews, owners, deviations, cumulation candidates, per-owner requirements");
  rev->add_option("MODEL", o->model_path, "Model")->required();
  rev->add_option("--today", o->today, "Date for overdue reviews (default: today, UTC)");
  commands.push_back({rev, [o]() -> result { return {review_text(load(o->model_path), o->today)}; }});

  auto* cls = app.add_subcommand("classify", "Classify from answers to a rule set's questions");
  cls->add_option("RULES", o->rules, "Rule set JSON, or a built-in one: se-kommun, us-fips-199")->required();
  cls->add_option("ANSWERS", o->answers, R"(Answers JSON: {"question": "answer", ...})");
  cls->add_option("--model", o->classify_model,
                  "Re-run the answers recorded in this model and list the assessments that would change");
  cls->add_option("--format", o->format, "text or json")->default_val("text")->check(CLI::IsMember({"json", "text"}));
  commands.push_back(
      {cls, [o]() -> result {
         const auto& ids = analysis::builtin_rule_sets();
         auto rules = std::find(ids.begin(), ids.end(), o->rules) != ids.end()
                          ? analysis::builtin_rules(o->rules)
                          : read_named(o->rules, [](const std::string& t) { return analysis::read_rules(t); });
         if (!o->classify_model.empty()) {
           auto m = load(o->classify_model);
           auto changes = analysis::reclassify(m, rules);
           const auto& sch = m.get_scheme();
           std::string out;
           for (const auto& ch : changes) {
             out += ch.asset + ": " + ch.before.to_string(sch) + " -> " + ch.after.levels.to_string(sch) + "\n";
           }
           out += std::to_string(changes.size()) +
                  (changes.size() == 1 ? " assessment would change\n" : " assessments would change\n");
           return {std::move(out)};
         }
         if (o->answers.empty()) {
           throw model_error("ANSWERS", "give an answers file, or --model");
         }
         const auto given = read_named(o->answers, [](const std::string& t) { return analysis::read_answers(t); });
         return {classification_text(rules, analysis::classify(rules, given), o->format)};
       }});

  auto* gp = app.add_subcommand("gaps", "Implemented protection and measures below what the levels require");
  gp->add_option("MODEL", o->model_path, "Model")->required();
  gp->add_option("--catalogue", o->catalogue, "Measures catalogue JSON (default: the built-in se-klassa catalogue)");
  gp->add_flag("--fail-on-gaps", o->fail_on_gaps, "Exit 1 when there are gaps");
  commands.push_back({gp, [o]() -> result {
                        auto m = load(o->model_path);
                        auto cat = o->catalogue.empty() ? analysis::default_catalogue()
                                                        : read_named(o->catalogue, [](const std::string& t) {
                                                            return analysis::read_catalogue(t);
                                                          });
                        std::size_t count = 0;
                        auto out = gaps_text(m, cat, count);
                        return {std::move(out), o->fail_on_gaps && count != 0 ? 1 : 0};
                      }});
}

} // namespace infoclass::inline INFOCLASS_ABI::cli
