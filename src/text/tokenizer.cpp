#include "tribu/text/tokenizer.h"

#include <unicode/uchar.h>

#include <array>

#include "tribu/core/ascii.h"
#include "tribu/core/utf8.h"

namespace tribu::text {
namespace {

constexpr std::array<std::string_view, 14> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"};

// Longest first, so that ":-)" wins over ":-".
constexpr std::array<std::string_view, 38> kEmoticons = {
    ":'-(", ":-)))", ":)))", ":-))", "</3", "^_^", ":'(", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/",
    ":-|",  ";-)",   ":((",  ":))",  "-_-", ":)",  ":(",  ":D",  ":P",  ":p",  ":/",  ":|",  ":o",
    ":O",   ";)",    "=)",   "=(",   "<3",  "xD",  "XD",  "^^",  ":3",  ":*",  ";(",  ":x"};

bool IsWordClass(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kDigit || c == CharClass::kMark;
}

bool IsUpperLetter(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return u_isupper(static_cast<UChar32>(cp)) != 0;
}

bool IsLowerLetter(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return u_islower(static_cast<UChar32>(cp)) != 0;
}

bool StartsWithNoCase(std::string_view text, std::size_t pos, std::string_view prefix) {
  return EqualsAsciiNoCase(text.substr(pos, prefix.size()), prefix);
}

// Squeezes every run of 3+ equal bytes of an ASCII-or-UTF-8 string to `keep`
// copies. Runs are counted on whole code points.
std::string Squeeze(std::string_view s, int keep) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const CodePoint cp = DecodeAt(s, i);
    std::size_t j = i + cp.length;
    int run = 1;
    while (j < s.size() && s.compare(j, cp.length, s, i, cp.length) == 0) {
      j += cp.length;
      ++run;
    }
    const int copies = run >= 3 ? keep : run;
    for (int k = 0; k < copies; ++k) out.append(s, i, cp.length);
    i = j;
  }
  return out;
}

class Run {
 public:
  Run(const Folder& folder, std::string_view text, TokenizedText* out)
      : folder_(folder), text_(text), out_(out) {}

  void Tokenize() {
    std::size_t pos = 0;
    while (pos < text_.size()) pos = Step(pos);
  }

 private:
  struct Cp {
    char32_t value;
    std::uint32_t length;
    CharClass cls;
  };

  Cp At(std::size_t pos) const {
    if (pos >= text_.size()) return {U' ', 0, CharClass::kSpace};
    const auto b = static_cast<unsigned char>(text_[pos]);
    if (b < 0x80) return {b, 1, folder_.Classify(b)};
    const CodePoint cp = DecodeAt(text_, pos);
    return {cp.value, cp.length, folder_.Classify(cp.value)};
  }

  // True when the character before pos does not continue a word.
  bool AtBoundary(std::size_t pos) const { return pos == 0 || !IsWordClass(prev_class_); }

  Token& Emit(TokenKind kind, std::size_t raw_begin, std::size_t raw_end, std::size_t norm_begin,
              std::uint8_t flags, std::uint32_t position) {
    Token t;
    t.raw_begin = static_cast<std::uint32_t>(raw_begin);
    t.raw_length = static_cast<std::uint32_t>(raw_end - raw_begin);
    t.norm_begin = static_cast<std::uint32_t>(norm_begin);
    t.norm_length = static_cast<std::uint32_t>(out_->norm.size() - norm_begin);
    t.position = position;
    t.kind = kind;
    t.flags = flags;
    out_->tokens.push_back(t);
    return out_->tokens.back();
  }

  std::size_t Step(std::size_t pos) {
    const Cp cp = At(pos);
    std::size_t next = pos + cp.length;
    if (AtBoundary(pos)) {
      if (std::size_t end = TryUrl(pos); end != pos)
        next = end;
      else if (std::size_t end2 = TryEmoticon(pos); end2 != pos)
        next = end2;
      else if (cp.cls == CharClass::kHash)
        next = TryHashtag(pos, cp);
      else if (cp.cls == CharClass::kAt)
        next = TryMention(pos, cp);
      else if (cp.cls == CharClass::kLetter || cp.cls == CharClass::kDigit)
        next = Word(pos);
      else if (cp.cls == CharClass::kEmoji)
        next = Emoji(pos);
    } else if (cp.cls == CharClass::kEmoji) {
      next = Emoji(pos);
    } else if (cp.cls == CharClass::kLetter || cp.cls == CharClass::kDigit) {
      next = Word(pos);
    }
    if (next == pos + cp.length) prev_class_ = cp.cls;
    return next;
  }

  std::size_t TryUrl(std::size_t pos) {
    const char c = text_[pos];
    if (c != 'h' && c != 'H' && c != 'w' && c != 'W') return pos;
    if (!StartsWithNoCase(text_, pos, "http://") && !StartsWithNoCase(text_, pos, "https://") &&
        !StartsWithNoCase(text_, pos, "www.")) {
      return pos;
    }
    std::size_t end = pos;
    while (end < text_.size()) {
      const Cp cp = At(end);
      if (cp.cls == CharClass::kSpace || cp.value == '<' || cp.value == '>' || cp.value == '"' ||
          cp.cls == CharClass::kEmoji || cp.value == U'«' || cp.value == U'»') {
        break;
      }
      end += cp.length;
    }
    while (end > pos &&
           std::string_view(".,;:!?)]}'").find(text_[end - 1]) != std::string_view::npos) {
      --end;
    }
    const std::size_t norm_begin = out_->norm.size();
    for (std::size_t i = pos; i < end; ++i) out_->norm.push_back(AsciiLower(text_[i]));
    Emit(TokenKind::kUrl, pos, end, norm_begin, 0, position_++);
    prev_class_ = CharClass::kSpace;
    return end;
  }

  std::size_t TryEmoticon(std::size_t pos) {
    const char c = text_[pos];
    if (std::string_view(":;=<xX^-").find(c) == std::string_view::npos) return pos;
    for (std::string_view e : kEmoticons) {
      if (text_.compare(pos, e.size(), e) != 0) continue;
      const Cp after = At(pos + e.size());
      if (IsWordClass(after.cls)) continue;
      const std::size_t norm_begin = out_->norm.size();
      for (char ch : e) out_->norm.push_back(ch == 'X' ? 'x' : ch);
      Emit(TokenKind::kEmoticon, pos, pos + e.size(), norm_begin, 0, position_++);
      prev_class_ = CharClass::kPunct;
      return pos + e.size();
    }
    return pos;
  }

  std::size_t TryHashtag(std::size_t pos, const Cp& hash) {
    const std::size_t body = pos + hash.length;
    std::size_t end = body;
    bool has_letter = false;
    while (end < text_.size()) {
      const Cp cp = At(end);
      if (!IsWordClass(cp.cls) && cp.value != '_') break;
      has_letter = has_letter || cp.cls == CharClass::kLetter;
      end += cp.length;
    }
    if (!has_letter) return pos + hash.length;
    const std::size_t norm_begin = out_->norm.size();
    out_->norm.push_back('#');
    FoldInto(body, end);
    const std::uint32_t position = position_;
    Emit(TokenKind::kHashtag, pos, end, norm_begin, 0, position);
    const std::uint32_t parts = EmitHashtagParts(body, end, position);
    position_ = position + (parts > 1 ? parts : 1);
    prev_class_ = CharClass::kLetter;
    return end;
  }

  // Splits a hashtag body on camel case ("GreveSNCF": "Greve", "SNCF"; "SNCFGreve":
  // "SNCF", "Greve"), letter/digit changes and underscores. Returns the count.
  std::uint32_t EmitHashtagParts(std::size_t begin, std::size_t end, std::uint32_t position) {
    std::uint32_t count = 0;
    std::size_t part_begin = begin;
    auto flush = [&](std::size_t part_end) {
      if (part_end <= part_begin) return;
      const std::size_t norm_begin = out_->norm.size();
      FoldInto(part_begin, part_end);
      if (out_->norm.size() > norm_begin) {
        Emit(TokenKind::kWord, part_begin, part_end, norm_begin, token_flags::kHashtagPart,
             position + count);
        ++count;
      }
    };
    Cp prev{0, 0, CharClass::kSpace};
    for (std::size_t i = begin; i < end;) {
      const Cp cp = At(i);
      if (cp.value == '_') {
        flush(i);
        part_begin = i + 1;
      } else if (i > part_begin && prev.length > 0) {
        const bool lower_to_upper = IsLowerLetter(prev.value) && IsUpperLetter(cp.value);
        const bool class_change =
            (prev.cls == CharClass::kDigit) != (cp.cls == CharClass::kDigit) &&
            cp.cls != CharClass::kMark && prev.cls != CharClass::kMark;
        const Cp after = At(i + cp.length);
        const bool acronym_end = IsUpperLetter(prev.value) && IsUpperLetter(cp.value) &&
                                 i + cp.length < end && IsLowerLetter(after.value);
        if (lower_to_upper || class_change || acronym_end) {
          flush(i);
          part_begin = i;
        }
      }
      prev = cp;
      i += cp.length;
    }
    flush(end);
    return count;
  }

  std::size_t TryMention(std::size_t pos, const Cp& at) {
    std::size_t end = pos + at.length;
    bool has_name = false;
    bool second_at = false;
    while (end < text_.size()) {
      const Cp cp = At(end);
      if (IsWordClass(cp.cls) || cp.value == '_') {
        has_name = true;
      } else if ((cp.value == '.' || cp.value == '-') && has_name) {
        // dots and dashes only inside a handle or a domain
      } else if (cp.cls == CharClass::kAt && has_name && !second_at) {
        second_at = true;  // @user@instance.social
      } else {
        break;
      }
      end += cp.length;
    }
    while (end > pos + at.length &&
           (text_[end - 1] == '.' || text_[end - 1] == '-' || text_[end - 1] == '@')) {
      --end;
    }
    if (!has_name || end == pos + at.length) return pos + at.length;
    const std::size_t norm_begin = out_->norm.size();
    out_->norm.push_back('@');
    FoldInto(pos + at.length, end);
    const std::uint32_t position = position_;
    Emit(TokenKind::kMention, pos, end, norm_begin, 0, position);
    // Like a hashtag, the handle's name gives words: "@VeloraFR" says "velora".
    std::size_t local_end = pos + at.length;
    while (local_end < end && At(local_end).cls != CharClass::kAt && text_[local_end] != '.') {
      local_end += At(local_end).length;
    }
    const std::uint32_t parts = EmitHashtagParts(pos + at.length, local_end, position);
    position_ = position + (parts > 1 ? parts : 1);
    prev_class_ = CharClass::kLetter;
    return end;
  }

  void FoldInto(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end;) {
      const Cp cp = At(i);
      folder_.AppendFolded(cp.value, &out_->norm);
      i += cp.length;
    }
  }

  static bool IsElision(std::string_view folded) {
    for (std::string_view e : kElisions) {
      if (folded == e) return true;
    }
    return false;
  }

  std::size_t Word(std::size_t pos) {
    const std::size_t norm_begin = out_->norm.size();
    std::size_t end = pos;
    int letters = 0;
    int upper = 0;
    bool digits_only = true;
    bool elongated = false;
    std::size_t possessive_end = 0;
    char32_t last = 0;
    int run = 0;
    while (end < text_.size()) {
      const Cp cp = At(end);
      if (IsWordClass(cp.cls)) {
        if (cp.cls == CharClass::kLetter) {
          ++letters;
          upper += IsUpperLetter(cp.value) ? 1 : 0;
          digits_only = false;
        }
        const char32_t lower =
            cp.value < 0x80 && cp.value >= 'A' && cp.value <= 'Z'
                ? cp.value + 32
                : static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp.value)));
        run = (lower == last) ? run + 1 : 1;
        last = lower;
        if (run >= 3 && cp.cls == CharClass::kLetter) elongated = true;
        folder_.AppendFolded(cp.value, &out_->norm);
        end += cp.length;
        continue;
      }
      const Cp after = At(end + cp.length);
      // English possessive: "Velora's" is the word "velora"; the "'s" is dropped.
      if (cp.cls == CharClass::kApostrophe && (after.value == 's' || after.value == 'S') &&
          !digits_only && !IsWordClass(At(end + cp.length + 1).cls)) {
        possessive_end = end + cp.length + 1;
        break;
      }
      if (cp.cls == CharClass::kApostrophe && after.cls == CharClass::kLetter && !digits_only) {
        const std::string_view so_far(out_->norm.data() + norm_begin,
                                      out_->norm.size() - norm_begin);
        if (IsElision(so_far)) {
          out_->norm.push_back('\'');
          Emit(TokenKind::kWord, pos, end + cp.length, norm_begin, token_flags::kElision,
               position_++);
          prev_class_ = CharClass::kPunct;
          return end + cp.length;
        }
        out_->norm.push_back('\'');
        end += cp.length;
        last = 0;
        continue;
      }
      if (digits_only && (cp.value == '.' || cp.value == ',') && after.cls == CharClass::kDigit) {
        out_->norm.push_back(static_cast<char>(cp.value));
        end += cp.length;
        continue;
      }
      break;
    }
    std::uint8_t flags = 0;
    if (letters >= 2 && upper == letters) flags |= token_flags::kAllCaps;
    if (elongated) flags |= token_flags::kElongated;
    const std::uint32_t position = position_++;
    Emit(digits_only ? TokenKind::kNumber : TokenKind::kWord, pos, end, norm_begin, flags,
         position);
    if (elongated) {
      const std::string folded(out_->norm.data() + norm_begin, out_->norm.size() - norm_begin);
      for (int keep : {2, 1}) {
        const std::string variant = Squeeze(folded, keep);
        const std::size_t variant_begin = out_->norm.size();
        out_->norm += variant;
        Emit(TokenKind::kWord, pos, end, variant_begin,
             static_cast<std::uint8_t>(flags | token_flags::kVariant), position);
      }
    }
    prev_class_ = CharClass::kLetter;
    return possessive_end != 0 ? possessive_end : end;
  }

  std::size_t Emoji(std::size_t pos) {
    const Cp first = At(pos);
    const std::size_t norm_begin = out_->norm.size();
    AppendUtf8(first.value, &out_->norm);
    std::size_t end = pos + first.length;
    const bool regional = first.value >= 0x1F1E6 && first.value <= 0x1F1FF;
    if (regional) {
      const Cp second = At(end);
      if (second.value >= 0x1F1E6 && second.value <= 0x1F1FF) {
        AppendUtf8(second.value, &out_->norm);
        end += second.length;
      }
    } else {
      while (end < text_.size()) {
        const Cp cp = At(end);
        if (cp.cls != CharClass::kEmojiJoin) break;
        end += cp.length;
        if (cp.value == 0x200D && At(end).cls == CharClass::kEmoji) end += At(end).length;
      }
    }
    Emit(TokenKind::kEmoji, pos, end, norm_begin, 0, position_++);
    prev_class_ = CharClass::kPunct;
    return end;
  }

  const Folder& folder_;
  std::string_view text_;
  TokenizedText* out_;
  std::uint32_t position_ = 0;
  CharClass prev_class_ = CharClass::kSpace;
};

}  // namespace

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kHashtag:
      return "hashtag";
    case TokenKind::kMention:
      return "mention";
    case TokenKind::kUrl:
      return "url";
    case TokenKind::kEmoji:
      return "emoji";
    case TokenKind::kEmoticon:
      return "emoticon";
  }
  return "word";
}

void Tokenizer::Tokenize(std::string_view text, TokenizedText* out) const {
  out->Clear();
  out->text = TruncateUtf8(text, kMaxTokenizedBytes);
  Run(folder_, out->text, out).Tokenize();
}

}  // namespace tribu::text
