// What each role may do in a workspace. The API checks one permission per
// route (see http/routes*.cpp); the UI hides what the role cannot do.
//
//                     read  topics  channels  members  audit  tokens/workspace  handle alerts alert
//                     rules
//   owner              x      x        x         x       x        x                x             x
//   manager            x      x        x         x       x        x                x             x
//   community_manager  x      x                                                    x
//   approver           x
//   analyst            x      x
//   client             x
//
// Only an owner may make or unmake an owner (ChangeRoleAllowed).
#pragma once

#include <optional>
#include <string_view>

#include "tribu/core/user.h"

namespace tribu::auth {

enum class Permission {
  kRead,             // posts, topics, channels (without secrets), statistics, live stream
  kEditTopics,       // create, change, delete listening topics
  kManageChannels,   // add, change, remove channels and their secrets
  kManageMembers,    // invite, change roles, remove members
  kReadAudit,        // the audit log
  kManageWorkspace,  // API tokens, workspace settings
  kHandleAlerts,     // acknowledge, assign, resolve alerts; retry deliveries; see destinations
  kManageAlerts,     // alert rules and destinations (Slack, e-mail...)
};

std::string_view PermissionName(Permission p);
bool Allows(Role role, Permission p);
// Whether someone with role `actor` may give `to` to a member who has `from`
// (or nothing). Managers cannot create, demote or remove owners.
bool ChangeRoleAllowed(Role actor, std::optional<Role> from, std::optional<Role> to);

}  // namespace tribu::auth
