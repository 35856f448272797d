#include "http/event_stream.h"

#include <algorithm>

#include "http/json_codec.h"
#include "http/route_helpers.h"

namespace tribu::http {

Result<StreamFilter> ParseStreamFilter(Store& store, const ApiRequest& req) {
  TRIBU_RETURN_IF_ERROR(req.OnlyParams({"workspace", "topic", "new"}));
  StreamFilter f;
  if (auto ws = req.Param("workspace")) {
    auto w = ResolveWorkspace(store, *ws);
    if (!w) return Fail(w.error());
    f.workspace = w->id;
  }
  auto [begin, end] = req.query.equal_range("topic");
  for (auto it = begin; it != end; ++it) {
    std::string_view v = it->second;
    while (!v.empty()) {
      auto comma = v.find(',');
      auto id = ParseId(v.substr(0, comma), "topic");
      if (!id) return Fail(id.error());
      f.topics.push_back(TopicId{*id});
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  if (f.topics.size() > 100) {
    return Fail(ErrorCode::kInvalidArgument, "at most 100 topics per stream");
  }
  if (!f.workspace && f.topics.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "say what to stream: ?workspace=<slug> and/or ?topic=<id>[,<id>...]");
  }
  // Topics are checked against the store, so that a typo is an error, not silence.
  std::vector<TopicId> unknown = f.topics;
  auto workspaces = store.ListWorkspaces();
  if (!workspaces) return Fail(workspaces.error());
  for (const Workspace& w : *workspaces) {
    if (f.workspace && w.id != *f.workspace) continue;
    auto topics = store.ListTopics(w.id);
    if (!topics) return Fail(topics.error());
    for (const Topic& t : *topics) std::erase(unknown, t.id);
  }
  if (!unknown.empty()) {
    return Fail(ErrorCode::kNotFound, "topic " + std::to_string(unknown.front().value) +
                                          " not found" + (f.workspace ? " in this workspace" : ""));
  }
  if (auto n = req.Param("new")) {
    if (*n != "true" && *n != "false") {
      return Fail(ErrorCode::kInvalidArgument, "parameter 'new' must be true or false");
    }
    f.new_only = *n == "true";
  }
  return f;
}

bool StreamWants(const StreamFilter& f, const pipeline::PostStored& e) {
  if (f.new_only && !e.is_new) return false;
  if (f.workspace && e.post.workspace_id != *f.workspace) return false;
  if (f.topics.empty()) return true;
  return std::ranges::any_of(
      e.post.topics, [&](TopicId t) { return std::ranges::find(f.topics, t) != f.topics.end(); });
}

std::string SseEvent(std::uint64_t sequence, const pipeline::PostStored& e) {
  Json data = ToJson(e.post);
  data["new"] = e.is_new;
  // Dump escapes line breaks inside strings, so the data stays on one line.
  return "id: " + std::to_string(sequence) + "\nevent: post\ndata: " + Dump(data) + "\n\n";
}

}  // namespace tribu::http
