// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/rules.hpp"

#include "analysis/json_fields.hpp"
#include "infoclass/error.hpp"
#include "support/json_strict.hpp"

#include "infoclass/version.hpp"
#include <set>

namespace infoclass::inline INFOCLASS_ABI::detail {
std::string_view embedded_rules_se_kommun();
std::string_view embedded_rules_us_fips_199();
} // namespace infoclass::inline INFOCLASS_ABI::detail

namespace infoclass::inline INFOCLASS_ABI::analysis {

using json = nlohmann::json;

namespace {

using detail::fail;

void only(const json& o, const std::string& ptr, std::initializer_list<std::string_view> keys) {
  detail::only_fields(o, ptr, keys);
}

std::string str(const json& o, const char* key, const std::string& ptr, bool required) {
  return detail::field_string(o, key, ptr, required);
}

std::map<std::size_t, level_t> levels(const scheme& s, const json& o, const std::string& ptr) {
  std::map<std::size_t, level_t> out;
  if (!o.is_object()) {
    fail(ptr, "expected an object of property -> level");
  }
  for (const auto& [k, v] : o.items()) {
    const std::string kp = ptr + "/" + k;
    auto p = s.find_property(k);
    if (!p) {
      fail(kp, "'" + k + "' is not a property of scheme " + s.id);
    }
    if (v.is_null()) {
      if (!s.properties[*p].allows_not_applicable) {
        fail(kp, "null (not applicable) is not allowed for property " + s.properties[*p].key);
      }
      out[*p] = classification::not_applicable;
    } else if (v.is_string()) {
      auto l = s.find_level(*p, v.get<std::string>());
      if (!l) {
        fail(kp, "'" + v.get<std::string>() + "' is not a level of property " + s.properties[*p].key);
      }
      out[*p] = *l;
    } else if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
      auto n = v.get<std::uint64_t>();
      if (n >= s.levels(*p)) {
        fail(kp, "level " + std::to_string(n) + " is outside 0.." + std::to_string(s.levels(*p) - 1));
      }
      out[*p] = static_cast<level_t>(n);
    } else {
      fail(kp, "a level must be an integer, a level key or null");
    }
  }
  return out;
}

} // namespace

rule_set read_rules(std::string_view text) {
  auto root = io::detail::parse_json_strict(text, {});
  only(root, "", {"infoclass_rules", "id", "title", "scheme", "questions", "combinations"});
  if (!root.contains("infoclass_rules") || root["infoclass_rules"] != 1) {
    fail("/infoclass_rules", "expected 1 (the rule set format version)");
  }
  rule_set r;
  r.id = str(root, "id", "", true);
  r.title = str(root, "title", "", false);
  r.scheme_ptr = scheme::preset(str(root, "scheme", "", true));
  const auto& s = *r.scheme_ptr;
  if (!root.contains("questions") || !root["questions"].is_array()) {
    fail("/questions", "expected an array of questions");
  }
  std::set<std::string> qids;
  for (std::size_t i = 0; i < root["questions"].size(); ++i) {
    const std::string qp = "/questions/" + std::to_string(i);
    const auto& q = root["questions"][i];
    only(q, qp, {"id", "text", "answers"});
    rule_question rq;
    rq.id = str(q, "id", qp, true);
    rq.text = str(q, "text", qp, false);
    if (!qids.insert(rq.id).second) {
      fail(qp + "/id", "duplicate question '" + rq.id + "'");
    }
    if (!q.contains("answers") || !q["answers"].is_array() || q["answers"].empty()) {
      fail(qp + "/answers", "expected a non-empty array of answers");
    }
    std::set<std::string> aids;
    for (std::size_t j = 0; j < q["answers"].size(); ++j) {
      const std::string ap = qp + "/answers/" + std::to_string(j);
      const auto& a = q["answers"][j];
      only(a, ap, {"id", "text", "levels", "reason"});
      rule_answer ra;
      ra.id = str(a, "id", ap, true);
      if (!aids.insert(ra.id).second) {
        fail(ap + "/id", "duplicate answer '" + ra.id + "'");
      }
      ra.text = str(a, "text", ap, false);
      if (a.contains("levels")) {
        ra.levels = levels(s, a["levels"], ap + "/levels");
      }
      ra.reason = str(a, "reason", ap, !ra.levels.empty());
      rq.answers.push_back(std::move(ra));
    }
    r.questions.push_back(std::move(rq));
  }
  if (root.contains("combinations")) {
    if (!root["combinations"].is_array()) {
      fail("/combinations", "expected an array");
    }
    for (std::size_t i = 0; i < root["combinations"].size(); ++i) {
      const std::string cp = "/combinations/" + std::to_string(i);
      const auto& c = root["combinations"][i];
      only(c, cp, {"when", "levels", "reason"});
      rule_combination rc;
      if (!c.contains("when") || !c["when"].is_object() || c["when"].empty()) {
        fail(cp + "/when", "expected an object of question -> answer");
      }
      for (const auto& item : c["when"].items()) {
        const std::string& qid = item.key();
        const json& aid = item.value();
        if (!aid.is_string()) {
          fail(cp + "/when/" + qid, "expected an answer id");
        }
        auto q = std::find_if(r.questions.begin(), r.questions.end(), [&](const auto& x) { return x.id == qid; });
        if (q == r.questions.end()) {
          fail(cp + "/when/" + qid, "unknown question '" + qid + "'");
        }
        if (std::none_of(q->answers.begin(), q->answers.end(), [&](const auto& x) { return x.id == aid; })) {
          fail(cp + "/when/" + qid, "unknown answer '" + aid.get<std::string>() + "' to question '" + qid + "'");
        }
        rc.when.emplace(qid, aid.get<std::string>());
      }
      if (!c.contains("levels")) {
        fail(cp, "missing required field 'levels'");
      }
      rc.levels = levels(s, c["levels"], cp + "/levels");
      rc.reason = str(c, "reason", cp, true);
      r.combinations.push_back(std::move(rc));
    }
  }
  return r;
}

answers read_answers(std::string_view text) {
  auto root = io::detail::parse_json_strict(text, {});
  const json* obj = &root;
  if (root.is_object() && root.contains("answers") && root["answers"].is_object()) {
    obj = &root["answers"];
  }
  if (!obj->is_object()) {
    fail("", "expected an object of question -> answer");
  }
  answers out;
  for (const auto& [q, a] : obj->items()) {
    if (!a.is_string()) {
      fail("/" + q, "expected an answer id (a string)");
    }
    out.emplace(q, a.get<std::string>());
  }
  return out;
}

namespace {
// Rank for "higher": n/a < level 0 < level 1 ...
int rank(level_t l) { return l == classification::not_applicable ? -1 : l; }
} // namespace

classified classify(const rule_set& rules, const answers& given) {
  const auto& s = *rules.scheme_ptr;
  classified out;
  out.levels = classification::none(s.size());
  out.reasons.assign(s.size(), std::string());
  auto apply = [&](const std::map<std::size_t, level_t>& lv, const std::string& reason) {
    for (const auto& [p, l] : lv) {
      const level_t cur = out.levels.raw(p);
      if (cur == classification::unassessed || rank(l) > rank(cur)) {
        out.levels.set(p, l);
        out.reasons[p] = reason;
      }
    }
  };
  for (const auto& kv : given) {
    const std::string& qid = kv.first;
    const std::string& aid = kv.second;
    auto q = std::find_if(rules.questions.begin(), rules.questions.end(), [&](const auto& x) { return x.id == qid; });
    if (q == rules.questions.end()) {
      throw model_error(qid, "unknown question in rule set " + rules.id);
    }
    auto a = std::find_if(q->answers.begin(), q->answers.end(), [&](const auto& x) { return x.id == aid; });
    if (a == q->answers.end()) {
      std::string known;
      for (const auto& x : q->answers) {
        known += (known.empty() ? "" : ", ") + x.id;
      }
      throw model_error(qid, "unknown answer '" + aid + "' (expected one of: " + known + ")");
    }
  }
  // File order: questions first, then combinations.
  for (const auto& q : rules.questions) {
    auto it = given.find(q.id);
    if (it == given.end()) {
      continue;
    }
    for (const auto& a : q.answers) {
      if (a.id == it->second) {
        apply(a.levels, a.reason);
      }
    }
  }
  for (const auto& c : rules.combinations) {
    bool holds = std::all_of(c.when.begin(), c.when.end(), [&](const auto& w) {
      auto it = given.find(w.first);
      return it != given.end() && it->second == w.second;
    });
    if (holds) {
      apply(c.levels, c.reason);
    }
  }
  return out;
}

std::vector<reclassification> reclassify(const model& m, const rule_set& rules) {
  if (!(*rules.scheme_ptr == m.get_scheme())) {
    throw model_error(rules.id,
                      "rule set is for scheme " + rules.scheme_ptr->id + ", the model uses " + m.get_scheme().id);
  }
  std::vector<reclassification> out;
  for (std::size_t v = 0; v < m.size(); ++v) {
    const asset& as = m[v];
    if (!as.answers || as.answers->rules != rules.id) {
      continue;
    }
    classified c;
    try {
      c = classify(rules, as.answers->given);
    } catch (const model_error& e) {
      throw model_error(as.id, "recorded answers: " + std::string(e.what()));
    }
    if (!(c.levels == as.own)) {
      out.push_back({as.id, as.own, std::move(c)});
    }
  }
  return out;
}

const std::vector<std::string>& builtin_rule_sets() {
  static const std::vector<std::string> ids{"se-kommun", "us-fips-199"};
  return ids;
}

rule_set builtin_rules(std::string_view id) {
  if (id == "se-kommun") {
    return read_rules(infoclass::detail::embedded_rules_se_kommun());
  }
  if (id == "us-fips-199") {
    return read_rules(infoclass::detail::embedded_rules_us_fips_199());
  }
  throw model_error(std::string(id), "unknown built-in rule set (se-kommun, us-fips-199)");
}

} // namespace infoclass::inline INFOCLASS_ABI::analysis
