// SPDX-License-Identifier: Apache-2.0
// Shared doctest main for all unit test files.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
