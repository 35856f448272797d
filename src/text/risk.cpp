#include "text/risk.h"

#include <algorithm>

namespace tribu::text {
namespace {

constexpr double kProfanityWeight = 0.5;

void Add(std::vector<RiskSignal>* signals, std::string_view name, double weight,
         std::string_view evidence) {
  auto it = std::find_if(signals->begin(), signals->end(),
                         [&](const RiskSignal& s) { return s.name == name; });
  if (it == signals->end()) {
    signals->push_back(RiskSignal{std::string(name), 0, {}});
    it = signals->end() - 1;
  }
  it->score = 1 - (1 - it->score) * (1 - weight);  // noisy-or: each clue adds
  if (std::find(it->evidence.begin(), it->evidence.end(), evidence) == it->evidence.end() &&
      it->evidence.size() < 8) {
    it->evidence.emplace_back(evidence);
  }
}

}  // namespace

RiskMatcher::RiskMatcher(const Lexicons& lexicons) {
  for (const RiskPhrase& p : lexicons.RiskPrefixes()) {
    prefixes_by_byte_[static_cast<unsigned char>(p.words.front().front())].push_back(&p);
  }
}

double RiskMatcher::Score(const TokenizedText& text, std::span<const WordInfo* const> info,
                          std::vector<RiskSignal>* signals,
                          std::vector<std::size_t>* word_buffer) const {
  signals->clear();
  // The words in order, hashtag parts included ("#BoycottVelora" says "boycott").
  std::vector<std::size_t>& words = *word_buffer;  // token indices
  words.clear();
  for (std::size_t k = 0; k < text.tokens.size(); ++k) {
    const Token& t = text.tokens[k];
    if ((t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) &&
        !t.Has(token_flags::kVariant)) {
      words.push_back(k);
    }
  }
  auto token = [&](std::size_t i) -> const Token& { return text.tokens[words[i]]; };
  auto span = [&](std::size_t first, std::size_t last) {
    const std::uint32_t begin = token(first).raw_begin;
    const std::uint32_t end = token(last).raw_begin + token(last).raw_length;
    return text.text.substr(begin, end - begin);
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = text.Norm(token(i));
    if (w.empty()) continue;
    const WordInfo* entry = info[words[i]];
    if (entry != nullptr) {
      for (const RiskPhrase* p : entry->risk) {
        const std::size_t n = p->words.size();
        if (i + n > words.size()) continue;
        bool match = true;
        for (std::size_t k = 1; k < n && match; ++k) {
          const std::string_view got = text.Norm(token(i + k));
          match = (k + 1 == n && p->prefix) ? got.starts_with(p->words[k]) : got == p->words[k];
        }
        if (match) Add(signals, p->signal, p->weight, span(i, i + n - 1));
      }
    }
    for (const RiskPhrase* p : prefixes_by_byte_[static_cast<unsigned char>(w.front())]) {
      if (w.starts_with(p->words.front())) Add(signals, p->signal, p->weight, span(i, i));
    }
    if (entry != nullptr && entry->profane) {
      Add(signals, "profanity", kProfanityWeight, span(i, i));
    }
  }
  return CombineRisk(signals);
}

double CombineRisk(std::vector<RiskSignal>* signals) {
  double safe = 1;
  double strongest = 0;
  for (const RiskSignal& s : *signals) {
    safe *= 1 - s.score;
    strongest = std::max(strongest, s.score);
  }
  std::sort(signals->begin(), signals->end(),
            [](const RiskSignal& a, const RiskSignal& b) { return a.score > b.score; });
  return std::min(1.0, strongest + ((1 - safe) - strongest) * 0.5);
}

}  // namespace tribu::text
