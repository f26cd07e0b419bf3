// SPDX-License-Identifier: Apache-2.0
// Loading a model by column and running a Boost Graph algorithm on it.
#include "infoclass/graph.hpp"
#include "infoclass/model.hpp"
#include "infoclass/propagation.hpp"

#include <boost/graph/strong_components.hpp>

#include <iostream>
#include <span>
#include <string_view>
#include <vector>

int main() {
  using namespace infoclass;
  model m("se-klassa");

  // Assets: ids, kinds as codes into a name table, K R T S levels per asset
  // (classification::unassessed where the owner has not assessed).
  const std::vector<std::string_view> ids{"journal", "app", "srv-a", "srv-b"};
  const std::vector<std::string_view> kind_names{"information", "application", "server"};
  const std::vector<std::uint32_t> kind{0, 1, 2, 2};
  constexpr level_t u = classification::unassessed;
  const std::vector<level_t> levels{3, 2, 2, 3, u, u, u, u, u, u, u, u, u, u, u, u};
  model::asset_columns assets;
  assets.ids = ids;
  assets.kind = kind;
  assets.kind_names = kind_names;
  assets.levels = levels;
  m.add_assets(assets); // every row checked as add_asset does; all or nothing

  // Dependencies: vertices, type codes, group codes ("" = no group).
  const std::vector<std::uint32_t> from{0, 1, 1, 2};
  const std::vector<std::uint32_t> to{1, 2, 3, 1};
  const std::vector<std::string_view> type_names{"processed_by", "runs_on", "depends_on"};
  const std::vector<std::uint32_t> type{0, 1, 1, 2};
  const std::vector<std::string_view> group_names{"", "cluster"};
  const std::vector<std::uint32_t> group{0, 1, 1, 0};
  m.add_dependencies({from, to, type, type_names, group, group_names});

  // The model is a Boost Graph: app and srv-a depend on each other.
  const auto g = m.graph();
  std::vector<int> component(boost::num_vertices(g));
  const int n =
      boost::strong_components(g, boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, g)));
  std::cout << n << " strongly connected components; app and srv-a together: "
            << (component[1] == component[2] ? "yes" : "no") << "\n";

  const auto a = propagate(m);
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::cout << a.id(i) << ": " << a.effective(a.id(i)).to_string(m.get_scheme()) << "\n";
  }
}
