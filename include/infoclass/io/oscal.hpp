// SPDX-License-Identifier: Apache-2.0
// NIST OSCAL system security plans in JSON, XML and YAML: FIPS 199
// categorisation.
//
// The format is told by the content (`<` XML, `{` JSON, else YAML); XML is
// read through pugixml into OSCAL's JSON shape (repeated elements as the
// plural arrays JSON uses), so every error and finding names a JSON pointer,
// the same in all three formats. Information types (`system-characteristics/
// system-information/information-types`) become information assets under
// `us-fips-199`, using `selected` where present, else `base`;
// `fips-199-low` and `low` are accepted, `medium` is read as moderate with a
// warning (in information types and in the declared levels), `na` is not
// applicable (confidentiality only). The SSP's system (its `this-system`
// component, or one made up) processes every information type; the other
// technical components (software, service, hardware, interconnection) become
// assets the system depends on. A uuid used twice across information types
// and components is an error naming both places; a value of the wrong type
// anywhere is an error naming its pointer. Propagation then gives the
// system's security impact level: the high-water mark per objective with the
// FIPS minimum.
//
// Errors: model_error naming the JSON pointer (or XML/YAML line) of bad input;
// file_error when a file cannot be written.
#pragma once

#include "infoclass/io/summary.hpp"
#include "infoclass/model.hpp"

#include <cstdint>

#include "infoclass/version.hpp"
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::io {

/// OSCAL's three formats.
enum class oscal_format : std::uint8_t { json, xml, yaml };
/// The format of a plan's text, told by its first character.
[[nodiscard]] INFOCLASS_API oscal_format detect_oscal_format(std::string_view text) noexcept;

struct INFOCLASS_API oscal_import {
  model m;
  oscal_format format = oscal_format::json;
  import_summary summary;            ///< what was read and left out
  std::string system_id;             ///< the asset standing for the system
  std::vector<std::string> warnings; ///< e.g. `medium` read as moderate
};

/// Imports an SSP; errors name the JSON pointer.
/// Throws: model_error naming the JSON pointer (XML and YAML: `line:column`) for a plan that is not a valid OSCAL SSP;
/// for YAML in a build without it.
[[nodiscard]] INFOCLASS_API oscal_import import_oscal_ssp(std::string_view text);

struct INFOCLASS_API oscal_finding {
  std::string pointer;
  std::string message;
};

struct INFOCLASS_API oscal_check_result {
  std::optional<level_t> confidentiality; ///< computed security impact level
  std::optional<level_t> integrity;
  std::optional<level_t> availability;
  std::optional<level_t> sensitivity; ///< the highest objective
  std::vector<oscal_finding> findings;
  std::vector<std::string> warnings;
};

/// Computes the system's impact and sensitivity levels and compares them with
/// the declared ones; also reports base/selected differences without an
/// adjustment justification.
/// Throws: model_error as import_oscal_ssp.
[[nodiscard]] INFOCLASS_API oscal_check_result check_oscal_ssp(std::string_view text);

/// The SSP, in its own format, with the declared `security-impact-level`
/// and `security-sensitivity-level` values that differ from the computed
/// ones corrected, and missing ones added. Only those values change: every
/// other byte (key order, spacing, comments) is kept, and so is the plan's
/// vocabulary (`fips-199-moderate` stays in that form, as FedRAMP requires;
/// a bare `moderate` stays bare). A consistent plan comes back unchanged.
/// Throws: model_error as import_oscal_ssp.
[[nodiscard]] INFOCLASS_API std::string update_oscal_ssp(std::string_view text);

/// `fips-199-moderate` for 1, etc.
/// Throws: nothing of its own (std::bad_alloc).
[[nodiscard]] INFOCLASS_API std::string oscal_level(level_t l);

} // namespace infoclass::inline INFOCLASS_ABI::io
