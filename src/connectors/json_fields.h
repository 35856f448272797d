// Reading platform JSON (simdjson DOM) field by field, with the field's name
// in every error, so that a bad item is skipped with a reason a person reads.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu::connectors::json {

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

// Parses a whole response body; kInvalidArgument naming `what` when it is not JSON.
Result<Element> Parse(simdjson::dom::parser& parser, std::string_view body, std::string_view what);

Result<Object> AsObject(Element e, std::string_view what);
Result<Array> ArrayField(Object o, std::string_view key);
Result<Object> ObjectField(Object o, std::string_view key);
std::optional<Object> OptionalObject(Object o, std::string_view key);  // absent or null: none

// A required string (numbers are refused).
Result<std::string> String(Object o, std::string_view key);
// An optional string: absent or null give "", another type is an error.
Result<std::string> OptionalString(Object o, std::string_view key);
// A whole number >= 0; absent or null give 0.
Result<std::int64_t> Count(Object o, std::string_view key);
// A number (integer or not); absent or null give nothing.
Result<std::optional<double>> OptionalNumber(Object o, std::string_view key);

}  // namespace tribu::connectors::json
