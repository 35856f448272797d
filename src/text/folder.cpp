#include "tribu/text/folder.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "tribu/core/ascii.h"

namespace tribu::text {
namespace {

// Code points below this bound are folded and classified through the table;
// it covers the BMP and plane 1 (styled mathematical letters, emoji).
constexpr char32_t kTableSize = 0x20000;

CharClass ClassifyWithIcu(char32_t cp) {
  switch (cp) {
    case U'\'':
    case U'\u2019':
    case U'\u2018':
    case U'\u02BC':
    case U'\u2032':
    case U'\uFF07':
      return CharClass::kApostrophe;
    case U'-':
    case U'\u2010':
    case U'\u2011':
    case U'\u2013':
      return CharClass::kHyphen;
    case U'#':
    case U'\uFF03':
      return CharClass::kHash;
    case U'@':
    case U'\uFF20':
      return CharClass::kAt;
    case U'\u200D':
    case U'\uFE0F':
    case U'\uFE0E':
    case U'\u20E3':
      return CharClass::kEmojiJoin;
    case U'\uFFFD':
      return CharClass::kSpace;
    default:
      break;
  }
  const auto c = static_cast<UChar32>(cp);
  if (cp >= 0x1F3FB && cp <= 0x1F3FF) return CharClass::kEmojiJoin;  // skin tones
  if (cp >= 0xE0020 && cp <= 0xE007F) return CharClass::kEmojiJoin;  // flag tags
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return CharClass::kEmoji;      // regional indicators
  // ASCII digits and '*' carry the emoji property (keycaps) but are text here.
  if (cp >= 0x80 && u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) {
    return CharClass::kEmoji;
  }
  if (u_isUWhiteSpace(c) || u_iscntrl(c) || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF) {
    return CharClass::kSpace;
  }
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_LETTER_NUMBER:
      return CharClass::kLetter;
    case U_DECIMAL_DIGIT_NUMBER:
      return CharClass::kDigit;
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
      return CharClass::kMark;
    case U_UNASSIGNED:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
      return CharClass::kSpace;
    default:
      return CharClass::kPunct;
  }
}

// Letters NFKC keeps whole but that readers treat as two letters or a plain one.
std::u32string_view ExtraFolding(char32_t cp) {
  switch (cp) {
    case U'œ':
    case U'Œ':
      return U"oe";
    case U'æ':
    case U'Æ':
      return U"ae";
    case U'ø':
    case U'Ø':
      return U"o";
    case U'đ':
    case U'Đ':
      return U"d";
    case U'ł':
    case U'Ł':
      return U"l";
    case U'ı':
      return U"i";
    case U'\u2019':
    case U'\u2018':
    case U'\u02BC':
    case U'\u2032':
    case U'\uFF07':
      return U"'";
    case U'\u2010':
    case U'\u2011':
    case U'\u2013':
      return U"-";
    case U'\uFFFD':
      return U" ";
    default:
      return {};
  }
}

}  // namespace

struct Folder::Table {
  std::vector<CharClass> classes;     // per code point below kTableSize
  std::vector<std::uint32_t> offset;  // fold of cp is pool[offset[cp], offset[cp + 1])
  std::string pool;
};

CodePoint DecodeAt(std::string_view text, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) return {b0, 1};
  const std::size_t left = text.size() - pos;
  auto cont = [&](std::size_t i) {
    return i < left && (static_cast<unsigned char>(text[pos + i]) & 0xC0) == 0x80;
  };
  auto byte = [&](std::size_t i) {
    return static_cast<char32_t>(static_cast<unsigned char>(text[pos + i]) & 0x3F);
  };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    return {((b0 & 0x1Fu) << 6) | byte(1), 2};
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    const char32_t cp = ((b0 & 0x0Fu) << 12) | (byte(1) << 6) | byte(2);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {cp, 3};
  } else if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    const char32_t cp = ((b0 & 0x07u) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
    if (cp >= 0x10000 && cp <= 0x10FFFF) return {cp, 4};
  }
  return {U'\uFFFD', 1};
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Folder::Folder() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU normalizer data missing: ") + u_errorName(status));
  }
  auto table = std::make_unique<Table>();
  table->classes.resize(kTableSize);
  table->offset.resize(kTableSize + 1);
  table->pool.reserve(kTableSize + kTableSize / 4);
  icu::UnicodeString folded;
  icu::UnicodeString decomposed;
  for (char32_t cp = 0; cp < kTableSize; ++cp) {
    table->offset[cp] = static_cast<std::uint32_t>(table->pool.size());
    const CharClass cls = ClassifyWithIcu(cp);
    table->classes[cp] = cls;
    if (const std::u32string_view extra = ExtraFolding(cp); !extra.empty()) {
      for (char32_t c : extra) AppendUtf8(c, &table->pool);
      continue;
    }
    // Accents (non-spacing and enclosing marks) fold to nothing; spacing marks
    // are vowel signs in many scripts (Devanagari, Tamil) and stay.
    if (cls == CharClass::kEmojiJoin) continue;
    if (cls == CharClass::kMark &&
        u_charType(static_cast<UChar32>(cp)) != U_COMBINING_SPACING_MARK) {
      continue;
    }
    if (cp < 0x80 || cls == CharClass::kEmoji || (cp >= 0xD800 && cp <= 0xDFFF)) {
      AppendUtf8(cp < 0x80 ? static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))) : cp,
                 &table->pool);
      continue;
    }
    status = U_ZERO_ERROR;
    const icu::UnicodeString source(static_cast<UChar32>(cp));
    nfkc_cf->normalize(source, folded, status);
    if (U_SUCCESS(status)) nfd->normalize(folded, decomposed, status);
    if (U_FAILURE(status)) {
      AppendUtf8(cp, &table->pool);
      continue;
    }
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      const auto type = u_charType(c);
      if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) continue;
      if (const std::u32string_view extra = ExtraFolding(static_cast<char32_t>(c));
          !extra.empty()) {
        for (char32_t e : extra) AppendUtf8(e, &table->pool);
      } else {
        AppendUtf8(static_cast<char32_t>(c), &table->pool);
      }
    }
  }
  table->offset[kTableSize] = static_cast<std::uint32_t>(table->pool.size());
  table_ = std::move(table);
}

Folder::~Folder() = default;

CharClass Folder::Classify(char32_t cp) const {
  return cp < kTableSize ? table_->classes[cp] : ClassifyWithIcu(cp);
}

void Folder::AppendFolded(char32_t cp, std::string* out) const {
  if (cp >= kTableSize) {
    if (Classify(cp) != CharClass::kEmojiJoin) AppendUtf8(cp, out);
    return;
  }
  const std::uint32_t begin = table_->offset[cp];
  const std::uint32_t end = table_->offset[cp + 1];
  out->append(table_->pool, begin, end - begin);
}

void Folder::Fold(std::string_view text, std::string* out) const {
  out->reserve(out->size() + text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {  // fast path
      out->push_back(AsciiLower(static_cast<char>(byte)));
      ++pos;
      continue;
    }
    const CodePoint cp = DecodeAt(text, pos);
    AppendFolded(cp.value, out);
    pos += cp.length;
  }
}

std::string Folder::Fold(std::string_view text) const {
  std::string out;
  Fold(text, &out);
  return out;
}

}  // namespace tribu::text
