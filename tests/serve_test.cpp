// `tribu serve` started for real, spoken to over HTTP.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/process.h"
#include "support/temp_dir.h"

namespace tribu {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// Starts `tribu serve` on a free port and waits until it says where it listens.
class Server {
 public:
  Server(const std::string& data_dir, const std::string& work_dir)
      : token_(MakeToken(data_dir, work_dir)),
        child_({TRIBU_BINARY, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir},
               work_dir) {
    std::regex re("listening on http://127\\.0\\.0\\.1:([0-9]+)");
    for (int i = 0; i < 600 && port_ == 0 && !child_.Exited(); ++i) {
      std::smatch m;
      std::string out = child_.Out();
      if (std::regex_search(out, m, re)) port_ = std::stoi(m[1]);
      std::this_thread::sleep_for(10ms);
    }
  }
  int port() const { return port_; }
  // A reader's API token, made with the CLI before the server starts.
  static std::string MakeToken(const std::string& data_dir, const std::string& work_dir) {
    auto made = testing::Run({TRIBU_BINARY, "tokens", "create", "--name", "test", "--role",
                              "analyst", "--data-dir", data_dir},
                             work_dir);
    return made.out.substr(0, made.out.find('\n'));
  }
  Json Get(const std::string& path, int* status = nullptr) {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Get(path, {{"Authorization", "Bearer " + token_}});
    if (!r) return Json();
    if (status) *status = r->status;
    return Json::parse(r->body, nullptr, false);
  }
  testing::Child& child() { return child_; }

 private:
  std::string token_;
  testing::Child child_;
  int port_ = 0;
};

TEST(ServeTest, ServesTheDemoAndStopsCleanly) {
  testing::TempDir dir;
  std::string data = dir.File("data");
  auto demo = testing::Run({TRIBU_BINARY, "demo", "--posts", "1500", "--data-dir", data},
                           dir.path().string());
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_NE(demo.out.find("1500 posts"), std::string::npos) << demo.out;

  Server server(data, dir.path().string());
  ASSERT_GT(server.port(), 0) << server.child().Err();
  int status = 0;
  EXPECT_EQ(server.Get("/api/health", &status)["status"], "ok");
  EXPECT_EQ(status, 200);

  Json posts = server.Get("/api/workspaces/demo/posts?limit=100");
  ASSERT_TRUE(posts.is_object());
  EXPECT_EQ(posts["posts"].size(), 100u);
  EXPECT_FALSE(posts["next_cursor"].is_null());

  // The dashboard's figures over the demo's 30 days: the crisis day stands out,
  // with its hashtag, and the brand and its competitors share the voice.
  const auto now = std::chrono::system_clock::now();
  auto day = [](std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%F", &tm);
    return std::string(buf);
  };
  Json stats = server.Get("/api/workspaces/demo/stats?since=" + day(now - 40 * 24h) +
                          "&until=" + day(now + 48h) + "&interval=day");
  ASSERT_TRUE(stats.is_object()) << stats;
  EXPECT_EQ(stats["total"], 1500);
  EXPECT_EQ(stats["interval"], "day");
  std::int64_t peak = 0, sum = 0;
  for (const auto& b : stats["series"]) {
    peak = std::max<std::int64_t>(peak, b["posts"]);
    sum += b["posts"].get<std::int64_t>();
  }
  EXPECT_EQ(sum, 1500);
  EXPECT_GT(peak, 3 * 1500 / 30);  // a crisis day, well above a mean day
  EXPECT_EQ(stats["share_of_voice"].size(), 7u);
  bool crisis_tag = false;
  for (const auto& t : stats["top_hashtags"]) crisis_tag = crisis_tag || t["term"] == "#VeloraGate";
  EXPECT_TRUE(crisis_tag) << stats["top_hashtags"];

  // Accent- and case-insensitive search: every result holds some form of "café".
  Json cafe = server.Get("/api/workspaces/demo/posts?q=caf%C3%A9&limit=500");
  ASSERT_GT(cafe["posts"].size(), 3u);
  std::set<std::string> forms;
  for (const auto& p : cafe["posts"]) {
    std::string text = p["text"];
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("(café|Café|CAFÉ|cafe|Cafe|CAFE)"))) << text;
    forms.insert(m[1]);
  }
  EXPECT_GE(forms.size(), 2u);
  Json cafe_plain = server.Get("/api/workspaces/demo/posts?q=CAFE&limit=500");
  EXPECT_EQ(cafe_plain["posts"].size(), cafe["posts"].size());
  EXPECT_EQ(server.Get("/api/workspaces/demo/topics")["topics"].size(), 7u);

  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(), 0) << server.child().Err();
}

TEST(ServeTest, TwoInstancesRunSideBySide) {
  testing::TempDir dir;
  ASSERT_EQ(testing::Run({TRIBU_BINARY, "demo", "--posts", "200", "--data-dir", dir.File("a")},
                         dir.path().string())
                .exit_code,
            0);
  ASSERT_EQ(testing::Run({TRIBU_BINARY, "demo", "--posts", "300", "--workspace", "other",
                          "--data-dir", dir.File("b")},
                         dir.path().string())
                .exit_code,
            0);
  Server a(dir.File("a"), dir.path().string());
  Server b(dir.File("b"), dir.path().string());
  ASSERT_GT(a.port(), 0);
  ASSERT_GT(b.port(), 0);
  EXPECT_NE(a.port(), b.port());
  EXPECT_EQ(a.Get("/api/workspaces")["workspaces"][0]["slug"], "demo");
  EXPECT_EQ(b.Get("/api/workspaces")["workspaces"][0]["slug"], "other");
  int status = 0;
  // Each token sees its own workspace only.
  b.Get("/api/workspaces/demo", &status);
  EXPECT_EQ(status, 403);
}

TEST(ServeTest, APortInUseIsReported) {
  testing::TempDir dir;
  Server first(dir.File("a"), dir.path().string());
  ASSERT_GT(first.port(), 0);
  testing::Child second({TRIBU_BINARY, "serve", "--listen",
                         "127.0.0.1:" + std::to_string(first.port()), "--data-dir", dir.File("b")},
                        dir.path().string());
  for (int i = 0; i < 1000 && !second.Exited(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(second.Exited()) << "a second server started on a port already in use";
  EXPECT_EQ(second.Wait(), 1);
  EXPECT_NE(second.Err().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << second.Err();
}

}  // namespace
}  // namespace tribu
