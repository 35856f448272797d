// Maps the named fields of one imported row to a Post (see post_file.h for
// the names and aliases).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "tribu/connectors/post_file.h"

namespace tribu::import {

enum class Field {
  kPlatform,
  kExternalId,
  kAuthor,
  kAuthorName,
  kAuthorFollowers,
  kText,
  kLang,
  kUrl,
  kParentExternalId,
  kPublishedAt,
  kLikes,
  kShares,
  kReplies,
  kReach,
  kSentiment,
  kCount
};

// The field a column name stands for (case-insensitive, surrounding spaces ignored).
std::optional<Field> FieldForColumn(std::string_view column);

// Field values of one row as text; absent fields are std::nullopt.
using RawRow = std::array<std::optional<std::string>, static_cast<std::size_t>(Field::kCount)>;

// Builds and validates the post. Errors name the field and quote the value.
Result<Post> BuildPost(const RawRow& row, const PostFileOptions& options);

}  // namespace tribu::import
