// SPDX-License-Identifier: Apache-2.0
// impact, spof, review, classify, gaps: the analyses of a model.
#include "cli/cli.hpp"

#include "analysis/gap_rows.hpp"

#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/review.hpp"
#include "infoclass/analysis/rules.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/file.hpp"
#include "infoclass/propagation.hpp"

#include "support/json_text.hpp"
#include "support/text.hpp"

#include <nlohmann/json.hpp>

#include "infoclass/version.hpp"
#include <algorithm>
#include <memory>
#include <unordered_map>

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

// Terminal output is a summary: each list shows its first `shown` entries, the
// most severe first, and says how many more --all lists. --format json|csv
// always holds every entry (for machines).
constexpr std::size_t shown = 20;

using ojson = nlohmann::ordered_json;

std::string json_text(const ojson& j) { return j.dump(2) + "\n"; }

std::string csv_line(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (const auto f : fields) {
    out += (out.empty() ? "" : ",") + io::detail::csv_quote(f, ',');
  }
  return out + "\r\n";
}

// The rows of a list to print in text: all, or the first `shown`.
std::size_t cut(std::size_t n, const listing& l) { return l.all ? n : std::min(n, shown); }

std::string more_line(std::size_t n, const listing& l, const std::string& indent) {
  return n > cut(n, l) ? indent + "… " + std::to_string(n - cut(n, l)) + " more (--all lists every one)\n"
                       : std::string();
}

// A long output in parts of about a megabyte: the part to append to.
std::string& tail_part(std::vector<std::string>& parts) {
  constexpr std::size_t part_size = std::size_t{1} << 20;
  if (parts.empty() || parts.back().size() >= part_size) {
    parts.emplace_back().reserve(part_size + 4096);
  }
  return parts.back();
}

// Each asset's id as `quote` writes it into an empty string, made the first
// time the asset is named and kept: a listing names an asset many times (on
// every path through it, for every single point that brings it down).
template <class Quote> class quoted_ids {
public:
  quoted_ids(const model& m, Quote quote) : m_(m), quote_(std::move(quote)), text_(m.size()), known_(m.size(), 0) {}
  const std::string& operator()(vertex_type v) {
    if (known_[v] == 0) {
      known_[v] = 1;
      quote_(text_[v], m_.id(v));
    }
    return text_[v];
  }

private:
  const model& m_;
  Quote quote_;
  std::vector<std::string> text_; // by vertex
  std::vector<char> known_;
};

// The paths of an impact add up to the cone times its depth (a chain of n:
// n^2 / 2 names), so they are made only where printed: text names the first
// `shown` and csv the asset each is reached through; json writes every path
// as it goes, in parts. The JSON is what ordered_json::dump(2) gives of
// {"asset", "property", "count", "owners": [...], "affected": [{"asset",
// "owner", "path": [...]}]}.
result impact_text(const model& m, const std::string& asset_id, const std::string& property, const listing& l) {
  auto p = m.get_scheme().property_index(property);
  const auto c = analysis::impact_cone_of(m, asset_id, p);
  const auto& key = m.get_scheme().properties[p].key;
  const std::size_t n = c.affected.size();
  if (l.format == "json") {
    quoted_ids id(m, [](std::string& out, std::string_view s) { detail::put_json_string(out, s); });
    result r;
    r.out = "{\n  \"asset\": ";
    detail::put_json_string(r.out, asset_id);
    r.out += ",\n  \"property\": ";
    detail::put_json_string(r.out, key);
    r.out += ",\n  \"count\": " + std::to_string(n) + ",\n  \"owners\": " + (c.owners.empty() ? "[]" : "[\n");
    for (std::size_t i = 0; i < c.owners.size(); ++i) {
      r.out += i == 0 ? "    " : ",\n    ";
      detail::put_json_string(r.out, c.owners[i]);
    }
    r.out += c.owners.empty() ? ",\n  \"affected\": " : "\n  ],\n  \"affected\": ";
    r.out += n == 0 ? "[]" : "[\n";
    for (std::size_t k = 0; k < n; ++k) {
      std::string& out = tail_part(r.more);
      out += k == 0 ? "    {\n      \"asset\": " : ",\n    {\n      \"asset\": ";
      out += id(c.affected[k]);
      out += ",\n      \"owner\": ";
      detail::put_json_string(out, m.owner(c.affected[k]));
      out += ",\n      \"path\": [";
      bool first = true;
      analysis::for_each_on_path(c, k, [&](vertex_type v) {
        std::string& more = tail_part(r.more);
        more += first ? "\n        " : ",\n        ";
        more += id(v);
        first = false;
      });
      tail_part(r.more) += "\n      ]\n    }";
    }
    tail_part(r.more) += n == 0 ? "\n}\n" : "\n  ]\n}\n";
    return r;
  }
  if (l.format == "csv") {
    // The path is the chain of `via`: each affected asset names the one it is reached through.
    result r(csv_line({"asset", "owner", "distance", "via"}));
    for (std::size_t k = 0; k < n; ++k) {
      const auto via = c.via[k] == analysis::impact_cone::from_source ? c.source : c.affected[c.via[k]];
      tail_part(r.more) +=
          csv_line({m.id(c.affected[k]), m.owner(c.affected[k]), std::to_string(c.distance[k]), m.id(via)});
    }
    return r;
  }
  std::string out = "If " + asset_id + " is compromised for " + key + ", " + std::to_string(n) + " assets are affected";
  out += c.owners.empty() ? std::string(".\n") : ", owned by:";
  for (std::size_t i = 0; i < c.owners.size(); ++i) {
    out += (i ? ", " : " ") + c.owners[i] + (i + 1 == c.owners.size() ? ".\n" : "");
  }
  if (n > cut(n, l)) {
    out += "the " + std::to_string(shown) + " nearest:\n";
  }
  for (std::size_t k = 0; k < cut(n, l); ++k) {
    const auto owner = m.owner(c.affected[k]);
    out += "  " + std::string(m.id(c.affected[k])) + (owner.empty() ? "" : " (" + std::string(owner) + ")") + ":";
    const auto path = analysis::impact_path(m, c, k);
    for (std::size_t i = 0; i < path.size(); ++i) {
      out += (i ? " -> " : " ") + path[i];
    }
    out += "\n";
  }
  return {out + more_line(n, l, "  ")};
}

// Every single point of failure with every asset it brings down (`format`
// json, csv, or text for --all), written as the search hands them on: each
// asset's id quoted once, the output made in parts. At 10^5 assets that is
// hundreds of megabytes; a document of names built first took 11 s and
// 3.6 GB. The JSON is what ordered_json::dump(2) gives of
// {"property", "threshold", "count", "single_points_of_failure": [{"asset",
// "brings_down": [...]}]}.
result spof_listing(const model& m, const assessment& a, level_t th, const std::string& key, const std::string& format,
                    const analysis::spof_options& so) {
  quoted_ids id(m, [&format](std::string& out, std::string_view s) {
    if (format == "json") {
      detail::put_json_string(out, s);
    } else if (format == "csv") {
      out = io::detail::csv_quote(s, ',');
    } else {
      out = s;
    }
  });
  result r;
  auto& parts = r.more;
  std::size_t count = 0;
  const auto found = analysis::for_each_single_point(
      m, a, th,
      [&](vertex_type v, std::span<const vertex_type> victims) {
        std::string& out = tail_part(parts);
        if (format == "json") {
          out += count++ == 0 ? "    {\n      \"asset\": " : ",\n    {\n      \"asset\": ";
          out += id(v);
          if (victims.empty()) {
            out += ",\n      \"brings_down\": []\n    }";
            return;
          }
          out += ",\n      \"brings_down\": [\n";
          for (std::size_t i = 0; i < victims.size(); ++i) {
            out += i == 0 ? "        " : ",\n        ";
            out += id(victims[i]);
          }
          out += "\n      ]\n    }";
        } else if (format == "csv") {
          const std::string n = std::to_string(victims.size());
          for (const auto x : victims) {
            std::string& row = tail_part(parts);
            row += id(v);
            row += ',';
            row += n;
            row += ',';
            row += id(x);
            row += "\r\n";
          }
        } else { // --all: every one in model order, each with every asset it brings down
          out += "  ";
          out += id(v);
          out += " brings down " + std::to_string(victims.size()) + ":";
          for (std::size_t i = 0; i < victims.size(); ++i) {
            out += i == 0 ? " " : ", ";
            out += id(victims[i]);
          }
          out += "\n";
        }
      },
      so);
  const std::string counted = std::to_string(found);
  if (format == "json") {
    r.out = "{\n  \"property\": ";
    detail::put_json_string(r.out, key);
    r.out += ",\n  \"threshold\": " + std::to_string(th) + ",\n  \"count\": " + counted +
             ",\n  \"single_points_of_failure\": " + (found == 0 ? "[]" : "[\n");
    tail_part(parts) += found == 0 ? "\n}\n" : "\n  ]\n}\n";
  } else if (format == "csv") {
    r.out = csv_line({"asset", "brings_down_count", "brought_down"});
  } else {
    r.out = counted + " single points of failure for " + key + " >= " + std::to_string(th) + "\n";
  }
  return r;
}

result spof_command(const model& m, int threshold, const listing& l) {
  propagate_options po;
  po.threads = l.threads;
  auto a = propagate(m, po);
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
  analysis::spof_options so;
  so.threads = l.threads;
  so.progress = l.progress;
  const auto& key = m.get_scheme().properties[avail].key;
  if (l.format == "text" && !l.all) {
    // The summary: counts for every single point, names only for the most
    // severe (listing every victim of every one is most of the work at scale).
    so.max_names = 10; // each names the first 10 it brings down
    auto sum = analysis::most_severe_single_points(m, a, th, shown, so);
    std::string out =
        std::to_string(sum.total) + " single points of failure for " + key + " >= " + std::to_string(th) + "\n";
    if (sum.total > shown) {
      out += "the " + std::to_string(shown) + " that bring down most (" + std::to_string(sum.total - shown) +
             " more: --all lists every one)\n";
    } else { // all of them: in model order
      std::sort(sum.most_severe.begin(), sum.most_severe.end(),
                [&](const auto& x, const auto& y) { return m.vertex(x.asset) < m.vertex(y.asset); });
    }
    for (const auto& sp : sum.most_severe) {
      out += "  " + sp.asset + " brings down " + std::to_string(sp.count) + ":";
      for (std::size_t i = 0; i < sp.brings_down.size(); ++i) {
        out += (i ? ", " : " ") + sp.brings_down[i];
      }
      if (sp.brings_down.size() < sp.count) {
        out += " … " + std::to_string(sp.count - sp.brings_down.size()) + " more";
      }
      out += "\n";
    }
    return {out};
  }
  return spof_listing(m, a, th, key, l.format, so);
}

std::string review_text(const model& m, const std::string& today, const listing& l) {
  auto a = propagate(m);
  const auto day = today.empty() ? analysis::today_utc() : today;
  auto r = analysis::review(m, a, day);
  const auto& s = m.get_scheme();
  if (l.format == "json") {
    ojson devs = ojson::array();
    for (const auto& d : r.deviations) {
      devs.push_back({{"asset", d.asset},
                      {"property", s.properties[d.property].key},
                      {"kind", to_string(d.kind)},
                      {"message", d.message}});
    }
    ojson cands = ojson::array();
    for (const auto& c : r.cumulation_candidates) {
      cands.push_back({{"asset", c.asset}, {"property", c.property}, {"level", c.level}, {"dependents", c.dependents}});
    }
    ojson owners = ojson::array();
    for (const auto& o : r.owners) {
      ojson places = ojson::array();
      for (const auto& q : o.places) {
        places.push_back({{"asset", q.asset},
                          {"owner", q.owner},
                          {"property", q.property},
                          {"level", q.level},
                          {"origin", q.origin}});
      }
      owners.push_back({{"owner", o.owner}, {"owns", o.owns}, {"places", std::move(places)}});
    }
    return json_text({{"today", day},
                      {"overdue", r.overdue},
                      {"missing_review", r.missing_review},
                      {"without_owner", r.without_owner},
                      {"deviations", std::move(devs)},
                      {"cumulation_candidates", std::move(cands)},
                      {"owners", std::move(owners)},
                      {"findings", r.findings()}});
  }
  if (l.format == "csv") {
    // One row per finding; `detail` is the text the terminal shows.
    std::string out = csv_line({"finding", "asset", "property", "level", "detail"});
    for (const auto& id : r.overdue) {
      out += csv_line({"overdue_review", id, "", "", "review by " + m.at(id).review_by});
    }
    for (const auto& id : r.missing_review) {
      out += csv_line({"missing_review", id, "", "", ""});
    }
    for (const auto& id : r.without_owner) {
      out += csv_line({"without_owner", id, "", "", ""});
    }
    for (const auto& d : r.deviations) {
      out += csv_line({to_string(d.kind), d.asset, s.properties[d.property].key,
                       d.level ? std::to_string(*d.level) : std::string(), d.message});
    }
    for (const auto& c : r.cumulation_candidates) {
      out += csv_line({"cumulation_candidate", c.asset, c.property, std::to_string(c.level),
                       std::to_string(c.dependents) + " dependents at this level"});
    }
    for (const auto& o : r.owners) {
      for (const auto& q : o.places) {
        out += csv_line({"requirement_on_other", q.asset, q.property, std::to_string(q.level),
                         o.owner + " places it from " + q.origin});
      }
    }
    return out;
  }
  std::string out;
  auto list = [&](const std::string& title, const std::vector<std::string>& ids) {
    out += title + " (" + std::to_string(ids.size()) + ")\n";
    for (std::size_t i = 0; i < cut(ids.size(), l); ++i) {
      out += "  " + ids[i] + "\n";
    }
    out += more_line(ids.size(), l, "  ");
  };
  list("Overdue reviews", r.overdue);
  list("Information without a review date", r.missing_review);
  list("Assets without owner", r.without_owner);
  out += "Deviations (" + std::to_string(r.deviations.size()) + ")\n";
  for (std::size_t i = 0; i < cut(r.deviations.size(), l); ++i) {
    const auto& d = r.deviations[i];
    out += "  " + d.asset + " " + s.properties[d.property].key + ": " + d.message + "\n";
  }
  out += more_line(r.deviations.size(), l, "  ");
  // Candidates with the most dependents first.
  std::stable_sort(r.cumulation_candidates.begin(), r.cumulation_candidates.end(),
                   [](const auto& x, const auto& y) { return x.dependents > y.dependents; });
  out += "Cumulation candidates (" + std::to_string(r.cumulation_candidates.size()) + ")\n";
  for (std::size_t i = 0; i < cut(r.cumulation_candidates.size(), l); ++i) {
    const auto& c = r.cumulation_candidates[i];
    out += "  " + c.asset + " " + c.property + std::to_string(c.level) + ": " + std::to_string(c.dependents) +
           " dependents at this level, no cumulation rule applies\n";
  }
  out += more_line(r.cumulation_candidates.size(), l, "  ");
  for (auto& o : r.owners) {
    out += "Owner " + o.owner + ": owns " + std::to_string(o.owns.size()) + ", places " +
           std::to_string(o.places.size()) + " requirements on assets of others\n";
    // The highest requirements first.
    std::stable_sort(o.places.begin(), o.places.end(), [](const auto& x, const auto& y) { return x.level > y.level; });
    for (std::size_t i = 0; i < cut(o.places.size(), l); ++i) {
      const auto& q = o.places[i];
      out += "  " + q.asset + " (" + (q.owner.empty() ? std::string("no owner") : q.owner) + ") " + q.property +
             std::to_string(q.level) + " from " + q.origin + "\n";
    }
    out += more_line(o.places.size(), l, "  ");
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

result gaps_text(const model& m, const analysis::catalogue& cat, const listing& l, std::size_t& count) {
  // The most severe first, as rows of indices: a gap with its texts is made
  // only as it is written (not a vector of every gap: 4.9 million at 10^6
  // assets, 0.7 GB).
  const auto found = analysis::detail::find_gaps(m, propagate(m), cat, l.progress);
  const std::size_t n = found.rows.size();
  const auto gap_at = [&](std::size_t i) { return analysis::detail::make_gap(m, cat, found, i); };
  count = n;
  // Measure titles by id (a gap per asset and measure: a search of the
  // catalogue for each cost its size per gap).
  std::unordered_map<std::string_view, std::string_view> titles;
  for (const auto& me : cat.measures) {
    titles.emplace(me.id, me.title);
  }
  auto title = [&](const analysis::gap& g) {
    const auto it = titles.find(g.measure);
    return it == titles.end() ? std::string() : std::string(it->second);
  };
  auto implemented = [](const analysis::gap& g) {
    return g.implemented ? std::to_string(*g.implemented) : std::string();
  };
  if (l.format == "json") {
    // Written as it goes, in parts (a document of every gap first cost three
    // times the output): what ordered_json::dump(2) gives of {"catalogue",
    // "count", "gaps": [{"severity", "asset", "kind", "property", "required",
    // "implemented" | "measure", "title", "dependents"}]}.
    result r;
    r.out = "{\n  \"catalogue\": ";
    detail::put_json_string(r.out, cat.id);
    r.out += ",\n  \"count\": " + std::to_string(n) + ",\n  \"gaps\": " + (n == 0 ? "[]" : "[\n");
    for (std::size_t i = 0; i < n; ++i) {
      const analysis::gap g = gap_at(i);
      std::string& out = tail_part(r.more);
      out += i == 0 ? "    {\n      \"severity\": " : ",\n    {\n      \"severity\": ";
      out += std::to_string(g.severity);
      out += ",\n      \"asset\": ";
      detail::put_json_string(out, g.asset);
      out += g.kind == analysis::gap::what::level ? ",\n      \"kind\": \"level\",\n      \"property\": "
                                                  : ",\n      \"kind\": \"measure\",\n      \"property\": ";
      detail::put_json_string(out, g.property);
      out += ",\n      \"required\": " + std::to_string(g.effective);
      if (g.kind == analysis::gap::what::level) {
        out += ",\n      \"implemented\": " + (g.implemented ? std::to_string(*g.implemented) : std::string("null"));
      } else {
        out += ",\n      \"measure\": ";
        detail::put_json_string(out, g.measure);
        out += ",\n      \"title\": ";
        detail::put_json_string(out, title(g));
      }
      out += ",\n      \"dependents\": " + std::to_string(g.dependents) + "\n    }";
    }
    tail_part(r.more) += n == 0 ? "\n}\n" : "\n  ]\n}\n";
    return r;
  }
  if (l.format == "csv") {
    // Written in parts, as the JSON above (one string of 300 MB at 10^6
    // assets was copied each time it grew).
    result r(csv_line(
        {"severity", "asset", "kind", "property", "implemented", "required", "measure", "title", "dependents"}));
    for (std::size_t i = 0; i < n; ++i) {
      const analysis::gap g = gap_at(i);
      const bool lv = g.kind == analysis::gap::what::level;
      tail_part(r.more) += csv_line({std::to_string(g.severity), g.asset, lv ? "level" : "measure", g.property,
                                     implemented(g), std::to_string(g.effective), g.measure,
                                     lv ? std::string() : title(g), std::to_string(g.dependents)});
    }
    return r;
  }
  std::string out;
  for (std::size_t i = 0; i < cut(n, l); ++i) {
    const analysis::gap g = gap_at(i);
    out += "[" + std::to_string(g.severity) + "] " + g.asset + ": ";
    if (g.kind == analysis::gap::what::level) {
      out += g.property + " implemented " + (g.implemented ? implemented(g) : std::string("-")) + ", required " +
             std::to_string(g.effective);
    } else {
      out += "missing " + g.measure + " " + title(g) + " (" + g.property + std::to_string(g.effective) + ")";
    }
    out += ", " + std::to_string(g.dependents) + " dependents\n";
  }
  out += more_line(n, l, "");
  out += std::to_string(n) + (n == 1 ? " gap\n" : " gaps\n");
  return out;
}

} // namespace

void add_analysis_commands(CLI::App& app, std::vector<command>& commands) {
  struct options {
    std::string model_path, asset_id, property, today, rules, answers, classify_model, format, catalogue;
    int threshold = -1;
    bool fail_on_gaps = false;
    cli::listing list;
  };
  auto o = std::make_shared<options>();
  o->list.progress = terminal_progress();

  auto* imc = app.add_subcommand("impact", "What is affected if an asset is compromised for a property");
  imc->add_option("MODEL", o->model_path, "Model")->required();
  imc->add_option("ASSET", o->asset_id, "Asset id")->required();
  imc->add_option("PROPERTY", o->property, "Property key or role word")->required();
  add_listing_options(imc, o->list);
  commands.push_back(
      {imc, [o]() -> result { return impact_text(load(o->model_path), o->asset_id, o->property, o->list); }});

  auto* spof = app.add_subcommand("spof", "Single points of failure for availability");
  spof->add_option("MODEL", o->model_path, "Model")->required();
  spof->add_option("--threshold", o->threshold, "Availability level that counts (default: the scale's second highest)");
  add_listing_options(spof, o->list);
  spof->add_option("--threads", o->list.threads,
                   "Worker threads for the search and the propagation before it (default 1; 0 = every core); the "
                   "result does not depend on it")
      ->check(CLI::Range(0, 256));
  commands.push_back({spof, [o]() -> result { return spof_command(load(o->model_path), o->threshold, o->list); }});

  auto* rev =
      app.add_subcommand("review", "Reviews, owners, deviations, cumulation candidates, per-owner requirements");
  rev->add_option("MODEL", o->model_path, "Model")->required();
  rev->add_option("--today", o->today, "Date for overdue reviews (default: today, UTC)");
  add_listing_options(rev, o->list);
  commands.push_back({rev, [o]() -> result { return {review_text(load(o->model_path), o->today, o->list)}; }});

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
  add_listing_options(gp, o->list);
  commands.push_back({gp, [o]() -> result {
                        auto m = load(o->model_path);
                        auto cat = o->catalogue.empty() ? analysis::default_catalogue()
                                                        : read_named(o->catalogue, [](const std::string& t) {
                                                            return analysis::read_catalogue(t);
                                                          });
                        std::size_t count = 0;
                        auto out = gaps_text(m, cat, o->list, count);
                        out.status = o->fail_on_gaps && count != 0 ? 1 : 0;
                        return out;
                      }});
}

} // namespace infoclass::inline INFOCLASS_ABI::cli
