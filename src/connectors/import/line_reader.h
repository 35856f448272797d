// Reads lines from a stream with a bound on line length, so that a hostile
// file with a gigabyte-long line costs at most max_bytes of memory.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "connectors/import/transcode.h"
#include "tribu/core/result.h"

namespace tribu::import {

struct Line {
  std::string text;         // without the trailing "\n" or "\r\n"; cut at max_bytes
  bool too_long = false;    // the line was longer than max_bytes
  std::int64_t number = 0;  // 1-based
};

class LineReader {
 public:
  LineReader(std::istream& in, std::size_t max_bytes) : in_(in), max_bytes_(max_bytes) {}
  // False at the end of the stream; kUnavailable if the stream fails.
  Result<bool> Next(Line& line);
  // Converts each line to UTF-8 from the transcoder's encoding; not owned.
  // A line that does not convert is passed on unchanged (and fails UTF-8 checks later).
  void set_transcoder(Transcoder* transcoder) { transcoder_ = transcoder; }

 private:
  bool Fill();

  std::istream& in_;
  std::size_t max_bytes_;
  std::vector<char> buf_ = std::vector<char>(1 << 16);
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::int64_t number_ = 0;
  bool eof_ = false;
  Transcoder* transcoder_ = nullptr;
};

}  // namespace tribu::import
