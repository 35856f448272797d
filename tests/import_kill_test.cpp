// Crash safety: kill -9 an import of 100,000 rows midway, run it again, and
// find exactly 100,000 posts: nothing lost, nothing doubled.
#include <gtest/gtest.h>

#include <fstream>

#include "support/process.h"
#include "support/temp_dir.h"
#include "tribu/store/sqlite_store.h"

namespace tribu {
namespace {

using namespace std::chrono_literals;

constexpr int kRows = 100000;

void WriteRows(const std::string& path) {
  std::ofstream out(path);
  for (int i = 0; i < kRows; ++i) {
    // Every tenth row has no id: its id is derived from its content.
    std::string id = i % 10 == 0 ? "" : R"("id":")" + std::to_string(i) + R"(",)";
    out << R"({"platform":")" << (i % 3 == 0 ? "bluesky" : "mastodon") << R"(",)" << id
        << R"("author":"@user)" << i % 997 << R"(","text":"Message numéro )" << i
        << R"( à propos du café et de Velora","created_at":")" << 1772373900 + i * 7
        << R"(","likes":)" << i % 50 << "}\n";
  }
}

std::int64_t CountPosts(const std::string& db_path) {
  SystemClock clock;
  auto store = OpenSqliteStore({.path = db_path, .migrate = false}, clock);
  if (!store) return -1;
  auto workspaces = (*store)->ListWorkspaces();
  if (!workspaces || workspaces->empty()) return 0;
  auto n = (*store)->CountPosts(workspaces->front().id);
  return n ? *n : -1;
}

TEST(ImportKillTest, KilledMidwayThenRerunStoresEveryRowExactlyOnce) {
  testing::TempDir dir;
  const std::string file = dir.File("big.jsonl");
  const std::string data = dir.File("data");
  WriteRows(file);
  const std::vector<std::string> args = {
      TRIBU_BINARY, "import", file, "--data-dir", data, "--set", "import.batch_size=1000"};

  std::int64_t at_kill = 0;
  {
    testing::Child import(args, dir.path().string());
    ASSERT_TRUE(import.started());
    // Kill once a good part, but not all, has been committed.
    for (int i = 0; i < 12000; ++i) {
      if (std::filesystem::exists(data + "/tribu.db")) {
        at_kill = CountPosts(data + "/tribu.db");
        if (at_kill >= 20000) break;
      }
      ASSERT_FALSE(import.Exited())
          << "the import ended before it could be killed: " << import.Err();
      std::this_thread::sleep_for(5ms);
    }
    import.Signal(SIGKILL);
    EXPECT_EQ(import.Wait(), -1);
  }
  std::int64_t after_kill = CountPosts(data + "/tribu.db");
  ASSERT_GE(after_kill, 20000);
  ASSERT_LT(after_kill, kRows) << "the kill came too late to test anything";
  EXPECT_EQ(after_kill % 1000, 0) << "only whole batches are ever committed";

  auto rerun = testing::Run(args, dir.path().string());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.out.find("Imported 100000 rows"), std::string::npos) << rerun.out;
  EXPECT_NE(rerun.out.find("(" + std::to_string(kRows - after_kill) + " new, " +
                           std::to_string(after_kill) + " updated)"),
            std::string::npos)
      << rerun.out;
  EXPECT_EQ(CountPosts(data + "/tribu.db"), kRows);

  SystemClock clock;
  auto store = OpenSqliteStore({.path = data + "/tribu.db"}, clock);
  ASSERT_TRUE(store);
  EXPECT_TRUE((*store)->CheckIntegrity());
  auto ws = (*store)->ListWorkspaces();
  auto page = (*store)->ListPosts(
      {.workspace_id = ws->front().id, .text = "\"numéro 99999\"", .limit = 10});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->posts.size(), 1u);
}

}  // namespace
}  // namespace tribu
