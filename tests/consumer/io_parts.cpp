// SPDX-License-Identifier: Apache-2.0
// infoclass::io of a build without YAML and archives: CSV works, Threagile
// and archives say which option builds them.
#include <infoclass/error.hpp>
#include <infoclass/io/archive.hpp>
#include <infoclass/io/csv.hpp>
#include <infoclass/io/json.hpp>
#include <infoclass/io/oscal.hpp>
#include <infoclass/version.hpp>

#include <iostream>

int main() {
  const auto m = infoclass::io::read_model(
      R"({"infoclass": 1, "scheme": "se-klassa", "assets": [{"id": "a", "kind": "information"}]})");
  std::cout << "csv: " << infoclass::io::write_csv(m).assets.size() << " bytes\n";
  std::cout << "have yaml " << INFOCLASS_HAVE_YAML << ", archive " << INFOCLASS_HAVE_ARCHIVE << ", svg "
            << INFOCLASS_HAVE_SVG << "\n";
  try {
    (void)infoclass::io::save_archive(m);
    std::cout << "archive: written\n";
  } catch (const infoclass::model_error& e) {
    std::cout << "archive: " << e.what() << "\n";
  }
  try {
    (void)infoclass::io::import_oscal_ssp("system-security-plan:\n  uuid: x\n");
    std::cout << "oscal yaml: read\n";
  } catch (const infoclass::model_error& e) {
    std::cout << "oscal yaml: " << e.what() << "\n";
  }
}
