// What route handlers share: addressing rows in paths, and building answers.
#pragma once

#include <string_view>
#include <vector>

#include "http/router.h"

namespace tribu::http {

// A positive id from a path segment; kNotFound naming `what` otherwise.
Result<std::int64_t> ParseId(std::string_view text, std::string_view what);

// {workspace} in a path is a numeric id or a slug.
Result<Workspace> ResolveWorkspace(Store& store, std::string_view key);

// A row addressed as /api/workspaces/{workspace}/<what>s/{id}.
struct Target {
  WorkspaceId workspace;
  std::int64_t id = 0;
};
Result<Target> ResolveTarget(Store& store, const ApiRequest& req, std::string_view what);

template <class T>
Json ToJsonArray(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(ToJson(item));
  return out;
}

inline ApiResponse Ok(Json body, int status = 200) { return ApiResponse{status, std::move(body)}; }

// Routes defined in their own files.
void AppendChannelRoutes(ApiContext& ctx, std::vector<Route>& routes);
// Sign-in, the caller's account, members, API tokens, the audit log.
void AppendAccountRoutes(ApiContext& ctx, std::vector<Route>& routes);
// The listening dashboard's figures.
void AppendStatsRoutes(ApiContext& ctx, std::vector<Route>& routes);
// Alerts, their rules and destinations.
void AppendAlertRoutes(ApiContext& ctx, std::vector<Route>& routes);

}  // namespace tribu::http
