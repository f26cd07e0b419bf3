// SPDX-License-Identifier: Apache-2.0
// Exception hierarchy of infoclass.
//
// Two roots on standard types so that callers can catch what they know:
// `infoclass::error` (a std::runtime_error) for failures that are not the
// caller's input, and `infoclass::model_error` (a std::invalid_argument) for bad
// input. A model_error carries the location of the problem: a JSON pointer
// (`/assets/3/classification/K`), an asset id, or a file with line and column.
// The Python bindings map model_error to ValueError.
#pragma once

#include "infoclass/version.hpp"
#include <stdexcept>
#include <string>
#include <utility>

namespace infoclass::inline INFOCLASS_ABI {

/// Failure that is not caused by the caller's input (I/O, internal limits).
class INFOCLASS_API error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A file that could not be written (or read past its opening): the path and
/// the `errno` value, so that callers can tell a missing folder from a full disk
/// (the Python bindings raise the matching OSError subclass).
class INFOCLASS_API file_error : public error {
public:
  /// Throws: nothing of its own (std::bad_alloc).
  file_error(std::string path, int code, const std::string& what) : error(what), path_(std::move(path)), code_(code) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] int code() const noexcept { return code_; }

private:
  std::string path_;
  int code_;
};

/// Bad input: an invalid model, scheme, classification or command argument.
///
/// `where()` is the location (JSON pointer, asset id, or `file:line:column`),
/// `reason()` the explanation; `what()` is `where: reason`.
///
/// **Example**
/// ```
/// try { m.add_dependency("a", "a", "depends_on"); }
/// catch (const infoclass::model_error& e) { std::cerr << e.what(); }
/// // a: a dependency of an asset on itself is not allowed
/// ```
class INFOCLASS_API model_error : public std::invalid_argument {
public:
  /// Throws: nothing of its own (std::bad_alloc).
  model_error(std::string where, std::string reason)
      : std::invalid_argument(where.empty() ? reason : where + ": " + reason), where_(std::move(where)),
        reason_(std::move(reason)) {}

  [[nodiscard]] const std::string& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

private:
  std::string where_;
  std::string reason_;
};

} // namespace infoclass::inline INFOCLASS_ABI
