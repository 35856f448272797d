// Collecting for real: `tribu serve` polls feeds served by a local peer that
// injects faults, is killed mid-stream and restarted; every item the peer
// served must be stored exactly once.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/feed_peer.h"
#include "support/platform_peer.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/tribu_instance.h"
#include "tribu/store/sqlite_store.h"

namespace tribu {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
using testing::Fault;

using testing::Eventually;
using testing::Tribu;

std::set<std::string> Ids(const std::vector<Post>& posts) {
  std::set<std::string> ids;
  for (const Post& p : posts) ids.insert(p.external_id);
  return ids;
}

std::int64_t RssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6));
  }
  return 0;
}

TEST(CollectTest, ChannelsCliAddsListsTestsAndRemoves) {
  testing::TempDir dir;
  testing::FeedPeer peer;
  peer.AddFeed("news", {.total = 3, .step = 3, .window = 3});
  Tribu tribu(dir);
  auto bad = tribu.Cli({"channels", "add", "rss", "--name", "x", "--url", "ftp://nope"});
  EXPECT_EQ(bad.exit_code, 2);  // bad usage
  EXPECT_NE(bad.err.find("http://"), std::string::npos) << bad.err;
  auto add = tribu.Cli(
      {"channels", "add", "rss", "--name", "news", "--url", peer.Url("news"), "--interval", "60"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("added channel 1 'news' (rss)"), std::string::npos) << add.out;
  auto test = tribu.Cli({"channels", "test", "news"});
  ASSERT_EQ(test.exit_code, 0) << test.err;
  EXPECT_NE(test.out.find("Post 3 from news about Velora"), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("3 posts would be stored"), std::string::npos) << test.out;
  EXPECT_TRUE(tribu.Stored().empty());  // test stores nothing
  auto list = tribu.Cli({"channels", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("news"), std::string::npos);
  EXPECT_NE(list.out.find("new"), std::string::npos);
  auto missing = tribu.Cli({"channels", "test", "nope"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("it has: news"), std::string::npos) << missing.err;
  ASSERT_EQ(tribu.Cli({"channels", "remove", "news"}).exit_code, 0);
  EXPECT_NE(tribu.Cli({"channels", "list"}).out.find("no channels"), std::string::npos);
}

TEST(CollectTest, StreamsCollectedPostsLiveAndShowsChannelHealth) {
  testing::TempDir dir;
  testing::FeedPeer peer;
  peer.AddFeed("live", {.total = 4, .step = 2, .window = 10, .faults = {Fault::kServerError}});
  Tribu tribu(dir);
  ASSERT_EQ(tribu
                .Cli({"channels", "add", "rss", "--name", "live", "--url", peer.Url("live"),
                      "--interval", "1"})
                .exit_code,
            0);
  ASSERT_EQ(
      tribu.Cli({"channels", "add", "rss", "--name", "gone", "--url", peer.Url("does-not-exist")})
          .exit_code,
      0);
  ASSERT_GT(tribu.Serve(), 0) << tribu.server().Err();

  // Listen before the posts arrive.
  std::string events;
  std::mutex mu;
  httplib::Client sse("127.0.0.1", tribu.port());
  sse.set_read_timeout(30, 0);
  const httplib::Headers auth = tribu.Auth();
  std::thread listener([&] {
    sse.Get("/api/stream?workspace=default", auth, [&](const char* data, std::size_t n) {
      std::lock_guard lock(mu);
      events.append(data, n);
      return std::count(events.begin(), events.end(), '\n') < 40 &&
             events.find("Post 4 from live") == std::string::npos;
    });
  });
  ASSERT_TRUE(Eventually([&] { return tribu.Stored().size() == 4; }, 30s)) << tribu.server().Err();
  listener.join();
  {
    std::lock_guard lock(mu);
    EXPECT_NE(events.find("event: post"), std::string::npos) << events;
    EXPECT_NE(events.find("Post 4 from live about Velora e-bikes"), std::string::npos) << events;
  }
  Json channels = tribu.Get("/api/workspaces/default/channels");
  ASSERT_EQ(channels["channels"].size(), 2u) << channels;
  Json live = channels["channels"][0];
  EXPECT_EQ(live["status"]["health"], "ok") << live;
  EXPECT_EQ(live["status"]["items_collected"], 4);
  EXPECT_NE(live["status"]["last_error"].get<std::string>().find("HTTP 500"), std::string::npos);
  Json gone = channels["channels"][1];
  EXPECT_EQ(gone["status"]["health"], "error") << gone;
  EXPECT_NE(gone["status"]["last_error"].get<std::string>().find("HTTP 404"), std::string::npos);
  tribu.server().Signal(SIGTERM);
  EXPECT_EQ(tribu.server().Wait(), 0);
}

TEST(CollectTest, CollectsFromMastodonRedditBlueskyAndAFeedBehindARedirect) {
  testing::TempDir dir;
  testing::PlatformPeer peer;
  Tribu tribu(dir);
  auto add = [&](std::vector<std::string> args, const std::string& secret = "") {
    args.insert(args.begin(), "channels");
    args.insert(args.begin() + 1, "add");
    if (!secret.empty()) args.push_back("--secret-stdin");
    std::vector<std::string> argv = {TRIBU_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data-dir", dir.File("data")});
    std::string command;
    for (const auto& a : argv) command += "'" + a + "' ";
    auto r = testing::Run({"/bin/sh", "-c", "printf '%s\\n' \"$0\" | " + command, secret},
                          dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
  };
  add({"mastodon", "--name", "masto", "--interval", "1", "--setting", "server=" + peer.Url(),
       "--setting", "tag=velora"},
      "masto-token");
  add({"reddit", "--name", "reddit", "--setting", "subreddit=velo", "--setting", "client_id=app",
       "--setting", "api_base=" + peer.Url(), "--setting",
       "auth_url=" + peer.Url("/api/v1/access_token")},
      "reddit-secret");
  add({"bluesky", "--name", "bsky", "--interval", "1", "--setting", "query=velora", "--setting",
       "service=" + peer.Url()});
  add({"rss", "--name", "blog", "--url", peer.Url("/old/feed.xml")});
  ASSERT_GT(tribu.Serve(), 0) << tribu.server().Err();
  // 2 Mastodon statuses (one a boost), 2 Reddit posts, 1 Bluesky post, 2 feed entries.
  ASSERT_TRUE(Eventually([&] { return tribu.Stored().size() == 7; }, 30s))
      << tribu.Stored().size() << "\n"
      << tribu.server().Err().substr(0, 3000);
  std::set<std::string> platforms;
  for (const Post& p : tribu.Stored()) platforms.insert(p.platform);
  EXPECT_EQ(platforms, (std::set<std::string>{"bluesky", "mastodon", "reddit", "rss"}));
  EXPECT_NE(peer.accept_encoding().find("gzip"), std::string::npos);
  Json channels = tribu.Get("/api/workspaces/default/channels");
  for (const auto& c : channels["channels"]) {
    EXPECT_EQ(c["status"]["health"], "ok") << c;
  }
  // The next polls ask only for what is newer than what was stored.
  ASSERT_TRUE(Eventually(
      [&] {
        bool masto = false, bsky = false;
        for (const auto& r : peer.requests()) {
          masto |= r.find("min_id=113550000000000003") != std::string::npos;
          bsky |= r.find("since=2026-11-23T08:41:08.120Z") != std::string::npos;
        }
        return masto && bsky;
      },
      30s));
  tribu.server().Signal(SIGTERM);
  EXPECT_EQ(tribu.server().Wait(), 0);
}

TEST(CollectTest, TheWebhookTakesSignedPostsOnlyAndKeepsTheSecretWriteOnly) {
  testing::TempDir dir;
  Tribu tribu(dir);
  tribu.Token();  // creates the "default" workspace
  ASSERT_GT(tribu.Serve(), 0) << tribu.server().Err();
  httplib::Client client("127.0.0.1", tribu.port());
  // Anonymous: nothing but the webhook.
  auto anonymous = client.Get("/api/workspaces/default/channels");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  client.set_default_headers(tribu.Auth());
  auto created = client.Post(
      "/api/workspaces/default/channels",
      R"({"platform":"webhook","name":"forum","config":{"platform":"discourse"},"secret":"s3cret"})",
      "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  Json channel = Json::parse(created->body);
  EXPECT_EQ(created->body.find("s3cret"), std::string::npos);
  const std::string hook = "/api/hooks/" + std::to_string(channel["id"].get<int>());

  const std::string body =
      R"({"posts":[{"id":"t1","text":"Velora m'a lâché en pleine côte","author":"cycliste42"},)"
      R"({"author":"no text"}]})";
  auto unsigned_post = client.Post(hook, body, "application/json");
  ASSERT_TRUE(unsigned_post);
  EXPECT_EQ(unsigned_post->status, 401);
  // Signed as a sender would, with openssl-compatible HMAC (see the README's example).
  const auto now = std::chrono::system_clock::now();
  std::string signature;
  {
    auto run = testing::Run(
        {"/bin/sh", "-c", "printf '%s' \"$0\" | openssl dgst -sha256 -hmac s3cret -r",
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()) +
             "." + body},
        dir.path().string());
    ASSERT_EQ(run.exit_code, 0) << run.err;
    signature =
        "t=" +
        std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()) +
        ",v1=" + run.out.substr(0, 64);
  }
  httplib::Headers headers = {{"X-Tribu-Signature", signature}};
  auto signed_post = client.Post(hook, headers, body, "application/json");
  ASSERT_TRUE(signed_post);
  ASSERT_EQ(signed_post->status, 202) << signed_post->body;
  Json answer = Json::parse(signed_post->body);
  EXPECT_EQ(answer["accepted"], 1);
  ASSERT_EQ(answer["rejected"].size(), 1u);
  ASSERT_EQ(tribu.Stored().size(), 1u);  // a 202 means stored: no waiting
  const Post p = tribu.Stored().front();
  EXPECT_EQ(p.platform, "discourse");
  EXPECT_EQ(p.lang, "fr");
  auto unknown = client.Post("/api/hooks/999", headers, body, "application/json");
  EXPECT_EQ(unknown->status, 401);
  tribu.server().Signal(SIGTERM);
  EXPECT_EQ(tribu.server().Wait(), 0);
}

// Five channels, every kind of fault, one SIGKILL in the middle: no item
// lost, none stored twice, memory bounded.
TEST(CollectTest, SurvivesFaultsAndASigkillWithoutLosingOrDuplicatingAPost) {
  testing::TempDir dir;
  testing::FeedPeer peer;
  const std::vector<std::vector<Fault>> faults = {
      {Fault::kServerError, Fault::kServerError, Fault::kRateLimited},
      {Fault::kSlow, Fault::kTruncated},
      {Fault::kInvalidUtf8, Fault::kLatin1, Fault::kTruncated},
      {Fault::kRateLimited, Fault::kLatin1, Fault::kServerError},
      {},
  };
  Tribu tribu(dir);
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const std::string name = "feed" + std::to_string(i);
    testing::FeedPeer::Feed feed{.total = 120, .step = 10, .window = 40};
    // Faults come between good answers, spread over the run.
    for (Fault f : faults[i]) feed.faults.push_back(f);
    peer.AddFeed(name, feed);
    ASSERT_EQ(tribu
                  .Cli({"channels", "add", "rss", "--name", name, "--url", peer.Url(name),
                        "--interval", "1", "--setting", "timeout_seconds=1"})
                  .exit_code,
              0);
  }
  ASSERT_GT(tribu.Serve(), 0) << tribu.server().Err();
  ASSERT_TRUE(Eventually([&] { return tribu.Stored().size() >= 150; }, 60s))
      << tribu.server().Err();
  const std::int64_t rss_mid = RssKb(tribu.server().pid());
  tribu.server().Signal(SIGKILL);
  tribu.server().Wait();
  const std::size_t at_kill = tribu.Stored().size();

  ASSERT_GT(tribu.Serve(), 0) << tribu.server().Err();
  std::int64_t rss_max = rss_mid;
  ASSERT_TRUE(Eventually(
      [&] {
        rss_max = std::max(rss_max, RssKb(tribu.server().pid()));
        return peer.Finished() && Ids(tribu.Stored()) == peer.Served();
      },
      90s))
      << "stored " << tribu.Stored().size() << " of " << peer.Served().size() << " served ("
      << at_kill << " at the kill)\n"
      << tribu.server().Err().substr(0, 4000);
  const auto stored = tribu.Stored();
  EXPECT_EQ(stored.size(), peer.Served().size());  // each once: ids are unique rows
  EXPECT_EQ(stored.size(), 5u * 120u);
  // Hostile bytes were repaired, a Latin-1 answer read as such.
  bool repaired = false;
  bool latin1 = false;
  for (const Post& p : stored) {
    repaired |= p.text.find("\xEF\xBF\xBD") != std::string::npos;
    latin1 |= p.text.find("café crème") != std::string::npos;
  }
  EXPECT_TRUE(repaired);
  EXPECT_TRUE(latin1);
  std::printf("soak: %zu posts, tribu serve resident memory %lld kB mid-run, %lld kB at most\n",
              stored.size(), static_cast<long long>(rss_mid), static_cast<long long>(rss_max));
  EXPECT_LT(rss_max, 400 * 1024) << "tribu serve grew to " << rss_max << " kB";
  tribu.server().Signal(SIGTERM);
  // Its stderr on failure: a sanitizer report at shutdown ends it by a signal (-1).
  EXPECT_EQ(tribu.server().Wait(), 0) << tribu.server().Err();
}

}  // namespace
}  // namespace tribu
