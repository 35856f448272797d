// RFC 4180 CSV records over a LineReader: quoted fields with embedded
// delimiters, doubled quotes and newlines; "," ";" or tab delimiters, detected
// from the header; a UTF-8 byte-order mark is skipped. Lenient where
// spreadsheets are sloppy (a stray quote inside an unquoted field is kept).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connectors/import/line_reader.h"

namespace tribu::import {

struct CsvRecord {
  std::int64_t line = 0;  // line where the record starts
  std::vector<std::string> fields;
  std::optional<std::string> error;  // set when the record is malformed
};

class CsvReader {
 public:
  CsvReader(LineReader& lines, std::size_t max_record_bytes)
      : lines_(lines), max_record_bytes_(max_record_bytes) {}

  // False at the end. The first record read decides the delimiter.
  Result<bool> Next(CsvRecord& record);

  char delimiter() const { return delimiter_; }

 private:
  static char DetectDelimiter(std::string_view header);

  LineReader& lines_;
  std::size_t max_record_bytes_;
  char delimiter_ = 0;
  bool first_ = true;
};

}  // namespace tribu::import
