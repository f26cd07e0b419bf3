// SPDX-License-Identifier: Apache-2.0
#include "infoclass/analysis/kinds.hpp"
#include "infoclass/model.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace infoclass;

TEST_CASE("kinds: a kind one or two edits from a known one is a likely typo, a far one is a custom kind") {
  const std::vector<std::string> known{"application", "client", "information", "server", "site"};
  CHECK(analysis::likely_kind("sever", known) == "server");  // a letter left out
  CHECK(analysis::likely_kind("srever", known) == "server"); // two neighbours swapped: one edit
  CHECK(analysis::likely_kind("aplication", known) == "application");
  CHECK(analysis::likely_kind("applicaton", known) == "application");
  CHECK(analysis::likely_kind("informaiton", known) == "information");
  CHECK(analysis::likely_kind("sites", known) == "site");
  CHECK_FALSE(analysis::likely_kind("server", known));       // known
  CHECK_FALSE(analysis::likely_kind("tape_library", known)); // custom, far from all
  CHECK_FALSE(analysis::likely_kind("room", known));         // short: only one edit counts
  CHECK_FALSE(analysis::likely_kind("sxyz", known));
  CHECK(analysis::likely_kind("sitx", known) == "site");
}

TEST_CASE("kinds: the model's policy adds the kinds its floors and cumulation rules name") {
  policy p;
  p.floor.push_back({{"datacenter"}, {{"availability", 2}}});
  model m(scheme::preset("us-fips-199"), p);
  m.add_asset({.id = "dc-1", .kind = "datacentre"});
  m.add_asset({.id = "dc-2", .kind = "datacentre"});
  m.add_asset({.id = "web", .kind = "sever"});
  m.add_asset({.id = "robot", .kind = "tape_library"});
  const auto known = analysis::known_kinds(m);
  CHECK(std::find(known.begin(), known.end(), "datacenter") != known.end());
  const auto typos = analysis::kind_typos(m);
  REQUIRE(typos.size() == 2);
  CHECK(typos[0].kind == "datacentre");
  CHECK(typos[0].likely == "datacenter");
  CHECK(typos[0].asset == "dc-1");
  CHECK(typos[0].assets == 2);
  CHECK(analysis::describe(typos[0]) ==
        "kind 'datacentre' (asset dc-1 and 1 more) is not a known kind; did you mean 'datacenter'?");
  CHECK(typos[1].kind == "sever");
  CHECK(analysis::describe(typos[1]) == "kind 'sever' (asset web) is not a known kind; did you mean 'server'?");
}
