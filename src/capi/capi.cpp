// SPDX-License-Identifier: Apache-2.0
// The C API (include/infoclass/infoclass.h): handles around the C++ objects,
// every call wrapped so that no exception crosses into C, the message of the
// last failure kept per thread.
#include "infoclass/infoclass.h"

#include "infoclass/assessment.hpp"
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/model.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"
#include "infoclass/unicode.hpp"
#include "infoclass/version.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

struct infoclass_model {
  infoclass::model m;
  std::unique_ptr<infoclass::propagation> engine; ///< made by the first propagation
  std::vector<std::string> keys;                  ///< property keys handed out as const char*
  unsigned threads = 1;                           ///< its full runs' workers (propagate_options::threads)
};

struct infoclass_assessment {
  std::shared_ptr<const infoclass::assessment> a;
};

struct infoclass_explanation {
  struct step {
    std::string asset;
    int level;
    std::string cause;
    std::string via;
  };
  std::vector<step> steps;
};

namespace {

thread_local std::string last_error; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

// A NULL where a value is required, or text that is not UTF-8.
class bad_argument : public std::exception {
public:
  explicit bad_argument(std::string message) : message_(std::move(message)) {}
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

private:
  std::string message_;
};

infoclass_status fail(infoclass_status s, std::string message) {
  last_error = std::move(message);
  return s;
}

// Runs `f`, turning every exception into a status and this thread's message.
template <class F> infoclass_status guarded(F&& f) noexcept {
  try {
    f();
    return INFOCLASS_OK;
  } catch (const bad_argument& e) {
    return fail(INFOCLASS_ERROR_ARGUMENT, e.what());
  } catch (const infoclass::model_error& e) {
    return fail(INFOCLASS_ERROR_INVALID, e.what());
  } catch (const infoclass::file_error& e) {
    return fail(INFOCLASS_ERROR_IO, e.what());
  } catch (const infoclass::error& e) {
    return fail(INFOCLASS_ERROR_IO, e.what());
  } catch (const std::bad_alloc&) {
    return fail(INFOCLASS_ERROR_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(INFOCLASS_ERROR_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(INFOCLASS_ERROR_INTERNAL, "internal error: an unknown exception");
  }
}

void need(const void* p, const char* function, const char* parameter) {
  if (p == nullptr) {
    throw bad_argument(std::string(function) + ": " + parameter + " is NULL");
  }
}

std::string text(const char* s, const char* function, const char* parameter) {
  need(s, function, parameter);
  std::string t(s);
  if (!infoclass::unicode::valid_utf8(t)) {
    throw bad_argument(std::string(function) + ": " + parameter + " is not UTF-8");
  }
  return t;
}

std::optional<infoclass::level_t> level_of(int level, const char* function) {
  if (level == INFOCLASS_NO_LEVEL) {
    return std::nullopt;
  }
  if (level == INFOCLASS_NOT_APPLICABLE) {
    return infoclass::classification::not_applicable;
  }
  if (level < 0 || level > 250) {
    throw infoclass::model_error(function, "level " + std::to_string(level) +
                                               " is not a level (0.., INFOCLASS_NO_LEVEL or INFOCLASS_NOT_APPLICABLE)");
  }
  return static_cast<infoclass::level_t>(level);
}

int level_out(std::optional<infoclass::level_t> l) { return l ? static_cast<int>(*l) : INFOCLASS_NO_LEVEL; }

char* copy_out(const std::string& s) {
  auto* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) {
    throw std::bad_alloc();
  }
  std::memcpy(out, s.data(), s.size() + 1);
  return out;
}

infoclass_model* wrap(infoclass::model m) {
  auto* h = new infoclass_model{std::move(m), nullptr, {}, 1};
  for (const auto& p : h->m.get_scheme().properties) {
    h->keys.push_back(p.key);
  }
  return h;
}

} // namespace

extern "C" {

const char* infoclass_version(void) { return INFOCLASS_VERSION_STRING; }

int infoclass_version_number(void) { return INFOCLASS_VERSION; }

const char* infoclass_last_error(void) { return last_error.c_str(); }

void infoclass_string_free(char* s) { std::free(s); }

infoclass_status infoclass_model_new(const char* scheme, infoclass_model** out) {
  const char* const fn = __func__;
  return guarded([&] {
    need(out, fn, "out");
    *out = wrap(infoclass::model(text(scheme, fn, "scheme")));
  });
}

infoclass_status infoclass_model_from_json(const char* json_text, size_t length, infoclass_model** out) {
  const char* const fn = __func__;
  return guarded([&] {
    need(out, fn, "out");
    if (length != 0) {
      need(json_text, fn, "text");
    }
    *out = wrap(infoclass::io::read_model(std::string_view(json_text == nullptr ? "" : json_text, length)));
  });
}

infoclass_status infoclass_model_load(const char* path, infoclass_model** out) {
  const char* const fn = __func__;
  return guarded([&] {
    need(out, fn, "out");
    *out = wrap(infoclass::io::load_model(text(path, fn, "path")));
  });
}

infoclass_status infoclass_model_to_json(const infoclass_model* m, char** out, size_t* length) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    need(out, fn, "out");
    const std::string json = infoclass::io::write_model(m->m);
    *out = copy_out(json);
    if (length != nullptr) {
      *length = json.size();
    }
  });
}

infoclass_status infoclass_model_save(const infoclass_model* m, const char* path) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    infoclass::io::save_model(m->m, text(path, fn, "path"));
  });
}

void infoclass_model_free(infoclass_model* m) { delete m; }

infoclass_status infoclass_model_size(const infoclass_model* m, size_t* assets, size_t* dependencies) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    if (assets != nullptr) {
      *assets = m->m.size();
    }
    if (dependencies != nullptr) {
      *dependencies = m->m.num_dependencies();
    }
  });
}

infoclass_status infoclass_model_properties(const infoclass_model* m, size_t* count) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    need(count, fn, "count");
    *count = m->keys.size();
  });
}

infoclass_status infoclass_model_property_key(const infoclass_model* m, size_t index, const char** key) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    need(key, fn, "key");
    (void)m->m.get_scheme().property(index); // model_error naming the index
    *key = m->keys[index].c_str();
  });
}

infoclass_status infoclass_model_add_asset(infoclass_model* m, const char* id, const char* kind, const char* name,
                                           const char* owner) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    infoclass::asset a;
    a.id = text(id, fn, "id");
    a.kind = text(kind, fn, "kind");
    a.name = name == nullptr ? std::string() : text(name, fn, "name");
    a.owner = owner == nullptr ? std::string() : text(owner, fn, "owner");
    a.own = infoclass::classification::none(m->m.get_scheme().size());
    m->m.add_asset(std::move(a));
  });
}

infoclass_status infoclass_model_remove_asset(infoclass_model* m, const char* id) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    m->m.remove_asset(text(id, fn, "id"));
  });
}

infoclass_status infoclass_model_add_dependency(infoclass_model* m, const char* from, const char* to, const char* type,
                                                const char* group) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    m->m.add_dependency(text(from, fn, "from"), text(to, fn, "to"), text(type, fn, "type"),
                        group == nullptr ? std::string() : text(group, fn, "group"));
  });
}

infoclass_status infoclass_model_add_group_member(infoclass_model* m, const char* from, const char* to,
                                                  const char* type, const char* group, unsigned k) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    m->m.add_dependency(text(from, fn, "from"), text(to, fn, "to"), text(type, fn, "type"), text(group, fn, "group"),
                        k);
  });
}

infoclass_status infoclass_model_add_dependencies(infoclass_model* m, size_t count, const uint32_t* from,
                                                  const uint32_t* to, const uint32_t* type,
                                                  const char* const* type_names, size_t type_count) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    if (count != 0) {
      need(from, fn, "from");
      need(to, fn, "to");
      need(type, fn, "type");
    }
    if (type_count != 0) {
      need(type_names, fn, "type_names");
    }
    std::vector<std::string> owned; // checked copies; `names` views them
    owned.reserve(type_count);
    for (size_t i = 0; i < type_count; ++i) {
      owned.push_back(text(type_names[i], fn, "type_names[i]"));
    }
    const std::vector<std::string_view> names(owned.begin(), owned.end());
    infoclass::model::dependency_columns c;
    c.from = {from, count};
    c.to = {to, count};
    c.type = {type, count};
    c.type_names = names;
    m->m.add_dependencies(c);
  });
}

infoclass_status infoclass_model_remove_dependency(infoclass_model* m, const char* from, const char* to,
                                                   const char* type, int* removed) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    const bool r = m->m.remove_dependency(text(from, fn, "from"), text(to, fn, "to"), text(type, fn, "type"));
    if (removed != nullptr) {
      *removed = r ? 1 : 0;
    }
  });
}

infoclass_status infoclass_model_set_level(infoclass_model* m, const char* id, const char* property, int level) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    m->m.set_level(text(id, fn, "id"), text(property, fn, "property"), level_of(level, fn));
  });
}

infoclass_status infoclass_model_set_override(infoclass_model* m, const char* id, const char* property, int level,
                                              const char* effect, const char* justification) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    infoclass::override_entry o;
    const auto l = level_of(level, fn);
    if (!l || *l == infoclass::classification::not_applicable) {
      throw infoclass::model_error(fn, "an override is a level (0..), not " + std::to_string(level));
    }
    o.level = *l;
    if (effect != nullptr) {
      const auto e = infoclass::parse_override_effect(text(effect, fn, "effect"));
      if (!e) {
        throw infoclass::model_error(fn, std::string("'") + effect +
                                             "' is not an override effect (manual, cumulation, distribution)");
      }
      o.effect = *e;
    }
    o.justification = text(justification, fn, "justification");
    m->m.set_override(text(id, fn, "id"), text(property, fn, "property"), std::move(o));
  });
}

infoclass_status infoclass_model_clear_override(infoclass_model* m, const char* id, const char* property,
                                                int* cleared) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    const bool c = m->m.clear_override(text(id, fn, "id"), text(property, fn, "property"));
    if (cleared != nullptr) {
      *cleared = c ? 1 : 0;
    }
  });
}

infoclass_status infoclass_propagate(infoclass_model* m, int incremental, infoclass_assessment** out) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    need(out, fn, "out");
    if (!m->engine) {
      infoclass::propagate_options o;
      o.threads = m->threads;
      m->engine = std::make_unique<infoclass::propagation>(m->m, o);
    } else if (incremental != 0) {
      (void)m->engine->update(m->m);
    } else {
      m->engine->recompute(m->m);
    }
    *out = new infoclass_assessment{m->engine->shared_result()};
  });
}

infoclass_status infoclass_model_set_threads(infoclass_model* m, unsigned threads) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    m->threads = threads;
    if (m->engine) {
      auto o = m->engine->options();
      o.threads = threads;
      m->engine->set_options(o);
    }
  });
}

infoclass_status infoclass_model_threads(const infoclass_model* m, unsigned* threads) {
  const char* const fn = __func__;
  return guarded([&] {
    need(m, fn, "model");
    need(threads, fn, "threads");
    *threads = m->threads;
  });
}

void infoclass_assessment_free(infoclass_assessment* a) { delete a; }

infoclass_status infoclass_assessment_size(const infoclass_assessment* a, size_t* assets) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(assets, fn, "assets");
    *assets = a->a->size();
  });
}

infoclass_status infoclass_effective(const infoclass_assessment* a, const char* id, const char* property, int* level) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(level, fn, "level");
    *level = level_out(a->a->effective(text(id, fn, "id"), text(property, fn, "property")));
  });
}

infoclass_status infoclass_derived(const infoclass_assessment* a, const char* id, const char* property, int* level) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(level, fn, "level");
    *level = level_out(a->a->derived(text(id, fn, "id"), text(property, fn, "property")));
  });
}

infoclass_status infoclass_cause(const infoclass_assessment* a, const char* id, const char* property, char** out) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(out, fn, "out");
    *out = copy_out(infoclass::describe(a->a->cause_of(text(id, fn, "id"), text(property, fn, "property"))));
  });
}

infoclass_status infoclass_assessment_to_json(const infoclass_assessment* a, char** out, size_t* length) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(out, fn, "out");
    const std::string json = infoclass::io::write_assessment(*a->a);
    *out = copy_out(json);
    if (length != nullptr) {
      *length = json.size();
    }
  });
}

infoclass_status infoclass_assessment_levels(const infoclass_assessment* a, int which, signed char* out, size_t size) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(out, fn, "out");
    const auto& as = *a->a;
    const std::size_t n = as.size();
    const std::size_t properties = as.properties();
    if (which != 0 && which != 1) {
      throw infoclass::model_error(std::string(fn),
                                   "which is " + std::to_string(which) + ": 0 (effective) or 1 (derived)");
    }
    if (size != n * properties) {
      throw infoclass::model_error(std::string(fn), "size is " + std::to_string(size) + ", the assessment has " +
                                                        std::to_string(n) + " assets x " + std::to_string(properties) +
                                                        " properties = " + std::to_string(n * properties));
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t p = 0; p < properties; ++p) {
        const auto l = which == 0 ? as.effective(i, p) : as.derived(i, p);
        out[i * properties + p] = static_cast<signed char>(level_out(l));
      }
    }
  });
}

infoclass_status infoclass_explain_json(const infoclass_assessment* a, const char* id, const char* property, char** out,
                                        size_t* length) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(out, fn, "out");
    const auto& s = a->a->get_scheme();
    const std::string json =
        infoclass::io::write_explanation(*a->a, text(id, fn, "id"), s.property_index(text(property, fn, "property")));
    *out = copy_out(json);
    if (length != nullptr) {
      *length = json.size();
    }
  });
}

infoclass_status infoclass_explain(const infoclass_assessment* a, const char* id, const char* property,
                                   infoclass_explanation** out) {
  const char* const fn = __func__;
  return guarded([&] {
    need(a, fn, "assessment");
    need(out, fn, "out");
    auto e = std::make_unique<infoclass_explanation>();
    for (const auto& s : a->a->explain(text(id, fn, "id"), text(property, fn, "property"))) {
      e->steps.push_back({s.asset, level_out(s.level), infoclass::describe(s.cause), s.via});
    }
    *out = e.release();
  });
}

void infoclass_explanation_free(infoclass_explanation* e) { delete e; }

infoclass_status infoclass_explanation_size(const infoclass_explanation* e, size_t* steps) {
  const char* const fn = __func__;
  return guarded([&] {
    need(e, fn, "explanation");
    need(steps, fn, "steps");
    *steps = e->steps.size();
  });
}

infoclass_status infoclass_explanation_step(const infoclass_explanation* e, size_t index, const char** asset,
                                            int* level, const char** cause, const char** via) {
  const char* const fn = __func__;
  return guarded([&] {
    need(e, fn, "explanation");
    if (index >= e->steps.size()) {
      throw infoclass::model_error("step index " + std::to_string(index),
                                   "out of range: the explanation has " + std::to_string(e->steps.size()) + " steps");
    }
    const auto& s = e->steps[index];
    if (asset != nullptr) {
      *asset = s.asset.c_str();
    }
    if (level != nullptr) {
      *level = s.level;
    }
    if (cause != nullptr) {
      *cause = s.cause.c_str();
    }
    if (via != nullptr) {
      *via = s.via.c_str();
    }
  });
}

} // extern "C"
