// SPDX-License-Identifier: Apache-2.0
#include "io/yaml.hpp"

#include "infoclass/error.hpp"

#include "infoclass/version.hpp"
#if INFOCLASS_HAVE_YAML
#include <libfyaml.h>
#endif

#include <algorithm>
#include <cctype>
#include <map>

namespace infoclass::inline INFOCLASS_ABI::io::detail {

const ynode* ynode::get(std::string_view key) const noexcept {
  for (const auto& [k, v] : pairs) {
    if (k.t == type::scalar && k.text == key) {
      return &v;
    }
  }
  return nullptr;
}

std::string ynode::where() const { return std::to_string(line) + ":" + std::to_string(column); }

bool ynode::is_number() const noexcept {
  if (t != type::scalar || !plain || text.empty()) {
    return false;
  }
  std::string_view s = text;
  if (s == ".inf" || s == "-.inf" || s == "+.inf" || s == ".nan" || s == ".Inf" || s == ".NaN") {
    return true;
  }
  if (s.front() == '-' || s.front() == '+') {
    s.remove_prefix(1);
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    return true;
  }
  bool digit = false;
  bool dot = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digit) {
      std::string_view rest = s.substr(i + 1);
      if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
        rest.remove_prefix(1);
      }
      return !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char d) { return d >= '0' && d <= '9'; });
    } else {
      return false;
    }
  }
  return digit;
}

#if INFOCLASS_HAVE_YAML

namespace {

struct doc_deleter {
  void operator()(fy_document* d) const noexcept { fy_document_destroy(d); }
};
struct diag_deleter {
  void operator()(fy_diag* d) const noexcept { fy_diag_destroy(d); }
};

struct converter {
  std::string_view name;
  std::size_t max_nodes;
  std::size_t max_text; ///< bytes of scalar text in the expanded tree (aliases repeat a long scalar)
  std::size_t nodes = 0;
  std::size_t text = 0;
  int depth = 0;

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& why) const {
    throw model_error(std::string(name) + ":" + std::to_string(line) + ":" + std::to_string(column), why);
  }

  static void position(fy_node* n, ynode& out) {
    fy_token* t = fy_node_get_scalar_token(n);
    if (t == nullptr) {
      // A collection: the position of its first scalar inside.
      if (fy_node_is_mapping(n)) {
        void* it = nullptr;
        if (fy_node_pair* p = fy_node_mapping_iterate(n, &it); p != nullptr && fy_node_pair_key(p) != nullptr) {
          position(fy_node_pair_key(p), out);
        }
      } else if (fy_node_is_sequence(n)) {
        void* it = nullptr;
        if (fy_node* c = fy_node_sequence_iterate(n, &it); c != nullptr) {
          position(c, out);
        }
      }
      return;
    }
    if (const fy_mark* m = fy_token_start_mark(t); m != nullptr) {
      out.line = static_cast<std::size_t>(m->line) + 1;
      out.column = static_cast<std::size_t>(m->column) + 1;
      out.begin = m->input_pos;
    }
    if (const fy_mark* m = fy_token_end_mark(t); m != nullptr) {
      out.end = m->input_pos;
    }
  }

  ynode convert(fy_node* n) {
    ynode out;
    if (++nodes > max_nodes) {
      fail(1, 1, "the document expands to more than " + std::to_string(max_nodes) + " nodes (aliases)");
    }
    if (n == nullptr) {
      return out;
    }
    if (++depth > 200) {
      ynode p;
      position(n, p);
      fail(p.line, p.column, "nested deeper than 200 levels");
    }
    position(n, out);
    if (fy_node_is_alias(n)) {
      fy_node* target = fy_node_resolve_alias(n);
      if (target == nullptr) {
        fail(out.line, out.column, "alias to an unknown anchor");
      }
      ynode r = convert(target);
      r.line = out.line;
      r.column = out.column;
      --depth;
      return r;
    }
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
      std::size_t len = 0;
      const char* s = fy_node_get_scalar(n, &len);
      text += len;
      if (text > max_text) {
        fail(out.line, out.column,
             "the document expands to more than " + std::to_string(max_text) + " bytes of text (aliases)");
      }
      out.text.assign(s == nullptr ? "" : s, len);
      out.plain = fy_node_get_style(n) == FYNS_PLAIN;
      const bool tagged = fy_node_get_tag(n, &len) != nullptr;
      if (out.plain && !tagged &&
          (out.text.empty() || out.text == "~" || out.text == "null" || out.text == "Null" || out.text == "NULL")) {
        out.t = ynode::type::null;
      } else {
        out.t = ynode::type::scalar;
      }
      break;
    }
    case FYNT_SEQUENCE: {
      out.t = ynode::type::sequence;
      void* it = nullptr;
      while (fy_node* c = fy_node_sequence_iterate(n, &it)) {
        out.items.push_back(convert(c));
      }
      break;
    }
    case FYNT_MAPPING: {
      out.t = ynode::type::mapping;
      std::map<std::string, std::string, std::less<>> seen; // key -> where
      std::vector<ynode> merges;
      void* it = nullptr;
      while (fy_node_pair* p = fy_node_mapping_iterate(n, &it)) {
        ynode k = convert(fy_node_pair_key(p));
        fy_node* vn = fy_node_pair_value(p);
        if (k.t == ynode::type::scalar && k.plain && k.text == "<<") {
          ynode v = convert(vn);
          if (v.is_map()) {
            merges.push_back(std::move(v));
          } else if (v.is_seq()) {
            for (auto& m : v.items) {
              if (!m.is_map()) {
                fail(m.line, m.column, "a merge key (<<) takes a mapping or a list of mappings");
              }
              merges.push_back(std::move(m));
            }
          } else {
            fail(k.line, k.column, "a merge key (<<) takes a mapping or a list of mappings");
          }
          continue;
        }
        if (k.t == ynode::type::scalar || k.t == ynode::type::null) {
          auto [at, fresh] = seen.emplace(k.text, k.where());
          if (!fresh) {
            fail(k.line, k.column, "duplicate key '" + k.text + "' (first at line " + at->second + ")");
          }
        }
        ynode v = convert(vn);
        if (vn == nullptr) {
          // An empty value: its position is the key's.
          v.line = k.line;
          v.column = k.column;
        }
        out.pairs.push_back({std::move(k), std::move(v)});
      }
      for (auto& m : merges) {
        for (auto& [k, v] : m.pairs) {
          if (k.t == ynode::type::scalar && seen.emplace(k.text, k.where()).second) {
            k.merged = true;
            out.pairs.push_back({std::move(k), std::move(v)});
          }
        }
      }
      break;
    }
    }
    --depth;
    return out;
  }
};

} // namespace

namespace {

// Checks what libfyaml 0.7.12 does not survive: a NUL byte, and directive
// lines other than a well-formed %YAML or %TAG (malformed ones can make it
// loop without end; found by fuzzing). A line starting with '%' can only be a
// directive in YAML.
void prescreen(std::string_view text, std::string_view name) {
  const auto fail = [&](std::size_t line, const std::string& why) {
    throw model_error(std::string(name) + (name.empty() ? "" : ":") + std::to_string(line) + ":1", why);
  };
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t eol = std::min(text.find('\n', i), text.size());
    std::string_view l = text.substr(i, eol - i);
    if (!l.empty() && l.back() == '\r') {
      l.remove_suffix(1);
    }
    if (l.find('\0') != std::string_view::npos) {
      fail(line, "NUL byte in YAML text");
    }
    if (!l.empty() && l.front() == '%') {
      const auto word = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7F; });
      };
      bool ok = false;
      if (l.substr(0, 6) == "%YAML ") {
        const std::string_view v = l.substr(6);
        const auto dot = v.find('.');
        ok = dot != std::string_view::npos && dot > 0 && dot + 1 < v.size() &&
             std::all_of(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(dot),
                         [](char c) { return c >= '0' && c <= '9'; }) &&
             std::all_of(v.begin() + static_cast<std::ptrdiff_t>(dot) + 1, v.end(),
                         [](char c) { return c >= '0' && c <= '9'; });
      } else if (l.substr(0, 5) == "%TAG ") {
        const std::string_view v = l.substr(5);
        const auto sp = v.find(' ');
        ok = sp != std::string_view::npos && word(v.substr(0, sp)) && word(v.substr(sp + 1));
      }
      if (!ok) {
        fail(line, "unsupported YAML directive (only %YAML 1.x and %TAG are read)");
      }
    }
    i = eol + 1;
    ++line;
  }
}

} // namespace

ynode parse_yaml(std::string_view text, std::string_view name, std::size_t max_nodes) {
  prescreen(text, name);
  // libfyaml's diagnostics, captured: `<input>:LINE:COL: error: MESSAGE`.
  std::string diagnostics;
  fy_diag_cfg dcfg{};
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = nullptr;
  dcfg.output_fn = [](fy_diag*, void* user, const char* buf, size_t len) {
    static_cast<std::string*>(user)->append(buf, len);
  };
  dcfg.user = &diagnostics;
  dcfg.level = FYET_ERROR;
  dcfg.colorize = false;
  std::unique_ptr<fy_diag, diag_deleter> diag(fy_diag_create(&dcfg));
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_COLLECT_DIAG | FYPCF_ALLOW_DUPLICATE_KEYS |
                                              FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE);
  cfg.diag = diag.get();
  std::unique_ptr<fy_document, doc_deleter> doc(fy_document_build_from_string(&cfg, text.data(), text.size()));
  if (!doc) {
    std::string where(name);
    std::string why = "YAML syntax error";
    const auto gt = diagnostics.find(">:");
    if (gt != std::string::npos) {
      std::string rest = diagnostics.substr(gt + 2);
      rest = rest.substr(0, rest.find('\n'));
      const auto err = rest.find(": error: ");
      if (err != std::string::npos) {
        where += (where.empty() ? "" : ":") + rest.substr(0, err);
        why = "YAML: " + rest.substr(err + 9);
      }
    }
    throw model_error(where, why);
  }
  converter c{name, max_nodes != 0 ? max_nodes : 64 * text.size() + 4096, 8 * text.size() + (std::size_t{64} << 20)};
  return c.convert(fy_document_root(doc.get()));
}

#else // no libfyaml in this build (INFOCLASS_WITH_YAML=OFF)

ynode parse_yaml(std::string_view /*text*/, std::string_view name, std::size_t /*max_nodes*/) {
  throw model_error(std::string(name),
                    "this build of infoclass reads no YAML (configure it with -DINFOCLASS_WITH_YAML=ON)");
}

#endif

} // namespace infoclass::inline INFOCLASS_ABI::io::detail
