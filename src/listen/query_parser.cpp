#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "tribu/core/ascii.h"
#include "tribu/core/platform.h"
#include "tribu/listen/query.h"
#include "tribu/text/analysis.h"

namespace tribu::listen {
namespace {

enum class Lex { kEnd, kLParen, kRParen, kAnd, kOr, kNot, kMinus, kNear, kPhrase, kWord, kField };

struct Lexeme {
  Lex kind = Lex::kEnd;
  std::size_t offset = 0;  // byte offset in the source
  std::string text;        // word or phrase content; field value
  bool exact = false;      // =word, ="phrase"
  Field field = Field::kLang;
  int distance = 0;
};

constexpr std::array<std::pair<std::string_view, Field>, 7> kFields = {{
    {"author", Field::kAuthor},
    {"from", Field::kAuthor},
    {"lang", Field::kLang},
    {"platform", Field::kPlatform},
    {"sentiment", Field::kSentiment},
    {"country", Field::kCountry},
    {"pays", Field::kCountry},
}};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Typographic quotes a French keyboard or a word processor produces.
std::size_t QuoteLength(std::string_view s, std::size_t pos) {
  if (s[pos] == '"') return 1;
  for (std::string_view q : {"\u201C", "\u201D", "\u00AB", "\u00BB", "\u201E"}) {
    if (s.compare(pos, q.size(), q) == 0) return q.size();
  }
  return 0;
}

class Parser {
 public:
  Parser(std::string_view source, const text::Tokenizer& tokenizer)
      : source_(source), tokenizer_(tokenizer) {}

  std::expected<Query, QueryError> Parse() {
    if (source_.size() > kMaxQueryBytes) {
      return Error(kMaxQueryBytes, fmt::format("the query is longer than {} bytes", kMaxQueryBytes),
                   "split it into several topics");
    }
    if (auto lexed = LexAll(); !lexed) return std::unexpected(lexed.error());
    if (lexemes_.size() == 1) {
      return Error(0, "the query is empty", "type a word, a \"phrase\" or a #hashtag");
    }
    auto root = ParseOr();
    if (!root) return std::unexpected(root.error());
    if (Peek().kind == Lex::kRParen) {
      return Error(Peek().offset, "this ')' closes no parenthesis", "remove it or add '(' before");
    }
    if (Peek().kind != Lex::kEnd) return Unexpected("an operator or the end of the query");
    if (!HasPositive(**root, false)) {
      return Error(0, "the query has only excluded terms, so it would match nearly every post",
                   "add what you listen for: velora -occasion");
    }
    Query q;
    q.root = std::move(*root);
    q.source = std::string(source_);
    return q;
  }

 private:
  using NodeResult = std::expected<std::unique_ptr<Node>, QueryError>;

  std::unexpected<QueryError> Error(std::size_t offset, std::string message,
                                    std::string hint = {}) const {
    return std::unexpected(QueryError{Column(offset), std::move(message), std::move(hint)});
  }

  int Column(std::size_t offset) const {
    int column = 1;
    for (std::size_t i = 0; i < offset && i < source_.size(); ++i) {
      if ((static_cast<unsigned char>(source_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  const Lexeme& Peek() const { return lexemes_[pos_]; }
  const Lexeme& Next() { return lexemes_[pos_ < lexemes_.size() - 1 ? pos_++ : pos_]; }

  std::unexpected<QueryError> Unexpected(std::string_view expected) const {
    const Lexeme& l = Peek();
    if (l.kind == Lex::kEnd) {
      return Error(source_.size(), fmt::format("the query ends where {} was expected", expected));
    }
    std::string got(source_.substr(l.offset, std::min<std::size_t>(20, source_.size() - l.offset)));
    if (const std::size_t space = got.find(' '); space != std::string::npos) got.resize(space);
    return Error(l.offset, fmt::format("expected {}, found '{}'", expected, got));
  }

  // --- lexing --------------------------------------------------------------

  std::expected<void, QueryError> LexAll() {
    std::size_t i = 0;
    while (true) {
      while (i < source_.size() && IsSpace(source_[i])) ++i;
      if (i >= source_.size()) break;
      const char c = source_[i];
      Lexeme l;
      l.offset = i;
      if (c == '(' || c == ')') {
        l.kind = c == '(' ? Lex::kLParen : Lex::kRParen;
        ++i;
      } else if (c == '-' && i + 1 < source_.size() && !IsSpace(source_[i + 1]) &&
                 source_[i + 1] != '-' && source_[i + 1] != ')') {
        l.kind = Lex::kMinus;
        ++i;
      } else if (c == '=' && i + 1 < source_.size() && QuoteLength(source_, i + 1) > 0) {
        auto end = LexPhrase(i + 1, &l);
        if (!end) return std::unexpected(end.error());
        l.exact = true;
        i = *end;
      } else if (QuoteLength(source_, i) > 0) {
        auto end = LexPhrase(i, &l);
        if (!end) return std::unexpected(end.error());
        i = *end;
      } else {
        std::size_t end = i;
        while (end < source_.size() && !IsSpace(source_[end]) && source_[end] != '(' &&
               source_[end] != ')' && QuoteLength(source_, end) == 0) {
          ++end;
        }
        auto done = ClassifyWord(source_.substr(i, end - i), &l);
        if (!done) return std::unexpected(done.error());
        i = end;
      }
      lexemes_.push_back(std::move(l));
    }
    Lexeme end;
    end.kind = Lex::kEnd;
    end.offset = source_.size();
    lexemes_.push_back(end);
    return {};
  }

  std::expected<std::size_t, QueryError> LexPhrase(std::size_t open, Lexeme* l) {
    const std::size_t start = open + QuoteLength(source_, open);
    std::size_t i = start;
    while (i < source_.size() && QuoteLength(source_, i) == 0) ++i;
    if (i >= source_.size()) {
      return Error(open, fmt::format("the phrase opened at column {} is not closed", Column(open)),
                   "add a closing \"");
    }
    l->kind = Lex::kPhrase;
    l->text = std::string(source_.substr(start, i - start));
    if (l->text.find('*') != std::string::npos) {
      return Error(start + l->text.find('*'), "wildcards do not work inside \"phrases\"",
                   "use NEAR/0 instead: velora NEAR/0 urb*");
    }
    return i + QuoteLength(source_, i);
  }

  std::expected<void, QueryError> ClassifyWord(std::string_view word, Lexeme* l) {
    l->text = std::string(word);
    if (word == "AND" || word == "ET" || word == "&&") {
      l->kind = Lex::kAnd;
      return {};
    }
    if (word == "OR" || word == "OU" || word == "||") {
      l->kind = Lex::kOr;
      return {};
    }
    if (word == "NOT" || word == "SAUF") {
      l->kind = Lex::kNot;
      return {};
    }
    if (word.starts_with("NEAR")) {
      if (word.size() < 6 || word[4] != '/') {
        return Error(l->offset, "NEAR needs a distance", "write NEAR/3 for at most 3 words apart");
      }
      int n = 0;
      for (char d : word.substr(5)) {
        if (d < '0' || d > '9' || n > kMaxNearDistance) {
          return Error(l->offset + 5,
                       fmt::format("NEAR/ takes a number of words from 0 to {}", kMaxNearDistance));
        }
        n = n * 10 + (d - '0');
      }
      if (n > kMaxNearDistance) {
        return Error(l->offset + 5,
                     fmt::format("NEAR/ takes a number of words from 0 to {}", kMaxNearDistance));
      }
      l->kind = Lex::kNear;
      l->distance = n;
      return {};
    }
    if (word.front() == '=') {
      l->exact = true;
      l->text = std::string(word.substr(1));
      if (l->text.empty())
        return Error(l->offset, "'=' must be followed by a word or a \"phrase\"");
      l->kind = Lex::kWord;
      return {};
    }
    if (const std::size_t colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
      const std::string name = AsciiLower(word.substr(0, colon));
      const bool looks_like_field =
          std::all_of(name.begin(), name.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
          !word.substr(colon).starts_with("://") && !word.substr(colon + 1).empty() &&
          !(word[colon + 1] >= '0' && word[colon + 1] <= '9');
      if (looks_like_field) {
        for (const auto& [field_name, field] : kFields) {
          if (name == field_name) {
            l->kind = Lex::kField;
            l->field = field;
            l->text = std::string(word.substr(colon + 1));
            return {};
          }
        }
        return Error(l->offset, fmt::format("unknown field '{}:'", word.substr(0, colon)),
                     "fields are author:, lang:, platform:, sentiment: and country:");
      }
    }
    l->kind = Lex::kWord;
    return {};
  }

  // --- parsing -------------------------------------------------------------

  NodeResult ParseOr() {
    if (++depth_ > kMaxQueryDepth) {
      return Error(Peek().offset, "the query is nested too deeply",
                   fmt::format("use at most {} levels of parentheses", kMaxQueryDepth));
    }
    auto first = ParseAnd();
    if (!first) return first;
    std::vector<std::unique_ptr<Node>> children;
    children.push_back(std::move(*first));
    while (Peek().kind == Lex::kOr) {
      Next();
      auto next = ParseAnd();
      if (!next) return next;
      children.push_back(std::move(*next));
    }
    --depth_;
    return Combine(NodeKind::kOr, std::move(children));
  }

  static bool StartsOperand(Lex kind) {
    return kind == Lex::kLParen || kind == Lex::kNot || kind == Lex::kMinus ||
           kind == Lex::kPhrase || kind == Lex::kWord || kind == Lex::kField;
  }

  NodeResult ParseAnd() {
    auto first = ParseUnary();
    if (!first) return first;
    std::vector<std::unique_ptr<Node>> children;
    children.push_back(std::move(*first));
    while (true) {
      if (Peek().kind == Lex::kAnd) {
        Next();
      } else if (!StartsOperand(Peek().kind)) {
        break;
      }
      auto next = ParseUnary();
      if (!next) return next;
      children.push_back(std::move(*next));
    }
    return Combine(NodeKind::kAnd, std::move(children));
  }

  NodeResult ParseUnary() {
    if (Peek().kind == Lex::kNot || Peek().kind == Lex::kMinus) {
      const Lexeme& op = Next();
      if (++depth_ > kMaxQueryDepth) return Error(op.offset, "the query is nested too deeply");
      auto child = ParseUnary();
      --depth_;
      if (!child) return child;
      if ((*child)->kind == NodeKind::kNot) {
        return std::move((*child)->children.front());  // NOT NOT x is x
      }
      auto node = std::make_unique<Node>();
      node->kind = NodeKind::kNot;
      node->children.push_back(std::move(*child));
      return node;
    }
    return ParseNear();
  }

  NodeResult ParseNear() {
    const std::size_t left_offset = Peek().offset;
    auto left = ParsePrimary();
    if (!left) return left;
    while (Peek().kind == Lex::kNear) {
      const Lexeme& op = Next();
      const int distance = op.distance;
      const std::size_t right_offset = Peek().offset;
      auto right = ParsePrimary();
      if (!right) return right;
      if (!IsPositional(**left)) {
        return Error(left_offset, "NEAR works between words, \"phrases\" or (a OR b) groups",
                     "move fields and NOT outside: (a NEAR/3 b) lang:fr");
      }
      if (!IsPositional(**right)) {
        return Error(right_offset, "NEAR works between words, \"phrases\" or (a OR b) groups",
                     "move fields and NOT outside: (a NEAR/3 b) lang:fr");
      }
      auto node = std::make_unique<Node>();
      node->kind = NodeKind::kNear;
      node->distance = distance;
      node->children.push_back(std::move(*left));
      node->children.push_back(std::move(*right));
      left = std::move(node);
    }
    return left;
  }

  static bool IsPositional(const Node& n) {
    if (n.kind == NodeKind::kTerm || n.kind == NodeKind::kPhrase || n.kind == NodeKind::kNear) {
      return true;
    }
    if (n.kind != NodeKind::kOr) return false;
    return std::all_of(n.children.begin(), n.children.end(),
                       [](const auto& c) { return IsPositional(*c); });
  }

  NodeResult ParsePrimary() {
    const Lexeme& l = Peek();
    switch (l.kind) {
      case Lex::kLParen: {
        const std::size_t open = l.offset;
        Next();
        if (Peek().kind == Lex::kRParen) {
          return Error(open, "empty parentheses", "put words inside, or remove them");
        }
        auto inner = ParseOr();
        if (!inner) return inner;
        if (Peek().kind != Lex::kRParen) {
          return Error(open,
                       fmt::format("unbalanced parenthesis opened at column {}", Column(open)),
                       "add ')' or remove '('");
        }
        Next();
        return inner;
      }
      case Lex::kWord:
      case Lex::kPhrase: {
        Lexeme word = Next();
        return WordNode(word);
      }
      case Lex::kField: {
        Lexeme field = Next();
        return FieldNode(field);
      }
      case Lex::kAnd:
      case Lex::kOr:
      case Lex::kNear:
        return Error(l.offset, fmt::format("'{}' needs a word before it", l.text),
                     "operators go between terms: velora OR bike");
      case Lex::kRParen:
        return Error(l.offset, "this ')' closes no parenthesis", "remove it or add '(' before");
      case Lex::kEnd: {
        if (pos_ > 0) {
          const Lexeme& before = lexemes_[pos_ - 1];
          if (before.kind == Lex::kAnd || before.kind == Lex::kOr || before.kind == Lex::kNot ||
              before.kind == Lex::kNear || before.kind == Lex::kMinus) {
            return Error(
                before.offset,
                fmt::format("'{}' at the end needs a word after it",
                            source_.substr(before.offset,
                                           before.kind == Lex::kMinus ? 1 : before.text.size())),
                "complete the query or remove the operator");
          }
        }
        return Unexpected("a word");
      }
      default:
        return Unexpected("a word, a \"phrase\" or '('");
    }
  }

  NodeResult WordNode(const Lexeme& l) {
    std::string_view text = l.text;
    bool prefix = false;
    if (l.kind == Lex::kWord) {
      if (const std::size_t star = text.find('*'); star != std::string_view::npos) {
        if (star + 1 != text.size()) {
          return Error(l.offset + star, "wildcards go at the end of a word",
                       "write ecolo* not eco*lo");
        }
        prefix = true;
        text.remove_suffix(1);
      }
    }
    tokenizer_.Tokenize(text, &tokens_);
    auto node = std::make_unique<Node>();
    for (const text::Token& t : tokens_.tokens) {
      if (t.Has(text::token_flags::kVariant) || t.Has(text::token_flags::kHashtagPart)) continue;
      Term term;
      term.folded = std::string(tokens_.Norm(t));
      if (l.exact) term.exact = std::string(tokens_.Raw(t));
      node->words.push_back(std::move(term));
    }
    if (node->words.empty()) {
      return Error(l.offset, fmt::format("'{}' has no letters, digits or emoji to match", l.text),
                   l.kind == Lex::kPhrase ? "type words inside the quotes" : "");
    }
    if (prefix) {
      Term& last = node->words.back();
      const std::size_t letters = static_cast<std::size_t>(
          std::count_if(last.folded.begin(), last.folded.end(),
                        [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
      if (letters < 2 || (last.folded.front() == '#' && letters < 3)) {
        return Error(l.offset, "a wildcard needs at least two letters before '*'",
                     "ve* would match too much; write velo*");
      }
      last.prefix = true;
    }
    node->kind = node->words.size() == 1 ? NodeKind::kTerm : NodeKind::kPhrase;
    return node;
  }

  NodeResult FieldNode(const Lexeme& l) {
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::kField;
    node->field = l.field;
    std::string value = AsciiLower(l.text);
    if (!value.empty() && value.back() == '*' && l.field == Field::kAuthor) {
      node->value_prefix = true;
      value.pop_back();
    }
    const std::size_t value_offset = source_.find(':', l.offset) + 1;
    switch (l.field) {
      case Field::kAuthor: {
        if (!value.empty() && value.front() == '@') value.erase(0, 1);
        if (value.empty())
          return Error(value_offset, "author: needs a handle", "author:@velora_fr");
        break;
      }
      case Field::kLang: {
        const bool ok =
            value.size() >= 2 && value.size() <= 3 &&
            std::all_of(value.begin(), value.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
        if (!ok)
          return Error(value_offset, fmt::format("'{}' is not a language code", l.text),
                       "lang:fr or lang:en");
        break;
      }
      case Field::kPlatform: {
        if (!ValidatePlatformName(value)) {
          return Error(value_offset, fmt::format("'{}' is not a platform name", l.text),
                       "platform:mastodon, platform:bluesky, platform:reddit, platform:rss...");
        }
        break;
      }
      case Field::kSentiment: {
        if (value == "negatif" || value == "négatif" || value == "neg") value = "negative";
        if (value == "neutre" || value == "neu") value = "neutral";
        if (value == "positif" || value == "pos") value = "positive";
        if (!text::ParseSentimentLabel(value)) {
          return Error(value_offset, fmt::format("'{}' is not a sentiment", l.text),
                       "sentiment:negative, sentiment:neutral or sentiment:positive");
        }
        break;
      }
      case Field::kCountry: {
        const bool ok = value.size() == 2 && std::all_of(value.begin(), value.end(), [](char ch) {
                          return ch >= 'a' && ch <= 'z';
                        });
        if (!ok)
          return Error(value_offset, fmt::format("'{}' is not a country code", l.text),
                       "country:fr");
        break;
      }
    }
    node->value = std::move(value);
    return node;
  }

  static NodeResult Combine(NodeKind kind, std::vector<std::unique_ptr<Node>> children) {
    if (children.size() == 1) return std::move(children.front());
    auto node = std::make_unique<Node>();
    node->kind = kind;
    // Flatten (a OR b) OR c into one OR.
    for (auto& c : children) {
      if (c->kind == kind) {
        for (auto& g : c->children) node->children.push_back(std::move(g));
      } else {
        node->children.push_back(std::move(c));
      }
    }
    return node;
  }

  static bool HasPositive(const Node& n, bool negated) {
    switch (n.kind) {
      case NodeKind::kNot:
        return HasPositive(*n.children.front(), !negated);
      case NodeKind::kAnd:
      case NodeKind::kNear:
        return std::any_of(n.children.begin(), n.children.end(),
                           [&](const auto& c) { return HasPositive(*c, negated); });
      case NodeKind::kOr:
        return std::all_of(n.children.begin(), n.children.end(),
                           [&](const auto& c) { return HasPositive(*c, negated); });
      default:
        return !negated;
    }
  }

  std::string_view source_;
  const text::Tokenizer& tokenizer_;
  text::TokenizedText tokens_;
  std::vector<Lexeme> lexemes_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

void DescribeInto(const Node& n, std::string* out) {
  auto term = [&](const Term& t) {
    if (!t.exact.empty()) {
      *out += '=';
      *out += t.exact;
    } else {
      *out += t.folded;
    }
    if (t.prefix) *out += '*';
  };
  switch (n.kind) {
    case NodeKind::kTerm:
      term(n.words.front());
      return;
    case NodeKind::kPhrase:
      *out += '"';
      for (std::size_t i = 0; i < n.words.size(); ++i) {
        if (i > 0) *out += ' ';
        term(n.words[i]);
      }
      *out += '"';
      return;
    case NodeKind::kField:
      *out += FieldName(n.field);
      *out += ':';
      *out += n.value;
      if (n.value_prefix) *out += '*';
      return;
    case NodeKind::kNot:
      *out += "NOT ";
      DescribeInto(*n.children.front(), out);
      return;
    default:
      break;
  }
  const std::string op = n.kind == NodeKind::kAnd  ? " AND "
                         : n.kind == NodeKind::kOr ? " OR "
                                                   : fmt::format(" NEAR/{} ", n.distance);
  *out += '(';
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    if (i > 0) *out += op;
    DescribeInto(*n.children[i], out);
  }
  *out += ')';
}

}  // namespace

std::string_view FieldName(Field field) {
  switch (field) {
    case Field::kAuthor:
      return "author";
    case Field::kLang:
      return "lang";
    case Field::kPlatform:
      return "platform";
    case Field::kSentiment:
      return "sentiment";
    case Field::kCountry:
      return "country";
  }
  return "lang";
}

Error QueryError::ToError() const {
  return Error{ErrorCode::kInvalidArgument, fmt::format("column {}: {}{}", column, message,
                                                        hint.empty() ? "" : " (" + hint + ")")};
}

std::expected<Query, QueryError> ParseQuery(std::string_view source,
                                            const text::Tokenizer& tokenizer) {
  return Parser(source, tokenizer).Parse();
}

std::string Describe(const Node& node) {
  std::string out;
  DescribeInto(node, &out);
  return out;
}

}  // namespace tribu::listen
