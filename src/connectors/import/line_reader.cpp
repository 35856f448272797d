#include "connectors/import/line_reader.h"

#include <cstring>

namespace tribu::import {

bool LineReader::Fill() {
  if (eof_) return false;
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  end_ = static_cast<std::size_t>(in_.gcount());
  pos_ = 0;
  if (end_ == 0) eof_ = true;
  return end_ > 0;
}

Result<bool> LineReader::Next(Line& line) {
  line.text.clear();
  line.too_long = false;
  bool any = false;
  for (;;) {
    if (pos_ == end_) {
      if (!Fill()) {
        if (in_.bad()) return Fail(ErrorCode::kUnavailable, "read error on input");
        break;
      }
    }
    any = true;
    const char* start = buf_.data() + pos_;
    const void* nl = std::memchr(start, '\n', end_ - pos_);
    std::size_t n =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
    std::size_t room = max_bytes_ > line.text.size() ? max_bytes_ - line.text.size() : 0;
    if (n > room) line.too_long = true;
    line.text.append(start, std::min(n, room));
    pos_ += n;
    if (nl) {
      ++pos_;  // consume the newline
      break;
    }
  }
  if (!any) return false;
  if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
  if (transcoder_ != nullptr) {
    std::string converted = line.text;
    if (transcoder_->ToUtf8(converted)) line.text = std::move(converted);
  }
  line.number = ++number_;
  return true;
}

}  // namespace tribu::import
