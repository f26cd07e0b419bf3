// NIST OSCAL system security plans (JSON): FIPS 199 categorisation.
//
// Information types (`system-characteristics/system-information/
// information-types`) become information assets under `us-fips-199`, using
// `selected` where present, else `base`; `fips-199-low` and `low` are
// accepted, `medium` is read as moderate with a warning, `na` is not
// applicable (confidentiality only). The SSP's system (its `this-system`
// component, or one made up) processes every information type; the other
// technical components (software, service, hardware, interconnection) become
// assets the system depends on. Propagation then gives the system's security
// impact level: the high-water mark per objective with the FIPS minimum.
#pragma once

#include "infoclass/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infoclass::io {

struct oscal_import {
  model m;
  std::string system_id;             ///< the asset standing for the system
  std::vector<std::string> warnings; ///< e.g. `medium` read as moderate
};

/// Imports an SSP; errors name the JSON pointer.
[[nodiscard]] oscal_import import_oscal_ssp(std::string_view text);

struct oscal_finding {
  std::string pointer;
  std::string message;
};

struct oscal_check_result {
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
[[nodiscard]] oscal_check_result check_oscal_ssp(std::string_view text);

/// The SSP with computed `security-impact-level` and
/// `security-sensitivity-level`, everything else untouched (key order kept).
[[nodiscard]] std::string update_oscal_ssp(std::string_view text);

/// `fips-199-moderate` for 1, etc.
[[nodiscard]] std::string oscal_level(level_t l);

} // namespace infoclass::io
