// tribu's configuration: typed, with a documented default for every key,
// layered (defaults, then the TOML file, then TRIBU_* environment variables,
// then command-line flags) and validated as a whole before anything starts.
// docs/configuration.md and docs/tribu.example.toml describe every key.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tribu/core/result.h"

namespace tribu {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free port
  int threads = 8;                        // HTTP worker threads, 1..256
  std::int64_t max_body_bytes = 1 << 20;  // largest request body accepted, 1 KiB..64 MiB
};

struct StorageConfig {
  std::string backend = "sqlite";      // "sqlite" (embedded); "postgres" comes with clusters
  std::string data_dir;                // default: $XDG_DATA_HOME/tribu or ~/.local/share/tribu
  bool auto_migrate = true;            // apply schema migrations at start
  int busy_timeout_ms = 5000;          // wait for a lock held by another process, 0..600000
  std::string synchronous = "normal";  // "normal" or "full" (see SqliteOptions)
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, off
  std::string format = "text";  // "text" or "json" (one object a line)
};

struct ImportConfig {
  int batch_size = 2000;  // posts written per transaction, 1..100000
};

struct CollectConfig {
  bool enabled = true;          // `tribu serve` collects from enabled channels
  int workers = 4;              // channels fetched at the same time, 1..64
  int retry_initial_ms = 5000;  // first wait after a failed fetch, 100..3600000
  int retry_max_ms = 3600000;   // longest wait between retries, 1000..86400000
  std::string user_agent;       // sent to platforms; empty: "tribu/<version>"
};

struct AuthConfig {
  std::string secret_key_file;  // default: <data_dir>/secret.key
  int session_days = 14;        // a session ends after this many days unused, 1..365
  bool secure_cookie = true;    // cookies only over HTTPS (browsers also allow localhost)
  bool demo_login = false;      // "Try the demo" signs in as the demo user, no password
};

struct AlertsConfig {
  bool enabled = true;  // `tribu serve` runs the detectors and sends alerts
  std::string
      public_url;  // the web UI's address, for links in alerts ("https://tribu.example.org")
};

struct SmtpConfig {
  std::string url;  // smtp://host:587 or smtps://host:465; empty: no e-mail
  std::string from = "tribu <tribu@localhost>";
  std::string username;
  std::string password_file;  // a file holding the password (not the password itself)
  bool require_tls = false;   // smtp://: refuse to send unless STARTTLS succeeds
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  LogConfig log;
  ImportConfig import;
  CollectConfig collect;
  AuthConfig auth;
  AlertsConfig alerts;
  SmtpConfig smtp;

  // Derived: the SQLite file inside data_dir.
  std::string DatabasePath() const;
  // Derived: auth.secret_key_file, or secret.key inside data_dir.
  std::string SecretKeyPath() const;
};

// Where a configuration comes from. Later layers win.
struct ConfigSources {
  std::string file;  // TOML file; empty for none. A missing named file is an error.
  std::map<std::string, std::string> env;  // the process environment (only TRIBU_* is read)
  std::vector<std::string> overrides;      // "section.key=value", from flags
};

// One key, for documentation and help texts.
struct ConfigKey {
  std::string_view key;  // "server.listen"
  std::string_view env;  // "TRIBU_SERVER_LISTEN"
  std::string_view doc;  // one line
};
std::vector<ConfigKey> ConfigKeys();

// Every key with its value in `config`, as text, in the order of ConfigKeys().
std::vector<std::pair<std::string_view, std::string>> ConfigValues(const Config& config);

// Builds and validates the configuration. On failure the error lists every
// mistake found, one a line, each naming its source (file, variable or flag)
// and what to do; unknown keys and unknown TRIBU_* variables are mistakes.
Result<Config> LoadConfig(const ConfigSources& sources);

// Host and port of a listen address ("127.0.0.1:8080", "[::1]:8080").
struct ListenAddress {
  std::string host;
  int port = 0;
};
Result<ListenAddress> ParseListenAddress(std::string_view text);

// The process environment as a map, for ConfigSources::env.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace tribu
