#include "http/route_helpers.h"

#include <charconv>

namespace tribu::http {

namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

Result<std::int64_t> ParseId(std::string_view text, std::string_view what) {
  std::int64_t id = 0;
  if (AllDigits(text)) std::from_chars(text.data(), text.data() + text.size(), id);
  if (id <= 0) {
    return Fail(ErrorCode::kNotFound,
                std::string(what) + " '" + std::string(text.substr(0, 40)) + "' not found");
  }
  return id;
}

Result<Workspace> ResolveWorkspace(Store& store, std::string_view key) {
  if (AllDigits(key)) {
    auto id = ParseId(key, "workspace");
    if (!id) return Fail(id.error());
    return store.GetWorkspace(WorkspaceId{*id});
  }
  if (ValidateWorkspaceSlug(key)) return store.GetWorkspaceBySlug(key);
  return Fail(ErrorCode::kNotFound, "workspace '" + std::string(key.substr(0, 40)) + "' not found");
}

Result<Target> ResolveTarget(Store& store, const ApiRequest& req, std::string_view what) {
  auto ws = ResolveWorkspace(store, req.path_params[0]);
  if (!ws) return Fail(ws.error());
  auto id = ParseId(req.path_params[1], what);
  if (!id) return Fail(id.error());
  return Target{ws->id, *id};
}

}  // namespace tribu::http
