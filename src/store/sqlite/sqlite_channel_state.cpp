// SQLite Store: collecting state of channels (cursor, health, counters).
#include "store/sqlite/sqlite_store_impl.h"
#include "tribu/core/utf8.h"

namespace tribu::sqlite {

namespace {

Result<ChannelHealth> ParseHealth(std::string_view name) {
  for (auto h :
       {ChannelHealth::kNew, ChannelHealth::kOk, ChannelHealth::kRetrying, ChannelHealth::kError}) {
    if (ChannelHealthName(h) == name) return h;
  }
  return Fail(ErrorCode::kDataLoss,
              "channel state has a corrupt health '" + std::string(TruncateUtf8(name, 20)) + "'");
}

// Makes sure the channel has a state row; kNotFound when the channel is gone.
Status EnsureStateRow(Database& db, ChannelId id) {
  auto s = db.Prepare(
      "INSERT OR IGNORE INTO channel_state (channel_id) SELECT id FROM channels WHERE id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  auto exists = db.Prepare("SELECT 1 FROM channel_state WHERE channel_id = ?");
  if (!exists) return Fail(exists.error());
  (*exists)->Bind(1, id.value);
  auto row = (*exists)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    return Fail(ErrorCode::kNotFound, "channel " + std::to_string(id.value) + " not found");
  }
  return {};
}

}  // namespace

Status SqliteStore::SetChannelEnabled(WorkspaceId workspace, ChannelId id, bool enabled) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("UPDATE channels SET enabled = ? WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, enabled ? 1 : 0);
  (*s)->Bind(2, workspace.value);
  (*s)->Bind(3, id.value);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) {
    return Fail(ErrorCode::kNotFound, "channel " + std::to_string(id.value) + " not found");
  }
  return {};
}

Status SqliteStore::SetChannelSecret(ChannelId id, std::string_view secret) {
  if (secret.size() > 8192) {
    return Fail(ErrorCode::kInvalidArgument, "a channel secret is at most 8192 bytes");
  }
  if (!cipher_) {
    return Fail(ErrorCode::kFailedPrecondition,
                "secrets are stored encrypted, and this store was opened without a key");
  }
  auto sealed = cipher_->Seal(secret);
  if (!sealed) return Fail(sealed.error());
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO channel_secrets (channel_id, secret, updated_at) "
      "SELECT id, ?2, ?3 FROM channels WHERE id = ?1 "
      "ON CONFLICT (channel_id) DO UPDATE SET secret = excluded.secret, "
      "updated_at = excluded.updated_at");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  (*s)->Bind(2, *sealed);
  (*s)->Bind(3, ToUnixMillis(clock_.Now()));
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) {
    return Fail(ErrorCode::kNotFound, "channel " + std::to_string(id.value) + " not found");
  }
  return {};
}

Result<std::string> SqliteStore::GetChannelSecret(ChannelId id) {
  std::string stored;
  {
    auto db = readers_.Acquire();
    if (!db) return Fail(db.error());
    auto s = (*db)->Prepare("SELECT secret FROM channel_secrets WHERE channel_id = ?");
    if (!s) return Fail(s.error());
    (*s)->Bind(1, id.value);
    auto row = (*s)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::string();
    stored = (*s)->Text(0);
  }
  if (!cipher_) {
    return Fail(ErrorCode::kFailedPrecondition,
                "channel secrets are encrypted, and this store was opened without the key");
  }
  // A secret an older tribu stored in clear (sealed at the next open) reads as is.
  if (!cipher_->IsSealed(stored)) return stored;
  auto plain = cipher_->Open(stored);
  if (!plain) {
    return Fail(plain.error().WithContext("channel " + std::to_string(id.value) + "'s secret"));
  }
  return plain;
}

Status SqliteStore::SealPlainSecrets() {
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  auto s = writer_->Prepare("SELECT channel_id, secret FROM channel_secrets");
  if (!s) return Fail(s.error());
  auto rows = (*s)->Collect([](const Statement& r) { return std::pair{r.Int(0), r.Text(1)}; });
  if (!rows) return Fail(rows.error());
  for (auto& [channel, secret] : *rows) {
    if (cipher_->IsSealed(secret)) continue;
    auto sealed = cipher_->Seal(secret);
    if (!sealed) return Fail(sealed.error());
    auto u = writer_->Prepare("UPDATE channel_secrets SET secret = ?2 WHERE channel_id = ?1");
    if (!u) return Fail(u.error());
    (*u)->Bind(1, channel);
    (*u)->Bind(2, *sealed);
    TRIBU_RETURN_IF_ERROR((*u)->Run());
  }
  return tx->Commit();
}

Result<ChannelStatus> SqliteStore::GetChannelStatus(ChannelId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      "SELECT c.id, st.health, st.cursor, st.items_collected, st.consecutive_failures, "
      "st.last_attempt_at, st.last_success_at, st.last_error_at, st.last_error, "
      "st.next_attempt_at, st.channel_id IS NULL "
      "FROM channels c LEFT JOIN channel_state st ON st.channel_id = c.id WHERE c.id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    return Fail(ErrorCode::kNotFound, "channel " + std::to_string(id.value) + " not found");
  }
  ChannelStatus st;
  st.channel_id = id;
  if ((*s)->Int(10) != 0) return st;  // never collected
  auto health = ParseHealth((*s)->Text(1));
  if (!health) return Fail(health.error());
  st.health = *health;
  st.cursor = (*s)->Text(2);
  st.items_collected = (*s)->Int(3);
  st.consecutive_failures = (*s)->Int(4);
  st.last_attempt_at = (*s)->OptionalTime(5);
  st.last_success_at = (*s)->OptionalTime(6);
  st.last_error_at = (*s)->OptionalTime(7);
  st.last_error = (*s)->Text(8);
  st.next_attempt_at = (*s)->OptionalTime(9);
  return st;
}

Result<UpsertStats> SqliteStore::StoreChannelBatch(ChannelId id, std::span<const Post> posts,
                                                   std::string_view cursor,
                                                   Timestamp next_attempt_at) {
  const BatchToStore batch{
      .posts = posts, .channel = id, .cursor = cursor, .next_attempt_at = next_attempt_at};
  auto stats = StoreBatches({&batch, 1});
  if (!stats) return Fail(stats.error());
  return std::move(stats->front());
}

Status SqliteStore::StoreChannelInTransaction(
    const BatchToStore& batch, Timestamp now, UpsertStats& stats,
    std::vector<std::pair<std::string, std::int64_t>>& learnt) {
  const ChannelId id = *batch.channel;
  TRIBU_RETURN_IF_ERROR(EnsureStateRow(*writer_, id));
  {
    auto owner = writer_->Prepare("SELECT workspace_id FROM channels WHERE id = ?");
    if (!owner) return Fail(owner.error());
    (*owner)->Bind(1, id.value);
    auto row = (*owner)->Step();
    if (!row) return Fail(row.error());
    const std::int64_t workspace = (*owner)->Int(0);
    for (std::size_t i = 0; i < batch.posts.size(); ++i) {
      if (batch.posts[i].workspace_id.value != workspace) {
        return Fail(ErrorCode::kInvalidArgument,
                    "post " + std::to_string(i) + " is not in the channel's workspace");
      }
    }
  }
  TRIBU_RETURN_IF_ERROR(UpsertInTransaction(batch.posts, now, stats, learnt));
  auto s = writer_->Prepare(
      "UPDATE channel_state SET health = 'ok', cursor = ?2, "
      "items_collected = items_collected + ?3, consecutive_failures = 0, last_attempt_at = ?4, "
      "last_success_at = ?4, next_attempt_at = ?5 WHERE channel_id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  (*s)->Bind(2, batch.cursor);
  (*s)->Bind(3, stats.inserted);
  (*s)->Bind(4, ToUnixMillis(now));
  (*s)->Bind(5, ToUnixMillis(batch.next_attempt_at));
  return (*s)->Run();
}

Result<std::vector<UpsertStats>> SqliteStore::StoreBatches(std::span<const BatchToStore> batches) {
  auto which = [&](std::size_t b) {
    return batches.size() == 1 ? std::string() : "batch " + std::to_string(b);
  };
  for (std::size_t b = 0; b < batches.size(); ++b) {
    if (auto s = ValidatePosts(batches[b].posts); !s) {
      return Fail(which(b).empty() ? s.error() : s.error().WithContext(which(b)));
    }
  }
  std::vector<UpsertStats> stats(batches.size());
  if (batches.empty()) return stats;
  const Timestamp now = clock_.Now();
  std::lock_guard lock(write_mu_);
  ForeignKeysOff unchecked(*writer_);  // UpsertInTransaction checks references itself
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  std::vector<std::pair<std::string, std::int64_t>> learnt;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    const BatchToStore& batch = batches[b];
    Status s = batch.channel         ? StoreChannelInTransaction(batch, now, stats[b], learnt)
               : batch.posts.empty() ? Status{}
                                     : UpsertInTransaction(batch.posts, now, stats[b], learnt);
    if (!s) {
      author_ids_.clear();  // in case a cached author is what failed
      return Fail(which(b).empty() ? s.error() : s.error().WithContext(which(b)));
    }
  }
  TRIBU_RETURN_IF_ERROR(tx->Commit());
  CacheAuthors(learnt);
  return stats;
}

Status SqliteStore::RecordChannelFailure(ChannelId id, ChannelHealth health, std::string_view error,
                                         Timestamp next_attempt_at) {
  if (health != ChannelHealth::kRetrying && health != ChannelHealth::kError) {
    return Fail(ErrorCode::kInvalidArgument, "a failure is either retrying or error");
  }
  const Timestamp now = clock_.Now();
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  TRIBU_RETURN_IF_ERROR(EnsureStateRow(*writer_, id));
  auto s = writer_->Prepare(
      "UPDATE channel_state SET health = ?2, last_error = ?3, "
      "consecutive_failures = consecutive_failures + 1, last_attempt_at = ?4, "
      "last_error_at = ?4, next_attempt_at = ?5 WHERE channel_id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  (*s)->Bind(2, ChannelHealthName(health));
  (*s)->Bind(3, RepairUtf8(TruncateUtf8(error, 2000)));
  (*s)->Bind(4, ToUnixMillis(now));
  (*s)->Bind(5, ToUnixMillis(next_attempt_at));
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  return tx->Commit();
}

}  // namespace tribu::sqlite
