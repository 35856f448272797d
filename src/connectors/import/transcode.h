// Converts text from a legacy encoding (Windows-1252, ISO-8859-1, ...) to
// UTF-8 with iconv. Owns the iconv descriptor. Not thread-safe.
#pragma once

#include <iconv.h>

#include <memory>
#include <string>

#include "tribu/core/result.h"

namespace tribu::import {

class Transcoder {
 public:
  // kInvalidArgument for an encoding iconv does not know.
  static Result<std::unique_ptr<Transcoder>> Open(const std::string& from_encoding);
  ~Transcoder();
  Transcoder(const Transcoder&) = delete;
  Transcoder& operator=(const Transcoder&) = delete;

  // Converts in place; bytes that cannot be converted fail with kInvalidArgument.
  Status ToUtf8(std::string& text);

 private:
  explicit Transcoder(iconv_t cd) : cd_(cd) {}
  iconv_t cd_;
};

// True for the names that mean UTF-8 already ("utf-8", "UTF8", empty).
bool IsUtf8Name(std::string_view encoding);

}  // namespace tribu::import
