// SPDX-License-Identifier: Apache-2.0
// Boost.Serialization archives of models and assessments, in an envelope.
//
// The envelope (magic "INFOCLAS", envelope version, content kind, archive
// format, payload length, checksum of the payload) lets a truncated, corrupt or
// foreign file be rejected with a clear error before Boost parses anything.
// The payload is a Boost binary, text or XML archive of the serialize()
// functions in src/io/serialize.hpp (private). Archives are meant for data this
// organisation wrote itself (caches, pickles, exchange between own tools);
// the loader validates everything it reads, but prefer JSON for files from
// elsewhere.
#pragma once

#include "infoclass/assessment.hpp"
#include "infoclass/io/limits.hpp"
#include "infoclass/model.hpp"

#include "infoclass/version.hpp"
#include <cstdint>
#include <string>
#include <string_view>

namespace infoclass::inline INFOCLASS_ABI::io {

enum class archive_format : std::uint8_t { binary = 1, text = 2, xml = 3 };

/// The envelope's format version written by this release. Version 2 checks the
/// payload with XXH3 64 (seed 0); version 1 (release 0.1) with FNV-1a 64, and is
/// still read. Header, little-endian: magic (8 bytes), version (4), content
/// kind (1: model, 2: assessment), archive format (1), zero (2), payload length
/// (8), checksum (8); then the payload.
inline constexpr std::uint32_t archive_envelope_version = 2;

/// Throws: model_error in a build without archives (INFOCLASS_WITH_ARCHIVE=OFF); error if Boost.Serialization fails.
[[nodiscard]] INFOCLASS_API std::string save_archive(const model& m, archive_format f = archive_format::binary);
/// Throws: model_error in a build without archives (INFOCLASS_WITH_ARCHIVE=OFF); error if Boost.Serialization fails.
[[nodiscard]] INFOCLASS_API std::string save_archive(const assessment& a, archive_format f = archive_format::binary);
/// Loads a model archive of any format; throws model_error ("archive: ...")
/// for anything that is not a complete, intact model archive.
/// `limits`: input size (max_bytes), assets and dependencies; every other
/// count is bounded by the payload's size before anything is allocated.
[[nodiscard]] INFOCLASS_API model load_model_archive(std::string_view bytes, const read_limits& limits = {});
/// Throws: model_error ("archive: ...") for anything that is not a complete, intact assessment archive, or in a build
/// without archives.
[[nodiscard]] INFOCLASS_API assessment load_assessment_archive(std::string_view bytes, const read_limits& limits = {});

} // namespace infoclass::inline INFOCLASS_ABI::io
