// SQLite Store: users, roles, sessions, API tokens, one-time links, audit log.
#include <charconv>

#include "store/sqlite/sqlite_store_impl.h"
#include "tribu/core/utf8.h"

namespace tribu::sqlite {

namespace {

constexpr const char* kUserColumns =
    "u.id, u.email, u.display_name, u.locale, u.time_zone, u.admin, u.created_at";

User ReadUser(const Statement& s, int at = 0) {
  User u;
  u.id = UserId{s.Int(at)};
  u.email = s.Text(at + 1);
  u.display_name = s.Text(at + 2);
  u.locale = s.Text(at + 3);
  u.time_zone = s.Text(at + 4);
  u.admin = s.Int(at + 5) != 0;
  u.created_at = FromUnixMillis(s.Int(at + 6));
  return u;
}

Result<Role> ReadRole(const Statement& s, int col) {
  auto role = ParseRole(s.Text(col));
  if (!role) {
    return Fail(ErrorCode::kDataLoss, "a stored role is corrupt: " + role.error().message);
  }
  return *role;
}

std::string_view PurposeName(LinkPurpose p) {
  return p == LinkPurpose::kSetup ? "setup" : "invitation";
}

constexpr const char* kTokenColumns =
    "id, workspace_id, name, role, token_hash, created_by, created_at, last_used_at, revoked_at";

Result<ApiTokenRecord> ReadToken(const Statement& s) {
  ApiTokenRecord t;
  t.id = s.Int(0);
  t.workspace_id = WorkspaceId{s.Int(1)};
  t.name = s.Text(2);
  auto role = ReadRole(s, 3);
  if (!role) return Fail(role.error());
  t.role = *role;
  t.token_hash = s.Text(4);
  if (!s.IsNull(5)) t.created_by = UserId{s.Int(5)};
  t.created_at = FromUnixMillis(s.Int(6));
  t.last_used_at = s.OptionalTime(7);
  t.revoked_at = s.OptionalTime(8);
  return t;
}

Status ExpectChange(Database& db, std::string_view what, std::int64_t id) {
  if (db.Changes() == 0) {
    return Fail(ErrorCode::kNotFound, std::string(what) + " " + std::to_string(id) + " not found");
  }
  return {};
}

}  // namespace

Result<std::int64_t> SqliteStore::CountUsers() {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare("SELECT count(*) FROM users");
  if (!s) return Fail(s.error());
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  return (*s)->Int(0);
}

Result<User> SqliteStore::CreateUser(const User& in, std::string_view password_hash) {
  TRIBU_RETURN_IF_ERROR(ValidateUser(in));
  User out = in;
  out.created_at = clock_.Now();
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO users (email, display_name, password_hash, locale, time_zone, admin, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, out.email);
  (*s)->Bind(2, out.display_name);
  (*s)->Bind(3, password_hash);
  (*s)->Bind(4, out.locale);
  (*s)->Bind(5, out.time_zone);
  (*s)->Bind(6, out.admin ? 1 : 0);
  (*s)->Bind(7, ToUnixMillis(out.created_at));
  if (auto r = (*s)->Run(); !r) {
    if (r.error().code == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "a user with e-mail '" + out.email + "' exists");
    }
    return Fail(r.error());
  }
  out.id = UserId{writer_->LastInsertRowid()};
  return out;
}

Result<User> SqliteStore::GetUser(UserId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "user " + std::to_string(id.value) + " not found");
  return ReadUser(**s);
}

Result<std::pair<User, std::string>> SqliteStore::FindUserByEmail(std::string_view email) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kUserColumns +
                          ", u.password_hash FROM users u WHERE u.email = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, email);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    return Fail(ErrorCode::kNotFound,
                "no user with e-mail '" + std::string(TruncateUtf8(email, 80)) + "'");
  }
  return std::pair{ReadUser(**s), (*s)->Text(7)};
}

Status SqliteStore::UpdateUser(const User& user) {
  TRIBU_RETURN_IF_ERROR(ValidateUser(user));
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "UPDATE users SET display_name = ?2, locale = ?3, time_zone = ?4 WHERE id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, user.id.value);
  (*s)->Bind(2, user.display_name);
  (*s)->Bind(3, user.locale);
  (*s)->Bind(4, user.time_zone);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  return ExpectChange(*writer_, "user", user.id.value);
}

Status SqliteStore::SetUserPassword(UserId id, std::string_view password_hash) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  (*s)->Bind(2, password_hash);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  return ExpectChange(*writer_, "user", id.value);
}

Status SqliteStore::SetMembership(WorkspaceId workspace, UserId user, Role role) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO memberships (workspace_id, user_id, role) VALUES (?, ?, ?) "
      "ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, user.value);
  (*s)->Bind(3, RoleName(role));
  if (auto r = (*s)->Run(); !r) {
    if (r.error().code == ErrorCode::kFailedPrecondition) {
      return Fail(ErrorCode::kNotFound, "no such workspace or user");
    }
    return Fail(r.error());
  }
  return {};
}

Status SqliteStore::RemoveMembership(WorkspaceId workspace, UserId user) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, user.value);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  return ExpectChange(*writer_, "member", user.value);
}

Result<std::vector<Member>> SqliteStore::ListMembers(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kUserColumns +
                          ", m.role FROM memberships m JOIN users u ON u.id = m.user_id "
                          "WHERE m.workspace_id = ? ORDER BY u.email");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  return (*s)->Collect([](const Statement& row) -> Result<Member> {
    auto role = ReadRole(row, 7);
    if (!role) return Fail(role.error());
    return Member{ReadUser(row), *role};
  });
}

Result<std::vector<Membership>> SqliteStore::ListMemberships(UserId user) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      "SELECT workspace_id, role FROM memberships WHERE user_id = ? ORDER BY workspace_id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, user.value);
  return (*s)->Collect([user](const Statement& row) -> Result<Membership> {
    auto role = ReadRole(row, 1);
    if (!role) return Fail(role.error());
    return Membership{user, WorkspaceId{row.Int(0)}, *role};
  });
}

Status SqliteStore::CreateSession(const SessionRecord& in) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, "
      "last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, in.token_hash);
  (*s)->Bind(2, in.user_id.value);
  (*s)->Bind(3, in.csrf_token);
  (*s)->Bind(4, ToUnixMillis(in.created_at));
  (*s)->Bind(5, ToUnixMillis(in.expires_at));
  (*s)->Bind(6, ToUnixMillis(in.last_seen_at));
  (*s)->Bind(7, TruncateUtf8(in.user_agent, 200));
  return (*s)->Run();
}

Result<SessionRecord> SqliteStore::GetSession(std::string_view token_hash) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      "SELECT token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, user_agent "
      "FROM sessions WHERE token_hash = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, token_hash);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no such session");
  return SessionRecord{.token_hash = (*s)->Text(0),
                       .user_id = UserId{(*s)->Int(1)},
                       .csrf_token = (*s)->Text(2),
                       .created_at = FromUnixMillis((*s)->Int(3)),
                       .expires_at = FromUnixMillis((*s)->Int(4)),
                       .last_seen_at = FromUnixMillis((*s)->Int(5)),
                       .user_agent = (*s)->Text(6)};
}

Status SqliteStore::TouchSession(std::string_view token_hash, Timestamp seen, Timestamp expires) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE token_hash = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, token_hash);
  (*s)->Bind(2, ToUnixMillis(seen));
  (*s)->Bind(3, ToUnixMillis(expires));
  return (*s)->Run();
}

Status SqliteStore::DeleteSession(std::string_view token_hash) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("DELETE FROM sessions WHERE token_hash = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, token_hash);
  return (*s)->Run();
}

Result<std::int64_t> SqliteStore::DeleteUserSessions(UserId user) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, user.value);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  return writer_->Changes();
}

Result<ApiTokenRecord> SqliteStore::CreateApiToken(const ApiTokenRecord& in) {
  if (in.name.empty() || in.name.size() > 80 || FirstInvalidUtf8(in.name) != in.name.size()) {
    return Fail(ErrorCode::kInvalidArgument, "a token name is 1 to 80 bytes of UTF-8");
  }
  ApiTokenRecord out = in;
  out.created_at = clock_.Now();
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO api_tokens (workspace_id, name, role, token_hash, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, out.workspace_id.value);
  (*s)->Bind(2, out.name);
  (*s)->Bind(3, RoleName(out.role));
  (*s)->Bind(4, out.token_hash);
  if (out.created_by) {
    (*s)->Bind(5, out.created_by->value);
  } else {
    (*s)->BindNull(5);
  }
  (*s)->Bind(6, ToUnixMillis(out.created_at));
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  out.id = writer_->LastInsertRowid();
  return out;
}

Result<ApiTokenRecord> SqliteStore::FindApiToken(std::string_view token_hash) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kTokenColumns +
                          " FROM api_tokens WHERE token_hash = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, token_hash);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no such API token");
  return ReadToken(**s);
}

Result<std::vector<ApiTokenRecord>> SqliteStore::ListApiTokens(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kTokenColumns +
                          " FROM api_tokens WHERE workspace_id = ? ORDER BY id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  return (*s)->Collect(ReadToken);
}

Status SqliteStore::RevokeApiToken(WorkspaceId workspace, std::int64_t id) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?3) "
      "WHERE workspace_id = ?1 AND id = ?2");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id);
  (*s)->Bind(3, ToUnixMillis(clock_.Now()));
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  return ExpectChange(*writer_, "API token", id);
}

Status SqliteStore::TouchApiToken(std::int64_t id, Timestamp used) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id);
  (*s)->Bind(2, ToUnixMillis(used));
  return (*s)->Run();
}

Status SqliteStore::CreateLink(const OneTimeLink& link) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO one_time_links (token_hash, purpose, user_id, expires_at) VALUES (?, ?, ?, ?)");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, link.token_hash);
  (*s)->Bind(2, PurposeName(link.purpose));
  if (link.user_id) {
    (*s)->Bind(3, link.user_id->value);
  } else {
    (*s)->BindNull(3);
  }
  (*s)->Bind(4, ToUnixMillis(link.expires_at));
  return (*s)->Run();
}

Result<OneTimeLink> SqliteStore::ConsumeLink(std::string_view token_hash, Timestamp now) {
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  auto s = writer_->Prepare(
      "SELECT purpose, user_id, expires_at FROM one_time_links WHERE token_hash = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, token_hash);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  auto gone = [] {
    return Fail(ErrorCode::kNotFound,
                "this link is unknown, was already used, or has expired; ask for a new one");
  };
  if (!*row) return gone();
  OneTimeLink link{
      .token_hash = std::string(token_hash),
      .purpose = (*s)->Text(0) == "setup" ? LinkPurpose::kSetup : LinkPurpose::kInvitation,
      .expires_at = FromUnixMillis((*s)->Int(2))};
  if (!(*s)->IsNull(1)) link.user_id = UserId{(*s)->Int(1)};
  auto del = writer_->Prepare("DELETE FROM one_time_links WHERE token_hash = ?");
  if (!del) return Fail(del.error());
  (*del)->Bind(1, token_hash);
  TRIBU_RETURN_IF_ERROR((*del)->Run());
  TRIBU_RETURN_IF_ERROR(tx->Commit());
  if (link.expires_at < now) return gone();
  return link;
}

Status SqliteStore::AppendAudit(const AuditEntry& e) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO audit_log (workspace_id, actor, action, target, before_json, after_json, at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!s) return Fail(s.error());
  if (e.workspace_id) {
    (*s)->Bind(1, e.workspace_id->value);
  } else {
    (*s)->BindNull(1);
  }
  (*s)->Bind(2, e.actor);
  (*s)->Bind(3, e.action);
  (*s)->Bind(4, e.target);
  (*s)->Bind(5, e.before_json);
  (*s)->Bind(6, e.after_json);
  (*s)->Bind(7, ToUnixMillis(e.at));
  return (*s)->Run();
}

Result<AuditPage> SqliteStore::ListAudit(WorkspaceId workspace, std::string_view cursor,
                                         int limit) {
  std::int64_t before = INT64_MAX;
  if (!cursor.empty()) {
    auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), before);
    if (ec != std::errc() || end != cursor.data() + cursor.size() || before <= 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "cursor is malformed: pass the next_cursor of the previous page unchanged");
    }
  }
  limit = std::clamp(limit, 1, 500);
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      "SELECT id, workspace_id, actor, action, target, before_json, after_json, at "
      "FROM audit_log WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, before);
  (*s)->Bind(3, limit + 1);
  auto rows = (*s)->Collect([](const Statement& r) {
    AuditEntry e;
    e.id = r.Int(0);
    if (!r.IsNull(1)) e.workspace_id = WorkspaceId{r.Int(1)};
    e.actor = r.Text(2);
    e.action = r.Text(3);
    e.target = r.Text(4);
    if (!r.IsNull(5)) e.before_json = r.Text(5);
    if (!r.IsNull(6)) e.after_json = r.Text(6);
    e.at = FromUnixMillis(r.Int(7));
    return e;
  });
  if (!rows) return Fail(rows.error());
  AuditPage page;
  page.entries = std::move(*rows);
  if (page.entries.size() > static_cast<std::size_t>(limit)) {
    page.entries.pop_back();
    page.next_cursor = std::to_string(page.entries.back().id);
  }
  return page;
}

}  // namespace tribu::sqlite
