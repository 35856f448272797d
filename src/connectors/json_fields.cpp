#include "connectors/json_fields.h"

namespace tribu::connectors::json {

namespace {

Error Bad(std::string_view key, std::string_view want) {
  return {ErrorCode::kInvalidArgument, "field '" + std::string(key) + "' " + std::string(want)};
}

}  // namespace

Result<Element> Parse(simdjson::dom::parser& parser, std::string_view body, std::string_view what) {
  Element e;
  if (auto err = parser.parse(body.data(), body.size()).get(e); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " is not valid JSON (" + simdjson::error_message(err) + ")");
  }
  return e;
}

Result<Object> AsObject(Element e, std::string_view what) {
  Object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " is not a JSON object");
  }
  return o;
}

Result<Array> ArrayField(Object o, std::string_view key) {
  Array a;
  if (o[key].get_array().get(a) != simdjson::SUCCESS) return Fail(Bad(key, "must be a list"));
  return a;
}

Result<Object> ObjectField(Object o, std::string_view key) {
  Object v;
  if (o[key].get_object().get(v) != simdjson::SUCCESS) return Fail(Bad(key, "must be an object"));
  return v;
}

std::optional<Object> OptionalObject(Object o, std::string_view key) {
  Object v;
  if (o[key].get_object().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

Result<std::string> String(Object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return Fail(Bad(key, "must be a string"));
  return std::string(v);
}

Result<std::string> OptionalString(Object o, std::string_view key) {
  Element e;
  if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::string();
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS) return Fail(Bad(key, "must be a string"));
  return std::string(v);
}

Result<std::int64_t> Count(Object o, std::string_view key) {
  Element e;
  if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) return 0;
  std::int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS || v < 0) {
    return Fail(Bad(key, "must be a whole number >= 0"));
  }
  return v;
}

Result<std::optional<double>> OptionalNumber(Object o, std::string_view key) {
  Element e;
  if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::optional<double>();
  double v = 0;
  if (e.get_double().get(v) != simdjson::SUCCESS) return Fail(Bad(key, "must be a number"));
  return std::optional<double>(v);
}

}  // namespace tribu::connectors::json
