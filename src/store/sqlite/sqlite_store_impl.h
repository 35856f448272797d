// The SQLite Store, private to the store module. See tribu/store/sqlite_store.h.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/db.h"
#include "tribu/core/thread_annotations.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::sqlite {

// Connections for readers: WAL lets them run beside the one writer.
class ReaderPool {
 public:
  explicit ReaderPool(SqliteOptions options) : options_(std::move(options)) {}

  // A connection handed back to the pool when the lease ends.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->Release(std::move(db_));
    }
    Database& operator*() { return *db_; }
    Database* operator->() { return db_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Database> db_;
  };

  // Blocks while max_readers connections are leased.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Database> db);

  const SqliteOptions options_;
  std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Database>> idle_ TRIBU_GUARDED_BY(mu_);
  int open_ TRIBU_GUARDED_BY(mu_) = 0;
};

// Every post passes ValidatePost; the error names the index of the first that does not.
Status ValidatePosts(std::span<const Post> posts);

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteOptions options, std::unique_ptr<Database> writer, const Clock& clock)
      : readers_(options), writer_(std::move(writer)), cipher_(options.cipher), clock_(clock) {}

  // Seals the secrets an older tribu stored in clear (needs a cipher).
  Status SealPlainSecrets();
  // Hands the writer's WAL checkpoints to a thread with its own connection.
  void StartCheckpoints(std::unique_ptr<Database> own, CheckpointOptions options);

  Result<SchemaStatus> GetSchemaStatus() override;
  Result<int> Migrate() override;

  Result<Workspace> CreateWorkspace(const Workspace& workspace) override;
  Result<std::vector<Workspace>> ListWorkspaces() override;
  Result<Workspace> GetWorkspace(WorkspaceId id) override;
  Result<Workspace> GetWorkspaceBySlug(std::string_view slug) override;

  Result<Channel> CreateChannel(const Channel& channel) override;
  Result<std::vector<Channel>> ListChannels(WorkspaceId workspace) override;
  Result<Channel> GetChannel(WorkspaceId workspace, ChannelId id) override;
  Status DeleteChannel(WorkspaceId workspace, ChannelId id) override;
  Status SetChannelEnabled(WorkspaceId workspace, ChannelId id, bool enabled) override;
  Status SetChannelSecret(ChannelId id, std::string_view secret) override;
  Result<std::string> GetChannelSecret(ChannelId id) override;
  Result<ChannelStatus> GetChannelStatus(ChannelId id) override;
  Result<UpsertStats> StoreChannelBatch(ChannelId id, std::span<const Post> posts,
                                        std::string_view cursor,
                                        Timestamp next_attempt_at) override;
  Result<std::vector<UpsertStats>> StoreBatches(std::span<const BatchToStore> batches) override;
  Status RecordChannelFailure(ChannelId id, ChannelHealth health, std::string_view error,
                              Timestamp next_attempt_at) override;

  Result<Topic> CreateTopic(const Topic& topic) override;
  Result<std::vector<Topic>> ListTopics(WorkspaceId workspace) override;
  Result<Topic> GetTopic(WorkspaceId workspace, TopicId id) override;
  Result<Topic> UpdateTopic(const Topic& topic) override;
  Status DeleteTopic(WorkspaceId workspace, TopicId id) override;
  Status ReplaceTopicMatches(WorkspaceId workspace, TopicId topic,
                             std::span<const PostId> posts) override;

  Result<UpsertStats> UpsertPosts(std::span<const Post> posts) override;
  Result<PostPage> ListPosts(const PostFilter& filter) override;
  Result<Post> GetPost(WorkspaceId workspace, PostId id) override;
  Result<std::int64_t> CountPosts(WorkspaceId workspace) override;
  Result<PostAggregates> AggregatePosts(const PostFilter& filter) override;

  Result<std::int64_t> CountUsers() override;
  Result<User> CreateUser(const User& user, std::string_view password_hash) override;
  Result<User> GetUser(UserId id) override;
  Result<std::pair<User, std::string>> FindUserByEmail(std::string_view email) override;
  Status UpdateUser(const User& user) override;
  Status SetUserPassword(UserId id, std::string_view password_hash) override;
  Status SetMembership(WorkspaceId workspace, UserId user, Role role) override;
  Status RemoveMembership(WorkspaceId workspace, UserId user) override;
  Result<std::vector<Member>> ListMembers(WorkspaceId workspace) override;
  Result<std::vector<Membership>> ListMemberships(UserId user) override;
  Status CreateSession(const SessionRecord& session) override;
  Result<SessionRecord> GetSession(std::string_view token_hash) override;
  Status TouchSession(std::string_view token_hash, Timestamp seen, Timestamp expires) override;
  Status DeleteSession(std::string_view token_hash) override;
  Result<std::int64_t> DeleteUserSessions(UserId user) override;
  Result<ApiTokenRecord> CreateApiToken(const ApiTokenRecord& token) override;
  Result<ApiTokenRecord> FindApiToken(std::string_view token_hash) override;
  Result<std::vector<ApiTokenRecord>> ListApiTokens(WorkspaceId workspace) override;
  Status RevokeApiToken(WorkspaceId workspace, std::int64_t id) override;
  Status TouchApiToken(std::int64_t id, Timestamp used) override;
  Status CreateLink(const OneTimeLink& link) override;
  Result<OneTimeLink> ConsumeLink(std::string_view token_hash, Timestamp now) override;
  Status AppendAudit(const AuditEntry& entry) override;
  Result<AuditPage> ListAudit(WorkspaceId workspace, std::string_view cursor, int limit) override;

  Result<AlertRule> CreateAlertRule(const AlertRule& rule) override;
  Result<std::vector<AlertRule>> ListAlertRules(WorkspaceId workspace) override;
  Result<std::vector<AlertRule>> ListEnabledAlertRules() override;
  Result<AlertRule> GetAlertRule(WorkspaceId workspace, std::int64_t id) override;
  Result<AlertRule> UpdateAlertRule(const AlertRule& rule) override;
  Status DeleteAlertRule(WorkspaceId workspace, std::int64_t id) override;
  Result<AlertDestination> CreateAlertDestination(const AlertDestination& destination,
                                                  const DestinationSecrets& secrets) override;
  Result<std::vector<AlertDestination>> ListAlertDestinations(WorkspaceId workspace) override;
  Result<AlertDestination> GetAlertDestination(WorkspaceId workspace, std::int64_t id) override;
  Result<AlertDestination> UpdateAlertDestination(
      const AlertDestination& destination,
      const std::optional<DestinationSecrets>& secrets) override;
  Status DeleteAlertDestination(WorkspaceId workspace, std::int64_t id) override;
  Result<DestinationSecrets> GetDestinationSecrets(std::int64_t id) override;
  Status RecordDestinationResult(std::int64_t id, Timestamp at, std::string_view error) override;
  Result<Alert> SaveAlert(const Alert& alert, const AlertEvent& event,
                          std::span<const AlertDelivery> deliveries, AlertWrite write) override;
  Result<Alert> GetAlert(WorkspaceId workspace, AlertId id) override;
  Result<AlertPage> ListAlerts(const AlertFilter& filter) override;
  Result<std::vector<Alert>> ListActiveAlerts(Timestamp since) override;
  Result<std::vector<AlertEvent>> ListAlertEvents(AlertId id) override;
  Status AppendAlertEvent(const AlertEvent& event) override;
  Result<AlertDelivery> EnqueueDelivery(const AlertDelivery& delivery) override;
  Result<std::vector<AlertDelivery>> DueDeliveries(Timestamp now, int limit) override;
  Status FinishDelivery(std::int64_t id, const DeliveryOutcome& outcome) override;
  Result<std::vector<AlertDelivery>> ListDeliveries(WorkspaceId workspace, AlertId alert) override;
  Status RetryDelivery(WorkspaceId workspace, std::int64_t id, Timestamp at) override;

  Status CheckIntegrity() override;
  Status RebuildSearchIndex() override;

 private:
  Result<Workspace> ReadWorkspace(std::string_view where_sql, std::int64_t id,
                                  std::string_view slug);
  // What a batch tells of one author.
  struct AuthorSighting {
    std::size_t first_post = 0;  // index of a post by them
    std::int64_t first_seen = 0;
    std::int64_t last_seen = 0;
    std::int64_t followers = 0;
    std::string display_name;
    std::int64_t id = 0;
  };
  Result<std::int64_t> UpsertAuthor(Database& db, const Post& post, const std::string& key,
                                    const AuthorSighting& seen) TRIBU_REQUIRES(write_mu_);
  // Upserts valid posts inside the writer's open transaction. Author ids
  // learnt go to `learnt`, to be cached once the transaction commits.
  Status UpsertInTransaction(std::span<const Post> posts, Timestamp now, UpsertStats& stats,
                             std::vector<std::pair<std::string, std::int64_t>>& learnt)
      TRIBU_REQUIRES(write_mu_);
  // Stores one channel's batch and its cursor inside the writer's open transaction.
  Status StoreChannelInTransaction(const BatchToStore& batch, Timestamp now, UpsertStats& stats,
                                   std::vector<std::pair<std::string, std::int64_t>>& learnt)
      TRIBU_REQUIRES(write_mu_);
  // Checks that the posts' workspaces, channels and topics exist (and belong
  // together), since batched upserts run with foreign-key enforcement off.
  Status CheckReferences(Database& db, std::span<const Post> posts) TRIBU_REQUIRES(write_mu_);
  // Remembers committed author ids (bounded: cleared when full).
  void CacheAuthors(std::vector<std::pair<std::string, std::int64_t>>& learnt)
      TRIBU_REQUIRES(write_mu_);

  // Checks that topic and destination ids belong to the rule's workspace.
  Status CheckRuleReferences(Database& db, const AlertRule& rule) TRIBU_REQUIRES(write_mu_);
  Result<std::string> SealSecret(std::string_view secret, std::string_view what);
  Result<std::string> OpenSecret(const std::string& stored, std::string_view what);
  Status InsertAlertEvent(Database& db, const AlertEvent& event) TRIBU_REQUIRES(write_mu_);
  Status InsertDelivery(Database& db, AlertDelivery& delivery) TRIBU_REQUIRES(write_mu_);

  ReaderPool readers_;
  std::mutex write_mu_;
  std::unique_ptr<Database> writer_ TRIBU_PT_GUARDED_BY(write_mu_);
  // Declared after writer_: stops before the writer closes.
  std::unique_ptr<Checkpointer> checkpointer_;
  // "workspace \x1f platform \x1f handle" -> authors.id, for rows known committed.
  std::unordered_map<std::string, std::int64_t> author_ids_ TRIBU_GUARDED_BY(write_mu_);
  const std::shared_ptr<const SecretCipher> cipher_;
  const Clock& clock_;
};

}  // namespace tribu::sqlite
