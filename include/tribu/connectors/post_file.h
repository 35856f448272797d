// Reading posts from files: JSON Lines and CSV, as exported by tools and
// platforms, or written by hand. Used by `tribu import`.
//
// Column names (CSV header or JSON keys; nested JSON objects are read as
// "author.handle", "metrics.likes", ...), with the aliases accepted for each:
//   platform            platform
//   external_id         id
//   author              author_handle, author.handle, handle, username, user
//   author_name         author.display_name, author.name, display_name, name
//   author_followers    followers, author.followers
//   text                content, body, message
//   lang                language
//   url                 link, permalink
//   parent_external_id  in_reply_to, parent_id
//   published_at        created_at, date, timestamp, time
//   likes               metrics.likes, favourites, favorites
//   shares              metrics.shares, reposts, retweets, boosts
//   replies             metrics.replies, comments
//   reach               metrics.reach, impressions, views
//   sentiment           sentiment (-1..1)
// Other columns are ignored (and reported once by ignored_columns()).
// A row without external_id gets a stable one hashed from its platform,
// author, date and text, so importing the same file twice stores it once.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tribu/core/post.h"
#include "tribu/core/result.h"

namespace tribu {

enum class PostFileFormat {
  kJsonLines,
  kCsv,
  // The exports closed platforms give their account owners (see exports.cpp):
  kXArchive,         // X (Twitter) archive: data/tweets.js
  kFacebook,         // Facebook "Download your information", JSON: your_posts_1.json
  kInstagram,        // Instagram export, JSON: content/posts_1.json
  kLinkedIn,         // LinkedIn data export: Shares.csv
  kTikTok,           // TikTok "Download your data", JSON: user_data.json
  kYouTubeComments,  // Google Takeout, YouTube: comments/comments.csv
};

// "jsonl"/"json"/"ndjson" or "csv"/"tsv"; "x", "facebook", "instagram",
// "linkedin", "tiktok", "youtube" for platform exports; "auto" decides by the
// file name ("tweets.js", "Shares.csv", ... are recognised).
Result<PostFileFormat> ResolvePostFileFormat(std::string_view format, std::string_view file_name);
// "jsonl", "csv", "x", "facebook", ...
std::string_view PostFileFormatName(PostFileFormat format);

struct PostFileOptions {
  WorkspaceId workspace_id;
  std::string default_platform;      // for rows without a platform; empty: the column is required
  std::string default_lang = "und";  // for rows without a lang
  std::string encoding = "utf-8";    // of the file; others are converted with iconv
  // For rows without a date; empty: the column is required.
  std::optional<Timestamp> default_published_at;
  // Platform exports: the account they belong to, as its handle ("@velora"),
  // for formats whose files do not name it (X, Facebook, Instagram, LinkedIn, TikTok).
  std::string account;
  std::size_t max_export_bytes = std::size_t{1} << 30;  // exports are read whole
  std::size_t max_row_bytes = 1 << 20;
};

// One row read from the file: its first line number (1-based) and either a
// valid post or the reason it was rejected.
struct PostRow {
  std::int64_t line = 0;
  Result<Post> post;
};

// Reads rows one at a time from a stream it does not own. Not thread-safe.
class PostFileReader {
 public:
  virtual ~PostFileReader() = default;
  // The next row, or std::nullopt at the end. A failed read of the stream
  // itself is an error (kUnavailable); a bad row is a PostRow holding an error.
  virtual Result<std::optional<PostRow>> Next() = 0;
  // Columns present in the file that tribu does not read.
  virtual std::vector<std::string> ignored_columns() const = 0;
};

// Fails with kInvalidArgument for an unknown encoding, or a CSV file whose
// header names no text column.
Result<std::unique_ptr<PostFileReader>> OpenPostFileReader(std::istream& in, PostFileFormat format,
                                                           PostFileOptions options);

}  // namespace tribu
