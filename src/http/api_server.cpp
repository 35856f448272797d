#include "tribu/http/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <regex>

#include "http/alerts_codec.h"
#include "http/event_stream.h"
#include "http/json_codec.h"
#include "http/metrics.h"
#include "http/route_helpers.h"
#include "http/router.h"
#include "http/web_assets.h"
#include "tribu/alerts/alert_service.h"
#include "tribu/auth/tokens.h"
#include "tribu/core/ascii.h"

namespace tribu {

namespace {

using http::ApiRequest;
using http::Json;

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(http::Dump(body), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Error& e) {
  SendJson(res, HttpStatus(e.code),
           {{"error", {{"code", CodeName(e.code)}, {"message", e.message}}}});
}

// Secrets never reach the audit log: API tokens (shown once on creation),
// invitation links, CSRF tokens, passwords.
void RedactSecrets(Json& j) {
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if (key == "token" || key == "csrf_token" || key == "secret" || key == "password" ||
          key == "invitation_path") {
        value = "[redacted]";
      } else {
        RedactSecrets(value);
      }
    }
  } else if (j.is_array()) {
    for (Json& item : j) RedactSecrets(item);
  }
}

// What handlers see of an httplib request: path parameters, query, body,
// headers (names lower-cased, 64 at most), the peer's address.
ApiRequest ToApiRequest(const httplib::Request& req) {
  ApiRequest api;
  api.method = req.method;
  for (std::size_t i = 1; i < req.matches.size(); ++i) api.path_params.push_back(req.matches[i]);
  for (const auto& [k, v] : req.params) api.query.emplace(k, v);
  api.body = req.body;
  api.content_type = req.get_header_value("Content-Type");
  api.client = req.remote_addr;
  for (const auto& [k, v] : req.headers) {
    if (api.headers.size() < 64) api.headers.emplace_back(AsciiLower(k), v);
  }
  return api;
}

struct CompiledRoute {
  http::Route route;
  std::regex regex;
};

}  // namespace

class ApiServer::Impl {
 public:
  Impl(ApiServerOptions options, Store& store, const Clock& clock, spdlog::logger& log,
       bus::Bus* bus)
      : options_(std::move(options)),
        log_(log),
        annotate_(store, analyzer_, clock),
        store_stage_(store),
        accounts_(store, clock,
                  {.session_lifetime = std::chrono::hours(24 * options_.session_days)}),
        context_{store,
                 clock,
                 options_.version,
                 *analyzer_,
                 bus,
                 annotate_,
                 store_stage_,
                 accounts_,
                 {.secure = options_.secure_cookie, .days = options_.session_days},
                 options_.demo_login,
                 options_.alert_dispatcher} {
    for (auto& r : http::BuildRoutes(context_)) {
      std::regex re(http::PatternToRegex(r.pattern));
      routes_.push_back({std::move(r), std::move(re)});
    }
    for (const CompiledRoute& r : routes_) {
      if (r.route.method == "GET") get_routes_[r.route.pattern] = &r.route;
    }
    Configure();
  }

  // The first owner's setup link, while nobody has an account; empty otherwise.
  Result<std::string> SetupLink() {
    auto needed = accounts_.SetupNeeded();
    if (!needed) return Fail(needed.error());
    if (!*needed) return std::string();
    auto token = accounts_.CreateSetupLink();
    if (!token) return Fail(token.error());
    return "/#/setup/" + *token;
  }

  Result<int> Bind() {
    int port = options_.port;
    if (port == 0) {
      port = server_.bind_to_any_port(options_.host);
    } else if (!server_.bind_to_port(options_.host, port)) {
      port = -1;
    }
    if (port < 0) {
      return Fail(ErrorCode::kUnavailable,
                  "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                      " (is another program using it? choose another with --listen)");
    }
    return port;
  }

  Status Run() {
    if (!server_.listen_after_bind()) {
      return Fail(ErrorCode::kUnavailable, "the HTTP server stopped unexpectedly");
    }
    return {};
  }

  void Stop() {
    stopping_ = true;
    server_.stop();
  }

 private:
  void Configure() {
    const int threads = options_.threads;
    // httplib takes ownership of the raw pointer it is given.
    server_.new_task_queue = [threads] {
      return new httplib::ThreadPool(threads);  // NOLINT(cppcoreguidelines-owning-memory)
    };
    // SO_REUSEADDR lets a restarted server bind past TIME_WAIT; unlike
    // httplib's default, no SO_REUSEPORT: a second server on a taken port must fail.
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_payload_max_length(static_cast<std::size_t>(options_.max_body_bytes));
    server_.set_read_timeout(15, 0);
    server_.set_write_timeout(15, 0);
    server_.set_keep_alive_timeout(5);
    // Cache-Control is set per answer: no-store for the API, long for UI assets.
    server_.set_default_headers(
        {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});

    for (const CompiledRoute& r : routes_) Register(r);

    server_.Get("/api", [this](const httplib::Request&, httplib::Response& res) {
      Json list = Json::array();
      for (const auto& r : routes_) {
        using Who = http::Access::Who;
        const http::Access& a = r.route.access;
        list.push_back({{"method", r.route.method},
                        {"path", r.route.pattern},
                        {"summary", r.route.summary},
                        {"access", a.who == Who::kAnyone     ? "anyone"
                                   : a.who == Who::kSignedIn ? "signed_in"
                                   : a.who == Who::kAdmin    ? "admin"
                                                          : auth::PermissionName(a.permission)}});
      }
      list.push_back({{"method", "GET"}, {"path", "/metrics"}, {"summary", "Prometheus metrics"}});
      SendJson(res, 200, {{"name", "tribu"}, {"version", options_.version}, {"routes", list}});
    });
    ServeWebUi();
    server_.Get("/api/stream", [this](const httplib::Request& req, httplib::Response& res) {
      Stream(req, res, pipeline::kEventsSubject);
    });
    server_.Get("/api/alerts/stream", [this](const httplib::Request& req, httplib::Response& res) {
      Stream(req, res, alerts::kAlertsSubject);
    });
    server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      res.set_content(RenderMetrics(), "text/plain; version=0.0.4; charset=utf-8");
    });

    // Anything that reached no handler, or that httplib refused (413, 400), gets a JSON error.
    server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a route already answered with its own JSON error
      Error e{ErrorCode::kNotFound, "no such route: " + req.method + " " + req.path.substr(0, 200) +
                                        " (GET /api lists the routes)"};
      if (res.status == 404) {
        std::string allow;
        for (const auto& r : routes_) {
          if (std::regex_match(req.path, r.regex))
            allow += (allow.empty() ? "" : ", ") + r.route.method;
        }
        if (!allow.empty()) {
          SendJson(res, 405,
                   {{"error",
                     {{"code", "method_not_allowed"},
                      {"message", req.method + " is not allowed here; use " + allow}}}});
          res.set_header("Allow", allow);
          metrics_.Record("unmatched", req.method, 405, 0);
          return;
        }
      } else if (res.status == 413) {
        e = {ErrorCode::kPayloadTooLarge, "the request body is larger than " +
                                              std::to_string(options_.max_body_bytes) + " bytes"};
      } else {
        e = {ErrorCode::kInvalidArgument,
             "the request could not be read (HTTP " + std::to_string(res.status) + ")"};
      }
      SendError(res, e);
      metrics_.Record("unmatched", req.method, res.status, 0);
    });
    server_.set_exception_handler(
        [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown exception";
          try {
            std::rethrow_exception(std::move(ep));
          } catch (const std::exception& ex) {
            what = ex.what();
          } catch (...) {
            what = "an exception of unknown type";
          }
          log_.error("http.exception method={} path={} what={}", req.method, req.path, what);
          SendError(res, {ErrorCode::kInternal, "internal error; the server log has details"});
        });
  }

  // The web UI: index.html at "/", the hashed assets under /assets/ cached for
  // good. A strict Content-Security-Policy: scripts and styles from tribu
  // itself only, nothing inline, no framing, so that even a bug that let a
  // post's text into the page as HTML could not run it.
  void ServeWebUi() {
    static constexpr const char* kPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'";
    auto assets = http::WebAssets();
    auto find = [assets](std::string_view path) -> const http::WebAsset* {
      for (const auto& a : assets) {
        if (a.path == path) return &a;
      }
      return nullptr;
    };
    server_.Get("/", [find](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy", kPolicy);
      res.set_header("X-Frame-Options", "DENY");
      if (const auto* index = find("/index.html")) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(std::string(index->data), std::string(index->content_type));
        return;
      }
      res.set_content(
          "<!doctype html><meta charset=utf-8><title>tribu</title><p>This tribu was built "
          "without its web UI (TRIBU_BUILD_WEB=OFF). The API is at <a href=/api>/api</a>.",
          "text/html; charset=utf-8");
    });
    for (const auto& a : assets) {
      if (a.path == "/index.html") continue;
      const bool hashed = a.path.starts_with("/assets/");
      server_.Get(std::string(a.path),
                  [a, hashed](const httplib::Request&, httplib::Response& res) {
                    res.set_header("Content-Security-Policy", kPolicy);
                    res.set_header("Cache-Control",
                                   hashed ? "public, max-age=31536000, immutable" : "no-cache");
                    res.set_content(std::string(a.data), std::string(a.content_type));
                  });
    }
  }

  // One alert change as a server-sent event, for readers of its workspace.
  std::optional<std::string> AlertEvent(const bus::Message& m, WorkspaceId workspace) {
    http::Json note = http::Json::parse(m.data, nullptr, false);
    if (!note.is_object() || note.value("workspace", std::int64_t{0}) != workspace.value) {
      return std::nullopt;
    }
    auto alert = context_.store.GetAlert(workspace, AlertId{note.value("alert", std::int64_t{0})});
    if (!alert) return std::nullopt;
    http::Json j = http::ToJson(*alert);
    j["event"] = note.value("event", "");
    return "id: " + std::to_string(m.sequence) + "\nevent: alert\ndata: " + http::Dump(j) + "\n\n";
  }

  // Server-sent events: each listener is a consumer group of its own on the
  // subject (posts stored, or alert changes), so a slow one drops events
  // instead of slowing the pipeline.
  void Stream(const httplib::Request& req, httplib::Response& res, std::string_view subject) {
    const bool alert_stream = subject == alerts::kAlertsSubject;
    if (context_.bus == nullptr) {
      SendError(res, {ErrorCode::kUnavailable, "this server does not run the pipeline"});
      return;
    }
    const ApiRequest api = ToApiRequest(req);
    auto filter = http::ParseStreamFilter(context_.store, api);
    if (!filter) {
      SendError(res, filter.error());
      return;
    }
    // Readers of the workspace only: the stream carries its posts.
    auto who = Authenticate(api);
    if (!who || !*who) {
      SendError(res, who ? Error{ErrorCode::kUnauthenticated, "sign in first, or send an API token"}
                         : who.error());
      return;
    }
    if (!filter->workspace || !(*who)->RoleIn(*filter->workspace)) {
      SendError(res, {ErrorCode::kPermissionDenied,
                      filter->workspace ? "you have no access to this workspace"
                                        : "name the workspace (workspace=) to follow"});
      return;
    }
    // Each stream holds a worker thread: keep half of them for the API.
    const int max_streams = std::max(1, options_.threads / 2);
    if (streams_.fetch_add(1) >= max_streams) {
      --streams_;
      SendError(res, {ErrorCode::kUnavailable, "too many live streams open (" +
                                                   std::to_string(max_streams) +
                                                   "); raise server.threads or close one"});
      return;
    }
    const std::string group = "sse-" + std::to_string(++stream_counter_);
    auto sub = context_.bus->Subscribe(subject, group);
    if (!sub) {
      --streams_;
      SendError(res, sub.error());
      return;
    }
    std::shared_ptr<bus::Subscription> subscription = std::move(*sub);
    res.set_header("X-Accel-Buffering", "no");  // proxies must not hold events back
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, subscription, f = *filter, alert_stream](std::size_t, httplib::DataSink& sink) {
          if (stopping_ || !sink.is_writable()) return false;
          // Short waits, so that stopping the server does not wait for a quiet stream.
          std::optional<bus::Message> m;
          for (int i = 0; i < 30 && !m && !stopping_; ++i) {
            m = subscription->Next(std::chrono::milliseconds(500));
          }
          if (stopping_) return false;
          std::string out;
          if (!m) {
            out = ": keep-alive\n\n";  // also how a closed connection is noticed
          } else if (alert_stream) {
            (void)subscription->Ack(*m);
            auto e = AlertEvent(*m, *f.workspace);
            if (!e) return true;
            out = std::move(*e);
          } else {
            auto e = pipeline::DecodePostStored(m->data);
            (void)subscription->Ack(*m);
            if (!e || !http::StreamWants(f, *e)) return true;
            out = http::SseEvent(m->sequence, *e);
          }
          return sink.write(out.data(), out.size());
        },
        [this, group, subject = std::string(subject)](bool) {
          context_.bus->Unsubscribe(subject, group);
          --streams_;
        });
  }

  void Register(const CompiledRoute& r) {
    auto handler = [this, &r](const httplib::Request& req, httplib::Response& res) {
      Handle(r.route, req, res);
    };
    const std::string re = http::PatternToRegex(r.route.pattern);
    const std::string& m = r.route.method;
    if (m == "GET")
      server_.Get(re, handler);
    else if (m == "POST")
      server_.Post(re, handler);
    else if (m == "PUT")
      server_.Put(re, handler);
    else if (m == "PATCH")
      server_.Patch(re, handler);
    else if (m == "DELETE")
      server_.Delete(re, handler);
  }

  // Who is calling: an API token (Authorization: Bearer) or a session cookie.
  // Nothing when neither is sent; an error when one is sent and is not valid.
  Result<std::optional<auth::Principal>> Authenticate(const ApiRequest& api) {
    std::string_view authz = api.Header("authorization");
    if (!authz.empty()) {
      if (!authz.starts_with("Bearer ")) {
        return Fail(ErrorCode::kUnauthenticated,
                    "the Authorization header takes 'Bearer <API token>'");
      }
      auto p = accounts_.AuthenticateApiToken(authz.substr(7));
      if (!p) return Fail(p.error());
      return std::optional<auth::Principal>(std::move(*p));
    }
    const std::string token = http::SessionTokenFromCookies(api.Header("cookie"));
    if (token.empty()) return std::optional<auth::Principal>();
    auto p = accounts_.AuthenticateSession(token);
    if (!p) return Fail(p.error());
    return std::optional<auth::Principal>(std::move(*p));
  }

  // Checks the route's Access; returns the workspace a kWorkspace route is in.
  Result<std::optional<Workspace>> Authorize(const http::Route& route, const ApiRequest& api,
                                             const std::optional<auth::Principal>& who) {
    using Who = http::Access::Who;
    const http::Access& access = route.access;
    if (access.who == Who::kAnyone) return std::optional<Workspace>();
    if (!who) return Fail(ErrorCode::kUnauthenticated, "sign in first, or send an API token");
    // A browser's state-changing request must carry the session's CSRF token.
    if (api.method != "GET" && !who->api_token &&
        !auth::ConstantTimeEquals(api.Header("x-csrf-token"), who->csrf_token)) {
      return Fail(ErrorCode::kPermissionDenied,
                  "missing or wrong X-CSRF-Token header (reload the page)");
    }
    if (access.who == Who::kSignedIn) return std::optional<Workspace>();
    if (access.who == Who::kAdmin) {
      if (!who->is_admin()) {
        return Fail(ErrorCode::kPermissionDenied, "only an administrator of tribu may do this");
      }
      return std::optional<Workspace>();
    }
    auto ws = http::ResolveWorkspace(context_.store, api.path_params.at(0));
    if (!ws) {
      if (ws.error().code == ErrorCode::kNotFound && !who->is_admin()) {
        // Whether a workspace exists is itself kept from those outside it.
        return Fail(ErrorCode::kPermissionDenied, "you have no access to this workspace");
      }
      return Fail(ws.error());
    }
    auto role = who->RoleIn(ws->id);
    if (!role) return Fail(ErrorCode::kPermissionDenied, "you have no access to this workspace");
    if (!auth::Allows(*role, access.permission)) {
      return Fail(ErrorCode::kPermissionDenied,
                  "your role (" + std::string(RoleName(*role)) + ") does not allow this (" +
                      std::string(auth::PermissionName(access.permission)) + ")");
    }
    return std::optional<Workspace>(std::move(*ws));
  }

  // The state a change is about to alter, read through the GET route of the
  // same path, for the audit log.
  std::optional<std::string> StateBefore(const http::Route& route, const ApiRequest& api) {
    auto it = get_routes_.find(route.pattern);
    if (it == get_routes_.end() || route.method == "POST") return std::nullopt;
    ApiRequest get = api;
    get.method = "GET";
    get.query.clear();
    get.body.clear();
    try {
      auto before = it->second->handler(get);
      if (before) {
        RedactSecrets(before->body);
        return http::Dump(before->body);
      }
    } catch (const std::exception& ex) {
      // The change itself may still succeed; its entry then has no "before".
      log_.warn("audit.before_failed route={} what={}", route.pattern, ex.what());
    }
    return std::nullopt;
  }

  void Audit(const http::Route& route, const ApiRequest& api, const auth::Principal& who,
             const std::optional<Workspace>& ws, std::optional<std::string> before,
             const http::ApiResponse& out, const std::string& path) {
    AuditEntry e;
    if (ws) e.workspace_id = ws->id;
    e.actor = who.AuditName();
    e.action = route.method + " " + route.pattern;
    e.target = path.substr(0, 300);
    e.before_json = std::move(before);
    if (api.method != "DELETE") {
      Json after = out.body;
      RedactSecrets(after);
      e.after_json = http::Dump(after);
    }
    e.at = context_.clock.Now();
    if (auto s = context_.store.AppendAudit(e); !s) {
      log_.error("audit.append_failed action=\"{}\" error=\"{}\"", e.action, s.error().message);
    }
  }

  void Handle(const http::Route& route, const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    ApiRequest api = ToApiRequest(req);

    Result<http::ApiResponse> out = Fail(ErrorCode::kInternal, "no answer");
    try {
      out = Serve(route, api, req.path);
    } catch (const std::exception& ex) {
      log_.error("http.exception route={} what={}", route.pattern, ex.what());
      out = Fail(ErrorCode::kInternal, "internal error; the server log has details");
    }
    if (out) {
      SendJson(res, out->status, out->body);
      for (const auto& [name, value] : out->headers) res.set_header(name, value);
    } else {
      SendError(res, out.error());
      if (res.status >= 500) {
        log_.error("http.error method={} route={} status={} message={}", req.method, route.pattern,
                   res.status, out.error().message);
      }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.Record(route.pattern, req.method, res.status, seconds);
    log_.debug("http method={} path={} status={} ms={:.2f}", req.method, req.path, res.status,
               seconds * 1000);
  }

  Result<http::ApiResponse> Serve(const http::Route& route, ApiRequest& api,
                                  const std::string& path) {
    auto who = Authenticate(api);
    // A stale cookie must not lock anyone out of signing in again.
    if (!who && route.access.who != http::Access::Who::kAnyone) return Fail(who.error());
    std::optional<auth::Principal> principal = who ? std::move(*who) : std::nullopt;
    auto ws = Authorize(route, api, principal);
    if (!ws) return Fail(ws.error());
    if (principal) api.principal = &*principal;
    const bool audited = principal && route.access.audited && api.method != "GET";
    std::optional<std::string> before;
    if (audited) before = StateBefore(route, api);
    auto out = route.handler(api);
    if (out && audited && out->status < 300) Audit(route, api, *principal, *ws, before, *out, path);
    return out;
  }

  std::string RenderMetrics() {
    std::string out =
        "# HELP tribu_build_info Version of the running tribu.\n"
        "# TYPE tribu_build_info gauge\n"
        "tribu_build_info{version=\"" +
        http::EscapeLabel(options_.version) + "\"} 1\n";
    out += metrics_.Render();
    out += "# HELP tribu_posts Posts stored, by workspace.\n# TYPE tribu_posts gauge\n";
    if (auto workspaces = context_.store.ListWorkspaces()) {
      for (const auto& w : *workspaces) {
        if (auto n = context_.store.CountPosts(w.id)) {
          out += "tribu_posts{workspace=\"" + http::EscapeLabel(w.slug) + "\"} " +
                 std::to_string(*n) + "\n";
        }
      }
    }
    return out;
  }

  ApiServerOptions options_;
  spdlog::logger& log_;
  // The built-in lexicons and model always load; a failure is a broken build.
  std::shared_ptr<const text::Analyzer> analyzer_ = text::Analyzer::Create({}).value();
  pipeline::AnnotateStage annotate_;
  pipeline::StoreStage store_stage_;
  auth::Accounts accounts_;
  http::ApiContext context_;
  std::vector<CompiledRoute> routes_;
  std::map<std::string, const http::Route*> get_routes_;  // by pattern
  http::Metrics metrics_;
  std::atomic<bool> stopping_ = false;
  std::atomic<int> streams_ = 0;
  std::atomic<std::uint64_t> stream_counter_ = 0;
  httplib::Server server_;
};

ApiServer::ApiServer(ApiServerOptions options, Store& store, const Clock& clock,
                     spdlog::logger& log, bus::Bus* bus)
    : impl_(std::make_unique<Impl>(std::move(options), store, clock, log, bus)) {}

ApiServer::~ApiServer() = default;

Result<int> ApiServer::Bind() { return impl_->Bind(); }
Result<std::string> ApiServer::SetupLink() { return impl_->SetupLink(); }
Status ApiServer::Run() { return impl_->Run(); }
void ApiServer::Stop() { impl_->Stop(); }

}  // namespace tribu
