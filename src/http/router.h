// The route table's types: each route is a method, a path pattern and a
// handler that returns a JSON body or an Error. Handlers do not see httplib.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tribu/auth/accounts.h"
#include "tribu/auth/permissions.h"
#include "tribu/bus/bus.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"
#include "tribu/pipeline/stages.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::alerts {
class Dispatcher;
}

namespace tribu::http {

using Json = nlohmann::json;

struct ApiRequest {
  std::string method;
  std::vector<std::string> path_params;           // the pattern's {placeholders}, in order
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  // Who is calling: null on routes open to anyone (Access::Anyone).
  const auth::Principal* principal = nullptr;
  std::string client;  // the peer's address, for rate limits

  // The first header of that (lower-case) name, or empty.
  std::string_view Header(std::string_view name) const;

  // Query parameter helpers. Each fails with kInvalidArgument naming the parameter.
  std::optional<std::string> Param(const std::string& name) const;
  Result<std::optional<std::int64_t>> IntParam(const std::string& name, std::int64_t min,
                                               std::int64_t max) const;
  Result<std::optional<Timestamp>> TimeParam(const std::string& name) const;
  // Fails if a query parameter is not in `allowed` (a typo would otherwise be silently ignored).
  Status OnlyParams(std::initializer_list<std::string_view> allowed) const;
  // Parses the body as a JSON object; requires a JSON content type.
  Result<Json> JsonBody() const;
};

struct ApiResponse {
  int status = 200;
  Json body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Set-Cookie
};

using Handler = std::function<Result<ApiResponse>(const ApiRequest&)>;

// Who may call a route. The server checks it before the handler runs; for
// kWorkspace the first path parameter names the workspace (id or slug) and
// the caller's role there must grant `permission` (auth/permissions.h).
struct Access {
  enum class Who { kAnyone, kSignedIn, kAdmin, kWorkspace };
  Who who = Who::kAdmin;
  auth::Permission permission = auth::Permission::kManageWorkspace;
  // Successful calls other than GET go to the audit log, with the state
  // before (from the GET route of the same path, when there is one) and after.
  bool audited = true;

  static Access Anyone() { return {Who::kAnyone, auth::Permission::kRead, false}; }
  static Access SignedIn(bool audited = true) {
    return {Who::kSignedIn, auth::Permission::kRead, audited};
  }
  static Access Admin() { return {Who::kAdmin, auth::Permission::kManageWorkspace, true}; }
  static Access In(auth::Permission p) { return {Who::kWorkspace, p, true}; }
};

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/workspaces/{workspace}/topics/{id}"
  Access access;
  std::string summary;  // one line for the /api index
  Handler handler;
};

// How sign-in sessions are handed to browsers.
struct SessionCookie {
  bool secure = true;
  int days = 14;
};

// What handlers need; owned by the server.
struct ApiContext {
  Store& store;
  const Clock& clock;
  std::string version;
  const text::Analyzer& analyzer;  // to validate listening queries and re-match posts
  bus::Bus* bus;                   // the live pipeline's, for its events; may be null
  // The pipeline's stages, run in the request for posts that must be stored
  // before the answer (the webhook's: a 202 means stored).
  pipeline::AnnotateStage& annotate;
  pipeline::StoreStage& store_stage;
  auth::Accounts& accounts;
  SessionCookie cookie;
  bool demo_login = false;                   // POST /api/auth/demo signs in as the demo user
  alerts::Dispatcher* dispatcher = nullptr;  // test messages, retries; null when alerts are off
};

// The whole API at a glance (routes.cpp).
std::vector<Route> BuildRoutes(ApiContext& context);

// The Set-Cookie value that starts (or, with an empty token, ends) a session.
std::string SessionCookieHeader(const SessionCookie& cookie, std::string_view token);
inline constexpr std::string_view kSessionCookie = "tribu_session";
// The session token in a Cookie header; empty when there is none.
std::string SessionTokenFromCookies(std::string_view cookies);

// "/api/x/{id}" -> "^/api/x/([^/]+)$"
std::string PatternToRegex(std::string_view pattern);

}  // namespace tribu::http
