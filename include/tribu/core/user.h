// A person who signs in to tribu, and the role they hold in a workspace.
#pragma once

#include <string>
#include <string_view>

#include "tribu/core/ids.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu {

// From most to least powerful. A client sees, and changes nothing.
enum class Role { kOwner, kManager, kCommunityManager, kApprover, kAnalyst, kClient };

std::string_view RoleName(Role role);  // "owner", "manager", "community_manager", ...
Result<Role> ParseRole(std::string_view name);

struct User {
  UserId id;
  std::string email;
  std::string display_name;
  std::string locale = "en";  // "fr" or "en"
  std::string time_zone = "UTC";
  bool admin = false;  // administers this tribu: creates workspaces, sees them all
  Timestamp created_at{};
};

// An e-mail address with one @ and no spaces, a display name of at most 120
// bytes, locale en or fr, a known time zone.
Status ValidateUser(const User& user);

struct Membership {
  UserId user_id;
  WorkspaceId workspace_id;
  Role role = Role::kClient;
};

}  // namespace tribu
