#include "connectors/settings.h"

#include "tribu/core/utf8.h"

namespace tribu::connectors {

Result<Settings> Settings::Parse(std::string_view config_json, std::string_view platform,
                                 std::initializer_list<std::string_view> known) {
  nlohmann::json j = nlohmann::json::parse(config_json.empty() ? "{}" : config_json, nullptr,
                                           /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the settings of a " + std::string(platform) + " channel must be a JSON object");
  }
  for (const auto& [key, _] : j.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown setting '" + std::string(TruncateUtf8(key, 40)) + "' for a " +
                      std::string(platform) + " channel (known: " + list + ")");
    }
  }
  return Settings(std::move(j), std::string(platform));
}

Result<std::string> Settings::String(const char* key, bool required, std::size_t max_bytes) const {
  if (!j_.contains(key)) {
    if (!required) return std::string();
    return Fail(ErrorCode::kInvalidArgument,
                "a " + platform_ + " channel needs the setting '" + key + "'");
  }
  const auto& v = j_.at(key);
  if (!v.is_string() || v.get<std::string>().size() > max_bytes ||
      (required && v.get<std::string>().empty())) {
    return Fail(ErrorCode::kInvalidArgument, std::string(key) +
                                                 " must be a non-empty string of at most " +
                                                 std::to_string(max_bytes) + " bytes");
  }
  return v.get<std::string>();
}

Result<std::string> Settings::Url(const char* key, bool required, std::string_view example) const {
  auto s = String(key, required, 2048);
  if (!s || s->empty()) return s;
  const std::string& url = *s;
  if ((!url.starts_with("http://") && !url.starts_with("https://")) ||
      url.find_first_of(" \t\r\n") != std::string::npos || HostOf(url).empty()) {
    return Fail(
        ErrorCode::kInvalidArgument,
        std::string(key) + " must be an http:// or https:// address, e.g. " + std::string(example));
  }
  return s;
}

Result<std::int64_t> Settings::Int(const char* key, std::int64_t def, std::int64_t min,
                                   std::int64_t max) const {
  if (!j_.contains(key)) return def;
  const auto& v = j_.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
    return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be a whole number from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  }
  return v.get<std::int64_t>();
}

Result<std::vector<std::string>> Settings::StringList(const char* key,
                                                      std::size_t max_items) const {
  std::vector<std::string> out;
  if (!j_.contains(key)) return out;
  const auto& v = j_.at(key);
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be a list of at most " +
                                                 std::to_string(max_items) + " non-empty strings");
  };
  if (!v.is_array() || v.size() > max_items) return bad();
  for (const auto& item : v) {
    if (!item.is_string() || item.get<std::string>().empty() ||
        item.get<std::string>().size() > 256) {
      return bad();
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<Settings::Timing> Settings::PollTiming(std::chrono::seconds interval) const {
  auto i = Int("interval_seconds", interval.count(), 1, 86400);
  if (!i) return Fail(i.error());
  auto t = Int("timeout_seconds", 30, 1, 300);
  if (!t) return Fail(t.error());
  return Timing{std::chrono::seconds(*i), std::chrono::seconds(*t)};
}

Result<bool> Settings::Bool(const char* key, bool def) const {
  if (!j_.contains(key)) return def;
  const auto& v = j_.at(key);
  if (!v.is_boolean()) {
    return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be true or false");
  }
  return v.get<bool>();
}

Result<std::string> Settings::Choice(const char* key,
                                     std::initializer_list<std::string_view> choices) const {
  if (!j_.contains(key)) return std::string(*choices.begin());
  const auto& v = j_.at(key);
  std::string list;
  for (auto c : choices) {
    if (v.is_string() && v.get<std::string>() == c) return std::string(c);
    list += (list.empty() ? "" : ", ") + std::string(c);
  }
  return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be one of: " + list);
}

std::string HostOf(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  return std::string(url.substr(0, url.find_first_of("/?#:")));
}

}  // namespace tribu::connectors
