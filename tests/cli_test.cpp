// The command line, run as a user would.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/process.h"
#include "support/temp_dir.h"

namespace tribu {
namespace {

class CliTest : public ::testing::Test {
 protected:
  testing::RunResult Tribu(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), TRIBU_BINARY);
    return testing::Run(args, dir_.path().string(), env);
  }
  std::string DataDir() const { return dir_.File("data"); }
  testing::TempDir dir_;
};

TEST_F(CliTest, HelpAndVersion) {
  auto help = Tribu({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* cmd : {"serve", "demo", "import", "search", "migrate", "version", "config"}) {
    EXPECT_NE(help.out.find(cmd), std::string::npos) << cmd;
  }
  auto import_help = Tribu({"import", "--help"});
  EXPECT_NE(import_help.out.find("--dry-run"), std::string::npos);
  auto version = Tribu({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("tribu 0.")) << version.out;
  EXPECT_EQ(Tribu({}).exit_code, 2);  // a subcommand is required
  EXPECT_EQ(Tribu({"frobnicate"}).exit_code, 2);
}

TEST_F(CliTest, ConfigurationMistakesStopWithAClearMessage) {
  auto bad = Tribu({"search", "x", "--data-dir", DataDir(), "--set", "server.threads=0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("server.threads"), std::string::npos) << bad.err;
  auto env = Tribu({"config"}, {"TRIBU_LISTN=1.2.3.4:5"});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_NE(env.err.find("TRIBU_LISTN"), std::string::npos) << env.err;
  std::ofstream(dir_.File("bad.toml")) << "[server]\nlisten = 8080\n";
  auto file = Tribu({"config", "--config", dir_.File("bad.toml")});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find("bad.toml:2"), std::string::npos) << file.err;
  auto shown = Tribu({"config", "--listen", "127.0.0.1:9999"}, {"TRIBU_DATA_DIR=" + DataDir()});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("server.listen = 127.0.0.1:9999"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("storage.data_dir = " + DataDir()), std::string::npos);
}

TEST_F(CliTest, ImportReportsBadRowsKeepsGoodOnesAndNeverDuplicates) {
  std::ofstream(dir_.File("posts.jsonl"))
      << R"({"platform":"mastodon","id":"1","author":"@a","text":"Le café est bon","created_at":"2026-03-01T10:00:00Z"})"
         "\n"
      << R"({"platform":"mastodon","id":"2","author":"@b","text":"broken)"
         "\n"
      << R"({"platform":"mastodon","id":"3","author":"@c","text":"CAFE serré","created_at":"2026-03-01T11:00:00Z"})"
         "\n"
      << R"({"platform":"mastodon","id":"4","author":"@d","text":"sans date"})"
         "\n";
  auto first = Tribu({"import", dir_.File("posts.jsonl"), "--data-dir", DataDir()});
  EXPECT_EQ(first.exit_code, 3) << first.err;
  EXPECT_NE(first.err.find("posts.jsonl:2: not valid JSON"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("posts.jsonl:4: published_at: missing"), std::string::npos) << first.err;
  EXPECT_NE(first.out.find("Imported 2 rows into workspace 'default' (2 new, 0 updated)"),
            std::string::npos)
      << first.out;
  auto again = Tribu({"import", dir_.File("posts.jsonl"), "--data-dir", DataDir()});
  EXPECT_NE(again.out.find("(0 new, 2 updated)"), std::string::npos) << again.out;

  std::ofstream(dir_.File("export.csv")) << "date;username;content\n"
                                            "2026-03-02 09:00;@e;Un CAFÉ svp\n";
  auto csv = Tribu({"import", dir_.File("export.csv"), "--data-dir", DataDir(), "--platform", "x"});
  EXPECT_EQ(csv.exit_code, 0) << csv.err;

  auto search = Tribu({"search", "café", "--data-dir", DataDir(), "--json"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  int lines = 0;
  for (char c : search.out) lines += c == '\n';
  EXPECT_EQ(lines, 3) << search.out;  // café, CAFE and CAFÉ, each once

  auto dry = Tribu({"import", dir_.File("posts.jsonl"), "--data-dir", DataDir(), "--dry-run"});
  EXPECT_NE(dry.out.find("2 good rows, 2 bad rows"), std::string::npos) << dry.out;
  auto missing = Tribu({"import", dir_.File("nope.jsonl"), "--data-dir", DataDir()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
  auto unknown_ws = Tribu({"import", dir_.File("posts.jsonl"), "-d", DataDir(), "-w", "acme"});
  EXPECT_NE(unknown_ws.err.find("no workspace 'acme' (existing: default)"), std::string::npos)
      << unknown_ws.err;
}

TEST_F(CliTest, MigrateReportsAndChecks) {
  auto status = Tribu({"migrate", "--status", "--data-dir", DataDir()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("schema version 0 of"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("pending: 0001_init"), std::string::npos);
  auto migrate = Tribu({"migrate", "--check", "--data-dir", DataDir()});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("Integrity check passed"), std::string::npos);
  auto again = Tribu({"migrate", "--status", "--data-dir", DataDir()});
  EXPECT_EQ(again.out.find("pending"), std::string::npos) << again.out;
}

TEST_F(CliTest, AnalyzeAnnotatesEachLineAndReportsBadOnes) {
  std::ofstream(dir_.File("in.jsonl"))
      << R"({"id":1,"text":"Je vais porter plainte, ce vélo est une arnaque 😡"})"
         "\n"
      << "not json\n"
      << R"({"id":2,"text":"I love my new e-bike, best purchase ever!","lang":"en"})"
         "\n";
  auto r = Tribu({"analyze", dir_.File("in.jsonl")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("in.jsonl:2: not a JSON object"), std::string::npos) << r.err;
  std::istringstream lines(r.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_NE(first.find(R"("id":1)"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("label":"negative")"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("signal":"threat")"), std::string::npos) << first;
  EXPECT_NE(first.find("porter plainte"), std::string::npos) << first;
  EXPECT_NE(second.find(R"("label":"positive")"), std::string::npos) << second;
  EXPECT_NE(second.find(R"("lang":"en")"), std::string::npos) << second;
}

TEST_F(CliTest, EvalPrintsTheMatrixAndAMachineReadableLastLine) {
  std::ofstream(dir_.File("labelled.jsonl"))
      << R"({"text":"I love it, wonderful, thank you!","label":"positive"})"
         "\n"
      << R"({"text":"Horrible service, I hate this company","label":"negative"})"
         "\n"
      << R"({"text":"The store opens at nine on Monday","label":"neutral"})"
         "\n"
      << R"({"text":"Worst purchase ever, broken after a day","label":"negative"})"
         "\n";
  auto r = Tribu({"eval", "sentiment", "--data", dir_.File("labelled.jsonl")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("gold \\ predicted"), std::string::npos) << r.out;
  const std::string last = r.out.substr(r.out.rfind("n="));
  EXPECT_TRUE(last.starts_with("n=4 accuracy=")) << last;
  EXPECT_NE(last.find(" macro_f1="), std::string::npos) << last;
  auto risk =
      Tribu({"eval", "risk", "--data", dir_.File("labelled.jsonl"), "--positive", "negative"});
  EXPECT_NE(risk.out.find(" precision="), std::string::npos) << risk.out;
  auto missing = Tribu({"eval", "risk", "--data", dir_.File("labelled.jsonl")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--positive"), std::string::npos) << missing.err;
}

TEST_F(CliTest, TrainingIsReproducibleAndItsModelIsUsable) {
  {
    std::ofstream out(dir_.File("train.jsonl"));
    const char* rows[][2] = {
        {"I love it, wonderful!", "positive"}, {"great bike, thanks", "positive"},
        {"awful service!!", "negative"},       {"I hate this, broken", "negative"},
        {"opens at nine", "neutral"},          {"the shop is on Main street", "neutral"}};
    for (int i = 0; i < 5; ++i) {
      for (const auto& r : rows) {
        out << R"({"text":")" << r[0] << R"(","label":")" << r[1] << R"(","lang":"en"})"
            << "\n";
      }
    }
  }
  for (const char* name : {"m1.tsv", "m2.tsv"}) {
    auto r =
        Tribu({"train", "sentiment", "--data", dir_.File("train.jsonl"), "--out", dir_.File(name)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto read = [&](const char* name) {
    std::ifstream in(dir_.File(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(read("m1.tsv"), read("m2.tsv"));
  auto eval = Tribu(
      {"eval", "sentiment", "--data", dir_.File("train.jsonl"), "--model", dir_.File("m1.tsv")});
  EXPECT_NE(eval.out.find("n=30 accuracy=1.000"), std::string::npos) << eval.out;
  auto wrong = Tribu({"eval", "sentiment", "--data", dir_.File("train.jsonl"), "--toxicity-model",
                      dir_.File("m1.tsv")});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
  EXPECT_NE(wrong.err.find("classes are not not-toxic, toxic"), std::string::npos) << wrong.err;
}

TEST_F(CliTest, TopicsCheckExplainsAndPointsAtErrors) {
  auto ok = Tribu({"topics", "check", "velora AND (vélo OR bike) -promo"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("(velora AND (velo OR bike) AND NOT promo)"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("looks for: velora"), std::string::npos) << ok.out;
  auto warn = Tribu({"topics", "check", "velora or bike"});
  EXPECT_NE(warn.out.find("write OR for the operator"), std::string::npos) << warn.out;
  auto bad = Tribu({"topics", "check", "velora AND (vélo OR bike"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("column 12: unbalanced parenthesis"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("             ^"), std::string::npos) << bad.err;
}

TEST_F(CliTest, DemoPostsCarryTopicsAndTopicsTestFindsThem) {
  ASSERT_EQ(Tribu({"demo", "--posts", "600", "--data-dir", DataDir()}).exit_code, 0);
  auto r = Tribu(
      {"topics", "test", "#VeloraGate OR velora", "--sample", "600", "--data-dir", DataDir()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("of the 600 most recent posts in 'demo' match"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\n0 of the"), std::string::npos) << r.out;
  auto rematch = Tribu({"topics", "rematch", "--data-dir", DataDir()});
  EXPECT_EQ(rematch.exit_code, 0) << rematch.err;
  EXPECT_NE(rematch.out.find("7 topics re-matched over 600 posts in 'demo'"), std::string::npos)
      << rematch.out;
}

}  // namespace
}  // namespace tribu
