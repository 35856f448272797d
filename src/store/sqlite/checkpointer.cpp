#include "store/sqlite/checkpointer.h"

#include <pthread.h>

#include <csignal>

namespace tribu::sqlite {

Checkpointer::Checkpointer(Database& writer, std::unique_ptr<Database> own,
                           CheckpointOptions options)
    : writer_(writer), own_(std::move(own)), options_(options) {
  // Replaces the automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(writer_.handle(), &Checkpointer::OnCommit, this);
  // A library thread takes no process signals: it starts with all of them blocked.
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  thread_ = std::thread([this] { Run(); });
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_wal_autocheckpoint(writer_.handle(), 1000);  // SQLite's default
}

std::int64_t Checkpointer::completed() const {
  std::lock_guard lock(mu_);
  return completed_;
}

int Checkpointer::OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages) {
  auto* c = static_cast<Checkpointer*>(self);
  if (wal_pages >= c->options_.limit_pages) {
    // Behind: this commit waits for a checkpoint, as it would without us. A
    // busy result means the background one is running; both are harmless.
    (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (wal_pages >= c->options_.wake_pages) {
    {
      std::lock_guard lock(c->mu_);
      c->due_ = true;
    }
    c->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    // Copies what the WAL holds now, beside the writer. A failure (another
    // checkpoint running, a full disk) is tried again at the next wake-up;
    // the pages stay safe in the WAL meanwhile.
    const int rc = sqlite3_wal_checkpoint_v2(own_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             nullptr, nullptr);
    lock.lock();
    if (rc == SQLITE_OK) ++completed_;
  }
}

}  // namespace tribu::sqlite
