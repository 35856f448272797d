#include "tribu/text/analyzer.h"

#include <algorithm>
#include <cmath>

#include "text/lexicons.h"
#include "text/risk.h"
#include "text/sentiment_rules.h"
#include "tribu/text/linear_model.h"
#include "tribu/text/stemmer.h"

namespace tribu::text {

struct AnalysisScratch::Impl {
  Stemmer stemmer;
  LexiconScore lexicon;
  std::vector<Feature> features;
  std::string word;
  std::string previous;
  std::string buffer;
  std::vector<std::size_t> words;
  std::vector<const WordInfo*> info;  // per token, see ScoreLexicon
  std::vector<std::pair<std::uint32_t, std::uint32_t>> word_features;  // (token, feature)
};

AnalysisScratch::AnalysisScratch() : impl_(std::make_unique<Impl>()) {}
AnalysisScratch::~AnalysisScratch() = default;

std::string_view SentimentLabelName(SentimentLabel label) {
  switch (label) {
    case SentimentLabel::kNegative:
      return "negative";
    case SentimentLabel::kNeutral:
      return "neutral";
    case SentimentLabel::kPositive:
      return "positive";
  }
  return "neutral";
}

Result<SentimentLabel> ParseSentimentLabel(std::string_view name) {
  if (name == "negative" || name == "neg" || name == "-1") return SentimentLabel::kNegative;
  if (name == "neutral" || name == "neu" || name == "0") return SentimentLabel::kNeutral;
  if (name == "positive" || name == "pos" || name == "1") return SentimentLabel::kPositive;
  return Fail(ErrorCode::kInvalidArgument,
              "unknown sentiment '" + std::string(name) + "' (use negative, neutral or positive)");
}

Result<SentimentMethod> ParseSentimentMethod(std::string_view name) {
  if (name == "lexicon") return SentimentMethod::kLexicon;
  if (name == "model") return SentimentMethod::kModel;
  return Fail(ErrorCode::kInvalidArgument,
              "unknown sentiment method '" + std::string(name) + "' (use lexicon or model)");
}

const std::vector<std::string>& SentimentClasses() {
  static const std::vector<std::string> kClasses = {"negative", "neutral", "positive"};
  return kClasses;
}

const std::vector<std::string>& ToxicityClasses() {
  static const std::vector<std::string> kClasses = {"not-toxic", "toxic"};
  return kClasses;
}

namespace {

Result<std::unique_ptr<LinearModel>> LoadModel(const std::string& given, std::string_view embedded,
                                               const std::vector<std::string>& classes) {
  return LinearModel::Parse(given.empty() ? EmbeddedData(embedded) : std::string_view(given),
                            classes);
}

}  // namespace

Result<std::unique_ptr<Analyzer>> Analyzer::Create(AnalyzerOptions options) {
  std::unique_ptr<LinearModel> sentiment;
  if (options.sentiment == SentimentMethod::kModel) {
    auto parsed = LoadModel(options.model_text, "sentiment.tsv", SentimentClasses());
    if (!parsed) return std::unexpected(parsed.error());
    sentiment = std::move(*parsed);
  }
  std::unique_ptr<LinearModel> toxicity;
  if (options.toxicity) {
    auto parsed = LoadModel(options.toxicity_model_text, "toxicity.tsv", ToxicityClasses());
    if (!parsed) return std::unexpected(parsed.error().WithContext("toxicity model"));
    toxicity = std::move(*parsed);
  }
  return std::unique_ptr<Analyzer>(
      new Analyzer(std::move(options), std::move(sentiment), std::move(toxicity)));
}

Analyzer::Analyzer(AnalyzerOptions options, std::unique_ptr<LinearModel> sentiment,
                   std::unique_ptr<LinearModel> toxicity)
    : options_(std::move(options)),
      tokenizer_(folder_),
      lexicons_(std::make_unique<Lexicons>(folder_, FunctionWords())),
      risk_(std::make_unique<RiskMatcher>(*lexicons_)),
      sentiment_model_(std::move(sentiment)),
      toxicity_model_(std::move(toxicity)) {}

Analyzer::~Analyzer() = default;

Analysis Analyzer::Analyze(std::string_view text, std::string_view lang_hint,
                           AnalysisScratch* scratch) const {
  Analysis a;
  tokenizer_.Tokenize(text, &scratch->tokens_);
  const TokenizedText& tokens = scratch->tokens_;
  a.language = DetectLanguage(tokens, lang_hint, &scratch->impl_->buffer);
  if (a.language.code == "und" && !lang_hint.empty() && lang_hint != "und" &&
      lang_hint.size() <= 8) {
    a.language.code = std::string(lang_hint);
  }
  // One lookup per token serves every scorer.
  std::vector<const WordInfo*>& info = scratch->impl_->info;
  info.resize(tokens.tokens.size());
  for (std::size_t i = 0; i < tokens.tokens.size(); ++i) {
    const Token& t = tokens.tokens[i];
    const bool wordy = t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber ||
                       t.kind == TokenKind::kEmoticon;
    info[i] = wordy ? lexicons_->Find(tokens.Norm(t)) : nullptr;
  }
  LexiconScore& lex = scratch->impl_->lexicon;
  ScoreLexicon(*lexicons_, tokens, info, a.language.code, &lex);
  a.lexicon = ToSentiment(lex);
  a.sentiment = a.lexicon;
  // The toxicity model knows English; other languages rely on the lexicons.
  const bool toxicity =
      toxicity_model_ != nullptr && (a.language.code == "en" || a.language.code == "und");
  if (sentiment_model_ != nullptr || toxicity) {
    Features(a, scratch, &scratch->impl_->features);
  }
  if (sentiment_model_ != nullptr) {
    const Probabilities p = sentiment_model_->Predict(scratch->impl_->features);
    a.sentiment.score = p.p[2] - p.p[0];
    a.sentiment.label = static_cast<SentimentLabel>(p.Best());
  }
  risk_->Score(tokens, info, &a.risks, &scratch->impl_->words);
  if (toxicity) {
    const double p = toxicity_model_->Predict(scratch->impl_->features).p[1];
    if (p >= kToxicityThreshold) a.risks.push_back(ToxicitySignal(p, *scratch));
  }
  a.risk = CombineRisk(&a.risks);
  return a;
}

RiskSignal Analyzer::ToxicitySignal(double probability, const AnalysisScratch& scratch) const {
  // Evidence: the words that pushed the model most towards "toxic".
  const AnalysisScratch::Impl& s = *scratch.impl_;
  std::vector<std::pair<float, std::uint32_t>> pushes;
  for (const auto& [token, feature] : s.word_features) {
    if (s.info[token] != nullptr && s.info[token]->IsStopWord("und")) continue;  // "a", "you"
    const float w = toxicity_model_->Weight(feature, 1) - toxicity_model_->Weight(feature, 0);
    if (w > 0) pushes.emplace_back(w, token);
  }
  std::sort(pushes.begin(), pushes.end(), std::greater<>());
  RiskSignal signal{"toxicity", probability, {}};
  for (const auto& [w, token] : pushes) {
    const std::string raw(scratch.tokens_.Raw(scratch.tokens_.tokens[token]));
    if (std::find(signal.evidence.begin(), signal.evidence.end(), raw) == signal.evidence.end()) {
      signal.evidence.push_back(raw);
    }
    if (signal.evidence.size() == 3) break;
  }
  return signal;
}

void Analyzer::Features(const Analysis& analysis, AnalysisScratch* scratch,
                        std::vector<Feature>* out) const {
  out->clear();
  const TokenizedText& tokens = scratch->tokens_;
  AnalysisScratch::Impl& s = *scratch->impl_;
  const LexiconScore& lex = s.lexicon;
  const std::string_view lang = analysis.language.code;
  // Word features are scaled down against the lexicon features, so that the
  // few thousand training tweets refine the lexicon rather than replace it.
  // English leans more on its (larger, VADER) lexicon. The values were chosen by
  // 5-fold cross-validation on the training sets (not on the val sets).
  const float word_value = lang == "en" ? 0.1F : lang == "fr" ? 0.3F : 0.2F;
  auto add = [&](std::string_view kind, std::string_view a, std::string_view b = {},
                 float value = 1) {
    const bool lexical = kind == "w" || kind == "b" || kind == "h";
    out->emplace_back(FeatureIndex(kind, a, b), lexical ? value * word_value : value);
  };

  s.previous = "^";
  s.word_features.clear();
  int mentions = 0;
  int urls = 0;
  TokenKind last_main = TokenKind::kWord;
  for (std::size_t i = 0; i < tokens.tokens.size(); ++i) {
    const Token& t = tokens.tokens[i];
    if (t.Has(token_flags::kVariant)) continue;
    // Words of a handle say who is addressed, not what is said.
    if (t.Has(token_flags::kHashtagPart) && last_main == TokenKind::kMention) continue;
    if (!t.Has(token_flags::kHashtagPart)) last_main = t.kind;
    const std::string_view norm = tokens.Norm(t);
    switch (t.kind) {
      case TokenKind::kWord:
      case TokenKind::kNumber: {
        std::string_view form = t.kind == TokenKind::kNumber ? std::string_view("<num>") : norm;
        const WordInfo* form_info = t.kind == TokenKind::kNumber ? nullptr : s.info[i];
        // Elongated words count as their two-letter squeeze ("cooool" as "cool").
        if (t.Has(token_flags::kElongated) && i + 1 < tokens.tokens.size()) {
          form = tokens.Norm(tokens.tokens[i + 1]);
          form_info = s.info[i + 1];
        }
        // Stop words stay whole (stemming "les" to "le" helps nothing); negations too.
        const bool keep = form_info != nullptr && form_info->IsStopWord(lang) &&
                          (Roles(form_info, form) & kRoleNegator) == 0;
        s.word.assign(lex.negated[i] ? "!" : "");
        s.word.append(keep ? form : s.stemmer.Stem(lang, form));
        add("w", s.word);
        s.word_features.emplace_back(static_cast<std::uint32_t>(i), out->back().first);
        if (!t.Has(token_flags::kHashtagPart)) {
          add("b", s.previous, s.word);
          s.previous = s.word;
        }
        if (t.Has(token_flags::kAllCaps)) add("caps", "");
        if (t.Has(token_flags::kElongated)) add("elong", "");
        break;
      }
      case TokenKind::kHashtag:
        add("h", norm);
        break;
      case TokenKind::kEmoji:
      case TokenKind::kEmoticon:
        add("e", norm);
        s.previous = norm;
        break;
      case TokenKind::kMention:
        ++mentions;
        break;
      case TokenKind::kUrl:
        ++urls;
        break;
    }
  }
  add("b", s.previous, "$");
  if (mentions > 0) add("mention", "");
  if (urls > 0) add("url", "");
  add("lang", lang);
  const auto count = [&](char c) {
    return std::min<std::ptrdiff_t>(3, std::count(tokens.text.begin(), tokens.text.end(), c));
  };
  if (const auto bangs = count('!'); bangs > 0) add("bang", std::to_string(bangs));
  if (const auto q = count('?'); q > 0) add("question", std::to_string(q));
  add("lex_pos", "", {}, static_cast<float>(lex.positive / 4));
  add("lex_neg", "", {}, static_cast<float>(-lex.negative / 4));
  add("lex_compound", "", {}, static_cast<float>(lex.compound));
  const int bin = static_cast<int>(std::floor((lex.compound + 1) * 3.999));  // 0..7
  add("lex_bin", std::to_string(bin));
  add("lex_bin_lang", std::to_string(bin), lang);
  if (lex.negations > 0) add("negations", std::to_string(std::min(lex.negations, 3)));
  if (lex.irony) add("irony", "");
}

bool Analyzer::IsFillerWord(std::string_view lang, std::string_view folded) const {
  const WordInfo* info = lexicons_->Find(folded);
  return info != nullptr && (info->IsStopWord(lang) || info->roles != 0);
}

}  // namespace tribu::text
