// Tokenizer for social text. Splits a post into words, #hashtags, @mentions,
// URLs, emoji, emoticons and numbers, and gives each its folded form (see
// folder.h) for matching and lookup.
//
// - French elisions are split: "l'entreprise" gives "l'" + "entreprise",
//   "qu'il" gives "qu'" + "il"; "aujourd'hui" and English contractions ("don't")
//   stay whole. Typographic apostrophes fold to '.
// - Hyphenated words are split ("e-bike" gives "e", "bike"); the query language
//   tokenizes its terms the same way, so "e-bike" in a query is a phrase.
// - A hashtag gives the tag ("#grevesncf") and, at the same place, its parts
//   split on camel case, digits and underscores ("greve", "sncf"), so that the
//   word "grève" matches "#GreveSNCF". A @mention gives its handle's name the
//   same way ("@Velora_FR" gives "velora", "fr").
// - Letters repeated three times or more ("trèèès", "cooool") are flagged, and
//   variants squeezed to one and two letters ("tres", "trees") are added at the
//   same position.
// - Any byte string is accepted: invalid UTF-8 acts as a space. Input longer than
//   kMaxTokenizedBytes is cut (on a character boundary) before tokenizing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/text/folder.h"

namespace tribu::text {

inline constexpr std::size_t kMaxTokenizedBytes = std::size_t{64} * 1024;

enum class TokenKind : std::uint8_t {
  kWord,
  kNumber,
  kHashtag,  // folded form keeps the '#'
  kMention,  // folded form keeps the '@'
  kUrl,
  kEmoji,     // folded form is the emoji without skin tone or variation selector
  kEmoticon,  // ":)", ":-(", "<3", "xD"...
};

std::string_view TokenKindName(TokenKind kind);

namespace token_flags {
inline constexpr std::uint8_t kAllCaps = 1;      // "NUL", at least two letters, all upper case
inline constexpr std::uint8_t kElongated = 2;    // had a letter repeated 3+ times
inline constexpr std::uint8_t kVariant = 4;      // squeezed variant of the previous token
inline constexpr std::uint8_t kHashtagPart = 8;  // a word taken from a hashtag or a mention
inline constexpr std::uint8_t kElision = 16;     // "l'", "qu'", "n'"
}  // namespace token_flags

struct Token {
  std::uint32_t raw_begin = 0;  // byte span in the input text
  std::uint32_t raw_length = 0;
  std::uint32_t norm_begin = 0;  // byte span in TokenizedText::norm
  std::uint32_t norm_length = 0;
  std::uint32_t position = 0;  // word position, for phrases and NEAR
  TokenKind kind = TokenKind::kWord;
  std::uint8_t flags = 0;

  bool Has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

// The tokens of one text. Reuse one across calls to avoid allocation.
struct TokenizedText {
  std::string_view text;  // the input; must outlive this object's use
  std::string norm;       // folded forms, back to back
  std::vector<Token> tokens;

  std::string_view Norm(const Token& t) const {
    return {norm.data() + t.norm_begin, t.norm_length};
  }
  std::string_view Raw(const Token& t) const { return text.substr(t.raw_begin, t.raw_length); }
  void Clear() {
    text = {};
    norm.clear();
    tokens.clear();
  }
};

// Stateless apart from the Folder it reads; safe to share between threads.
class Tokenizer {
 public:
  explicit Tokenizer(const Folder& folder) : folder_(folder) {}

  // Replaces out's content with the tokens of text.
  void Tokenize(std::string_view text, TokenizedText* out) const;

 private:
  const Folder& folder_;
};

}  // namespace tribu::text
