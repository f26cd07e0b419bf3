// SPDX-License-Identifier: Apache-2.0
#include "infoclass/report.hpp"

#include "infoclass/unicode.hpp"

#include "support/text.hpp"

#include "analysis/gap_rows.hpp"

#include "infoclass/analysis/impact.hpp"
#include "infoclass/analysis/measures.hpp"
#include "infoclass/analysis/review.hpp"

#include "infoclass/version.hpp"
#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

namespace infoclass::inline INFOCLASS_ABI {

namespace {

// Display width of UTF-8 text: code points (the names we print have no wide
// characters).
// Terminal columns (wide characters 2, combining marks 0), not bytes.
std::size_t width(std::string_view s) { return unicode::display_width(s); }

std::string pad(std::string_view s, std::size_t w) {
  std::string out(s);
  for (std::size_t i = width(s); i < w; ++i) {
    out += ' ';
  }
  return out;
}

std::string level_text(std::optional<level_t> l) { return l ? std::to_string(*l) : std::string("-"); }

std::string short_cause(const cause& c) {
  switch (c.kind) {
  case cause_kind::own: return "own";
  case cause_kind::override_: return "override (" + c.effect + ")";
  case cause_kind::floor: return "floor";
  case cause_kind::cumulation:
    return "cumulation (" + std::to_string(c.count) + " >= " + std::to_string(c.at_least) + ")";
  case cause_kind::edge:
    return "<- " + c.from + " (" + c.type +
           (c.group.empty()
                ? std::string()
                : ", group " + c.group + " " + std::to_string(c.need) + " of " + std::to_string(c.members)) +
           ")";
  case cause_kind::none: break;
  }
  return "unassessed";
}

// "K R: <- app (runs_on); T: override (distribution)", or one text for all.
std::string cause_summary(const assessment& a, std::size_t i) {
  const auto& s = a.get_scheme();
  std::vector<std::pair<std::string, std::string>> groups; // cause text -> keys
  for (std::size_t p = 0; p < s.size(); ++p) {
    auto text = short_cause(a.cause_of(i, p));
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == text; });
    if (it == groups.end()) {
      groups.emplace_back(text, s.properties[p].key);
    } else {
      it->second += " " + s.properties[p].key;
    }
  }
  if (groups.size() == 1) {
    return groups.front().first;
  }
  std::string out;
  for (const auto& [text, keys] : groups) {
    out += (out.empty() ? "" : "; ") + keys + ": " + text;
  }
  return out;
}

std::string csv_field(std::string_view f) { return io::detail::csv_quote(f, ','); }

} // namespace

std::string describe(const cause& c) {
  switch (c.kind) {
  case cause_kind::own: return "own assessment";
  case cause_kind::override_: return "override (" + c.effect + ")";
  case cause_kind::floor: return "floor of the policy";
  case cause_kind::cumulation:
    return "cumulation: " + std::to_string(c.count) + " dependents reach level " +
           (c.threshold ? std::to_string(*c.threshold) : std::string("-")) + " (rule needs " +
           std::to_string(c.at_least) + ")";
  case cause_kind::edge:
    return "edge from " + c.from + " (" + c.type +
           (c.group.empty() ? std::string()
                            : ", redundancy group " + c.group + ": " + std::to_string(c.need) + " of " +
                                  std::to_string(c.members) + " needed") +
           ")";
  case cause_kind::none: break;
  }
  return "unassessed";
}

std::string format_report(const model& m, const assessment& a, const report_options& options) {
  const auto& s = a.get_scheme();
  std::ostringstream out;
  out << "infoclass report: " << (s.name_en.empty() ? s.id : s.name_en) << " (" << s.id << ")\n";
  out << m.size() << (m.size() == 1 ? " asset, " : " assets, ") << m.num_dependencies()
      << (m.num_dependencies() == 1 ? " dependency\n\n" : " dependencies\n\n");

  // The rows: every asset in model order, or (when cut) those with the
  // highest levels first: the highest effective level, then the sum.
  std::vector<std::size_t> shown_rows(a.size());
  for (std::size_t i = 0; i < shown_rows.size(); ++i) {
    shown_rows[i] = i;
  }
  if (shown_rows.size() > options.table_limit) {
    auto key = [&](std::size_t i) {
      int top = -1;
      int sum = 0;
      for (std::size_t p = 0; p < s.size(); ++p) {
        if (auto l = a.effective(i, p)) {
          top = std::max<int>(top, *l);
          sum += *l;
        }
      }
      return std::pair{top, sum};
    };
    std::vector<std::pair<int, int>> keys(shown_rows.size());
    for (std::size_t i = 0; i < shown_rows.size(); ++i) {
      keys[i] = key(i);
    }
    std::stable_sort(shown_rows.begin(), shown_rows.end(),
                     [&](std::size_t x, std::size_t y) { return keys[x] > keys[y]; });
    shown_rows.resize(options.table_limit);
  }
  std::size_t wid = 5;
  std::size_t wkind = 4;
  std::size_t wowner = 5;
  for (const std::size_t i : shown_rows) {
    wid = std::max(wid, width(a.id(i)));
    wkind = std::max(wkind, width(a.kind(i)));
    wowner = std::max(wowner, width(m.owner(m.vertex(a.id(i)))));
  }
  out << pad("ASSET", wid) << "  " << pad("KIND", wkind) << "  " << pad("OWNER", wowner) << " ";
  for (const auto& p : s.properties) {
    out << " " << pad(p.key, 2);
  }
  out << "  CAUSE\n";
  for (const std::size_t i : shown_rows) {
    const std::string_view owner = m.owner(m.vertex(a.id(i)));
    out << pad(a.id(i), wid) << "  " << pad(a.kind(i), wkind) << "  " << pad(owner.empty() ? "-" : owner, wowner)
        << " ";
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto l = a.effective(i, p);
      if (options.colour && l) {
        static constexpr const char* colours[] = {"32", "36", "33", "31", "35", "35", "35", "35"};
        out << " \x1b[" << colours[std::min<std::size_t>(*l, 7)] << "m" << pad(level_text(l), 2) << "\x1b[0m";
      } else {
        out << " " << pad(level_text(l), 2);
      }
    }
    out << "  " << cause_summary(a, i) << "\n";
  }

  if (shown_rows.size() < a.size()) {
    out << "… " << a.size() - shown_rows.size() << " more assets (the " << shown_rows.size()
        << " with the highest levels are shown; --all lists every one)\n";
  }

  // "… N more" under a list cut at options.list_limit.
  auto more = [&](std::size_t n, const char* indent = "  ") {
    if (n > options.list_limit) {
      out << indent << "… " << n - options.list_limit << " more (--all lists every one)\n";
    }
  };
  auto devs = a.deviations();
  auto section = [&](deviation::what w, const std::string& title) {
    std::vector<const deviation*> rows;
    for (const auto& d : devs) {
      if (d.kind == w) {
        rows.push_back(&d);
      }
    }
    out << "\n" << title << " (" << rows.size() << ")\n";
    if (rows.empty()) {
      out << "  none\n";
    }
    for (std::size_t k = 0; k < rows.size() && k < options.list_limit; ++k) {
      const auto* d = rows[k];
      out << "  " << d->asset << " " << s.properties[d->property].key << ": " << d->message;
      if (w == deviation::what::lowering_override) {
        const auto ov = m.at(d->asset).overrides.at(d->property);
        out << " (" << to_string(ov.effect) << ": " << ov.justification << ")";
      }
      out << "\n";
    }
    more(rows.size());
  };
  section(deviation::what::lowering_override, "Lowering overrides");
  section(deviation::what::unassessed, "Unassessed information");
  if (s.separate_analysis_level) {
    section(deviation::what::separate_analysis, "Separate analysis required");
  }

  // Findings of the analyses.
  const auto today = options.today.empty() ? analysis::today_utc() : options.today;
  auto rv = analysis::review(m, a, today);
  out << "\nReview on " << today << "\n";
  out << "  overdue reviews: " << rv.overdue.size() << "\n";
  for (std::size_t k = 0; k < rv.overdue.size() && k < options.list_limit; ++k) {
    out << "    " << rv.overdue[k] << " (review by " << m.at(rv.overdue[k]).review_by << ")\n";
  }
  more(rv.overdue.size(), "    ");
  out << "  information without a review date: " << rv.missing_review.size() << "\n";
  out << "  assets without owner: " << rv.without_owner.size() << "\n";
  for (std::size_t k = 0; k < rv.without_owner.size() && k < options.list_limit; ++k) {
    out << "    " << rv.without_owner[k] << "\n";
  }
  more(rv.without_owner.size(), "    ");
  out << "  cumulation candidates: " << rv.cumulation_candidates.size() << "\n";
  std::stable_sort(rv.cumulation_candidates.begin(), rv.cumulation_candidates.end(),
                   [](const auto& x, const auto& y) { return x.dependents > y.dependents; });
  for (std::size_t k = 0; k < rv.cumulation_candidates.size() && k < options.list_limit; ++k) {
    const auto& c = rv.cumulation_candidates[k];
    out << "    " << c.asset << " " << c.property << c.level << ": " << c.dependents << " dependents at this level\n";
  }
  more(rv.cumulation_candidates.size(), "    ");
  std::optional<std::size_t> avail;
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (s.properties[p].role == role::availability) {
      avail = p;
    }
  }
  if (avail) {
    const auto threshold = static_cast<level_t>(s.levels(*avail) >= 2 ? s.levels(*avail) - 2 : 0);
    // Their numbers only: the summary names no victim (naming every one is
    // most of the search's work at scale).
    analysis::spof_options so;
    so.progress = options.progress;
    auto spof = analysis::count_single_points_of_failure(m, a, threshold, so);
    out << "\nSingle points of failure for " << s.properties[*avail].key << " >= " << int(threshold) << " ("
        << spof.size() << ")\n";
    if (spof.size() > options.list_limit) { // the most severe first
      std::stable_sort(spof.begin(), spof.end(),
                       [](const auto& x, const auto& y) { return x.brings_down > y.brings_down; });
    }
    for (std::size_t k = 0; k < spof.size() && k < options.list_limit; ++k) {
      out << "  " << spof[k].asset << " brings down " << spof[k].brings_down << "\n";
    }
    more(spof.size());
  }
  if (s.id == "se-klassa") {
    // The gaps as rows of indices; only the ten shown are made with their texts.
    const auto cat = analysis::default_catalogue();
    const auto found = analysis::detail::find_gaps(m, a, cat, options.progress);
    out << "\nGaps against the default measures catalogue (" << found.rows.size()
        << "; `infoclass gaps --all` lists all)\n";
    for (std::size_t i = 0; i < found.rows.size() && i < 10; ++i) {
      const analysis::gap g = analysis::detail::make_gap(m, cat, found, i);
      out << "  [" << g.severity << "] " << g.asset << ": "
          << (g.kind == analysis::gap::what::level
                  ? g.property + " implemented " + (g.implemented ? std::to_string(*g.implemented) : std::string("-")) +
                        ", required " + std::to_string(g.effective)
                  : "missing " + g.measure)
          << "\n";
    }
  }
  return out.str();
}

std::string format_table(const model& m, const assessment& a) {
  (void)m;
  const auto& s = a.get_scheme();
  std::size_t wid = 5;
  std::size_t wkind = 4;
  for (std::size_t i = 0; i < a.size(); ++i) {
    wid = std::max(wid, width(a.id(i)));
    wkind = std::max(wkind, width(a.kind(i)));
  }
  std::ostringstream out;
  std::string header = pad("ASSET", wid) + "  " + pad("KIND", wkind);
  for (const auto& p : s.properties) {
    header += "  " + pad(p.key, 5);
  }
  while (!header.empty() && header.back() == ' ') {
    header.pop_back();
  }
  out << header << "\n";
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string line = pad(a.id(i), wid) + "  " + pad(a.kind(i), wkind);
    for (std::size_t p = 0; p < s.size(); ++p) {
      std::string cell = level_text(a.effective(i, p));
      if (a.effective(i, p) != a.derived(i, p)) {
        cell += " (" + level_text(a.derived(i, p)) + ")";
      }
      line += "  " + pad(cell, 5);
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << line << "\n";
  }
  return out.str();
}

std::string format_csv(const model& m, const assessment& a) {
  const auto& s = a.get_scheme();
  std::ostringstream out;
  out << "id,kind,owner";
  for (const auto& p : s.properties) {
    out << "," << p.key;
  }
  for (const auto& p : s.properties) {
    out << "," << p.key << "_derived";
  }
  for (const auto& p : s.properties) {
    out << "," << p.key << "_cause";
  }
  out << "\r\n";
  for (std::size_t i = 0; i < a.size(); ++i) {
    out << csv_field(a.id(i)) << "," << csv_field(a.kind(i)) << "," << csv_field(m.owner(m.vertex(a.id(i))));
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto l = a.effective(i, p);
      out << "," << (l ? std::to_string(*l) : "");
    }
    for (std::size_t p = 0; p < s.size(); ++p) {
      auto l = a.derived(i, p);
      out << "," << (l ? std::to_string(*l) : "");
    }
    for (std::size_t p = 0; p < s.size(); ++p) {
      out << "," << csv_field(short_cause(a.cause_of(i, p)));
    }
    out << "\r\n";
  }
  return out.str();
}

std::string format_explanation(const assessment& a, std::string_view asset, std::size_t property) {
  const auto& s = a.get_scheme();
  const auto& key = s.properties.at(property).key;
  auto path = a.explain(asset, property);
  std::ostringstream out;
  out << asset << " " << key << " = " << level_text(a.effective(a.index(asset), property)) << "\n";
  // Each step two spaces further in, down to `deepest`; a step below that
  // stays there and says its number (indenting every step of a chain of
  // 100,000 made 5 * 10^9 spaces).
  constexpr std::size_t deepest = 32;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& st = path[i];
    out << std::string(2 * std::min(i + 1, deepest), ' ');
    if (i + 1 > deepest) {
      out << "[" << i + 1 << "] ";
    }
    out << st.asset << " " << key << level_text(st.level) << ": " << describe(st.cause) << "\n";
  }
  return out.str();
}

namespace {

std::string h(std::string_view s) { return io::detail::xml_escape(s); }

std::string level_cell(std::optional<level_t> l) {
  static constexpr const char* colours[] = {"#e8f5e9", "#fff9c4", "#ffe0b2", "#ffab91",
                                            "#ef9a9a", "#ce93d8", "#b39ddb", "#9fa8da"};
  if (!l) {
    return "<td class=\"none\">&ndash;</td>";
  }
  return R"(<td class="lvl" style="background:)" + std::string(colours[std::min<std::size_t>(*l, 7)]) + "\">" +
         std::to_string(*l) + "</td>";
}

} // namespace

std::string format_html_report(const model& m, const assessment& a, const std::string& svg,
                               const report_options& options) {
  const auto& s = a.get_scheme();
  const auto today = options.today.empty() ? analysis::today_utc() : options.today;
  auto rv = analysis::review(m, a, today);
  std::optional<std::size_t> avail;
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (s.properties[p].role == role::availability) {
      avail = p;
    }
  }
  std::vector<analysis::single_point> spof;
  level_t threshold = 0;
  if (avail) {
    threshold = static_cast<level_t>(s.levels(*avail) >= 2 ? s.levels(*avail) - 2 : 0);
    spof = analysis::single_points_of_failure(m, a, threshold);
  }
  analysis::catalogue cat;       // the default one, for se-klassa
  analysis::detail::gap_rows gs; // made with their texts one at a time, as they are written
  if (s.id == "se-klassa") {
    cat = analysis::default_catalogue();
    gs = analysis::detail::find_gaps(m, a, cat, {});
  }
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"" << h(s.language.empty() ? "en" : s.language) << "\">\n<head>\n"
    << "<meta charset=\"utf-8\">\n<title>infoclass report</title>\n<style>\n"
    << "body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:2em;color:#222}"
    << "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}"
    << "th{background:#eceff1;text-align:left}td.lvl{text-align:center}td.none{color:#999;text-align:center}"
    << ".figures{display:flex;gap:1em;flex-wrap:wrap}.figure{border:1px solid #ccc;border-radius:6px;padding:0.6em 1em}"
    << ".figure b{display:block;font-size:24px}details{margin:0}summary{cursor:pointer}"
    << "#graph svg{max-width:100%;height:auto;border:1px solid #ddd}\n</style>\n</head>\n<body>\n";
  o << "<h1>infoclass report</h1>\n<p>" << h(s.name_en.empty() ? s.id : s.name_en) << " (" << h(s.id)
    << "), reviewed on " << h(today) << ".</p>\n";
  o << "<div class=\"figures\">";
  auto fig = [&](const std::string& label, std::size_t n) {
    o << "<div class=\"figure\"><b>" << n << "</b>" << h(label) << "</div>";
  };
  fig("assets", m.size());
  fig("dependencies", m.num_dependencies());
  fig("deviations", rv.deviations.size());
  fig("overdue reviews", rv.overdue.size());
  fig("single points of failure", spof.size());
  fig("gaps", gs.rows.size());
  o << "</div>\n";

  o << "<h2>Findings</h2>\n<h3>Deviations (" << rv.deviations.size() << ")</h3>\n<table><tr><th>asset</th><th>"
    << "property</th><th>kind</th><th>message</th></tr>\n";
  for (const auto& d : rv.deviations) {
    o << "<tr><td>" << h(d.asset) << "</td><td>" << h(s.properties[d.property].key) << "</td><td>"
      << h(to_string(d.kind)) << "</td><td>" << h(d.message) << "</td></tr>\n";
  }
  o << "</table>\n";
  auto id_list = [&](const std::string& title, const std::vector<std::string>& ids) {
    o << "<h3>" << h(title) << " (" << ids.size() << ")</h3>\n<p>";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      o << (i ? ", " : "") << h(ids[i]);
    }
    o << (ids.empty() ? "none" : "") << "</p>\n";
  };
  id_list("Overdue reviews", rv.overdue);
  id_list("Information without a review date", rv.missing_review);
  id_list("Assets without owner", rv.without_owner);
  o << "<h3>Cumulation candidates (" << rv.cumulation_candidates.size() << ")</h3>\n<table><tr><th>asset</th>"
    << "<th>property</th><th>level</th><th>dependents at that level</th></tr>\n";
  for (const auto& c : rv.cumulation_candidates) {
    o << "<tr><td>" << h(c.asset) << "</td><td>" << h(c.property) << "</td><td>" << int(c.level) << "</td><td>"
      << c.dependents << "</td></tr>\n";
  }
  o << "</table>\n";
  if (avail) {
    o << "<h3>Single points of failure for " << h(s.properties[*avail].key) << " &ge; " << int(threshold) << " ("
      << spof.size() << ")</h3>\n<table><tr><th>asset</th><th>brings down</th></tr>\n";
    for (const auto& sp : spof) {
      o << "<tr><td>" << h(sp.asset) << "</td><td>";
      for (std::size_t i = 0; i < sp.brings_down.size(); ++i) {
        o << (i ? ", " : "") << h(sp.brings_down[i]);
      }
      o << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  if (s.id == "se-klassa") {
    o << "<h3>Gaps against the default measures catalogue (" << gs.rows.size()
      << ")</h3>\n<table><tr><th>severity</th><th>asset</th><th>gap</th><th>dependents</th></tr>\n";
    for (std::size_t i = 0; i < gs.rows.size(); ++i) {
      const analysis::gap g = analysis::detail::make_gap(m, cat, gs, i);
      o << "<tr><td>" << g.severity << "</td><td>" << h(g.asset) << "</td><td>"
        << h(g.kind == analysis::gap::what::level
                 ? g.property + " implemented " + (g.implemented ? std::to_string(*g.implemented) : std::string("-")) +
                       ", required " + std::to_string(g.effective)
                 : "missing measure " + g.measure + " (" + g.property + std::to_string(g.effective) + ")")
        << "</td><td>" << g.dependents << "</td></tr>\n";
    }
    o << "</table>\n";
  }

  o << "<h2>Dependency graph</h2>\n";
  if (svg.empty()) {
    o << "<p>No picture: this build of infoclass has no Graphviz.</p>\n";
  } else {
    auto start = svg.find("<svg");
    o << "<div id=\"graph\">" << (start == std::string::npos ? svg : svg.substr(start)) << "</div>\n";
  }

  o << "<h2>Assets</h2>\n<table><tr><th>asset</th><th>kind</th><th>owner</th>";
  for (const auto& p : s.properties) {
    o << "<th>" << h(p.key) << "</th>";
  }
  o << "<th>explanation</th></tr>\n";
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& as = m.at(a.id(i));
    o << "<tr id=\"asset-" << h(a.id(i)) << "\"><td>" << h(a.id(i)) << "</td><td>" << h(a.kind(i)) << "</td><td>"
      << h(as.owner) << "</td>";
    for (std::size_t p = 0; p < s.size(); ++p) {
      o << level_cell(a.effective(i, p));
    }
    o << "<td>";
    for (std::size_t p = 0; p < s.size(); ++p) {
      if (!a.effective(i, p)) {
        continue;
      }
      o << "<details><summary>" << h(s.properties[p].key) << ": " << h(describe(a.cause_of(i, p))) << "</summary><ol>";
      for (const auto& st : a.explain(a.id(i), p)) {
        o << "<li>" << h(st.asset) << " " << h(s.properties[p].key) << level_text(st.level) << ": "
          << h(describe(st.cause)) << "</li>";
      }
      o << "</ol></details>";
    }
    o << "</td></tr>\n";
  }
  o << "</table>\n";

  o << "<h2>Owners</h2>\n";
  for (const auto& ow : rv.owners) {
    o << "<h3>" << h(ow.owner) << "</h3>\n<p>Owns " << ow.owns.size() << ": ";
    for (std::size_t i = 0; i < ow.owns.size(); ++i) {
      o << (i ? ", " : "") << h(ow.owns[i]);
    }
    o << "</p>\n";
    if (!ow.places.empty()) {
      o << "<table><tr><th>asset of another owner</th><th>its owner</th><th>requirement</th><th>from</th></tr>\n";
      for (const auto& q : ow.places) {
        o << "<tr><td>" << h(q.asset) << "</td><td>" << h(q.owner) << "</td><td>" << h(q.property) << int(q.level)
          << "</td><td>" << h(q.origin) << "</td></tr>\n";
      }
      o << "</table>\n";
    }
  }
  o << "</body>\n</html>\n";
  return o.str();
}

} // namespace infoclass::inline INFOCLASS_ABI
