#include "tribu/app/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace tribu {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    std::string path = dir_.File("tribu.toml");
    std::ofstream(path) << text;
    return path;
  }
  std::string ErrorOf(const ConfigSources& sources) {
    auto c = LoadConfig(sources);
    EXPECT_FALSE(c) << "expected a configuration error";
    return c ? "" : c.error().message;
  }
  testing::TempDir dir_;
};

TEST_F(ConfigTest, DefaultsAreValid) {
  auto c = LoadConfig({.env = {{"HOME", "/home/ana"}}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "127.0.0.1:8080");
  EXPECT_EQ(c->storage.data_dir, "/home/ana/.local/share/tribu");
  EXPECT_EQ(c->DatabasePath(), "/home/ana/.local/share/tribu/tribu.db");
  auto xdg = LoadConfig({.env = {{"HOME", "/home/ana"}, {"XDG_DATA_HOME", "/data"}}});
  EXPECT_EQ(xdg->storage.data_dir, "/data/tribu");
}

TEST_F(ConfigTest, TheDocumentedExampleIsValidAndMentionsEveryKey) {
  auto c = LoadConfig({.file = "docs/tribu.example.toml", .env = {{"HOME", "/h"}}});
  ASSERT_TRUE(c) << c.error().message;
  Config defaults = *LoadConfig({.env = {{"HOME", "/h"}}});
  EXPECT_EQ(c->server.listen, defaults.server.listen);
  EXPECT_EQ(c->server.threads, defaults.server.threads);
  EXPECT_EQ(c->server.max_body_bytes, defaults.server.max_body_bytes);
  EXPECT_EQ(c->storage.synchronous, defaults.storage.synchronous);
  EXPECT_EQ(c->import.batch_size, defaults.import.batch_size);
  std::ifstream in("docs/tribu.example.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& key : ConfigKeys()) {
    std::string name(key.key.substr(key.key.find('.') + 1));
    EXPECT_NE(text.find(name + " ="), std::string::npos) << key.key << " is not documented";
    EXPECT_NE(text.find(std::string(key.env)), std::string::npos) << key.env;
  }
}

TEST_F(ConfigTest, LayersApplyInOrder) {
  std::string path =
      Write("[server]\nlisten = \"0.0.0.0:9000\"\nthreads = 4\n[log]\nlevel = \"debug\"\n");
  auto c = LoadConfig({.file = path,
                       .env = {{"TRIBU_LISTEN", "127.0.0.1:9100"}, {"TRIBU_LOG_LEVEL", "warn"}},
                       .overrides = {"log.level=error", "storage.data_dir=/srv/tribu"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.threads, 4);                // file
  EXPECT_EQ(c->server.listen, "127.0.0.1:9100");  // environment over file
  EXPECT_EQ(c->log.level, "error");               // flag over environment
  EXPECT_EQ(c->storage.data_dir, "/srv/tribu");
  auto env = LoadConfig({.env = {{"TRIBU_DATA_DIR", "/x"}, {"TRIBU_STORAGE_AUTO_MIGRATE", "no"}}});
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(env->storage.data_dir, "/x");
  EXPECT_FALSE(env->storage.auto_migrate);
}

TEST_F(ConfigTest, UnknownKeysAreErrorsWithSuggestions) {
  std::string message = ErrorOf({.file = Write("[server]\ntreads = 4\n")});
  EXPECT_NE(message.find("tribu.toml:2"), std::string::npos) << message;
  EXPECT_NE(message.find("server.treads: unknown key (did you mean server.threads?)"),
            std::string::npos)
      << message;
  message = ErrorOf({.env = {{"TRIBU_LISTN", "x"}}});
  EXPECT_NE(message.find("did you mean TRIBU_LISTEN?"), std::string::npos) << message;
  message = ErrorOf({.overrides = {"server.colour=red"}});
  EXPECT_NE(message.find("flag: server.colour: unknown key"), std::string::npos) << message;
  EXPECT_NE(ErrorOf({.file = Write("listen = \"x\"\n")}).find("[section]"), std::string::npos);
}

TEST_F(ConfigTest, EveryMistakeIsReportedAtOnce) {
  std::string message = ErrorOf({.file = Write("[server]\nthreads = \"many\"\n[nope]\nx = 1\n"),
                                 .env = {{"TRIBU_SERVER_MAX_BODY_BYTES", "big"}},
                                 .overrides = {"novalue"}});
  EXPECT_NE(message.find("4 configuration problems"), std::string::npos) << message;
  EXPECT_NE(message.find("server.threads: expected a whole number"), std::string::npos);
  EXPECT_NE(message.find("nope.x: unknown key"), std::string::npos);
  EXPECT_NE(message.find("TRIBU_SERVER_MAX_BODY_BYTES: 'big' is not a whole number"),
            std::string::npos);
  EXPECT_NE(message.find("key=value"), std::string::npos);
}

TEST_F(ConfigTest, ValuesAreValidated) {
  EXPECT_NE(ErrorOf({.overrides = {"server.listen=localhost"}}).find("no port"), std::string::npos);
  EXPECT_NE(ErrorOf({.overrides = {"server.listen=127.0.0.1:70000"}}).find("0..65535"),
            std::string::npos);
  EXPECT_NE(ErrorOf({.overrides = {"server.threads=0"}}).find("1..256"), std::string::npos);
  // 2^32 + 1 must not wrap to 1 thread.
  EXPECT_NE(ErrorOf({.overrides = {"server.threads=4294967297"}}).find("1..256"),
            std::string::npos);
  EXPECT_NE(ErrorOf({.overrides = {"log.level=loud"}}).find("log.level"), std::string::npos);
  EXPECT_NE(ErrorOf({.overrides = {"storage.backend=postgres"}}).find("not available"),
            std::string::npos);
  EXPECT_NE(ErrorOf({.overrides = {"storage.synchronous=sometimes"}}).find("normal, full"),
            std::string::npos);
  EXPECT_NE(ErrorOf({.overrides = {"import.batch_size=0"}}).find("1..100000"), std::string::npos);
  EXPECT_NE(ErrorOf({.file = dir_.File("missing.toml")}).find("no such configuration file"),
            std::string::npos);
  std::string syntax = ErrorOf({.file = Write("[server\nlisten=1\n")});
  EXPECT_NE(syntax.find("tribu.toml:1:"), std::string::npos) << syntax;
}

TEST_F(ConfigTest, ParsesListenAddresses) {
  auto a = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_FALSE(ParseListenAddress(":8080"));
  EXPECT_FALSE(ParseListenAddress("host:port"));
}

}  // namespace
}  // namespace tribu
