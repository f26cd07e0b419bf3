// SPDX-License-Identifier: Apache-2.0
#include "infoclass/error.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#define XXH_INLINE_ALL // libxxhash-dev (required with archives): the envelope's checksum, recomputed
#include <xxhash.h>

using namespace infoclass;

namespace {
const io::archive_format formats[] = {io::archive_format::binary, io::archive_format::text, io::archive_format::xml};
}

namespace {
model one_asset() {
  model m;
  asset x;
  x.id = "x";
  x.kind = "information";
  x.own = classification{1, 2, 3, 0};
  m.add_asset(x);
  return m;
}
} // namespace

TEST_CASE("model and assessment round-trip through every archive format") {
  auto m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  auto a = propagate(m);
  for (auto f : formats) {
    auto bytes = io::save_archive(m, f);
    CHECK(io::load_model_archive(bytes) == m);
    auto ab = io::save_archive(a, f);
    auto a2 = io::load_assessment_archive(ab);
    CHECK(a2 == a);
    CHECK(a2.explain("srv-sql-01", 0) == a.explain("srv-sql-01", 0));
    CHECK(a2.deviations() == a.deviations());
  }
}

TEST_CASE("property: random models round-trip through archives") {
  std::mt19937 rng(5);
  for (int i = 0; i < 300; ++i) {
    auto m = infoclass::testing::random_model(rng);
    auto f = formats[i % 3];
    auto m2 = io::load_model_archive(io::save_archive(m, f));
    CHECK(m2 == m);
    auto a = propagate(m);
    CHECK(io::load_assessment_archive(io::save_archive(a, f)) == a);
  }
}

TEST_CASE("truncated, corrupt, foreign and mismatched archives are rejected") {
  const model m = one_asset();
  auto bytes = io::save_archive(m);
  CHECK_THROWS_WITH_AS((void)io::load_model_archive(""), doctest::Contains("bad magic"), model_error);
  CHECK_THROWS_WITH_AS((void)io::load_model_archive("{\"infoclass\": 1}"), doctest::Contains("bad magic"), model_error);
  CHECK_THROWS_WITH_AS((void)io::load_model_archive(bytes.substr(0, 10)), doctest::Contains("truncated header"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)io::load_model_archive(bytes.substr(0, bytes.size() - 1)),
                       doctest::Contains("does not match"), model_error);
  auto corrupt = bytes;
  corrupt[corrupt.size() - 3] ^= 0x40;
  CHECK_THROWS_WITH_AS((void)io::load_model_archive(corrupt), doctest::Contains("checksum mismatch"), model_error);
  CHECK_THROWS_WITH_AS((void)io::load_assessment_archive(bytes), doctest::Contains("holds a model"), model_error);
  auto future = bytes;
  future[8] = 9;
  CHECK_THROWS_WITH_AS((void)io::load_model_archive(future), doctest::Contains("envelope version 9"), model_error);
}

// Archives written by release 0.1 (tests/data/archives/v1) must stay loadable
// by every later release, and equal what they were made from.
TEST_CASE("archives of earlier releases stay loadable") {
  const std::string dir = std::string(INFOCLASS_SOURCE_DIR) + "/tests/data/archives/v1/";
  auto m = io::load_model(dir + "model.json");
  auto a = propagate(m);
  for (const char* f : {"binary", "text", "xml"}) {
    INFO("format " << f);
    CHECK(io::load_model_archive(io::read_file(dir + "model-" + f + ".icar", 1u << 26)) == m);
    auto old = io::load_assessment_archive(io::read_file(dir + "assessment-" + f + ".icar", 1u << 26));
    CHECK(old == a);
  }
}

namespace {
std::uint64_t header_field(const std::string& bytes, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)])} << (8 * i);
  }
  return v;
}

void put_checksum(std::string& bytes, std::uint64_t sum) {
  for (int i = 0; i < 8; ++i) {
    bytes[24 + static_cast<std::size_t>(i)] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  }
}

std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}
} // namespace

// The envelope as the header documents it: version 2, the payload's length and
// its XXH3 64 (libxxhash, recomputed here); version 1 with FNV-1a is still read.
TEST_CASE("the envelope carries version 2 and the payload's XXH3, and version 1 is still read") {
  const model m = one_asset();
  for (auto f : {io::archive_format::binary, io::archive_format::text, io::archive_format::xml}) {
    INFO("format " << static_cast<int>(f));
    auto bytes = io::save_archive(m, f);
    REQUIRE(bytes.size() > 32);
    CHECK(bytes.substr(0, 8) == "INFOCLAS");
    CHECK(header_field(bytes, 8, 4) == 2);
    CHECK(header_field(bytes, 8, 4) == io::archive_envelope_version);
    CHECK(header_field(bytes, 12, 1) == 1);
    CHECK(header_field(bytes, 13, 1) == static_cast<unsigned>(f));
    CHECK(header_field(bytes, 16, 8) == bytes.size() - 32);
    const auto body = std::string_view(bytes).substr(32);
    CHECK(header_field(bytes, 24, 8) == XXH3_64bits(body.data(), body.size()));
    CHECK(io::load_model_archive(bytes) == m);
    // The same payload in a version 1 envelope (FNV-1a) loads the same model.
    auto v1 = bytes;
    v1[8] = 1;
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(v1), doctest::Contains("checksum mismatch"), model_error);
    put_checksum(v1, fnv1a(body));
    CHECK(io::load_model_archive(v1) == m);
    // A version 2 envelope with version 1's checksum is corrupt.
    auto mixed = v1;
    mixed[8] = 2;
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(mixed), doctest::Contains("checksum mismatch"), model_error);
    auto none = bytes;
    none[8] = 0;
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(none), doctest::Contains("envelope version 0 is not supported"),
                         model_error);
    auto next = bytes;
    next[8] = 3;
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(next), doctest::Contains("reads 1 to 2"), model_error);
  }
}

TEST_CASE("a hostile element count is rejected before anything is allocated") {
  model m;
  auto bytes = io::save_archive(m, io::archive_format::binary);
  // The scheme id "se-klassa" is preceded by its 8-byte count 9.
  auto pos = bytes.find("se-klassa");
  REQUIRE(pos != std::string::npos);
  REQUIRE(bytes[pos - 8] == 9);
  for (int i = 0; i < 8; ++i) {
    bytes[pos - 8 + static_cast<std::size_t>(i)] = static_cast<char>(i < 6 ? 0xFF : 0x00); // ~2^48
  }
  const auto body = std::string_view(bytes).substr(32);
  put_checksum(bytes, XXH3_64bits(body.data(), body.size()));
  CHECK_THROWS_WITH_AS((void)io::load_model_archive(bytes), doctest::Contains("more than the"), model_error);
}

TEST_CASE("an assessment archive whose out-edges do not mirror its in-edges is refused") {
  // a and b depend on c: c's in-edges 0 (from a) and 1 (from b); the
  // out-edges of a and b name them (out_in = 0, 1). Swapped, each names an
  // in-edge from the other source: every index is in range, yet a full run or
  // an update reading the out-edges would carry a's levels as b's.
  model m;
  for (const char* id : {"a", "b", "c"}) {
    asset x;
    x.id = id;
    x.kind = "information";
    x.own = classification{1, 1, 1, 1};
    m.add_asset(x);
  }
  m.add_dependency("a", "c", "stored_on");
  m.add_dependency("b", "c", "stored_on");
  const auto a = propagate(m);
  auto bytes = io::save_archive(a, io::archive_format::binary);
  CHECK(io::load_assessment_archive(bytes) == a);
  // out_dst (2, 2) then out_in (0, 1), each after its 8-byte count.
  const auto array = [](std::initializer_list<std::uint32_t> xs) {
    std::string out;
    const std::uint64_t count = xs.size();
    out.append(reinterpret_cast<const char*>(&count), 8);
    for (const std::uint32_t x : xs) {
      out.append(reinterpret_cast<const char*>(&x), 4);
    }
    return out;
  };
  const std::string mirrored = array({2, 2}) + array({0, 1});
  const auto at = bytes.find(mirrored);
  REQUIRE(at != std::string::npos);
  REQUIRE(bytes.find(mirrored, at + 1) == std::string::npos);
  bytes.replace(at, mirrored.size(), array({2, 2}) + array({1, 0}));
  const auto body = std::string_view(bytes).substr(32);
  put_checksum(bytes, XXH3_64bits(body.data(), body.size()));
  CHECK_THROWS_WITH_AS((void)io::load_assessment_archive(bytes),
                       doctest::Contains("the out-edges do not mirror the in-edges (out-edge 0 of asset 0)"),
                       model_error);
}
