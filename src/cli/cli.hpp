// SPDX-License-Identifier: Apache-2.0
// Internal: what the command families of the infoclass tool share. main.cpp
// wires the families; each adds its subcommands and an action per command.
#pragma once

#include "infoclass/error.hpp"
#include "infoclass/io/archive.hpp"
#include "infoclass/io/graph.hpp"
#include "infoclass/model.hpp"
#include "infoclass/progress.hpp"

#include <CLI/CLI.hpp>

#include "infoclass/version.hpp"
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infoclass::inline INFOCLASS_ABI::cli {

/// What a command prints on standard output, and its exit status (0 success,
/// 1 findings it was asked to fail on); bad input throws (status 2).
struct result {
  result(std::string text = {}, int code = 0) : out(std::move(text)), status(code) {}
  std::string out;
  int status = 0;
  /// Written after `out`, in order: a long output made in parts (none of
  /// them copied as the whole grows).
  std::vector<std::string> more;
};

/// How a command lists findings: text (a summary: the most severe first, the
/// first 20 of each list, unless `all`), or every entry as json or csv.
struct listing {
  bool all = false;
  std::string format = "text";
  progress_fn progress; ///< terminal_progress()
  unsigned threads = 1; ///< spof --threads
};
/// Adds --all and --format text|json|csv for `l` to a subcommand.
void add_listing_options(CLI::App* sub, listing& l);

/// Progress on standard error when it is a terminal (src/cli/progress.cpp):
/// the phase a command is in, for phases without counts.
void progress_phase(std::string_view name);
/// A callback for the library's long operations; empty when stderr is not a terminal.
[[nodiscard]] progress_fn terminal_progress();
/// Stops the progress line and clears it (before output is written).
void progress_stop() noexcept;

/// A subcommand and what runs when it was given.
struct command {
  CLI::App* app = nullptr;
  std::function<result()> run;
};

/// report, propagate, explain, validate.
void add_model_commands(CLI::App& app, std::vector<command>& commands);
/// export, import, convert, oscal check|update.
void add_exchange_commands(CLI::App& app, std::vector<command>& commands);
/// impact, spof, review, classify, gaps.
void add_analysis_commands(CLI::App& app, std::vector<command>& commands);

/// A model from the native JSON format or an infoclass archive (by content);
/// the example municipality when `path` is empty.
[[nodiscard]] model load(const std::string& path);
/// Warns on stderr about each kind of `m` that looks like a typo of a known one.
void warn_kind_typos(const model& m, const std::string& source);
/// The lower-case extension of a path (`.json`).
[[nodiscard]] std::string extension(const std::string& path);
/// The text of an export, for formats that are one file.
[[nodiscard]] std::string export_text(const model& m, const std::string& to, const io::view& v, io::archive_format af);
/// The explorer (`export --to html`, `report --html`): one self-contained HTML
/// file with the model and the WebAssembly engine. Throws model_error saying
/// how to build the engine when this build has none.
[[nodiscard]] std::string explorer_html(const model& m, const std::string& source);
/// True where the WebAssembly engine for the explorer is found.
[[nodiscard]] bool explorer_available();
/// Errors are one line: control characters from the input are escaped.
[[nodiscard]] std::string one_line(std::string_view text);
/// --columns 'Header=field,Other=attribute:Other': pairs split at the first '='.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_columns(const std::string& arg);
/// A model_error of a reader, prefixed with the file it read.
[[nodiscard]] model_error in_file(const std::string& file, const model_error& e);

} // namespace infoclass::inline INFOCLASS_ABI::cli
