#include "connectors/import/exports.h"

#include <gtest/gtest.h>

#include <fstream>

namespace tribu::import {
namespace {

struct Read {
  std::vector<Post> posts;
  std::vector<std::string> errors;
};

Read ReadFile(const std::string& name, std::string format, std::string account = "@velora") {
  std::ifstream in("tests/data/exports/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  auto f = ResolvePostFileFormat(format, name);
  EXPECT_TRUE(f) << format;
  auto reader = OpenPostFileReader(in, *f, {.workspace_id = WorkspaceId{1}, .account = account});
  EXPECT_TRUE(reader) << (reader ? "" : reader.error().message);
  Read out;
  if (!reader) return out;
  while (true) {
    auto row = (*reader)->Next();
    EXPECT_TRUE(row);
    if (!row || !*row) break;
    if ((*row)->post) {
      out.posts.push_back(*(*row)->post);
    } else {
      out.errors.push_back((*row)->post.error().message);
    }
  }
  return out;
}

TEST(ExportsTest, ReadsAnXArchive) {
  Read r = ReadFile("tweets.js", "auto");
  ASSERT_EQ(r.posts.size(), 2u);
  const Post& a = r.posts[0];
  EXPECT_EQ(a.platform, "x");
  EXPECT_EQ(a.external_id, "1859950000000000001");
  EXPECT_EQ(a.author.handle, "@velora");
  EXPECT_EQ(a.text,
            "La nouvelle Velora arrive : découvrez la #Urban3 & ses 120 km d'autonomie > toutes "
            "les autres");
  EXPECT_EQ(FormatIso8601(a.published_at), "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(a.metrics.likes, 128);
  EXPECT_EQ(a.metrics.shares, 17);
  EXPECT_EQ(a.lang, "fr");
  EXPECT_EQ(a.url, "https://x.com/velora/status/1859950000000000001");
  EXPECT_EQ(r.posts[1].parent_external_id, "1859940000000000000");
  ASSERT_EQ(r.errors.size(), 1u);
}

TEST(ExportsTest, ReadsFacebookAndInstagramAndUndoesTheirMojibake) {
  Read fb = ReadFile("your_posts_1.json", "auto");
  ASSERT_EQ(fb.posts.size(), 1u);
  EXPECT_EQ(fb.posts[0].platform, "facebook");
  EXPECT_EQ(fb.posts[0].text, "Bonne année à toute la communauté Velora 🚲");
  EXPECT_TRUE(fb.posts[0].external_id.starts_with("sha256:"));
  ASSERT_EQ(fb.errors.size(), 1u);  // a photo without text
  EXPECT_NE(fb.errors[0].find("no text"), std::string::npos);

  Read ig = ReadFile("posts_1.json", "instagram");
  ASSERT_EQ(ig.posts.size(), 2u);
  EXPECT_EQ(ig.posts[0].text, "Sortie café vélo ce dimanche #VeloraRide");
  EXPECT_EQ(ig.posts[0].external_id, "media/posts/202611/1795300000.jpg");
  EXPECT_EQ(ig.posts[1].text, "Two photos, one caption");
  EXPECT_EQ(FixMetaMojibake("déjà"), "déjà");  // real UTF-8 stays
  EXPECT_EQ(FixMetaMojibake("\xC3\x83\xC2\xA9"), "é");
}

TEST(ExportsTest, ReadsLinkedInTikTokAndYouTube) {
  Read li = ReadFile("Shares.csv", "auto");
  ASSERT_EQ(li.posts.size(), 1u);
  EXPECT_EQ(li.posts[0].text,
            "Fiers d'annoncer l'ouverture de notre atelier de Lyon 🎉\nMerci à toute l'équipe "
            "\"Velora\" !");
  EXPECT_EQ(li.posts[0].external_id,
            "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7265000000000000001");
  EXPECT_EQ(li.errors.size(), 1u);  // a share without commentary

  Read tt = ReadFile("user_data.json", "tiktok");
  ASSERT_EQ(tt.posts.size(), 1u);
  EXPECT_EQ(tt.posts[0].metrics.likes, 5120);
  EXPECT_EQ(tt.posts[0].text, "3 astuces pour l'hiver #velo #velora");
  ASSERT_EQ(tt.errors.size(), 1u);
  EXPECT_NE(tt.errors[0].find("no caption"), std::string::npos);

  Read yt = ReadFile("comments.csv", "youtube", "");
  ASSERT_EQ(yt.posts.size(), 2u) << (yt.errors.empty() ? "" : yt.errors[0]);
  EXPECT_EQ(yt.posts[0].text, "Merci pour le test complet !");
  EXPECT_EQ(yt.posts[0].author.handle, "UCvelora0000000000000001");
  EXPECT_EQ(yt.posts[0].url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxAbC123");
  EXPECT_EQ(yt.posts[1].parent_external_id, "UgxParent9");
}

TEST(ExportsTest, AsksForTheAccountAndRefusesWhatIsNotAnExport) {
  std::ifstream in("tests/data/exports/tweets.js");
  auto reader = OpenPostFileReader(in, PostFileFormat::kXArchive, {.workspace_id = WorkspaceId{1}});
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("--account"), std::string::npos);
  std::istringstream junk("<html>not json</html>");
  auto bad = OpenPostFileReader(junk, PostFileFormat::kFacebook,
                                {.workspace_id = WorkspaceId{1}, .account = "@v"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not valid JSON"), std::string::npos);
  EXPECT_FALSE(ResolvePostFileFormat("myspace", "x.json"));
}

}  // namespace
}  // namespace tribu::import
