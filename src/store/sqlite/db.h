// RAII wrappers over the SQLite C API, private to the store.
//
// A Database owns one sqlite3 connection and a cache of prepared statements.
// It is not thread-safe: one thread uses it at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::sqlite {

// Maps a SQLite result code to an Error with the connection's message.
Error ToError(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding: index is 1-based, as in SQLite.
  void Bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, int value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  void Bind(int index, std::string_view value) {
    sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void Bind(int index, const char* value) = delete;  // bind std::string_view explicitly
  // Binds text without copying it (for hot loops): `value` must stay valid and
  // unchanged until the parameter is rebound or the statement reset.
  void BindView(int index, std::string_view value) {
    sqlite3_bind_text64(stmt_, index, value.data() ? value.data() : "", value.size(), SQLITE_STATIC,
                        SQLITE_UTF8);
  }
  void BindNull(int index) { sqlite3_bind_null(stmt_, index); }
  template <class T>
  void Bind(int index, const std::optional<T>& value) {
    if (value) {
      Bind(index, *value);
    } else {
      BindNull(index);
    }
  }

  // Steps once: true with a row, false when done.
  Result<bool> Step();
  // Steps to completion, ignoring rows.
  Status Run();
  // Steps through every row and returns what `read(*this)` makes of each;
  // `read` returns a value, or a Result whose first error stops the walk.
  template <class Read>
  auto Collect(Read read);
  // Clears bindings and rewinds, ready for reuse.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Rewinds and keeps the bindings, for a statement that is rebound in full
  // before each run.
  void Rewind() { sqlite3_reset(stmt_); }

  // Columns of the current row, 0-based.
  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // A nullable column of Unix milliseconds.
  std::optional<Timestamp> OptionalTime(int col) const {
    if (IsNull(col)) return std::nullopt;
    return FromUnixMillis(Int(col));
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

namespace detail {
template <class T>
struct Unwrap {
  using type = T;
};
template <class T>
struct Unwrap<Result<T>> {
  using type = T;
};
}  // namespace detail

template <class Read>
auto Statement::Collect(Read read) {
  using Made = std::invoke_result_t<Read, const Statement&>;
  using T = typename detail::Unwrap<Made>::type;
  std::vector<T> out;
  for (;;) {
    auto row = Step();
    if (!row) return Result<std::vector<T>>(std::unexpected(row.error()));
    if (!*row) break;
    if constexpr (std::is_same_v<Made, T>) {
      out.push_back(read(*this));
    } else {
      Made item = read(*this);
      if (!item) return Result<std::vector<T>>(std::unexpected(item.error()));
      out.push_back(std::move(*item));
    }
  }
  return Result<std::vector<T>>(std::move(out));
}

// A borrowed cached statement that is reset (bindings cleared, read or write
// transaction released) when the handle goes out of scope.
class StatementHandle {
 public:
  explicit StatementHandle(Statement* s) : s_(s) {}
  StatementHandle(StatementHandle&& other) noexcept : s_(other.s_) { other.s_ = nullptr; }
  StatementHandle& operator=(StatementHandle&&) = delete;
  ~StatementHandle() {
    if (s_) s_->Reset();
  }
  Statement* operator->() const { return s_; }
  Statement& operator*() const { return *s_; }

 private:
  Statement* s_;
};

class Database {
 public:
  // Opens or creates the file and applies the connection settings
  // (WAL, foreign keys, busy timeout, synchronous).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, int busy_timeout_ms,
                                                std::string_view synchronous);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without parameters (migrations, pragmas).
  Status Exec(std::string_view sql);

  // A cached prepared statement, ready to bind. The handle must not outlive
  // the Database, and one SQL text is in use by one handle at a time.
  Result<StatementHandle> Prepare(std::string_view sql);

  sqlite3* handle() const { return db_; }
  std::int64_t Changes() const { return sqlite3_changes64(db_); }
  std::int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  // Looked up by string_view: no allocation on the hot path.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

// Turns foreign-key enforcement off on a connection for its lifetime, for
// batched writes whose references the caller checks itself (SQLite looks
// up every parent row otherwise). Must be created outside a transaction.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Database& db) : db_(db) { (void)db_.Exec("PRAGMA foreign_keys=OFF"); }
  ~ForeignKeysOff() { (void)db_.Exec("PRAGMA foreign_keys=ON"); }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  Database& db_;
};

// BEGIN ... COMMIT, rolled back on scope exit unless committed.
class Transaction {
 public:
  // A write transaction: takes the database's write lock at once.
  static Result<Transaction> Begin(Database& db);
  // A read transaction: its statements all see one snapshot, and it never
  // takes the write lock, so the writer goes on committing beside it.
  static Result<Transaction> BeginRead(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace tribu::sqlite
