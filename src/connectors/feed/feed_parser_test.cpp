#include "connectors/feed/feed_parser.h"

#include <gtest/gtest.h>

#include "support/fixtures.h"

namespace tribu::connectors::feed {
namespace {

std::string Fixture(const std::string& name) { return testing::ReadFixture("feeds/" + name); }

ParsedFeed MustParse(const std::string& name, std::string_view content_type = "",
                     std::string_view url = "https://feeds.example.com/feed") {
  auto feed = ParseFeed(Fixture(name), content_type, url);
  EXPECT_TRUE(feed) << name << ": " << (feed ? "" : feed.error().message);
  return feed ? *feed : ParsedFeed{};
}

TEST(FeedParserTest, ReadsRss2WithHtmlSummariesAndRelativeLinks) {
  ParsedFeed f = MustParse("lemonde-rss.xml", "application/rss+xml; charset=utf-8",
                           "https://www.lemonde.fr/economie/rss_full.xml");
  EXPECT_EQ(f.format, "rss");
  EXPECT_EQ(f.title, "Économie : Toute l'actualité sur Le Monde.fr.");
  EXPECT_EQ(f.link, "https://www.lemonde.fr/economie/rss_full.xml");
  ASSERT_EQ(f.items.size(), 2u);
  const FeedItem& a = f.items[0];
  EXPECT_EQ(a.title, "Velora rappelle 12 000 vélos électriques après des incendies de batterie");
  EXPECT_NE(a.text.find("sous pression après"), std::string::npos);
  EXPECT_EQ(a.text.find("<b>"), std::string::npos);
  EXPECT_NE(a.text.find("«\u00a0retard inacceptable\u00a0»"), std::string::npos);
  ASSERT_TRUE(a.published);
  EXPECT_EQ(FormatIso8601(*a.published), "2026-11-23T08:30:05.000Z");
  EXPECT_EQ(
      a.id,
      "https://www.lemonde.fr/economie/article/2026/11/23/velora-rappelle-12-000-velos_6201.html");

  const FeedItem& b = f.items[1];
  EXPECT_EQ(b.title, "Les ventes de vélos reculent pour la deuxième année & les prix baissent");
  EXPECT_EQ(b.author, "Marie Dupont");
  EXPECT_EQ(b.id, "lemonde-6200");
  // content:encoded wins over description; lists and paragraphs become lines;
  // styles and scripts are dropped.
  EXPECT_EQ(b.text,
            "Le marché se contracte, selon l'Union sport & cycle.\n\n-12 % en volume\n\n-4 % en "
            "valeur\n\nLes distributeurs bradent leurs stocks.");
  EXPECT_EQ(b.link, "https://www.lemonde.fr/economie/article/2026/11/22/ventes-velos_6200.html");
}

TEST(FeedParserTest, ReadsAtomTextConstructsAndXmlBase) {
  ParsedFeed f = MustParse("blog-atom.xml", "application/atom+xml");
  EXPECT_EQ(f.format, "atom");
  EXPECT_EQ(f.title, "Cycling Tech Weekly");
  EXPECT_EQ(f.link, "https://blog.example.org/");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].title, "Velora Urban 3 review: great motor, awful support");
  EXPECT_EQ(f.items[0].link, "https://blog.example.org/posts/velora-urban-3-review");
  EXPECT_EQ(f.items[0].text, "The Urban 3 motor is great.\n\nSupport took 3 weeks to answer.");
  EXPECT_EQ(f.items[0].author, "Sam Rivera");
  ASSERT_TRUE(f.items[0].published);  // published wins over updated
  EXPECT_EQ(FormatIso8601(*f.items[0].published), "2026-11-22T19:00:00.000Z");
  EXPECT_EQ(f.items[1].text, "Keep your battery warm.\nCharge it indoors.");
  ASSERT_TRUE(f.items[1].published);  // updated when there is no published
  EXPECT_EQ(FormatIso8601(*f.items[1].published), "2026-11-20T10:00:00.000Z");
}

TEST(FeedParserTest, ReadsRdfInItsDeclaredLatin1) {
  ParsedFeed f = MustParse("forum-rdf.xml");
  EXPECT_EQ(f.format, "rdf");
  EXPECT_EQ(f.title, "Forum Vélo");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].id, "https://forum.example.fr/t/1");
  EXPECT_EQ(f.items[0].title, "Problème de batterie");
  EXPECT_EQ(f.items[0].text, "Ma batterie chauffe après 10 km.");
  EXPECT_EQ(f.items[0].author, "cycliste42");
  ASSERT_TRUE(f.items[0].published);
  EXPECT_EQ(FormatIso8601(*f.items[0].published), "2026-11-21T19:15:00.000Z");
}

TEST(FeedParserTest, ReadsJsonFeedAndSkipsItemsThatAreNotObjects) {
  ParsedFeed f =
      MustParse("microblog.json", "application/feed+json", "https://ana.example.net/feed.json");
  EXPECT_EQ(f.format, "jsonfeed");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].text,
            "My Velora battery died again.\n\nThird time this year. Done with them.");
  EXPECT_EQ(f.items[0].author, "Ana");
  EXPECT_EQ(f.items[1].id, "42");
  EXPECT_EQ(f.items[1].link, "https://ana.example.net/2026/11/20/hello");
  EXPECT_EQ(f.items[1].text, "Hello world");
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_NE(f.warnings[0].find("item 2 is not an object"), std::string::npos);
}

TEST(FeedParserTest, ReadsUndeclaredWindows1252AndSaysSo) {
  ParsedFeed f = MustParse("cp1252-undeclared.xml");
  EXPECT_EQ(f.title, "Café des sports");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Un café “crème” € 2");
  EXPECT_EQ(f.items[0].text, "Déjà vu");
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_NE(f.warnings[0].find("Windows-1252"), std::string::npos);
  // The HTTP charset wins over guessing.
  ParsedFeed latin = MustParse("cp1252-undeclared.xml", "text/xml; charset=ISO-8859-1");
  EXPECT_TRUE(latin.warnings.empty());
  EXPECT_EQ(latin.items[0].title, "Un café “crème” € 2");
}

TEST(FeedParserTest, KeepsTheItemsBeforeABreakAndReportsTheRest) {
  ParsedFeed f = MustParse("broken-truncated.xml");
  ASSERT_EQ(f.items.size(), 3u);  // the cut item is not kept
  EXPECT_EQ(f.items[0].title, "First complete item");
  EXPECT_FALSE(f.items[1].published);
  EXPECT_NE(f.items[1].date_problem.find("yesterday at noon"), std::string::npos);
  EXPECT_EQ(f.items[2].id, "t2");  // duplicates are the source's business
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_NE(f.warnings.back().find("broken after 3 items"), std::string::npos);
  EXPECT_NE(f.warnings.back().find("line "), std::string::npos);
}

TEST(FeedParserTest, RefusesWhatIsNotAFeedWithAReason) {
  auto html = ParseFeed(Fixture("not-a-feed.html"), "text/html", "https://x.example/");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().code, ErrorCode::kInvalidArgument);
  auto empty = ParseFeed("  ", "", "https://x.example/");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
  auto svg = ParseFeed("<svg xmlns='http://www.w3.org/2000/svg'/>", "", "https://x.example/");
  ASSERT_FALSE(svg);
  EXPECT_NE(svg.error().message.find("<svg>"), std::string::npos);
  auto json = ParseFeed("{\"items\": []}", "", "https://x.example/");
  ASSERT_FALSE(json);
  EXPECT_NE(json.error().message.find("JSON Feed"), std::string::npos);
}

TEST(FeedParserTest, NeverExpandsExternalEntitiesOrFetchesDtds) {
  std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<rss><channel><item><title>a&x;b</title><guid>1</guid></item></channel></rss>";
  auto f = ParseFeed(xxe, "", "https://x.example/");
  if (f) {
    for (const auto& item : f->items) EXPECT_EQ(item.title.find("root:"), std::string::npos);
  }
}

TEST(FeedParserTest, DropsLinksThatAreNotHttp) {
  std::string rss =
      "<rss><channel><item><title>x</title><link>javascript:alert(1)</link></item>"
      "<item><title>y</title><link>data:text/html,hi</link></item>"
      // Found by fuzz_feed: a link that xmlBuildURI cannot resolve came back raw.
      "<item><title>z</title><link>posts/mary&gt;The motor</link></item>"
      "<item><title>w</title><link>https://x.example/\"onmouseover=alert(1)</link></item>"
      "</channel></rss>";
  auto f = ParseFeed(rss, "", "https://x.example/");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->items.size(), 4u);
  for (const auto& item : f->items) EXPECT_EQ(item.link, "") << item.title;
}

TEST(FeedParserTest, BoundsItemsAndText) {
  std::string rss = "<rss><channel>";
  for (int i = 0; i < 30; ++i) {
    rss += "<item><guid>" + std::to_string(i) + "</guid><description>" + std::string(500, 'a') +
           "</description></item>";
  }
  rss += "</channel></rss>";
  auto f = ParseFeed(rss, "", "https://x.example/", {.max_items = 10, .max_text_bytes = 100});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->items.size(), 10u);
  EXPECT_EQ(f->items[0].text.size(), 100u);
  ASSERT_FALSE(f->warnings.empty());
  EXPECT_NE(f->warnings[0].find("20 were not read"), std::string::npos);
}

TEST(HtmlToTextTest, DropsMarkupKeepsTextAndDecodesEntities) {
  EXPECT_EQ(HtmlToText("plain   text\nhere"), "plain text here");
  EXPECT_EQ(HtmlToText("<p>a&amp;b</p><p>c&eacute;</p>"), "a&b\n\ncé");
  EXPECT_EQ(HtmlToText("<img src=x onerror=alert(1)>hi<script>evil()</script>"), "hi");
  EXPECT_EQ(HtmlToText("one<br>two"), "one\ntwo");
  EXPECT_EQ(HtmlToText(""), "");
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "deep";
  EXPECT_EQ(HtmlToText(deep).find("<"), std::string::npos);
}

}  // namespace
}  // namespace tribu::connectors::feed
