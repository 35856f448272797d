#include "tribu/text/language.h"

#include <gtest/gtest.h>

namespace tribu::text {
namespace {

LanguageGuess Detect(std::string_view text) {
  static const Folder folder;
  TokenizedText tokens;
  Tokenizer(folder).Tokenize(text, &tokens);
  return DetectLanguage(tokens);
}

TEST(LanguageTest, FrenchAndEnglishSentences) {
  EXPECT_EQ(Detect("Le service client ne répond jamais, je suis vraiment déçu de mon vélo").code,
            "fr");
  EXPECT_EQ(
      Detect("The customer service never answers, I am really disappointed with my bike").code,
      "en");
}

TEST(LanguageTest, ShortTweetsDecidedByFunctionWords) {
  EXPECT_EQ(Detect("c'est pas le vélo que je voulais").code, "fr");
  EXPECT_EQ(Detect("this is not what I wanted lol").code, "en");
}

TEST(LanguageTest, TooShortIsUnknown) {
  EXPECT_EQ(Detect("ok").code, "und");
  EXPECT_EQ(Detect("#velora @marie https://x.fr 👍").code, "und");
  EXPECT_EQ(Detect("").code, "und");
}

TEST(LanguageTest, OtherLanguagesAreNamed) {
  EXPECT_EQ(
      Detect("Der Kundendienst antwortet nie, ich bin wirklich enttäuscht von meinem Fahrrad").code,
      "de");
}

TEST(LanguageTest, EntitiesDoNotCount) {
  // Hashtags and mentions in English around a French sentence.
  EXPECT_EQ(Detect("#BlackFriday #Deals @BestBuy le vélo est arrivé cassé, je suis furieux").code,
            "fr");
}

}  // namespace
}  // namespace tribu::text
