#include "connectors/import/exports.h"

#include <simdjson.h>

#include <functional>
#include <map>
#include <sstream>

#include "connectors/import/csv.h"
#include "connectors/import/line_reader.h"
#include "connectors/stable_id.h"
#include "tribu/core/ascii.h"
#include "tribu/core/platform.h"
#include "tribu/core/utf8.h"

namespace tribu::import {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Serves rows read beforehand.
class RowsReader final : public PostFileReader {
 public:
  explicit RowsReader(std::vector<PostRow> rows) : rows_(std::move(rows)) {}
  Result<std::optional<PostRow>> Next() override {
    if (next_ >= rows_.size()) return std::optional<PostRow>();
    return std::optional<PostRow>(std::move(rows_[next_++]));
  }
  std::vector<std::string> ignored_columns() const override { return {}; }

 private:
  std::vector<PostRow> rows_;
  std::size_t next_ = 0;
};

std::string Str(object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  std::int64_t i = 0;
  if (o[key].get_int64().get(i) == simdjson::SUCCESS) return std::to_string(i);
  return {};
}

std::int64_t Count(object o, std::string_view key) {
  std::int64_t i = 0;
  if (o[key].get_int64().get(i) == simdjson::SUCCESS) return std::max<std::int64_t>(0, i);
  std::string s = Str(o, key);
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoll(s);
}

class Builder {
 public:
  Builder(const PostFileOptions& options, std::string_view platform)
      : options_(options), platform_(platform) {}

  // A post of the export's account.
  Post Make() const {
    Post p;
    p.workspace_id = options_.workspace_id;
    p.platform = std::string(platform_);
    p.author.platform = p.platform;
    p.author.handle = options_.account;
    p.author.display_name = options_.account;
    p.lang = options_.default_lang;
    return p;
  }

  void Add(std::int64_t index, Result<Post> post) {
    if (post) {
      if (post->text.empty()) {
        post = Fail(ErrorCode::kInvalidArgument, "no text");
      } else {
        post->text = RepairUtf8(TruncateUtf8(post->text, kMaxPostTextBytes));
        if (post->external_id.empty()) {
          post->external_id = connectors::StableId(
              post->platform + '\x1f' + std::to_string(ToUnixMillis(post->published_at)) + '\x1f' +
              post->text);
        }
        if (auto s = ValidatePost(*post); !s) post = Fail(s.error());
      }
    }
    rows_.push_back(PostRow{index, std::move(post)});
  }

  std::vector<PostRow> Take() { return std::move(rows_); }

 private:
  const PostFileOptions& options_;
  std::string_view platform_;
  std::vector<PostRow> rows_;
};

Result<element> ParseJson(simdjson::dom::parser& parser, std::string_view text,
                          std::string_view what) {
  element doc;
  if (auto err = parser.parse(text.data(), text.size()).get(doc); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument,
                "this is not " + std::string(what) +
                    " (not valid JSON: " + simdjson::error_message(err) + ")");
  }
  return doc;
}

// The first list found at one of these paths ({"a","b"} means doc.a.b).
std::optional<array> FindList(element doc,
                              std::initializer_list<std::vector<std::string_view>> paths) {
  array list;
  if (doc.get_array().get(list) == simdjson::SUCCESS) return list;
  for (const auto& path : paths) {
    element e = doc;
    bool ok = true;
    for (auto key : path) ok = ok && e[key].get(e) == simdjson::SUCCESS;
    if (ok && e.get_array().get(list) == simdjson::SUCCESS) return list;
  }
  return std::nullopt;
}

// X writes "&amp;", "&lt;" and "&gt;" in tweet text.
std::string DecodeXEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      auto rest = s.substr(i);
      if (rest.starts_with("&amp;")) {
        out += '&';
        i += 4;
        continue;
      }
      if (rest.starts_with("&lt;")) {
        out += '<';
        i += 3;
        continue;
      }
      if (rest.starts_with("&gt;")) {
        out += '>';
        i += 3;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// "Wed Oct 10 20:19:24 +0000 2018" (X) -> RFC 822 order.
Result<Timestamp> ParseXDate(std::string_view s) {
  std::vector<std::string_view> f;
  while (!s.empty()) {
    auto sp = s.find(' ');
    if (sp != 0) f.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  if (f.size() != 6) return Fail(ErrorCode::kInvalidArgument, "created_at is not an X date");
  return ParseRfc822Date(std::string(f[2]) + " " + std::string(f[1]) + " " + std::string(f[5]) +
                         " " + std::string(f[3]) + " " + std::string(f[4]));
}

Result<Timestamp> FromUnixSeconds(std::int64_t s) {
  if (s <= 0 || s > 253402300799)
    return Fail(ErrorCode::kInvalidArgument, "timestamp out of range");
  return FromUnixMillis(s * 1000);
}

Status NeedAccount(const PostFileOptions& o, std::string_view format) {
  if (!o.account.empty()) return {};
  return Fail(
      ErrorCode::kInvalidArgument,
      "this " + std::string(format) + " export does not name its account: pass --account @handle");
}

Result<std::vector<PostRow>> ReadX(std::string_view text, const PostFileOptions& o) {
  TRIBU_RETURN_IF_ERROR(NeedAccount(o, "X"));
  // "window.YTD.tweets.part0 = [ ... ]"
  if (auto eq = text.find('='); text.starts_with("window.") && eq != std::string_view::npos) {
    text.remove_prefix(eq + 1);
  }
  simdjson::dom::parser parser;
  auto doc = ParseJson(parser, text, "an X archive's tweets.js");
  if (!doc) return Fail(doc.error());
  auto list = FindList(*doc, {});
  if (!list) return Fail(ErrorCode::kInvalidArgument, "tweets.js holds no list of tweets");
  Builder b(o, "x");
  std::string handle = o.account;
  if (handle.starts_with('@')) handle.erase(0, 1);
  std::int64_t i = 0;
  for (element e : *list) {
    ++i;
    object item;
    object t;
    if (e.get_object().get(item) != simdjson::SUCCESS) {
      b.Add(i, Fail(ErrorCode::kInvalidArgument, "not an object"));
      continue;
    }
    if (item["tweet"].get_object().get(t) != simdjson::SUCCESS) t = item;
    Post p = b.Make();
    p.external_id = Str(t, "id_str");
    if (p.external_id.empty()) p.external_id = Str(t, "id");
    std::string full = Str(t, "full_text");
    p.text = DecodeXEntities(full.empty() ? Str(t, "text") : full);
    auto when = ParseXDate(Str(t, "created_at"));
    if (!when) {
      b.Add(i, Fail(when.error()));
      continue;
    }
    p.published_at = *when;
    p.metrics.likes = Count(t, "favorite_count");
    p.metrics.shares = Count(t, "retweet_count");
    std::string lang = Str(t, "lang");
    if (lang.size() == 2) p.lang = AsciiLower(lang);
    p.parent_external_id = Str(t, "in_reply_to_status_id_str");
    if (!p.external_id.empty() && handle.find_first_of("/?# ") == std::string::npos) {
      p.url = "https://x.com/" + handle + "/status/" + p.external_id;
    }
    b.Add(i, std::move(p));
  }
  return b.Take();
}

Result<std::vector<PostRow>> ReadFacebook(std::string_view text, const PostFileOptions& o) {
  TRIBU_RETURN_IF_ERROR(NeedAccount(o, "Facebook"));
  simdjson::dom::parser parser;
  auto doc = ParseJson(parser, text, "a Facebook your_posts JSON file");
  if (!doc) return Fail(doc.error());
  auto list = FindList(*doc, {{"status_updates_v2"}, {"posts_v2"}});
  if (!list) return Fail(ErrorCode::kInvalidArgument, "the Facebook file holds no list of posts");
  Builder b(o, "facebook");
  std::int64_t i = 0;
  for (element e : *list) {
    ++i;
    object item;
    if (e.get_object().get(item) != simdjson::SUCCESS) {
      b.Add(i, Fail(ErrorCode::kInvalidArgument, "not an object"));
      continue;
    }
    Post p = b.Make();
    array data;
    if (item["data"].get_array().get(data) == simdjson::SUCCESS) {
      for (element d : data) {
        object od;
        if (d.get_object().get(od) == simdjson::SUCCESS && !Str(od, "post").empty()) {
          p.text = FixMetaMojibake(Str(od, "post"));
          break;
        }
      }
    }
    auto when = FromUnixSeconds(Count(item, "timestamp"));
    if (!when) {
      b.Add(i, Fail(when.error()));
      continue;
    }
    p.published_at = *when;
    b.Add(i, std::move(p));
  }
  return b.Take();
}

Result<std::vector<PostRow>> ReadInstagram(std::string_view text, const PostFileOptions& o) {
  TRIBU_RETURN_IF_ERROR(NeedAccount(o, "Instagram"));
  simdjson::dom::parser parser;
  auto doc = ParseJson(parser, text, "an Instagram posts JSON file");
  if (!doc) return Fail(doc.error());
  auto list = FindList(*doc, {{"ig_posts"}});
  if (!list) return Fail(ErrorCode::kInvalidArgument, "the Instagram file holds no list of posts");
  Builder b(o, "instagram");
  std::int64_t i = 0;
  for (element e : *list) {
    ++i;
    object item;
    if (e.get_object().get(item) != simdjson::SUCCESS) {
      b.Add(i, Fail(ErrorCode::kInvalidArgument, "not an object"));
      continue;
    }
    Post p = b.Make();
    // A post of several photos has its caption and date at the top; one photo, on the media.
    std::string caption = Str(item, "title");
    std::int64_t ts = Count(item, "creation_timestamp");
    array media;
    if (item["media"].get_array().get(media) == simdjson::SUCCESS) {
      for (element m : media) {
        object om;
        if (m.get_object().get(om) != simdjson::SUCCESS) continue;
        if (caption.empty()) caption = Str(om, "title");
        if (ts == 0) ts = Count(om, "creation_timestamp");
        if (p.external_id.empty()) p.external_id = Str(om, "uri");
      }
    }
    p.text = FixMetaMojibake(caption);
    auto when = FromUnixSeconds(ts);
    if (!when) {
      b.Add(i, Fail(when.error()));
      continue;
    }
    p.published_at = *when;
    if (p.external_id.size() > kMaxExternalIdBytes) p.external_id.clear();
    b.Add(i, std::move(p));
  }
  return b.Take();
}

Result<std::vector<PostRow>> ReadTikTok(std::string_view text, const PostFileOptions& o) {
  TRIBU_RETURN_IF_ERROR(NeedAccount(o, "TikTok"));
  simdjson::dom::parser parser;
  auto doc = ParseJson(parser, text, "a TikTok user_data JSON file");
  if (!doc) return Fail(doc.error());
  auto list = FindList(*doc, {{"Post", "Posts", "VideoList"}, {"Video", "Videos", "VideoList"}});
  if (!list) {
    return Fail(ErrorCode::kInvalidArgument,
                "the TikTok file holds no Post.Posts.VideoList (nor Video.Videos.VideoList)");
  }
  Builder b(o, "tiktok");
  std::int64_t i = 0;
  for (element e : *list) {
    ++i;
    object v;
    if (e.get_object().get(v) != simdjson::SUCCESS) {
      b.Add(i, Fail(ErrorCode::kInvalidArgument, "not an object"));
      continue;
    }
    Post p = b.Make();
    for (const char* key : {"Title", "Description", "Caption", "Desc"}) {
      if (p.text.empty()) p.text = Str(v, key);
    }
    p.url = Str(v, "Link");
    if (!p.url.starts_with("https://")) p.url.clear();
    p.external_id = p.url;
    p.metrics.likes = Count(v, "Likes");
    auto when = ParseTimestamp(Str(v, "Date"));
    if (!when) {
      b.Add(i, Fail(when.error().WithContext("Date")));
      continue;
    }
    p.published_at = *when;
    if (p.text.empty()) {
      b.Add(i, Fail(ErrorCode::kInvalidArgument, "no caption in the export for " + p.url));
      continue;
    }
    b.Add(i, std::move(p));
  }
  return b.Take();
}

// CSV exports: the header's column names, then records.
Result<std::vector<PostRow>> ReadCsv(
    std::string_view text, const PostFileOptions& o, std::string_view platform,
    const std::function<Result<Post>(Builder&, const std::map<std::string, std::string>&)>& row) {
  std::istringstream in{std::string(text)};
  LineReader lines(in, o.max_row_bytes);
  CsvReader csv(lines, o.max_row_bytes);
  CsvRecord header;
  auto first = csv.Next(header);
  if (!first) return Fail(first.error());
  if (!*first) return Fail(ErrorCode::kInvalidArgument, "the file is empty");
  Builder b(o, platform);
  CsvRecord rec;
  while (true) {
    auto more = csv.Next(rec);
    if (!more) return Fail(more.error());
    if (!*more) break;
    if (rec.error) {
      b.Add(rec.line, Fail(ErrorCode::kInvalidArgument, *rec.error));
      continue;
    }
    std::map<std::string, std::string> fields;
    for (std::size_t c = 0; c < header.fields.size() && c < rec.fields.size(); ++c) {
      fields[AsciiLower(header.fields[c])] = rec.fields[c];
    }
    b.Add(rec.line, row(b, fields));
  }
  return b.Take();
}

std::string Field(const std::map<std::string, std::string>& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() ? std::string() : it->second;
}

Result<std::vector<PostRow>> ReadLinkedIn(std::string_view text, const PostFileOptions& o) {
  TRIBU_RETURN_IF_ERROR(NeedAccount(o, "LinkedIn"));
  return ReadCsv(text, o, "linkedin",
                 [](Builder& b, const std::map<std::string, std::string>& f) -> Result<Post> {
                   Post p = b.Make();
                   p.text = Field(f, "sharecommentary");
                   p.url = Field(f, "sharelink");
                   if (!p.url.starts_with("https://")) p.url.clear();
                   p.external_id = p.url;
                   auto when = ParseTimestamp(Field(f, "date"));
                   if (!when) return Fail(when.error().WithContext("Date"));
                   p.published_at = *when;
                   return p;
                 });
}

Result<std::vector<PostRow>> ReadYouTubeComments(std::string_view text, const PostFileOptions& o) {
  return ReadCsv(text, o, "youtube",
                 [&o](Builder& b, const std::map<std::string, std::string>& f) -> Result<Post> {
                   Post p = b.Make();
                   p.external_id = Field(f, "comment id");
                   std::string channel = Field(f, "channel id");
                   if (!channel.empty()) {
                     p.author.handle = channel;
                     p.author.display_name = o.account.empty() ? channel : o.account;
                   }
                   if (p.author.handle.empty()) {
                     return Fail(ErrorCode::kInvalidArgument, "no Channel ID: pass --account");
                   }
                   // "Comment text" holds JSON fragments: {"text":"Nice"},{"text":" video"}.
                   const std::string raw = Field(f, "comment text");
                   simdjson::dom::parser parser;
                   element doc;
                   array parts;
                   std::string joined = "[" + raw + "]";
                   if (parser.parse(joined).get(doc) == simdjson::SUCCESS &&
                       doc.get_array().get(parts) == simdjson::SUCCESS) {
                     for (element part : parts) {
                       object op;
                       if (part.get_object().get(op) == simdjson::SUCCESS)
                         p.text += Str(op, "text");
                     }
                   } else {
                     p.text = raw;
                   }
                   auto when = ParseTimestamp(Field(f, "comment create timestamp"));
                   if (!when) return Fail(when.error().WithContext("Comment create timestamp"));
                   p.published_at = *when;
                   p.parent_external_id = Field(f, "parent comment id");
                   std::string video = Field(f, "video id");
                   if (!video.empty() && video.find_first_of("&?#/ ") == std::string::npos &&
                       p.external_id.find_first_of("&?#/ ") == std::string::npos) {
                     p.url = "https://www.youtube.com/watch?v=" + video + "&lc=" + p.external_id;
                   }
                   return p;
                 });
}

}  // namespace

std::string FixMetaMojibake(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  bool changed = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bytes += static_cast<char>(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
      // A code point U+0080..U+00FF, read back as the byte it stood for.
      const auto d = static_cast<unsigned char>(text[i + 1]);
      bytes += static_cast<char>(((c & 0x03) << 6) | (d & 0x3F));
      ++i;
      changed = true;
    } else {
      return std::string(text);  // a character past U+00FF: real UTF-8 already
    }
  }
  if (!changed || !IsValidUtf8(bytes)) return std::string(text);
  return bytes;
}

Result<std::unique_ptr<PostFileReader>> OpenExportReader(std::istream& in, PostFileFormat format,
                                                         const PostFileOptions& options) {
  std::string content;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    content.append(buf, static_cast<std::size_t>(in.gcount()));
    if (content.size() > options.max_export_bytes) {
      return Fail(ErrorCode::kPayloadTooLarge, "the export is larger than " +
                                                   std::to_string(options.max_export_bytes >> 20) +
                                                   " MiB; split it");
    }
  }
  if (in.bad()) return Fail(ErrorCode::kUnavailable, "reading the export failed");
  Result<std::vector<PostRow>> rows = Fail(ErrorCode::kInternal, "no reader");
  switch (format) {
    case PostFileFormat::kXArchive:
      rows = ReadX(content, options);
      break;
    case PostFileFormat::kFacebook:
      rows = ReadFacebook(content, options);
      break;
    case PostFileFormat::kInstagram:
      rows = ReadInstagram(content, options);
      break;
    case PostFileFormat::kLinkedIn:
      rows = ReadLinkedIn(content, options);
      break;
    case PostFileFormat::kTikTok:
      rows = ReadTikTok(content, options);
      break;
    case PostFileFormat::kYouTubeComments:
      rows = ReadYouTubeComments(content, options);
      break;
    default:
      return Fail(ErrorCode::kInternal, "not an export format");
  }
  if (!rows) return Fail(rows.error());
  return std::unique_ptr<PostFileReader>(std::make_unique<RowsReader>(std::move(*rows)));
}

}  // namespace tribu::import
