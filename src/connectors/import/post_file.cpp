// JSON Lines and CSV readers of posts.
#include "tribu/connectors/post_file.h"

#include <simdjson.h>

#include <charconv>
#include <set>

#include "connectors/import/csv.h"
#include "connectors/import/exports.h"
#include "connectors/import/line_reader.h"
#include "connectors/import/row_mapper.h"
#include "connectors/import/transcode.h"
#include "tribu/core/ascii.h"
#include "tribu/core/utf8.h"

namespace tribu {

namespace {

using import::Field;
using import::RawRow;

constexpr std::size_t kMaxIgnoredColumns = 50;

class ReaderBase : public PostFileReader {
 public:
  ReaderBase(std::istream& in, PostFileOptions options, std::unique_ptr<import::Transcoder> tc)
      : options_(std::move(options)),
        transcoder_(std::move(tc)),
        lines_(in, options_.max_row_bytes) {
    lines_.set_transcoder(transcoder_.get());
  }

  std::vector<std::string> ignored_columns() const override {
    return {ignored_.begin(), ignored_.end()};
  }

 protected:
  void Ignore(std::string_view column) {
    if (ignored_.size() < kMaxIgnoredColumns)
      ignored_.insert(std::string(TruncateUtf8(column, 64)));
  }

  PostFileOptions options_;
  std::unique_ptr<import::Transcoder> transcoder_;
  import::LineReader lines_;
  std::set<std::string> ignored_;
};

class JsonLinesReader final : public ReaderBase {
 public:
  using ReaderBase::ReaderBase;

  Result<std::optional<PostRow>> Next() override {
    import::Line line;
    for (;;) {
      auto more = lines_.Next(line);
      if (!more) return Fail(more.error());
      if (!*more) return std::nullopt;
      if (line.too_long) {
        return PostRow{line.number, Fail(ErrorCode::kPayloadTooLarge,
                                         "line is longer than " +
                                             std::to_string(options_.max_row_bytes) + " bytes")};
      }
      std::string_view t = line.text;
      if (t.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank line
      return PostRow{line.number, Parse(t)};
    }
  }

 private:
  Result<Post> Parse(std::string_view text) {
    simdjson::dom::element doc;
    auto error = parser_.parse(text.data(), text.size(), true).get(doc);
    if (error) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("not valid JSON: ") + simdjson::error_message(error));
    }
    simdjson::dom::object object;
    if (doc.get_object().get(object)) {
      return Fail(ErrorCode::kInvalidArgument, "each line must be a JSON object");
    }
    RawRow row;
    TRIBU_RETURN_IF_ERROR(Flatten(object, "", 0, row));
    return import::BuildPost(row, options_);
  }

  Status Flatten(simdjson::dom::object object, const std::string& prefix, int depth, RawRow& row) {
    for (auto [key, value] : object) {
      std::string name = prefix + AsciiLower(key);
      if (value.is_object()) {
        if (depth < 2) {
          TRIBU_RETURN_IF_ERROR(
              Flatten(value.get_object().value_unsafe(), name + ".", depth + 1, row));
        }
        continue;
      }
      auto field = import::FieldForColumn(name);
      if (!field) {
        Ignore(name);
        continue;
      }
      std::optional<std::string> text;
      switch (value.type()) {
        case simdjson::dom::element_type::STRING:
          text = std::string(value.get_string().value_unsafe());
          break;
        case simdjson::dom::element_type::INT64:
          text = std::to_string(value.get_int64().value_unsafe());
          break;
        case simdjson::dom::element_type::UINT64:
          text = std::to_string(value.get_uint64().value_unsafe());
          break;
        case simdjson::dom::element_type::DOUBLE: {
          char buf[32];
          auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value.get_double().value_unsafe());
          text = ec == std::errc() ? std::string(buf, end) : std::string("nan");
          break;
        }
        case simdjson::dom::element_type::BOOL:
          text = value.get_bool().value_unsafe() ? "true" : "false";
          break;
        case simdjson::dom::element_type::NULL_VALUE:
          break;
        default:
          return Fail(ErrorCode::kInvalidArgument,
                      name + ": expected a string or a number, not a list");
      }
      auto& slot = row[static_cast<std::size_t>(*field)];
      if (!slot || slot->empty()) slot = std::move(text);  // the first non-empty alias wins
    }
    return {};
  }

  simdjson::dom::parser parser_;
};

class CsvPostReader final : public ReaderBase {
 public:
  CsvPostReader(std::istream& in, PostFileOptions options, std::unique_ptr<import::Transcoder> tc)
      : ReaderBase(in, std::move(options), std::move(tc)), csv_(lines_, options_.max_row_bytes) {}

  // Reads the header; fails if it is missing or names no text column.
  Status ReadHeader() {
    import::CsvRecord header;
    auto more = csv_.Next(header);
    if (!more) return Fail(more.error());
    if (!*more) return Fail(ErrorCode::kInvalidArgument, "the CSV file is empty");
    if (header.error) {
      return Fail(ErrorCode::kInvalidArgument, "line 1: header: " + *header.error);
    }
    bool has_text = false;
    for (const auto& name : header.fields) {
      auto field = import::FieldForColumn(name);
      if (!field) Ignore(name);
      has_text = has_text || field == Field::kText;
      columns_.push_back(field);
    }
    if (!has_text) {
      return Fail(ErrorCode::kInvalidArgument,
                  "line 1: the header names no text column (expected one of text, content, "
                  "body, message)");
    }
    return {};
  }

  Result<std::optional<PostRow>> Next() override {
    import::CsvRecord record;
    auto more = csv_.Next(record);
    if (!more) return Fail(more.error());
    if (!*more) return std::nullopt;
    if (record.error) {
      return PostRow{record.line, Fail(ErrorCode::kInvalidArgument, *record.error)};
    }
    if (record.fields.size() > columns_.size()) {
      return PostRow{
          record.line,
          Fail(ErrorCode::kInvalidArgument,
               "has " + std::to_string(record.fields.size()) + " fields but the header has " +
                   std::to_string(columns_.size()) + " (an unquoted '" +
                   std::string(1, csv_.delimiter() == '\t' ? ' ' : csv_.delimiter()) +
                   "' in a value?)")};
    }
    RawRow row;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      if (!columns_[i]) continue;
      auto& slot = row[static_cast<std::size_t>(*columns_[i])];
      if (!slot || slot->empty()) slot = std::move(record.fields[i]);
    }
    return PostRow{record.line, import::BuildPost(row, options_)};
  }

 private:
  import::CsvReader csv_;
  std::vector<std::optional<Field>> columns_;
};

}  // namespace

Result<PostFileFormat> ResolvePostFileFormat(std::string_view format, std::string_view file_name) {
  std::string f = AsciiLower(format);
  if (f == "auto") {
    std::string name = AsciiLower(file_name);
    if (name.ends_with(".gz")) {
      return Fail(ErrorCode::kInvalidArgument, "compressed files are not read; decompress first");
    }
    auto dot = name.rfind('.');
    f = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (f.empty() || name == "-") {
      return Fail(ErrorCode::kInvalidArgument,
                  "cannot tell the format of '" + std::string(file_name) +
                      "' from its name: pass --format jsonl or --format csv");
    }
  }
  if (format == "auto") {
    // Platform exports by their usual file names.
    std::string base = AsciiLower(file_name);
    base = base.substr(base.find_last_of('/') + 1);
    if (base == "tweets.js" || base.starts_with("tweets-part")) return PostFileFormat::kXArchive;
    if (base.starts_with("your_posts")) return PostFileFormat::kFacebook;
    if (base.starts_with("posts_") && base.ends_with(".json")) return PostFileFormat::kInstagram;
    if (base == "shares.csv") return PostFileFormat::kLinkedIn;
    if (base == "user_data.json" || base == "user_data_tiktok.json") return PostFileFormat::kTikTok;
  }
  if (f == "jsonl" || f == "ndjson" || f == "json") return PostFileFormat::kJsonLines;
  if (f == "csv" || f == "tsv") return PostFileFormat::kCsv;
  if (f == "x" || f == "twitter") return PostFileFormat::kXArchive;
  if (f == "facebook") return PostFileFormat::kFacebook;
  if (f == "instagram") return PostFileFormat::kInstagram;
  if (f == "linkedin") return PostFileFormat::kLinkedIn;
  if (f == "tiktok") return PostFileFormat::kTikTok;
  if (f == "youtube") return PostFileFormat::kYouTubeComments;
  return Fail(ErrorCode::kInvalidArgument,
              "unknown format '" + f +
                  "': use jsonl (JSON Lines), csv, or a platform export: x, facebook, instagram, "
                  "linkedin, tiktok, youtube");
}

std::string_view PostFileFormatName(PostFileFormat format) {
  switch (format) {
    case PostFileFormat::kJsonLines:
      return "jsonl";
    case PostFileFormat::kCsv:
      return "csv";
    case PostFileFormat::kXArchive:
      return "x";
    case PostFileFormat::kFacebook:
      return "facebook";
    case PostFileFormat::kInstagram:
      return "instagram";
    case PostFileFormat::kLinkedIn:
      return "linkedin";
    case PostFileFormat::kTikTok:
      return "tiktok";
    case PostFileFormat::kYouTubeComments:
      return "youtube";
  }
  return "unknown";
}

Result<std::unique_ptr<PostFileReader>> OpenPostFileReader(std::istream& in, PostFileFormat format,
                                                           PostFileOptions options) {
  std::unique_ptr<import::Transcoder> transcoder;
  if (!import::IsUtf8Name(options.encoding)) {
    auto tc = import::Transcoder::Open(options.encoding);
    if (!tc) return Fail(tc.error());
    transcoder = std::move(*tc);
  }
  if (format == PostFileFormat::kJsonLines) {
    return std::make_unique<JsonLinesReader>(in, std::move(options), std::move(transcoder));
  }
  if (format != PostFileFormat::kCsv) return import::OpenExportReader(in, format, options);
  auto reader = std::make_unique<CsvPostReader>(in, std::move(options), std::move(transcoder));
  TRIBU_RETURN_IF_ERROR(reader->ReadHeader());
  return reader;
}

}  // namespace tribu
