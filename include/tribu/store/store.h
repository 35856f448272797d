// Store: where tribu keeps workspaces, channels, topics and posts.
//
// One interface, several back ends (SQLite embedded, PostgreSQL for clusters):
// nothing here names a database type. Every method is thread-safe. Every
// failure comes back as a Result: kNotFound for a missing row, kAlreadyExists
// for a taken unique key, kFailedPrecondition for a broken reference (a topic
// in a workspace that does not exist), kInvalidArgument for bad input,
// kUnavailable when the database is busy or unreachable, kDataLoss when it is
// corrupt. A failed call changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tribu/core/channel.h"
#include "tribu/core/post.h"
#include "tribu/core/result.h"
#include "tribu/core/topic.h"
#include "tribu/core/workspace.h"
#include "tribu/store/accounts.h"
#include "tribu/store/alerts.h"

namespace tribu {

struct SchemaStatus {
  int current_version = 0;           // highest migration applied to this database
  int latest_version = 0;            // highest migration this binary knows
  std::vector<std::string> pending;  // "0003_post_topics", in the order they would apply
};

// Filters for listing posts. Empty fields do not filter.
struct PostFilter {
  WorkspaceId workspace_id;
  // Full-text search: words (all must appear, case- and accent-insensitive),
  // "exact phrases", prefix* and OR between terms. Never a syntax error.
  std::string text;
  std::vector<std::string> platforms;
  std::string lang;
  std::string author;  // author handle, exact
  std::optional<TopicId> topic;
  // "negative", "neutral" or "positive" (see kNegativeSentiment); empty for any.
  std::string sentiment;
  std::optional<Timestamp> since;  // published_at >= since
  std::optional<Timestamp> until;  // published_at < until
  int limit = 50;                  // 1..500
  std::string cursor;              // from PostPage::next_cursor; empty for the first page
};

// Posts newest first (published_at, then id, descending).
struct PostPage {
  std::vector<Post> posts;
  std::string next_cursor;  // empty on the last page
};

// Counts over the posts a filter selects (its limit and cursor aside), for
// dashboards. A post counts as negative when its sentiment is at most
// kNegativeSentiment, positive from kPositiveSentiment on.
inline constexpr double kNegativeSentiment = -0.25;
inline constexpr double kPositiveSentiment = 0.25;
struct PostAggregates {
  struct Hour {
    Timestamp start{};  // UTC hour
    std::int64_t posts = 0;
    std::int64_t negative = 0;
    std::int64_t positive = 0;
    std::int64_t scored = 0;  // posts with a sentiment
    double sentiment_sum = 0;
  };
  struct Count {
    std::string key;
    std::int64_t posts = 0;
  };
  struct AuthorCount {
    std::string platform;
    std::string handle;
    std::string display_name;
    std::int64_t followers = 0;
    std::int64_t posts = 0;
  };
  std::int64_t total = 0;
  std::vector<Hour> hours;  // oldest first; hours without posts left out
  std::vector<std::pair<TopicId, std::int64_t>> topics;  // posts per matched topic
  std::vector<Count> platforms;                          // most posts first
  std::vector<Count> languages;                          // most posts first
  std::vector<AuthorCount> top_authors;                  // the 10 with most posts
};

struct UpsertStats {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::vector<PostId> ids;        // the stored id of each post, in the order given
  std::vector<bool> inserted_at;  // per post: true when it was new
};

// One batch as the pipeline stores it: its posts and, when they were
// collected from a channel, the channel's new cursor (see StoreChannelBatch).
struct BatchToStore {
  std::span<const Post> posts;
  std::optional<ChannelId> channel;
  std::string_view cursor;
  Timestamp next_attempt_at{};
};

class Store {
 public:
  virtual ~Store() = default;

  // Schema. Migrate applies pending migrations in order, each in its own
  // transaction, and returns how many it applied.
  virtual Result<SchemaStatus> GetSchemaStatus() = 0;
  virtual Result<int> Migrate() = 0;

  // Workspaces. Slugs are unique.
  virtual Result<Workspace> CreateWorkspace(const Workspace& workspace) = 0;
  virtual Result<std::vector<Workspace>> ListWorkspaces() = 0;
  virtual Result<Workspace> GetWorkspace(WorkspaceId id) = 0;
  virtual Result<Workspace> GetWorkspaceBySlug(std::string_view slug) = 0;

  // Channels. Deleting a channel keeps its posts.
  virtual Result<Channel> CreateChannel(const Channel& channel) = 0;
  virtual Result<std::vector<Channel>> ListChannels(WorkspaceId workspace) = 0;
  virtual Result<Channel> GetChannel(WorkspaceId workspace, ChannelId id) = 0;
  virtual Status DeleteChannel(WorkspaceId workspace, ChannelId id) = 0;
  // Enables or disables collecting; kNotFound when the channel is not in the workspace.
  virtual Status SetChannelEnabled(WorkspaceId workspace, ChannelId id, bool enabled) = 0;

  // A channel's secret (token, app password, webhook secret), never listed
  // with the channel. Get returns an empty string when none is set.
  virtual Status SetChannelSecret(ChannelId id, std::string_view secret) = 0;
  virtual Result<std::string> GetChannelSecret(ChannelId id) = 0;

  // Collecting state. A channel never collected has a default status
  // (health kNew, empty cursor); kNotFound for a channel that does not exist.
  virtual Result<ChannelStatus> GetChannelStatus(ChannelId id) = 0;
  // Stores a batch collected from a channel and, in the same transaction, its
  // new cursor: health becomes kOk, failures reset, last_success_at and
  // last_attempt_at become now, items_collected grows by the posts inserted,
  // next_attempt_at is set as given. All or nothing, like UpsertPosts; posts
  // must belong to the channel's workspace. kNotFound when the channel was
  // deleted meanwhile (nothing is stored).
  virtual Result<UpsertStats> StoreChannelBatch(ChannelId id, std::span<const Post> posts,
                                                std::string_view cursor,
                                                Timestamp next_attempt_at) = 0;
  // Stores several batches in one transaction (a group commit: one sync, and
  // each touched index page written once for all of them), each as
  // StoreChannelBatch or, without a channel, UpsertPosts would. All or
  // nothing; the error names the batch that failed. Returns each batch's
  // stats, in order.
  virtual Result<std::vector<UpsertStats>> StoreBatches(std::span<const BatchToStore> batches) = 0;
  // Records a failed attempt: health (kRetrying or kError), the message,
  // consecutive_failures + 1, last_attempt_at and last_error_at now, and when
  // to try again. The cursor is kept.
  virtual Status RecordChannelFailure(ChannelId id, ChannelHealth health, std::string_view error,
                                      Timestamp next_attempt_at) = 0;

  // Topics. Names are unique within a workspace.
  virtual Result<Topic> CreateTopic(const Topic& topic) = 0;
  virtual Result<std::vector<Topic>> ListTopics(WorkspaceId workspace) = 0;
  virtual Result<Topic> GetTopic(WorkspaceId workspace, TopicId id) = 0;
  virtual Result<Topic> UpdateTopic(const Topic& topic) = 0;  // by workspace_id and id
  virtual Status DeleteTopic(WorkspaceId workspace, TopicId id) = 0;
  // Replaces the posts a topic matched (after its query changed) by `posts`, in
  // one transaction. Ids of posts outside the workspace are ignored; kNotFound
  // when the topic is not in the workspace.
  virtual Status ReplaceTopicMatches(WorkspaceId workspace, TopicId topic,
                                     std::span<const PostId> posts) = 0;

  // Posts. UpsertPosts stores a batch in one transaction: all or nothing.
  // A post whose (workspace, platform, external_id) is already stored is
  // updated in place (text, metrics, author details; the topics it matched are
  // added to), so that storing the same batch twice leaves one copy of each.
  // Every post must pass ValidatePost, else nothing is stored and the error
  // names the index of the first bad post.
  virtual Result<UpsertStats> UpsertPosts(std::span<const Post> posts) = 0;
  virtual Result<PostPage> ListPosts(const PostFilter& filter) = 0;
  virtual Result<Post> GetPost(WorkspaceId workspace, PostId id) = 0;
  virtual Result<std::int64_t> CountPosts(WorkspaceId workspace) = 0;
  virtual Result<PostAggregates> AggregatePosts(const PostFilter& filter) = 0;

  // Accounts (see accounts.h). E-mail addresses are unique, compared without
  // case. CreateUser fails with kAlreadyExists for a taken address.
  virtual Result<std::int64_t> CountUsers() = 0;
  virtual Result<User> CreateUser(const User& user, std::string_view password_hash) = 0;
  virtual Result<User> GetUser(UserId id) = 0;
  // The user and their password hash (empty until an invitation is accepted).
  virtual Result<std::pair<User, std::string>> FindUserByEmail(std::string_view email) = 0;
  // Changes display_name, locale and time_zone.
  virtual Status UpdateUser(const User& user) = 0;
  virtual Status SetUserPassword(UserId id, std::string_view password_hash) = 0;

  // Roles: one per user and workspace. Set adds or changes it.
  virtual Status SetMembership(WorkspaceId workspace, UserId user, Role role) = 0;
  virtual Status RemoveMembership(WorkspaceId workspace, UserId user) = 0;
  virtual Result<std::vector<Member>> ListMembers(WorkspaceId workspace) = 0;
  virtual Result<std::vector<Membership>> ListMemberships(UserId user) = 0;

  // Sign-in sessions, by the hash of their token. GetSession: kNotFound.
  virtual Status CreateSession(const SessionRecord& session) = 0;
  virtual Result<SessionRecord> GetSession(std::string_view token_hash) = 0;
  virtual Status TouchSession(std::string_view token_hash, Timestamp seen, Timestamp expires) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Signs the user out everywhere; returns how many sessions ended.
  virtual Result<std::int64_t> DeleteUserSessions(UserId user) = 0;

  // API tokens, scoped to a workspace and a role. Revoked ones stay listed.
  virtual Result<ApiTokenRecord> CreateApiToken(const ApiTokenRecord& token) = 0;
  virtual Result<ApiTokenRecord> FindApiToken(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens(WorkspaceId workspace) = 0;
  virtual Status RevokeApiToken(WorkspaceId workspace, std::int64_t id) = 0;
  virtual Status TouchApiToken(std::int64_t id, Timestamp used) = 0;

  // One-time links. Consume removes the link and returns it; kNotFound when
  // it does not exist, was used, or expired before `now`.
  virtual Status CreateLink(const OneTimeLink& link) = 0;
  virtual Result<OneTimeLink> ConsumeLink(std::string_view token_hash, Timestamp now) = 0;

  // The audit log: appended to, never changed. Pages of `limit`, newest first.
  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  virtual Result<AuditPage> ListAudit(WorkspaceId workspace, std::string_view cursor,
                                      int limit) = 0;

  // Alert rules. Names are unique in a workspace (kAlreadyExists); topics and
  // destinations must belong to the rule's workspace (kFailedPrecondition).
  virtual Result<AlertRule> CreateAlertRule(const AlertRule& rule) = 0;
  virtual Result<std::vector<AlertRule>> ListAlertRules(WorkspaceId workspace) = 0;  // by name
  virtual Result<std::vector<AlertRule>> ListEnabledAlertRules() = 0;  // of every workspace
  virtual Result<AlertRule> GetAlertRule(WorkspaceId workspace, std::int64_t id) = 0;
  virtual Result<AlertRule> UpdateAlertRule(const AlertRule& rule) = 0;  // by workspace and id
  virtual Status DeleteAlertRule(WorkspaceId workspace, std::int64_t id) = 0;

  // Where alerts go. The URL and signing secret are sealed (they need the
  // store's cipher) and only GetDestinationSecrets reads them back.
  virtual Result<AlertDestination> CreateAlertDestination(const AlertDestination& destination,
                                                          const DestinationSecrets& secrets) = 0;
  virtual Result<std::vector<AlertDestination>> ListAlertDestinations(WorkspaceId workspace) = 0;
  virtual Result<AlertDestination> GetAlertDestination(WorkspaceId workspace, std::int64_t id) = 0;
  // Name, recipients and enabled; the secrets too when given.
  virtual Result<AlertDestination> UpdateAlertDestination(
      const AlertDestination& destination, const std::optional<DestinationSecrets>& secrets) = 0;
  virtual Status DeleteAlertDestination(WorkspaceId workspace, std::int64_t id) = 0;
  virtual Result<DestinationSecrets> GetDestinationSecrets(std::int64_t id) = 0;
  // A delivery to it succeeded (empty error) or failed: its health.
  virtual Status RecordDestinationResult(std::int64_t id, Timestamp at, std::string_view error) = 0;

  // Alerts. SaveAlert inserts the alert (id 0) or updates it, appends `event`
  // to its history (unless its kind is empty) and enqueues `deliveries` for it, in one transaction,
  // and returns it as stored. kFindings updates only what detectors find (topics, severity, title,
  // figures, evidence, times of triggers), so that a person's acknowledgement or assignment made
  // meanwhile stays.
  enum class AlertWrite { kEverything, kFindings };
  virtual Result<Alert> SaveAlert(const Alert& alert, const AlertEvent& event,
                                  std::span<const AlertDelivery> deliveries,
                                  AlertWrite write = AlertWrite::kEverything) = 0;
  virtual Result<Alert> GetAlert(WorkspaceId workspace, AlertId id) = 0;
  virtual Result<AlertPage> ListAlerts(const AlertFilter& filter) = 0;
  // Alerts of every workspace not resolved and triggered since `since`: what
  // new triggers may join (after a restart too).
  virtual Result<std::vector<Alert>> ListActiveAlerts(Timestamp since) = 0;
  virtual Result<std::vector<AlertEvent>> ListAlertEvents(AlertId id) = 0;  // oldest first
  virtual Status AppendAlertEvent(const AlertEvent& event) = 0;

  // Deliveries: an outbox, oldest due first.
  virtual Result<AlertDelivery> EnqueueDelivery(const AlertDelivery& delivery) = 0;
  virtual Result<std::vector<AlertDelivery>> DueDeliveries(Timestamp now, int limit) = 0;
  // Counts the attempt and records its outcome: sent, pending again at
  // retry_at, or failed.
  virtual Status FinishDelivery(std::int64_t id, const DeliveryOutcome& outcome) = 0;
  virtual Result<std::vector<AlertDelivery>> ListDeliveries(WorkspaceId workspace,
                                                            AlertId alert) = 0;
  // A failed delivery goes back to pending, due at `at`.
  virtual Status RetryDelivery(WorkspaceId workspace, std::int64_t id, Timestamp at) = 0;

  // Verifies the database and its full-text index agree with the posts;
  // kDataLoss with details otherwise.
  virtual Status CheckIntegrity() = 0;
  // Rebuilds the full-text index from the posts.
  virtual Status RebuildSearchIndex() = 0;
};

}  // namespace tribu
