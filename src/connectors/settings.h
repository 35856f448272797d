// Reading a channel's settings (its config_json): every key known, every
// value checked, and the key named in every error.
#pragma once

#include <chrono>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/result.h"

namespace tribu::connectors {

class Settings {
 public:
  // kInvalidArgument when the text is not a JSON object or holds a key not in `known`.
  static Result<Settings> Parse(std::string_view config_json, std::string_view platform,
                                std::initializer_list<std::string_view> known);

  // A required or optional string of at most max_bytes.
  Result<std::string> String(const char* key, bool required, std::size_t max_bytes = 512) const;
  // An http(s) address; `example` goes into the error message.
  Result<std::string> Url(const char* key, bool required, std::string_view example) const;
  // A whole number in [min, max], or `def` when absent.
  Result<std::int64_t> Int(const char* key, std::int64_t def, std::int64_t min,
                           std::int64_t max) const;
  // A list of non-empty strings (at most max_items of at most 256 bytes); empty when absent.
  Result<std::vector<std::string>> StringList(const char* key, std::size_t max_items) const;
  // "interval_seconds" (1..86400, default `interval`) and "timeout_seconds"
  // (1..300, default 30): every polling source has both.
  struct Timing {
    std::chrono::seconds interval;
    std::chrono::seconds timeout;
  };
  Result<Timing> PollTiming(std::chrono::seconds interval) const;
  // true or false, or `def` when absent.
  Result<bool> Bool(const char* key, bool def) const;
  // One of `choices`, or the first of them when absent.
  Result<std::string> Choice(const char* key,
                             std::initializer_list<std::string_view> choices) const;

 private:
  explicit Settings(nlohmann::json j, std::string platform)
      : j_(std::move(j)), platform_(std::move(platform)) {}
  nlohmann::json j_;
  std::string platform_;
};

// The host of an http(s) URL ("" when there is none).
std::string HostOf(std::string_view url);

}  // namespace tribu::connectors
