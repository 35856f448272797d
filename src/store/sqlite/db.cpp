#include "store/sqlite/db.h"

#include <string>

namespace tribu::sqlite {

Error ToError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = std::string(what) + ": " + detail;
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::kUnavailable, message + " (the database is busy; retry)"};
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return {ErrorCode::kAlreadyExists, message};
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return {ErrorCode::kFailedPrecondition, message};
      return {ErrorCode::kInvalidArgument, message};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {ErrorCode::kDataLoss, message};
    case SQLITE_FULL:
      return {ErrorCode::kResourceExhausted, message + " (the disk is full)"};
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return {ErrorCode::kUnavailable, message};
    case SQLITE_TOOBIG:
      return {ErrorCode::kPayloadTooLarge, message};
    default:
      return {ErrorCode::kInternal, message};
  }
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(ToError(db_, sqlite3_extended_errcode(db_), "query failed"));
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
  }
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, int busy_timeout_ms,
                                                 std::string_view synchronous) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Database> db(new Database(raw));  // owns raw even on failure
  if (rc != SQLITE_OK) {
    return Fail(ToError(raw, rc, "cannot open database '" + path + "'"));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // After a burst, the WAL file is cut back to 64 MiB when it starts over.
  std::string pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA journal_size_limit=67108864; PRAGMA foreign_keys=ON; "
      "PRAGMA synchronous=";
  pragmas += synchronous == "full" ? "FULL" : "NORMAL";
  pragmas += ";";
  if (auto s = db->Exec(pragmas); !s) {
    return Fail(s.error().WithContext("cannot configure database '" + path + "'"));
  }
  return db;
}

Database::~Database() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Error e = ToError(db_, sqlite3_extended_errcode(db_), "statement failed");
    if (err) {
      e.message = std::string("statement failed: ") + err;
      sqlite3_free(err);
    }
    return Fail(std::move(e));
  }
  return {};
}

Result<StatementHandle> Database::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return StatementHandle(it->second.get());
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(ToError(db_, rc, "cannot prepare statement"));
  auto owned = std::make_unique<Statement>(db_, stmt);
  StatementHandle out(owned.get());
  cache_.emplace(std::string(sql), std::move(owned));
  return out;
}

Result<Transaction> Transaction::Begin(Database& db) {
  TRIBU_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Result<Transaction> Transaction::BeginRead(Database& db) {
  TRIBU_RETURN_IF_ERROR(db.Exec("BEGIN DEFERRED"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Database* db = db_;
  db_ = nullptr;
  auto status = db->Exec("COMMIT");
  if (!status) (void)db->Exec("ROLLBACK");  // a failed COMMIT can leave the transaction open
  return status;
}

}  // namespace tribu::sqlite
