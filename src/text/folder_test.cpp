#include "tribu/text/folder.h"

#include <gtest/gtest.h>

namespace tribu::text {
namespace {

const Folder& TheFolder() {
  static const Folder folder;
  return folder;
}

TEST(FolderTest, CaseAndAccentsFoldAlike) {
  const Folder& f = TheFolder();
  EXPECT_EQ(f.Fold("Élysée"), "elysee");
  EXPECT_EQ(f.Fold("ELYSEE"), "elysee");
  EXPECT_EQ(f.Fold("élysée"), "elysee");
  EXPECT_EQ(f.Fold("GRÈVE à Noël"), "greve a noel");
  EXPECT_EQ(f.Fold("Straße"), "strasse");
}

TEST(FolderTest, DecomposedAccentsFoldLikeComposed) {
  EXPECT_EQ(TheFolder().Fold("e\xCC\x81t\xC3\xA9"), "ete");  // e + U+0301, then é
}

TEST(FolderTest, LigaturesFullWidthAndStyledLetters) {
  const Folder& f = TheFolder();
  EXPECT_EQ(f.Fold("ﬁnance"), "finance");
  EXPECT_EQ(f.Fold("Œuvre cœur"), "oeuvre coeur");
  EXPECT_EQ(f.Fold("ex æquo"), "ex aequo");
  EXPECT_EQ(f.Fold("Ｖｅｌｏｒａ"), "velora");
  EXPECT_EQ(f.Fold("𝐕𝐞𝐥𝐨𝐫𝐚"), "velora");
  EXPECT_EQ(f.Fold("l’entreprise"), "l'entreprise");
}

TEST(FolderTest, InvalidUtf8BecomesSpaceWithoutCrashing) {
  EXPECT_EQ(TheFolder().Fold(std::string("ab\xFF\xC3"
                                         "cd")),
            "ab  cd");
  EXPECT_EQ(TheFolder().Fold(std::string("\xED\xA0\x80x")), "   x");     // encoded surrogate
  EXPECT_EQ(TheFolder().Fold(std::string("\xF4\x90\x80\x80")), "    ");  // past U+10FFFF
}

TEST(FolderTest, EmojiAndOtherScriptsPassThrough) {
  EXPECT_EQ(TheFolder().Fold("👍 日本"), "👍 日本");
  EXPECT_EQ(TheFolder().Fold("❤️"), "❤");  // variation selector dropped
}

TEST(FolderTest, ClassifiesForTheTokenizer) {
  const Folder& f = TheFolder();
  EXPECT_EQ(f.Classify(U'é'), CharClass::kLetter);
  EXPECT_EQ(f.Classify(U'7'), CharClass::kDigit);
  EXPECT_EQ(f.Classify(U'\u2019'), CharClass::kApostrophe);
  EXPECT_EQ(f.Classify(U'#'), CharClass::kHash);
  EXPECT_EQ(f.Classify(U'\U0001F600'), CharClass::kEmoji);
  EXPECT_EQ(f.Classify(U'\u2764'), CharClass::kEmoji);
  EXPECT_EQ(f.Classify(U'\U0001F3FD'), CharClass::kEmojiJoin);
  EXPECT_EQ(f.Classify(U'\u00A0'), CharClass::kSpace);
  EXPECT_EQ(f.Classify(U'\u0301'), CharClass::kMark);
  EXPECT_EQ(f.Classify(U'!'), CharClass::kPunct);
}

}  // namespace
}  // namespace tribu::text

namespace tribu::text {
namespace {

TEST(FolderTest, FoldingIsIdempotentForEveryCodePoint) {
  const Folder& f = TheFolder();
  int bad = 0;
  for (char32_t cp = 1; cp < 0x30000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(cp, &s);
    const std::string once = f.Fold(s);
    if (f.Fold(once) != once && ++bad <= 10) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<std::uint32_t>(cp) << " folds to '" << once
                    << "', which folds to '" << f.Fold(once) << "'";
    }
  }
  EXPECT_EQ(bad, 0);
}

}  // namespace
}  // namespace tribu::text
