#include <iostream>

#include "app/commands.h"

namespace tribu::app {

int RunMigrate(AppContext& ctx, const MigrateArgs& args) {
  auto store = ctx.OpenStore(/*migrate=*/false, /*require_current=*/false);
  if (!store) return ReportError(store.error());
  auto status = (*store)->GetSchemaStatus();
  if (!status) return ReportError(status.error());
  if (args.status) {
    std::cout << "schema version " << status->current_version << " of " << status->latest_version
              << "\n";
    for (const auto& name : status->pending) std::cout << "  pending: " << name << "\n";
    return kExitOk;
  }
  auto applied = (*store)->Migrate();
  if (!applied) return ReportError(applied.error());
  std::cout << "Applied " << *applied << " migration(s); schema version " << status->latest_version
            << ".\n";
  if (args.rebuild_index) {
    if (auto s = (*store)->RebuildSearchIndex(); !s) return ReportError(s.error());
    std::cout << "Rebuilt the full-text index.\n";
  }
  if (args.check) {
    if (auto s = (*store)->CheckIntegrity(); !s) return ReportError(s.error());
    std::cout << "Integrity check passed.\n";
  }
  return kExitOk;
}

}  // namespace tribu::app
