#include "connectors/import/transcode.h"

#include <cctype>
#include <cerrno>

namespace tribu::import {

bool IsUtf8Name(std::string_view encoding) {
  std::string n;
  for (char c : encoding) {
    if (c != '-' && c != '_') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return n.empty() || n == "utf8";
}

Result<std::unique_ptr<Transcoder>> Transcoder::Open(const std::string& from_encoding) {
  iconv_t cd = iconv_open("UTF-8", from_encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr): iconv's API
    return Fail(ErrorCode::kInvalidArgument,
                "unknown encoding '" + from_encoding +
                    "' (try windows-1252, iso-8859-1, iso-8859-15 or utf-16)");
  }
  return std::unique_ptr<Transcoder>(new Transcoder(cd));
}

Transcoder::~Transcoder() { iconv_close(cd_); }

Status Transcoder::ToUtf8(std::string& text) {
  iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  std::string out(text.size() * 4 + 16, '\0');
  char* in_ptr = text.data();
  std::size_t in_left = text.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    std::size_t rc = iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left);
    if (rc == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        std::size_t used = out.size() - out_left;
        out.resize(out.size() * 2);
        out_ptr = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      return Fail(ErrorCode::kInvalidArgument, "byte at offset " +
                                                   std::to_string(text.size() - in_left) +
                                                   " cannot be read in this encoding");
    }
  }
  out.resize(out.size() - out_left);
  text = std::move(out);
  return {};
}

}  // namespace tribu::import
