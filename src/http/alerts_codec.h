// The alert types to and from the API's JSON. Destination URLs and signing
// secrets are write-only: they never appear in an answer.
#pragma once

#include <optional>

#include "http/router.h"
#include "tribu/core/alert.h"

namespace tribu::http {

Json ToJson(const Alert& a);
Json ToJson(const AlertRule& r);
Json ToJson(const AlertDestination& d);
Json ToJson(const AlertEvent& e);
Json ToJson(const AlertDelivery& d);

// For a partial update (PATCH), absent fields keep `base`.
Result<AlertRule> AlertRuleFromJson(const Json& body, AlertRule base, bool partial);

struct DestinationInput {
  AlertDestination destination;
  std::optional<DestinationSecrets> secrets;  // set when a url or secret was given
};
Result<DestinationInput> DestinationFromJson(const Json& body, AlertDestination base, bool partial);

}  // namespace tribu::http
