#include "tribu/store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <set>
#include <thread>

#include "support/temp_dir.h"
#include "support/test_cipher.h"

namespace tribu {
namespace {

using namespace std::chrono_literals;

using testing::TestCipher;

std::string RawSecret(const std::string& path, ChannelId id) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT secret FROM channel_secrets WHERE channel_id = ?", -1, &s,
                     nullptr);
  sqlite3_bind_int64(s, 1, id.value);
  std::string out;
  if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.path = dir_.File("tribu.db");
    options.cipher = std::make_shared<TestCipher>();
    auto store = OpenSqliteStore(options, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto ws = store_->CreateWorkspace({.slug = "velora", .name = "Velora"});
    ASSERT_TRUE(ws) << ws.error().message;
    ws_ = ws->id;
  }

  Post MakePost(std::string id, std::string text, std::string platform = "mastodon") {
    Post p;
    p.workspace_id = ws_;
    p.platform = std::move(platform);
    p.external_id = std::move(id);
    p.author.handle = "@marie@mastodon.social";
    p.author.display_name = "Marie";
    p.author.followers = 120;
    p.text = std::move(text);
    p.lang = "fr";
    p.published_at = *ParseTimestamp("2026-03-01T10:00:00Z");
    return p;
  }

  std::vector<std::string> Search(std::string text) {
    PostFilter f;
    f.workspace_id = ws_;
    f.text = std::move(text);
    f.limit = 500;
    auto page = store_->ListPosts(f);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<std::string> ids;
    if (page) {
      for (const auto& p : page->posts) ids.push_back(p.external_id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing::TempDir dir_;
  ManualClock clock_{*ParseTimestamp("2026-03-02T00:00:00Z")};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_;
};

TEST_F(SqliteStoreTest, WorkspacesHaveUniqueSlugs) {
  auto dup = store_->CreateWorkspace({.slug = "velora", .name = "Again"});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(store_->CreateWorkspace({.slug = "Bad Slug", .name = "x"}));
  EXPECT_FALSE(store_->CreateWorkspace({.slug = "ok", .name = "x", .time_zone = "Nowhere/City"}));
  auto by_slug = store_->GetWorkspaceBySlug("velora");
  ASSERT_TRUE(by_slug);
  EXPECT_EQ(by_slug->id, ws_);
  EXPECT_EQ(store_->GetWorkspace(WorkspaceId{999}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->ListWorkspaces()->size(), 1u);
}

TEST_F(SqliteStoreTest, TopicsCrud) {
  auto t = store_->CreateTopic(
      {.workspace_id = ws_, .name = "Velora", .query = "velora", .kind = TopicKind::kBrand});
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(store_->CreateTopic({.workspace_id = ws_, .name = "Velora", .query = "x"}).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateTopic({.workspace_id = WorkspaceId{42}, .name = "A", .query = "x"})
                .error()
                .code,
            ErrorCode::kNotFound);
  clock_.Advance(1h);
  Topic edited = *t;
  edited.query = "velora OR #velora";
  auto updated = store_->UpdateTopic(edited);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->query, "velora OR #velora");
  EXPECT_EQ(updated->kind, TopicKind::kBrand);
  EXPECT_GT(updated->updated_at, t->updated_at);
  EXPECT_EQ(store_->GetTopic(ws_, t->id)->query, "velora OR #velora");
  // A topic is only visible inside its workspace.
  auto other = store_->CreateWorkspace({.slug = "other", .name = "Other"});
  EXPECT_EQ(store_->GetTopic(other->id, t->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->DeleteTopic(ws_, t->id));
  EXPECT_EQ(store_->DeleteTopic(ws_, t->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->ListTopics(ws_)->empty());
}

TEST_F(SqliteStoreTest, ReplaceTopicMatchesSwapsTheMatchedPosts) {
  auto t = store_->CreateTopic({.workspace_id = ws_, .name = "Velora", .query = "velora"});
  ASSERT_TRUE(t);
  Post a = MakePost("a", "velora one");
  a.topics = {t->id};
  ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{a, MakePost("b", "velora two")}));
  auto ids = [&] {
    std::vector<std::string> out;
    const auto page = store_->ListPosts({.workspace_id = ws_, .topic = t->id});
    for (const Post& p : page->posts) out.push_back(p.external_id);
    return out;
  };
  EXPECT_EQ(ids(), std::vector<std::string>{"a"});
  const auto all = store_->ListPosts({.workspace_id = ws_})->posts;
  PostId b_id = all[0].external_id == "b" ? all[0].id : all[1].id;
  // A post of another workspace is ignored.
  auto other = store_->CreateWorkspace({.slug = "elsewhere", .name = "Elsewhere"});
  Post foreign = MakePost("c", "velora three");
  foreign.workspace_id = other->id;
  ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{foreign}));
  const PostId foreign_id = store_->ListPosts({.workspace_id = other->id})->posts[0].id;
  ASSERT_TRUE(store_->ReplaceTopicMatches(ws_, t->id, std::vector<PostId>{b_id, foreign_id}));
  EXPECT_EQ(ids(), std::vector<std::string>{"b"});
  EXPECT_EQ(store_->ReplaceTopicMatches(other->id, t->id, {}).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->ReplaceTopicMatches(ws_, t->id, {}));
  EXPECT_TRUE(ids().empty());
}

TEST_F(SqliteStoreTest, UpsertIsIdempotentOnPlatformAndExternalId) {
  std::vector<Post> batch = {MakePost("1", "Mon vélo Velora est super"),
                             MakePost("2", "Le café du coin"), MakePost("1", "doublon", "bluesky")};
  auto first = store_->UpsertPosts(batch);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->inserted, 3);
  EXPECT_EQ(first->updated, 0);

  batch[0].metrics.likes = 42;
  auto second = store_->UpsertPosts(batch);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->inserted, 0);
  EXPECT_EQ(second->updated, 3);
  EXPECT_EQ(*store_->CountPosts(ws_), 3);

  auto page = store_->ListPosts({.workspace_id = ws_, .platforms = {"mastodon"}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->posts.size(), 2u);
  for (const auto& p : page->posts) {
    if (p.external_id == "1") {
      EXPECT_EQ(p.metrics.likes, 42);
    }
    EXPECT_EQ(p.collected_at, clock_.Now());
  }
  EXPECT_TRUE(store_->CheckIntegrity());
}

TEST_F(SqliteStoreTest, ABadPostRejectsTheWholeBatch) {
  std::vector<Post> batch = {MakePost("1", "bon"), MakePost("2", "")};
  auto r = store_->UpsertPosts(batch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("post 1"), std::string::npos) << r.error().message;
  EXPECT_EQ(*store_->CountPosts(ws_), 0);

  // A post pointing at a missing workspace fails inside the transaction: still nothing kept.
  batch[1] = MakePost("2", "ok");
  batch[1].workspace_id = WorkspaceId{999};
  r = store_->UpsertPosts(batch);
  ASSERT_FALSE(r);
  EXPECT_EQ(*store_->CountPosts(ws_), 0);
}

TEST_F(SqliteStoreTest, FullTextIsCaseAndAccentInsensitiveAndFollowsEdits) {
  ASSERT_TRUE(store_->UpsertPosts(
      std::vector<Post>{MakePost("a", "Un CAFÉ avec l'équipe"), MakePost("b", "cafe noir ce matin"),
                        MakePost("c", "le café de la gare"), MakePost("d", "rien à voir")}));
  std::vector<std::string> all_three = {"a", "b", "c"};
  EXPECT_EQ(Search("café"), all_three);
  EXPECT_EQ(Search("cafe"), all_three);
  EXPECT_EQ(Search("CAFÉ"), all_three);
  EXPECT_EQ(Search("caf*"), all_three);
  EXPECT_EQ(Search("\"café de la gare\""), std::vector<std::string>{"c"});
  EXPECT_EQ(Search("café -noir"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Search("equipe OR gare"), (std::vector<std::string>{"a", "c"}));

  // Editing the text moves the post in the index; nothing stale remains.
  ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{MakePost("b", "thé vert")}));
  EXPECT_EQ(Search("cafe"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Search("the"), std::vector<std::string>{"b"});
  EXPECT_TRUE(store_->CheckIntegrity());
}

TEST_F(SqliteStoreTest, IntegrityCheckCatchesAndRebuildRepairsADriftedIndex) {
  ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{MakePost("a", "velora")}));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("tribu.db").c_str(), &raw), SQLITE_OK);
  // Make the index believe the post says something else.
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO posts_fts (posts_fts, rowid, text) "
                         "SELECT 'delete', id, text FROM posts;"
                         "INSERT INTO posts_fts (rowid, text) SELECT id, 'autre chose' FROM posts;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto check = store_->CheckIntegrity();
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, ErrorCode::kDataLoss);
  ASSERT_TRUE(store_->RebuildSearchIndex());
  EXPECT_TRUE(store_->CheckIntegrity());
  EXPECT_EQ(Search("velora"), std::vector<std::string>{"a"});
}

TEST_F(SqliteStoreTest, AuthorIndexFollowsAuthorChangesAndCatchesDrift) {
  auto on = [](Post p, const std::string& handle, const std::string& platform) {
    p.author.handle = handle;
    p.platform = platform;
    return p;
  };
  ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{
      on(MakePost("a", "un"), "@paul", "mastodon"), on(MakePost("b", "deux"), "@paul", "bluesky"),
      on(MakePost("c", "trois"), "@marie", "mastodon")}));
  auto by = [&](const std::string& handle) {
    auto page = store_->ListPosts({.workspace_id = ws_, .author = handle});
    EXPECT_TRUE(page) << page.error().message;
    std::set<std::string> ids;
    if (page) {
      for (const Post& p : page->posts) ids.insert(p.platform + "/" + p.external_id);
    }
    return ids;
  };
  // The same handle on two platforms is two authors; both are listed.
  EXPECT_EQ(by("@paul"), (std::set<std::string>{"mastodon/a", "bluesky/b"}));
  EXPECT_EQ(by("@nobody"), std::set<std::string>{});
  EXPECT_EQ(by("\" OR 1"), std::set<std::string>{});  // a handle is a value, never a query
  // A post collected again under another author moves in the index.
  ASSERT_TRUE(
      store_->UpsertPosts(std::vector<Post>{on(MakePost("a", "un"), "@marie", "mastodon")}));
  EXPECT_EQ(by("@paul"), std::set<std::string>{"bluesky/b"});
  EXPECT_EQ(by("@marie"), (std::set<std::string>{"mastodon/a", "mastodon/c"}));
  EXPECT_TRUE(store_->CheckIntegrity());

  // An index that lost a post is caught, and rebuilt.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("tribu.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO author_posts (author_posts, rowid, author_id) "
                         "SELECT 'delete', id, author_id FROM posts WHERE external_id = 'c'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  EXPECT_EQ(by("@marie"), std::set<std::string>{"mastodon/a"});
  auto check = store_->CheckIntegrity();
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, ErrorCode::kDataLoss);
  EXPECT_NE(check.error().message.find("by author"), std::string::npos) << check.error().message;
  ASSERT_TRUE(store_->RebuildSearchIndex());
  EXPECT_TRUE(store_->CheckIntegrity());
  EXPECT_EQ(by("@marie"), (std::set<std::string>{"mastodon/a", "mastodon/c"}));
}

TEST_F(SqliteStoreTest, FiltersAndCursorPaging) {
  auto topic = store_->CreateTopic({.workspace_id = ws_, .name = "Velora", .query = "velora"});
  ASSERT_TRUE(topic);
  std::vector<Post> batch;
  auto start = *ParseTimestamp("2026-03-01T00:00:00Z");
  for (int i = 0; i < 25; ++i) {
    Post p = MakePost(std::to_string(i), "post numéro " + std::to_string(i),
                      i % 2 ? "bluesky" : "mastodon");
    p.published_at = start + std::chrono::hours(i / 2);  // pairs share a timestamp
    p.lang = i % 3 ? "fr" : "en";
    p.author.handle = i < 5 ? "@paul" : "@marie";
    if (i % 5 == 0) p.topics = {topic->id};
    batch.push_back(p);
  }
  ASSERT_TRUE(store_->UpsertPosts(batch));

  auto count = [&](PostFilter f) {
    f.workspace_id = ws_;
    f.limit = 500;
    auto page = store_->ListPosts(f);
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->posts.size() : 0u;
  };
  EXPECT_EQ(count({.platforms = {"bluesky"}}), 12u);
  EXPECT_EQ(count({.platforms = {"bluesky", "mastodon"}}), 25u);
  EXPECT_EQ(count({.lang = "en"}), 9u);
  EXPECT_EQ(count({.author = "@paul"}), 5u);
  EXPECT_EQ(count({.topic = topic->id}), 5u);
  EXPECT_EQ(count({.since = start + 10h}), 5u);
  EXPECT_EQ(count({.until = start + 1h}), 2u);
  EXPECT_EQ(count({.text = "numéro", .lang = "en", .author = "@marie"}), 7u);

  // Paging with a cursor visits every post once, newest first, even across equal timestamps.
  std::vector<std::string> seen;
  PostFilter f{.workspace_id = ws_, .limit = 4};
  Timestamp previous = Timestamp::max();
  int pages = 0;
  do {
    auto page = store_->ListPosts(f);
    ASSERT_TRUE(page) << page.error().message;
    for (const auto& p : page->posts) {
      EXPECT_LE(p.published_at, previous);
      previous = p.published_at;
      seen.push_back(p.external_id);
    }
    f.cursor = page->next_cursor;
    ++pages;
  } while (!f.cursor.empty());
  EXPECT_EQ(pages, 7);
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);

  EXPECT_EQ(store_->ListPosts({.workspace_id = ws_, .cursor = "garbage"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->ListPosts({.workspace_id = ws_, .limit = 0}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->ListPosts({.workspace_id = ws_, .platforms = {"Bad Name"}}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, DeletingAChannelKeepsItsPosts) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "rss", .name = "Blog"});
  ASSERT_TRUE(ch) << ch.error().message;
  Post p = MakePost("x", "article", "rss");
  p.channel_id = ch->id;
  ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{p}));
  ASSERT_TRUE(store_->DeleteChannel(ws_, ch->id));
  auto page = store_->ListPosts({.workspace_id = ws_});
  ASSERT_EQ(page->posts.size(), 1u);
  EXPECT_FALSE(page->posts[0].channel_id.has_value());
  EXPECT_EQ(store_->GetChannel(ws_, ch->id).error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ChannelBatchesSaveTheCursorWithThePosts) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "rss", .name = "news"});
  ASSERT_TRUE(ch);
  auto fresh = store_->GetChannelStatus(ch->id);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->health, ChannelHealth::kNew);
  EXPECT_EQ(fresh->cursor, "");
  EXPECT_FALSE(fresh->last_attempt_at);

  Post a = MakePost("a", "first", "rss");
  a.channel_id = ch->id;
  Post b = MakePost("b", "second", "rss");
  b.channel_id = ch->id;
  const Timestamp next = clock_.Now() + 15min;
  std::vector<Post> batch = {a, b};
  auto stored = store_->StoreChannelBatch(ch->id, batch, R"({"etag":"v1"})", next);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->inserted, 2);
  ASSERT_EQ(stored->ids.size(), 2u);
  EXPECT_EQ(stored->inserted_at, (std::vector<bool>{true, true}));
  EXPECT_EQ(store_->GetPost(ws_, stored->ids[1])->external_id, "b");
  auto st = store_->GetChannelStatus(ch->id);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->health, ChannelHealth::kOk);
  EXPECT_EQ(st->cursor, R"({"etag":"v1"})");
  EXPECT_EQ(st->items_collected, 2);
  EXPECT_EQ(st->last_success_at, clock_.Now());
  EXPECT_EQ(st->next_attempt_at, next);

  // A failure keeps the cursor and counts.
  ASSERT_TRUE(store_->RecordChannelFailure(ch->id, ChannelHealth::kRetrying, "HTTP 503", next));
  ASSERT_TRUE(store_->RecordChannelFailure(ch->id, ChannelHealth::kError, "HTTP 401", next));
  st = store_->GetChannelStatus(ch->id);
  EXPECT_EQ(st->health, ChannelHealth::kError);
  EXPECT_EQ(st->consecutive_failures, 2);
  EXPECT_EQ(st->last_error, "HTTP 401");
  EXPECT_EQ(st->cursor, R"({"etag":"v1"})");

  // The same posts again: updated, not counted twice; failures reset.
  stored = store_->StoreChannelBatch(ch->id, batch, R"({"etag":"v2"})", next);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->updated, 2);
  EXPECT_EQ(stored->inserted_at, (std::vector<bool>{false, false}));
  st = store_->GetChannelStatus(ch->id);
  EXPECT_EQ(st->items_collected, 2);
  EXPECT_EQ(st->consecutive_failures, 0);
  EXPECT_EQ(st->health, ChannelHealth::kOk);

  // A bad post stores nothing, cursor included.
  Post bad = MakePost("", "no id", "rss");
  std::vector<Post> broken = {MakePost("c", "third", "rss"), bad};
  ASSERT_FALSE(store_->StoreChannelBatch(ch->id, broken, R"({"etag":"v3"})", next));
  EXPECT_EQ(store_->GetChannelStatus(ch->id)->cursor, R"({"etag":"v2"})");
  EXPECT_EQ(*store_->CountPosts(ws_), 2);

  // Posts of another workspace are refused.
  auto other = store_->CreateWorkspace({.slug = "other", .name = "Other"});
  Post foreign = MakePost("f", "foreign", "rss");
  foreign.workspace_id = other->id;
  std::vector<Post> foreign_batch = {foreign};
  ASSERT_FALSE(store_->StoreChannelBatch(ch->id, foreign_batch, "", next));

  ASSERT_TRUE(store_->DeleteChannel(ws_, ch->id));
  auto gone = store_->StoreChannelBatch(ch->id, batch, "", next);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetChannelStatus(ch->id).error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, FiltersBySentimentAndAggregates) {
  std::vector<Post> posts;
  const double scores[] = {-0.9, -0.25, -0.1, 0.0, 0.3, 0.8};
  for (int i = 0; i < 6; ++i) {
    Post p = MakePost("s" + std::to_string(i), "avis " + std::to_string(i),
                      i < 3 ? "mastodon" : "bluesky");
    p.sentiment = scores[i];
    p.published_at += std::chrono::hours(i);
    posts.push_back(p);
  }
  ASSERT_TRUE(store_->UpsertPosts(posts));
  auto count = [&](std::string sentiment) {
    PostFilter f{.workspace_id = ws_, .sentiment = std::move(sentiment), .limit = 100};
    auto page = store_->ListPosts(f);
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->posts.size() : 0u;
  };
  EXPECT_EQ(count("negative"), 2u);  // -0.25 is negative
  EXPECT_EQ(count("neutral"), 2u);
  EXPECT_EQ(count("positive"), 2u);
  EXPECT_EQ(count(""), 6u);
  PostFilter bad{.workspace_id = ws_, .sentiment = "angry"};
  EXPECT_EQ(store_->ListPosts(bad).error().code, ErrorCode::kInvalidArgument);

  auto agg = store_->AggregatePosts({.workspace_id = ws_, .platforms = {"bluesky"}});
  ASSERT_TRUE(agg) << agg.error().message;
  EXPECT_EQ(agg->total, 3);
  ASSERT_EQ(agg->hours.size(), 3u);
  EXPECT_EQ(agg->hours[1].positive, 1);
  EXPECT_EQ(agg->platforms.size(), 1u);
  ASSERT_EQ(agg->top_authors.size(), 1u);
  EXPECT_EQ(agg->top_authors[0].posts, 3);
}

TEST_F(SqliteStoreTest, GroupCommitStoresSeveralBatchesAllOrNothing) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "rss", .name = "news"});
  ASSERT_TRUE(ch);
  Post a = MakePost("a", "first", "rss");
  a.channel_id = ch->id;
  Post a2 = MakePost("a2", "second", "rss");
  a2.channel_id = ch->id;
  std::vector<Post> first = {a}, second = {a2}, plain = {MakePost("m", "from an import")};
  const Timestamp next = clock_.Now() + 15min;
  std::vector<BatchToStore> group = {
      {.posts = first, .channel = ch->id, .cursor = "c1", .next_attempt_at = next},
      {.posts = plain},
      {.posts = second, .channel = ch->id, .cursor = "c2", .next_attempt_at = next}};
  auto stats = store_->StoreBatches(group);
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_EQ(stats->size(), 3u);
  EXPECT_EQ((*stats)[1].inserted, 1);
  EXPECT_EQ(store_->GetPost(ws_, (*stats)[2].ids[0])->external_id, "a2");
  auto st = store_->GetChannelStatus(ch->id);
  EXPECT_EQ(st->cursor, "c2");  // batches apply in order: the last cursor wins
  EXPECT_EQ(st->items_collected, 2);
  EXPECT_EQ(*store_->CountPosts(ws_), 3);

  // One bad batch stores nothing of the group, and the error says which.
  auto other = store_->CreateChannel({.workspace_id = ws_, .platform = "rss", .name = "gone"});
  ASSERT_TRUE(store_->DeleteChannel(ws_, other->id));
  std::vector<Post> fresh = {MakePost("n", "new one")};
  std::vector<BatchToStore> broken = {{.posts = fresh},
                                      {.posts = second, .channel = other->id, .cursor = "x"}};
  auto failed = store_->StoreBatches(broken);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
  EXPECT_NE(failed.error().message.find("batch 1"), std::string::npos) << failed.error().message;
  EXPECT_EQ(*store_->CountPosts(ws_), 3);
}

TEST_F(SqliteStoreTest, ChannelSecretsAreKeptApartAndGoWithTheChannel) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "mastodon", .name = "m"});
  EXPECT_EQ(*store_->GetChannelSecret(ch->id), "");
  ASSERT_TRUE(store_->SetChannelSecret(ch->id, "token-1"));
  ASSERT_TRUE(store_->SetChannelSecret(ch->id, "token-2"));
  EXPECT_EQ(*store_->GetChannelSecret(ch->id), "token-2");
  EXPECT_EQ(RawSecret(dir_.File("tribu.db"), ch->id), "sealed:2-nekot");  // never in clear
  EXPECT_EQ(store_->GetChannel(ws_, ch->id)->config_json.find("token"), std::string::npos);
  EXPECT_EQ(store_->SetChannelSecret(ChannelId{999}, "x").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->DeleteChannel(ws_, ch->id));
  EXPECT_EQ(*store_->GetChannelSecret(ch->id), "");
}

TEST_F(SqliteStoreTest, SecretsStoredInClearByAnOlderTribuAreSealedOnOpen) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "mastodon", .name = "m"});
  {
    sqlite3* db = nullptr;
    sqlite3_open(dir_.File("tribu.db").c_str(), &db);
    const std::string sql = "INSERT INTO channel_secrets VALUES (" + std::to_string(ch->id.value) +
                            ", 'old-plain-token', 0)";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(*store_->GetChannelSecret(ch->id), "old-plain-token");
  store_.reset();
  SqliteOptions options{.path = dir_.File("tribu.db"), .cipher = std::make_shared<TestCipher>()};
  auto reopened = OpenSqliteStore(options, clock_);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(RawSecret(dir_.File("tribu.db"), ch->id), "sealed:nekot-nialp-dlo");
  EXPECT_EQ(*(*reopened)->GetChannelSecret(ch->id), "old-plain-token");

  // Without a key, nothing is written in clear and nothing is read.
  (*reopened).reset();
  auto keyless = OpenSqliteStore({.path = dir_.File("tribu.db")}, clock_);
  ASSERT_TRUE(keyless);
  EXPECT_EQ((*keyless)->SetChannelSecret(ch->id, "x").error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE((*keyless)->GetChannelSecret(ch->id));
}

TEST_F(SqliteStoreTest, ChannelsCanBeDisabled) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "rss", .name = "news"});
  ASSERT_TRUE(store_->SetChannelEnabled(ws_, ch->id, false));
  EXPECT_FALSE(store_->GetChannel(ws_, ch->id)->enabled);
  EXPECT_EQ(store_->SetChannelEnabled(ws_, ChannelId{999}, true).error().code,
            ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ReadersRunBesideAWriter) {
  std::atomic<bool> done = false;
  std::atomic<int> read_errors = 0;
  std::thread reader([&] {
    while (!done) {
      if (!store_->ListPosts({.workspace_id = ws_, .text = "lot"})) ++read_errors;
    }
  });
  for (int b = 0; b < 20; ++b) {
    std::vector<Post> batch;
    batch.reserve(50);
    for (int i = 0; i < 50; ++i) batch.push_back(MakePost(std::to_string(b * 50 + i), "lot"));
    ASSERT_TRUE(store_->UpsertPosts(batch));
  }
  done = true;
  reader.join();
  EXPECT_EQ(read_errors, 0);
  EXPECT_EQ(Search("lot").size(), 500u);  // capped by the limit of one page
  EXPECT_EQ(*store_->CountPosts(ws_), 1000);
}

}  // namespace
}  // namespace tribu
