#include "store/sqlite/db.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace tribu::sqlite {
namespace {

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // No busy timeout: a lock held by the other connection fails at once.
    auto writer = Database::Open(path_, 0, "normal");
    auto reader = Database::Open(path_, 0, "normal");
    ASSERT_TRUE(writer && reader);
    writer_ = std::move(*writer);
    reader_ = std::move(*reader);
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));
  }

  std::int64_t Count(Database& db) {
    auto s = db.Prepare("SELECT count(*) FROM t");
    EXPECT_TRUE(s);
    auto row = (*s)->Step();
    EXPECT_TRUE(row && *row);
    return (*s)->Int(0);
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("t.db");
  std::unique_ptr<Database> writer_, reader_;
};

TEST_F(TransactionTest, AReadTransactionSeesOneSnapshotAndLetsTheWriterCommit) {
  auto read = Transaction::BeginRead(*reader_);
  ASSERT_TRUE(read);
  EXPECT_EQ(Count(*reader_), 1);
  auto write = Transaction::Begin(*writer_);
  ASSERT_TRUE(write) << write.error().message;
  ASSERT_TRUE(writer_->Exec("INSERT INTO t VALUES (2)"));
  ASSERT_TRUE(write->Commit());
  EXPECT_EQ(Count(*reader_), 1);  // still its snapshot
  ASSERT_TRUE(read->Commit());
  EXPECT_EQ(Count(*reader_), 2);
}

TEST_F(TransactionTest, AWriteTransactionHoldsTheWriteLock) {
  auto first = Transaction::Begin(*reader_);
  ASSERT_TRUE(first);
  auto second = Transaction::Begin(*writer_);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace tribu::sqlite
