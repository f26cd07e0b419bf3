/* SPDX-License-Identifier: Apache-2.0 */
/*
 * infoclass C API: the engine from C and from any language's foreign-function
 * interface (C#, Java, Rust, Go, Python ctypes). C99; no C++ type and no
 * exception crosses it.
 *
 * Rules (docs/c-api.md shows them at work):
 *   - Every function that can fail returns an infoclass_status; INFOCLASS_OK is
 *     0. On failure, infoclass_last_error() gives the message of this thread's
 *     last failed call: the same text as the C++ model_error (`where: reason`,
 *     e.g. `srv-01: classification/K: level 7 is outside 0..4 of scheme se-klassa`). Output
 *     parameters are written only on success.
 *   - Strings in are UTF-8 and NUL-terminated unless a length is given; strings
 *     out are UTF-8. `const char*` results point into the handle they came from
 *     and stay valid until that handle is changed or freed; `char*` results
 *     are the caller's and are released with infoclass_string_free.
 *   - Handles are opaque. Each is released with its one free function
 *     (infoclass_model_free, infoclass_assessment_free,
 *     infoclass_explanation_free); freeing NULL does nothing. An assessment
 *     and an explanation stay valid after their model changes or is freed.
 *   - A model handle is not thread-safe: one thread at a time (different
 *     handles on different threads are fine). Assessments never change and can
 *     be read from any number of threads.
 *   - Properties are named by key or role word ("K", "availability"); levels
 *     are 0..levels-1, INFOCLASS_NO_LEVEL for unassessed (or no level), and
 *     INFOCLASS_NOT_APPLICABLE where the scheme allows it.
 */
#ifndef INFOCLASS_INFOCLASS_H
#define INFOCLASS_INFOCLASS_H

// NOLINTBEGIN(modernize-deprecated-headers, modernize-use-using): a C header
#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(INFOCLASS_C_BUILDING)
#define INFOCLASS_C_API __declspec(dllexport)
#elif defined(_WIN32)
#define INFOCLASS_C_API __declspec(dllimport)
#elif defined(__GNUC__)
#define INFOCLASS_C_API __attribute__((visibility("default")))
#else
#define INFOCLASS_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct infoclass_model infoclass_model;
typedef struct infoclass_assessment infoclass_assessment;
typedef struct infoclass_explanation infoclass_explanation;

typedef enum infoclass_status {
  INFOCLASS_OK = 0,
  INFOCLASS_ERROR_INVALID = 1,  /* bad input: a model_error (unknown asset, bad level, bad JSON, ...) */
  INFOCLASS_ERROR_IO = 2,       /* a file could not be written (one that cannot be read is INVALID, naming it) */
  INFOCLASS_ERROR_ARGUMENT = 3, /* a NULL where a value is required, or not UTF-8 */
  INFOCLASS_ERROR_MEMORY = 4,   /* out of memory */
  INFOCLASS_ERROR_INTERNAL = 5  /* anything else (a bug: please report the message) */
} infoclass_status;

#define INFOCLASS_NO_LEVEL (-1)
#define INFOCLASS_NOT_APPLICABLE (-2)

/* The library's version, "MAJOR.MINOR.PATCH" (static storage). */
INFOCLASS_C_API const char* infoclass_version(void);
/* MAJOR * 10000 + MINOR * 100 + PATCH, as INFOCLASS_VERSION in version.hpp. */
INFOCLASS_C_API int infoclass_version_number(void);
/* The message of this thread's last failed call ("" if none); valid until
 * this thread's next call into the library. */
INFOCLASS_C_API const char* infoclass_last_error(void);
/* Releases a string returned through a char** parameter. */
INFOCLASS_C_API void infoclass_string_free(char* s);

/* -- models ---------------------------------------------------------------- */
/* An empty model under a preset scheme ("se-klassa", "us-fips-199", ...). */
INFOCLASS_C_API infoclass_status infoclass_model_new(const char* scheme, infoclass_model** out);
/* A model from the native JSON format (`length` bytes of `text`). */
INFOCLASS_C_API infoclass_status infoclass_model_from_json(const char* text, size_t length, infoclass_model** out);
/* A model from a native JSON file. */
INFOCLASS_C_API infoclass_status infoclass_model_load(const char* path, infoclass_model** out);
/* The model in the native JSON format; *out is the caller's (infoclass_string_free). */
INFOCLASS_C_API infoclass_status infoclass_model_to_json(const infoclass_model* m, char** out, size_t* length);
/* Writes the native JSON format atomically (a temporary file renamed over `path`). */
INFOCLASS_C_API infoclass_status infoclass_model_save(const infoclass_model* m, const char* path);
INFOCLASS_C_API void infoclass_model_free(infoclass_model* m);

/* Numbers of assets and dependencies (either pointer may be NULL). */
INFOCLASS_C_API infoclass_status infoclass_model_size(const infoclass_model* m, size_t* assets, size_t* dependencies);
/* The scheme's properties: their number, and the key of property `index`. */
INFOCLASS_C_API infoclass_status infoclass_model_properties(const infoclass_model* m, size_t* count);
INFOCLASS_C_API infoclass_status infoclass_model_property_key(const infoclass_model* m, size_t index, const char** key);

/* Adds an asset without levels; `name` and `owner` may be NULL. */
INFOCLASS_C_API infoclass_status infoclass_model_add_asset(infoclass_model* m, const char* id, const char* kind,
                                                           const char* name, const char* owner);
/* Removes an asset and every dependency from or to it. */
INFOCLASS_C_API infoclass_status infoclass_model_remove_asset(infoclass_model* m, const char* id);
/* Adds the dependency from -> to (`from` relies on `to`: requirements flow
 * from `from` to `to`); `group` (a redundancy group) may be NULL. */
INFOCLASS_C_API infoclass_status infoclass_model_add_dependency(infoclass_model* m, const char* from, const char* to,
                                                                const char* type, const char* group);
/* Adds a member of the redundancy group `group` of `from` that needs `need`
 * of its members (k of n; 0 = not stated: what another member states, else
 * 1). Every member that states need states the same. */
INFOCLASS_C_API infoclass_status infoclass_model_add_group_member(infoclass_model* m, const char* from, const char* to,
                                                                  const char* type, const char* group, unsigned need);
/* Adds `count` dependencies at once (no group), by column: from[i] and to[i]
 * are asset indices in model order, type[i] an index into type_names. All or
 * nothing: on error (the first bad row named) none is added. */
INFOCLASS_C_API infoclass_status infoclass_model_add_dependencies(infoclass_model* m, size_t count,
                                                                  const uint32_t* from, const uint32_t* to,
                                                                  const uint32_t* type, const char* const* type_names,
                                                                  size_t type_count);
/* Removes a dependency; *removed (may be NULL) is 1 if there was one, else 0. */
INFOCLASS_C_API infoclass_status infoclass_model_remove_dependency(infoclass_model* m, const char* from, const char* to,
                                                                   const char* type, int* removed);
/* The owner's assessment of one property: a level, INFOCLASS_NO_LEVEL or INFOCLASS_NOT_APPLICABLE. */
INFOCLASS_C_API infoclass_status infoclass_model_set_level(infoclass_model* m, const char* id, const char* property,
                                                           int level);
/* Overrides the derived level; `effect` is "manual", "cumulation" or
 * "distribution" (NULL: manual); a justification is required. */
INFOCLASS_C_API infoclass_status infoclass_model_set_override(infoclass_model* m, const char* id, const char* property,
                                                              int level, const char* effect, const char* justification);
/* Removes an override; *cleared (may be NULL) is 1 if there was one. */
INFOCLASS_C_API infoclass_status infoclass_model_clear_override(infoclass_model* m, const char* id,
                                                                const char* property, int* cleared);

/* -- propagation ------------------------------------------------------------- */
/* Propagates. The model keeps its engine: after changes, `incremental` (1)
 * recomputes only what they affect, 0 runs everything again. *out is a new
 * handle (infoclass_assessment_free); it never changes afterwards. */
INFOCLASS_C_API infoclass_status infoclass_propagate(infoclass_model* m, int incremental, infoclass_assessment** out);
/* Worker threads for the model's full propagations (the first, one with
 * `incremental` 0, and an update that has to run everything): 1 (the
 * default) runs in the caller's thread, 0 uses every hardware thread (at most
 * 256; always 1 in WebAssembly). Models under 50,000 assets run in the
 * caller's thread. Levels and causes do not depend on it; incremental
 * updates run in the caller's thread. Takes effect at the next full run. */
INFOCLASS_C_API infoclass_status infoclass_model_set_threads(infoclass_model* m, unsigned threads);
INFOCLASS_C_API infoclass_status infoclass_model_threads(const infoclass_model* m, unsigned* threads);
INFOCLASS_C_API void infoclass_assessment_free(infoclass_assessment* a);
INFOCLASS_C_API infoclass_status infoclass_assessment_size(const infoclass_assessment* a, size_t* assets);
/* Effective level (after overrides) and derived level (before) of one asset
 * and property: a level or INFOCLASS_NO_LEVEL. */
INFOCLASS_C_API infoclass_status infoclass_effective(const infoclass_assessment* a, const char* id,
                                                     const char* property, int* level);
INFOCLASS_C_API infoclass_status infoclass_derived(const infoclass_assessment* a, const char* id, const char* property,
                                                   int* level);
/* Why the asset has its effective level, in one line ("edge from app
 * (runs_on)", "own assessment", ...); *out is the caller's. */
INFOCLASS_C_API infoclass_status infoclass_cause(const infoclass_assessment* a, const char* id, const char* property,
                                                 char** out);

/* Every asset's derived and effective levels and causes as JSON, the text of
 * `infoclass propagate --format json`; *out is the caller's (infoclass_string_free). */
INFOCLASS_C_API infoclass_status infoclass_assessment_to_json(const infoclass_assessment* a, char** out,
                                                              size_t* length);

/* Every asset's levels at once, in model order (the order of the assets in
 * infoclass_model_to_json): out[i * properties + p] is a level or
 * INFOCLASS_NO_LEVEL; `which` 0 for effective, 1 for derived; `size` must be
 * assets x properties (infoclass_assessment_size, infoclass_model_properties). */
INFOCLASS_C_API infoclass_status infoclass_assessment_levels(const infoclass_assessment* a, int which, signed char* out,
                                                             size_t size);

/* -- explanations ------------------------------------------------------------ */
/* The chain of causes from `id` back to the origin of its level. */
INFOCLASS_C_API infoclass_status infoclass_explain(const infoclass_assessment* a, const char* id, const char* property,
                                                   infoclass_explanation** out);
INFOCLASS_C_API void infoclass_explanation_free(infoclass_explanation* e);
INFOCLASS_C_API infoclass_status infoclass_explanation_size(const infoclass_explanation* e, size_t* steps);
/* Step `index` (0 = the asset asked about): the asset, its effective level,
 * the cause in one line, and the dependency type that carried the level to
 * the previous step ("" for the first). Any output pointer may be NULL; the
 * strings live as long as the explanation. */
INFOCLASS_C_API infoclass_status infoclass_explanation_step(const infoclass_explanation* e, size_t index,
                                                            const char** asset, int* level, const char** cause,
                                                            const char** via);
/* The explanation as JSON, the text of `infoclass explain --format json`;
 * *out is the caller's (infoclass_string_free). */
INFOCLASS_C_API infoclass_status infoclass_explain_json(const infoclass_assessment* a, const char* id,
                                                        const char* property, char** out, size_t* length);

#ifdef __cplusplus
}
#endif
// NOLINTEND(modernize-deprecated-headers, modernize-use-using)

#endif /* INFOCLASS_INFOCLASS_H */
