// The embedded Store: one SQLite file in WAL mode with an FTS5 index.
#pragma once

#include <memory>
#include <string>

#include "tribu/core/result.h"
#include "tribu/core/secret_cipher.h"
#include "tribu/core/time.h"
#include "tribu/store/store.h"

namespace tribu {

struct SqliteOptions {
  // Path of the database file; its directory must exist.
  std::string path;
  // How long a statement waits for a lock held by another process.
  int busy_timeout_ms = 5000;
  // "normal": committed transactions survive a crash of tribu, the last ones
  // may be lost on power failure; "full": they survive both, at some speed.
  std::string synchronous = "normal";
  // Connections kept for concurrent readers (writers share one connection).
  int max_readers = 8;
  // WAL pages that wake the background checkpoint, which copies committed
  // pages into the database file beside the writer (see checkpointer.h);
  // 0 leaves checkpoints to the committing thread, as SQLite does by default.
  int checkpoint_pages = 1000;
  // Apply pending migrations when opening.
  bool migrate = true;
  // Seals channel secrets before they are written and opens them when read;
  // without one, SetChannelSecret fails. Secrets an older tribu stored in
  // clear are sealed when the store opens with a cipher.
  std::shared_ptr<const SecretCipher> cipher;
};

// Opens (creating if needed) the database. Fails with kFailedPrecondition if
// the file was written by a newer tribu, kUnavailable if it cannot be opened.
// The clock stamps created_at and collected_at; it must outlive the store.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options, const Clock& clock);

// Applies migrations up to and including `version` and stops there, so that
// tests and tools can build a database as an older tribu left it.
Status MigrateSqliteTo(const std::string& path, int version);

}  // namespace tribu
