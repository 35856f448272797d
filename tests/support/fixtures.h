// Test data files under tests/data, and what tests look up in requests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "tribu/connectors/http_client.h"

namespace tribu::testing {

// The bytes of tests/data/<path> (tests run from the repository root); empty if missing.
inline std::string ReadFixture(const std::string& path) {
  std::ifstream in("tests/data/" + path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The value of a request header, or empty.
inline std::string HeaderOf(const connectors::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace tribu::testing
