// Names and validation of the alert types.
#include "tribu/core/alert.h"

#include <array>
#include <string>

#include "tribu/core/utf8.h"

namespace tribu {

namespace {

constexpr std::array<std::string_view, 3> kSeverities = {"info", "warning", "critical"};
constexpr std::array<std::string_view, 3> kStates = {"open", "acknowledged", "resolved"};
constexpr std::array<std::string_view, 5> kDetectors = {
    "volume_spike", "sentiment_shift", "risky_post", "influential_author", "emerging_term"};
constexpr std::array<std::string_view, 3> kSensitivities = {"low", "medium", "high"};
constexpr std::array<std::string_view, 6> kDestinationKinds = {"slack", "mattermost", "discord",
                                                               "teams", "webhook",    "email"};
constexpr std::array<std::string_view, 3> kDeliveryStates = {"pending", "sent", "failed"};

template <class E, std::size_t N>
Result<E> ParseName(const std::array<std::string_view, N>& names, std::string_view name,
                    std::string_view what) {
  std::string all;
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
    all += (i ? ", " : "") + std::string(names[i]);
  }
  return Fail(
      ErrorCode::kInvalidArgument,
      std::string(what) + " '" + std::string(TruncateUtf8(name, 40)) + "' is not one of " + all);
}

}  // namespace

std::string_view AlertSeverityName(AlertSeverity s) { return kSeverities[static_cast<int>(s)]; }
Result<AlertSeverity> ParseAlertSeverity(std::string_view name) {
  return ParseName<AlertSeverity>(kSeverities, name, "severity");
}
std::string_view AlertStateName(AlertState s) { return kStates[static_cast<int>(s)]; }
Result<AlertState> ParseAlertState(std::string_view name) {
  return ParseName<AlertState>(kStates, name, "state");
}
std::string_view DetectorName(Detector d) { return kDetectors[static_cast<int>(d)]; }
Result<Detector> ParseDetector(std::string_view name) {
  return ParseName<Detector>(kDetectors, name, "detector");
}
std::string_view SensitivityName(Sensitivity s) { return kSensitivities[static_cast<int>(s)]; }
Result<Sensitivity> ParseSensitivity(std::string_view name) {
  return ParseName<Sensitivity>(kSensitivities, name, "sensitivity");
}
std::string_view DestinationKindName(DestinationKind k) {
  return kDestinationKinds[static_cast<int>(k)];
}
Result<DestinationKind> ParseDestinationKind(std::string_view name) {
  return ParseName<DestinationKind>(kDestinationKinds, name, "destination kind");
}
std::string_view DeliveryStateName(DeliveryState s) { return kDeliveryStates[static_cast<int>(s)]; }

Status ValidateAlertRule(const AlertRule& rule) {
  auto invalid = [](std::string m) { return Fail(ErrorCode::kInvalidArgument, std::move(m)); };
  if (rule.name.empty()) return invalid("name is empty");
  if (rule.name.size() > 120) return invalid("name is longer than 120 bytes");
  if (FirstInvalidUtf8(rule.name) != rule.name.size()) return invalid("name is not valid UTF-8");
  if (rule.topics.size() > 100) return invalid("a rule watches at most 100 topics");
  if (rule.destinations.size() > 20) return invalid("a rule sends to at most 20 destinations");
  if (rule.threshold && !(*rule.threshold > 0 && *rule.threshold < 1e9)) {
    return invalid("threshold must be a positive number");
  }
  if (rule.threshold &&
      (rule.detector == Detector::kSentimentShift || rule.detector == Detector::kRiskyPost) &&
      *rule.threshold >= 1) {
    return invalid("threshold of " + std::string(DetectorName(rule.detector)) +
                   " is a share or score between 0 and 1");
  }
  if (rule.quiet_hours) {
    const auto& q = *rule.quiet_hours;
    auto in_day = [](int m) { return m >= 0 && m < 24 * 60; };
    if (!in_day(q.start_minute) || !in_day(q.end_minute)) {
      return invalid("quiet hours are times of day, 00:00 to 23:59");
    }
    if (q.start_minute == q.end_minute)
      return invalid("quiet hours start and end at the same time");
  }
  return {};
}

}  // namespace tribu
