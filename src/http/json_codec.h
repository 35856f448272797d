// Domain types to and from the API's JSON. Times are ISO 8601 UTC strings.
#pragma once

#include "http/router.h"
#include "tribu/core/channel.h"
#include "tribu/core/post.h"
#include "tribu/core/topic.h"
#include "tribu/core/workspace.h"
#include "tribu/text/tokenizer.h"

namespace tribu::http {

// Fails naming the first field of `body` not in `allowed`.
Status OnlyFields(const Json& body, std::initializer_list<std::string_view> allowed);
// Reads a string field; absent leaves `out` unchanged (or fails when required).
Status ReadString(const Json& body, const char* name, std::string& out, bool required);

Json ToJson(const Workspace& w);
Json ToJson(const User& u);
Json ToJson(const Member& m);
Json ToJson(const ApiTokenRecord& t);  // never the token itself
Json ToJson(const AuditEntry& e);
Json ToJson(const Channel& c);
Json ToJson(const ChannelStatus& s);
Json ToJson(const Topic& t);
Json ToJson(const Post& p);

// Readers of request bodies. Unknown fields and wrong types are errors that
// name the field. For a partial update (PATCH), absent fields keep `base`.
Result<Workspace> WorkspaceFromJson(const Json& body);
Result<Channel> ChannelFromJson(const Json& body, WorkspaceId workspace);
// The body of POST /api/query/check: {"query": "..."}.
Result<std::string> QueryFromJson(const Json& body);

// Also checks that the query parses; the error names the column.
Result<Topic> TopicFromJson(const Json& body, Topic base, bool partial,
                            const text::Tokenizer& tokenizer);

// Serialises, replacing invalid UTF-8 rather than failing.
std::string Dump(const Json& j);

}  // namespace tribu::http
