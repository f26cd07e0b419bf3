// SPDX-License-Identifier: Apache-2.0
// Reliability: limits on every bulk reader, no recursion at depth 10^6, no data
// loss when a writer is killed, byte-identical output, and round trips across
// formats.
#include "infoclass/error.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/file.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "infoclass/report.hpp"
#include "random_model.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace infoclass;
using infoclass::testing::make_asset;
using infoclass::testing::random_model;
namespace fs = std::filesystem;

namespace {

model two_assets() {
  model m;
  m.add_asset(make_asset("a", "information", classification{1, 1, 1, 1}));
  m.add_asset(make_asset("b", "server", classification::none(4)));
  m.add_dependency("a", "b", "stored_on");
  return m;
}

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("infoclass-rel-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

} // namespace

TEST_CASE("limits: assets, dependencies, size and strings in JSON, CSV and archives") {
  const model m = two_assets();
  io::read_limits one;
  one.max_assets = 1;
  io::read_limits no_deps;
  no_deps.max_dependencies = 0;
  const std::string json = io::write_model(m);
  CHECK_THROWS_WITH_AS((void)io::read_model(json, one),
                       doctest::Contains("/assets: 2 assets exceed the limit of 1 (read_limits::max_assets)"),
                       model_error);
  CHECK_THROWS_WITH_AS((void)io::read_model(json, no_deps), doctest::Contains("read_limits::max_dependencies"),
                       model_error);
  CHECK(io::read_model(json) == m); // the defaults let it through

  const auto csv = io::write_csv(m);
  io::csv_options opt;
  opt.limits = one;
  CHECK_THROWS_WITH_AS((void)io::read_csv(csv.assets, csv.dependencies, m.scheme_ptr(), {}, opt),
                       doctest::Contains("assets.csv: 2 assets exceed the limit of 1"), model_error);
  opt.limits = no_deps;
  CHECK_THROWS_WITH_AS((void)io::read_csv(csv.assets, csv.dependencies, m.scheme_ptr(), {}, opt),
                       doctest::Contains("dependencies.csv: 1 dependencies exceed the limit of 0"), model_error);
  opt.limits = {};
  opt.limits.max_string = 3;
  CHECK_THROWS_WITH_AS((void)io::read_csv(csv.assets, csv.dependencies, m.scheme_ptr(), {}, opt),
                       doctest::Contains("field longer than 3 bytes"), model_error);
  opt.limits = {};
  opt.limits.max_bytes = 10;
  CHECK_THROWS_WITH_AS((void)io::read_csv(csv.assets, csv.dependencies, m.scheme_ptr(), {}, opt),
                       doctest::Contains("exceed the limit of 10 (read_limits::max_bytes)"), model_error);

  for (auto f : {io::archive_format::binary, io::archive_format::text, io::archive_format::xml}) {
    const auto ar = io::save_archive(m, f);
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(ar, one), doctest::Contains("read_limits::max_assets"),
                         model_error);
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(ar, no_deps), doctest::Contains("read_limits::max_dependencies"),
                         model_error);
    io::read_limits tiny;
    tiny.max_bytes = 16;
    CHECK_THROWS_WITH_AS((void)io::load_model_archive(ar, tiny), doctest::Contains("read_limits::max_bytes"),
                         model_error);
    const auto aa = io::save_archive(propagate(m), f);
    CHECK_THROWS_WITH_AS((void)io::load_assessment_archive(aa, one), doctest::Contains("read_limits::max_assets"),
                         model_error);
    CHECK(io::load_model_archive(ar) == m);
  }
}

TEST_CASE("a chain of 10^6 dependencies and a cycle of 10^6 assets propagate, explain and export") {
  const int n = 1000000;
  for (bool cycle : {false, true}) {
    INFO("cycle: " << cycle);
    model m;
    for (int i = 0; i < n; ++i) {
      m.add_asset(make_asset("c" + std::to_string(i), "service", classification::none(4)));
    }
    m.set_level("c0", 2, 3);
    for (int i = 0; i + 1 < n; ++i) {
      m.add_dependency("c" + std::to_string(i), "c" + std::to_string(i + 1), "depends_on");
    }
    if (cycle) {
      m.add_dependency("c" + std::to_string(n - 1), "c0", "depends_on");
    }
    const auto a = propagate(m);
    const std::string last = "c" + std::to_string(n - 1);
    CHECK(a.effective(a.index(last), 2) == level_t{3});
    const auto path = a.explain(last, 2);
    CHECK(path.size() == std::size_t(n));
    CHECK(path.back().asset == "c0");
    CHECK(a.origins(last, 2).size() == 1);
    // Every writer walks the graph without recursion.
    const std::string json = io::write_model(m);
    CHECK(json.size() > std::size_t(n) * 20);
    CHECK(io::write_assessment(a).size() > std::size_t(n) * 20);
    CHECK(io::write_csv(m).dependencies.size() > std::size_t(n) * 10);
    CHECK(io::write_graphml(m, a).size() > std::size_t(n) * 50);
    CHECK(io::write_dot(m, a).size() > std::size_t(n) * 20);
    CHECK(io::load_model_archive(io::save_archive(m)) == m);
  }
}

TEST_CASE("a writer killed mid-way leaves the old file intact") {
  // The child rewrites the file with a different, large model in a loop; the
  // parent kills it at varying moments. The file must always read back as
  // either the old or the new model, never as something in between.
  const auto dir = scratch("kill");
  const auto path = dir / "model.json";
  model old_model = two_assets();
  io::save_model(old_model, path);
  model new_model;
  for (int i = 0; i < 60000; ++i) {
    new_model.add_asset(
        make_asset("x" + std::to_string(i), "information", classification{1, 2, 3, 1}, std::string(40, 'n')));
  }
  const std::string new_text = io::write_model(new_model);
  const std::string old_text = io::write_model(old_model);
  int saw_old = 0;
  int saw_new = 0;
  for (int trial = 0; trial < 12; ++trial) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (;;) {
        io::write_file_atomic(path, new_text);
        io::write_file_atomic(path, old_text);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3 + 7 * trial));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    const std::string now = io::read_file(path, std::size_t{1} << 30);
    const bool is_old = now == old_text;
    const bool is_new = now == new_text;
    CHECK((is_old || is_new));
    saw_old += is_old ? 1 : 0;
    saw_new += is_new ? 1 : 0;
    CHECK(io::load_model(path).size() == (is_old ? old_model.size() : new_model.size()));
  }
  CHECK(saw_old + saw_new == 12);
  // Killed writers may leave their temporary files (hidden, named after the
  // target), never a damaged target.
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    CHECK((name == "model.json" || name.rfind(".model.json.", 0) == 0));
  }
  fs::remove_all(dir);
}

TEST_CASE("the same model gives byte-identical output on every run") {
  const std::string path = std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json";
  auto outputs = [&] {
    const model m = io::load_model(path);
    const auto a = propagate(m);
    const auto csv = io::write_csv(m);
    report_options opt;
    opt.today = "2026-11-28";
    return std::vector<std::string>{io::write_model(m),
                                    io::write_assessment(a),
                                    csv.assets,
                                    csv.dependencies,
                                    io::write_graphml(m, a),
                                    io::write_dot(m, a),
                                    format_report(m, a, opt),
                                    format_html_report(m, a, io::write_dot(m, a), opt),
                                    format_table(m, a),
                                    format_csv(m, a),
                                    io::save_archive(m)};
  };
  const auto first = outputs();
  const auto second = outputs();
  REQUIRE(first.size() == second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    INFO("output " << i);
    CHECK(first[i] == second[i]);
  }
}

TEST_CASE("property: JSON -> model -> archive -> model -> JSON -> CSV -> model is identity") {
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    const model m = random_model(rng);
    const std::string json = io::write_model(m);
    const model from_json = io::read_model(json);
    REQUIRE(from_json == m);
    for (auto f : {io::archive_format::binary, io::archive_format::text, io::archive_format::xml}) {
      const model from_archive = io::load_model_archive(io::save_archive(from_json, f));
      REQUIRE(from_archive == m);
      REQUIRE(io::write_model(from_archive) == json);
    }
    // CSV carries assets and dependencies; the scheme and the policy are given.
    const auto csv = io::write_csv(m);
    const model from_csv = io::read_csv(csv.assets, csv.dependencies, m.scheme_ptr(), m.get_policy());
    REQUIRE(from_csv == m);
    REQUIRE(io::write_model(from_csv) == json);
  }
}

TEST_CASE("a write that cannot happen is a file_error with the path and errno, and leaves nothing behind") {
  const auto dir = std::filesystem::temp_directory_path() / ("infoclass-file-error-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub");
  try {
    io::write_file_atomic(dir / "sub", "{}");
    FAIL("no exception");
  } catch (const file_error& e) {
    CHECK(e.code() == EISDIR);
    CHECK(e.path() == (dir / "sub").string());
  }
  try {
    io::write_file_atomic(dir / "missing" / "model.json", "{}");
    FAIL("no exception");
  } catch (const file_error& e) {
    CHECK(e.code() == ENOENT);
    CHECK(std::string(e.what()).find("cannot create a temporary file") != std::string::npos);
  }
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(dir);
}
