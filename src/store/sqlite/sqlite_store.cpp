// SQLite Store: opening, schema, workspaces, channels and topics.
// Posts live in sqlite_posts.cpp.
#include <utility>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store_impl.h"
#include "tribu/core/platform.h"

namespace tribu {

namespace sqlite {

namespace {

template <class T>
Result<T> NotFound(std::string_view what, std::int64_t id) {
  return Fail(ErrorCode::kNotFound, std::string(what) + " " + std::to_string(id) + " not found");
}

// Explains a failed write of a row named uniquely within a workspace.
Error NamedRowWriteError(const Error& e, std::string_view what, const std::string& name,
                         WorkspaceId workspace) {
  if (e.code == ErrorCode::kAlreadyExists) {
    return {ErrorCode::kAlreadyExists, "a " + std::string(what) + " named '" + name + "' exists"};
  }
  if (e.code == ErrorCode::kFailedPrecondition) {
    return {ErrorCode::kNotFound, "workspace " + std::to_string(workspace.value) + " not found"};
  }
  return e;
}

Workspace ReadWorkspaceRow(const Statement& s) {
  return Workspace{WorkspaceId{s.Int(0)}, s.Text(1), s.Text(2), s.Text(3),
                   FromUnixMillis(s.Int(4))};
}

Channel ReadChannel(const Statement& s) {
  Channel c;
  c.id = ChannelId{s.Int(0)};
  c.workspace_id = WorkspaceId{s.Int(1)};
  c.platform = s.Text(2);
  c.name = s.Text(3);
  c.config_json = s.Text(4);
  c.enabled = s.Int(5) != 0;
  c.created_at = FromUnixMillis(s.Int(6));
  return c;
}

Result<Topic> ReadTopic(const Statement& s) {
  Topic t;
  t.id = TopicId{s.Int(0)};
  t.workspace_id = WorkspaceId{s.Int(1)};
  t.name = s.Text(2);
  t.query = s.Text(3);
  auto kind = ParseTopicKind(s.Text(4));
  if (!kind)
    return Fail(ErrorCode::kDataLoss, "topic " + std::to_string(t.id.value) +
                                          " has a corrupt kind: " + kind.error().message);
  t.kind = *kind;
  t.color = s.Text(5);
  t.created_at = FromUnixMillis(s.Int(6));
  t.updated_at = FromUnixMillis(s.Int(7));
  return t;
}

constexpr std::string_view kChannelColumns =
    "id, workspace_id, platform, name, config_json, enabled, created_at";
constexpr std::string_view kTopicColumns =
    "id, workspace_id, name, query, kind, color, created_at, updated_at";

std::string Sql(std::string_view a, std::string_view b, std::string_view c = "") {
  std::string out(a);
  out += b;
  out += c;
  return out;
}

}  // namespace

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  std::unique_lock lock(mu_);
  released_.wait(lock, [&] { return !idle_.empty() || open_ < options_.max_readers; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(db));
  }
  ++open_;
  lock.unlock();
  auto db = Database::Open(options_.path, options_.busy_timeout_ms, options_.synchronous);
  if (!db) {
    std::lock_guard relock(mu_);
    --open_;
    released_.notify_one();
    return Fail(db.error());
  }
  return Lease(this, std::move(*db));
}

void ReaderPool::Release(std::unique_ptr<Database> db) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(db));
  released_.notify_one();
}

Result<SchemaStatus> SqliteStore::GetSchemaStatus() {
  std::lock_guard lock(write_mu_);
  return ReadSchemaStatus(*writer_);
}

Result<int> SqliteStore::Migrate() {
  std::lock_guard lock(write_mu_);
  return ApplyMigrations(*writer_, Migrations().back().version, clock_.Now());
}

// ---- Workspaces ----

Result<Workspace> SqliteStore::CreateWorkspace(const Workspace& in) {
  TRIBU_RETURN_IF_ERROR(ValidateWorkspaceSlug(in.slug));
  if (in.name.empty() || in.name.size() > 120) {
    return Fail(ErrorCode::kInvalidArgument, "workspace name must be 1 to 120 characters");
  }
  if (!IsKnownTimeZone(in.time_zone)) {
    return Fail(ErrorCode::kInvalidArgument, "unknown time zone '" + in.time_zone + "'");
  }
  Workspace out = in;
  out.created_at = clock_.Now();
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO workspaces (slug, name, time_zone, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, out.slug);
  (*s)->Bind(2, out.name);
  (*s)->Bind(3, out.time_zone);
  (*s)->Bind(4, ToUnixMillis(out.created_at));
  auto row = (*s)->Step();
  if (!row) {
    if (row.error().code == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "a workspace with slug '" + out.slug + "' exists");
    }
    return Fail(row.error());
  }
  out.id = WorkspaceId{(*s)->Int(0)};
  return out;
}

Result<Workspace> SqliteStore::ReadWorkspace(std::string_view where_sql, std::int64_t id,
                                             std::string_view slug) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      Sql("SELECT id, slug, name, time_zone, created_at FROM workspaces ", where_sql));
  if (!s) return Fail(s.error());
  if (slug.empty()) {
    (*s)->Bind(1, id);
  } else {
    (*s)->Bind(1, slug);
  }
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    return Fail(ErrorCode::kNotFound, slug.empty()
                                          ? "workspace " + std::to_string(id) + " not found"
                                          : "workspace '" + std::string(slug) + "' not found");
  }
  return ReadWorkspaceRow(**s);
}

Result<Workspace> SqliteStore::GetWorkspace(WorkspaceId id) {
  return ReadWorkspace("WHERE id = ?", id.value, "");
}

Result<Workspace> SqliteStore::GetWorkspaceBySlug(std::string_view slug) {
  if (slug.empty()) return Fail(ErrorCode::kInvalidArgument, "workspace slug is empty");
  return ReadWorkspace("WHERE slug = ?", 0, slug);
}

Result<std::vector<Workspace>> SqliteStore::ListWorkspaces() {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s =
      (*db)->Prepare("SELECT id, slug, name, time_zone, created_at FROM workspaces ORDER BY id");
  if (!s) return Fail(s.error());
  return (*s)->Collect(ReadWorkspaceRow);
}

// ---- Channels ----

Result<Channel> SqliteStore::CreateChannel(const Channel& in) {
  TRIBU_RETURN_IF_ERROR(ValidatePlatformName(in.platform));
  if (in.name.empty() || in.name.size() > 120) {
    return Fail(ErrorCode::kInvalidArgument, "channel name must be 1 to 120 characters");
  }
  Channel out = in;
  out.created_at = clock_.Now();
  if (out.config_json.empty()) out.config_json = "{}";
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO channels (workspace_id, platform, name, config_json, enabled, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, out.workspace_id.value);
  (*s)->Bind(2, out.platform);
  (*s)->Bind(3, out.name);
  (*s)->Bind(4, out.config_json);
  (*s)->Bind(5, out.enabled ? 1 : 0);
  (*s)->Bind(6, ToUnixMillis(out.created_at));
  auto row = (*s)->Step();
  if (!row) return Fail(NamedRowWriteError(row.error(), "channel", out.name, out.workspace_id));
  out.id = ChannelId{(*s)->Int(0)};
  return out;
}

Result<std::vector<Channel>> SqliteStore::ListChannels(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      Sql("SELECT ", kChannelColumns, " FROM channels WHERE workspace_id = ? ORDER BY id"));
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  return (*s)->Collect(ReadChannel);
}

Result<Channel> SqliteStore::GetChannel(WorkspaceId workspace, ChannelId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      Sql("SELECT ", kChannelColumns, " FROM channels WHERE workspace_id = ? AND id = ?"));
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return NotFound<Channel>("channel", id.value);
  return ReadChannel(**s);
}

Status SqliteStore::DeleteChannel(WorkspaceId workspace, ChannelId id) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("DELETE FROM channels WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id.value);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) return NotFound<void>("channel", id.value);
  return {};
}

// ---- Topics ----

Result<Topic> SqliteStore::CreateTopic(const Topic& in) {
  TRIBU_RETURN_IF_ERROR(ValidateTopic(in));
  Topic out = in;
  out.created_at = out.updated_at = clock_.Now();
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO topics (workspace_id, name, query, kind, color, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, out.workspace_id.value);
  (*s)->Bind(2, out.name);
  (*s)->Bind(3, out.query);
  (*s)->Bind(4, TopicKindName(out.kind));
  (*s)->Bind(5, out.color);
  (*s)->Bind(6, ToUnixMillis(out.created_at));
  (*s)->Bind(7, ToUnixMillis(out.updated_at));
  auto row = (*s)->Step();
  if (!row) return Fail(NamedRowWriteError(row.error(), "topic", out.name, out.workspace_id));
  out.id = TopicId{(*s)->Int(0)};
  return out;
}

Result<std::vector<Topic>> SqliteStore::ListTopics(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      Sql("SELECT ", kTopicColumns, " FROM topics WHERE workspace_id = ? ORDER BY id"));
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  return (*s)->Collect(ReadTopic);
}

Result<Topic> SqliteStore::GetTopic(WorkspaceId workspace, TopicId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      Sql("SELECT ", kTopicColumns, " FROM topics WHERE workspace_id = ? AND id = ?"));
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return NotFound<Topic>("topic", id.value);
  return ReadTopic(**s);
}

Result<Topic> SqliteStore::UpdateTopic(const Topic& in) {
  TRIBU_RETURN_IF_ERROR(ValidateTopic(in));
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      Sql("UPDATE topics SET name = ?, query = ?, kind = ?, color = ?, updated_at = ? "
          "WHERE workspace_id = ? AND id = ? RETURNING ",
          kTopicColumns));
  if (!s) return Fail(s.error());
  (*s)->Bind(1, in.name);
  (*s)->Bind(2, in.query);
  (*s)->Bind(3, TopicKindName(in.kind));
  (*s)->Bind(4, in.color);
  (*s)->Bind(5, ToUnixMillis(clock_.Now()));
  (*s)->Bind(6, in.workspace_id.value);
  (*s)->Bind(7, in.id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(NamedRowWriteError(row.error(), "topic", in.name, in.workspace_id));
  if (!*row) return NotFound<Topic>("topic", in.id.value);
  auto out = ReadTopic(**s);
  return out;
}

Status SqliteStore::DeleteTopic(WorkspaceId workspace, TopicId id) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("DELETE FROM topics WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id.value);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) return NotFound<void>("topic", id.value);
  return {};
}

void SqliteStore::StartCheckpoints(std::unique_ptr<Database> own, CheckpointOptions options) {
  std::lock_guard lock(write_mu_);
  checkpointer_ = std::make_unique<Checkpointer>(*writer_, std::move(own), options);
}

Status SqliteStore::CheckIntegrity() {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("PRAGMA quick_check");
  if (!s) return Fail(s.error());
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (*row && (*s)->Text(0) != "ok") {
    std::string detail = (*s)->Text(0);
    return Fail(ErrorCode::kDataLoss, "database integrity check failed: " + detail);
  }
  // Batched upserts check references in code (see UpsertInTransaction): verify them.
  auto fk = writer_->Prepare("PRAGMA foreign_key_check");
  if (!fk) return Fail(fk.error());
  auto broken = (*fk)->Step();
  if (!broken) return Fail(broken.error());
  if (*broken) {
    return Fail(ErrorCode::kDataLoss, "a row of table '" + (*fk)->Text(0) +
                                          "' points at a missing row of '" + (*fk)->Text(2) +
                                          "' (rowid " + std::to_string((*fk)->Int(1)) + ")");
  }
  auto fts = writer_->Exec("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)");
  if (!fts) {
    return Fail(ErrorCode::kDataLoss, "the full-text index disagrees with the posts (" +
                                          fts.error().message +
                                          "); run 'tribu migrate --rebuild-index' to rebuild it");
  }
  // The author index is contentless (migration 0008): compare its posts per
  // author with the posts table's.
  TRIBU_RETURN_IF_ERROR(
      writer_->Exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.author_posts_terms "
                    "USING fts5vocab(main, 'author_posts', 'row')"));
  auto by_author = writer_->Prepare(
      "WITH stored AS (SELECT CAST(author_id AS TEXT) AS term, count(*) AS n FROM posts "
      "GROUP BY author_id), indexed AS (SELECT term, doc AS n FROM temp.author_posts_terms) "
      "SELECT (SELECT count(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM indexed)) + "
      "(SELECT count(*) FROM (SELECT * FROM indexed EXCEPT SELECT * FROM stored))");
  if (!by_author) return Fail(by_author.error());
  auto differ = (*by_author)->Step();
  if (!differ) return Fail(differ.error());
  if ((*by_author)->Int(0) != 0) {
    return Fail(ErrorCode::kDataLoss,
                "the index of posts by author disagrees with the posts for " +
                    std::to_string((*by_author)->Int(0)) +
                    " author(s); run 'tribu migrate --rebuild-index' to rebuild it");
  }
  return {};
}

}  // namespace sqlite

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options, const Clock& clock) {
  if (options.synchronous != "normal" && options.synchronous != "full") {
    return Fail(ErrorCode::kInvalidArgument, "synchronous must be 'normal' or 'full'");
  }
  if (options.checkpoint_pages < 0 || options.checkpoint_pages > 1'000'000) {
    return Fail(ErrorCode::kInvalidArgument, "checkpoint_pages must be between 0 and 1000000");
  }
  if (options.max_readers < 1) {
    return Fail(ErrorCode::kInvalidArgument, "max_readers must be at least 1");
  }
  auto db = sqlite::Database::Open(options.path, options.busy_timeout_ms, options.synchronous);
  if (!db) return Fail(db.error());
  auto status = sqlite::ReadSchemaStatus(**db);
  if (!status)
    return Fail(status.error().WithContext("cannot read schema of '" + options.path + "'"));
  if (auto newer = sqlite::RefuseNewerSchema(*status); !newer) {
    return Fail(newer.error().WithContext(options.path));
  }
  if (options.migrate) {
    auto applied = sqlite::ApplyMigrations(**db, sqlite::Migrations().back().version, clock.Now());
    if (!applied) return Fail(applied.error());
  }
  auto store = std::make_unique<sqlite::SqliteStore>(options, std::move(*db), clock);
  if (options.cipher && options.migrate) TRIBU_RETURN_IF_ERROR(store->SealPlainSecrets());
  if (options.checkpoint_pages > 0) {
    auto own = sqlite::Database::Open(options.path, options.busy_timeout_ms, options.synchronous);
    if (!own) return Fail(own.error());
    store->StartCheckpoints(std::move(*own), {.wake_pages = options.checkpoint_pages,
                                              .limit_pages = 16 * options.checkpoint_pages});
  }
  return store;
}

Status MigrateSqliteTo(const std::string& path, int version) {
  auto db = sqlite::Database::Open(path, 5000, "normal");
  if (!db) return Fail(db.error());
  SystemClock clock;
  auto applied = sqlite::ApplyMigrations(**db, version, clock.Now());
  if (!applied) return Fail(applied.error());
  return {};
}

}  // namespace tribu
