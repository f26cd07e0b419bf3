// SPDX-License-Identifier: Apache-2.0
// Progress on standard error, only when it is a terminal: a line that a
// background ticker redraws every tenth of a second, once a command has run
// for a second (INFOCLASS_PROGRESS_AFTER seconds; INFOCLASS_PROGRESS=0 turns
// it off). Never in pipes or files, so that output stays the same.
#include "cli/cli.hpp"

#include "infoclass/io/file.hpp"

#include "infoclass/version.hpp"
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace infoclass::inline INFOCLASS_ABI::cli {

namespace {

class display {
public:
  static display& get() {
    static display d;
    return d;
  }
  display(const display&) = delete;
  display& operator=(const display&) = delete;

  [[nodiscard]] bool on() const noexcept { return on_; }

  void phase(std::string_view name, std::size_t done, std::size_t total) {
    if (!on_) {
      return;
    }
    std::unique_lock lock(mutex_);
    changed_ = changed_ || phase_ != name;
    phase_.assign(name);
    done_ = done;
    total_ = total;
    if (stopped_) {
      return;
    }
    draw(); // from the calling thread when due, so that a count shows as it comes
    if (!ticker_.joinable()) {
      ticker_ = std::thread([this] { run(); });
    }
  }

  void stop() noexcept {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) {
        return;
      }
      stopped_ = true;
    }
    wake_.notify_all();
    if (ticker_.joinable()) {
      ticker_.join();
    }
    if (drawn_) {
      std::fputs("\r\x1b[K", stderr); // the line is cleared: nothing stays behind
      std::fflush(stderr);
    }
  }

  ~display() { stop(); }

private:
  display() : start_(std::chrono::steady_clock::now()) {
    const char* off = std::getenv("INFOCLASS_PROGRESS");
    on_ = io::stderr_is_terminal() && (off == nullptr || std::string_view(off) != "0");
    if (const char* after = std::getenv("INFOCLASS_PROGRESS_AFTER"); after != nullptr && *after != '\0') {
      after_ = std::strtod(after, nullptr);
    }
  }

  // The ticker: redraws a phase that gives no counts, so that the seconds go on.
  void run() {
    std::unique_lock lock(mutex_);
    while (!stopped_) {
      wake_.wait_for(lock, std::chrono::milliseconds(100));
      if (!stopped_) {
        draw();
      }
    }
  }

  // Draws the line once the command has run for `after_` seconds: a new
  // phase at once, counts at most ten times a second; the caller holds the mutex.
  void draw() {
    const auto now = std::chrono::steady_clock::now();
    const std::chrono::duration<double> elapsed = now - start_;
    if (elapsed.count() < after_ || (!changed_ && drawn_ && now - last_ < std::chrono::milliseconds(100))) {
      return;
    }
    last_ = now;
    changed_ = false;
    {
      std::string line = "\r\x1b[Kinfoclass: " + phase_;
      if (total_ != 0) {
        line += " " + std::to_string(done_) + "/" + std::to_string(total_) + " (" +
                std::to_string(done_ * 100 / total_) + "%)";
      } else {
        line += " …";
      }
      line += " " + std::to_string(static_cast<long>(elapsed.count())) + " s";
      std::fputs(line.c_str(), stderr);
      std::fflush(stderr);
      drawn_ = true;
    }
  }

  bool on_ = false;
  double after_ = 1.0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
  bool stopped_ = false;
  bool drawn_ = false;
  bool changed_ = false;
  std::string phase_;
  std::size_t done_ = 0;
  std::size_t total_ = 0;
};

} // namespace

void progress_phase(std::string_view name) { display::get().phase(name, 0, 0); }

progress_fn terminal_progress() {
  if (!display::get().on()) {
    return {};
  }
  return [](std::string_view phase, std::size_t done, std::size_t total) { display::get().phase(phase, done, total); };
}

void progress_stop() noexcept { display::get().stop(); }

} // namespace infoclass::inline INFOCLASS_ABI::cli
