#include "tribu/auth/permissions.h"

namespace tribu::auth {

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kRead:
      return "read";
    case Permission::kEditTopics:
      return "edit_topics";
    case Permission::kManageChannels:
      return "manage_channels";
    case Permission::kManageMembers:
      return "manage_members";
    case Permission::kReadAudit:
      return "read_audit";
    case Permission::kManageWorkspace:
      return "manage_workspace";
    case Permission::kHandleAlerts:
      return "handle_alerts";
    case Permission::kManageAlerts:
      return "manage_alerts";
  }
  return "unknown";
}

bool Allows(Role role, Permission p) {
  switch (p) {
    case Permission::kRead:
      return true;
    case Permission::kEditTopics:
      return role == Role::kOwner || role == Role::kManager || role == Role::kCommunityManager ||
             role == Role::kAnalyst;
    case Permission::kHandleAlerts:
      return role == Role::kOwner || role == Role::kManager || role == Role::kCommunityManager;
    case Permission::kManageChannels:
    case Permission::kManageMembers:
    case Permission::kManageAlerts:
    case Permission::kReadAudit:
    case Permission::kManageWorkspace:
      return role == Role::kOwner || role == Role::kManager;
  }
  return false;
}

bool ChangeRoleAllowed(Role actor, std::optional<Role> from, std::optional<Role> to) {
  if (!Allows(actor, Permission::kManageMembers)) return false;
  if (actor == Role::kOwner) return true;
  return from != Role::kOwner && to != Role::kOwner;
}

}  // namespace tribu::auth
