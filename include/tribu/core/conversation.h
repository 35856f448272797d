// A conversation threads the posts exchanged with one person about one thing,
// for the unified inbox.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/time.h"

namespace tribu {

enum class ConversationState { kOpen, kSnoozed, kClosed };

struct Conversation {
  ConversationId id;
  WorkspaceId workspace_id;
  std::optional<ContactId> contact_id;
  std::string platform;
  std::string root_external_id;  // the post that started the thread
  ConversationState state = ConversationState::kOpen;
  std::optional<UserId> assignee;
  std::vector<std::string> labels;
  Timestamp last_activity_at{};
  std::optional<Timestamp> snoozed_until;
};

}  // namespace tribu
