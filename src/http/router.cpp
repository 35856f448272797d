#include "http/router.h"

#include <charconv>

namespace tribu::http {

std::string_view ApiRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> ApiRequest::Param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<std::int64_t>> ApiRequest::IntParam(const std::string& name, std::int64_t min,
                                                         std::int64_t max) const {
  auto v = Param(name);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
    return Fail(ErrorCode::kInvalidArgument,
                "parameter '" + name + "' must be a whole number from " + std::to_string(min) +
                    " to " + std::to_string(max));
  }
  return std::optional<std::int64_t>(n);
}

Result<std::optional<Timestamp>> ApiRequest::TimeParam(const std::string& name) const {
  auto v = Param(name);
  if (!v) return std::optional<Timestamp>();
  auto t = ParseTimestamp(*v);
  if (!t) return Fail(t.error().WithContext("parameter '" + name + "'"));
  return std::optional<Timestamp>(*t);
}

Status ApiRequest::OnlyParams(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [name, value] : query) {
    bool known = false;
    for (auto a : allowed) known = known || a == name;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown parameter '" + name.substr(0, 40) + "'" +
                      (list.empty() ? " (this route takes none)" : " (expected: " + list + ")"));
    }
  }
  return {};
}

Result<Json> ApiRequest::JsonBody() const {
  if (!content_type.starts_with("application/json")) {
    return Fail(ErrorCode::kUnsupportedMedia,
                "send the body as JSON with 'Content-Type: application/json'");
  }
  Json parsed;
  try {
    parsed = Json::parse(body);
  } catch (const Json::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "the body is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  }
  if (!parsed.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return parsed;
}

std::string PatternToRegex(std::string_view pattern) {
  std::string out = "^";
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      auto end = pattern.find('}', i);
      out += "([^/]+)";
      i = end + 1;
    } else {
      char c = pattern[i++];
      if (std::string_view(".+*?()[]^$|\\").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out + "$";
}

}  // namespace tribu::http

namespace tribu::http {

std::string SessionTokenFromCookies(std::string_view cookies) {
  while (!cookies.empty()) {
    auto semi = cookies.find(';');
    std::string_view item = cookies.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.starts_with(kSessionCookie) && item.size() > kSessionCookie.size() &&
        item[kSessionCookie.size()] == '=') {
      return std::string(item.substr(kSessionCookie.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    cookies.remove_prefix(semi + 1);
  }
  return {};
}

std::string SessionCookieHeader(const SessionCookie& cookie, std::string_view token) {
  // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends
  // it; the CSRF token (X-CSRF-Token) guards state changes besides.
  std::string out = std::string(kSessionCookie) + "=" + std::string(token) +
                    "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                    std::to_string(token.empty() ? 0 : cookie.days * 86400);
  if (cookie.secure) out += "; Secure";
  return out;
}

}  // namespace tribu::http
