// SPDX-License-Identifier: Apache-2.0
// Boost archives of all three kinds behind the envelope, as model and as
// assessment. An input that starts with the envelope's magic is loaded as it
// is (the envelope's own checks); any other input is a payload: its first byte
// chooses the content and the format, and the target wraps the rest in an
// envelope with the right length and checksum, so that mutations reach the
// Boost loaders behind the envelope (version 2, XXH3; with the selector's top
// bit set, version 1, FNV-1a). An accepted model archive saves and loads
// back identical in every format.
#include "fuzz_common.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/propagation.hpp"

#include <string>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace {

// The envelope layout of io/archive.cpp, repeated independently on purpose.
std::string wrap(unsigned version, unsigned content, unsigned format, std::string_view body) {
  auto put = [](std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      out += static_cast<char>((v >> (8 * i)) & 0xFFU);
    }
  };
  std::uint64_t h = 1469598103934665603ULL;
  if (version == 1) {
    for (unsigned char c : body) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  } else {
    h = XXH3_64bits(body.data(), body.size());
  }
  std::string out = "INFOCLAS";
  put(out, version, 4);
  put(out, content, 1);
  put(out, format, 1);
  put(out, 0, 2);
  put(out, body.size(), 8);
  put(out, h, 8);
  out.append(body);
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infoclass;
  if (size == 0) {
    return 0;
  }
  const auto text = fuzz::as_text(data, size);
  std::string bytes;
  if (text[0] == 'I') {
    bytes = std::string(text);
  } else {
    const auto sel = static_cast<unsigned>(data[0]);
    bytes = wrap((sel & 0x80U) != 0 ? 1 : 2, 1 + (sel & 1U), 1 + ((sel & 0x7FU) >> 1U) % 3, text.substr(1));
  }
  fuzz::expect_input_errors([&] {
    const model m = io::load_model_archive(bytes);
    for (auto f : {io::archive_format::binary, io::archive_format::text, io::archive_format::xml}) {
      fuzz::require(io::load_model_archive(io::save_archive(m, f)) == m, "model archive round trip");
    }
    (void)propagate(m);
  });
  fuzz::expect_input_errors([&] {
    const assessment a = io::load_assessment_archive(bytes);
    for (std::size_t v = 0; v < a.size() && v < 8; ++v) {
      for (std::size_t p = 0; p < a.properties(); ++p) {
        (void)a.explain(a.id(v), p);
        (void)a.cause_of(v, p);
        (void)a.origins(a.id(v), p);
      }
    }
    (void)a.deviations();
  });
  return 0;
}
