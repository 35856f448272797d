// Durable batched ingest into the Store (SQLite, WAL, FTS5 kept by triggers,
// authors upserted, idempotent on platform + external id), against its peer:
// a bare SQLite program inserting the same rows, batched the same way, into a
// table and an FTS5 index, with the same durability settings. Both run in this
// process on the same rows; the ratio is what tribu's bookkeeping costs.
//
//   build/bench/store_bench [--posts N] [--batch N] [--dir DIR]
// Last line: posts=N posts_per_s=... sqlite_posts_per_s=... ratio_vs_sqlite=...
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bare_sqlite.h"
#include "tribu/store/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<tribu::Post> MakePosts(int n) {
  static const char* kWords[] = {"vélo",    "électrique", "batterie", "autonomie", "café",
                                 "Velora",  "commute",    "battery",  "range",     "brakes",
                                 "service", "livraison",  "super",    "déçu",      "recommend"};
  std::vector<tribu::Post> posts(static_cast<std::size_t>(n));
  std::uint64_t x = 88172645463325252ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int i = 0; i < n; ++i) {
    tribu::Post& p = posts[static_cast<std::size_t>(i)];
    p.platform = i % 2 ? "mastodon" : "bluesky";
    p.external_id = std::to_string(1000000 + i);
    p.author.handle = "@user" + std::to_string(next() % 5000);
    p.lang = i % 3 ? "fr" : "en";
    for (int w = 0; w < 24; ++w) p.text += std::string(kWords[next() % 15]) + " ";
    p.published_at = tribu::FromUnixMillis(1772373900000 + i * 1000LL);
    p.metrics.likes = static_cast<std::int64_t>(next() % 100);
  }
  return posts;
}

double RunStore(const std::string& path, std::vector<tribu::Post> posts, int batch) {
  tribu::SystemClock clock;
  auto store = tribu::OpenSqliteStore({.path = path}, clock);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", store.error().message.c_str());
    std::exit(1);
  }
  auto ws = (*store)->CreateWorkspace({.slug = "bench", .name = "Bench"});
  for (auto& p : posts) p.workspace_id = ws->id;
  auto start = Clock::now();
  for (std::size_t i = 0; i < posts.size(); i += static_cast<std::size_t>(batch)) {
    std::size_t n = std::min(posts.size() - i, static_cast<std::size_t>(batch));
    if (auto r = (*store)->UpsertPosts(std::span(posts).subspan(i, n)); !r) {
      std::fprintf(stderr, "upsert: %s\n", r.error().message.c_str());
      std::exit(1);
    }
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100000, batch = 2000;
  std::string dir = std::filesystem::temp_directory_path() / "tribu-store-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--posts")) n = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  if (n < 1 || batch < 1) {
    std::fprintf(stderr, "usage: store_bench [--posts N] [--batch N] [--dir DIR]\n");
    return 2;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto posts = MakePosts(n);
  // Alternate the two twice and keep the best of each, to damp noise on a shared machine.
  double store_s = 1e9, sqlite_s = 1e9;
  for (int round = 0; round < 2; ++round) {
    std::string r = std::to_string(round);
    sqlite_s =
        std::min(sqlite_s, tribu::bench::RunBareSqlite(dir + "/bare" + r + ".db", posts, batch));
    store_s = std::min(store_s, RunStore(dir + "/store" + r + ".db", posts, batch));
  }
  std::filesystem::remove_all(dir);
  double store_rate = n / store_s, sqlite_rate = n / sqlite_s;
  std::printf("store (upsert + authors + FTS triggers): %.0f posts/s\n", store_rate);
  std::printf("bare SQLite insert + FTS5:               %.0f posts/s\n", sqlite_rate);
  std::printf("posts=%d posts_per_s=%.0f sqlite_posts_per_s=%.0f ratio_vs_sqlite=%.2f\n", n,
              store_rate, sqlite_rate, store_rate / sqlite_rate);
  return 0;
}
