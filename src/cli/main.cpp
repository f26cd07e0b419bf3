// SPDX-License-Identifier: Apache-2.0
// The infoclass command-line tool (DESIGN.md §5): the command families wired
// together (model_commands.cpp, exchange_commands.cpp, analysis_commands.cpp).
//
// Exit status: 0 success, 1 findings the command was asked to fail on, 2 bad
// input or usage. Errors are one line on standard error; on error nothing is
// written to standard output (output is produced in memory first).
#include "cli/cli.hpp"
#include "infoclass/version.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>

namespace {
int run(int argc, char** argv) {
  using namespace infoclass::cli;
  CLI::App app{"infoclass: classify information and propagate protection requirements"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "infoclass " INFOCLASS_VERSION_STRING);
  std::vector<command> commands;
  add_model_commands(app, commands);
  add_exchange_commands(app, commands);
  add_analysis_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "infoclass: " << one_line(e.what()) << " (see --help)\n";
    return 2;
  }

  try {
    for (const auto& c : commands) {
      if (c.app->parsed()) {
        const result r = c.run();
        progress_stop();
        errno = 0;
        std::cout << r.out;
        for (const auto& part : r.more) {
          std::cout << part;
        }
        std::cout << std::flush;
        if (!std::cout) { // a full disk, a closed pipe: say so, not only the status
          const int err = errno;
          std::cerr << "infoclass: cannot write to standard output"
                    << (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
          return 2;
        }
        return r.status;
      }
    }
    return 2;
  } catch (const std::bad_alloc&) { // nothing was written: the output is made in memory first
    progress_stop();
    std::cerr << "infoclass: out of memory (the command needs more than this machine or its limits allow; "
                 "nothing was written)\n";
    return 2;
  } catch (const std::exception& e) {
    progress_stop();
    std::cerr << "infoclass: " << one_line(e.what()) << "\n";
    return 2;
  }
}
} // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) { // building the command line itself failed (memory)
    std::cerr << "infoclass: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "infoclass: unexpected error\n";
  }
  return 2;
}
