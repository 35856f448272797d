// ASCII case helpers for identifiers, handles, field names and URL schemes:
// only A-Z change; every other byte (UTF-8 included) is left as it is.
#pragma once

#include <string>
#include <string_view>

namespace tribu {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// True when a and b differ at most in the case of ASCII letters.
inline bool EqualsAsciiNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace tribu
