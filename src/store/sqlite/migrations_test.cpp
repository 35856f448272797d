#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "support/temp_dir.h"
#include "tribu/store/sqlite_store.h"

namespace tribu {
namespace {

void RawExec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

TEST(MigrationsTest, VersionsIncreaseAndMatchFileNames) {
  int last = 0;
  for (const auto& m : sqlite::Migrations()) {
    EXPECT_GT(m.version, last);
    last = m.version;
    EXPECT_EQ(std::stoi(std::string(m.name.substr(0, 4))), m.version);
    EXPECT_FALSE(m.sql.empty());
  }
  EXPECT_GE(last, 3);
}

TEST(MigrationsTest, FreshDatabaseIsFullyMigratedAndRecorded) {
  testing::TempDir dir;
  SystemClock clock;
  SqliteOptions options{.path = dir.File("t.db"), .migrate = false};
  auto store = OpenSqliteStore(options, clock);
  ASSERT_TRUE(store) << store.error().message;
  auto before = (*store)->GetSchemaStatus();
  ASSERT_TRUE(before);
  EXPECT_EQ(before->current_version, 0);
  EXPECT_EQ(before->pending.size(), sqlite::Migrations().size());
  EXPECT_EQ(*(*store)->Migrate(), static_cast<int>(sqlite::Migrations().size()));
  EXPECT_EQ(*(*store)->Migrate(), 0);  // idempotent
  auto after = (*store)->GetSchemaStatus();
  EXPECT_EQ(after->current_version, after->latest_version);
  EXPECT_TRUE(after->pending.empty());
}

TEST(MigrationsTest, UpgradesAnOldDatabaseAndKeepsItsData) {
  testing::TempDir dir;
  const std::string path = dir.File("old.db");
  // A database as the first release left it, with data written by that release.
  ASSERT_TRUE(MigrateSqliteTo(path, 1));
  RawExec(path,
          "INSERT INTO workspaces (id, slug, name, created_at) VALUES (1, 'old', 'Old', 0);"
          "INSERT INTO authors (id, workspace_id, platform, handle, first_seen, last_seen) "
          "VALUES (1, 1, 'rss', 'blog', 0, 0);"
          "INSERT INTO posts (workspace_id, platform, external_id, author_id, text, published_at,"
          " collected_at) VALUES (1, 'rss', 'a', 1, 'Le CAFÉ rouvre', 1000, 1000),"
          " (1, 'rss', 'b', 1, 'autre sujet', 2000, 2000);");

  SystemClock clock;
  auto store = OpenSqliteStore({.path = path}, clock);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE((*store)->GetSchemaStatus()->pending.empty());
  EXPECT_EQ(*(*store)->CountPosts(WorkspaceId{1}), 2);
  // The full-text index added by a later migration covers the old posts.
  auto page = (*store)->ListPosts({.workspace_id = WorkspaceId{1}, .text = "cafe"});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->posts.size(), 1u);
  EXPECT_EQ(page->posts[0].external_id, "a");
  // So does the index of posts by author.
  auto by_author = (*store)->ListPosts({.workspace_id = WorkspaceId{1}, .author = "blog"});
  ASSERT_TRUE(by_author) << by_author.error().message;
  EXPECT_EQ(by_author->posts.size(), 2u);
  EXPECT_TRUE((*store)->CheckIntegrity());
  // Upserting an old post now works with the new tables.
  Post p = page->posts[0];
  p.text = "Le café rouvre demain";
  ASSERT_TRUE((*store)->UpsertPosts(std::vector<Post>{p}));
  EXPECT_EQ(*(*store)->CountPosts(WorkspaceId{1}), 2);
}

TEST(MigrationsTest, RefusesADatabaseFromANewerTribu) {
  testing::TempDir dir;
  const std::string path = dir.File("new.db");
  ASSERT_TRUE(MigrateSqliteTo(path, 1));
  RawExec(path, "INSERT INTO schema_migrations VALUES (999, '0999_future', 0)");
  SystemClock clock;
  auto store = OpenSqliteStore({.path = path}, clock);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("upgrade tribu"), std::string::npos);
}

TEST(MigrationsTest, ReportsAnUnopenableFile) {
  SystemClock clock;
  auto store = OpenSqliteStore({.path = "/nonexistent-dir/tribu.db"}, clock);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("/nonexistent-dir/tribu.db"), std::string::npos);
}

}  // namespace
}  // namespace tribu
