#include "text/sentiment_rules.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tribu::text {
namespace {

// VADER's empirically derived constants.
constexpr double kBoost = 0.293;
constexpr double kCapsBoost = 0.733;
constexpr double kNegationScalar = -0.74;
constexpr double kNormalizationAlpha = 15;

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

constexpr std::array<std::string_view, 26> kNegators = {
    "not",    "no",       "never", "nothing", "nobody", "none",  "neither", "nor",  "without",
    "cannot", "hardly",   "ain't", "ne",      "n'",     "pas",   "jamais",  "rien", "aucun",
    "aucune", "personne", "sans",  "ni",      "nul",    "nulle", "nope",    "nah"};

constexpr std::array<std::string_view, 38> kBoosters = {
    "very",        "really",      "so",         "extremely",  "totally",   "absolutely",
    "incredibly",  "super",       "too",        "completely", "highly",    "most",
    "such",        "fucking",     "damn",       "truly",      "utterly",   "hugely",
    "tres",        "trop",        "vraiment",   "hyper",      "tellement", "grave",
    "vachement",   "extremement", "totalement", "absolument", "carrement", "sacrement",
    "franchement", "archi",       "ultra",      "si",         "tout",      "completement",
    "hyper",       "mega"};

constexpr std::array<std::string_view, 16> kDampeners = {
    "slightly",    "somewhat", "kinda",        "barely", "marginally", "fairly",
    "partly",      "little",   "peu",          "assez",  "legerement", "plutot",
    "moyennement", "quelque",  "relativement", "bit"};

constexpr std::array<std::string_view, 11> kContrasts = {
    "but",       "however",  "although",  "though",    "yet", "mais",
    "cependant", "pourtant", "toutefois", "neanmoins", "sauf"};

constexpr std::array<std::string_view, 12> kSubjects = {
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ca", "c'"};

struct Idiom {
  std::string_view first;
  std::string_view second;
  double valence;
};
constexpr std::array<Idiom, 14> kIdioms = {{
    {"pas", "mal", 1.5},
    {"pas", "terrible", -1.6},
    {"pas", "top", -1.6},
    {"pas", "cher", 1.2},
    {"pas", "fou", -1.2},
    {"pas", "ouf", -1.2},
    {"no", "problem", 0.8},
    {"no", "worries", 0.8},
    {"pas", "genial", -1.6},
    {"pas", "terrible", -1.6},
    {"sans", "probleme", 0.8},
    {"not", "bad", 1.5},
    {"pas", "content", -1.8},
    {"not", "happy", -1.8},
}};

constexpr std::array<std::string_view, 8> kIronyTags = {
    "#sarcasm", "#sarcasme", "#ironie", "#irony", "#not", "#lol", "#jeplaisante", "#jk"};

constexpr auto kFunctionWords = [] {
  std::array<FunctionWord, kNegators.size() + kBoosters.size() + kDampeners.size() +
                               kContrasts.size() + kSubjects.size()>
      table{};
  std::size_t i = 0;
  for (auto w : kNegators) table[i++] = {w, kRoleNegator};
  for (auto w : kBoosters) table[i++] = {w, kRoleBooster};
  for (auto w : kDampeners) table[i++] = {w, kRoleDampener};
  for (auto w : kContrasts) table[i++] = {w, kRoleContrast};
  for (auto w : kSubjects) table[i++] = {w, kRoleSubject};
  return table;
}();

bool IsWordLike(const Token& t) {
  return t.kind == TokenKind::kWord && !t.Has(token_flags::kVariant);
}

bool EndsWithNt(std::string_view w) { return w.size() > 3 && w.ends_with("n't"); }

}  // namespace

std::span<const FunctionWord> FunctionWords() { return kFunctionWords; }

std::uint8_t Roles(const WordInfo* info, std::string_view folded) {
  return static_cast<std::uint8_t>((info != nullptr ? info->roles : 0) |
                                   (EndsWithNt(folded) ? kRoleNegator : 0));
}

void ScoreLexicon(const Lexicons& lexicons, const TokenizedText& text,
                  std::span<const WordInfo* const> info, std::string_view lang, LexiconScore* out) {
  // Reset field by field, keeping the vectors' capacity.
  out->positive = out->negative = out->compound = 0;
  out->negations = out->polar_words = 0;
  out->irony = false;
  const std::vector<Token>& tokens = text.tokens;
  out->negated.assign(tokens.size(), false);

  // Indices of the main tokens (no squeezed variants, no hashtag parts).
  std::vector<std::size_t>& main = out->main;
  main.clear();
  bool any_lower = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.Has(token_flags::kVariant) || t.Has(token_flags::kHashtagPart)) continue;
    main.push_back(i);
    if (t.kind == TokenKind::kWord && !t.Has(token_flags::kAllCaps)) any_lower = true;
  }

  std::vector<std::uint8_t>& roles = out->roles;
  roles.assign(main.size(), 0);
  for (std::size_t m = 0; m < main.size(); ++m) {
    const Token& t = tokens[main[m]];
    if (IsWordLike(t)) {
      const std::string_view w = text.Norm(t);
      roles[m] = Roles(info[main[m]], w);
    }
  }
  std::size_t contrast_at = main.size();
  for (std::size_t m = 0; m < main.size(); ++m) {
    const Token& t = tokens[main[m]];
    if ((roles[m] & kRoleContrast) != 0) contrast_at = m;  // the last one counts
    if (t.kind == TokenKind::kHashtag && OneOf(kIronyTags, text.Norm(t))) out->irony = true;
    if (t.kind == TokenKind::kEmoji && (text.Norm(t) == "🙄" || text.Norm(t) == "🙃")) {
      out->irony = true;
    }
  }

  double sum_pos = 0;
  double sum_neg = 0;
  std::size_t skip_until = 0;
  for (std::size_t m = 0; m < main.size(); ++m) {
    const std::size_t i = main[m];
    const Token& t = tokens[i];
    const std::string_view w = text.Norm(t);
    if ((roles[m] & kRoleNegator) != 0) {
      ++out->negations;
      // Scope: the next three words, up to a contrast.
      for (std::size_t k = m + 1; k < main.size() && k <= m + 3; ++k) {
        if ((roles[k] & kRoleContrast) != 0) break;
        out->negated[main[k]] = true;
      }
    }
    if (m < skip_until) continue;

    std::optional<float> valence;
    if (t.kind == TokenKind::kWord) {
      if (m + 1 < main.size()) {
        const std::string_view next = text.Norm(tokens[main[m + 1]]);
        for (const Idiom& idiom : kIdioms) {
          if (w == idiom.first && next == idiom.second) {
            valence = static_cast<float>(idiom.valence);
            skip_until = m + 2;
            break;
          }
        }
      }
      // "super" boosts the word after it, but is praise on its own ("c'est super !").
      const bool boosting = (roles[m] & kRoleBooster) != 0 && m + 1 < main.size() &&
                            tokens[main[m + 1]].kind == TokenKind::kWord;
      if (!valence && !boosting) {
        if (info[i] != nullptr) valence = info[i]->Valence(lang);
        // "cooool": try the squeezed variants that follow the token.
        for (std::size_t v = i + 1;
             !valence && v < tokens.size() && tokens[v].Has(token_flags::kVariant); ++v) {
          if (info[v] != nullptr) valence = info[v]->Valence(lang);
        }
      }
    } else if (t.kind == TokenKind::kEmoji) {
      valence = lexicons.EmojiValence(w);
    } else if (t.kind == TokenKind::kEmoticon) {
      if (info[i] != nullptr) valence = info[i]->english;
    } else if (t.kind == TokenKind::kHashtag) {
      const std::string_view tag = w.substr(1);
      valence = lexicons.Valence(lang, tag);
      if (valence) *valence *= 0.8F;
    }
    if (!valence || *valence == 0) continue;
    ++out->polar_words;
    double v = *valence;
    const double sign = v > 0 ? 1 : -1;
    if (t.Has(token_flags::kAllCaps) && any_lower) v += sign * kCapsBoost;
    if (t.Has(token_flags::kElongated)) v += sign * kBoost;
    // Boosters and dampeners in the three words before, fading with distance.
    bool negated = skip_until == m + 2 ? false : out->negated[i];
    for (std::size_t back = 1; back <= 3 && back <= m; ++back) {
      const double fade = back == 1 ? 1.0 : back == 2 ? 0.95 : 0.9;
      if ((roles[m - back] & kRoleBooster) != 0) v += sign * kBoost * fade;
      if ((roles[m - back] & kRoleDampener) != 0) v -= sign * kBoost * fade;
    }
    // Colloquial French puts the negation after the verb: "j'aime pas".
    if (!negated && t.kind == TokenKind::kWord && m + 1 < main.size() && skip_until != m + 2) {
      const std::string_view next = text.Norm(tokens[main[m + 1]]);
      if ((next == "pas" || next == "jamais" || next == "plus" || next == "rien") && m >= 1) {
        for (std::size_t back = 1; back <= 2 && back <= m; ++back) {
          if ((roles[m - back] & kRoleSubject) != 0) negated = true;
        }
      }
    }
    if (negated) v *= kNegationScalar;
    if (m < contrast_at && contrast_at < main.size()) v *= 0.5;
    if (contrast_at < main.size() && m > contrast_at) v *= 1.5;
    (v > 0 ? sum_pos : sum_neg) += v;
  }

  double sum = sum_pos + sum_neg;
  // Exclamation marks amplify whatever was said, up to four.
  const auto bangs =
      std::min<std::ptrdiff_t>(4, std::count(text.text.begin(), text.text.end(), '!'));
  if (sum > 0) sum += static_cast<double>(bangs) * 0.292;
  if (sum < 0) sum -= static_cast<double>(bangs) * 0.292;
  if (out->irony && sum > 0) sum = -0.8 * sum;
  out->positive = sum_pos;
  out->negative = sum_neg;
  out->compound = sum / std::sqrt(sum * sum + kNormalizationAlpha);
}

Sentiment ToSentiment(const LexiconScore& score) {
  Sentiment s;
  s.score = score.compound;
  s.label = score.compound >= 0.3    ? SentimentLabel::kPositive
            : score.compound <= -0.3 ? SentimentLabel::kNegative
                                     : SentimentLabel::kNeutral;
  return s;
}

}  // namespace tribu::text
