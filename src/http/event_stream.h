// The live stream of stored posts (GET /api/stream), as server-sent events.
// The parts that do not touch the socket, so that they can be tested alone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/router.h"
#include "tribu/pipeline/messages.h"

namespace tribu::http {

// Which posts a listener wants: those of a workspace, those matching any of
// some topics, or both (all given conditions must hold).
struct StreamFilter {
  std::optional<WorkspaceId> workspace;
  std::vector<TopicId> topics;
  bool new_only = false;  // skip posts that were stored before (updates)
};

// Reads ?workspace=slug|id&topic=1,2&new=true. Topics must exist, and belong
// to the workspace when one is given. kInvalidArgument when neither is given.
Result<StreamFilter> ParseStreamFilter(Store& store, const ApiRequest& req);

bool StreamWants(const StreamFilter& filter, const pipeline::PostStored& event);

// One event: "id: <sequence>\nevent: post\ndata: <the post as the API shows it>\n\n".
std::string SseEvent(std::uint64_t sequence, const pipeline::PostStored& event);

}  // namespace tribu::http
