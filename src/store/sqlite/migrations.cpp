#include "store/sqlite/migrations.h"

#include <string>

namespace tribu::sqlite {

namespace {

constexpr std::string_view kCreateLedger =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  applied_at INTEGER NOT NULL)";

Result<int> CurrentVersion(Database& db) {
  TRIBU_RETURN_IF_ERROR(db.Exec(kCreateLedger));
  auto stmt = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!stmt) return Fail(stmt.error());
  auto row = (*stmt)->Step();
  if (!row) return Fail(row.error());
  return static_cast<int>((*stmt)->Int(0));
}

}  // namespace

Result<SchemaStatus> ReadSchemaStatus(Database& db) {
  auto current = CurrentVersion(db);
  if (!current) return Fail(current.error());
  SchemaStatus status;
  status.current_version = *current;
  for (const Migration& m : Migrations()) {
    status.latest_version = m.version;
    if (m.version > *current) status.pending.emplace_back(m.name);
  }
  return status;
}

Status RefuseNewerSchema(const SchemaStatus& status) {
  if (status.current_version <= status.latest_version) return {};
  return Fail(ErrorCode::kFailedPrecondition,
              "the database is at schema version " + std::to_string(status.current_version) +
                  " but this tribu knows versions up to " + std::to_string(status.latest_version) +
                  ": it was written by a newer tribu; upgrade tribu to use it");
}

Result<int> ApplyMigrations(Database& db, int target, Timestamp now) {
  auto status = ReadSchemaStatus(db);
  if (!status) return Fail(status.error());
  TRIBU_RETURN_IF_ERROR(RefuseNewerSchema(*status));
  int applied = 0;
  for (const Migration& m : Migrations()) {
    if (m.version <= status->current_version || m.version > target) continue;
    auto tx = Transaction::Begin(db);
    if (!tx) return Fail(tx.error());
    if (auto s = db.Exec(m.sql); !s) {
      return Fail(s.error().WithContext("migration " + std::string(m.name)));
    }
    auto record =
        db.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!record) return Fail(record.error());
    (*record)->Bind(1, m.version);
    (*record)->Bind(2, m.name);
    (*record)->Bind(3, ToUnixMillis(now));
    TRIBU_RETURN_IF_ERROR((*record)->Run());
    TRIBU_RETURN_IF_ERROR(tx->Commit());
    ++applied;
  }
  return applied;
}

}  // namespace tribu::sqlite
