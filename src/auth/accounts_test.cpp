#include "tribu/auth/accounts.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "tribu/auth/tokens.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::auth {
namespace {

using namespace std::chrono_literals;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("tribu.db")}, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
    accounts_ =
        std::make_unique<Accounts>(*store_, clock_, AccountsOptions{.max_login_failures = 3});
  }

  Accounts::SignedIn MakeOwner() {
    auto link = accounts_->CreateSetupLink();
    EXPECT_TRUE(link) << link.error().message;
    auto in = accounts_->CompleteSetup(*link, {.email = "owner@agence.fr", .display_name = "Owner"},
                                       "un mot de passe long", "test");
    EXPECT_TRUE(in) << in.error().message;
    return *in;
  }

  testing::TempDir dir_;
  ManualClock clock_{*ParseTimestamp("2026-03-01T10:00:00Z")};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountsTest, TheSetupLinkMakesTheFirstAdministratorOnce) {
  auto first = MakeOwner();
  EXPECT_TRUE(first.user.admin);
  auto principal = accounts_->AuthenticateSession(first.session_token);
  ASSERT_TRUE(principal) << principal.error().message;
  EXPECT_EQ(principal->user->email, "owner@agence.fr");
  EXPECT_EQ(principal->RoleIn(ws_), Role::kOwner);  // administrators own every workspace
  EXPECT_EQ(principal->csrf_token, first.session.csrf_token);
  // Only the hash of the session token is stored.
  EXPECT_TRUE(store_->GetSession(HashToken(first.session_token)));
  EXPECT_FALSE(store_->GetSession(first.session_token));

  auto second = accounts_->CreateSetupLink();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(AccountsTest, TheDemoAccountDoesNotTakeTheFirstOwnersPlace) {
  auto link = accounts_->CreateSetupLink();
  ASSERT_TRUE(link);
  auto demo = accounts_->EnsureDemoUser(ws_);
  ASSERT_TRUE(demo);
  EXPECT_TRUE(*accounts_->SetupNeeded());
  auto owner =
      accounts_->CompleteSetup(*link, {.email = "owner@agence.fr"}, "un mot de passe long", "");
  ASSERT_TRUE(owner) << owner.error().message;
  EXPECT_FALSE(*accounts_->SetupNeeded());
  // No password: nobody signs in as the demo user with one.
  EXPECT_FALSE(accounts_->Login("demo@tribu.invalid", "", "c", "ua"));
}

TEST_F(AccountsTest, LinksWorkOnceAndExpire) {
  auto link = accounts_->CreateSetupLink();
  ASSERT_TRUE(link);
  clock_.Advance(73h);
  auto late = accounts_->CompleteSetup(*link, {.email = "a@b.fr"}, "un mot de passe long", "");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*store_->CountUsers(), 0);
}

TEST_F(AccountsTest, LoginChecksThePasswordAndThrottlesGuessing) {
  MakeOwner();
  EXPECT_TRUE(accounts_->Login("OWNER@agence.fr", "un mot de passe long", "1.2.3.4", "ua"));
  for (int i = 0; i < 3; ++i) {
    auto wrong = accounts_->Login("owner@agence.fr", "mauvais mot de passe", "1.2.3.4", "ua");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  }
  std::chrono::seconds wait{};
  auto blocked =
      accounts_->Login("owner@agence.fr", "un mot de passe long", "5.6.7.8", "ua", &wait);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kResourceExhausted);
  EXPECT_GT(wait.count(), 0);
  // Unknown addresses get the same answer as wrong passwords.
  auto unknown = accounts_->Login("nobody@agence.fr", "un mot de passe long", "9.9.9.9", "ua");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "the e-mail address or the password is wrong");
}

TEST_F(AccountsTest, SessionsExpireAndLogoutEverywhereEndsThemAll) {
  auto a = MakeOwner();
  auto b = accounts_->Login("owner@agence.fr", "un mot de passe long", "c", "ua");
  ASSERT_TRUE(b);
  ASSERT_TRUE(accounts_->Logout(a.session_token));
  EXPECT_EQ(accounts_->AuthenticateSession(a.session_token).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->AuthenticateSession(b->session_token));
  auto c = accounts_->Login("owner@agence.fr", "un mot de passe long", "c", "ua");
  EXPECT_EQ(*accounts_->LogoutEverywhere(b->user.id), 2);
  EXPECT_FALSE(accounts_->AuthenticateSession(c->session_token));

  auto d = accounts_->Login("owner@agence.fr", "un mot de passe long", "c", "ua");
  clock_.Advance(24h * 15);
  EXPECT_FALSE(accounts_->AuthenticateSession(d->session_token));
}

TEST_F(AccountsTest, InvitationsGiveARoleAndAPasswordOnce) {
  MakeOwner();
  auto invited = accounts_->Invite(ws_, {.email = "client@marque.fr"}, Role::kClient);
  ASSERT_TRUE(invited) << invited.error().message;
  ASSERT_TRUE(invited->invitation_token);
  // No password yet: nobody can sign in as them.
  EXPECT_FALSE(accounts_->Login("client@marque.fr", "", "c", "ua"));
  auto in =
      accounts_->AcceptInvitation(*invited->invitation_token, "le client est roi", "Client", "ua");
  ASSERT_TRUE(in) << in.error().message;
  auto p = accounts_->AuthenticateSession(in->session_token);
  EXPECT_EQ(p->RoleIn(ws_), Role::kClient);
  EXPECT_FALSE(p->is_admin());
  EXPECT_EQ(p->user->display_name, "Client");
  EXPECT_FALSE(
      accounts_->AcceptInvitation(*invited->invitation_token, "autre mot de passe", "", "ua"));
  // Inviting an existing account changes its role and makes no link.
  auto again = accounts_->Invite(ws_, {.email = "CLIENT@marque.fr"}, Role::kAnalyst);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->invitation_token);
  EXPECT_EQ(accounts_->AuthenticateSession(in->session_token)->RoleIn(ws_), Role::kAnalyst);
}

TEST_F(AccountsTest, ApiTokensAreScopedAndRevocable) {
  auto owner = MakeOwner();
  auto other = store_->CreateWorkspace({.slug = "other", .name = "Other"});
  auto made = accounts_->CreateApiToken(ws_, "zapier", Role::kAnalyst, owner.user.id);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_TRUE(made->second.starts_with("tribu_"));
  auto p = accounts_->AuthenticateApiToken(made->second);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->RoleIn(ws_), Role::kAnalyst);
  EXPECT_FALSE(p->RoleIn(other->id));
  EXPECT_EQ(p->AuditName(), "token:" + std::to_string(made->first.id) + " zapier");
  ASSERT_TRUE(store_->RevokeApiToken(ws_, made->first.id));
  EXPECT_EQ(accounts_->AuthenticateApiToken(made->second).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_FALSE(accounts_->AuthenticateApiToken("tribu_forged"));
  EXPECT_FALSE(accounts_->AuthenticateApiToken("Bearer nonsense"));
}

TEST_F(AccountsTest, ChangingThePasswordNeedsTheCurrentOne) {
  auto owner = MakeOwner();
  EXPECT_EQ(accounts_->ChangePassword(owner.user.id, "wrong password!", "nouveau mot de passe")
                .error()
                .code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(
      accounts_->ChangePassword(owner.user.id, "un mot de passe long", "nouveau mot de passe"));
  EXPECT_FALSE(accounts_->Login("owner@agence.fr", "un mot de passe long", "c", "ua"));
  EXPECT_TRUE(accounts_->Login("owner@agence.fr", "nouveau mot de passe", "c", "ua"));
}

}  // namespace
}  // namespace tribu::auth
