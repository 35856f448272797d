#include "tribu/auth/accounts.h"

#include "tribu/auth/tokens.h"

namespace tribu::auth {

namespace {

constexpr std::string_view kApiTokenPrefix = "tribu_";
constexpr std::string_view kDemoEmail = "demo@tribu.invalid";
// Sessions are extended at most this often, so that reading pages does not write.
constexpr auto kTouchEvery = std::chrono::minutes(5);

Error Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}

}  // namespace

std::optional<Role> Principal::RoleIn(WorkspaceId workspace) const {
  if (api_token) {
    if (api_token->workspace_id == workspace) return api_token->role;
    return std::nullopt;
  }
  for (const Membership& m : memberships) {
    if (m.workspace_id == workspace) return m.role;
  }
  // Administrators manage every workspace as owners.
  if (is_admin()) return Role::kOwner;
  return std::nullopt;
}

bool Principal::is_demo() const { return user && user->email == kDemoEmail; }

std::string Principal::AuditName() const {
  if (api_token) return "token:" + std::to_string(api_token->id) + " " + api_token->name;
  if (user) return "user:" + std::to_string(user->id.value) + " " + user->email;
  return "anonymous";
}

Accounts::Accounts(Store& store, const Clock& clock, AccountsOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      throttle_(clock, options.max_login_failures, options.login_window),
      dummy_hash_(HashPassword(RandomToken(24), options.password).value_or("")) {}

Result<Accounts::SignedIn> Accounts::StartSession(UserId user_id, std::string_view user_agent) {
  auto user = store_.GetUser(user_id);
  if (!user) return Fail(user.error());
  const Timestamp now = clock_.Now();
  SignedIn out;
  out.session_token = RandomToken(32);
  out.session = {.token_hash = HashToken(out.session_token),
                 .user_id = user_id,
                 .csrf_token = RandomToken(24),
                 .created_at = now,
                 .expires_at = now + options_.session_lifetime,
                 .last_seen_at = now,
                 .user_agent = std::string(user_agent)};
  TRIBU_RETURN_IF_ERROR(store_.CreateSession(out.session));
  out.user = std::move(*user);
  return out;
}

Result<Accounts::SignedIn> Accounts::Login(std::string_view email, std::string_view password,
                                           std::string_view client, std::string_view user_agent,
                                           std::chrono::seconds* retry_after) {
  if (auto wait = throttle_.RetryAfter(email, client); wait.count() > 0) {
    if (retry_after) *retry_after = wait;
    return Fail(ErrorCode::kResourceExhausted, "too many failed sign-ins; try again in " +
                                                   std::to_string(wait.count()) + " seconds");
  }
  auto found = store_.FindUserByEmail(email);
  if (!found && found.error().code != ErrorCode::kNotFound) return Fail(found.error());
  const bool ok = found ? VerifyPassword(found->second, password)
                        : (VerifyPassword(dummy_hash_, password), false);
  if (!ok) {
    throttle_.RecordFailure(email, client);
    return std::unexpected(Unauthenticated("the e-mail address or the password is wrong"));
  }
  throttle_.RecordSuccess(email);
  return StartSession(found->first.id, user_agent);
}

Result<Principal> Accounts::ForUser(User user, std::string csrf) {
  auto memberships = store_.ListMemberships(user.id);
  if (!memberships) return Fail(memberships.error());
  Principal p;
  p.user = std::move(user);
  p.memberships = std::move(*memberships);
  p.csrf_token = std::move(csrf);
  return p;
}

Result<Principal> Accounts::AuthenticateSession(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > 128) {
    return std::unexpected(Unauthenticated("sign in first"));
  }
  const std::string hash = HashToken(session_token);
  auto session = store_.GetSession(hash);
  if (!session) {
    if (session.error().code == ErrorCode::kNotFound) {
      return std::unexpected(Unauthenticated("your session has ended; sign in again"));
    }
    return Fail(session.error());
  }
  const Timestamp now = clock_.Now();
  if (session->expires_at <= now) {
    (void)store_.DeleteSession(hash);
    return std::unexpected(Unauthenticated("your session has expired; sign in again"));
  }
  if (now - session->last_seen_at >= kTouchEvery) {
    TRIBU_RETURN_IF_ERROR(store_.TouchSession(hash, now, now + options_.session_lifetime));
  }
  auto user = store_.GetUser(session->user_id);
  if (!user) return Fail(user.error());
  return ForUser(std::move(*user), session->csrf_token);
}

Result<Principal> Accounts::AuthenticateApiToken(std::string_view api_token) {
  if (!api_token.starts_with(kApiTokenPrefix) || api_token.size() > 128) {
    return std::unexpected(Unauthenticated("the API token is malformed (it starts with tribu_)"));
  }
  auto token = store_.FindApiToken(HashToken(api_token));
  if (!token) {
    if (token.error().code == ErrorCode::kNotFound) {
      return std::unexpected(Unauthenticated("unknown API token"));
    }
    return Fail(token.error());
  }
  if (token->revoked_at) {
    return std::unexpected(Unauthenticated("this API token was revoked"));
  }
  const Timestamp now = clock_.Now();
  if (!token->last_used_at || now - *token->last_used_at >= kTouchEvery) {
    TRIBU_RETURN_IF_ERROR(store_.TouchApiToken(token->id, now));
  }
  Principal p;
  p.api_token = std::move(*token);
  return p;
}

Status Accounts::Logout(std::string_view session_token) {
  return store_.DeleteSession(HashToken(session_token));
}

Result<std::int64_t> Accounts::LogoutEverywhere(UserId user) {
  return store_.DeleteUserSessions(user);
}

Result<bool> Accounts::SetupNeeded() {
  auto users = store_.CountUsers();
  if (!users) return Fail(users.error());
  auto demo = store_.FindUserByEmail(kDemoEmail);
  if (!demo && demo.error().code != ErrorCode::kNotFound) return Fail(demo.error());
  return *users - (demo ? 1 : 0) == 0;
}

Result<std::string> Accounts::CreateSetupLink() {
  auto needed = SetupNeeded();
  if (!needed) return Fail(needed.error());
  if (!*needed) {
    return Fail(ErrorCode::kFailedPrecondition, "an account exists already; sign in instead");
  }
  std::string token = RandomToken(32);
  TRIBU_RETURN_IF_ERROR(store_.CreateLink({.token_hash = HashToken(token),
                                           .purpose = LinkPurpose::kSetup,
                                           .expires_at = clock_.Now() + options_.link_lifetime}));
  return token;
}

Result<Accounts::SignedIn> Accounts::CompleteSetup(std::string_view token, User user,
                                                   std::string_view password,
                                                   std::string_view user_agent) {
  TRIBU_RETURN_IF_ERROR(ValidateUser(user));
  auto hash = HashPassword(password, options_.password);
  if (!hash) return Fail(hash.error());
  auto link = store_.ConsumeLink(HashToken(token), clock_.Now());
  if (!link) return Fail(link.error());
  if (link->purpose != LinkPurpose::kSetup) {
    return Fail(ErrorCode::kNotFound, "this is not a setup link");
  }
  auto needed = SetupNeeded();
  if (!needed) return Fail(needed.error());
  if (!*needed) {
    return Fail(ErrorCode::kFailedPrecondition, "an account exists already; sign in instead");
  }
  user.admin = true;
  auto created = store_.CreateUser(user, *hash);
  if (!created) return Fail(created.error());
  return StartSession(created->id, user_agent);
}

Result<Accounts::Invited> Accounts::Invite(WorkspaceId workspace, User user, Role role) {
  Invited out;
  auto found = store_.FindUserByEmail(user.email);
  if (found) {
    out.user = found->first;
  } else if (found.error().code == ErrorCode::kNotFound) {
    user.admin = false;
    auto created = store_.CreateUser(user, "");
    if (!created) return Fail(created.error());
    out.user = *created;
  } else {
    return Fail(found.error());
  }
  TRIBU_RETURN_IF_ERROR(store_.SetMembership(workspace, out.user.id, role));
  if (!found || found->second.empty()) {
    std::string token = RandomToken(32);
    TRIBU_RETURN_IF_ERROR(store_.CreateLink({.token_hash = HashToken(token),
                                             .purpose = LinkPurpose::kInvitation,
                                             .user_id = out.user.id,
                                             .expires_at = clock_.Now() + options_.link_lifetime}));
    out.invitation_token = std::move(token);
  }
  return out;
}

Result<Accounts::SignedIn> Accounts::AcceptInvitation(std::string_view token,
                                                      std::string_view password,
                                                      std::string_view display_name,
                                                      std::string_view user_agent) {
  auto hash = HashPassword(password, options_.password);
  if (!hash) return Fail(hash.error());
  auto link = store_.ConsumeLink(HashToken(token), clock_.Now());
  if (!link) return Fail(link.error());
  if (link->purpose != LinkPurpose::kInvitation || !link->user_id) {
    return Fail(ErrorCode::kNotFound, "this is not an invitation link");
  }
  auto user = store_.GetUser(*link->user_id);
  if (!user) return Fail(user.error());
  if (!display_name.empty()) {
    user->display_name = std::string(display_name);
    TRIBU_RETURN_IF_ERROR(store_.UpdateUser(*user));
  }
  TRIBU_RETURN_IF_ERROR(store_.SetUserPassword(user->id, *hash));
  return StartSession(user->id, user_agent);
}

Status Accounts::ChangePassword(UserId user_id, std::string_view current, std::string_view next) {
  auto user = store_.GetUser(user_id);
  if (!user) return Fail(user.error());
  auto found = store_.FindUserByEmail(user->email);
  if (!found) return Fail(found.error());
  if (!VerifyPassword(found->second, current)) {
    return Fail(ErrorCode::kPermissionDenied, "the current password is wrong");
  }
  auto hash = HashPassword(next, options_.password);
  if (!hash) return Fail(hash.error());
  return store_.SetUserPassword(user_id, *hash);
}

Result<std::pair<ApiTokenRecord, std::string>> Accounts::CreateApiToken(
    WorkspaceId workspace, std::string name, Role role, std::optional<UserId> created_by) {
  std::string token = std::string(kApiTokenPrefix) + RandomToken(32);
  auto record = store_.CreateApiToken({.workspace_id = workspace,
                                       .name = std::move(name),
                                       .role = role,
                                       .token_hash = HashToken(token),
                                       .created_by = created_by});
  if (!record) return Fail(record.error());
  return std::pair{std::move(*record), std::move(token)};
}

Result<User> Accounts::EnsureDemoUser(WorkspaceId workspace) {
  auto found = store_.FindUserByEmail(kDemoEmail);
  User user;
  if (found) {
    user = found->first;
  } else if (found.error().code == ErrorCode::kNotFound) {
    auto created = store_.CreateUser(
        {.email = std::string(kDemoEmail), .display_name = "Démo", .locale = "fr"}, "");
    if (!created) return Fail(created.error());
    user = *created;
  } else {
    return Fail(found.error());
  }
  TRIBU_RETURN_IF_ERROR(store_.SetMembership(workspace, user.id, Role::kOwner));
  return user;
}

}  // namespace tribu::auth
