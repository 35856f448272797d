// AlertService: the detectors, live. It follows the stored posts on the bus
// (tribu.events), feeds them to the detectors with the workspaces' rules,
// groups triggers into alerts in the store, queues their deliveries
// (respecting quiet hours) and announces each change on tribu.alerts for the
// web UI's live list.
//
// At start it reads back the last 5 weeks of hourly counts from the store, so
// that a restart keeps the baselines, and the alerts still open, so that a
// crisis in progress stays one alert.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string_view>
#include <thread>

#include "tribu/alerts/detectors.h"
#include "tribu/alerts/dispatcher.h"
#include "tribu/alerts/grouping.h"
#include "tribu/bus/bus.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::alerts {

// Alert changes for live listeners: {"workspace":1,"alert":{...as the API}}.
inline constexpr std::string_view kAlertsSubject = "tribu.alerts";

struct AlertServiceOptions {
  GroupingOptions grouping;
  std::chrono::milliseconds refresh{5000};  // rules and topics are read again this often
  int warm_days = 35;
};

struct AlertServiceStats {
  std::atomic<std::int64_t> posts_seen = 0;
  std::atomic<std::int64_t> triggers = 0;
  std::atomic<std::int64_t> alerts_opened = 0;
  std::atomic<std::int64_t> errors = 0;
};

// Where a delivery to a rule's destinations is due: now, or at the end of the
// rule's quiet hours in `time_zone` (critical alerts do not wait).
Timestamp DeliveryTime(const AlertRule& rule, AlertSeverity severity, Timestamp now,
                       std::string_view time_zone);

class AlertService {
 public:
  // `dispatcher` may be null (deliveries are then only queued).
  static Result<std::unique_ptr<AlertService>> Start(Store& store, bus::Bus& bus,
                                                     std::shared_ptr<const text::Analyzer> analyzer,
                                                     const Clock& clock, spdlog::logger& log,
                                                     Dispatcher* dispatcher,
                                                     AlertServiceOptions options = {});
  ~AlertService();
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  const AlertServiceStats& stats() const { return stats_; }

 private:
  AlertService(Store& store, bus::Bus& bus, std::shared_ptr<const text::Analyzer> analyzer,
               const Clock& clock, spdlog::logger& log, Dispatcher* dispatcher,
               AlertServiceOptions options);
  Status Refresh();
  Status Warm();
  void Loop();
  Status Handle(const Trigger& trigger);

  struct WorkspaceInfo {
    Workspace workspace;
    std::vector<AlertRule> rules;
    std::map<std::int64_t, std::string> topic_names;
    bool wants_terms = false;
  };

  Store& store_;
  bus::Bus& bus_;
  std::shared_ptr<const text::Analyzer> analyzer_;
  const Clock& clock_;
  spdlog::logger& log_;
  Dispatcher* dispatcher_;
  const AlertServiceOptions options_;
  DetectorEngine engine_;
  std::map<std::int64_t, WorkspaceInfo> workspaces_;
  Timestamp refreshed_at_{};
  AlertServiceStats stats_;
  std::unique_ptr<bus::Subscription> events_;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

}  // namespace tribu::alerts
