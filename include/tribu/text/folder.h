// Case and accent folding for matching: "Élysée", "ELYSEE" and "élysée" all fold
// to "elysee"; ligatures ("ﬁ", "œ"), full-width ("Ｖｅｌｏｒａ") and styled
// letters ("𝐕𝐞𝐥𝐨𝐫𝐚") fold to plain letters.
//
// The folding of each code point is NFKC case folding followed by removal of
// combining marks, computed once with ICU into a table when a Folder is built
// (about 30 ms), then applied code point by code point without allocation.
// Folding is per code point, so a decomposed "e" + U+0301 folds like "é".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tribu::text {

// What a code point is, for the tokenizer.
enum class CharClass : std::uint8_t {
  kSpace,       // white space, controls, invalid bytes (U+FFFD)
  kLetter,      // letters of any script
  kDigit,       // decimal digits
  kMark,        // combining marks: part of the word they follow
  kApostrophe,  // ' ’ ʼ ‘ ′
  kHyphen,      // - ‐ ‑ –
  kHash,        // # ＃
  kAt,          // @ ＠
  kEmoji,       // pictographs, including ♥ and ☹
  kEmojiJoin,   // ZWJ, variation selectors, skin tones: glue inside an emoji
  kPunct,       // everything else: punctuation and symbols
};

// One decoded code point. Invalid UTF-8 decodes as U+FFFD over one byte, so any
// byte string can be walked without failure.
struct CodePoint {
  char32_t value;
  std::uint32_t length;  // bytes it took in the input, 1..4
};

// Decodes the code point at text[pos]; pos must be < text.size().
CodePoint DecodeAt(std::string_view text, std::size_t pos);

// Appends the UTF-8 form of cp to out.
void AppendUtf8(char32_t cp, std::string* out);

// Immutable after construction; safe to share between threads.
class Folder {
 public:
  Folder();
  ~Folder();
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  CharClass Classify(char32_t cp) const;

  // Appends the folded form of cp (possibly empty, for marks).
  void AppendFolded(char32_t cp, std::string* out) const;

  // Folds a whole string; invalid UTF-8 becomes U+FFFD, which folds to a space.
  void Fold(std::string_view text, std::string* out) const;
  std::string Fold(std::string_view text) const;

 private:
  struct Table;
  std::unique_ptr<const Table> table_;
};

}  // namespace tribu::text
