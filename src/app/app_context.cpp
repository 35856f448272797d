#include "app/app_context.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "tribu/alerts/rules.h"
#include "tribu/app/version.h"
#include "tribu/auth/secret_box.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::app {

namespace {

// "%j": the message as a JSON string body (escaped), for log.format = json.
class JsonEscapeFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      switch (c) {
        case '"':
          dest.append(std::string_view("\\\""));
          break;
        case '\\':
          dest.append(std::string_view("\\\\"));
          break;
        case '\n':
          dest.append(std::string_view("\\n"));
          break;
        case '\r':
          dest.append(std::string_view("\\r"));
          break;
        case '\t':
          dest.append(std::string_view("\\t"));
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            dest.append(std::string_view(buf));
          } else {
            dest.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonEscapeFlag>();
  }
};

}  // namespace

std::shared_ptr<spdlog::logger> MakeLogger(const LogConfig& config) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto log = std::make_shared<spdlog::logger>("tribu", sink);
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (config.format == "json") {
    formatter->add_flag<JsonEscapeFlag>('j').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%j"})");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v");
  }
  log->set_formatter(std::move(formatter));
  log->set_level(spdlog::level::from_str(config.level));
  log->flush_on(spdlog::level::info);
  return log;
}

Result<std::unique_ptr<Store>> AppContext::OpenStore(bool migrate, bool require_current) const {
  std::error_code ec;
  std::filesystem::create_directories(config.storage.data_dir, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable,
                "cannot create data directory '" + config.storage.data_dir + "': " + ec.message());
  }
  SqliteOptions options;
  options.path = config.DatabasePath();
  options.busy_timeout_ms = config.storage.busy_timeout_ms;
  options.synchronous = config.storage.synchronous;
  options.migrate = migrate;
  auto cipher = auth::SecretBox::LoadOrCreate(config.SecretKeyPath());
  if (!cipher) return Fail(cipher.error());
  options.cipher = std::move(*cipher);
  auto store = OpenSqliteStore(options, clock);
  if (!store) return Fail(store.error());
  auto status = (*store)->GetSchemaStatus();
  if (!status) return Fail(status.error());
  if (require_current && !status->pending.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the database in '" + config.storage.data_dir + "' needs " +
                    std::to_string(status->pending.size()) +
                    " migration(s): run 'tribu migrate' (or set storage.auto_migrate = true)");
  }
  log->debug("store.open path={} schema_version={}", options.path, status->current_version);
  return store;
}

namespace {
std::string UserAgent(const Config& config) {
  return config.collect.user_agent.empty() ? std::string("tribu/") + std::string(kVersion)
                                           : config.collect.user_agent;
}
}  // namespace

std::unique_ptr<connectors::HttpClient> MakeHttpClient(const Config& config) {
  return connectors::MakeCurlHttpClient({.user_agent = UserAgent(config)});
}

Result<std::unique_ptr<connectors::Mailer>> MakeMailer(const Config& config) {
  if (config.smtp.url.empty()) return std::unique_ptr<connectors::Mailer>();
  connectors::SmtpOptions o;
  o.url = config.smtp.url;
  o.username = config.smtp.username;
  o.require_tls = config.smtp.require_tls;
  if (!config.smtp.password_file.empty()) {
    std::ifstream in(config.smtp.password_file, std::ios::binary);
    if (!in) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "smtp.password_file: cannot read " + config.smtp.password_file);
    }
    std::getline(in, o.password);
    while (!o.password.empty() && (o.password.back() == '\r' || o.password.back() == ' ')) {
      o.password.pop_back();
    }
  }
  return connectors::MakeSmtpMailer(std::move(o));
}

std::unique_ptr<connectors::WebSocketConnector> MakeWebSocketConnector(const Config& config) {
  return connectors::MakeBeastWebSocketConnector({.user_agent = UserAgent(config)});
}

Result<Workspace> ChooseWorkspace(Store& store, const std::string& slug, bool create_default) {
  auto all = store.ListWorkspaces();
  if (!all) return Fail(all.error());
  std::string names;
  for (const auto& w : *all) names += (names.empty() ? "" : ", ") + w.slug;
  if (!slug.empty()) {
    for (const auto& w : *all) {
      if (w.slug == slug) return w;
    }
    return Fail(ErrorCode::kNotFound,
                "no workspace '" + slug + "'" +
                    (names.empty() ? " (there are none yet: run 'tribu demo' or create one)"
                                   : " (existing: " + names + ")"));
  }
  if (all->size() == 1) return all->front();
  if (all->empty() && create_default) {
    auto created = store.CreateWorkspace({.slug = "default", .name = "Default"});
    if (created) TRIBU_RETURN_IF_ERROR(alerts::AddDefaultRules(store, created->id));
    return created;
  }
  if (all->empty()) {
    return Fail(ErrorCode::kNotFound,
                "there is no workspace yet: run 'tribu demo' or import posts");
  }
  return Fail(ErrorCode::kInvalidArgument,
              "there are several workspaces; choose one with --workspace (" + names + ")");
}

int ReportError(const Error& error) {
  std::cerr << "tribu: " << error.message << "\n";
  return error.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

}  // namespace tribu::app
