// Schema migrations of the SQLite store, embedded from migrations/*.sql.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite/db.h"
#include "tribu/store/store.h"

namespace tribu::sqlite {

struct Migration {
  int version;            // from the file name, strictly increasing
  std::string_view name;  // "0002_posts_fts"
  std::string_view sql;
};

// All migrations, in version order.
std::span<const Migration> Migrations();

// Current and pending versions of the database.
Result<SchemaStatus> ReadSchemaStatus(Database& db);

// kFailedPrecondition when the database was written by a newer tribu.
Status RefuseNewerSchema(const SchemaStatus& status);

// Applies pending migrations up to `target` (inclusive), each with its record
// in schema_migrations in one transaction. Returns how many were applied.
// Fails with kFailedPrecondition if the database is newer than this binary.
Result<int> ApplyMigrations(Database& db, int target, Timestamp now);

}  // namespace tribu::sqlite
