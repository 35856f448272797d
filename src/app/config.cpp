#include "tribu/app/config.h"

#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <type_traits>
#include <variant>

extern char** environ;

namespace tribu {

namespace {

using Value = std::variant<std::string, std::int64_t, bool>;
enum class Type { kString, kInt, kBool };

// How one key reads and writes its field of Config, derived from the field's type.
struct Accessor {
  Type type;
  std::function<void(Config&, const Value&)> set;
  std::function<std::string(const Config&)> get;
};

template <class Section, class T>
Accessor Field(Section Config::*section, T Section::*field) {
  Accessor a;
  if constexpr (std::is_same_v<T, std::string>) {
    a.type = Type::kString;
    a.set = [=](Config& c, const Value& v) { c.*section.*field = std::get<std::string>(v); };
    a.get = [=](const Config& c) { return c.*section.*field; };
  } else if constexpr (std::is_same_v<T, bool>) {
    a.type = Type::kBool;
    a.set = [=](Config& c, const Value& v) { c.*section.*field = std::get<bool>(v); };
    a.get = [=](const Config& c) { return std::string(c.*section.*field ? "true" : "false"); };
  } else {
    static_assert(std::is_integral_v<T>);
    a.type = Type::kInt;
    // Saturate rather than truncate, so that Validate sees (and refuses) a
    // value too large for the field instead of its wrapped remainder.
    a.set = [=](Config& c, const Value& v) {
      c.*section.*field = static_cast<T>(std::clamp<std::int64_t>(
          std::get<std::int64_t>(v), std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
    };
    a.get = [=](const Config& c) { return std::to_string(c.*section.*field); };
  }
  return a;
}

struct KeySpec {
  std::string_view key;
  std::string_view env;
  std::string_view alias_env;  // a short variable also accepted, or empty
  std::string_view doc;
  Accessor field;
};

const std::vector<KeySpec>& Specs() {
  static const std::vector<KeySpec> kSpecs = {
      {"server.listen", "TRIBU_SERVER_LISTEN", "TRIBU_LISTEN",
       "address the HTTP server listens on, HOST:PORT (port 0: any free port)",
       Field(&Config::server, &ServerConfig::listen)},
      {"server.threads", "TRIBU_SERVER_THREADS", "", "HTTP worker threads, 1..256",
       Field(&Config::server, &ServerConfig::threads)},
      {"server.max_body_bytes", "TRIBU_SERVER_MAX_BODY_BYTES", "",
       "largest request body accepted, 1024..67108864 bytes",
       Field(&Config::server, &ServerConfig::max_body_bytes)},
      {"storage.backend", "TRIBU_STORAGE_BACKEND", "", "where posts are kept: sqlite (embedded)",
       Field(&Config::storage, &StorageConfig::backend)},
      {"storage.data_dir", "TRIBU_STORAGE_DATA_DIR", "TRIBU_DATA_DIR",
       "directory holding the database (default ~/.local/share/tribu)",
       Field(&Config::storage, &StorageConfig::data_dir)},
      {"storage.auto_migrate", "TRIBU_STORAGE_AUTO_MIGRATE", "",
       "apply database migrations at start (else run 'tribu migrate')",
       Field(&Config::storage, &StorageConfig::auto_migrate)},
      {"storage.busy_timeout_ms", "TRIBU_STORAGE_BUSY_TIMEOUT_MS", "",
       "how long to wait for a database lock, 0..600000 ms",
       Field(&Config::storage, &StorageConfig::busy_timeout_ms)},
      {"storage.synchronous", "TRIBU_STORAGE_SYNCHRONOUS", "",
       "normal (survives a crash of tribu) or full (also survives power loss, slower)",
       Field(&Config::storage, &StorageConfig::synchronous)},
      {"log.level", "TRIBU_LOG_LEVEL", "", "trace, debug, info, warn, error or off",
       Field(&Config::log, &LogConfig::level)},
      {"log.format", "TRIBU_LOG_FORMAT", "", "text, or json for one JSON object a line",
       Field(&Config::log, &LogConfig::format)},
      {"import.batch_size", "TRIBU_IMPORT_BATCH_SIZE", "",
       "posts written per transaction by 'tribu import', 1..100000",
       Field(&Config::import, &ImportConfig::batch_size)},
      {"collect.enabled", "TRIBU_COLLECT_ENABLED", "",
       "collect from enabled channels while 'tribu serve' runs",
       Field(&Config::collect, &CollectConfig::enabled)},
      {"collect.workers", "TRIBU_COLLECT_WORKERS", "", "channels fetched at the same time, 1..64",
       Field(&Config::collect, &CollectConfig::workers)},
      {"collect.retry_initial_ms", "TRIBU_COLLECT_RETRY_INITIAL_MS", "",
       "first wait after a failed fetch, 100..3600000 ms (doubles at each failure)",
       Field(&Config::collect, &CollectConfig::retry_initial_ms)},
      {"collect.retry_max_ms", "TRIBU_COLLECT_RETRY_MAX_MS", "",
       "longest wait between retries, 1000..86400000 ms",
       Field(&Config::collect, &CollectConfig::retry_max_ms)},
      {"collect.user_agent", "TRIBU_COLLECT_USER_AGENT", "",
       "User-Agent sent to platforms (default tribu/<version>)",
       Field(&Config::collect, &CollectConfig::user_agent)},
      {"auth.secret_key_file", "TRIBU_AUTH_SECRET_KEY_FILE", "",
       "key that encrypts channel secrets, kept outside the database (default "
       "<data_dir>/secret.key, created at first start)",
       Field(&Config::auth, &AuthConfig::secret_key_file)},
      {"auth.session_days", "TRIBU_AUTH_SESSION_DAYS", "",
       "a sign-in session ends after this many days unused, 1..365",
       Field(&Config::auth, &AuthConfig::session_days)},
      {"auth.secure_cookie", "TRIBU_AUTH_SECURE_COOKIE", "",
       "send the session cookie over HTTPS only (browsers also allow localhost)",
       Field(&Config::auth, &AuthConfig::secure_cookie)},
      {"auth.demo_login", "TRIBU_AUTH_DEMO_LOGIN", "",
       "offer 'Try the demo', which signs in as the demo user without a password",
       Field(&Config::auth, &AuthConfig::demo_login)},
      {"alerts.enabled", "TRIBU_ALERTS_ENABLED", "",
       "run the alert detectors and send alerts while 'tribu serve' runs",
       Field(&Config::alerts, &AlertsConfig::enabled)},
      {"alerts.public_url", "TRIBU_ALERTS_PUBLIC_URL", "",
       "the web UI's address as people reach it, for links in alert messages (empty: no link)",
       Field(&Config::alerts, &AlertsConfig::public_url)},
      {"smtp.url", "TRIBU_SMTP_URL", "",
       "mail server for e-mail alerts: smtp://host:587 (STARTTLS when offered) or "
       "smtps://host:465; empty: no e-mail",
       Field(&Config::smtp, &SmtpConfig::url)},
      {"smtp.from", "TRIBU_SMTP_FROM", "", "sender of e-mail alerts: 'Name <address>'",
       Field(&Config::smtp, &SmtpConfig::from)},
      {"smtp.username", "TRIBU_SMTP_USERNAME", "", "SMTP login, if the server asks for one",
       Field(&Config::smtp, &SmtpConfig::username)},
      {"smtp.password_file", "TRIBU_SMTP_PASSWORD_FILE", "",
       "file holding the SMTP password (kept out of the configuration)",
       Field(&Config::smtp, &SmtpConfig::password_file)},
      {"smtp.require_tls", "TRIBU_SMTP_REQUIRE_TLS", "",
       "with smtp://, refuse to send unless the server offers STARTTLS",
       Field(&Config::smtp, &SmtpConfig::require_tls)},
  };
  return kSpecs;
}

// Variables that are not keys but are read by tribu.
constexpr std::string_view kOtherVariables[] = {"TRIBU_CONFIG"};

std::string_view TypeName(Type t) {
  switch (t) {
    case Type::kString:
      return "a string";
    case Type::kInt:
      return "a whole number";
    case Type::kBool:
      return "true or false";
  }
  return "";
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// " (did you mean X?)" for the closest known key or variable, if one is close.
std::string Suggest(std::string_view wrong, bool variables) {
  std::string best;
  std::size_t best_d = 4;
  for (const KeySpec& s : Specs()) {
    for (std::string_view candidate : {variables ? s.env : s.key, variables ? s.alias_env : ""}) {
      if (candidate.empty()) continue;
      std::size_t d = EditDistance(wrong, candidate);
      if (d < best_d) {
        best_d = d;
        best = candidate;
      }
    }
  }
  return best.empty() ? "" : " (did you mean " + best + "?)";
}

const KeySpec* FindKey(std::string_view key) {
  for (const KeySpec& s : Specs()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

Result<Value> FromText(const KeySpec& spec, std::string_view text) {
  switch (spec.field.type) {
    case Type::kString:
      return Value(std::string(text));
    case Type::kInt: {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) break;
      return Value(n);
    }
    case Type::kBool:
      if (text == "true" || text == "1" || text == "yes" || text == "on") return Value(true);
      if (text == "false" || text == "0" || text == "no" || text == "off") return Value(false);
      break;
  }
  return Fail(ErrorCode::kInvalidArgument, "'" + std::string(text.substr(0, 80)) + "' is not " +
                                               std::string(TypeName(spec.field.type)));
}

std::optional<Value> FromToml(const KeySpec& spec, const toml::node& node) {
  switch (spec.field.type) {
    case Type::kString:
      if (auto v = node.value<std::string>(); v && node.is_string()) return Value(*v);
      break;
    case Type::kInt:
      if (node.is_integer()) return Value(*node.value<std::int64_t>());
      break;
    case Type::kBool:
      if (node.is_boolean()) return Value(*node.value<bool>());
      break;
  }
  return std::nullopt;
}

std::string DefaultDataDir(const std::map<std::string, std::string>& env) {
  auto get = [&](const char* name) -> std::string {
    auto it = env.find(name);
    return it == env.end() ? "" : it->second;
  };
  if (std::string xdg = get("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/tribu";
  if (std::string home = get("HOME"); !home.empty()) return home + "/.local/share/tribu";
  return "tribu-data";
}

void Validate(const Config& c, std::vector<std::string>& problems) {
  auto check = [&](bool ok, std::string message) {
    if (!ok) problems.push_back(std::move(message));
  };
  if (auto addr = ParseListenAddress(c.server.listen); !addr) {
    problems.push_back("server.listen: " + addr.error().message);
  }
  check(c.server.threads >= 1 && c.server.threads <= 256,
        "server.threads: " + std::to_string(c.server.threads) + " is outside 1..256");
  check(c.server.max_body_bytes >= 1024 && c.server.max_body_bytes <= (64 << 20),
        "server.max_body_bytes: " + std::to_string(c.server.max_body_bytes) +
            " is outside 1024..67108864");
  check(c.storage.backend == "sqlite",
        c.storage.backend == "postgres"
            ? "storage.backend: postgres is not available in this build yet; use sqlite"
            : "storage.backend: '" + c.storage.backend + "' is not one of: sqlite");
  check(!c.storage.data_dir.empty(), "storage.data_dir: must not be empty");
  check(c.storage.busy_timeout_ms >= 0 && c.storage.busy_timeout_ms <= 600000,
        "storage.busy_timeout_ms: outside 0..600000");
  check(c.storage.synchronous == "normal" || c.storage.synchronous == "full",
        "storage.synchronous: '" + c.storage.synchronous + "' is not one of: normal, full");
  const std::string_view levels[] = {"trace", "debug", "info", "warn", "error", "off"};
  check(std::ranges::find(levels, c.log.level) != std::end(levels),
        "log.level: '" + c.log.level + "' is not one of: trace, debug, info, warn, error, off");
  check(c.log.format == "text" || c.log.format == "json",
        "log.format: '" + c.log.format + "' is not one of: text, json");
  check(c.import.batch_size >= 1 && c.import.batch_size <= 100000,
        "import.batch_size: " + std::to_string(c.import.batch_size) + " is outside 1..100000");
  check(c.collect.workers >= 1 && c.collect.workers <= 64,
        "collect.workers: " + std::to_string(c.collect.workers) + " is outside 1..64");
  check(c.collect.retry_initial_ms >= 100 && c.collect.retry_initial_ms <= 3600000,
        "collect.retry_initial_ms: outside 100..3600000");
  check(c.collect.retry_max_ms >= 1000 && c.collect.retry_max_ms <= 86400000,
        "collect.retry_max_ms: outside 1000..86400000");
  check(c.collect.user_agent.size() <= 200 &&
            c.collect.user_agent.find_first_of("\r\n") == std::string::npos,
        "collect.user_agent: at most 200 characters on one line");
  check(c.alerts.public_url.empty() || c.alerts.public_url.starts_with("http://") ||
            c.alerts.public_url.starts_with("https://"),
        "alerts.public_url: '" + c.alerts.public_url + "' must start with http:// or https://");
  check(
      c.smtp.url.empty() || c.smtp.url.starts_with("smtp://") || c.smtp.url.starts_with("smtps://"),
      "smtp.url: '" + c.smtp.url + "' must start with smtp:// or smtps://");
  check(c.auth.session_days >= 1 && c.auth.session_days <= 365,
        "auth.session_days: " + std::to_string(c.auth.session_days) + " is outside 1..365");
}

void ApplyFile(const std::string& path, Config& config, std::vector<std::string>& problems) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    problems.push_back(path + ": no such configuration file");
    return;
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    problems.push_back(path + ":" + std::to_string(where.line) + ":" +
                       std::to_string(where.column) + ": " + std::string(e.description()));
    return;
  }
  for (const auto& [section, node] : table) {
    const auto* sub = node.as_table();
    if (sub == nullptr) {
      problems.push_back(path + ": '" + std::string(section.str()) +
                         "' must be a [section]; keys live in sections such as [server]");
      continue;
    }
    for (const auto& [name, value] : *sub) {
      std::string key = std::string(section.str()) + "." + std::string(name.str());
      std::string where = path + ":" + std::to_string(value.source().begin.line);
      const KeySpec* spec = FindKey(key);
      if (spec == nullptr) {
        problems.push_back(where.append(": ").append(key).append(": unknown key") +
                           Suggest(key, false));
        continue;
      }
      auto v = FromToml(*spec, value);
      if (!v) {
        problems.push_back(where.append(": ")
                               .append(key)
                               .append(": expected ")
                               .append(TypeName(spec->field.type)));
        continue;
      }
      spec->field.set(config, *v);
    }
  }
}

}  // namespace

std::string Config::DatabasePath() const {
  return (std::filesystem::path(storage.data_dir) / "tribu.db").string();
}

std::string Config::SecretKeyPath() const {
  if (!auth.secret_key_file.empty()) return auth.secret_key_file;
  return (std::filesystem::path(storage.data_dir) / "secret.key").string();
}

std::vector<ConfigKey> ConfigKeys() {
  std::vector<ConfigKey> out;
  for (const KeySpec& s : Specs()) out.push_back({s.key, s.env, s.doc});
  return out;
}

std::vector<std::pair<std::string_view, std::string>> ConfigValues(const Config& config) {
  std::vector<std::pair<std::string_view, std::string>> out;
  for (const KeySpec& s : Specs()) out.emplace_back(s.key, s.field.get(config));
  return out;
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, "'" + std::string(text.substr(0, 80)) + "' " + why +
                                                 " (expected HOST:PORT such as 127.0.0.1:8080)");
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("has no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  if (host.empty()) return bad("has no host");
  int p = -1;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (ec != std::errc() || ptr != port.data() + port.size() || p < 0 || p > 65535) {
    return bad("has a port outside 0..65535");
  }
  return ListenAddress{std::string(host), p};
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string_view::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  config.storage.data_dir = DefaultDataDir(sources.env);
  std::vector<std::string> problems;

  if (!sources.file.empty()) ApplyFile(sources.file, config, problems);

  for (const auto& [name, value] : sources.env) {
    if (!name.starts_with("TRIBU_")) continue;
    if (std::ranges::find(kOtherVariables, name) != std::end(kOtherVariables)) continue;
    const KeySpec* spec = nullptr;
    for (const KeySpec& s : Specs()) {
      if (s.env == name || (!s.alias_env.empty() && s.alias_env == name)) spec = &s;
    }
    if (spec == nullptr) {
      problems.push_back("environment: " + name + ": unknown variable" + Suggest(name, true));
      continue;
    }
    auto v = FromText(*spec, value);
    if (!v) {
      problems.push_back("environment: " + name + ": " + v.error().message);
      continue;
    }
    spec->field.set(config, *v);
  }

  for (const std::string& override : sources.overrides) {
    auto eq = override.find('=');
    if (eq == std::string::npos) {
      problems.push_back("flag: '" + override + "' must be written key=value");
      continue;
    }
    std::string key = override.substr(0, eq);
    const KeySpec* spec = FindKey(key);
    if (spec == nullptr) {
      problems.push_back("flag: " + key + ": unknown key" + Suggest(key, false));
      continue;
    }
    auto v = FromText(*spec, std::string_view(override).substr(eq + 1));
    if (!v) {
      problems.push_back("flag: " + key + ": " + v.error().message);
      continue;
    }
    spec->field.set(config, *v);
  }

  if (problems.empty()) Validate(config, problems);
  if (!problems.empty()) {
    std::string message = problems.size() == 1
                              ? "configuration problem:"
                              : std::to_string(problems.size()) + " configuration problems:";
    for (const auto& p : problems) message += "\n  " + p;
    return Fail(ErrorCode::kInvalidArgument, message);
  }
  return config;
}

}  // namespace tribu
