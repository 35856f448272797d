// UTF-8 checks for text that comes from strangers.
#pragma once

#include <string>
#include <string_view>

namespace tribu {

// Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Byte offset of the first invalid sequence, or text.size() if all is valid.
std::size_t FirstInvalidUtf8(std::string_view text);

// Returns the text with every invalid sequence replaced by U+FFFD.
std::string RepairUtf8(std::string_view text);

// Cuts the text to at most max_bytes without splitting a character.
std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace tribu
