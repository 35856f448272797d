#include "tribu/connectors/post_file.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tribu {
namespace {

struct Outcome {
  std::vector<Post> posts;
  std::vector<std::pair<std::int64_t, std::string>> errors;  // line, message
  std::vector<std::string> ignored;
};

Outcome ReadAll(const std::string& text, PostFileFormat format, PostFileOptions options = {}) {
  options.workspace_id = WorkspaceId{1};
  std::istringstream in(text);
  auto reader = OpenPostFileReader(in, format, options);
  EXPECT_TRUE(reader) << reader.error().message;
  Outcome out;
  if (!reader) return out;
  for (;;) {
    auto row = (*reader)->Next();
    EXPECT_TRUE(row);
    if (!row || !*row) break;
    if ((*row)->post) {
      out.posts.push_back(*(*row)->post);
    } else {
      out.errors.emplace_back((*row)->line, (*row)->post.error().message);
    }
  }
  out.ignored = (*reader)->ignored_columns();
  return out;
}

const char* kGoodLine =
    R"({"platform":"mastodon","id":"1","author":"@marie","text":"Bonjour","created_at":"2026-03-01T10:00:00Z"})";

TEST(JsonLinesTest, KeepsGoodRowsAndReportsBadOnesWithLineNumbers) {
  std::string file =
      std::string(kGoodLine) + "\n" + "{not json\n" + "\n" +
      R"({"platform":"mastodon","id":"2","author":"@paul","text":"x","created_at":"hier"})" + "\n" +
      R"([1,2,3])" + "\n" +
      R"({"platform":"bluesky","id":"3","author":{"handle":"paul.bsky.social","display_name":"Paul","followers":1200},"text":"Salut","published_at":1772359200,"metrics":{"likes":4,"shares":"1,204"},"lang":"fr-FR","extra":true})" +
      "\n" + R"({"platform":"mastodon","id":"4","author":"@a","created_at":"2026-03-01"})" + "\n" +
      R"({"platform":"mastodon","id":"5","author":"@a","text":"t","created_at":"2026-03-01","likes":-3})";
  auto out = ReadAll(file, PostFileFormat::kJsonLines);
  ASSERT_EQ(out.posts.size(), 2u);
  EXPECT_EQ(out.posts[0].external_id, "1");
  EXPECT_EQ(out.posts[0].lang, "und");
  const Post& p = out.posts[1];
  EXPECT_EQ(p.author.handle, "paul.bsky.social");
  EXPECT_EQ(p.author.display_name, "Paul");
  EXPECT_EQ(p.author.followers, 1200);
  EXPECT_EQ(p.metrics.likes, 4);
  EXPECT_EQ(p.metrics.shares, 1204);
  EXPECT_EQ(p.lang, "fr");
  EXPECT_EQ(FormatIso8601(p.published_at), "2026-03-01T10:00:00.000Z");

  ASSERT_EQ(out.errors.size(), 5u);
  EXPECT_EQ(out.errors[0].first, 2);
  EXPECT_NE(out.errors[0].second.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(out.errors[1].first, 4);
  EXPECT_NE(out.errors[1].second.find("published_at"), std::string::npos);
  EXPECT_NE(out.errors[1].second.find("hier"), std::string::npos);
  EXPECT_EQ(out.errors[2].first, 5);
  EXPECT_NE(out.errors[2].second.find("JSON object"), std::string::npos);
  EXPECT_EQ(out.errors[3].first, 7);
  EXPECT_NE(out.errors[3].second.find("text"), std::string::npos);
  EXPECT_EQ(out.errors[4].first, 8);
  EXPECT_NE(out.errors[4].second.find("negative"), std::string::npos);
  EXPECT_EQ(out.ignored, std::vector<std::string>{"extra"});
}

TEST(JsonLinesTest, RejectsInvalidUtf8AndOverlongLines) {
  std::string bad_utf8 =
      "{\"platform\":\"x\",\"id\":\"1\",\"author\":\"a\",\"text\":\"caf\xE9\",\"date\":\"2026-03-"
      "01\"}";
  std::string huge = "{\"text\":\"" + std::string(5000, 'a') + "\"}";
  auto out = ReadAll(bad_utf8 + "\n" + huge + "\n" + kGoodLine + "\n", PostFileFormat::kJsonLines,
                     {.max_row_bytes = 1000});
  ASSERT_EQ(out.errors.size(), 2u);
  EXPECT_EQ(out.errors[0].first, 1);
  EXPECT_NE(out.errors[0].second.find("UTF-8"), std::string::npos);
  EXPECT_EQ(out.errors[1].first, 2);
  EXPECT_NE(out.errors[1].second.find("longer than 1000"), std::string::npos);
  ASSERT_EQ(out.posts.size(), 1u);
  EXPECT_EQ(out.posts[0].external_id, "1");
}

TEST(JsonLinesTest, DerivesAStableIdWhenTheRowHasNone) {
  std::string line =
      R"({"platform":"rss","author":"blog","text":"Article","date":"2026-03-01T08:00:00Z"})";
  auto a = ReadAll(line, PostFileFormat::kJsonLines);
  auto b = ReadAll(line + "\n", PostFileFormat::kJsonLines);
  ASSERT_EQ(a.posts.size(), 1u);
  ASSERT_EQ(b.posts.size(), 1u);
  EXPECT_TRUE(a.posts[0].external_id.starts_with("sha256:"));
  EXPECT_EQ(a.posts[0].external_id, b.posts[0].external_id);
  auto c = ReadAll(
      R"({"platform":"rss","author":"blog","text":"Article modifié","date":"2026-03-01T08:00:00Z"})",
      PostFileFormat::kJsonLines);
  EXPECT_NE(c.posts[0].external_id, a.posts[0].external_id);
}

TEST(CsvPostsTest, ReadsAnExportWithAliasesAndReportsBadRows) {
  std::string file =
      "Date;Username;Content;Likes;Retweets;Language;Notes\n"
      "2026-03-01 10:00:00;@marie;\"Super vélo; je recommande\";12;3;fr;x\n"
      "pas une date;@paul;texte;1;0;fr;\n"
      "2026-03-02;@luc;\"Multi\nligne\";1 024;0;en;\n"
      "2026-03-02;@luc;trop;de;champs;en;a;b\n";
  auto out = ReadAll(file, PostFileFormat::kCsv, {.default_platform = "x"});
  ASSERT_EQ(out.posts.size(), 2u);
  EXPECT_EQ(out.posts[0].text, "Super vélo; je recommande");
  EXPECT_EQ(out.posts[0].metrics.likes, 12);
  EXPECT_EQ(out.posts[0].metrics.shares, 3);
  EXPECT_EQ(out.posts[0].platform, "x");
  EXPECT_EQ(out.posts[1].text, "Multi\nligne");
  EXPECT_EQ(out.posts[1].metrics.likes, 1024);
  ASSERT_EQ(out.errors.size(), 2u);
  EXPECT_EQ(out.errors[0].first, 3);
  EXPECT_NE(out.errors[0].second.find("pas une date"), std::string::npos);
  EXPECT_EQ(out.errors[1].first, 6);  // the multi-line record took lines 4 and 5
  EXPECT_NE(out.errors[1].second.find("8 fields"), std::string::npos);
  EXPECT_EQ(out.ignored, std::vector<std::string>{"Notes"});
}

TEST(CsvPostsTest, RequiresAPlatformAndATextColumn) {
  auto out = ReadAll("text,date,author\nbonjour,2026-03-01,a\n", PostFileFormat::kCsv);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_NE(out.errors[0].second.find("--platform"), std::string::npos);

  std::istringstream in("date,author\n2026-03-01,a\n");
  auto reader = OpenPostFileReader(in, PostFileFormat::kCsv, {});
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("no text column"), std::string::npos);
  std::istringstream empty("");
  EXPECT_FALSE(OpenPostFileReader(empty, PostFileFormat::kCsv, {}));
}

TEST(CsvPostsTest, ConvertsLegacyEncodings) {
  // "Café" in Windows-1252: é is the single byte 0xE9.
  std::string file = "platform,author,text,date\nrss,blog,Caf\xE9 cr\xE8me \x80 5,2026-03-01\n";
  auto raw = ReadAll(file, PostFileFormat::kCsv);
  ASSERT_EQ(raw.errors.size(), 1u);
  EXPECT_NE(raw.errors[0].second.find("--encoding"), std::string::npos);
  auto converted = ReadAll(file, PostFileFormat::kCsv, {.encoding = "windows-1252"});
  ASSERT_EQ(converted.posts.size(), 1u);
  EXPECT_EQ(converted.posts[0].text, "Café crème € 5");
  std::istringstream in(file);
  EXPECT_FALSE(OpenPostFileReader(in, PostFileFormat::kCsv, {.encoding = "klingon-8"}));
}

TEST(PostFileFormatTest, ResolvesFromNameOrFlag) {
  EXPECT_EQ(*ResolvePostFileFormat("auto", "posts.JSONL"), PostFileFormat::kJsonLines);
  EXPECT_EQ(*ResolvePostFileFormat("auto", "export.csv"), PostFileFormat::kCsv);
  EXPECT_EQ(*ResolvePostFileFormat("csv", "-"), PostFileFormat::kCsv);
  EXPECT_FALSE(ResolvePostFileFormat("auto", "posts"));
  EXPECT_FALSE(ResolvePostFileFormat("auto", "posts.jsonl.gz"));
  EXPECT_FALSE(ResolvePostFileFormat("xml", "a.xml"));
}

}  // namespace
}  // namespace tribu
