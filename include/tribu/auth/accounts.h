// Signing in and who is asking: sessions for people (cookies in the browser),
// API tokens for integrations, the first owner's setup link, invitations.
// Thread-safe; state lives in the Store, except the login throttle's counts.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tribu/auth/login_throttle.h"
#include "tribu/auth/password.h"
#include "tribu/store/store.h"

namespace tribu::auth {

// Who is calling: a signed-in person, or an API token.
struct Principal {
  std::optional<User> user;                 // a person
  std::vector<Membership> memberships;      // their roles
  std::string csrf_token;                   // a session's, echoed in X-CSRF-Token
  std::optional<ApiTokenRecord> api_token;  // an integration

  bool is_admin() const { return user && user->admin; }
  // The caller's role in the workspace; none when they have no access.
  std::optional<Role> RoleIn(WorkspaceId workspace) const;
  // How the audit log names them: "user:3 marie@agence.fr", "token:2 zapier".
  std::string AuditName() const;
  // The shared demo account (see Accounts::EnsureDemoUser).
  bool is_demo() const;
};

struct AccountsOptions {
  std::chrono::hours session_lifetime{24 * 14};  // sliding: each use extends it
  std::chrono::hours link_lifetime{72};          // setup and invitation links
  PasswordPolicy password;
  int max_login_failures = 10;  // per e-mail and per client address, per window
  std::chrono::seconds login_window{15 * 60};
};

class Accounts {
 public:
  Accounts(Store& store, const Clock& clock, AccountsOptions options = {});

  struct SignedIn {
    std::string session_token;  // the cookie's value; only its hash is stored
    SessionRecord session;
    User user;
  };

  // kUnauthenticated for an unknown address or a wrong password (the same
  // message for both); kResourceExhausted, with the wait in the message and
  // in `retry_after`, when the address or the client tried too often.
  Result<SignedIn> Login(std::string_view email, std::string_view password, std::string_view client,
                         std::string_view user_agent, std::chrono::seconds* retry_after = nullptr);
  Result<SignedIn> StartSession(UserId user, std::string_view user_agent);
  // kUnauthenticated when the token is unknown or expired.
  Result<Principal> AuthenticateSession(std::string_view session_token);
  Result<Principal> AuthenticateApiToken(std::string_view api_token);
  Status Logout(std::string_view session_token);
  Result<std::int64_t> LogoutEverywhere(UserId user);

  // Whether anyone but the demo account exists: until then, tribu needs its
  // first owner.
  Result<bool> SetupNeeded();
  // The first owner. CreateSetupLink: a token while nobody has an account
  // (kFailedPrecondition afterwards); CompleteSetup makes an administrator.
  Result<std::string> CreateSetupLink();
  Result<SignedIn> CompleteSetup(std::string_view token, User user, std::string_view password,
                                 std::string_view user_agent);

  // Adds someone to a workspace. An existing account gets the role; a new
  // address gets an account without password and an invitation token to pass
  // on (returned), accepted with AcceptInvitation.
  struct Invited {
    User user;
    std::optional<std::string> invitation_token;
  };
  Result<Invited> Invite(WorkspaceId workspace, User user, Role role);
  Result<SignedIn> AcceptInvitation(std::string_view token, std::string_view password,
                                    std::string_view display_name, std::string_view user_agent);

  Status ChangePassword(UserId user, std::string_view current, std::string_view next);

  // A token "tribu_…" shown once; only its hash is kept.
  Result<std::pair<ApiTokenRecord, std::string>> CreateApiToken(WorkspaceId workspace,
                                                                std::string name, Role role,
                                                                std::optional<UserId> created_by);

  // The demo's account (demo@tribu.invalid, no password: only the demo
  // sign-in route reaches it), owner of `workspace`. Created when missing.
  Result<User> EnsureDemoUser(WorkspaceId workspace);

 private:
  Result<Principal> ForUser(User user, std::string csrf);

  Store& store_;
  const Clock& clock_;
  const AccountsOptions options_;
  LoginThrottle throttle_;
  const std::string dummy_hash_;  // verified against for unknown addresses: same timing
};

}  // namespace tribu::auth
