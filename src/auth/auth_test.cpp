#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.h"
#include "tribu/auth/login_throttle.h"
#include "tribu/auth/password.h"
#include "tribu/auth/permissions.h"
#include "tribu/auth/secret_box.h"
#include "tribu/auth/tokens.h"

namespace tribu::auth {
namespace {

using namespace std::chrono_literals;

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "correct horse battery"));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(*hash, *HashPassword("correct horse battery"));
}

TEST(PasswordTest, RefusesWeakPasswords) {
  EXPECT_FALSE(HashPassword("short"));
  EXPECT_FALSE(HashPassword("aaaaaaaaaaaa"));
  EXPECT_FALSE(HashPassword(std::string(300, 'x') + "y"));
  EXPECT_FALSE(HashPassword("bad utf8 \xff\xfe here"));
  EXPECT_TRUE(CheckPasswordStrength("mot de passe solide"));
}

TEST(TokensTest, AreRandomAndStoredAsHashes) {
  const std::string a = RandomToken(), b = RandomToken();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(ConstantTimeEquals("same", "same"));
  EXPECT_FALSE(ConstantTimeEquals("same", "sAme"));
  EXPECT_FALSE(ConstantTimeEquals("same", "same!"));
}

TEST(SecretBoxTest, SealsOpensAndDetectsTampering) {
  testing::TempDir dir;
  const std::string path = dir.File("secret.key");
  auto box = SecretBox::LoadOrCreate(path);
  ASSERT_TRUE(box) << box.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto sealed = (*box)->Seal("mastodon-token-123");
  ASSERT_TRUE(sealed);
  EXPECT_TRUE((*box)->IsSealed(*sealed));
  EXPECT_EQ(sealed->find("mastodon-token-123"), std::string::npos);
  EXPECT_EQ(*(*box)->Open(*sealed), "mastodon-token-123");
  EXPECT_NE(*sealed, *(*box)->Seal("mastodon-token-123"));  // a fresh nonce each time
  EXPECT_EQ(*(*box)->Open(*(*box)->Seal(std::string_view())), "");

  // The same file gives the same key; another key cannot open it.
  auto again = SecretBox::LoadOrCreate(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(*(*again)->Open(*sealed), "mastodon-token-123");
  auto other = SecretBox::LoadOrCreate(dir.File("other.key"));
  auto wrong = (*other)->Open(*sealed);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kDataLoss);

  std::string tampered = *sealed;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE((*box)->Open(tampered));
  EXPECT_FALSE((*box)->Open("sealed:v1:"));
  EXPECT_FALSE((*box)->Open("plain text"));
}

TEST(SecretBoxTest, RefusesAKeyFileOthersCanReadOrThatIsMalformed) {
  testing::TempDir dir;
  const std::string path = dir.File("k");
  ASSERT_TRUE(SecretBox::LoadOrCreate(path));
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto open = SecretBox::LoadOrCreate(path);
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("chmod 600"), std::string::npos);

  const std::string bad = dir.File("bad");
  std::ofstream(bad) << "not hex\n";
  ASSERT_EQ(::chmod(bad.c_str(), 0600), 0);
  EXPECT_FALSE(SecretBox::LoadOrCreate(bad));
}

TEST(LoginThrottleTest, BlocksAnAddressAndAClientAfterTooManyFailures) {
  ManualClock clock(*ParseTimestamp("2026-03-01T10:00:00Z"));
  LoginThrottle throttle(clock, 3, std::chrono::seconds(600));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.RetryAfter("Marie@x.fr", "10.0.0.1"), 0s);
    throttle.RecordFailure("marie@x.fr", "10.0.0.1");
  }
  EXPECT_EQ(throttle.RetryAfter("MARIE@x.fr", "10.0.0.9"), 600s);  // by address, any case
  EXPECT_EQ(throttle.RetryAfter("paul@x.fr", "10.0.0.1"), 600s);   // by client
  EXPECT_EQ(throttle.RetryAfter("paul@x.fr", "10.0.0.2"), 0s);
  clock.Advance(599s);
  EXPECT_EQ(throttle.RetryAfter("marie@x.fr", "10.0.0.2"), 1s);
  clock.Advance(1s);
  EXPECT_EQ(throttle.RetryAfter("marie@x.fr", "10.0.0.1"), 0s);
}

TEST(PermissionsTest, FollowTheRoleTable) {
  EXPECT_TRUE(Allows(Role::kClient, Permission::kRead));
  EXPECT_FALSE(Allows(Role::kClient, Permission::kEditTopics));
  EXPECT_TRUE(Allows(Role::kAnalyst, Permission::kEditTopics));
  EXPECT_FALSE(Allows(Role::kApprover, Permission::kEditTopics));
  EXPECT_FALSE(Allows(Role::kCommunityManager, Permission::kManageChannels));
  EXPECT_TRUE(Allows(Role::kManager, Permission::kManageMembers));
  EXPECT_FALSE(Allows(Role::kAnalyst, Permission::kReadAudit));
  EXPECT_TRUE(ChangeRoleAllowed(Role::kOwner, Role::kOwner, Role::kClient));
  EXPECT_TRUE(ChangeRoleAllowed(Role::kManager, Role::kClient, Role::kManager));
  EXPECT_FALSE(ChangeRoleAllowed(Role::kManager, Role::kOwner, Role::kClient));
  EXPECT_FALSE(ChangeRoleAllowed(Role::kManager, std::nullopt, Role::kOwner));
  EXPECT_FALSE(ChangeRoleAllowed(Role::kAnalyst, std::nullopt, Role::kClient));
}

}  // namespace
}  // namespace tribu::auth
