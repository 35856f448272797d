// The peer every ingest benchmark compares with: a bare SQLite program
// inserting the same rows, batched, into a table with the post's unique key
// and an FTS5 index, with the durability settings tribu uses (WAL,
// synchronous=NORMAL). Returns the seconds it took.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tribu/core/post.h"

namespace tribu::bench {

inline void Check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
}

inline double RunBareSqlite(const std::string& path, const std::vector<tribu::Post>& posts,
                            int batch) {
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db);
  Check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "CREATE TABLE posts (id INTEGER PRIMARY KEY, platform TEXT, external_id TEXT,"
                     " author TEXT, text TEXT, lang TEXT, published_at INTEGER, likes INTEGER,"
                     " UNIQUE (platform, external_id));"
                     "CREATE VIRTUAL TABLE posts_fts USING fts5(text, content='posts',"
                     " content_rowid='id', tokenize='unicode61 remove_diacritics 2');",
                     nullptr, nullptr, nullptr),
        db);
  sqlite3_stmt* ins = nullptr;
  sqlite3_stmt* fts = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "INSERT INTO posts (platform, external_id, author, text, lang, "
                           "published_at, likes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &ins, nullptr),
        db);
  Check(sqlite3_prepare_v2(db, "INSERT INTO posts_fts (rowid, text) VALUES (?, ?)", -1, &fts,
                           nullptr),
        db);
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < posts.size(); ++i) {
    if (i % static_cast<std::size_t>(batch) == 0) {
      if (i > 0) Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
      Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
    }
    const tribu::Post& p = posts[i];
    sqlite3_bind_text(ins, 1, p.platform.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, p.external_id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, p.author.handle.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, p.text.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, p.lang.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 6, tribu::ToUnixMillis(p.published_at));
    sqlite3_bind_int64(ins, 7, p.metrics.likes);
    Check(sqlite3_step(ins), db);
    sqlite3_reset(ins);
    sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(db));
    sqlite3_bind_text(fts, 2, p.text.c_str(), -1, SQLITE_STATIC);
    Check(sqlite3_step(fts), db);
    sqlite3_reset(fts);
  }
  Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_finalize(fts);
  sqlite3_close(db);
  return seconds;
}

}  // namespace tribu::bench
