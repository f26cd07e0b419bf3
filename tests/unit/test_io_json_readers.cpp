// SPDX-License-Identifier: Apache-2.0
// The two JSON model readers — simdjson first where built with it, the
// portable reader (nlohmann-json) alone — give the same model or the same
// error on every input: the corpora (tests/data, the fuzzer's model corpus,
// the examples), documents at the edges of the strict parser, and thousands
// of mutations of the example.
#include "infoclass/error.hpp"
#include "infoclass/io/json.hpp"
#include "support/json_strict.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace infoclass;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "ok:" and the model written back, or "error:" with where and why.
std::string outcome(std::string_view text, bool portable, const io::json_limits& limits = {}) {
  try {
    const auto m = portable ? io::read_model_portable(text, limits) : io::read_model(text, limits);
    return "ok:" + io::write_model(m);
  } catch (const model_error& e) {
    return "error:" + e.where() + ": " + e.reason();
  }
}

std::size_t compare_both(std::string_view text, const io::json_limits& limits = {}) {
  const auto fast = outcome(text, false, limits);
  const auto portable = outcome(text, true, limits);
  CHECK(fast == portable);
  return fast.rfind("ok:", 0) == 0 ? 1 : 0;
}

// `t` with one to three random edits: a byte replaced by one of `alphabet`,
// up to four erased, or one of `alphabet` inserted.
std::string mutated(std::string t, std::mt19937& rng, std::string_view alphabet) {
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int k = 0; k < edits; ++k) {
    const std::size_t at = rng() % t.size();
    switch (rng() % 3) {
    case 0: t[at] = alphabet[rng() % alphabet.size()]; break;
    case 1: t.erase(at, 1 + rng() % 4); break;
    default: t.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
    }
  }
  return t;
}

} // namespace

TEST_CASE("json readers: the same model or the same error on every corpus file") {
  INFO("simdjson in this build: " << io::fast_json_reader());
  const std::filesystem::path src(INFOCLASS_SOURCE_DIR);
  std::size_t files = 0;
  std::size_t read = 0;
  for (const auto* dir : {"tests/data", "tests/fuzz/corpus/model_json", "examples"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(src / dir)) {
      const auto ext = e.path().extension();
      if (!e.is_regular_file() || (ext != ".json" && ext != "")) {
        continue;
      }
      INFO(e.path().string());
      read += compare_both(slurp(e.path()));
      ++files;
    }
  }
  CHECK(files > 300);
  CHECK(read > 20); // valid models among them, not only errors
}

TEST_CASE("json readers: where built with simdjson, valid models take the fast path") {
  const auto before = io::detail::fast_models_read();
  const auto m = io::read_model(io::example_model_json());
  CHECK(m.size() > 100);
  // The example has overrides, measures and attributes (those assets go
  // through the portable reader's function), the rest is read natively.
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 1 : 0));
  (void)io::read_model(
      "{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": [{\"id\": \"x\", \"kind\": \"server\"}]}");
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 2 : 0));
}

TEST_CASE("json readers: a document of more than 4 MiB (input and buffers on huge pages) reads the same") {
  std::string text = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [)";
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    text += (i ? ",\n" : "") + std::string(R"({"id": "asset-)") + std::to_string(i) + R"(", "kind": ")" +
            (i % 4 == 0 ? "information" : "application") + R"(", "name": "Tillgång nummer )" + std::to_string(i) +
            R"(", "classification": {"K": )" + std::to_string(i % 5) + "}}";
  }
  text += R"(], "dependencies": [)";
  for (int i = 1; i < n; ++i) {
    text += (i > 1 ? "," : "") + std::string(R"({"from": "asset-)") + std::to_string(i - (i % 4 == 0 ? 1 : 0)) +
            R"(", "to": "asset-)" + std::to_string((i * 7 + 1) % n) + R"(", "type": "depends_on"})";
  }
  text += "]}";
  REQUIRE(text.size() > (std::size_t{4} << 20));
  const auto before = io::detail::fast_models_read();
  CHECK(compare_both(text) == 1);
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 1 : 0));
  // and an error in its last bytes is the portable reader's, with its place
  std::string bad = text.substr(0, text.size() - 2) + ",]}";
  CHECK(compare_both(bad) == 0);
}

TEST_CASE("json readers: plain assets by column and the others one by one keep the document's order") {
  // Plain assets (id, kind, name, owner, classification) are added by column,
  // any other asset on its own between them; dependencies by column, with
  // groups, needs and an id that is not in NFC (looked up through the model).
  const std::string text = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [
    {"id": "p1", "kind": "information", "owner": "HR", "classification": {"K": 2, "T": 0}},
    {"id": "r1", "kind": "application", "justification": "Granskad", "review_by": "2027-01-31"},
    {"id": "p2", "kind": "application", "name": "Lön", "classification": {"confidentiality": 1}},
    {"id": "p3", "kind": "server", "owner": "IT"},
    {"id": "r2", "kind": "server", "attributes": {"rack": "A1", "u": [1, 2]}},
    {"id": "p4", "kind": "server", "owner": "HR", "name": "", "classification": {"R": "2"}},
    {"id": "caf\u00e9", "kind": "room"}
  ], "dependencies": [
    {"from": "p1", "to": "r1", "type": "depends_on"},
    {"from": "r1", "to": "p3", "type": "depends_on", "group": "servers", "need": 1},
    {"from": "r1", "to": "r2", "type": "depends_on", "group": "servers"},
    {"from": "p2", "to": "p4", "type": "runs_on"},
    {"from": "p4", "to": "cafe\u0301", "type": "located_in"}
  ]})";
  const auto before = io::detail::fast_models_read();
  CHECK(compare_both(text) == 1);
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 1 : 0));
  const auto m = io::read_model(text);
  REQUIRE(m.size() == 7);
  CHECK(m[0].id == "p1");
  CHECK(m[1].justification == "Granskad");
  CHECK(m[2].name == "Lön");
  CHECK(m[4].id == "r2");
  CHECK(m[5].owner == "HR");
  CHECK(m.dependencies().size() == 5);
}

TEST_CASE("json readers: what the fast path checks as it reads is refused as the portable reader refuses it") {
  const std::string head = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [)";
  const std::string two = R"({"id": "a", "kind": "information"}, {"id": "b", "kind": "server"})";
  const std::string deps = R"(], "dependencies": [)";
  const std::vector<std::string> bad = {
      head + R"({"id": "a", "id": "b", "kind": "server"}]})",
      head + R"({"id": "a", "kind": "server", "kind": "room"}]})",
      head + R"({"id": "a", "kind": "server", "name": "x", "name": "y"}]})",
      head + R"({"id": "a", "kind": "server", "owner": "x", "owner": "y"}]})",
      head + R"({"id": "a", "kind": "server", "classification": {"K": 1}, "classification": {"K": 2}})" + "]}",
      head + R"({"id": "a", "kind": "server", "classification": {"K": 1.0}}]})",
      head + R"({"id": "a", "kind": "server", "classification": {"T": null}}]})",
      head + R"({"id": "a", "kind": "server", "classification": []}]})",
      head + R"({"id": "a", "kind": "server"}, {"id": "a", "kind": "room"}]})",
      head + two + deps + R"({"from": "a", "from": "b", "to": "b", "type": "depends_on"}]})",
      head + two + deps + R"({"from": "a", "to": "b", "type": "depends_on", "type": "runs_on"}]})",
      head + two + deps + R"({"from": "a", "to": "b", "type": "depends_on", "group": "g", "need": 1, "need": 1}]})",
      head + two + deps + R"({"from": "a", "to": "b", "type": "depends_on", "group": "g", "group": "h"}]})",
      head + two + deps + R"({"from": "a", "to": "b", "type": "depends_on", "need": 2.0, "group": "g"}]})",
      head + two + deps + R"({"from": "a", "to": "zz", "type": "depends_on"}]})",
      head + two + deps + R"({"from": "a", "to": "b", "type": "no_such_type"}]})",
      head + two + R"(], "assets": []})",
      R"({"infoclass": 1, "scheme": "se-klassa", "scheme": "se-klassa"})",
      std::string(R"({"infoclass": 1, "scheme": {"id": "x", "id": "y", "properties": [{"key": "A", )") +
          R"("role": "availability", "levels": [{"key": "lo"}, {"key": "hi"}]}]}})",
      std::string(R"({"infoclass": 1, "scheme": {"id": "x", "properties": [{"key": "A", "role": "availability", )") +
          R"("levels": [{"key": "lo"}, {"key": "hi", "key": "high"}]}]}})",
  };
  for (const auto& t : bad) {
    INFO(t);
    CHECK(compare_both(t) == 0);
  }
  // Strings longer than the limit, in each field read as it goes (12 lets
  // "se-klassa", "information" and "depends_on" through).
  io::json_limits small;
  small.max_string = 12;
  const std::string ab = R"({"id": "a", "kind": "room"}, {"id": "b", "kind": "room"})";
  const std::string long_text = "abcdefghijklm";
  const std::vector<std::string> too_long = {
      head + R"({"id": ")" + long_text + R"(", "kind": "room"}]})",
      head + R"({"id": "a", "kind": ")" + long_text + R"("}]})",
      head + R"({"id": "a", "kind": "room", "name": ")" + long_text + R"("}]})",
      head + R"({"id": "a", "kind": "room", "owner": ")" + long_text + R"("}]})",
      head + ab + deps + R"({"from": "a", "to": "b", "type": "depends_on", "group": ")" + long_text + R"("}]})",
      head + ab + deps + R"({"from": ")" + long_text + R"(", "to": "b", "type": "depends_on"}]})",
      // a level as text: a number with leading zeros, or a level key, longer than the limit
      head + R"({"id": "a", "kind": "room", "classification": {"K": "0000000000001"}})" + "]}",
      R"({"infoclass": 1, "scheme": "threagile", "assets": [{"id": "a", "kind": "room", )"
      R"("classification": {"confidentiality": "strictly-confidential"}}]})",
  };
  for (const auto& t : too_long) {
    INFO(t);
    CHECK(compare_both(t, small) == 0);
  }
  const auto before = io::detail::fast_models_read();
  CHECK(compare_both(head + ab + deps + R"({"from": "a", "to": "b", "type": "depends_on", "group": "abcdefghijkl"}]})",
                     small) == 1);
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 1 : 0));
  // The same at the default limit (1 MiB), and an id longer than 256 bytes as
  // written that NFC makes shorter ("e" and a combining acute, 86 times).
  CHECK(compare_both(head + R"({"id": "a", "kind": "room", "classification": {"K": ")" + std::string(1 << 20, '0') +
                     R"(1"}}]})") == 0);
  std::string decomposed;
  for (int i = 0; i < 86; ++i) {
    decomposed += "e\u0301";
  }
  CHECK(compare_both(head + R"({"id": ")" + decomposed + R"(", "kind": "room"}]})") == 0);
  // A depth limit within a plain asset's nesting: the whole document checked first.
  const std::string nested = head + R"({"id": "a", "kind": "information", "classification": {"K": 1}}]})";
  for (std::size_t depth = 1; depth <= 9; ++depth) {
    io::json_limits lim;
    lim.max_depth = depth;
    INFO("max_depth " << depth);
    CHECK(compare_both(nested, lim) == (depth >= 4 ? 1 : 0));
  }
}

TEST_CASE("json readers: an input is read where it is unless its padding would cross into the next page") {
  const std::string text = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [{"id": "a", "kind": "information"}, )"
                           R"({"id": "b", "kind": "server", "classification": {"K": 3}}], )"
                           R"("dependencies": [{"from": "a", "to": "b", "type": "depends_on"}]})";
  constexpr std::size_t page = 4096; // a multiple of the page size, wherever this runs
  const std::string expected = outcome(text, true);
  REQUIRE(expected.rfind("ok:", 0) == 0);
  auto* buffer = static_cast<char*>(std::aligned_alloc(page, 2 * page));
  REQUIRE(buffer != nullptr);
  // Ending on the last byte of the buffer: padding would be past it, copied.
  char* at_end = buffer + 2 * page - text.size();
  std::copy(text.begin(), text.end(), at_end);
  auto copied = io::detail::fast_inputs_copied();
  CHECK(outcome(std::string_view(at_end, text.size()), false) == expected);
  CHECK(io::detail::fast_inputs_copied() == copied + (io::fast_json_reader() ? 1 : 0));
  // The copy is what the reader's positions are in (it sizes its columns from
  // the bytes left after a position): limits raised to the largest value
  // read the copy as they read the input where it is.
  io::json_limits unlimited;
  unlimited.max_assets = std::numeric_limits<std::size_t>::max();
  unlimited.max_dependencies = std::numeric_limits<std::size_t>::max();
  copied = io::detail::fast_inputs_copied();
  const auto before = io::detail::fast_models_read();
  CHECK(outcome(std::string_view(at_end, text.size()), false, unlimited) == expected);
  CHECK(io::detail::fast_inputs_copied() == copied + (io::fast_json_reader() ? 1 : 0));
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 1 : 0));
  // Ending well inside the buffer's first page: read where it is (but in a
  // sanitizer's build, or off x86-64, where it is always copied).
  std::copy(text.begin(), text.end(), buffer);
  copied = io::detail::fast_inputs_copied();
  CHECK(outcome(std::string_view(buffer, text.size()), false) == expected);
  const bool in_place = io::detail::json_input_in_place(); // false in sanitizer builds, off x86-64
  CHECK(io::detail::fast_inputs_copied() == copied + (in_place || !io::fast_json_reader() ? 0 : 1));
  std::free(buffer);
}

TEST_CASE("json readers: documents at the edges of the strict parser") {
  const std::string head = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [)";
  const std::string tail = "]}";
  const std::vector<std::string> assets = {
      R"({"id": "a", "kind": "information", "classification": {"K": 1, "R": "2", "T": null}})",
      R"({"id": "a", "kind": "information", "classification": {"K": 1, "K": 2}})",
      R"({"id": "a", "kind": "information", "classification": {"K": 1, "confidentiality": 2}})",
      R"({"id": "a", "kind": "server", "classification": {"T": null}})",
      R"({"id": "a", "kind": "information", "classification": {"K": 1.0}})",
      R"({"id": "a", "kind": "information", "classification": {"K": -0}})",
      R"({"id": "a", "kind": "information", "classification": {"K": 18446744073709551615}})",
      R"({"id": "a", "kind": "information", "classification": {"K": 99999999999999999999}})",
      R"({"id": "a", "kind": "information", "classification": {"K": 9}})",
      R"({"id": "a", "kind": "information", "attributes": {"x": 1.5, "y": -0, "z": [1, {"q": 1e3}]}})",
      R"({"id": "a", "kind": "information", "attributes": {"x": {"d": 1, "d": 2}}})",
      R"({"id": "a", "kind": "information", "attributes": {"x": 18446744073709551615, "y": -5, "s": "\u00e5\ud83d\ude00"}})",
      R"({"id": "a", "kind": "information", "name": "\ud800"})",
      R"({"id": "a", "kind": "information", "name": "tab\there"})",
      R"({"id": "a", "kind": "information", "name": "nul\u0000end"})",
      R"({"id": "a", "kind": "Information"})",
      R"({"id": "", "kind": "information"})",
      R"({"id": "a", "kind": "information", "review_by": "2026-02-30"})",
      R"({"id": "a", "kind": "information", "review_by": "2026-12-31", "owner": "Nämnden"})",
      R"({"id": "a", "kind": "information", "overrides": {"K": {"level": 2, "effect": "manual", "justification": "x"}}})",
      R"({"id": "a", "kind": "information", "measures": ["AC-01", 2]})",
      R"({"id": "a", "kind": "information", "unknown": 1})",
      R"({"id": "a", "kind": "information"}, {"id": "a", "kind": "server"})",
      R"({"id": "a", "kind": "information"}, {"id": "b", "kind": "server"})",
  };
  for (const auto& a : assets) {
    INFO(a);
    compare_both(head + a + tail);
  }
  const std::string two = head + R"({"id": "a", "kind": "information"}, {"id": "b", "kind": "server"}, )" +
                          R"({"id": "c", "kind": "server"}])";
  const std::vector<std::string> deps = {
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on"}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on", "group": "g", "need": 1}, {"from": "a", "to": "c", "type": "stored_on", "group": "g"}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on", "group": "g", "need": 3}, {"from": "a", "to": "c", "type": "stored_on", "group": "g"}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on", "need": 1}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on", "group": ""}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on", "need": 1.0, "group": "g"}])",
      R"("dependencies": [{"from": "a", "to": "x", "type": "stored_on"}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "nope"}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on"}, {"from": "a", "to": "b", "type": "stored_on"}])",
      R"("dependencies": [{"from": "a", "to": "a", "type": "stored_on"}])",
      R"("dependencies": [{"from": "a", "to": "b"}])",
      R"("dependencies": [{"from": "a", "to": "b", "type": "stored_on", "from": "a"}])",
      R"("dependencies": {"from": "a"})",
      R"("policy": {"types": {"mirrored_to": {"T": "block"}}}, "dependencies": [{"from": "a", "to": "b", "type": "mirrored_to"}])",
      R"("policy": {"types": {"mirrored_to": {"T": "block", "T": "pass"}}})",
      R"("policy": {"cumulation": [{"property": "T", "kinds": ["server"], "at_least": 2, "level": 3}]})",
  };
  for (const auto& d : deps) {
    INFO(d);
    compare_both(two + ", " + d + "}");
  }
  // Scheme objects, versions, bytes around the text, limits.
  compare_both(R"({"infoclass": 1, "scheme": "fips-199"})");
  compare_both(R"({"infoclass": 2, "scheme": "se-klassa"})");
  compare_both(R"({"infoclass": 1.0, "scheme": "se-klassa"})");
  compare_both(R"({"infoclass": 1, "scheme": "nope"})");
  compare_both(
      R"({"infoclass": 1, "scheme": {"id": "x", "properties": [{"key": "A", "role": "availability", "levels": [{"key": "lo"}, {"key": "hi"}]}]}, "assets": [{"id": "a", "kind": "server", "classification": {"A": "hi"}}]})");
  compare_both("\xEF\xBB\xBF{\"infoclass\": 1, \"scheme\": \"se-klassa\"}");
  compare_both("  {\"infoclass\": 1, \"scheme\": \"se-klassa\"}  \n");
  compare_both("{\"infoclass\": 1, \"scheme\": \"se-klassa\"} x");
  compare_both("{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": [{\"id\": \"\xC3\", \"kind\": \"server\"}]}");
  compare_both("");
  io::json_limits small;
  small.max_depth = 4;
  small.max_string = 8;
  compare_both(head + R"({"id": "a", "kind": "information", "attributes": {"x": [[1]]}})" + tail, small);
  compare_both(head + R"({"id": "a", "kind": "information", "attributes": {"x": [[[1]]]}})" + tail, small);
  compare_both(head + R"({"id": "a", "kind": "information", "name": "12345678"})" + tail, small);
  compare_both(head + R"({"id": "a", "kind": "information", "name": "123456789"})" + tail, small);
  // A depth limit raised beyond 256: the portable reader reads it, up to
  // io::max_supported_depth (nlohmann's dump() of an attribute recurses per
  // level; under AddressSanitizer's larger frames it overflowed the stack at
  // 20,000 levels), and both refuse deeper input with the same message.
  small = {};
  small.max_depth = 2000;
  const auto nest = [&](std::size_t levels) {
    return head + R"({"id": "a", "kind": "information", "attributes": {"x": )" + std::string(levels, '[') +
           std::string(levels, ']') + "}}" + tail;
  };
  // head opens the object and the assets array; the asset, its attributes: 4 levels.
  CHECK(compare_both(nest(io::max_supported_depth - 4), small) == 1);
  CHECK(compare_both(nest(io::max_supported_depth - 3), small) == 0);
  CHECK_THROWS_WITH_AS((void)io::read_model(nest(io::max_supported_depth - 3), small),
                       doctest::Contains("nesting deeper than 1000 levels (the most any reader takes"), model_error);
  small = {};
  small.max_assets = 1;
  compare_both(head + R"({"id": "a", "kind": "information"}, {"id": "b", "kind": "server"})" + tail, small);
}

TEST_CASE("json readers: the same on thousands of mutations of the example") {
  const std::string example(io::example_model_json());
  std::mt19937 rng(2026);
  const std::string alphabet = "{}[]\",:0123456789-.eE tnfalsru\\/\xC3\xA5";
  std::size_t read = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string t = mutated(example, rng, alphabet);
    INFO("mutation " << i);
    read += compare_both(t);
  }
  CHECK(read > 100); // some mutations stay valid (in strings, numbers in range)
}

TEST_CASE("json readers: top-level keys in any order, escapes, and assets read by the portable reader's function") {
  // The fast path reads forward only: the policy before or after the assets
  // (the writer puts it last) is read there; another order goes to the
  // portable reader. Either way the outcome is the portable reader's.
  const std::string assets = R"("assets": [{"id": "a", "kind": "information", "classification": {"K": 2}},
    {"id": "b", "kind": "server"}, {"id": "c", "kind": "server", "attributes": {"rack": [1, {"u": 2}]}}])";
  const std::string deps =
      R"("dependencies": [{"from": "a", "to": "b", "type": "mirrored_to"}, {"from": "a", "to": "c", "type": "stored_on"}])";
  const std::string pol = R"("policy": {"types": {"mirrored_to": {"T": "block"}}})";
  const std::string ver = R"("infoclass": 1)";
  const std::string sch = R"("scheme": "se-klassa")";
  const auto doc = [](std::initializer_list<std::string> parts) {
    std::string t = "{";
    for (const auto& p : parts) {
      t += (t.size() > 1 ? ", " : "") + p;
    }
    return t + "}";
  };
  struct order {
    std::string text;
    bool fast;
  };
  const std::vector<order> orders = {
      {doc({ver, sch, assets, deps, pol}), true},  {doc({ver, sch, pol, assets, deps}), true},
      {doc({sch, assets, pol, deps, ver}), true},  {doc({ver, sch, deps, assets, pol}), false},
      {doc({ver, assets, sch, deps, pol}), false}, {doc({ver, pol, sch, assets, deps}), false},
  };
  for (const auto& o : orders) {
    INFO(o.text);
    const auto before = io::detail::fast_models_read();
    CHECK(compare_both(o.text) == 1);
    CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() && o.fast ? 1 : 0));
  }
  // Strings with escapes are resolved (pairs of surrogates, every short
  // escape); an asset with an escaped key is read by the portable reader's
  // function; a lone surrogate, a control character and a bad escape are
  // left to the portable reader, which decides.
  const std::string head = R"({"infoclass": 1, "scheme": "se-klassa", "assets": [)";
  struct text {
    std::string asset;
    bool fast; // read by the fast path (else by the portable reader)
    bool ok;
  };
  const std::vector<text> strings = {
      {R"({"id": "x\u00e5\ud83d\ude00", "kind": "server", "name": "a\"b\\c\/d\b\f\n\r\te", "owner": "\u00C5sa"})", true,
       true},
      {R"({"id": "x", "kind": "ser\u0076er"})", true, true},
      {R"({"i\u0064": "x", "kind": "server"})", true, true}, // (by read_asset on its text)
      {R"({"id": "x", "kind": "server", "name": "\ude00"})", false, false},
      {R"({"id": "x", "kind": "server", "name": "\ud83d"})", false, false},
      {R"({"id": "x", "kind": "server", "name": "\ud83dx"})", false, false},
      {R"({"id": "x", "kind": "server", "name": "\u12"})", false, false},
      {R"({"id": "x", "kind": "server", "name": "\q"})", false, false},
      {"{\"id\": \"x\", \"kind\": \"server\", \"name\": \"a\tb\"}", false, false},
      {"{\"id\": \"x\", \"kind\": \"server\", \"na\tme\": \"ab\"}", false, false},
  };
  for (const auto& x : strings) {
    INFO(x.asset);
    const auto before = io::detail::fast_models_read();
    CHECK(compare_both(head + x.asset + "]}") == (x.ok ? 1 : 0));
    CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() && x.fast ? 1 : 0));
  }
  const auto m = io::read_model(head + strings[0].asset + "]}");
  CHECK(m[0].id == "x\u00e5\U0001F600");
  CHECK(m[0].name == "a\"b\\c/d\b\f\n\r\te");
  CHECK(m[0].owner == "\u00C5sa");
  // A dependency whose ends and type are escaped, and numbers at the edges.
  const std::string two = head + R"({"id": "a/b", "kind": "information"}, {"id": "c", "kind": "server"}], )";
  for (
      const auto* d :
      {R"("dependencies": [{"from": "a\/b", "to": "\u0063", "type": "stored\u005fon"}])",
       R"("dependencies": [{"fr\u006fm": "a/b", "to": "c", "type": "stored_on"}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on", "group": "g", "need": 01}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on", "group": "g", "need": 65535}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on", "group": "g", "need": 65536}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on", "group": "g", "need": 1e0}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on", "group": "g", "need": -1}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on"}, ])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on"} {"from": "c", "to": "a/b", "type": "stored_on"}])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on"}]} ])",
       R"("dependencies": [{"from": "a/b", "to": "c", "type": "stored_on"}])"}) {
    INFO(d);
    compare_both(two + d + "}");
  }
  // The last asset, and the only one, read by the portable reader's function;
  // trailing bytes and brackets that do not match.
  compare_both(head + R"({"id": "a", "kind": "server", "attributes": {"x": 1}}]})");
  compare_both(head + R"({"id": "a", "kind": "server"}, {"id": "b", "kind": "server", "measures": ["M1"]}  ]} )");
  compare_both(head + R"({"id": "a", "kind": "server", "attributes": {"x": [1}]}]})");
  compare_both(head + R"({"id": "a", "kind": "server", "attributes": {"x": 1}]]})");
  compare_both(head + R"({"id": "a", "kind": "server"}]} {})");
  compare_both(head + R"({"id": "a", "kind": "server"}])");
  CHECK(compare_both(R"({"infoclass": 1, "sch\u0065me": "se-klassa", "assets": [{"id": "a", "kind": "server"}]})") ==
        1);
  // More distinct owners, kinds and groups than the reader compares in turn
  // (16): the rest are looked up by an index, with the same codes.
  std::string many = head;
  for (int i = 0; i < 60; ++i) {
    many += (i ? ", " : "") + std::string(R"({"id": "s)") + std::to_string(i) + R"(", "kind": "k)" +
            std::to_string(i % 20) + R"(", "owner": "o)" + std::to_string(i % 30) + "\"}";
  }
  many += R"(], "dependencies": [)";
  for (int i = 1; i < 60; ++i) {
    many += (i > 1 ? ", " : "") + std::string(R"({"from": "s0", "to": "s)") + std::to_string(i) +
            R"(", "type": "depends_on", "group": "g)" + std::to_string(i % 25) + "\"}";
  }
  many += "]}";
  const auto before = io::detail::fast_models_read();
  CHECK(compare_both(many) == 1);
  CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 1 : 0));
}

TEST_CASE("json readers: read a piece at a time (down to a line a piece), the same model or the same error") {
  // The simdjson path runs its first stage on a piece of the text at a time,
  // each ending after a line feed (256 KiB by default). Small pieces put a
  // piece's end everywhere a line ends: in the scheme, the policy, an asset
  // the portable reader's function reads, between a key and its value.
  struct restore {
    std::size_t before;
    explicit restore(std::size_t b) : before(b) {}
    restore(const restore&) = delete;
    restore& operator=(const restore&) = delete;
    ~restore() { io::detail::set_json_piece_bytes(before); }
  };
  const std::string example(io::example_model_json());
  const std::string minified = nlohmann::ordered_json::parse(example).dump(); // no line feed: one piece
  std::string long_lines = example;                                           // lines longer than the pieces below
  for (std::size_t at = 0; (at = long_lines.find("\"name\": \"", at)) != std::string::npos; at += 9) {
    long_lines.insert(at + 9, std::string(300, 'x'));
  }
  const std::filesystem::path src(INFOCLASS_SOURCE_DIR);
  std::vector<std::string> corpus;
  for (const auto* dir : {"tests/data", "tests/fuzz/corpus/model_json", "examples"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(src / dir)) {
      const auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".json" || ext == "")) {
        corpus.push_back(slurp(e.path()));
      }
    }
  }
  REQUIRE(corpus.size() > 300);
  // Mutations with line feeds and other control characters, which no string
  // holds: one in a string is an error where a piece ends after it, too.
  const std::string alphabet = std::string("{}[]\",:0 t\\\n\n\r\t\x01", 17);
  for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{100}, std::size_t{4096}}) {
    const restore r(io::detail::set_json_piece_bytes(piece));
    INFO("piece " << piece);
    const auto before = io::detail::fast_models_read();
    CHECK(compare_both(example) == 1);
    CHECK(compare_both(minified) == 1);
    CHECK(compare_both(long_lines) == 1);
    CHECK(io::detail::fast_models_read() == before + (io::fast_json_reader() ? 3 : 0));
    std::size_t read = 0;
    for (const auto& text : corpus) {
      read += compare_both(text);
    }
    CHECK(read > 20);
    std::mt19937 rng(static_cast<unsigned>(piece));
    read = 0;
    for (int i = 0; i < 500; ++i) {
      const std::string t = mutated(example, rng, alphabet);
      INFO("mutation " << i);
      read += compare_both(t);
    }
    CHECK(read > 20);
  }
}
