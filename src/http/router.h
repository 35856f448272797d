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

#include "tribu/bus/bus.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"
#include "tribu/pipeline/stages.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::http {

using Json = nlohmann::json;

struct ApiRequest {
  std::string method;
  std::vector<std::string> path_params;           // the pattern's {placeholders}, in order
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased

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
};

using Handler = std::function<Result<ApiResponse>(const ApiRequest&)>;

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/workspaces/{workspace}/topics/{id}"
  std::string summary;  // one line for the /api index
  Handler handler;
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
};

// The whole API at a glance (routes.cpp).
std::vector<Route> BuildRoutes(ApiContext& context);

// "/api/x/{id}" -> "^/api/x/([^/]+)$"
std::string PatternToRegex(std::string_view pattern);

}  // namespace tribu::http
