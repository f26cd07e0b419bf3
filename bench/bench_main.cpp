// SPDX-License-Identifier: Apache-2.0
// infoclass benchmarks (Google Benchmark). Sizes are given on the command line:
//   infoclass_bench --sizes=10000,1000000 [--json-sizes=1000000] [--spof-sizes=100000]
//                   [--big-sizes=10000000]   (floor, engine, builds only)
//                   [google benchmark flags]
//   infoclass_bench --memory=10000000     (peak RSS of load + propagate, one line of JSON)
//   infoclass_bench --dump=100000 DIR     (the synthetic model as assets.csv, dependencies.csv)
//
// Every figure of the performance issue is a benchmark here; ratios are formed
// by bench/report.py from one run's JSON output. Counters carry the per-run
// detail (ns per dependency, medians of update times, cone sizes).
#include "synth.hpp"

#include "engine/access.hpp"
#include "infoclass/analysis/impact.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/csv.hpp"
#include "infoclass/io/json.hpp"
#include "infoclass/propagation.hpp"
#include "support/json_strict.hpp"

#include <benchmark/benchmark.h>
#include <malloc.h>
#if defined(__linux__)
#include <sched.h>
#endif
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace ib = infoclass::bench;
using infoclass::model;
using infoclass::propagation;
using clock_type = std::chrono::steady_clock;

namespace {

struct fixture {
  ib::synth s;
  std::unique_ptr<model> m;
  std::unique_ptr<propagation> engine;
  std::unique_ptr<propagation> engine_t2; ///< full runs on two workers (made on first use)
  std::string json;                       ///< the model as JSON (only for JSON sizes)
  infoclass::io::csv_files csv;           ///< the model as CSV (only for JSON sizes)
  std::string archive;
};

std::map<std::uint32_t, std::unique_ptr<fixture>>& cache() {
  static std::map<std::uint32_t, std::unique_ptr<fixture>> c;
  return c;
}

// Models are built once per size and kept for every benchmark of that size;
// only the largest size is kept alive at a time to bound memory.
fixture& get(std::uint32_t n) {
  auto& c = cache();
  auto it = c.find(n);
  if (it != c.end()) {
    return *it->second;
  }
  c.clear();
  auto f = std::make_unique<fixture>();
  f->s = ib::make_synth(n);
  f->m = std::make_unique<model>(ib::to_model_bulk(f->s, ib::make_bulk_input(f->s)));
  f->engine = std::make_unique<propagation>(*f->m);
  auto& ref = *f;
  c.emplace(n, std::move(f));
  return ref;
}

std::uint64_t peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      return std::stoull(line.substr(6));
    }
  }
  return 0;
}

void set_edges(benchmark::State& st, const fixture& f) {
  const auto E = static_cast<double>(f.s.from.size());
  st.counters["assets"] = f.s.n;
  st.counters["deps"] = E;
  st.counters["ns_per_dep"] =
      benchmark::Counter(E * 1e-9, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// The memory-bound floor: one pass over every dependency (by target) that
// max-combines the source's packed levels (4 properties in 4 bytes) into the
// target's. No transfer, no provenance, no cycles.
void bm_floor(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  const auto& s = infoclass::detail::assessment_access::snap(f.engine->result());
  const std::uint32_t P = s.P;
  std::vector<std::uint32_t> lvl(s.n);
  const auto own = infoclass::detail::assessment_access::effective(f.engine->result());
  for (std::uint32_t v = 0; v < s.n; ++v) {
    std::uint32_t x = 0;
    std::memcpy(&x, own.data() + std::size_t{v} * P, std::min<std::uint32_t>(P, 4));
    lvl[v] = x;
  }
  for (auto _ : st) {
    for (std::uint32_t v = 0; v < s.n; ++v) {
      std::uint32_t acc = lvl[v];
      for (std::uint32_t e = s.in_off[v]; e < s.in_off[v + 1]; ++e) {
        const std::uint32_t x = lvl[s.in_src[e]];
        // byte-wise maximum of 4 packed levels
        std::uint32_t r = 0;
        for (unsigned b = 0; b < 32; b += 8) {
          r |= std::max((acc >> b) & 0xFFU, (x >> b) & 0xFFU) << b;
        }
        acc = r;
      }
      lvl[v] = acc;
    }
    benchmark::DoNotOptimize(lvl.data());
    benchmark::ClobberMemory();
  }
  set_edges(st, f);
}

void bm_engine(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  for (auto _ : st) {
    f.engine->rerun();
    benchmark::DoNotOptimize(infoclass::detail::assessment_access::effective(f.engine->result()).data());
  }
  set_edges(st, f);
}

// Full runs on two workers (propagate_options::threads); the waves' schedule
// is made once per structure, by the engine's first run, outside the timing.
void bm_engine_t2(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  if (!f.engine_t2) {
    infoclass::propagate_options o;
    o.threads = 2;
    f.engine_t2 = std::make_unique<propagation>(*f.m, o);
  }
  for (auto _ : st) {
    f.engine_t2->rerun();
    benchmark::DoNotOptimize(infoclass::detail::assessment_access::effective(f.engine_t2->result()).data());
  }
  set_edges(st, f);
}

// propagate() once on two workers: snapshot, schedule and run, as a caller sees it.
void bm_propagate_model_t2(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  infoclass::propagate_options o;
  o.threads = 2;
  for (auto _ : st) {
    auto a = infoclass::propagate(*f.m, o);
    benchmark::DoNotOptimize(infoclass::detail::assessment_access::effective(a).data());
  }
  set_edges(st, f);
}

void bm_propagate_model(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  for (auto _ : st) {
    auto a = infoclass::propagate(*f.m);
    benchmark::DoNotOptimize(infoclass::detail::assessment_access::effective(a).data());
  }
  set_edges(st, f);
}

// Between iterations of the build benchmarks (figure 4), untimed: what the
// iteration built is dropped and freed memory goes back to the system, so
// every build, the model's and the bare CSR's alike, starts on fresh pages as
// a load in a new process does. (Without it the CSR side reused the C heap's
// pages of the iteration before, the model's large columns never.)
template <typename T> void drop_between(benchmark::State& st, std::optional<T>& built) {
  st.PauseTiming();
  built.reset();
  malloc_trim(0);
  st.ResumeTiming();
}

struct bare_csr {
  std::vector<std::uint32_t> in_off, out_off, in_src, out_dst;
  std::vector<std::uint8_t> in_type;
};

void bm_build_csr(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  const auto& s = f.s;
  const std::size_t E = s.from.size();
  std::optional<bare_csr> built;
  malloc_trim(0);
  for (auto _ : st) {
    auto& g = built.emplace();
    auto& in_off = g.in_off;
    auto& out_off = g.out_off;
    in_off.assign(s.n + 1, 0);
    out_off.assign(s.n + 1, 0);
    for (std::size_t e = 0; e < E; ++e) {
      ++in_off[s.to[e] + 1];
      ++out_off[s.from[e] + 1];
    }
    for (std::uint32_t v = 0; v < s.n; ++v) {
      in_off[v + 1] += in_off[v];
      out_off[v + 1] += out_off[v];
    }
    g.in_src.resize(E);
    g.in_type.resize(E);
    g.out_dst.resize(E);
    std::vector<std::uint32_t> ci(in_off.begin(), in_off.end() - 1);
    std::vector<std::uint32_t> co(out_off.begin(), out_off.end() - 1);
    for (std::size_t e = 0; e < E; ++e) {
      const std::uint32_t pi = ci[s.to[e]]++;
      g.in_src[pi] = s.from[e];
      g.in_type[pi] = s.type[e];
      g.out_dst[co[s.from[e]]++] = s.to[e];
    }
    benchmark::DoNotOptimize(g.in_src.data());
    benchmark::DoNotOptimize(g.out_dst.data());
    drop_between(st, built);
  }
  set_edges(st, f);
}

// Figure 4: the model from the same arrays through the bulk API (ids, kind
// codes, levels; from/to vertices, type and group codes), every row validated.
void bm_build_model_bulk(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  const auto b = ib::make_bulk_input(f.s);
  std::optional<model> built;
  malloc_trim(0);
  for (auto _ : st) {
    built.emplace(ib::to_model_bulk(f.s, b));
    benchmark::DoNotOptimize(built->size());
    drop_between(st, built);
  }
  set_edges(st, f);
}

void bm_build_model(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  for (auto _ : st) {
    auto m = ib::to_model(f.s);
    benchmark::DoNotOptimize(m.size());
  }
  set_edges(st, f);
}

// Whether the engine's levels (effective and derived) are a full run's of m
// (causes may name another equally valid input after incremental updates,
// see propagation.hpp).
bool equals_full_run(const model& m, const propagation& engine) {
  const auto full = infoclass::propagate(m);
  const auto& inc = engine.result();
  using acc = infoclass::detail::assessment_access;
  return std::ranges::equal(acc::effective(inc), acc::effective(full)) &&
         std::ranges::equal(acc::derived(inc), acc::derived(full));
}

// Single-asset level changes (up, then back down) on information assets, each
// followed by an incremental update; median per direction. The levels are
// compared with a full run's in the changed state after every 200th change
// (untimed) and once at the end, after every change was undone.
void run_updates(benchmark::State& st, model& m, propagation& engine, const std::vector<std::uint32_t>& pool,
                 infoclass::level_t top, bool up) {
  const auto P = static_cast<std::uint32_t>(m.get_scheme().size());
  ib::rng r{99};
  std::vector<double> times;
  std::vector<double> restores;
  std::vector<std::size_t> moved;
  std::size_t touched = 0;
  bool equal = true;
  std::size_t compared = 0;
  std::size_t gave_way = 0; // timed changes finished by a full run (propagate_options::max_update_work)
  for (auto _ : st) {
    for (int i = 0; i < 1000; ++i) {
      const std::uint32_t v = pool[r.below(static_cast<std::uint32_t>(pool.size()))];
      const std::uint32_t p = r.below(P);
      const std::string id(m.id(v));
      const auto old = m.at(id).own.get(p);
      // Up: raise to `top`; down: lower to 0 (then restore untimed).
      m.set_level(id, p, up ? top : infoclass::level_t{0});
      auto t0 = clock_type::now();
      auto us = engine.update(m);
      auto t1 = clock_type::now();
      touched += us.reset + us.recomputed;
      gave_way += us.full ? 1 : 0;
      moved.push_back(us.moved);
      times.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      m.set_level(id, p, old);
      t0 = clock_type::now();
      engine.update(m);
      t1 = clock_type::now();
      if (i % 200 == 0) {
        m.set_level(id, p, up ? top : infoclass::level_t{0}); // the changed state again (untimed)
        engine.update(m);
        equal = equal && equals_full_run(m, engine);
        ++compared;
        m.set_level(id, p, old);
        engine.update(m);
      }
      restores.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
  }
  // The update that undoes each change (a lowering after a rise, a rise after
  // a lowering), reported beside the change itself.
  std::sort(restores.begin(), restores.end());
  st.counters["undo_median_us"] = restores[restores.size() / 2];
  st.counters["undo_p90_us"] = restores[restores.size() * 9 / 10];
  std::sort(times.begin(), times.end());
  st.counters["median_us"] = times[times.size() / 2];
  st.counters["p90_us"] = times[times.size() * 9 / 10];
  st.counters["max_us"] = times.back();
  st.counters["changes"] = static_cast<double>(times.size());
  st.counters["touched_per_change"] = static_cast<double>(touched) / static_cast<double>(times.size());
  st.counters["gave_way"] = static_cast<double>(gave_way);
  // The levels that moved: what any update must at least write (and push on).
  std::sort(moved.begin(), moved.end());
  st.counters["moved_median"] = static_cast<double>(moved[moved.size() / 2]);
  st.counters["moved_p90"] = static_cast<double>(moved[moved.size() * 9 / 10]);
  equal = equal && equals_full_run(m, engine);
  st.counters["compared_with_full_run"] = static_cast<double>(compared + 1);
  st.counters["equal_to_full_run"] = equal ? 1 : 0;
  if (!equal) {
    st.SkipWithError("incremental result differs from a full run");
  }
}

void bm_update(benchmark::State& st, std::uint32_t n, bool up) {
  auto& f = get(n);
  std::vector<std::uint32_t> info;
  for (std::uint32_t v = 0; v < f.s.n; ++v) {
    if (f.s.kind[v] == ib::k_info) {
      info.push_back(v);
    }
  }
  run_updates(st, *f.m, *f.engine, info, 3, up);
}

void ensure_json(fixture& f) {
  if (f.json.empty()) {
    f.json = infoclass::io::write_model(*f.m);
  }
}

void bm_json_parse_nlohmann(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  ensure_json(f);
  for (auto _ : st) {
    auto j = nlohmann::json::parse(f.json);
    benchmark::DoNotOptimize(j.size());
  }
  set_edges(st, f);
  st.counters["bytes"] = static_cast<double>(f.json.size());
}

// JSON load (goal 4 of the second performance issue: >= 400 MB/s): the
// simdjson path where built with it, and the portable reader alone.
void bm_json_load(benchmark::State& st, std::uint32_t n, bool portable) {
  auto& f = get(n);
  ensure_json(f);
  infoclass::io::json_limits lim;
  lim.max_bytes = f.json.size() + 1;
  const std::size_t fast_before = infoclass::io::detail::fast_models_read();
  std::size_t loads = 0;
  for (auto _ : st) {
    auto m = portable ? infoclass::io::read_model_portable(f.json, lim) : infoclass::io::read_model(f.json, lim);
    benchmark::DoNotOptimize(m.size());
    ++loads;
  }
  // The timed loads the simdjson path made itself (it leaves what it does not
  // accept to the portable reader): all of them, where it is built in.
  const std::size_t fast = infoclass::io::detail::fast_models_read() - fast_before;
  set_edges(st, f);
  st.counters["bytes"] = static_cast<double>(f.json.size());
  st.counters["MB_per_s"] =
      benchmark::Counter(static_cast<double>(f.json.size()) * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
  const bool simdjson = !portable && infoclass::io::fast_json_reader();
  st.counters["simdjson"] = simdjson ? 1 : 0;
  st.counters["fast_reads"] = static_cast<double>(fast);
  if (fast != (simdjson ? loads : 0)) {
    st.SkipWithError("a timed load did not take the path it measures");
  }
}

void bm_archive_load(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  if (f.archive.empty()) {
    f.archive = infoclass::io::save_archive(*f.m);
  }
  for (auto _ : st) {
    auto m = infoclass::io::load_model_archive(f.archive);
    benchmark::DoNotOptimize(m.size());
  }
  set_edges(st, f);
  st.counters["bytes"] = static_cast<double>(f.archive.size());
}

// The same model from its two CSV files (io::read_csv, as `infoclass import
// --from csv` reads them), the scheme and the policy given.
void bm_csv_load(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  if (f.csv.assets.empty()) {
    f.csv = infoclass::io::write_csv(*f.m);
  }
  infoclass::io::csv_options o;
  o.limits.max_bytes = std::max(f.csv.assets.size(), f.csv.dependencies.size()) + 1;
  for (auto _ : st) {
    auto m = infoclass::io::read_csv(f.csv.assets, f.csv.dependencies, f.m->scheme_ptr(), f.m->get_policy(), o);
    benchmark::DoNotOptimize(m.size());
  }
  set_edges(st, f);
  const auto bytes = static_cast<double>(f.csv.assets.size() + f.csv.dependencies.size());
  st.counters["bytes"] = bytes;
  st.counters["MB_per_s"] = benchmark::Counter(bytes * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}

// explain() on 1000 random assets of every kind: mean and worst time.
void bm_explain(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  const auto& a = f.engine->result();
  ib::rng r{7};
  double worst = 0;
  std::size_t steps = 0;
  std::size_t calls = 0;
  for (auto _ : st) {
    for (int i = 0; i < 1000; ++i) {
      const auto& id = f.s.ids[r.below(f.s.n)];
      auto t0 = clock_type::now();
      auto chain = a.explain(id, r.below(4));
      auto t1 = clock_type::now();
      worst = std::max(worst, std::chrono::duration<double, std::micro>(t1 - t0).count());
      steps += chain.size();
      ++calls;
    }
  }
  st.counters["worst_us"] = worst;
  st.counters["mean_steps"] = static_cast<double>(steps) / static_cast<double>(calls);
}

// impact() of raising one information asset, on assets chosen to have cones
// of different sizes: time per cone member.
void bm_impact(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  ib::rng r{11};
  std::size_t cone = 0;
  for (auto _ : st) {
    for (int i = 0; i < 100; ++i) {
      std::uint32_t v = r.below(f.s.n);
      auto res = infoclass::analysis::impact(*f.m, f.s.ids[v], r.below(4));
      cone += res.affected.size();
    }
  }
  st.counters["cone_members"] = benchmark::Counter(static_cast<double>(cone));
  st.counters["ns_per_cone_member"] =
      benchmark::Counter(static_cast<double>(cone) * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Single points of failure (figure 6, goals 2 and 5 of the second
// performance issue): the search with counts (every single point and how many
// it brings down), on 1 and 2 threads, and the full lists (every victim named).
void bm_spof(benchmark::State& st, std::uint32_t n, unsigned threads, bool lists) {
  auto& f = get(n);
  std::size_t found = 0;
  std::size_t victims = 0;
  infoclass::analysis::spof_options o;
  o.threads = threads;
  for (auto _ : st) {
    victims = 0;
    if (lists) {
      auto res = infoclass::analysis::single_points_of_failure(*f.m, f.engine->result(), 2, o);
      found = res.size();
      for (const auto& sp : res) {
        victims += sp.brings_down.size();
      }
    } else {
      auto res = infoclass::analysis::count_single_points_of_failure(*f.m, f.engine->result(), 2, o);
      found = res.size();
      for (const auto& sp : res) {
        victims += sp.brings_down;
      }
    }
  }
  st.counters["single_points"] = static_cast<double>(found);
  st.counters["victims"] = static_cast<double>(victims);
  st.counters["threads"] = threads;
}

// Goal 5 of the second performance issue: the search's speed-up on two
// threads, from calls on one and on two threads timed in alternation. A
// round times one call of each, the order swapped every round (neither side
// always follows the other), after one untimed call of each; the speed-up is
// the median one-thread time over the median two-thread time. Timed in
// separate benchmarks, one side's calls run a second or more after the
// other's, and this virtual machine's speed drifts by up to 1.5x between
// such windows (both sides then measure different machines).
//
// After the rounds, one-thread calls pinned to each of the first two cores
// the process may use (Linux), each core's after an untimed call there:
// this machine's two cores differ in speed at times, by up to 40 %, and an
// unpinned one-thread call runs on either, so that the speed-up is lower when
// it runs on the faster one. `rounds` is even, so that each order has as
// many rounds.
template <class Call> void alternate_threads(benchmark::State& st, int rounds, Call&& call) {
  std::vector<double> t1;
  std::vector<double> t2;
  std::vector<double> ratio;
  std::array<std::vector<double>, 2> on_core;
  const auto timed = [&](unsigned threads) {
    const auto t0 = clock_type::now();
    call(threads);
    return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
  };
#if defined(__linux__)
  cpu_set_t mask;
  CPU_ZERO(&mask);
  std::vector<int> cores;
  if (sched_getaffinity(0, sizeof mask, &mask) == 0) {
    for (int c = 0; c < CPU_SETSIZE && cores.size() < 2; ++c) {
      if (CPU_ISSET(c, &mask)) {
        cores.push_back(c);
      }
    }
  }
  const auto on = [&](int core) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(core, &one);
    return sched_setaffinity(0, sizeof one, &one) == 0;
  };
#endif
  for (auto _ : st) {
    call(1U);
    call(2U);
    for (int r = 0; r < rounds; ++r) {
      double one = 0;
      double two = 0;
      for (const unsigned threads : r % 2 == 0 ? std::array<unsigned, 2>{1U, 2U} : std::array<unsigned, 2>{2U, 1U}) {
        (threads == 1 ? one : two) = timed(threads);
      }
      t1.push_back(one);
      t2.push_back(two);
      ratio.push_back(one / two);
    }
#if defined(__linux__)
    if (cores.size() == 2) {
      for (std::size_t c = 0; c < 2; ++c) {
        if (on(cores[c])) {
          call(1U); // the caches of this core
          for (int k = 0; k < rounds / 2; ++k) {
            on_core[c].push_back(timed(1U));
          }
        }
      }
      sched_setaffinity(0, sizeof mask, &mask);
    }
#endif
  }
  const auto med = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  for (std::size_t c = 0; c < 2; ++c) {
    if (!on_core[c].empty()) {
      st.counters["t1_core" + std::to_string(c) + "_ms"] = med(on_core[c]);
    }
  }
  st.counters["t1_ms"] = med(t1);
  st.counters["t2_ms"] = med(t2);
  st.counters["speedup"] = med(t1) / med(t2);
  st.counters["pair_min"] = *std::min_element(ratio.begin(), ratio.end());
  st.counters["pair_max"] = *std::max_element(ratio.begin(), ratio.end());
  st.counters["rounds"] = static_cast<double>(t1.size());
}

void bm_spof_threads(benchmark::State& st, std::uint32_t n) {
  auto& f = get(n);
  std::size_t found = 0;
  alternate_threads(st, n >= 1000000 ? 6 : 10, [&](unsigned threads) {
    infoclass::analysis::spof_options o;
    o.threads = threads;
    found = infoclass::analysis::count_single_points_of_failure(*f.m, f.engine->result(), 2, o).size();
  });
  st.counters["single_points"] = static_cast<double>(found);
}

// A real topology (goal 6 of the second performance issue): a model file,
// e.g. the Debian package graph of bench/debian_topology.py imported to JSON.
// Full propagation, single-asset changes, single points of failure and JSON
// load on it, as on the synthetic models.
struct real_fixture {
  std::string json;
  std::unique_ptr<model> m;
  std::unique_ptr<propagation> engine;
};

real_fixture& real(const std::string& path = {}) {
  static real_fixture f;
  if (!f.m) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    f.json = s.str();
    infoclass::io::json_limits lim;
    lim.max_bytes = f.json.size() + 1;
    f.m = std::make_unique<model>(infoclass::io::read_model(f.json, lim));
    f.engine = std::make_unique<propagation>(*f.m);
  }
  return f;
}

void bm_real_engine(benchmark::State& st) {
  auto& f = real();
  for (auto _ : st) {
    f.engine->rerun();
    benchmark::DoNotOptimize(infoclass::detail::assessment_access::effective(f.engine->result()).data());
  }
  st.counters["assets"] = static_cast<double>(f.m->size());
}

// As bm_update, on 1000 random assets of the real model (every asset has own
// levels there), raised to the scheme's top level.
void bm_real_update(benchmark::State& st, bool up) {
  auto& f = real();
  std::vector<std::uint32_t> all(f.m->size());
  std::iota(all.begin(), all.end(), 0U);
  const auto& s = f.m->get_scheme();
  run_updates(st, *f.m, *f.engine, all, static_cast<infoclass::level_t>(s.levels(0) - 1), up);
}

// The real topology's threshold for single points of failure: the
// availability level below the highest.
infoclass::level_t real_spof_threshold(const model& m) {
  const auto& s = m.get_scheme();
  std::size_t avail = 0;
  for (std::size_t p = 0; p < s.size(); ++p) {
    avail = s.properties[p].role == infoclass::role::availability ? p : avail;
  }
  return static_cast<infoclass::level_t>(s.levels(avail) >= 2 ? s.levels(avail) - 2 : 0);
}

void bm_real_spof(benchmark::State& st, unsigned threads) {
  auto& f = real();
  infoclass::analysis::spof_options o;
  o.threads = threads;
  std::size_t found = 0;
  const auto th = real_spof_threshold(*f.m);
  for (auto _ : st) {
    found = infoclass::analysis::count_single_points_of_failure(*f.m, f.engine->result(), th, o).size();
  }
  st.counters["single_points"] = static_cast<double>(found);
  st.counters["threads"] = threads;
}

void bm_real_spof_threads(benchmark::State& st) {
  auto& f = real();
  const auto th = real_spof_threshold(*f.m);
  alternate_threads(st, 10, [&](unsigned threads) {
    infoclass::analysis::spof_options o;
    o.threads = threads;
    benchmark::DoNotOptimize(infoclass::analysis::count_single_points_of_failure(*f.m, f.engine->result(), th, o));
  });
}

void bm_real_json(benchmark::State& st, bool portable) {
  auto& f = real();
  infoclass::io::json_limits lim;
  lim.max_bytes = f.json.size() + 1;
  const std::size_t fast_before = infoclass::io::detail::fast_models_read();
  std::size_t loads = 0;
  for (auto _ : st) {
    auto m = portable ? infoclass::io::read_model_portable(f.json, lim) : infoclass::io::read_model(f.json, lim);
    benchmark::DoNotOptimize(m.size());
    ++loads;
  }
  // The timed loads the simdjson path made itself (it leaves what it does not
  // accept to the portable reader): all of them, where it is built in.
  const std::size_t fast = infoclass::io::detail::fast_models_read() - fast_before;
  st.counters["MB_per_s"] =
      benchmark::Counter(static_cast<double>(f.json.size()) * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
  const bool simdjson = !portable && infoclass::io::fast_json_reader();
  st.counters["fast_reads"] = static_cast<double>(fast);
  if (fast != (simdjson ? loads : 0)) {
    st.SkipWithError("a timed load did not take the path it measures");
  }
}

std::vector<std::uint32_t> parse_sizes(const std::string& v) {
  std::vector<std::uint32_t> out;
  std::stringstream ss(v);
  std::string tok;
  while (std::getline(ss, tok, ',')) {
    if (!tok.empty()) {
      out.push_back(static_cast<std::uint32_t>(std::stod(tok)));
    }
  }
  return out;
}

// Peak RSS of the whole process: generating the synthetic model, building
// the model from its columns (bulk API), propagating. The generator's arrays
// are dropped as soon as the model no longer needs them, but they count.
int memory_run(std::uint32_t n) {
  auto t0 = clock_type::now();
  auto s = ib::make_synth(n);
  const std::size_t E = s.from.size();
  model m(std::string_view("se-klassa"));
  m.set_policy(ib::synth_policy());
  {
    auto b = ib::make_bulk_input(s);
    model::asset_columns a;
    a.ids = b.ids;
    a.kind = b.kind;
    a.kind_names = b.kind_names;
    a.levels = s.own;
    m.add_assets(a);
    s.ids = {};
    s.own = {};
    b.ids = {};
    b.kind = {};
    model::dependency_columns d;
    d.from = s.from;
    d.to = s.to;
    d.type = b.type;
    d.type_names = b.type_names;
    d.group = s.group;
    d.group_names = b.group_names;
    m.add_dependencies(d);
  }
  s = ib::synth{}; // keep only the model
  auto t1 = clock_type::now();
  auto a = infoclass::propagate(m);
  auto t2 = clock_type::now();
  std::printf("{\"assets\": %u, \"deps\": %zu, \"peak_rss_kib\": %llu, \"model_bytes\": %zu, \"build_s\": %.3f, "
              "\"propagate_s\": %.3f}\n",
              n, E, static_cast<unsigned long long>(peak_rss_kib()), m.storage_bytes(),
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
  return a.size() == n ? 0 : 1;
}

// Writes the synthetic model of size n as two CSV files for the Python
// comparison (bench/python_compare.py): assets (id, kind, K, R, T, S) and
// dependencies (from, to, type, group).
int dump(std::uint32_t n, const std::string& dir) {
  auto s = ib::make_synth(n);
  std::ofstream a(dir + "/assets.csv");
  a << "id,kind,K,R,T,S\n";
  for (std::uint32_t v = 0; v < n; ++v) {
    a << s.ids[v] << ',' << ib::kinds()[s.kind[v]];
    for (std::uint32_t p = 0; p < 4; ++p) {
      const auto l = s.own[std::size_t{v} * 4 + p];
      a << ',';
      if (l != 0xFF) {
        a << static_cast<int>(l);
      }
    }
    a << '\n';
  }
  std::ofstream d(dir + "/dependencies.csv");
  d << "from,to,type,group\n";
  for (std::size_t e = 0; e < s.from.size(); ++e) {
    d << s.ids[s.from[e]] << ',' << s.ids[s.to[e]] << ',' << ib::types()[s.type[e]] << ',';
    if (s.group[e] != 0) {
      d << 'g' << s.group[e];
    }
    d << '\n';
  }
  return a && d ? 0 : 1;
}

} // namespace

namespace {
int run(int argc, char** argv) {
  std::vector<std::uint32_t> sizes{10000};
  std::vector<std::uint32_t> json_sizes;
  std::vector<std::uint32_t> spof_sizes;
  std::vector<std::uint32_t> big_sizes; ///< figure 1 and loading only
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--sizes=", 0) == 0) {
      sizes = parse_sizes(a.substr(8));
    } else if (a.rfind("--json-sizes=", 0) == 0) {
      json_sizes = parse_sizes(a.substr(13));
    } else if (a.rfind("--big-sizes=", 0) == 0) {
      big_sizes = parse_sizes(a.substr(12));
    } else if (a.rfind("--spof-sizes=", 0) == 0) {
      spof_sizes = parse_sizes(a.substr(13));
    } else if (a.rfind("--dump=", 0) == 0 && i + 1 < argc) {
      return dump(parse_sizes(a.substr(7)).at(0), argv[i + 1]);
    } else if (a.rfind("--real=", 0) == 0) {
      (void)real(a.substr(7));
      const auto ms = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond); };
      ms(benchmark::RegisterBenchmark("real_engine", bm_real_engine));
      ms(benchmark::RegisterBenchmark("real_update_up", bm_real_update, true)->Iterations(1));
      ms(benchmark::RegisterBenchmark("real_update_down", bm_real_update, false)->Iterations(1));
      ms(benchmark::RegisterBenchmark("real_spof_counts_t1", bm_real_spof, 1U)->Iterations(5));
      ms(benchmark::RegisterBenchmark("real_spof_counts_t2", bm_real_spof, 2U)->Iterations(5));
      ms(benchmark::RegisterBenchmark("real_spof_threads", bm_real_spof_threads)->Iterations(1));
      ms(benchmark::RegisterBenchmark("real_json_load", bm_real_json, false)->Iterations(5));
      ms(benchmark::RegisterBenchmark("real_json_load_portable", bm_real_json, true)->Iterations(3));
    } else if (a.rfind("--memory=", 0) == 0) {
      return memory_run(parse_sizes(a.substr(9)).at(0));
    } else {
      rest.push_back(argv[i]);
    }
  }
  std::sort(sizes.begin(), sizes.end());
  for (auto n : big_sizes) {
    if (std::find(sizes.begin(), sizes.end(), n) == sizes.end()) {
      sizes.push_back(n);
    }
  }
  for (auto n : sizes) {
    const bool only_big = std::find(big_sizes.begin(), big_sizes.end(), n) != big_sizes.end();
    const std::string sfx = "/" + std::to_string(n);
    const bool big = n >= 1000000;
    auto reg = [&](const char* name, auto fn) {
      auto* b = benchmark::RegisterBenchmark((name + sfx).c_str(), fn, n);
      b->Unit(benchmark::kMillisecond);
      if (big) {
        b->Iterations(3);
      }
      return b;
    };
    reg("floor", bm_floor);
    reg("engine", bm_engine);
    reg("engine_t2", bm_engine_t2)->UseRealTime();
    reg("propagate_model", bm_propagate_model);
    reg("propagate_model_t2", bm_propagate_model_t2)->UseRealTime();
    reg("build_csr", bm_build_csr);
    reg("build_model_bulk", bm_build_model_bulk);
    if (only_big) {
      continue;
    }
    reg("build_model_api", bm_build_model)->Iterations(1);
    benchmark::RegisterBenchmark(("update_up" + sfx).c_str(), bm_update, n, true)->Iterations(1);
    benchmark::RegisterBenchmark(("update_down" + sfx).c_str(), bm_update, n, false)->Iterations(1);
    reg("explain", bm_explain)->Iterations(1);
    reg("impact", bm_impact)->Iterations(1);
    if (std::find(json_sizes.begin(), json_sizes.end(), n) != json_sizes.end()) {
      reg("json_parse_nlohmann", bm_json_parse_nlohmann)->Iterations(1);
      benchmark::RegisterBenchmark(("json_load" + sfx).c_str(), bm_json_load, n, false)
          ->Unit(benchmark::kMillisecond)
          ->Iterations(big ? 3 : 5);
      benchmark::RegisterBenchmark(("json_load_portable" + sfx).c_str(), bm_json_load, n, true)
          ->Unit(benchmark::kMillisecond)
          ->Iterations(1);
      reg("archive_load", bm_archive_load)->Iterations(1);
      reg("csv_load", bm_csv_load)->Iterations(1);
    }
    if (std::find(spof_sizes.begin(), spof_sizes.end(), n) != spof_sizes.end()) {
      reg("spof_lists", [](benchmark::State& st, std::uint32_t k) { bm_spof(st, k, 1, true); })->Iterations(1);
    }
    for (const unsigned threads : {1U, 2U}) {
      const std::string name = "spof_counts_t" + std::to_string(threads) + sfx;
      benchmark::RegisterBenchmark(name.c_str(), bm_spof, n, threads, false)
          ->Unit(benchmark::kMillisecond)
          ->Iterations(big ? 3 : 5);
    }
    if (n >= 100000) {
      reg("spof_threads", bm_spof_threads)->Iterations(1);
    }
  }
  int rargc = static_cast<int>(rest.size());
  benchmark::Initialize(&rargc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
} // namespace

// A bad argument or input (a model that does not load, a size that is not a
// number) ends the program with its message, not with std::terminate.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "infoclass_bench: %s\n", e.what());
    return 1;
  }
}
