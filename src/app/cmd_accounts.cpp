// tribu users add, tribu tokens create|list|revoke: accounts from the command
// line, for whoever holds the data directory (and so, already, everything).
#include <iostream>

#include "app/commands.h"
#include "tribu/auth/accounts.h"

namespace tribu::app {

namespace {

Result<std::string> ReadLineFromStdin(std::string_view what) {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.empty()) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": standard input held nothing");
  }
  return line;
}

}  // namespace

int RunUsersAdd(AppContext& ctx, const AccountArgs& args) {
  User user{.email = args.email, .display_name = args.name, .locale = args.locale};
  user.admin = args.admin;
  if (auto s = ValidateUser(user); !s) return ReportError(s.error());
  std::optional<Role> role;
  if (!args.role.empty()) {
    auto parsed = ParseRole(args.role);
    if (!parsed) return ReportError(parsed.error());
    role = *parsed;
  }
  std::string hash;
  if (args.password_stdin) {
    auto password = ReadLineFromStdin("--password-stdin");
    if (!password) return ReportError(password.error());
    auto hashed = auth::HashPassword(*password);
    if (!hashed) return ReportError(hashed.error());
    hash = std::move(*hashed);
  }
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auth::Accounts accounts(**store, ctx.clock);
  std::optional<Workspace> workspace;
  if (role || !args.workspace.empty()) {
    auto ws = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
    if (!ws) return ReportError(ws.error());
    workspace = *ws;
  }
  auto created = (*store)->CreateUser(user, hash);
  if (!created) return ReportError(created.error());
  std::cout << "User " << created->email << " (id " << created->id.value << ")"
            << (created->admin ? ", administrator" : "");
  if (workspace) {
    auto s = (*store)->SetMembership(workspace->id, created->id, role.value_or(Role::kClient));
    if (!s) return ReportError(s.error());
    std::cout << ", " << RoleName(role.value_or(Role::kClient)) << " of " << workspace->slug;
  }
  std::cout << "\n";
  if (hash.empty()) {
    // No password given: the person sets one through an invitation link.
    if (!workspace) {
      std::cerr << "tribu: a user without a password needs a workspace to be invited to "
                   "(--workspace and --role), or --password-stdin\n";
      return kExitUsage;
    }
    auto invited = accounts.Invite(workspace->id, *created, role.value_or(Role::kClient));
    if (!invited) return ReportError(invited.error());
    std::cout << "Invitation (valid once, 72 hours): open <tribu's address>/#/invitation/"
              << invited->invitation_token.value_or("") << "\n";
  }
  return kExitOk;
}

int RunTokensCreate(AppContext& ctx, const AccountArgs& args) {
  auto role = ParseRole(args.role);
  if (!role) return ReportError(role.error());
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto ws = ChooseWorkspace(**store, args.workspace, /*create_default=*/true);
  if (!ws) return ReportError(ws.error());
  auth::Accounts accounts(**store, ctx.clock);
  auto made = accounts.CreateApiToken(ws->id, args.name, *role, std::nullopt);
  if (!made) return ReportError(made.error());
  // The token alone on stdout, for scripts; it is shown this once.
  std::cerr << "API token " << made->first.id << " '" << made->first.name << "' ("
            << RoleName(*role) << " of " << ws->slug
            << "). Send it as 'Authorization: Bearer <token>'; it is not shown again.\n";
  std::cout << made->second << "\n";
  return kExitOk;
}

int RunTokensList(AppContext& ctx, const AccountArgs& args) {
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto ws = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!ws) return ReportError(ws.error());
  auto list = (*store)->ListApiTokens(ws->id);
  if (!list) return ReportError(list.error());
  for (const ApiTokenRecord& t : *list) {
    std::cout << t.id << "\t" << t.name << "\t" << RoleName(t.role) << "\t"
              << (t.revoked_at     ? "revoked " + FormatIso8601(*t.revoked_at)
                  : t.last_used_at ? "last used " + FormatIso8601(*t.last_used_at)
                                   : std::string("never used"))
              << "\n";
  }
  return kExitOk;
}

int RunTokensRevoke(AppContext& ctx, const AccountArgs& args) {
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto ws = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!ws) return ReportError(ws.error());
  if (auto s = (*store)->RevokeApiToken(ws->id, args.id); !s) return ReportError(s.error());
  std::cout << "Revoked API token " << args.id << "\n";
  return kExitOk;
}

}  // namespace tribu::app
