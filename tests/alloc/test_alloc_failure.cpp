// SPDX-License-Identifier: Apache-2.0
// The engine under allocation failure: every allocation an update, rerun() or
// recompute() makes is failed in turn (this executable replaces the global
// operator new), and the engine must then either have finished or know that it
// has not: the next update() gives a full run's result, and a result shared
// before the failure is unchanged. Its own executable, because the
// replacement operator new applies to the whole program.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "../unit/engine_checks.hpp"
#include "../unit/random_model.hpp"
#include "infoclass/analysis/impact.hpp"
#include "infoclass/propagation.hpp"
#include "model/access.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <random>
#include <thread>

namespace {

// Allocations are counted only while armed; the one numbered `fail_at` (from
// 0) throws std::bad_alloc, the others succeed. Atomic: the engine's workers
// allocate too.
std::atomic<bool> armed{false};
std::atomic<std::int64_t> counted{0};
std::atomic<std::int64_t> fail_at{-1};
// While set, only allocations of threads other than `caller` are counted
// (a worker of the analyses fails, the caller's thread goes on).
std::atomic<bool> workers_only{false};
std::thread::id caller;

void* allocate(std::size_t n, std::size_t align) {
  if (armed.load(std::memory_order_relaxed) &&
      (!workers_only.load(std::memory_order_relaxed) || std::this_thread::get_id() != caller) &&
      counted.fetch_add(1, std::memory_order_relaxed) == fail_at.load()) {
    throw std::bad_alloc();
  }
  n = n == 0 ? 1 : n;
  void* p =
      align <= alignof(std::max_align_t) ? std::malloc(n) : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  return p;
}

void* allocate_nothrow(std::size_t n, std::size_t align) noexcept {
  try {
    return allocate(n, align);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

// Runs `f` with allocation number `n` failing; true if it threw std::bad_alloc.
template <class F> bool fails_at(std::int64_t n, F&& f) {
  counted = 0;
  fail_at = n;
  armed = true;
  bool threw = false;
  try {
    f();
  } catch (const std::bad_alloc&) {
    threw = true;
  }
  armed = false;
  fail_at = -1;
  return threw;
}

// The number of allocations `f` makes.
template <class F> std::int64_t allocations(F&& f) {
  fails_at(-1, f);
  return counted.load();
}

} // namespace

// NOLINTBEGIN(cert-dcl58-cpp,misc-new-delete-overloads): replacing the global allocation functions is the point
void* operator new(std::size_t n) { return allocate(n, 0); }
void* operator new[](std::size_t n) { return allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate_nothrow(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate_nothrow(n, 0); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
// NOLINTEND(cert-dcl58-cpp,misc-new-delete-overloads)

using namespace infoclass;
using infoclass::testing::random_change;
using infoclass::testing::random_model;
using infoclass::testing::random_model_with_hubs;
using infoclass::testing::same_causes_outside_cycles;

namespace {
int* volatile sink = nullptr; // an allocation stored here cannot be optimised away

void allocate_one() {
  sink = new int(1);
  delete sink;
  sink = nullptr;
}

// A copy of `engine` (made before arming). Unless `share`, the copy gets a
// result of its own (a copied engine shares its result with the original),
// so that an update writes it in place.
propagation copy_of(const propagation& engine, bool share) {
  propagation e = engine;
  if (!share) {
    e.rerun();
  }
  return e;
}
} // namespace

TEST_CASE("the allocation hook counts and fails allocations") {
  CHECK(allocations(allocate_one) == 1);
  CHECK(fails_at(0, allocate_one));
  CHECK_FALSE(fails_at(1, allocate_one));
  // Failed in the nothrow form: a null pointer, no exception.
  CHECK_FALSE(fails_at(0, [] { CHECK(new (std::nothrow) int(1) == nullptr); }));
}

TEST_CASE("update(): an allocation failure at any point, and the next update() gives a full run's result") {
  // Models of every shape, and models with hubs (pulled from counts of their
  // in-edges, built by an update); one to three random changes per update
  // (levels, overrides, dependencies), sometimes with the result shared, so
  // that the update copies it first.
  std::mt19937 rng(2026);
  std::int64_t failures = 0;
  std::int64_t gave_way = 0;
  for (int i = 0; i < 60; ++i) {
    auto m = i % 3 == 2 ? random_model_with_hubs(rng) : random_model(rng, 24);
    propagate_options o;
    if (i % 4 == 3) {
      o.max_update_work = 1 + rng() % 16; // updates that stop and give way to a full run
    }
    propagation engine(m, o);
    for (int step = 0; step < 8; ++step) {
      for (std::uint32_t k = 0, changes = 1 + static_cast<std::uint32_t>(rng() % 3); k < changes; ++k) {
        random_change(m, rng);
      }
      const auto full = propagate(m);
      const bool share = rng() % 3 == 0;
      std::int64_t total = 0;
      {
        propagation e = copy_of(engine, share);
        const auto held = share ? e.shared_result() : nullptr;
        total = allocations([&] { e.update(m); });
      }
      // Every allocation of the update fails once (a sample of them in long
      // updates); the copy of the engine is made before arming.
      const std::int64_t stride = 1 + total / 64;
      for (std::int64_t n = 0; n < total; n += stride) {
        propagation e = copy_of(engine, share);
        std::optional<assessment> before;
        std::shared_ptr<const assessment> held;
        if (share) {
          held = e.shared_result();
          before.emplace(*held);
        }
        const bool threw = fails_at(n, [&] { e.update(m); });
        failures += threw ? 1 : 0;
        if (held) {
          CHECK(*held == *before); // a shared result never changes
        }
        if (threw) {
          CHECK(e.result().size() == 0); // not a half-written one
        }
        const auto st = e.update(m);
        CHECK_MESSAGE(same_causes_outside_cycles(e.result(), full), "model ", i, ", step ", step, ", allocation ", n);
        if (threw) {
          CHECK(st.full); // it knew it was not synchronised
        }
      }
      const bool full_run = engine.update(m).full;
      gave_way += o.max_update_work != 0 && full_run ? 1 : 0;
      REQUIRE(same_causes_outside_cycles(engine.result(), full));
    }
  }
  CHECK(failures > 10000); // most allocations of most updates were failed once
  CHECK(gave_way > 40);
}

TEST_CASE("rerun() and recompute(): an allocation failure, and the next update() gives a full run's result") {
  std::mt19937 rng(2027);
  std::int64_t failures = 0;
  for (int i = 0; i < 30; ++i) {
    auto m = i % 3 == 2 ? random_model_with_hubs(rng) : random_model(rng, 24);
    propagation engine(m);
    random_change(m, rng);
    engine.update(m); // counts of a hub's in-edges built, in some
    const auto full = propagate(m);
    for (const bool recompute : {false, true}) {
      for (const bool share : {false, true}) {
        std::int64_t total = 0;
        {
          propagation e = copy_of(engine, share);
          const auto held = share ? e.shared_result() : nullptr;
          total = allocations([&] { recompute ? e.recompute(m) : e.rerun(); });
        }
        for (std::int64_t n = 0; n < total; ++n) {
          propagation e = copy_of(engine, share);
          const auto held = share ? e.shared_result() : nullptr;
          const bool threw = fails_at(n, [&] { recompute ? e.recompute(m) : e.rerun(); });
          failures += threw ? 1 : 0;
          if (threw) {
            CHECK(e.result().size() == 0);
            e.rerun(); // nothing to run from: does nothing
            CHECK(e.result().size() == 0);
          }
          e.update(m);
          CHECK_MESSAGE(same_causes_outside_cycles(e.result(), full), "model ", i, ", allocation ", n);
        }
      }
    }
  }
  CHECK(failures > 400);
}

TEST_CASE("model changes: an allocation failure changes nothing, and the engine's next update agrees") {
  // A change that fails part-way (a level, an override, a dependency added or
  // removed, an asset added) leaves the model as it was; either way the
  // engine's next update equals a full run of a fresh copy (built from the
  // model's contents alone, without its caches), and so does propagate(m),
  // which patches the model's cached snapshot from its journal.
  std::mt19937 rng(2028);
  std::mt19937 pick(1);
  std::int64_t failures = 0;
  for (int i = 0; i < 200; ++i) {
    auto m = i % 4 == 3 ? random_model_with_hubs(rng) : random_model(rng, 24);
    propagation engine(m);
    for (int step = 0; step < 20; ++step) {
      const model before = m;
      const auto change = [&, add = rng() % 8 == 0, seed = rng()](model& x) {
        std::mt19937 r(seed);
        if (add) {
          const auto& s = x.get_scheme();
          auto own = classification::none(s.size());
          own.set(0, static_cast<level_t>(r() % s.levels(0)));
          x.add_asset(infoclass::testing::make_asset("a" + std::to_string(x.size()), "information", own, "new"));
        } else {
          random_change(x, r);
        }
      };
      std::int64_t total = 0;
      {
        model probe = m;
        total = allocations([&] { change(probe); });
      }
      const std::int64_t n = total == 0 ? -1 : static_cast<std::int64_t>(pick() % static_cast<std::uint64_t>(total));
      const bool threw = fails_at(n, [&] { change(m); });
      failures += threw ? 1 : 0;
      if (threw) {
        CHECK_MESSAGE(m == before, "model ", i, ", step ", step, ", allocation ", n, " of ", total);
      }
      engine.update(m);
      const model fresh = m;
      CHECK_MESSAGE(same_causes_outside_cycles(engine.result(), propagate(fresh)), "model ", i, ", step ", step);
      CHECK(propagate(m) == propagate(fresh));
    }
  }
  CHECK(failures > 1000);
}

TEST_CASE(
    "a wide source's need index: an allocation failure leaves the model or the added dependency, checked as before") {
  // A source with 70 plain dependencies and 20 groups stating need 2: the
  // add of a member stating need builds the index of its groups (or, from a
  // copy whose index a removal dropped, builds it again). Failing any one
  // allocation of that add leaves the model as it was or the dependency
  // added (the index is only an aid); either way the next adds are checked
  // against the groups' stated needs.
  model base;
  base.add_asset(infoclass::testing::make_asset("hub", "server", classification::none(base.get_scheme().size())));
  for (int i = 0; i < 200; ++i) {
    base.add_asset(infoclass::testing::make_asset("s" + std::to_string(i), "server",
                                                  classification::none(base.get_scheme().size())));
  }
  for (int i = 0; i < 70; ++i) {
    base.add_dependency("hub", "s" + std::to_string(i), "runs_on");
  }
  for (int g = 0; g < 20; ++g) {
    base.add_dependency("hub", "s" + std::to_string(70 + 2 * g), "runs_on", "g" + std::to_string(g), 2);
    base.add_dependency("hub", "s" + std::to_string(71 + 2 * g), "runs_on", "g" + std::to_string(g));
  }
  model dropped = base; // its index dropped by a removal
  REQUIRE(dropped.remove_dependency("hub", "s0", "runs_on"));
  const auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::int64_t failures = 0;
  for (const model* start : {&base, &dropped}) {
    std::int64_t total = 0;
    {
      model probe = *start;
      total = allocations([&] { probe.add_dependency("hub", "s150", "runs_on", "g3", 2); });
    }
    REQUIRE(total > 0);
    for (std::int64_t n = 0; n <= total; ++n) {
      model m = *start;
      const bool threw = fails_at(n, [&] { m.add_dependency("hub", "s150", "runs_on", "g3", 2); });
      failures += threw ? 1 : 0;
      CHECK(m.num_dependencies() == start->num_dependencies() + (threw ? 0U : 1U));
      if (threw) {
        CHECK(m == *start);
      }
      CHECK(message([&] { m.add_dependency("hub", "s151", "runs_on", "g3", 3); }) ==
            "hub -> s151: group g3 needs 3 here, but hub -> s76 (runs_on) says it needs 2; every member that states "
            "need states the same");
      CHECK(message([&] { m.add_dependency("hub", "s154", "runs_on", "g15", 1); }) ==
            "hub -> s154: group g15 needs 1 here, but hub -> s100 (runs_on) says it needs 2; every member that states "
            "need states the same");
      CHECK(message([&] { m.add_dependency("hub", "s152", "runs_on", "g7", 2); }).empty());
      CHECK(message([&] { m.add_dependency("hub", "s153", "runs_on", "g30", 1); }).empty());
    }
  }
  CHECK(failures > 0);
}

TEST_CASE("model changes of whole assets: an allocation failure changes nothing") {
  // update_asset (every field, names and attributes included) and
  // remove_asset (the last asset, with its dependencies), each allocation in
  // turn; the engine's next update agrees with a full run of a fresh copy.
  std::mt19937 rng(2029);
  std::int64_t failures = 0;
  for (int i = 0; i < 40; ++i) {
    auto base = i % 4 == 3 ? random_model_with_hubs(rng) : random_model(rng, 24);
    for (const bool remove : {false, true}) {
      const std::string id = remove ? "a" + std::to_string(base.size() - 1) : "a" + std::to_string(rng() % base.size());
      asset a = base.at(id);
      a.name = "renamed " + std::to_string(rng());
      a.justification = "because " + std::to_string(rng());
      a.owner = "owner " + std::to_string(rng() % 3);
      a.kind = infoclass::testing::test_kinds()[rng() % 5];
      a.attributes["note"] = std::string(40, 'x');
      a.measures.emplace_back("m" + std::to_string(rng()));
      const auto change = [&](model& x) { remove ? x.remove_asset(id) : x.update_asset(a); };
      std::int64_t total = 0;
      {
        model probe = base;
        total = allocations([&] { change(probe); });
        try {
          (void)propagate(probe);
        } catch (const model_error&) {
          continue; // removed a member a group needs (k of n refused: test_redundancy.cpp)
        }
      }
      for (std::int64_t n = 0; n < total; ++n) {
        model m = base;
        propagation engine(m);
        const bool threw = fails_at(n, [&] { change(m); });
        failures += threw ? 1 : 0;
        if (threw) {
          CHECK_MESSAGE(m == base, "model ", i, remove ? ", remove" : ", update", ", allocation ", n, " of ", total);
        }
        engine.update(m);
        const model fresh = m;
        CHECK(same_causes_outside_cycles(engine.result(), propagate(fresh)));
      }
    }
  }
  CHECK(failures > 100);
}

TEST_CASE("bulk adds: an allocation failure adds nothing") {
  // add_assets (new kinds and owners among them) and add_dependencies (new
  // groups, with and without `need`), each allocation in turn.
  std::mt19937 rng(2030);
  std::int64_t failures = 0;
  for (int i = 0; i < 30; ++i) {
    const auto base = i % 4 == 3 ? random_model_with_hubs(rng) : random_model(rng, 24);
    const auto n0 = static_cast<std::uint32_t>(base.size());
    const std::vector<std::string> ids{"a" + std::to_string(n0), "a" + std::to_string(n0 + 1),
                                       "a" + std::to_string(n0 + 2)};
    const std::vector<std::string_view> id_views(ids.begin(), ids.end());
    const std::vector<std::string_view> kind_names{"information", "brand-new-kind"};
    const std::vector<std::uint32_t> kinds{0, 1, 0};
    const std::vector<std::string_view> owner_names{"new owner", "another"};
    const std::vector<std::uint32_t> owners{0, 1, 1};
    const std::vector<std::string_view> names{"one", "two", "a longer name for the third"};
    model::asset_columns ac;
    ac.ids = id_views;
    ac.kind = kinds;
    ac.kind_names = kind_names;
    ac.owner = owners;
    ac.owner_names = owner_names;
    ac.names = names;
    const auto& types = base.resolved().type_names;
    const std::vector<std::string_view> type_names(types.begin(), types.end());
    std::vector<std::uint32_t> from;
    std::vector<std::uint32_t> to;
    std::vector<std::uint32_t> type;
    std::vector<std::uint32_t> group;
    for (std::uint32_t k = 0; k < 6; ++k) {
      from.push_back(n0 - 1 - k % 3); // distinct (from, to, type) rows
      to.push_back(k);
      type.push_back(0);
      group.push_back(k % 2 == 0 ? 0 : model::npos);
    }
    const std::vector<std::string_view> group_names{"brand-new-group"};
    const std::vector<std::uint32_t> need{1, 0, 1, 0, 1, 0};
    for (int what = 0; what < 3; ++what) {
      model::dependency_columns dc;
      dc.from = from;
      dc.to = to;
      dc.type = type;
      dc.type_names = type_names;
      dc.group = group;
      dc.group_names = group_names;
      if (what == 2) {
        dc.need = need;
      }
      const auto change = [&](model& x) { what == 0 ? (void)x.add_assets(ac) : x.add_dependencies(dc); };
      std::int64_t total = 0;
      {
        model probe = base;
        try {
          total = allocations([&] { change(probe); });
          (void)propagate(probe);
        } catch (const model_error&) {
          continue; // a row the model refuses (a repeated dependency): not this test's subject
        }
      }
      for (std::int64_t n = 0; n < total; ++n) {
        model m = base;
        propagation engine(m);
        const bool threw = fails_at(n, [&] { change(m); });
        failures += threw ? 1 : 0;
        if (threw) {
          CHECK_MESSAGE(m == base, "model ", i, ", bulk ", what, ", allocation ", n, " of ", total);
          using acc = infoclass::detail::model_access; // the name tables too: nothing interned for nothing
          CHECK(acc::type_code_names(m) == acc::type_code_names(base));
          CHECK(acc::group_code_names(m) == acc::group_code_names(base));
          CHECK(acc::kind_codes(m) == acc::kind_codes(base));
        }
        engine.update(m);
        const model fresh = m;
        CHECK(same_causes_outside_cycles(engine.result(), propagate(fresh)));
      }
    }
  }
  CHECK(failures > 100);
}

TEST_CASE(
    "full runs on two workers: an allocation failure while planning or starting them, and the next update() is right") {
  std::mt19937 rng(2031);
  std::int64_t failures = 0;
  propagate_options two;
  two.threads = 2;
  two.min_assets = 0; // workers even for small models
  for (int i = 0; i < 12; ++i) {
    auto m = random_model_with_hubs(rng);
    propagation engine(m, two);
    random_change(m, rng);
    const auto full = propagate(m);
    std::int64_t total = 0;
    {
      propagation e = copy_of(engine, false);
      total = allocations([&] { e.recompute(m); });
    }
    for (std::int64_t n = 0; n < total; ++n) {
      propagation e = copy_of(engine, false);
      const bool threw = fails_at(n, [&] { e.recompute(m); });
      failures += threw ? 1 : 0;
      e.update(m);
      CHECK_MESSAGE(same_causes_outside_cycles(e.result(), full), "model ", i, ", allocation ", n);
    }
  }
  // The workers allocate nothing while they solve: the failures are those of
  // the schedule and of starting the workers.
  CHECK(failures > 50);
}

TEST_CASE("a journal entry without memory: the change is made, and engines recompute") {
  // A copied model's journal has no spare room: its next change's entry is
  // the change's last allocation, failed here. record() restarts the journal
  // after it instead of throwing.
  std::mt19937 rng(2032);
  for (int i = 0; i < 50; ++i) {
    const auto base = random_model(rng, 24);
    const std::string id = "a" + std::to_string(rng() % base.size());
    const auto level = static_cast<level_t>(rng() % base.get_scheme().levels(0));
    std::int64_t total = 0;
    {
      model probe = base;
      total = allocations([&] { probe.set_level(id, 0, level); });
    }
    REQUIRE(total >= 1);
    model m = base;
    propagation engine(m);
    const std::uint64_t before = m.revision();
    CHECK_FALSE(fails_at(total - 1, [&] { m.set_level(id, 0, level); }));
    CHECK(m.at(id).own.get(0) == std::optional<level_t>(level)); // made
    CHECK(m.revision() == before + 1);
    CHECK_FALSE(m.changes_since(before).has_value()); // and not listed: engines recompute
    CHECK(engine.update(m).full);
    CHECK(same_causes_outside_cycles(engine.result(), propagate(model(m))));
    CHECK(propagate(m) == propagate(model(m)));
  }
}

TEST_CASE("single points of failure listed on two threads: a worker that runs out of memory stops the listing") {
  // 2,500 servers, each running an application at T 3: 2,500 candidates,
  // five batches of 512. The visitor (and the listing's progress) is slow on
  // each batch, so the other worker searches ahead, waits for the window, and
  // fails while the caller's thread is in the visitor (the lock released);
  // the caller's thread then finds nothing left to claim. Allocations of
  // the other worker are failed in turn (the first ones, and a sweep through
  // its last batches): the listing ends with bad_alloc when that worker
  // made the failing allocation, else it completes with every single point;
  // it never waits for a worker that has stopped.
  model m;
  for (int i = 0; i < 2500; ++i) {
    asset app;
    app.id = "app" + std::to_string(i);
    app.kind = "application";
    app.own = classification{{0, 0, 3, 0}};
    asset srv;
    srv.id = "srv" + std::to_string(i);
    srv.kind = "server";
    srv.own = classification::none(4);
    m.add_asset(app);
    m.add_asset(srv);
    m.add_dependency(app.id, srv.id, "runs_on");
  }
  const auto a = propagate(m);
  const auto want = analysis::single_points_of_failure(m, a, 3);
  REQUIRE(want.size() == 2500);
  const auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(3)); };
  analysis::spof_options two;
  two.threads = 2;
  analysis::spof_options slow = two;
  slow.progress = [&](std::string_view, std::size_t, std::size_t) { pause(); };
  std::size_t visits = 0;
  const auto visit_all = [&] {
    visits = 0;
    (void)analysis::for_each_single_point(
        m, a, 3,
        [&](vertex_type, std::span<const vertex_type>) {
          if (visits++ % 512 == 0) {
            pause();
          }
        },
        two);
  };
  caller = std::this_thread::get_id();
  workers_only = true;
  const std::int64_t total = allocations(visit_all); // the other worker's
  REQUIRE(total > 100);
  std::vector<std::int64_t> ks{0, 1, 2, 3, 5, 8, 13, 40, 100};
  for (std::int64_t i = 0; i < 24; ++i) {
    ks.push_back(total / 2 + i * (total / 2) / 24);
  }
  ks.push_back(total + 1000);
  // How many allocations the other worker makes depends on the batches it
  // claims, which depends on timing: a run fails exactly when its worker
  // reached allocation k (counted then exceeds k), whatever that number.
  std::size_t reached = 0;
  for (const std::int64_t k : ks) {
    const bool threw = fails_at(k, visit_all);
    const bool hit = counted.load() > k;
    CHECK_MESSAGE(threw == hit, "listing, allocation ", k, " of the worker's ", counted.load());
    reached += hit ? 1 : 0;
    if (threw) {
      CHECK(visits < want.size());
    } else {
      CHECK(visits == want.size());
    }
    std::vector<analysis::single_point> got;
    const bool threw_too = fails_at(k, [&] { got = analysis::single_points_of_failure(m, a, 3, slow); });
    const bool hit_too = counted.load() > k;
    CHECK_MESSAGE(threw_too == hit_too, "search, allocation ", k, " of the worker's ", counted.load());
    reached += hit_too ? 1 : 0;
    if (!threw_too) {
      CHECK(got == want);
    }
  }
  workers_only = false;
  CHECK(reached > 0);           // some runs reached the failing allocation (and each of them failed)
  (void)allocations(visit_all); // nothing fails
  CHECK(visits == want.size());
}
