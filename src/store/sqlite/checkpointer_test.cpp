#include "store/sqlite/checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/temp_dir.h"

namespace tribu::sqlite {
namespace {

using namespace std::chrono_literals;

constexpr std::uintmax_t kPage = 4096;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(path_, 5000, "normal");
    ASSERT_TRUE(db) << db.error().message;
    writer_ = std::move(*db);
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t (x BLOB)"));
  }

  std::unique_ptr<Database> Own() {
    auto db = Database::Open(path_, 5000, "normal");
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  }

  // Commits `transactions` transactions of 10 rows, each row about a page.
  void Write(int transactions) {
    for (int i = 0; i < transactions; ++i) {
      auto s = writer_->Exec(
          "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) "
          "INSERT INTO t SELECT randomblob(3900) FROM n; COMMIT");
      ASSERT_TRUE(s) << s.error().message;
    }
  }

  std::uintmax_t DatabaseBytes() const { return std::filesystem::file_size(path_); }
  std::uintmax_t WalBytes() const { return std::filesystem::file_size(path_ + "-wal"); }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("t.db");
  std::unique_ptr<Database> writer_;
};

TEST_F(CheckpointerTest, CopiesTheWalIntoTheDatabaseOnItsOwnThread) {
  Checkpointer checkpointer(*writer_, Own(), {.wake_pages = 50, .limit_pages = 1'000'000});
  Write(20);  // ~200 pages: several wake-ups, the last after the last commit
  // The pages reach the database file while the writer stays open.
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (DatabaseBytes() < 190 * kPage && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(DatabaseBytes(), 190 * kPage);
  EXPECT_GT(checkpointer.completed(), 0);
}

TEST_F(CheckpointerTest, TheWriterNoLongerCheckpointsItself) {
  // Never woken, never behind: without the automatic checkpoint (1000 pages),
  // everything stays in the WAL.
  Checkpointer checkpointer(*writer_, Own(), {.wake_pages = 1'000'000, .limit_pages = 1'000'000});
  Write(150);  // ~1500 pages
  EXPECT_EQ(checkpointer.completed(), 0);
  EXPECT_LT(DatabaseBytes(), 10 * kPage);
  EXPECT_GT(WalBytes(), 1400 * kPage);
}

TEST_F(CheckpointerTest, AWriterFarBehindCheckpointsItselfSoTheWalStaysBounded) {
  Checkpointer checkpointer(*writer_, Own(), {.wake_pages = 1'000'000, .limit_pages = 100});
  Write(100);                              // ~1000 pages, ten times the limit
  EXPECT_EQ(checkpointer.completed(), 0);  // the background thread never ran
  EXPECT_GT(DatabaseBytes(), 900 * kPage);
  // The WAL starts over after each checkpoint: it holds about the limit and a transaction.
  EXPECT_LT(WalBytes(), 200 * (kPage + 24) + 32);
}

TEST_F(CheckpointerTest, StoppingGivesTheWriterItsAutomaticCheckpointBack) {
  {
    Checkpointer checkpointer(*writer_, Own(), {.wake_pages = 1'000'000, .limit_pages = 1'000'000});
  }
  Write(150);  // past SQLite's 1000 pages: the first thousand are copied
  EXPECT_GT(DatabaseBytes(), 500 * kPage);
}

}  // namespace
}  // namespace tribu::sqlite
