// The tribu subcommands. Each returns the process exit code (see app_context.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "tribu/text/analyzer.h"

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
  std::string account;  // platform exports: whose export it is
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

struct AnalyzeOptions {
  std::string method = "model";  // sentiment: model or lexicon
  std::string model;             // a sentiment model from `tribu train`; empty: built in
  bool toxicity = true;          // the toxicity model's risk signal
  std::string toxicity_model;    // a toxicity model from `tribu train`; empty: built in
};

struct AnalyzeArgs {
  std::string file = "-";
  std::string text;  // analyse this text instead of a file
  bool tokens = false;
  bool pretty = false;
  AnalyzeOptions options;
};
int RunAnalyze(AppContext& ctx, const AnalyzeArgs& args);

struct EvalArgs {
  std::string task;  // sentiment, language, risk, alerts
  std::string data;
  std::vector<std::string> streams;    // alerts: labelled streams (see demo/alert_stream.h)
  std::string sensitivity = "medium";  // alerts: the rules' sensitivity
  bool verbose = false;                // alerts: every alert, not only the misses
  std::string positive;                // risk: the positive class
  double threshold = 0.5;              // risk: the score from which a post counts as positive
  AnalyzeOptions options;
};
int RunEval(AppContext& ctx, const EvalArgs& args);
int RunEvalAlerts(AppContext& ctx, const EvalArgs& args);

// The analyser the options ask for (a model file, the lexicon method...).
Result<std::unique_ptr<text::Analyzer>> MakeAnalyzer(const AnalyzeOptions& options);

struct AlertStreamArgs {
  std::string out = "-";
  std::uint64_t seed = 1;
  int weeks = 3;
  double posts_per_day = 90;
  std::string labelled;  // directory of the labelled sets
};
int RunAlertStream(AppContext& ctx, const AlertStreamArgs& args);

struct TrainArgs {
  std::string task;      // sentiment or toxicity
  std::string positive;  // toxicity: the label of toxic rows
  std::vector<std::string> data;
  std::string out;
  int epochs = 5;
  double l2 = 1e-4;
  double learning_rate = 0.1;
  std::uint64_t seed = 42;
};
int RunTrain(AppContext& ctx, const TrainArgs& args);

struct TopicsArgs {
  std::string query;
  std::string workspace;
  int sample = 1000;  // test: how many recent posts to try
  int show = 10;      // test: how many matches to print
};
int RunTopicsCheck(AppContext& ctx, const TopicsArgs& args);
int RunTopicsTest(AppContext& ctx, const TopicsArgs& args);
int RunTopicsRematch(AppContext& ctx, const TopicsArgs& args);

struct ChannelsArgs {
  std::string workspace;
  std::string platform;               // add
  std::string name;                   // add; test and remove: a channel's name or id
  std::string url;                    // add: the "url" setting
  int interval = 0;                   // add: "interval_seconds", 0 for the default
  std::vector<std::string> settings;  // add: key=value, value read as JSON when it parses
  bool disabled = false;              // add
  bool secret_stdin = false;          // add: read the channel's secret from standard input
  int show = 5;                       // test: posts to print
};
int RunChannelsAdd(AppContext& ctx, const ChannelsArgs& args);
int RunChannelsList(AppContext& ctx, const ChannelsArgs& args);
int RunChannelsTest(AppContext& ctx, const ChannelsArgs& args);
int RunChannelsRemove(AppContext& ctx, const ChannelsArgs& args);

struct AccountArgs {
  std::string workspace;
  std::string email;  // users add
  std::string name;   // users add: display name; tokens create: the token's name
  std::string locale = "en";
  std::string role;    // users add (with a workspace), tokens create
  bool admin = false;  // users add: administrator of tribu
  bool password_stdin = false;
  std::int64_t id = 0;  // tokens revoke
};
int RunUsersAdd(AppContext& ctx, const AccountArgs& args);
int RunTokensCreate(AppContext& ctx, const AccountArgs& args);
int RunTokensList(AppContext& ctx, const AccountArgs& args);
int RunTokensRevoke(AppContext& ctx, const AccountArgs& args);

}  // namespace tribu::app
