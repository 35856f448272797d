// A workspace holds one brand's (or one client's) channels, topics, posts and
// team. An agency runs many side by side; nothing is shared between them.
#pragma once

#include <string>

#include "tribu/core/ids.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu {

struct Workspace {
  WorkspaceId id;
  std::string slug;               // URL-safe unique name: [a-z0-9-], 1..48 characters
  std::string name;               // display name, 1..120 characters
  std::string time_zone = "UTC";  // IANA zone for reports and schedules
  Timestamp created_at{};
};

Status ValidateWorkspaceSlug(std::string_view slug);

}  // namespace tribu
