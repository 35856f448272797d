// Background WAL checkpoints for the store's writer connection.
//
// In WAL mode, commits append pages to the -wal file and a checkpoint copies
// them back into the database file, then syncs it. SQLite runs that copy in
// the committing thread once the WAL passes 1000 pages, so the writer stalls
// on page copies and fsyncs while batches wait behind it. The Checkpointer
// turns the writer's automatic checkpoint off and runs checkpoints on its own
// thread and connection instead: the writer's commits only report the WAL's
// size (through SQLite's WAL hook) and wake it.
//
// A passive checkpoint never blocks the writer or readers. If it cannot keep
// up (or a long read pins old pages), the WAL grows; past `limit_pages` the
// committing writer checkpoints itself, as SQLite would, so the WAL stays
// bounded.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/db.h"
#include "tribu/core/thread_annotations.h"

namespace tribu::sqlite {

struct CheckpointOptions {
  int wake_pages = 1000;    // WAL pages that wake the background checkpoint
  int limit_pages = 16000;  // WAL pages past which the writer checkpoints itself
};

class Checkpointer {
 public:
  // Takes over `writer`'s checkpoints; `own` is the connection the thread uses.
  // Both must outlive the Checkpointer.
  Checkpointer(Database& writer, std::unique_ptr<Database> own, CheckpointOptions options);
  // Stops the thread and gives the writer its automatic checkpoint back.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Checkpoints completed by the background thread (for tests and status).
  std::int64_t completed() const;

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void Run();

  Database& writer_;
  std::unique_ptr<Database> own_;
  const CheckpointOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool due_ TRIBU_GUARDED_BY(mu_) = false;
  bool stopping_ TRIBU_GUARDED_BY(mu_) = false;
  std::int64_t completed_ TRIBU_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace tribu::sqlite
