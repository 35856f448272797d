#include "connectors/import/csv.h"

namespace tribu::import {

char CsvReader::DetectDelimiter(std::string_view header) {
  int comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  record.error.reset();
  Line line;
  // Skip blank lines between records.
  do {
    auto more = lines_.Next(line);
    if (!more) return Fail(more.error());
    if (!*more) return false;
    if (first_) {
      if (line.text.starts_with("\xEF\xBB\xBF")) line.text.erase(0, 3);
      delimiter_ = DetectDelimiter(line.text);
      first_ = false;
    }
  } while (line.text.empty() && !line.too_long);

  record.line = line.number;
  std::string field;
  bool in_quotes = false;
  bool after_quote = false;  // just closed a quoted field
  std::size_t record_bytes = 0;
  for (;;) {
    record_bytes += line.text.size() + 1;
    if (line.too_long || record_bytes > max_record_bytes_) {
      record.error = "record is longer than " + std::to_string(max_record_bytes_) + " bytes";
      // Resynchronise on the next line: the rest of a huge record is dropped.
      return true;
    }
    const std::string& t = line.text;
    for (std::size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < t.size() && t[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            in_quotes = false;
            after_quote = true;
          }
        } else {
          field += c;
        }
      } else if (c == delimiter_) {
        record.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
      } else if (c == '"' && field.empty() && !after_quote) {
        in_quotes = true;
      } else {
        field += c;
      }
    }
    if (!in_quotes) break;
    // A quoted field goes on over the line break.
    auto more = lines_.Next(line);
    if (!more) return Fail(more.error());
    if (!*more) {
      record.error =
          "quoted field opened on line " + std::to_string(record.line) + " is never closed";
      return true;
    }
    field += '\n';
  }
  record.fields.push_back(std::move(field));
  return true;
}

}  // namespace tribu::import
