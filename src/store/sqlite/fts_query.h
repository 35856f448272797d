// Turns what a person types in a search box into a safe SQLite FTS5 query.
#pragma once

#include <string>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu::sqlite {

// Words must all appear; "quoted phrases" appear as written; word* matches a
// prefix; OR between two terms means either; -word excludes. Every term is
// quoted, so no input is an FTS5 syntax error. Returns an empty string for a
// blank search, and kInvalidArgument for a search with only exclusions.
Result<std::string> ToFtsQuery(std::string_view search);

}  // namespace tribu::sqlite
