// The tribu subcommands. Each returns the process exit code (see app_context.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/app_context.h"

namespace tribu::app {

int RunServe(AppContext& ctx);

struct DemoArgs {
  std::uint64_t seed = 20261123;
  int posts = 6000;
  int days = 30;
  std::string end;  // ISO 8601; empty: now
  std::string workspace = "demo";
};
int RunDemo(AppContext& ctx, const DemoArgs& args);

struct ImportArgs {
  std::string file;  // "-" for standard input
  std::string workspace;
  std::string format = "auto";
  std::string platform;
  std::string lang = "und";
  std::string encoding = "utf-8";
  bool dry_run = false;
  int max_errors_shown = 50;
};
int RunImport(AppContext& ctx, const ImportArgs& args);

struct SearchArgs {
  std::string query;
  std::string workspace;
  std::vector<std::string> platforms;
  std::string lang;
  std::string author;
  std::string since;
  std::string until;
  int limit = 20;
  bool json = false;
};
int RunSearch(AppContext& ctx, const SearchArgs& args);

struct MigrateArgs {
  bool status = false;
  bool check = false;
  bool rebuild_index = false;
};
int RunMigrate(AppContext& ctx, const MigrateArgs& args);

int RunConfigShow(AppContext& ctx);

}  // namespace tribu::app
