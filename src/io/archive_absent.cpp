// SPDX-License-Identifier: Apache-2.0
// The archive functions of a build without Boost.Serialization
// (INFOCLASS_WITH_ARCHIVE=OFF): each says so with a model_error.
#include "infoclass/io/archive.hpp"

#include "infoclass/error.hpp"
#include "infoclass/version.hpp"

namespace infoclass::inline INFOCLASS_ABI::io {

namespace {
[[noreturn]] void absent() {
  throw model_error("archive",
                    "this build of infoclass has no archives (configure it with -DINFOCLASS_WITH_ARCHIVE=ON)");
}
} // namespace

std::string save_archive(const model& /*m*/, archive_format /*f*/) { absent(); }

std::string save_archive(const assessment& /*a*/, archive_format /*f*/) { absent(); }

model load_model_archive(std::string_view /*bytes*/, const read_limits& /*limits*/) { absent(); }

assessment load_assessment_archive(std::string_view /*bytes*/, const read_limits& /*limits*/) { absent(); }

} // namespace infoclass::inline INFOCLASS_ABI::io
