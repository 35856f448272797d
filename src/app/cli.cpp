#include "tribu/app/cli.h"

#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.h"
#include "tribu/app/version.h"

namespace tribu {

namespace {

constexpr const char* kFooter = R"(
Configuration comes from defaults, then the file named by --config (or
TRIBU_CONFIG), then TRIBU_* environment variables, then flags; 'tribu config'
shows the result and documents every key.

Examples:
  tribu demo                                  create the demo workspace
  tribu serve --listen 127.0.0.1:8080         serve the API on port 8080
  tribu import posts.jsonl --workspace acme   import an export
  tribu search 'café "rappel produit"'        full-text search
  tribu topics check 'velora -occasion'       validate a listening query
  tribu channels add rss --name 'Le Monde' --url https://www.lemonde.fr/rss/une.xml
  echo '{"text":"Trop déçu"}' | tribu analyze  language, sentiment, risk
Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 import with skipped rows.)";

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{"tribu: listen to, engage with and measure your communities, on your own machine."};
  cli.footer(kFooter);
  cli.require_subcommand(1);
  cli.fallthrough();  // global options may follow the subcommand

  std::string config_file;
  std::string data_dir, listen, log_level;
  std::vector<std::string> sets;
  cli.add_option("-c,--config", config_file, "TOML configuration file (or TRIBU_CONFIG)");
  cli.add_option("-d,--data-dir", data_dir, "directory holding the database (or TRIBU_DATA_DIR)");
  cli.add_option("-l,--listen", listen, "HOST:PORT for the HTTP server (or TRIBU_LISTEN)");
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error or off");
  cli.add_option("--set", sets, "override any configuration key: --set server.threads=4");

  auto* serve = cli.add_subcommand("serve", "run the web server and JSON API");

  app::DemoArgs demo_args;
  auto* demo = cli.add_subcommand(
      "demo", "create (or refresh) a demo workspace full of realistic French and English posts");
  demo->add_option("--seed", demo_args.seed, "random seed; the same seed gives the same data")
      ->capture_default_str();
  demo->add_option("--posts", demo_args.posts, "number of posts (100..5000000)")
      ->capture_default_str();
  demo->add_option("--days", demo_args.days, "days of history (7..365)")->capture_default_str();
  demo->add_option("--end", demo_args.end, "last instant of the data, ISO 8601 (default: now)");
  app::AlertStreamArgs stream_args;
  auto* alert_stream = demo->add_subcommand(
      "alert-stream",
      "write a labelled stream for 'tribu eval alerts': quiet weeks with crises injected "
      "(a sudden storm, a slow burn, one influential post)");
  alert_stream->add_option("--out", stream_args.out, "file to write, or - for standard output")
      ->capture_default_str();
  alert_stream->add_option("--seed", stream_args.seed, "random seed")->capture_default_str();
  alert_stream->add_option("--weeks", stream_args.weeks, "weeks of posts (1..12)")
      ->capture_default_str();
  alert_stream->add_option("--posts-per-day", stream_args.posts_per_day, "quiet-day volume")
      ->capture_default_str();
  alert_stream->add_option("--labelled", stream_args.labelled,
                           "directory of labelled sets (../shared/data): tweets instead of the "
                           "demo corpus");
  demo->require_subcommand(0, 1);
  demo->add_option("--workspace", demo_args.workspace, "slug of the demo workspace")
      ->capture_default_str();

  app::ImportArgs import_args;
  auto* import = cli.add_subcommand(
      "import",
      "import posts from a JSON Lines or CSV file; bad rows are reported with their line "
      "number and skipped, good rows are kept; importing the same file again stores nothing twice");
  import->add_option("file", import_args.file, "the file, or - for standard input")->required();
  import->add_option("-w,--workspace", import_args.workspace,
                     "workspace slug (default: the only one, or a new 'default')");
  import
      ->add_option("-f,--format", import_args.format,
                   "auto (by name), jsonl, csv, or a platform export: x, facebook, instagram, "
                   "linkedin, tiktok, youtube")
      ->capture_default_str();
  import->add_option("-p,--platform", import_args.platform,
                     "platform for rows without one (x, instagram, rss, ...)");
  import->add_option("--lang", import_args.lang, "language for rows without one")
      ->capture_default_str();
  import
      ->add_option("--encoding", import_args.encoding,
                   "encoding of the file (windows-1252, iso-8859-1, ...)")
      ->capture_default_str();
  import->add_option("--account", import_args.account,
                     "platform exports: the account they belong to, e.g. @velora");
  import->add_flag("--dry-run", import_args.dry_run, "check the file, store nothing");
  import->add_option("--max-errors", import_args.max_errors_shown, "bad rows to print")
      ->capture_default_str();

  app::SearchArgs search_args;
  auto* search = cli.add_subcommand(
      "search", "full-text search of stored posts, case- and accent-insensitive");
  search
      ->add_option("query", search_args.query,
                   "words (all must appear), \"exact phrases\", prefix*, OR, -excluded")
      ->required();
  search->add_option("-w,--workspace", search_args.workspace, "workspace slug");
  search->add_option("--platform", search_args.platforms, "only these platforms");
  search->add_option("--lang", search_args.lang, "only this language (fr, en, ...)");
  search->add_option("--author", search_args.author, "only this author handle");
  search->add_option("--since", search_args.since, "published at or after (ISO 8601)");
  search->add_option("--until", search_args.until, "published before (ISO 8601)");
  search->add_option("-n,--limit", search_args.limit, "posts to show (1..500)")
      ->capture_default_str();
  search->add_flag("--json", search_args.json, "one JSON object a line");

  app::MigrateArgs migrate_args;
  auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");
  migrate->add_flag("--status", migrate_args.status, "show the schema version, change nothing");
  migrate->add_flag("--check", migrate_args.check,
                    "then verify the database and its full-text index");
  migrate->add_flag("--rebuild-index", migrate_args.rebuild_index,
                    "then rebuild the full-text index from the posts");

  app::AnalyzeArgs analyze_args;
  auto add_analysis_options = [](CLI::App* cmd, app::AnalyzeOptions* o) {
    cmd->add_option("--method", o->method, "sentiment method: model or lexicon")
        ->capture_default_str();
    cmd->add_option("--model", o->model, "sentiment model file from 'tribu train sentiment'");
    cmd->add_option("--toxicity-model", o->toxicity_model,
                    "toxicity model file from 'tribu train toxicity'");
    cmd->add_flag("--no-toxicity{false}", o->toxicity,
                  "risk from the lexicons alone, without the toxicity model");
  };
  auto* analyze = cli.add_subcommand(
      "analyze",
      "annotate posts (JSON Lines with a \"text\" field, standard input by default) with "
      "language, sentiment and risk signals");
  analyze->add_option("file", analyze_args.file, "JSON Lines file, or - for standard input")
      ->capture_default_str();
  analyze->add_option("-t,--text", analyze_args.text, "analyse this text instead");
  analyze->add_flag("--tokens", analyze_args.tokens, "with --text: show the tokens too");
  analyze->add_flag("--pretty", analyze_args.pretty, "with --text: indent the JSON");
  add_analysis_options(analyze, &analyze_args.options);

  app::EvalArgs eval_args;
  auto* eval = cli.add_subcommand(
      "eval",
      "measure the analysis on a labelled JSON Lines file (text, label, optional lang): "
      "confusion matrix, precision, recall, F1; last line n= accuracy= macro_f1=");
  eval->add_option("task", eval_args.task, "sentiment, language, risk or alerts")->required();
  eval->add_option("--data", eval_args.data, "labelled JSON Lines file");
  eval->add_option("--stream", eval_args.streams,
                   "alerts: a labelled stream (from 'tribu demo alert-stream'), or several "
                   "(figures pooled); prints precision, recall, time to detect; last line "
                   "incidents= alerts= precision= recall= median_ttd_minutes= "
                   "max_alerts_per_incident=");
  eval->add_option("--sensitivity", eval_args.sensitivity, "alerts: low, medium or high")
      ->capture_default_str();
  eval->add_flag("--verbose", eval_args.verbose, "alerts: list every alert");
  eval->add_option("--positive", eval_args.positive, "risk: the label of the positive class");
  eval->add_option("--threshold", eval_args.threshold, "risk: score from which a post is risky")
      ->capture_default_str();
  add_analysis_options(eval, &eval_args.options);

  app::TrainArgs train_args;
  auto* train = cli.add_subcommand(
      "train",
      "train a sentiment or toxicity model on labelled JSON Lines files (text, label, lang)");
  train->add_option("task", train_args.task, "sentiment or toxicity")->required();
  train->add_option("--positive", train_args.positive, "toxicity: the label of toxic rows");
  train->add_option("--data", train_args.data, "labelled JSON Lines files")->required();
  train->add_option("-o,--out", train_args.out, "model file to write")->required();
  train->add_option("--epochs", train_args.epochs)->capture_default_str();
  train->add_option("--l2", train_args.l2, "L2 regularisation per example")->capture_default_str();
  train->add_option("--learning-rate", train_args.learning_rate)->capture_default_str();
  train->add_option("--seed", train_args.seed)->capture_default_str();

  app::TopicsArgs topics_args;
  auto* topics =
      cli.add_subcommand("topics", "work with listening queries (see docs/query-language.md)");
  topics->require_subcommand(1);
  auto* topics_check = topics->add_subcommand(
      "check", "validate a query and explain how it reads; errors point at the column");
  topics_check->add_option("query", topics_args.query, "the listening query")->required();
  auto* topics_test = topics->add_subcommand(
      "test", "show which of the most recent stored posts a query would match");
  topics_test->add_option("query", topics_args.query, "the listening query")->required();
  topics_test->add_option("-w,--workspace", topics_args.workspace, "workspace slug");
  topics_test->add_option("--sample", topics_args.sample, "recent posts to try (1..1000000)")
      ->capture_default_str();
  topics_test->add_option("--show", topics_args.show, "matching posts to print")
      ->capture_default_str();

  auto* topics_rematch = topics->add_subcommand(
      "rematch",
      "match every stored post again against the workspace's topics (after editing "
      "queries outside the API, or upgrading tribu)");
  topics_rematch->add_option("-w,--workspace", topics_args.workspace, "workspace slug");

  app::ChannelsArgs ch_args;
  auto* channels = cli.add_subcommand("channels", "the places tribu collects posts from");
  channels->require_subcommand(1);
  auto* ch_add = channels->add_subcommand(
      "add", "add a channel: tribu channels add rss --name 'Le Monde' --url https://.../rss.xml");
  ch_add->add_option("platform", ch_args.platform, "rss, or any platform whose exports you import")
      ->required();
  ch_add->add_option("-n,--name", ch_args.name, "a name unique in the workspace")->required();
  ch_add->add_option("--url", ch_args.url, "the address to collect from (rss: the feed)");
  ch_add->add_option("--interval", ch_args.interval, "seconds between fetches (rss: default 900)");
  ch_add->add_option("--setting", ch_args.settings,
                     "any other setting of the platform, key=value (repeatable)");
  ch_add->add_flag("--disabled", ch_args.disabled, "add it without collecting yet");
  ch_add->add_flag("--secret-stdin", ch_args.secret_stdin,
                   "read the access token or app password from standard input (kept out of "
                   "the shell history)");
  auto* ch_list = channels->add_subcommand("list", "list channels with their health");
  auto* ch_test = channels->add_subcommand(
      "test", "fetch once from a channel and print what would be stored (stores nothing)");
  ch_test->add_option("channel", ch_args.name, "the channel's name or id")->required();
  ch_test->add_option("--show", ch_args.show, "posts to print")->capture_default_str();
  auto* ch_remove = channels->add_subcommand("remove", "remove a channel (its posts stay)");
  ch_remove->add_option("channel", ch_args.name, "the channel's name or id")->required();
  for (auto* sub : {ch_add, ch_list, ch_test, ch_remove}) {
    sub->add_option("-w,--workspace", ch_args.workspace, "workspace slug");
  }

  app::AccountArgs acc_args;
  auto* users = cli.add_subcommand("users", "people who sign in to the web UI");
  users->require_subcommand(1);
  auto* users_add = users->add_subcommand(
      "add",
      "add an account: with --password-stdin, or invited to a workspace (a link to pass on)");
  users_add->add_option("email", acc_args.email, "their e-mail address")->required();
  users_add->add_option("--name", acc_args.name, "display name");
  users_add->add_option("--locale", acc_args.locale, "en or fr")->capture_default_str();
  users_add->add_option("-w,--workspace", acc_args.workspace, "workspace slug");
  users_add->add_option("--role", acc_args.role,
                        "owner, manager, community_manager, approver, analyst or client");
  users_add->add_flag("--admin", acc_args.admin,
                      "administrator of tribu: creates workspaces, manages them all");
  users_add->add_flag("--password-stdin", acc_args.password_stdin,
                      "read the password from standard input");
  auto* tokens = cli.add_subcommand("tokens", "API tokens for integrations, one workspace each");
  tokens->require_subcommand(1);
  auto* tokens_create = tokens->add_subcommand("create", "create a token; prints it once");
  tokens_create->add_option("--name", acc_args.name, "what it is for, e.g. zapier")->required();
  tokens_create->add_option("--role", acc_args.role, "the role it acts with (e.g. analyst)")
      ->required();
  auto* tokens_list = tokens->add_subcommand("list", "list tokens (never the tokens themselves)");
  auto* tokens_revoke = tokens->add_subcommand("revoke", "revoke a token");
  tokens_revoke->add_option("id", acc_args.id, "the token's id (tokens list)")->required();
  for (auto* sub : {tokens_create, tokens_list, tokens_revoke}) {
    sub->add_option("-w,--workspace", acc_args.workspace, "workspace slug");
  }

  auto* config = cli.add_subcommand("config", "show the effective configuration and every key");
  auto* version = cli.add_subcommand("version", "print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? app::kExitOk : app::kExitUsage;
  }

  if (version->parsed()) {
    std::cout << "tribu " << kVersion << " (SQLite " << sqlite3_libversion() << ")\n";
    return app::kExitOk;
  }

  ConfigSources sources;
  sources.env = ProcessEnvironment();
  sources.file = config_file;
  if (sources.file.empty()) {
    if (auto it = sources.env.find("TRIBU_CONFIG"); it != sources.env.end())
      sources.file = it->second;
  }
  if (!data_dir.empty()) sources.overrides.push_back("storage.data_dir=" + data_dir);
  if (!listen.empty()) sources.overrides.push_back("server.listen=" + listen);
  if (!log_level.empty()) sources.overrides.push_back("log.level=" + log_level);
  for (const auto& s : sets) sources.overrides.push_back(s);
  auto loaded = LoadConfig(sources);
  if (!loaded) {
    std::cerr << "tribu: " << loaded.error().message << "\n";
    return app::kExitUsage;
  }

  app::AppContext ctx{std::move(*loaded), nullptr, {}};
  ctx.log = app::MakeLogger(ctx.config.log);

  if (serve->parsed()) return app::RunServe(ctx);
  if (alert_stream->parsed()) return app::RunAlertStream(ctx, stream_args);
  if (demo->parsed()) return app::RunDemo(ctx, demo_args);
  if (import->parsed()) return app::RunImport(ctx, import_args);
  if (search->parsed()) return app::RunSearch(ctx, search_args);
  if (migrate->parsed()) return app::RunMigrate(ctx, migrate_args);
  if (config->parsed()) return app::RunConfigShow(ctx);
  if (analyze->parsed()) return app::RunAnalyze(ctx, analyze_args);
  if (eval->parsed()) return app::RunEval(ctx, eval_args);
  if (train->parsed()) return app::RunTrain(ctx, train_args);
  if (ch_add->parsed()) return app::RunChannelsAdd(ctx, ch_args);
  if (ch_list->parsed()) return app::RunChannelsList(ctx, ch_args);
  if (ch_test->parsed()) return app::RunChannelsTest(ctx, ch_args);
  if (ch_remove->parsed()) return app::RunChannelsRemove(ctx, ch_args);
  if (users_add->parsed()) return app::RunUsersAdd(ctx, acc_args);
  if (tokens_create->parsed()) return app::RunTokensCreate(ctx, acc_args);
  if (tokens_list->parsed()) return app::RunTokensList(ctx, acc_args);
  if (tokens_revoke->parsed()) return app::RunTokensRevoke(ctx, acc_args);
  if (topics_check->parsed()) return app::RunTopicsCheck(ctx, topics_args);
  if (topics_test->parsed()) return app::RunTopicsTest(ctx, topics_args);
  if (topics_rematch->parsed()) return app::RunTopicsRematch(ctx, topics_args);
  return app::kExitUsage;
}

}  // namespace tribu
