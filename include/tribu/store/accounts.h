// Rows of the accounts part of the Store: members, sign-in sessions, API
// tokens, one-time links and the audit log. Tokens appear here only as
// SHA-256 hashes; the auth module makes and checks the tokens themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/time.h"
#include "tribu/core/user.h"

namespace tribu {

struct Member {
  User user;
  Role role = Role::kClient;
};

struct SessionRecord {
  std::string token_hash;
  UserId user_id;
  std::string csrf_token;  // sent back by the browser in X-CSRF-Token
  Timestamp created_at{};
  Timestamp expires_at{};
  Timestamp last_seen_at{};
  std::string user_agent;
};

struct ApiTokenRecord {
  std::int64_t id = 0;
  WorkspaceId workspace_id;
  std::string name;
  Role role = Role::kClient;
  std::string token_hash;
  std::optional<UserId> created_by;
  Timestamp created_at{};
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};

// A link that works once: the first owner's setup, or an invitation.
enum class LinkPurpose { kSetup, kInvitation };
struct OneTimeLink {
  std::string token_hash;
  LinkPurpose purpose = LinkPurpose::kSetup;
  std::optional<UserId> user_id;  // the invited user
  Timestamp expires_at{};
};

struct AuditEntry {
  std::int64_t id = 0;
  std::optional<WorkspaceId> workspace_id;  // none for changes outside workspaces
  std::string actor;                        // "user:3 marie@agence.fr", "token:2 zapier"
  std::string action;                       // "PATCH /api/workspaces/{workspace}/topics/{id}"
  std::string target;                       // "/api/workspaces/velora/topics/12"
  std::optional<std::string> before_json;   // the state before, when there was one
  std::optional<std::string> after_json;    // the state after, unless deleted
  Timestamp at{};
};

struct AuditPage {
  std::vector<AuditEntry> entries;  // newest first
  std::string next_cursor;          // empty on the last page
};

}  // namespace tribu
