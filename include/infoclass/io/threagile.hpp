// SPDX-License-Identifier: Apache-2.0
// Threagile threat models (YAML).
//
// Data assets become information assets under the `threagile` scheme preset
// (C: public … strictly-confidential; I and A: archive … mission-critical).
// Technical assets become assets of kind application (process), datastore or
// external-entity, with their own CIA rating; the data they process or store
// flows to them (processed_by, stored_on). Each communication link becomes an
// asset of kind communication-link: the data sent and received travels over it
// (transmitted_over) and is processed by both ends, as in Threagile. Trust
// boundaries (kind trust-boundary) contain their technical assets and nested
// boundaries (located_in); shared runtimes (kind shared-runtime) run theirs
// (runs_on). Propagation then reproduces Threagile's per-asset "highest"
// ratings, and carries them further: into links, boundaries and runtimes,
// multi-hop and explained.
//
// Errors: model_error naming the file, line and YAML path of bad input.
#pragma once

#include "infoclass/io/summary.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <filesystem>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::io {

/// Reads a Threagile model; errors name `name:line:column` and the YAML path.
/// YAML as Threagile reads it: anchors, aliases and merge keys (`<<`)
/// resolved; a key written twice in one mapping is an error; `includes:`
/// read relative to `base` (the including file's folder), a cycle an error;
/// ratings and types case-insensitive, a number where a rating belongs an
/// error. Fields of an entry that the model has no place for are kept as the
/// asset's attributes; top-level sections it does not carry (risk tracking,
/// abuse cases, ...) are counted in `summary`.
/// Throws: model_error naming `name:line:column` and the YAML path; in a build without YAML (INFOCLASS_WITH_YAML=OFF),
/// model_error saying so.
[[nodiscard]] INFOCLASS_API model read_threagile(std::string_view yaml, std::string_view name = "threagile.yaml",
                                                 import_summary* summary = nullptr,
                                                 const std::filesystem::path& base = {});
/// Throws: model_error naming the file if it or an included file cannot be read, and as read_threagile.
[[nodiscard]] INFOCLASS_API model load_threagile(const std::filesystem::path& file, import_summary* summary = nullptr);

} // namespace infoclass::inline INFOCLASS_ABI::io
