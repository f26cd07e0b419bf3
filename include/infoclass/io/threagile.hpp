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
#pragma once

#include "infoclass/model.hpp"

#include <filesystem>
#include <string_view>

namespace infoclass::io {

/// Reads a Threagile model; errors name `name:line:column` and the YAML path.
[[nodiscard]] model read_threagile(std::string_view yaml, std::string_view name = "threagile.yaml");
[[nodiscard]] model load_threagile(const std::filesystem::path& file);

} // namespace infoclass::io
