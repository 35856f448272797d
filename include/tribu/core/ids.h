// Strongly typed identifiers, so that a TopicId cannot be passed where a PostId
// is expected. Ids are assigned by the store; 0 means "not stored yet".
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace tribu {

template <class Tag>
struct Id {
  std::int64_t value = 0;

  constexpr bool valid() const { return value > 0; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using WorkspaceId = Id<struct WorkspaceTag>;
using ChannelId = Id<struct ChannelTag>;
using PostId = Id<struct PostTag>;
using AuthorId = Id<struct AuthorTag>;
using TopicId = Id<struct TopicTag>;
using AlertId = Id<struct AlertTag>;
using ConversationId = Id<struct ConversationTag>;
using ContactId = Id<struct ContactTag>;
using DraftId = Id<struct DraftTag>;
using UserId = Id<struct UserTag>;

}  // namespace tribu

template <class Tag>
struct std::hash<tribu::Id<Tag>> {
  std::size_t operator()(tribu::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
