#include "app/terminal.h"

#include "tribu/core/utf8.h"

namespace tribu::app {

std::string OneLine(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (unsigned char c : RepairUtf8(TruncateUtf8(text, max_bytes))) {
    out += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
  }
  if (text.size() > max_bytes) out += "…";
  return out;
}

}  // namespace tribu::app
