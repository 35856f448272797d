// Durable ingest through the live pipeline: posts published to the bus as
// connectors do, analysed (language, sentiment, toxicity), matched against the
// demo's topics, stored in SQLite with FTS and committed, against its peer: a
// bare batched SQLite FTS5 insert of the same rows (bench/bare_sqlite.h) in
// the same run. The clock runs from the first batch published to the last
// batch committed.
//
// The store stage commits what queued up while its last transaction ran in
// one transaction (group commit), so its transactions hold several batches.
// The peer commits transactions of the same mean size as the pipeline did in
// the round before it, since bigger transactions alone make SQLite faster; the
// peer committing every connector batch is printed too, for reference.
//
// tribu serve always listens to the events the store stage publishes (the
// alert service). A reference run adds a listener that never reads, so that
// every event meets a full queue and is dropped: storing must not slow down
// for a consumer that is behind.
//
//   build/bench/ingest_bench [--posts N] [--batch N] [--workers N] [--dir DIR]
// Last line: posts_per_s=... ratio_vs_sqlite=...
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "bench/bare_sqlite.h"
#include "tribu/app/demo.h"
#include "tribu/bus/bus.h"
#include "tribu/pipeline/pipeline.h"
#include "tribu/store/sqlite_store.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

struct IngestRun {
  double seconds = 0;
  std::int64_t matched = 0;       // posts that matched a topic
  std::int64_t transactions = 0;  // the store stage's group commits
};

IngestRun RunIngest(const std::string& path, const tribu::DemoData& demo, int batch, int workers,
                    bool lagging_listener) {
  tribu::SystemClock clock;
  auto store = tribu::OpenSqliteStore({.path = path}, clock);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", store.error().message.c_str());
    std::exit(1);
  }
  auto ws = (*store)->CreateWorkspace({.slug = "bench", .name = "Bench"});
  for (tribu::Topic t : demo.topics) {
    t.workspace_id = ws->id;
    if (!(*store)->CreateTopic(t)) std::exit(1);
  }
  auto analyzer = tribu::text::Analyzer::Create({});
  if (!analyzer) std::exit(1);
  auto log =
      std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  auto bus = tribu::bus::MakeInProcessBus({.queue_capacity = 64});
  std::unique_ptr<tribu::bus::Subscription> listener;
  if (lagging_listener) {
    auto subscribed = bus->Subscribe(tribu::pipeline::kEventsSubject, "lagging");
    if (!subscribed) std::exit(1);
    listener = std::move(*subscribed);
  }
  auto pipeline = tribu::pipeline::Pipeline::Start(
      **store, *bus, std::move(*analyzer), clock, *log,
      {.annotate_workers = workers, .publish_wait = std::chrono::seconds(600)});
  if (!pipeline) std::exit(1);

  // Batches as a connector hands them over: posts not yet analysed.
  std::vector<std::string> messages;
  for (std::size_t i = 0; i < demo.posts.size(); i += static_cast<std::size_t>(batch)) {
    tribu::pipeline::PostBatch b{.workspace = ws->id};
    for (std::size_t j = i; j < std::min(demo.posts.size(), i + batch); ++j) {
      tribu::Post p = demo.posts[j];
      p.workspace_id = ws->id;
      p.channel_id.reset();
      p.lang = "und";
      p.sentiment.reset();
      p.topics.clear();
      b.posts.push_back(std::move(p));
    }
    messages.push_back(tribu::pipeline::EncodePostBatch(b));
  }
  const auto n = static_cast<std::int64_t>(demo.posts.size());
  const auto start = SteadyClock::now();
  for (auto& m : messages) {
    if (!bus->Publish(tribu::pipeline::kIngestSubject, std::move(m), std::chrono::seconds(600))) {
      std::exit(1);
    }
  }
  while ((*pipeline)->stats().posts_stored.load() < n) {
    if ((*pipeline)->stats().batches_failed.load() > 0) {
      std::fprintf(stderr, "ingest: a batch failed\n");
      std::exit(1);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  IngestRun run;
  run.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  run.transactions = (*pipeline)->stats().store_groups.load();
  pipeline->reset();
  const auto topics = (*store)->ListTopics(ws->id);
  for (const tribu::Topic& t : *topics) {
    tribu::PostFilter f{.workspace_id = ws->id, .topic = t.id, .limit = 500};
    while (true) {
      auto page = (*store)->ListPosts(f);
      run.matched += static_cast<std::int64_t>(page->posts.size());
      if (page->next_cursor.empty()) break;
      f.cursor = page->next_cursor;
    }
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100000, batch = 1000;
  int workers = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
  std::string dir = std::filesystem::temp_directory_path() / "tribu-ingest-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--posts")) n = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--workers")) workers = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  if (n < 100 || batch < 1 || workers < 1) {
    std::fprintf(stderr,
                 "usage: ingest_bench [--posts N>=100] [--batch N] [--workers N] [--dir DIR]\n");
    return 2;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto demo =
      tribu::GenerateDemo({.posts = n, .days = 30, .end = tribu::FromUnixMillis(1795000000000)});
  if (!demo) {
    std::fprintf(stderr, "demo: %s\n", demo.error().message.c_str());
    return 1;
  }
  std::printf(
      "corpus: %zu demo posts (French and English), %zu topics, batches of %d, %d analysis "
      "workers, %u cores\n",
      demo->posts.size(), demo->topics.size(), batch, workers, std::thread::hardware_concurrency());
  // Alternate the runs three times and keep the best of each, to damp noise on a shared machine.
  double ingest_s = 1e9, lagging_s = 1e9, sqlite_s = 1e9, sqlite_batch_s = 1e9;
  std::int64_t matched = 0, transactions = 0;
  for (int round = 0; round < 3; ++round) {
    std::string r = std::to_string(round);
    IngestRun run = RunIngest(dir + "/ingest" + r + ".db", *demo, batch, workers, false);
    ingest_s = std::min(ingest_s, run.seconds);
    matched = run.matched;
    transactions = std::max<std::int64_t>(1, run.transactions);
    const int same_size = static_cast<int>((n + transactions - 1) / transactions);
    sqlite_s = std::min(
        sqlite_s, tribu::bench::RunBareSqlite(dir + "/bare" + r + ".db", demo->posts, same_size));
    sqlite_batch_s = std::min(sqlite_batch_s, tribu::bench::RunBareSqlite(
                                                  dir + "/batch" + r + ".db", demo->posts, batch));
    lagging_s = std::min(
        lagging_s, RunIngest(dir + "/lagging" + r + ".db", *demo, batch, workers, true).seconds);
  }
  std::filesystem::remove_all(dir);
  const double rate = n / ingest_s, sqlite_rate = n / sqlite_s;
  std::printf(
      "ingest (bus, analysis, topic match, SQLite + FTS, committed): %.0f posts/s (%lld topic "
      "matches, %lld transactions)\n",
      rate, static_cast<long long>(matched), static_cast<long long>(transactions));
  std::printf("the same, with an events listener that never reads:         %.0f posts/s\n",
              n / lagging_s);
  std::printf("bare SQLite insert + FTS5, same rows, same transactions:    %.0f posts/s\n",
              sqlite_rate);
  std::printf("bare SQLite insert + FTS5, one transaction a batch:         %.0f posts/s\n",
              n / sqlite_batch_s);
  std::printf("posts_per_s=%.0f ratio_vs_sqlite=%.2f\n", rate, rate / sqlite_rate);
  return 0;
}
