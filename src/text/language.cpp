#include "tribu/text/language.h"

#include <cld2/public/compact_lang_det.h>

#include <array>

namespace tribu::text {
namespace {

// Below this many letters in words, no detector tells French from English
// reliably; say "und" instead of guessing.
constexpr std::size_t kMinLetters = 12;

// Function words that settle short French/English texts where CLD2 hesitates.
constexpr std::array<std::string_view, 40> kFrenchMarkers = {
    "le",  "la",    "les",  "des",  "du",   "est",  "et",   "pas", "je",   "tu",
    "il",  "nous",  "vous", "une",  "un",   "pour", "avec", "sur", "dans", "que",
    "qui", "c'est", "ce",   "mais", "tres", "plus", "mon",  "ma",  "mes",  "son",
    "sa",  "au",    "aux",  "j'",   "l'",   "d'",   "n'",   "qu'", "ne",   "on"};
constexpr std::array<std::string_view, 40> kEnglishMarkers = {
    "the", "and",   "is",   "are",  "was",  "were", "not",   "you",  "your", "i",
    "it",  "it's",  "this", "that", "with", "for",  "of",    "to",   "in",   "on",
    "my",  "we",    "they", "have", "has",  "but",  "be",    "will", "just", "so",
    "can", "don't", "i'm",  "what", "at",   "from", "about", "all",  "do",   "me"};

// Which marker list a word is on: 1 French, 2 English, 0 neither. Words are
// short, so a switch on length and a linear scan of a few entries is enough.
int MarkerOf(std::string_view w) {
  if (w.empty() || w.size() > 6) return 0;
  for (std::string_view x : kFrenchMarkers) {
    if (x == w) return 1;
  }
  for (std::string_view x : kEnglishMarkers) {
    if (x == w) return 2;
  }
  return 0;
}

}  // namespace

LanguageGuess DetectLanguage(const TokenizedText& tokens, std::string_view hint,
                             std::string* buffer) {
  int french = 0;
  int english = 0;
  std::size_t letters = 0;
  for (const Token& t : tokens.tokens) {
    if (t.kind != TokenKind::kWord || t.Has(token_flags::kVariant) ||
        t.Has(token_flags::kHashtagPart)) {
      continue;
    }
    const int marker = MarkerOf(tokens.Norm(t));
    french += marker == 1 ? 1 : 0;
    english += marker == 2 ? 1 : 0;
    letters += t.raw_length;
  }
  LanguageGuess guess;
  if (letters < kMinLetters) return guess;
  if ((hint == "fr" && french >= 2 && english == 0) ||
      (hint == "en" && english >= 2 && french == 0)) {
    return {std::string(hint), 100, true};
  }
  std::string local;
  std::string& words = buffer != nullptr ? *buffer : local;
  words.clear();
  for (const Token& t : tokens.tokens) {
    if (t.kind != TokenKind::kWord || t.Has(token_flags::kVariant) ||
        t.Has(token_flags::kHashtagPart)) {
      continue;
    }
    words.append(tokens.Raw(t));
    words.push_back(' ');
  }

  CLD2::Language languages[3];
  int percents[3];
  int text_bytes = 0;
  bool reliable = false;
  const CLD2::Language top = CLD2::DetectLanguageSummary(
      words.data(), static_cast<int>(words.size()), /*is_plain_text=*/true, languages, percents,
      &text_bytes, &reliable);
  const std::string_view code = CLD2::LanguageCode(top);
  // CLD2 is unsure on short texts; function words decide between French and
  // English when they clearly lean one way.
  const bool fr_en = code == "fr" || code == "en";
  if ((!reliable || !fr_en) && french + english >= 2) {
    if (french >= 2 * english + 1 && (code == "fr" || !reliable)) {
      return {"fr", percents[0], false};
    }
    if (english >= 2 * french + 1 && (code == "en" || !reliable)) {
      return {"en", percents[0], false};
    }
  }
  if (top == CLD2::UNKNOWN_LANGUAGE || !reliable || percents[0] < 60) return guess;
  guess.code = std::string(code);
  guess.percent = percents[0];
  guess.reliable = true;
  return guess;
}

}  // namespace tribu::text
