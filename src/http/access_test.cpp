// Accounts over real HTTP: every route walked as every role, CSRF, invitations,
// the audit log. The expected table below is written from the roles the
// product promises (issue 5), not read from the server.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/api_test_server.h"
#include "support/temp_dir.h"

namespace tribu {
namespace {

using Json = nlohmann::json;

// What each route requires, by "METHOD pattern". A route missing here fails
// the matrix test: a new route must say who may call it.
const std::map<std::string, std::string>& ExpectedAccess() {
  static const std::map<std::string, std::string> kAccess = {
      {"GET /api/health", "anyone"},
      {"GET /api/version", "anyone"},
      {"POST /api/hooks/{channel}", "anyone"},
      {"GET /api/auth/options", "anyone"},
      {"POST /api/auth/login", "anyone"},
      {"POST /api/auth/demo", "anyone"},
      {"POST /api/auth/setup", "anyone"},
      {"POST /api/auth/invitation", "anyone"},
      {"POST /api/auth/logout", "signed_in"},
      {"POST /api/auth/logout-everywhere", "signed_in"},
      {"GET /api/auth/me", "signed_in"},
      {"PATCH /api/auth/me", "signed_in"},
      {"POST /api/query/check", "signed_in"},
      {"GET /api/workspaces", "signed_in"},
      {"POST /api/workspaces", "admin"},
      {"GET /api/workspaces/{workspace}", "read"},
      {"GET /api/workspaces/{workspace}/topics", "read"},
      {"POST /api/workspaces/{workspace}/topics", "edit_topics"},
      {"GET /api/workspaces/{workspace}/topics/{id}", "read"},
      {"PUT /api/workspaces/{workspace}/topics/{id}", "edit_topics"},
      {"PATCH /api/workspaces/{workspace}/topics/{id}", "edit_topics"},
      {"DELETE /api/workspaces/{workspace}/topics/{id}", "edit_topics"},
      {"GET /api/workspaces/{workspace}/posts", "read"},
      {"GET /api/workspaces/{workspace}/posts/{id}", "read"},
      {"GET /api/workspaces/{workspace}/stats", "read"},
      {"GET /api/workspaces/{workspace}/channels", "read"},
      {"POST /api/workspaces/{workspace}/channels", "manage_channels"},
      {"GET /api/workspaces/{workspace}/channels/{id}", "read"},
      {"PATCH /api/workspaces/{workspace}/channels/{id}", "manage_channels"},
      {"DELETE /api/workspaces/{workspace}/channels/{id}", "manage_channels"},
      {"GET /api/workspaces/{workspace}/members", "read"},
      {"POST /api/workspaces/{workspace}/members", "manage_members"},
      {"GET /api/workspaces/{workspace}/members/{id}", "read"},
      {"PATCH /api/workspaces/{workspace}/members/{id}", "manage_members"},
      {"DELETE /api/workspaces/{workspace}/members/{id}", "manage_members"},
      {"GET /api/workspaces/{workspace}/tokens", "manage_workspace"},
      {"POST /api/workspaces/{workspace}/tokens", "manage_workspace"},
      {"DELETE /api/workspaces/{workspace}/tokens/{id}", "manage_workspace"},
      {"GET /api/workspaces/{workspace}/audit", "read_audit"},
      {"GET /api/workspaces/{workspace}/alerts", "read"},
      {"GET /api/workspaces/{workspace}/alerts/{id}", "read"},
      {"PATCH /api/workspaces/{workspace}/alerts/{id}", "handle_alerts"},
      {"POST /api/workspaces/{workspace}/alerts/{id}/deliveries/{delivery}/retry", "handle_alerts"},
      {"GET /api/workspaces/{workspace}/alert-rules", "read"},
      {"POST /api/workspaces/{workspace}/alert-rules", "manage_alerts"},
      {"GET /api/workspaces/{workspace}/alert-rules/{id}", "read"},
      {"PATCH /api/workspaces/{workspace}/alert-rules/{id}", "manage_alerts"},
      {"DELETE /api/workspaces/{workspace}/alert-rules/{id}", "manage_alerts"},
      {"GET /api/workspaces/{workspace}/alert-destinations", "handle_alerts"},
      {"POST /api/workspaces/{workspace}/alert-destinations", "manage_alerts"},
      {"GET /api/workspaces/{workspace}/alert-destinations/{id}", "handle_alerts"},
      {"PATCH /api/workspaces/{workspace}/alert-destinations/{id}", "manage_alerts"},
      {"DELETE /api/workspaces/{workspace}/alert-destinations/{id}", "manage_alerts"},
      {"POST /api/workspaces/{workspace}/alert-destinations/{id}/test", "manage_alerts"},
  };
  return kAccess;
}

// Which roles hold each permission, as the product describes the roles.
bool RoleMay(const std::string& role, const std::string& need) {
  static const std::map<std::string, std::set<std::string>> kHolders = {
      {"read", {"owner", "manager", "community_manager", "approver", "analyst", "client"}},
      {"edit_topics", {"owner", "manager", "community_manager", "analyst"}},
      {"manage_channels", {"owner", "manager"}},
      {"manage_members", {"owner", "manager"}},
      {"read_audit", {"owner", "manager"}},
      {"manage_workspace", {"owner", "manager"}},
      {"handle_alerts", {"owner", "manager", "community_manager"}},
      {"manage_alerts", {"owner", "manager"}},
  };
  if (need == "anyone" || need == "signed_in") return true;
  if (need == "admin") return false;  // no role makes an administrator of tribu
  return kHolders.at(need).contains(role);
}

constexpr std::array<std::string_view, 6> kRoleNames = {"owner",    "manager", "community_manager",
                                                        "approver", "analyst", "client"};

struct Session {
  std::string cookie;  // "tribu_session=..."
  std::string csrf;
};

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto port = api_.Start(dir_.File("t.db"), clock_, {.threads = 4, .version = "test"});
    ASSERT_TRUE(port) << port.error().message;
    server_ = &api_.server();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);

    auto link = server_->SetupLink();
    ASSERT_TRUE(link);
    auto admin = Call("POST", "/api/auth/setup",
                      Json{{"token", link->substr(9)},
                           {"email", "admin@agence.fr"},
                           {"password", "le mot de passe de l'admin"}},
                      nullptr);
    ASSERT_EQ(admin.status, 201) << admin.raw;
    admin_ = admin.session;
    ASSERT_EQ(Call("POST", "/api/workspaces", Json{{"slug", "velora"}, {"name", "Velora"}}, &admin_)
                  .status,
              201);
    // One person per role, invited by the administrator, each accepting the invitation.
    for (std::string_view name : kRoleNames) {
      const std::string role(name);
      auto invited = Call("POST", "/api/workspaces/velora/members",
                          Json{{"email", role + "@agence.fr"}, {"role", role}}, &admin_);
      ASSERT_EQ(invited.status, 201) << invited.raw;
      const std::string path = invited.body["invitation_path"];
      ASSERT_TRUE(path.starts_with("/#/invitation/")) << path;
      auto accepted =
          Call("POST", "/api/auth/invitation",
               Json{{"token", path.substr(14)}, {"password", "mot de passe " + role}}, nullptr);
      ASSERT_EQ(accepted.status, 201) << accepted.raw;
      sessions_[role] = accepted.session;
    }
    // Someone with an account but no role in the workspace.
    auto other =
        Call("POST", "/api/workspaces", Json{{"slug", "other"}, {"name", "Other"}}, &admin_);
    ASSERT_EQ(other.status, 201);
    auto outsider = Call("POST", "/api/workspaces/other/members",
                         Json{{"email", "outsider@ailleurs.fr"}, {"role", "owner"}}, &admin_);
    const std::string path = outsider.body["invitation_path"];
    sessions_["outsider"] =
        Call("POST", "/api/auth/invitation",
             Json{{"token", path.substr(14)}, {"password", "je suis dehors"}}, nullptr)
            .session;
  }

  struct Reply {
    int status = 0;
    Json body;
    std::string raw;
    Session session;  // from Set-Cookie and the body's csrf_token
  };

  Reply Call(const std::string& method, const std::string& path, const Json& body,
             const Session* as, bool with_csrf = true) {
    httplib::Headers headers;
    if (as) {
      headers.emplace("Cookie", as->cookie);
      if (with_csrf) headers.emplace("X-CSRF-Token", as->csrf);
    }
    const std::string text = body.is_null() ? "" : body.dump();
    httplib::Result r = testing::Send(*client_, method, path, headers, text);
    Reply out;
    if (!r) {
      ADD_FAILURE() << "no answer for " << method << " " << path;
      return out;
    }
    out.status = r->status;
    out.raw = r->body;
    out.body = Json::parse(r->body, nullptr, false);
    const std::string cookie = r->get_header_value("Set-Cookie");
    if (!cookie.empty()) out.session.cookie = cookie.substr(0, cookie.find(';'));
    if (out.body.is_object() && out.body.contains("csrf_token")) {
      out.session.csrf = out.body["csrf_token"];
    }
    return out;
  }

  // The path of a route with its placeholders filled: the workspace, and ids
  // that exist nowhere (so that allowed calls change nothing).
  static std::string Fill(std::string pattern, const std::string& workspace) {
    auto put = [&](const std::string& name, const std::string& value) {
      if (auto at = pattern.find(name); at != std::string::npos) {
        pattern.replace(at, name.size(), value);
      }
    };
    put("{workspace}", workspace);
    put("{id}", "999999");
    put("{channel}", "999999");
    put("{delivery}", "999999");
    return pattern;
  }

  testing::TempDir dir_;
  ManualClock clock_{*ParseTimestamp("2026-03-02T12:00:00Z")};
  testing::ApiTestServer api_;
  ApiServer* server_ = nullptr;
  std::unique_ptr<httplib::Client> client_;
  Session admin_;
  std::map<std::string, Session> sessions_;
};

TEST_F(AccessTest, EveryRouteAnswersEveryRoleAsTheRoleTableSays) {
  auto index = Call("GET", "/api", nullptr, nullptr);
  ASSERT_EQ(index.status, 200);
  std::set<std::string> seen;
  int checked = 0;
  for (const Json& route : index.body["routes"]) {
    const std::string method = route["method"], pattern = route["path"];
    if (pattern == "/metrics") continue;
    std::string key = method;
    key += " ";
    key += pattern;
    seen.insert(key);
    auto expected = ExpectedAccess().find(key);
    ASSERT_NE(expected, ExpectedAccess().end()) << key << " is not in the role table of this test";
    EXPECT_EQ(route["access"], expected->second) << key;
    // Signing out would end the session the walk uses; tested on its own below.
    if (pattern.starts_with("/api/auth/logout")) continue;
    const std::string path = Fill(pattern, "velora");

    auto anonymous = Call(method, path, Json::object(), nullptr);
    if (expected->second == "anyone") {
      // Open to all; the webhook then checks its own signature.
      EXPECT_NE(anonymous.status, 403) << key << ": " << anonymous.raw;
      if (anonymous.status == 401) {
        EXPECT_NE(anonymous.raw.find("webhook signature"), std::string::npos) << anonymous.raw;
      }
    } else {
      EXPECT_EQ(anonymous.status, 401) << key << " anonymous: " << anonymous.raw;
    }
    for (std::string_view name : kRoleNames) {
      const std::string role(name);
      auto r = Call(method, path, Json::object(), &sessions_.at(role));
      ++checked;
      if (RoleMay(role, expected->second)) {
        if (r.status == 401) {
          EXPECT_NE(r.raw.find("webhook signature"), std::string::npos) << key << ": " << r.raw;
        }
        EXPECT_NE(r.status, 403) << key << " as " << role << ": " << r.raw;
      } else {
        EXPECT_EQ(r.status, 403) << key << " as " << role << ": " << r.raw;
        EXPECT_EQ(r.body["error"]["code"], "permission_denied") << key << " as " << role;
      }
    }
    // Someone signed in without a role here sees nothing of the workspace.
    if (pattern.find("{workspace}") != std::string::npos) {
      auto r = Call(method, path, Json::object(), &sessions_.at("outsider"));
      EXPECT_EQ(r.status, 403) << key << " as outsider: " << r.raw;
    }
  }
  for (const auto& [key, access] : ExpectedAccess()) {
    EXPECT_TRUE(seen.contains(key)) << key << " is in the role table but not served";
  }
  EXPECT_GT(checked, 150);
}

TEST_F(AccessTest, StateChangesFromABrowserNeedTheCsrfToken) {
  const Session& manager = sessions_.at("manager");
  Json topic = {{"name", "Marque"}, {"query", "velora"}};
  auto forged = Call("POST", "/api/workspaces/velora/topics", topic, &manager, /*with_csrf=*/false);
  EXPECT_EQ(forged.status, 403) << forged.raw;
  Session wrong = manager;
  wrong.csrf = "not-the-token";
  EXPECT_EQ(Call("POST", "/api/workspaces/velora/topics", topic, &wrong).status, 403);
  EXPECT_EQ(Call("POST", "/api/workspaces/velora/topics", topic, &manager).status, 201);
  // Reading needs no token.
  EXPECT_EQ(Call("GET", "/api/workspaces/velora/topics", nullptr, &manager, false).status, 200);
}

TEST_F(AccessTest, ChangesAreAuditedWithWhoWhatBeforeAndAfter) {
  const Session& cm = sessions_.at("community_manager");
  auto created = Call("POST", "/api/workspaces/velora/topics",
                      Json{{"name", "Marque"}, {"query", "velora"}}, &cm);
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string id = std::to_string(created.body["id"].get<int>());
  ASSERT_EQ(Call("PATCH", "/api/workspaces/velora/topics/" + id,
                 Json{{"query", "velora OR #velora"}}, &cm)
                .status,
            200);
  ASSERT_EQ(Call("DELETE", "/api/workspaces/velora/topics/" + id, nullptr, &cm).status, 200);
  // A refused change is not a change.
  EXPECT_EQ(Call("POST", "/api/workspaces/velora/channels", Json{{"name", "x"}}, &cm).status, 403);

  EXPECT_EQ(Call("GET", "/api/workspaces/velora/audit", nullptr, &cm).status, 403);
  auto audit = Call("GET", "/api/workspaces/velora/audit", nullptr, &sessions_.at("manager"));
  ASSERT_EQ(audit.status, 200) << audit.raw;
  const Json& entries = audit.body["entries"];
  ASSERT_GE(entries.size(), 3u);
  // Newest first: the delete, the patch, the creation.
  EXPECT_EQ(entries[0]["action"], "DELETE /api/workspaces/{workspace}/topics/{id}");
  EXPECT_EQ(entries[0]["before"]["query"], "velora OR #velora");
  EXPECT_TRUE(entries[0]["after"].is_null());
  EXPECT_EQ(entries[1]["action"], "PATCH /api/workspaces/{workspace}/topics/{id}");
  EXPECT_EQ(entries[1]["before"]["query"], "velora");
  EXPECT_EQ(entries[1]["after"]["query"], "velora OR #velora");
  EXPECT_EQ(entries[1]["target"], "/api/workspaces/velora/topics/" + id);
  EXPECT_TRUE(entries[1]["actor"].get<std::string>().ends_with("community_manager@agence.fr"))
      << entries[1];
  EXPECT_EQ(entries[2]["action"], "POST /api/workspaces/{workspace}/topics");
  EXPECT_TRUE(entries[2]["before"].is_null());
  // The invitations that made the members are there too.
  bool invitations = false;
  for (const Json& e : entries) {
    invitations = invitations || e["action"] == "POST /api/workspaces/{workspace}/members";
  }
  EXPECT_TRUE(invitations);
}

TEST_F(AccessTest, RolesChangeWithinLimitsAndAccessFollowsAtOnce) {
  const Session& manager = sessions_.at("manager");
  const Session& analyst = sessions_.at("analyst");
  auto members = Call("GET", "/api/workspaces/velora/members", nullptr, &manager);
  ASSERT_EQ(members.status, 200);
  std::map<std::string, int> ids;
  for (const Json& m : members.body["members"]) ids[m["email"]] = m["id"];
  const std::string analyst_path =
      "/api/workspaces/velora/members/" + std::to_string(ids["analyst@agence.fr"]);
  const std::string owner_path =
      "/api/workspaces/velora/members/" + std::to_string(ids["owner@agence.fr"]);

  // An analyst may edit topics; made a client, the next request is refused.
  Json topic = {{"name", "Concurrence"}, {"query", "vanmoof"}};
  EXPECT_EQ(Call("POST", "/api/workspaces/velora/topics", topic, &analyst).status, 201);
  ASSERT_EQ(Call("PATCH", analyst_path, Json{{"role", "client"}}, &manager).status, 200);
  topic["name"] = "Autre";
  auto denied = Call("POST", "/api/workspaces/velora/topics", topic, &analyst);
  EXPECT_EQ(denied.status, 403) << denied.raw;
  EXPECT_NE(denied.body["error"]["message"].get<std::string>().find("client"), std::string::npos);

  // A manager cannot make or unmake owners.
  EXPECT_EQ(Call("PATCH", analyst_path, Json{{"role", "owner"}}, &manager).status, 403);
  EXPECT_EQ(Call("DELETE", owner_path, nullptr, &manager).status, 403);
  // The last owner stays: once the administrator (owner as creator) is removed,
  // the owner cannot step down.
  const std::string admin_path =
      "/api/workspaces/velora/members/" + std::to_string(ids["admin@agence.fr"]);
  ASSERT_EQ(Call("DELETE", admin_path, nullptr, &sessions_.at("owner")).status, 200);
  auto last = Call("PATCH", owner_path, Json{{"role", "manager"}}, &sessions_.at("owner"));
  EXPECT_EQ(last.status, 422) << last.raw;
  // Removed, the member loses the workspace.
  ASSERT_EQ(Call("DELETE", analyst_path, nullptr, &manager).status, 200);
  EXPECT_EQ(Call("GET", "/api/workspaces/velora/posts", nullptr, &analyst).status, 403);
  auto mine = Call("GET", "/api/workspaces", nullptr, &analyst);
  EXPECT_TRUE(mine.body["workspaces"].empty()) << mine.raw;
}

TEST_F(AccessTest, SigningOutEndsTheSessionAndTokensActWithTheirRole) {
  Session owner = sessions_.at("owner");
  auto token = Call("POST", "/api/workspaces/velora/tokens",
                    Json{{"name", "zapier"}, {"role", "analyst"}}, &owner);
  ASSERT_EQ(token.status, 201) << token.raw;
  const std::string secret = token.body["token"];
  httplib::Headers bearer = {{"Authorization", "Bearer " + secret}};
  EXPECT_EQ(client_->Get("/api/workspaces/velora/posts", bearer)->status, 200);
  // A token needs no CSRF token (no browser sends it on its own) and keeps to its role.
  auto manage = client_->Post("/api/workspaces/velora/channels", bearer, "{}", "application/json");
  EXPECT_EQ(manage->status, 403);
  EXPECT_EQ(client_->Get("/api/workspaces/other", bearer)->status, 403);
  // The token's value is never listed again, not even in the audit log.
  auto list = Call("GET", "/api/workspaces/velora/tokens", nullptr, &owner);
  EXPECT_EQ(list.raw.find(secret), std::string::npos);
  auto audit = Call("GET", "/api/workspaces/velora/audit", nullptr, &owner);
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.raw.find(secret), std::string::npos);
  EXPECT_NE(audit.raw.find("[redacted]"), std::string::npos);
  EXPECT_EQ(audit.raw.find("/#/invitation/"), std::string::npos);

  auto out = Call("POST", "/api/auth/logout", Json::object(), &owner);
  ASSERT_EQ(out.status, 200) << out.raw;
  EXPECT_EQ(Call("GET", "/api/auth/me", nullptr, &owner).status, 401);

  // Signing in again, twice, then out everywhere.
  auto a = Call("POST", "/api/auth/login",
                Json{{"email", "owner@agence.fr"}, {"password", "mot de passe owner"}}, nullptr);
  auto b = Call("POST", "/api/auth/login",
                Json{{"email", "owner@agence.fr"}, {"password", "mot de passe owner"}}, nullptr);
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(Call("POST", "/api/auth/logout-everywhere", Json::object(), &a.session).status, 200);
  EXPECT_EQ(Call("GET", "/api/auth/me", nullptr, &b.session).status, 401);
}

TEST_F(AccessTest, PasswordGuessingIsSlowedDown) {
  Reply last;
  for (int i = 0; i < 11; ++i) {
    last = Call("POST", "/api/auth/login",
                Json{{"email", "client@agence.fr"}, {"password", "devine " + std::to_string(i)}},
                nullptr);
  }
  EXPECT_EQ(last.status, 429) << last.raw;
  auto right =
      client_->Post("/api/auth/login",
                    Json{{"email", "client@agence.fr"}, {"password", "mot de passe client"}}.dump(),
                    "application/json");
  EXPECT_EQ(right->status, 429);
  EXPECT_FALSE(right->get_header_value("Retry-After").empty());
}

}  // namespace
}  // namespace tribu
