#include "infoclass/io/threagile.hpp"

#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <tuple>

namespace infoclass::io {

namespace {

struct reader {
  std::string_view name;

  [[noreturn]] void fail(const YAML::Node& at, const std::string& path, const std::string& why) const {
    std::string where(name);
    if (at.IsDefined() && at.Mark().line >= 0) {
      where += ":" + std::to_string(at.Mark().line + 1) + ":" + std::to_string(at.Mark().column + 1);
    }
    throw model_error(where, path + ": " + why);
  }

  std::string text(const YAML::Node& n, const std::string& path, bool required = false) const {
    if (!n.IsDefined() || n.IsNull()) {
      if (required) {
        fail(n, path, "missing");
      }
      return {};
    }
    if (!n.IsScalar()) {
      fail(n, path, "expected a text value");
    }
    return n.Scalar();
  }

  std::vector<std::string> list(const YAML::Node& n, const std::string& path) const {
    std::vector<std::string> out;
    if (!n.IsDefined() || n.IsNull()) {
      return out;
    }
    if (!n.IsSequence()) {
      fail(n, path, "expected a list");
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
      out.push_back(text(n[i], path + "/" + std::to_string(i), true));
    }
    return out;
  }

  // The CIA rating of a data or technical asset.
  classification rating(const scheme& s, const YAML::Node& n, const std::string& path) const {
    classification c(3);
    const char* fields[] = {"confidentiality", "integrity", "availability"};
    for (std::size_t p = 0; p < 3; ++p) {
      auto v = text(n[fields[p]], path + "/" + fields[p]);
      if (v.empty()) {
        continue;
      }
      auto l = s.find_level(p, v);
      if (!l) {
        std::string keys;
        for (const auto& lv : s.properties[p].levels) {
          keys += (keys.empty() ? "" : ", ") + lv.key;
        }
        fail(n[fields[p]], path + "/" + fields[p], "'" + v + "' is not a Threagile rating (" + keys + ")");
      }
      c.set(p, *l);
    }
    return c;
  }
};

std::string safe(std::string s) {
  for (auto& c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == ':' || c == '@' || c == '/' || c == '-')) {
      c = '-';
    }
  }
  return s.substr(0, 128);
}

} // namespace

model read_threagile(std::string_view yaml, std::string_view name) {
  reader r{name};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw model_error(
        std::string(name) + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1), e.msg);
  }
  if (!root.IsMap()) {
    throw model_error(std::string(name), "expected a Threagile model (a YAML mapping)");
  }
  auto sch = scheme::preset("threagile");
  model m(sch);
  const auto& s = *sch;
  try {
    // Data assets.
    std::map<std::string, std::string> data_ids; // id -> name
    if (auto da = root["data_assets"]; da.IsDefined() && !da.IsNull()) {
      if (!da.IsMap()) {
        r.fail(da, "data_assets", "expected a mapping of data assets");
      }
      for (const auto& kv : da) {
        const std::string title = kv.first.as<std::string>();
        const std::string path = "data_assets/" + title;
        const auto& n = kv.second;
        if (!n.IsMap()) {
          r.fail(n, path, "expected a mapping");
        }
        asset a;
        a.id = r.text(n["id"], path + "/id", true);
        if (!valid_asset_id(a.id)) {
          r.fail(n["id"], path + "/id", "'" + a.id + "' is not a usable id ([A-Za-z0-9._:@/-]{1,128})");
        }
        if (m.contains(a.id)) {
          r.fail(n["id"], path + "/id", "duplicate id '" + a.id + "'");
        }
        a.kind = "information";
        a.name = title;
        a.owner = r.text(n["owner"], path + "/owner");
        a.own = r.rating(s, n, path);
        a.justification = r.text(n["justification_cia_rating"], path + "/justification_cia_rating");
        m.add_asset(std::move(a));
        data_ids.emplace(r.text(n["id"], path + "/id"), title);
      }
    }
    auto data_ref = [&](const YAML::Node& list, const std::string& path) {
      auto ids = r.list(list, path);
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (data_ids.count(ids[i]) == 0) {
          r.fail(list[i], path + "/" + std::to_string(i), "unknown data asset '" + ids[i] + "'");
        }
      }
      return ids;
    };
    std::set<std::tuple<std::string, std::string, std::string>> added;
    auto add_dep = [&](const std::string& from, const std::string& to, const std::string& type) {
      // Threagile may name the same data twice (processed, sent and received).
      if (from != to && added.emplace(from, to, type).second) {
        m.add_dependency(from, to, type);
      }
    };
    // Technical assets, then their links (targets may come later in the file).
    auto ta = root["technical_assets"];
    if (!ta.IsDefined() || !ta.IsMap()) {
      r.fail(root, "technical_assets", "missing or not a mapping");
    }
    std::vector<std::pair<std::string, YAML::Node>> techs;
    for (const auto& kv : ta) {
      const std::string title = kv.first.as<std::string>();
      const std::string path = "technical_assets/" + title;
      const auto& n = kv.second;
      if (!n.IsMap()) {
        r.fail(n, path, "expected a mapping");
      }
      asset a;
      a.id = r.text(n["id"], path + "/id", true);
      if (!valid_asset_id(a.id) || m.contains(a.id)) {
        r.fail(n["id"], path + "/id", "'" + a.id + "' is not a usable, unique id");
      }
      const auto type = r.text(n["type"], path + "/type");
      a.kind = type == "datastore" ? "datastore" : type == "external-entity" ? "external-entity" : "application";
      if (!type.empty() && type != "process" && type != "datastore" && type != "external-entity") {
        r.fail(n["type"], path + "/type",
               "'" + type + "' is not a technical asset type (external-entity, process, datastore)");
      }
      a.name = title;
      a.owner = r.text(n["owner"], path + "/owner");
      a.own = r.rating(s, n, path);
      a.justification = r.text(n["justification_cia_rating"], path + "/justification_cia_rating");
      m.add_asset(std::move(a));
      techs.emplace_back(title, n);
    }
    for (const auto& [title, n] : techs) {
      const std::string path = "technical_assets/" + title;
      const std::string id = r.text(n["id"], path + "/id");
      for (const auto& d : data_ref(n["data_assets_processed"], path + "/data_assets_processed")) {
        add_dep(d, id, "processed_by");
      }
      for (const auto& d : data_ref(n["data_assets_stored"], path + "/data_assets_stored")) {
        add_dep(d, id, "stored_on");
      }
      auto links = n["communication_links"];
      if (!links.IsDefined() || links.IsNull()) {
        continue;
      }
      if (!links.IsMap()) {
        r.fail(links, path + "/communication_links", "expected a mapping");
      }
      for (const auto& lk : links) {
        const std::string ltitle = lk.first.as<std::string>();
        const std::string lpath = path + "/communication_links/" + ltitle;
        const auto& l = lk.second;
        const auto target = r.text(l["target"], lpath + "/target", true);
        if (!m.contains(target) || m.kind(m.vertex(target)) == "information") {
          r.fail(l["target"], lpath + "/target", "unknown technical asset '" + target + "'");
        }
        asset link;
        link.id = safe(id + ":" + ltitle);
        if (m.contains(link.id)) {
          r.fail(lk.first, lpath, "duplicate communication link");
        }
        link.kind = "communication-link";
        link.name = ltitle;
        link.own = classification(3);
        m.add_asset(link);
        for (const auto& d : data_ref(l["data_assets_sent"], lpath + "/data_assets_sent")) {
          add_dep(d, link.id, "transmitted_over");
          add_dep(d, id, "processed_by");
          add_dep(d, target, "processed_by");
        }
        for (const auto& d : data_ref(l["data_assets_received"], lpath + "/data_assets_received")) {
          add_dep(d, link.id, "transmitted_over");
          add_dep(d, id, "processed_by");
          add_dep(d, target, "processed_by");
        }
      }
    }
    // Trust boundaries and shared runtimes contain what they hold.
    auto containers = [&](const char* section, const char* kind, const char* members, const char* type) {
      auto sec = root[section];
      if (!sec.IsDefined() || sec.IsNull()) {
        return std::vector<std::pair<std::string, YAML::Node>>{};
      }
      if (!sec.IsMap()) {
        r.fail(sec, section, "expected a mapping");
      }
      std::vector<std::pair<std::string, YAML::Node>> all;
      for (const auto& kv : sec) {
        const std::string title = kv.first.as<std::string>();
        const std::string path = std::string(section) + "/" + title;
        asset a;
        a.id = r.text(kv.second["id"], path + "/id", true);
        if (!valid_asset_id(a.id) || m.contains(a.id)) {
          r.fail(kv.second["id"], path + "/id", "'" + a.id + "' is not a usable, unique id");
        }
        a.kind = kind;
        a.name = title;
        a.own = classification(3);
        m.add_asset(a);
        all.emplace_back(title, kv.second);
      }
      for (const auto& [title, n] : all) {
        const std::string path = std::string(section) + "/" + title;
        const std::string id = r.text(n["id"], path + "/id");
        auto held = n[members];
        auto ids = r.list(held, path + "/" + members);
        for (std::size_t i = 0; i < ids.size(); ++i) {
          if (!m.contains(ids[i]) || m.kind(m.vertex(ids[i])) == "information") {
            r.fail(held[i], path + "/" + members + "/" + std::to_string(i), "unknown technical asset '" + ids[i] + "'");
          }
          add_dep(ids[i], id, type);
        }
      }
      return all;
    };
    auto boundaries = containers("trust_boundaries", "trust-boundary", "technical_assets_inside", "located_in");
    for (const auto& [title, n] : boundaries) {
      const std::string path = "trust_boundaries/" + title;
      auto nested = n["trust_boundaries_nested"];
      auto ids = r.list(nested, path + "/trust_boundaries_nested");
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!m.contains(ids[i]) || m.kind(m.vertex(ids[i])) != "trust-boundary") {
          r.fail(nested[i], path + "/trust_boundaries_nested/" + std::to_string(i),
                 "unknown trust boundary '" + ids[i] + "'");
        }
        add_dep(ids[i], r.text(n["id"], path + "/id"), "located_in");
      }
    }
    (void)containers("shared_runtimes", "shared-runtime", "technical_assets_running", "runs_on");
  } catch (const YAML::Exception& e) {
    throw model_error(
        std::string(name) + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1), e.msg);
  }
  return m;
}

model load_threagile(const std::filesystem::path& file) {
  return read_threagile(read_file(file, std::size_t{1} << 28), file.string());
}

} // namespace infoclass::io
