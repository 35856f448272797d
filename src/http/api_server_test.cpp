// Black-box tests of the API over real HTTP on a free local port.
#include "tribu/http/api_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/api_test_server.h"
#include "support/temp_dir.h"

namespace tribu {
namespace {

using Json = nlohmann::json;

class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto port = api_.Start(dir_.File("t.db"), clock_,
                           {.threads = 2, .max_body_bytes = 4096, .version = "test"});
    ASSERT_TRUE(port) << port.error().message;
    store_ = &api_.store();
    server_ = &api_.server();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    SignInAsAdministrator();
  }

  // The first owner, made with the setup link as at a first start; then every
  // call carries the session cookie and the CSRF token, as the web UI does.
  void SignInAsAdministrator() {
    auto link = server_->SetupLink();
    ASSERT_TRUE(link && link->starts_with("/#/setup/"));
    Json body = {{"token", link->substr(9)},
                 {"email", "admin@agence.fr"},
                 {"password", "un mot de passe long"}};
    auto r = client_->Post("/api/auth/setup", body.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    const std::string cookie = r->get_header_value("Set-Cookie");
    ASSERT_TRUE(cookie.starts_with("tribu_session=")) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    const std::string csrf = Json::parse(r->body)["csrf_token"];
    client_->set_default_headers(
        {{"Cookie", cookie.substr(0, cookie.find(';'))}, {"X-CSRF-Token", csrf}});
  }

  struct Reply {
    int status = 0;
    Json body;
    std::string raw;
  };

  Reply Call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& type = "application/json") {
    httplib::Result r = testing::Send(*client_, method, path, {}, body, type);
    Reply out;
    if (!r) {
      ADD_FAILURE() << "no answer for " << method << " " << path;
      return out;
    }
    out.status = r->status;
    out.raw = r->body;
    out.body = Json::parse(r->body, nullptr, false);
    return out;
  }

  void ExpectError(const Reply& r, int status, std::string_view code) {
    EXPECT_EQ(r.status, status) << r.raw;
    ASSERT_TRUE(r.body.is_object()) << r.raw;
    EXPECT_EQ(r.body["error"]["code"], code) << r.raw;
    EXPECT_FALSE(r.body["error"]["message"].get<std::string>().empty());
  }

  WorkspaceId MakeWorkspaceWithPosts() {
    auto ws = store_->CreateWorkspace({.slug = "velora", .name = "Velora"});
    std::vector<Post> posts;
    const char* texts[] = {"Un CAFÉ offert chez Velora", "cafe et vélo", "le café du matin",
                           "rien à voir"};
    for (int i = 0; i < 4; ++i) {
      Post p;
      p.workspace_id = ws->id;
      p.platform = i % 2 ? "bluesky" : "mastodon";
      p.external_id = std::to_string(i);
      p.author.handle = "@u" + std::to_string(i);
      p.text = texts[i];
      p.lang = "fr";
      p.published_at = clock_.Now() - std::chrono::hours(i);
      posts.push_back(p);
    }
    EXPECT_TRUE(store_->UpsertPosts(posts));
    return ws->id;
  }

  testing::TempDir dir_;
  ManualClock clock_{*ParseTimestamp("2026-03-02T12:00:00Z")};
  testing::ApiTestServer api_;
  Store* store_ = nullptr;
  ApiServer* server_ = nullptr;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiServerTest, HealthAndVersion) {
  auto h = Call("GET", "/api/health");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body["status"], "ok");
  EXPECT_GE(h.body["schema_version"].get<int>(), 3);
  EXPECT_EQ(Call("GET", "/api/version").body["version"], "test");
  ExpectError(Call("GET", "/api/health?verbose=1"), 400, "invalid_argument");
  auto index = Call("GET", "/api");
  EXPECT_GE(index.body["routes"].size(), 15u);
}

TEST_F(ApiServerTest, UnknownRoutesAndMethods) {
  ExpectError(Call("GET", "/api/nope"), 404, "not_found");
  auto r = Call("DELETE", "/api/workspaces");
  ExpectError(r, 405, "method_not_allowed");
  EXPECT_NE(r.body["error"]["message"].get<std::string>().find("GET, POST"), std::string::npos);
}

TEST_F(ApiServerTest, CreatingWorkspacesValidatesTheBody) {
  auto ok = Call("POST", "/api/workspaces",
                 R"({"slug":"acme","name":"ACME","time_zone":"Europe/Paris"})");
  EXPECT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body["time_zone"], "Europe/Paris");
  ExpectError(Call("POST", "/api/workspaces", R"({"slug":"acme","name":"Again"})"), 409,
              "already_exists");
  ExpectError(Call("POST", "/api/workspaces", R"({"slug":"x","name":)"), 400, "invalid_argument");
  ExpectError(Call("POST", "/api/workspaces", "slug=x", "application/x-www-form-urlencoded"), 415,
              "unsupported_media_type");
  ExpectError(Call("POST", "/api/workspaces", R"({"slug":"b","name":"B","colour":"red"})"), 400,
              "invalid_argument");
  ExpectError(Call("POST", "/api/workspaces", R"({"slug":"b"})"), 400, "invalid_argument");
  ExpectError(Call("POST", "/api/workspaces", R"({"slug":42,"name":"B"})"), 400,
              "invalid_argument");
  ExpectError(Call("POST", "/api/workspaces", R"({"slug":"Bad Slug","name":"B"})"), 400,
              "invalid_argument");
  EXPECT_EQ(Call("GET", "/api/workspaces/acme").body["name"], "ACME");
  EXPECT_EQ(Call("GET", "/api/workspaces/" + std::to_string(ok.body["id"].get<int>())).status, 200);
  ExpectError(Call("GET", "/api/workspaces/ghost"), 404, "not_found");
}

TEST_F(ApiServerTest, OversizedBodiesAreRefused) {
  std::string big = R"({"slug":"big","name":")" + std::string(10000, 'a') + R"("})";
  ExpectError(Call("POST", "/api/workspaces", big), 413, "payload_too_large");
}

TEST_F(ApiServerTest, TopicsCrud) {
  MakeWorkspaceWithPosts();
  auto created = Call("POST", "/api/workspaces/velora/topics",
                      R"({"name":"Velora","query":"velora OR #velora","kind":"brand"})");
  ASSERT_EQ(created.status, 201) << created.raw;
  std::string path =
      "/api/workspaces/velora/topics/" + std::to_string(created.body["id"].get<int>());
  EXPECT_EQ(Call("GET", "/api/workspaces/velora/topics").body["topics"].size(), 1u);
  ExpectError(
      Call("POST", "/api/workspaces/velora/topics", R"({"name":"X","query":"x","kind":"rival"})"),
      400, "invalid_argument");
  ExpectError(Call("POST", "/api/workspaces/velora/topics", R"({"name":"Velora","query":"x"})"),
              409, "already_exists");

  auto patched = Call("PATCH", path, R"({"color":"#ff0000"})");
  EXPECT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body["color"], "#ff0000");
  EXPECT_EQ(patched.body["query"], "velora OR #velora");
  ExpectError(Call("PUT", path, R"({"name":"Velora"})"), 400, "invalid_argument");  // no query
  // A query that does not parse is refused with its column.
  auto bad_query = Call("PATCH", path, R"({"query":"velora AND (vélo OR bike"})");
  EXPECT_EQ(bad_query.status, 400);
  EXPECT_NE(bad_query.body["error"]["message"].get<std::string>().find(
                "column 12: unbalanced parenthesis"),
            std::string::npos)
      << bad_query.body.dump();
  auto put = Call("PUT", path, R"({"name":"Velora FR","query":"velora lang:fr"})");
  EXPECT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["name"], "Velora FR");

  EXPECT_EQ(Call("DELETE", path).status, 200);
  ExpectError(Call("GET", path), 404, "not_found");
  ExpectError(Call("DELETE", path), 404, "not_found");
  ExpectError(Call("GET", "/api/workspaces/velora/topics/abc"), 404, "not_found");
  ExpectError(Call("GET", "/api/workspaces/ghost/topics"), 404, "not_found");
}

TEST_F(ApiServerTest, SavingATopicMatchesTheStoredPosts) {
  MakeWorkspaceWithPosts();
  auto created = Call("POST", "/api/workspaces/velora/topics", R"({"name":"Café","query":"café"})");
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["matched_posts"], 3);
  const std::string id = std::to_string(created.body["id"].get<int>());
  EXPECT_EQ(Call("GET", "/api/workspaces/velora/posts?topic=" + id).body["posts"].size(), 3u);
  auto edited = Call("PATCH", "/api/workspaces/velora/topics/" + id, R"({"query":"café velora"})");
  ASSERT_EQ(edited.status, 200) << edited.raw;
  EXPECT_EQ(edited.body["matched_posts"], 1);
  auto posts = Call("GET", "/api/workspaces/velora/posts?topic=" + id);
  ASSERT_EQ(posts.body["posts"].size(), 1u);
  EXPECT_EQ(posts.body["posts"][0]["text"], "Un CAFÉ offert chez Velora");
}

TEST_F(ApiServerTest, QueryCheckExplainsOrPointsAtTheError) {
  auto ok = Call("POST", "/api/query/check", R"({"query":"velora AND (vélo OR bike) -promo"})");
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["valid"], true);
  EXPECT_EQ(ok.body["reads_as"], "(velora AND (velo OR bike) AND NOT promo)");
  EXPECT_EQ(ok.body["looks_for"], nlohmann::json::array({"velora"}));
  auto bad = Call("POST", "/api/query/check", R"({"query":"velora AND (vélo OR bike"})");
  ASSERT_EQ(bad.status, 200) << bad.raw;
  EXPECT_EQ(bad.body["valid"], false);
  EXPECT_EQ(bad.body["error"]["column"], 12);
  EXPECT_EQ(bad.body["error"]["hint"], "add ')' or remove '('");
  ExpectError(Call("POST", "/api/query/check", R"({"q":"velora"})"), 400, "invalid_argument");
}

TEST_F(ApiServerTest, PostsSearchFiltersAndPages) {
  MakeWorkspaceWithPosts();
  auto all = Call("GET", "/api/workspaces/velora/posts");
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body["posts"].size(), 4u);
  EXPECT_TRUE(all.body["next_cursor"].is_null());
  EXPECT_EQ(all.body["posts"][0]["external_id"], "0");  // newest first

  // "café" finds "CAFÉ" and "cafe" too (percent-encoded as a browser would send it).
  auto cafe = Call("GET", "/api/workspaces/velora/posts?q=caf%C3%A9");
  EXPECT_EQ(cafe.body["posts"].size(), 3u) << cafe.raw;
  EXPECT_EQ(
      Call("GET", "/api/workspaces/velora/posts?q=CAFE&platform=bluesky").body["posts"].size(), 1u);
  EXPECT_EQ(
      Call("GET", "/api/workspaces/velora/posts?platform=bluesky,mastodon").body["posts"].size(),
      4u);

  auto first = Call("GET", "/api/workspaces/velora/posts?limit=3");
  ASSERT_EQ(first.body["posts"].size(), 3u);
  std::string cursor = first.body["next_cursor"];
  auto second = Call("GET", "/api/workspaces/velora/posts?limit=3&cursor=" + cursor);
  ASSERT_EQ(second.body["posts"].size(), 1u);
  EXPECT_EQ(second.body["posts"][0]["external_id"], "3");

  auto one = Call("GET", "/api/workspaces/velora/posts/" +
                             std::to_string(second.body["posts"][0]["id"].get<int>()));
  EXPECT_EQ(one.body["text"], "rien à voir");

  ExpectError(Call("GET", "/api/workspaces/velora/posts?plaform=x"), 400, "invalid_argument");
  ExpectError(Call("GET", "/api/workspaces/velora/posts?limit=0"), 400, "invalid_argument");
  ExpectError(Call("GET", "/api/workspaces/velora/posts?since=soon"), 400, "invalid_argument");
  ExpectError(Call("GET", "/api/workspaces/velora/posts?cursor=zzz"), 400, "invalid_argument");
  ExpectError(Call("GET", "/api/workspaces/velora/posts?q=-only"), 400, "invalid_argument");
  ExpectError(Call("GET", "/api/workspaces/velora/posts/999"), 404, "not_found");
}

TEST_F(ApiServerTest, ChannelsAndMetrics) {
  MakeWorkspaceWithPosts();
  auto ch = Call("POST", "/api/workspaces/velora/channels",
                 R"({"platform":"rss","name":"Blog","config":{"url":"https://example.org/feed"}})");
  ASSERT_EQ(ch.status, 201) << ch.raw;
  EXPECT_EQ(ch.body["config"]["url"], "https://example.org/feed");
  ExpectError(Call("POST", "/api/workspaces/velora/channels",
                   R"({"platform":"rss","name":"B","config":"x"})"),
              400, "invalid_argument");
  EXPECT_EQ(Call("GET", "/api/workspaces/velora/channels").body["channels"].size(), 1u);

  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("tribu_http_requests_total{route=\"/api/workspaces/{workspace}/"
                               "channels\",method=\"POST\",status=\"201\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("tribu_posts{workspace=\"velora\"} 4"), std::string::npos);
}

TEST_F(ApiServerTest, ChannelsShowTheirHealthKeepSecretsWriteOnlyAndCheckSettings) {
  MakeWorkspaceWithPosts();
  auto ch = Call("POST", "/api/workspaces/velora/channels",
                 R"({"platform":"mastodon","name":"m","secret":"tok-123",)"
                 R"("config":{"server":"https://mastodon.social","timeline":"mentions"}})");
  ASSERT_EQ(ch.status, 201) << ch.raw;
  EXPECT_EQ(ch.raw.find("tok-123"), std::string::npos);
  EXPECT_EQ(ch.body["status"]["health"], "new");
  EXPECT_EQ(ch.body["collects"], true);
  const ChannelId id{ch.body["id"].get<std::int64_t>()};
  EXPECT_EQ(*store_->GetChannelSecret(id), "tok-123");
  ASSERT_TRUE(store_->RecordChannelFailure(id, ChannelHealth::kError, "HTTP 401: token revoked",
                                           clock_.Now()));
  auto one = Call("GET", "/api/workspaces/velora/channels/" + std::to_string(id.value));
  EXPECT_EQ(one.body["status"]["health"], "error");
  EXPECT_EQ(one.body["status"]["last_error"], "HTTP 401: token revoked");
  EXPECT_EQ(one.body["status"]["consecutive_failures"], 1);

  auto patched = Call("PATCH", "/api/workspaces/velora/channels/" + std::to_string(id.value),
                      R"({"enabled":false,"secret":"tok-456"})");
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body["enabled"], false);
  EXPECT_EQ(*store_->GetChannelSecret(id), "tok-456");
  ExpectError(Call("PATCH", "/api/workspaces/velora/channels/" + std::to_string(id.value),
                   R"({"name":"renamed"})"),
              400, "invalid_argument");
  // Settings of collectable platforms are checked on the way in, with the key named.
  auto bad = Call("POST", "/api/workspaces/velora/channels",
                  R"({"platform":"rss","name":"x","config":{"url":"ftp://example.org"}})");
  ExpectError(bad, 400, "invalid_argument");
  EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("url"), std::string::npos);
  // Without the pipeline's bus, the stream says so; the webhook stores without it.
  ExpectError(Call("GET", "/api/stream?workspace=velora"), 503, "unavailable");
  ExpectError(Call("POST", "/api/hooks/" + std::to_string(id.value), "{}"), 401,
              "unauthenticated");  // not a webhook channel, and unsigned
}

}  // namespace
}  // namespace tribu
