#include "tribu/text/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tribu::text {
namespace {

using ::testing::ElementsAre;

const Folder& TheFolder() {
  static const Folder folder;
  return folder;
}

// "kind:norm@position" for each token, variants marked with '~'.
std::vector<std::string> Describe(std::string_view text) {
  TokenizedText out;
  Tokenizer(TheFolder()).Tokenize(text, &out);
  std::vector<std::string> result;
  for (const Token& t : out.tokens) {
    std::string s(TokenKindName(t.kind));
    s += ':';
    if (t.Has(token_flags::kVariant)) s += '~';
    s += out.Norm(t);
    s += '@' + std::to_string(t.position);
    result.push_back(s);
  }
  return result;
}

TEST(TokenizerTest, WordsAreFoldedWithPositions) {
  EXPECT_THAT(Describe("Le vélo ÉLECTRIQUE, top!"),
              ElementsAre("word:le@0", "word:velo@1", "word:electrique@2", "word:top@3"));
}

TEST(TokenizerTest, FrenchElisionsSplitButAujourdhuiStays) {
  EXPECT_THAT(Describe("l'entreprise qu'il aime aujourd'hui"),
              ElementsAre("word:l'@0", "word:entreprise@1", "word:qu'@2", "word:il@3",
                          "word:aime@4", "word:aujourd'hui@5"));
  EXPECT_THAT(Describe("L’Oréal n’est pas"),
              ElementsAre("word:l'@0", "word:oreal@1", "word:n'@2", "word:est@3", "word:pas@4"));
}

TEST(TokenizerTest, EnglishContractionsStayWhole) {
  EXPECT_THAT(Describe("I don't think it's bad"),
              ElementsAre("word:i@0", "word:don't@1", "word:think@2", "word:it@3", "word:bad@4"));
  EXPECT_THAT(Describe("Velora's bikes"), ElementsAre("word:velora@0", "word:bikes@1"));
}

TEST(TokenizerTest, HashtagsGiveTheTagAndItsCamelCaseParts) {
  EXPECT_THAT(Describe("#GreveSNCF demain"),
              ElementsAre("hashtag:#grevesncf@0", "word:greve@0", "word:sncf@1", "word:demain@2"));
  EXPECT_THAT(Describe("#SNCFGreve #velo_taf #Paris2024"),
              ElementsAre("hashtag:#sncfgreve@0", "word:sncf@0", "word:greve@1",
                          "hashtag:#velo_taf@2", "word:velo@2", "word:taf@3",
                          "hashtag:#paris2024@4", "word:paris@4", "word:2024@5"));
}

TEST(TokenizerTest, NumbersOnlyHashIsNotAHashtag) {
  EXPECT_THAT(Describe("#1 fan"), ElementsAre("number:1@0", "word:fan@1"));
}

TEST(TokenizerTest, MentionsIncludingFediverseHandles) {
  EXPECT_THAT(Describe("merci @Velora_FR et @marie@mastodon.social."),
              ElementsAre("word:merci@0", "mention:@velora_fr@1", "word:velora@1", "word:fr@2",
                          "word:et@3", "mention:@marie@mastodon.social@4", "word:marie@4"));
}

TEST(TokenizerTest, EmailIsNotAMention) {
  EXPECT_THAT(Describe("sav@velora.fr"), ElementsAre("word:sav@0", "word:velora@1", "word:fr@2"));
}

TEST(TokenizerTest, UrlsKeepTheirPathAndDropTrailingPunctuation) {
  EXPECT_THAT(Describe("voir https://Velora.fr/Rappel?id=3). ok"),
              ElementsAre("word:voir@0", "url:https://velora.fr/rappel?id=3@1", "word:ok@2"));
  EXPECT_THAT(Describe("(www.velora.fr)"), ElementsAre("url:www.velora.fr@0"));
}

TEST(TokenizerTest, EmojiClustersAndEmoticons) {
  EXPECT_THAT(Describe("top 👍🏽❤️ :) <3 :-("),
              ElementsAre("word:top@0", "emoji:👍@1", "emoji:❤@2", "emoticon::)@3", "emoticon:<3@4",
                          "emoticon::-(@5"));
  EXPECT_THAT(Describe("👨‍👩‍👧 🇫🇷"), ElementsAre("emoji:👨@0", "emoji:🇫🇷@1"));
}

TEST(TokenizerTest, TimesAreNotEmoticons) {
  EXPECT_THAT(Describe("à 10:30"), ElementsAre("word:a@0", "number:10@1", "number:30@2"));
}

TEST(TokenizerTest, NumbersKeepDecimalSeparators) {
  EXPECT_THAT(Describe("1 299,90 € 4G"), ElementsAre("number:1@0", "number:299,90@1", "word:4g@2"));
}

TEST(TokenizerTest, HyphenatedWordsSplit) {
  EXPECT_THAT(Describe("e-bike rendez-vous"),
              ElementsAre("word:e@0", "word:bike@1", "word:rendez@2", "word:vous@3"));
}

TEST(TokenizerTest, ElongatedWordsGetSqueezedVariants) {
  EXPECT_THAT(Describe("trèèès cooool"),
              ElementsAre("word:treees@0", "word:~trees@0", "word:~tres@0", "word:cooool@1",
                          "word:~cool@1", "word:~col@1"));
}

TEST(TokenizerTest, FlagsCapitals) {
  TokenizedText out;
  Tokenizer(TheFolder()).Tokenize("C'est NUL ok A", &out);
  ASSERT_EQ(out.tokens.size(), 5u);
  EXPECT_TRUE(out.tokens[2].Has(token_flags::kAllCaps));
  EXPECT_FALSE(out.tokens[3].Has(token_flags::kAllCaps));
  EXPECT_FALSE(out.tokens[4].Has(token_flags::kAllCaps));  // one letter is not shouting
  EXPECT_EQ(out.Raw(out.tokens[2]), "NUL");
}

TEST(TokenizerTest, HostileBytesNeverCrash) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) & 0xFF));
  TokenizedText out;
  Tokenizer(TheFolder()).Tokenize(junk, &out);
  for (const Token& t : out.tokens) {
    EXPECT_LE(t.raw_begin + t.raw_length, junk.size());
    EXPECT_LE(t.norm_begin + t.norm_length, out.norm.size());
  }
  Tokenizer(TheFolder()).Tokenize("#", &out);
  EXPECT_TRUE(out.tokens.empty());
  Tokenizer(TheFolder()).Tokenize("@", &out);
  EXPECT_TRUE(out.tokens.empty());
  Tokenizer(TheFolder()).Tokenize("https://", &out);
  EXPECT_EQ(out.tokens.size(), 1u);
}

TEST(TokenizerTest, VeryLongInputIsCut) {
  std::string big;
  while (big.size() < kMaxTokenizedBytes * 2) big += "ab";
  TokenizedText out;
  Tokenizer(TheFolder()).Tokenize(big, &out);
  ASSERT_EQ(out.tokens.size(), 1u);
  EXPECT_EQ(out.tokens[0].raw_length, kMaxTokenizedBytes);
}

}  // namespace
}  // namespace tribu::text
