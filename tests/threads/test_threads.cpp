// SPDX-License-Identifier: Apache-2.0
// The threading rule of model.hpp and assessment.hpp, tested (and run under
// ThreadSanitizer by the `tsan` preset): const models and assessments may be
// shared by any number of threads that propagate, explain and export at the
// same time; a thread that mutates needs its own model (a copy shares nothing
// mutable with the original).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "../unit/random_model.hpp"
#include "infoclass/analysis/impact.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "support/threads.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace infoclass;
using infoclass::testing::make_asset;

namespace {

model example() {
  model m = io::load_model(std::string(INFOCLASS_SOURCE_DIR) + "/examples/municipality/model.json");
  // A cycle and a long chain next to the example, so that the engine's
  // component order and iterative traversal are exercised too.
  for (int i = 0; i < 300; ++i) {
    m.add_asset(make_asset("chain-" + std::to_string(i), "service", classification::none(4)));
  }
  for (int i = 0; i + 1 < 300; ++i) {
    m.add_dependency("chain-" + std::to_string(i), "chain-" + std::to_string(i + 1), "depends_on");
  }
  m.add_dependency("chain-299", "chain-0", "depends_on");
  m.add_dependency("socialakter", "chain-0", "processed_by");
  return m;
}

struct reference {
  assessment a;
  std::string json, result, graphml, dot, csv;
  std::vector<std::vector<explain_step>> explained;
};

reference make_reference(const model& m) {
  reference r{propagate(m), io::write_model(m), {}, {}, {}, {}, {}};
  r.result = io::write_assessment(r.a);
  r.graphml = io::write_graphml(m, r.a);
  r.dot = io::write_dot(m, r.a);
  auto csv = io::write_csv(m);
  r.csv = csv.assets + csv.dependencies;
  for (std::size_t v = 0; v < r.a.size(); ++v) {
    r.explained.push_back(r.a.explain(r.a.id(v), v % r.a.properties()));
  }
  return r;
}

} // namespace

TEST_CASE("8 threads propagate, explain and export one shared const model") {
  const model m = example();
  // The reference comes from a copy, so the shared model's snapshot cache is
  // still empty when the threads start and they race to build it.
  const model copy = m;
  const reference ref = make_reference(copy);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 6; ++round) {
        const assessment a = propagate(m);
        if (!(a == ref.a) || io::write_assessment(a) != ref.result || io::write_model(m) != ref.json ||
            io::write_graphml(m, a) != ref.graphml || io::write_dot(m, ref.a) != ref.dot) {
          ++failures;
        }
        auto csv = io::write_csv(m);
        if (csv.assets + csv.dependencies != ref.csv) {
          ++failures;
        }
        // The shared assessment, explained from every thread at once.
        for (std::size_t v = static_cast<std::size_t>(t); v < ref.a.size(); v += 8) {
          if (ref.a.explain(ref.a.id(v), v % ref.a.properties()) != ref.explained[v]) {
            ++failures;
          }
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  CHECK(failures.load() == 0);
  CHECK(propagate(m) == ref.a);
}

TEST_CASE("threads that mutate their own copies do not disturb the shared model") {
  const model m = example();
  const reference ref = make_reference(m);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      model mine = m;
      propagation engine(mine);
      for (int i = 0; i < 20; ++i) {
        mine.set_level("socialakter", static_cast<std::size_t>((t + i) % 4), static_cast<level_t>(i % 5));
        engine.update(mine);
        const auto full = propagate(model(mine));
        std::vector<level_t> got(full.size() * full.properties());
        std::vector<level_t> want(got.size());
        engine.result().effective_levels(got);
        full.effective_levels(want);
        if (got != want) {
          ++failures;
        }
        if (propagate(m) != ref.a) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  CHECK(failures.load() == 0);
  CHECK(io::write_model(m) == ref.json);
}

TEST_CASE("a worker team runs each step on its helpers, rethrows a step's failure and can be nested") {
  // Under ThreadSanitizer in CI: steps follow each other at once (the helpers
  // awake) and after a pause (asleep), each step's work claimed by its workers.
  using infoclass::detail::run_workers;
  using infoclass::detail::worker_team;
  CHECK(worker_team::current() == nullptr);
  // One step on `threads` workers: each worker's thread and how many times
  // it ran (exactly once each, whoever ran it).
  // `served`: steps worker 1's thread has run (a thread of its own per step
  // would have run one, even where the system reuses its id).
  struct ran {
    unsigned workers = 0;
    std::vector<std::thread::id> on;
    std::vector<int> times;
    int served = 0;
  };
  const auto step = [](unsigned threads) {
    ran r;
    r.on.resize(threads);
    std::vector<std::atomic<int>> times(threads);
    r.workers = run_workers(threads, [&](unsigned worker) {
      thread_local int served = 0;
      r.on[worker] = std::this_thread::get_id();
      ++times[worker];
      if (worker == 1) {
        r.served = ++served;
      }
    });
    for (auto& t : times) {
      r.times.push_back(t.load());
    }
    return r;
  };
  {
    worker_team team(3);
    CHECK(worker_team::current() == &team);
    CHECK(team.size() == 1); // no helper before a step asks for two workers
    CHECK(step(1).workers == 1);
    CHECK(team.size() == 1);
    // Steps on two workers: always the same helper (the team's, not a new
    // thread per step), each worker once per step.
    const ran first = step(2);
    CHECK(first.workers == 2);
    CHECK(team.size() == 2); // started for the step (a thread can be started here)
    CHECK(first.on[0] == std::this_thread::get_id());
    CHECK(first.on[1] != std::this_thread::get_id());
    std::vector<int> slots(1000, 0);
    for (int k = 0; k < 300; ++k) {
      if (k % 100 == 99) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // the helper falls asleep
      }
      const ran r = step(2);
      CHECK(r.workers == 2);
      CHECK(r.on == first.on);
      CHECK(r.times == std::vector<int>{1, 1});
      CHECK(r.served == first.served + k + 1);
      std::atomic<std::size_t> next{0};
      run_workers(2, [&](unsigned) {
        for (std::size_t i = next++; i < slots.size(); i = next++) {
          slots[i] += 1;
        }
      });
    }
    CHECK(std::all_of(slots.begin(), slots.end(), [](int x) { return x == 300; }));
    // Three workers: one more helper; the first one still serves; a step on
    // two after it runs on the first two only.
    const ran three = step(3);
    CHECK(three.workers == 3);
    CHECK(team.size() == 3);
    CHECK(three.on[1] == first.on[1]);
    CHECK(three.times == std::vector<int>{1, 1, 1});
    for (int k = 0; k < 50; ++k) {
      const ran r = step(k % 2 == 0 ? 2 : 3);
      CHECK(r.on[1] == first.on[1]);
      CHECK(std::all_of(r.times.begin(), r.times.end(), [](int x) { return x == 1; }));
      if (r.on.size() == 3) {
        CHECK(r.on[2] == three.on[2]);
      }
    }
    // More workers than the team was made for: threads of its own.
    const ran four = step(4);
    CHECK(four.workers == 4);
    CHECK(four.on[1] != first.on[1]);
    CHECK(four.served == 1);
    CHECK(team.size() == 3);
    // A failure on either worker is rethrown once both have stopped; the
    // team serves the next step.
    for (unsigned failing = 0; failing < 2; ++failing) {
      std::atomic<unsigned> count{0};
      CHECK_THROWS_AS(run_workers(2,
                                  [&](unsigned worker) {
                                    ++count;
                                    if (worker == failing) {
                                      throw std::runtime_error("step failed");
                                    }
                                  }),
                      std::runtime_error);
      CHECK(count == 2U);
      CHECK(step(2).on == first.on);
    }
    // A step that runs workers itself (the team busy) starts its own threads.
    ran inner;
    run_workers(2, [&](unsigned worker) {
      if (worker == 0) {
        inner = step(2);
      }
    });
    CHECK(inner.workers == 2);
    CHECK(inner.on[1] != first.on[1]);
    CHECK(inner.served == 1);
    CHECK(inner.times == std::vector<int>{1, 1});
    {
      worker_team nested(2); // made inside the other: used until it ends
      CHECK(worker_team::current() == &nested);
      const ran r = step(2);
      CHECK(r.on[1] != first.on[1]);
      CHECK(step(2).on == r.on);
    }
    CHECK(worker_team::current() == &team);
    CHECK(step(2).on == first.on);
    // Another thread has no team: its run_workers starts threads.
    std::thread([] { CHECK(worker_team::current() == nullptr); }).join();
  }
  CHECK(worker_team::current() == nullptr);
}

TEST_CASE("pieces claimed in turn run once each, on no more workers than pieces, and stop at a failure") {
  using infoclass::detail::run_pieces;
  using infoclass::detail::worker_team;
  // The workers run (none above them ran a piece), and each piece run once.
  const auto each = [](unsigned threads, std::size_t pieces) {
    std::vector<std::atomic<int>> ran(pieces);
    std::atomic<unsigned> highest{0};
    const unsigned workers = run_pieces(threads, pieces, [&](std::size_t k, unsigned worker) {
      ++ran[k];
      for (unsigned h = highest.load(); worker > h && !highest.compare_exchange_weak(h, worker);) {
      }
    });
    CHECK(std::all_of(ran.begin(), ran.end(), [](const std::atomic<int>& x) { return x.load() == 1; }));
    CHECK(highest.load() < workers);
    return workers;
  };
  for (const bool team : {false, true}) {
    CAPTURE(team);
    const auto t = team ? std::make_unique<worker_team>(2) : nullptr;
    CHECK(each(2, 0) == 1);
    CHECK(each(2, 1) == 1); // one piece: the caller's thread alone
    CHECK(each(1, 5000) == 1);
    CHECK(each(0, 7) == 1); // no thread asked for: one
    CHECK(each(2, 5000) == 2);
    CHECK(each(4, 2) == 2); // two pieces: two workers
    // A piece that throws: rethrown, and on one worker the pieces after it
    // do not run (the throw leaves the loop; the stop is tested on two).
    std::vector<int> ran(100, 0);
    CHECK_THROWS_AS(run_pieces(1, ran.size(),
                               [&](std::size_t k, unsigned) {
                                 ++ran[k];
                                 if (k == 5) {
                                   throw std::runtime_error("piece failed");
                                 }
                               }),
                    std::runtime_error);
    CHECK(std::all_of(ran.begin(), ran.begin() + 6, [](int x) { return x == 1; }));
    CHECK(std::all_of(ran.begin() + 6, ran.end(), [](int x) { return x == 0; }));
    // On two workers the other stops at its next claim: a piece takes a
    // millisecond, so that running on would run all 1,000 (the bound leaves
    // room for the thrower being held up for a few hundred milliseconds).
    std::vector<std::atomic<int>> two(1000);
    CHECK_THROWS_AS(run_pieces(2, two.size(),
                               [&](std::size_t k, unsigned) {
                                 ++two[k];
                                 if (k == 3) {
                                   throw std::runtime_error("piece failed");
                                 }
                                 std::this_thread::sleep_for(std::chrono::milliseconds(1));
                               }),
                    std::runtime_error);
    CHECK(two[3].load() == 1);
    CHECK(std::all_of(two.begin(), two.end(), [](const std::atomic<int>& x) { return x.load() <= 1; }));
    CHECK(std::count_if(two.begin(), two.end(), [](const std::atomic<int>& x) { return x.load() == 1; }) < 500);
  }
}

TEST_CASE("the single-points-of-failure search on worker threads gives the one-thread result") {
  // Under ThreadSanitizer in CI: the workers share the failure graph and the
  // model, each with its own masks; results are joined per batch.
  std::mt19937 rng(77);
  for (int i = 0; i < 4; ++i) {
    const model m = infoclass::testing::random_model(rng, 900);
    const assessment a = propagate(m);
    analysis::spof_options one;
    analysis::spof_options four;
    four.threads = 4;
    try {
      const auto want = analysis::single_points_of_failure(m, a, 0, one);
      CHECK(analysis::single_points_of_failure(m, a, 0, four) == want);
      CHECK(analysis::count_single_points_of_failure(m, a, 0, four) ==
            analysis::count_single_points_of_failure(m, a, 0, one));
    } catch (const model_error&) {
      // a random scheme without an availability property
    }
  }
  // A model above 8192 assets: the failure graph is built in chunks by both
  // workers at once; a copy (no engine snapshot) makes the failure order beside the index.
  bool big = false;
  for (int tries = 0; tries < 40 && !big; ++tries) {
    const model m = infoclass::testing::random_model(rng, 12000);
    if (m.size() < 8192) {
      continue;
    }
    try {
      const assessment a = propagate(m);
      analysis::spof_options one;
      analysis::spof_options two;
      two.threads = 2;
      const auto want = analysis::count_single_points_of_failure(m, a, 1, one);
      CHECK(analysis::count_single_points_of_failure(m, a, 1, two) == want);
      CHECK(analysis::count_single_points_of_failure(model(m), a, 1, two) == want);
      // Every victim handed on from this thread while the other worker
      // searches ahead: the one-thread counts, in model order.
      std::vector<analysis::single_point_count> visited;
      (void)analysis::for_each_single_point(
          m, a, 1,
          [&](vertex_type v, std::span<const vertex_type> victims) {
            visited.push_back({std::string(m.id(v)), victims.size()});
          },
          two);
      CHECK(visited == want);
      struct stop {};
      CHECK_THROWS_AS((void)analysis::for_each_single_point(
                          m, a, 1, [](vertex_type, std::span<const vertex_type>) { throw stop{}; }, two),
                      stop);
      big = true;
    } catch (const model_error&) {
      // a random scheme without an availability property (or no level 1)
    }
  }
  CHECK(big);
}

TEST_CASE("a full propagation on worker threads gives the one-thread levels and causes") {
  // Under ThreadSanitizer in CI: the workers write the slots of the components
  // they claimed and read those of earlier waves; a stage ends when all are done.
  std::mt19937 rng(78);
  propagate_options four;
  four.threads = 4;
  four.min_assets = 0;
  four.min_wave_assets = 16;
  four.grain = 8;
  const model ex = example();
  CHECK(propagate(ex, four) == propagate(ex));
  for (int i = 0; i < 6; ++i) {
    const model m = infoclass::testing::random_model(rng, 2000);
    const assessment want = propagate(m);
    CHECK(propagate(m, four) == want);
    propagation engine(m, four);
    engine.rerun();
    CHECK(engine.result() == want);
  }
}
