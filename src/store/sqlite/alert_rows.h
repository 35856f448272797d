// What the SQLite store's alert files share: id lists kept as text, and the
// errors they answer with. Private to the store module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "tribu/core/result.h"

namespace tribu::sqlite {

inline std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

template <class T>
std::string JoinIds(const std::vector<T>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if constexpr (std::is_integral_v<T>) {
      out += (out.empty() ? "" : ",") + std::to_string(id);
    } else {
      out += (out.empty() ? "" : ",") + std::to_string(id.value);
    }
  }
  return out;
}

inline std::vector<std::int64_t> SplitIds(std::string_view s) {
  std::vector<std::int64_t> out;
  std::int64_t v = 0;
  bool any = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      any = true;
    } else if (c == ',') {
      if (any) out.push_back(v);
      v = 0;
      any = false;
    }
  }
  if (any) out.push_back(v);
  return out;
}

inline Error NotFound(std::string_view what, std::int64_t id) {
  return {ErrorCode::kNotFound, std::string(what) + " " + std::to_string(id) + " not found"};
}

inline Error NamedWriteError(const Error& e, std::string_view what, const std::string& name) {
  if (e.code == ErrorCode::kAlreadyExists) {
    return {ErrorCode::kAlreadyExists, "an " + std::string(what) + " named '" + name + "' exists"};
  }
  return e;
}

}  // namespace tribu::sqlite
