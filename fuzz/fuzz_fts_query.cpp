// Arbitrary search-box text. Properties: nothing crashes, and every query
// ToFtsQuery produces is accepted by SQLite FTS5 (no syntax error reaches a user).
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "store/sqlite/fts_query.h"

namespace {

sqlite3* Database() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    sqlite3_open(":memory:", &d);
    sqlite3_exec(
        d,
        "CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61 remove_diacritics 2');"
        "INSERT INTO t VALUES ('Un café avec Velora'), ('battery recall');",
        nullptr, nullptr, nullptr);
    return d;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto query = tribu::sqlite::ToFtsQuery(text);
  if (!query || query->empty()) return 0;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(Database(), "SELECT rowid FROM t WHERE t MATCH ?", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    std::abort();
  }
  sqlite3_bind_text(stmt, 1, query->data(), static_cast<int>(query->size()), SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    std::fprintf(stderr, "FTS5 rejected %s: %s\n", query->c_str(), sqlite3_errmsg(Database()));
    std::abort();
  }
  sqlite3_finalize(stmt);
  return 0;
}
