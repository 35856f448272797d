// A draft is a post being written for publication: one text adapted per
// channel, going through approval to a scheduled time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/time.h"

namespace tribu {

enum class DraftState { kDraft, kInReview, kApproved, kScheduled, kPublished, kFailed };

struct DraftVariant {
  ChannelId channel_id;
  std::string text;  // adapted to the channel's limits
};

struct Draft {
  DraftId id;
  WorkspaceId workspace_id;
  UserId author_id;
  std::string text;
  std::vector<DraftVariant> variants;
  DraftState state = DraftState::kDraft;
  std::optional<Timestamp> scheduled_at;
  std::string time_zone = "UTC";  // the zone the author scheduled in
  Timestamp created_at{};
  Timestamp updated_at{};
};

}  // namespace tribu
