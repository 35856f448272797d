// A topic is something a workspace listens to: its brand, a competitor, a
// product, a campaign, a crisis. Its query (the listening query language)
// decides which posts belong to it.
#pragma once

#include <string>
#include <string_view>

#include "tribu/core/ids.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu {

enum class TopicKind { kBrand, kCompetitor, kProduct, kCampaign, kOther };

std::string_view TopicKindName(TopicKind kind);  // "brand", "competitor", ...
Result<TopicKind> ParseTopicKind(std::string_view name);

struct Topic {
  TopicId id;
  WorkspaceId workspace_id;
  std::string name;   // 1..120 characters
  std::string query;  // listening query, 1..4096 bytes
  TopicKind kind = TopicKind::kOther;
  std::string color;  // "#RRGGBB" for charts, empty for automatic
  Timestamp created_at{};
  Timestamp updated_at{};
};

// Name and query present and within bounds, color well-formed.
Status ValidateTopic(const Topic& topic);

}  // namespace tribu
