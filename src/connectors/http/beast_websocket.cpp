// WebSocket client over Boost.Beast. Each connection owns its io_context and
// runs it on the reading thread only while Read waits, so a pending read
// simply carries over to the next call.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "tribu/connectors/websocket.h"

namespace tribu::connectors {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

struct ParsedUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;
};

Result<ParsedUrl> ParseWsUrl(const std::string& url) {
  ParsedUrl u;
  std::string_view rest = url;
  if (rest.starts_with("wss://")) {
    u.tls = true;
    rest.remove_prefix(6);
  } else if (rest.starts_with("ws://")) {
    rest.remove_prefix(5);
  } else {
    return Fail(ErrorCode::kInvalidArgument, "a WebSocket URL starts with ws:// or wss://");
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    u.host = std::string(authority.substr(0, colon));
    u.port = std::string(authority.substr(colon + 1));
  } else {
    u.host = std::string(authority);
    u.port = u.tls ? "443" : "80";
  }
  if (u.host.empty() || u.port.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the WebSocket URL has no host: " + url.substr(0, 200));
  }
  return u;
}

// Plain (ws://) or TLS (wss://) stream, with the io_context and TLS context
// it needs constructed before it.
struct PlainStream {
  explicit PlainStream(net::io_context& ioc) : ws(ioc) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::tcp_stream& tcp() { return ws.next_layer(); }
};

struct TlsStream {
  explicit TlsStream(net::io_context& ioc) : ctx(ssl::context::tls_client), ws(ioc, ctx) {}
  ssl::context ctx;
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws;
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(ws); }
};

template <class S>
class BeastSocket final : public WebSocket {
 public:
  BeastSocket() : ioc_(std::make_unique<net::io_context>()), s_(*ioc_) {}

  // Runs an asynchronous step until it completes or `timeout` passes.
  template <class Start>
  beast::error_code Step(Start start, std::chrono::milliseconds timeout) {
    bool done = false;
    beast::error_code result;
    start([&](beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    RunUntil(done, timeout);
    if (!done) {
      beast::error_code ignored;
      s_.tcp().socket().close(ignored);
      ioc_->restart();
      ioc_->run_for(std::chrono::milliseconds(100));  // let the aborted step finish
      return beast::error::timeout;
    }
    return result;
  }

  // Runs handlers until `done` or the time is up. (run_for alone would also
  // wait for unrelated work, such as the keep-alive timer.)
  void RunUntil(const bool& done, std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    ioc_->restart();
    while (!done) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) break;
      if (ioc_->run_one_for(deadline - now) == 0 && ioc_->stopped()) break;  // no work left
    }
  }

  Status Open(const ParsedUrl& u, const WebSocketOptions& options,
              std::chrono::milliseconds timeout) {
    auto fail = [&](std::string_view step, beast::error_code ec) {
      return Fail(
          ec == beast::error::timeout ? ErrorCode::kDeadlineExceeded : ErrorCode::kUnavailable,
          std::string(step) + " " + u.host + ": " + ec.message());
    };
    tcp::resolver resolver(*ioc_);
    beast::error_code ec;
    auto endpoints = resolver.resolve(u.host, u.port, ec);
    if (ec) return fail("cannot resolve", ec);
    ec = Step([&](auto h) { s_.tcp().async_connect(endpoints, h); }, timeout);
    if (ec) return fail("cannot connect to", ec);
    if constexpr (std::is_same_v<S, TlsStream>) {
      s_.ctx.set_default_verify_paths();
      s_.ctx.set_verify_mode(ssl::verify_peer);
      s_.ws.next_layer().set_verify_callback(ssl::host_name_verification(u.host));
      if (!SSL_set_tlsext_host_name(s_.ws.next_layer().native_handle(), u.host.c_str())) {
        return Fail(ErrorCode::kUnavailable, "cannot set the TLS server name for " + u.host);
      }
      ec = Step([&](auto h) { s_.ws.next_layer().async_handshake(ssl::stream_base::client, h); },
                timeout);
      if (ec) return fail("TLS handshake failed with", ec);
    }
    s_.ws.read_message_max(options.max_message_bytes);
    s_.ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    s_.ws.set_option(websocket::stream_base::decorator(
        [agent = options.user_agent](websocket::request_type& req) {
          req.set(beast::http::field::user_agent, agent);
        }));
    ec = Step([&](auto h) { s_.ws.async_handshake(u.host, u.target, h); }, timeout);
    if (ec) return fail("WebSocket upgrade refused by", ec);
    return {};
  }

  Result<std::optional<std::string>> Read(std::chrono::milliseconds wait) override {
    if (broken_) return Fail(ErrorCode::kUnavailable, "the WebSocket connection is closed");
    if (!pending_) {
      pending_ = true;
      done_ = false;
      s_.ws.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
        ec_ = ec;
        done_ = true;
      });
    }
    RunUntil(done_, wait);
    if (!done_) return std::optional<std::string>();
    pending_ = false;
    if (ec_) {
      broken_ = true;
      if (ec_ == websocket::error::message_too_big) {
        return Fail(ErrorCode::kPayloadTooLarge, "a WebSocket message passed the size limit");
      }
      return Fail(ErrorCode::kUnavailable, "the WebSocket connection ended: " + ec_.message());
    }
    std::string message = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    return std::optional<std::string>(std::move(message));
  }

 private:
  std::unique_ptr<net::io_context> ioc_;
  S s_;
  beast::flat_buffer buffer_;
  bool pending_ = false;
  bool done_ = false;
  bool broken_ = false;
  beast::error_code ec_;
};

class BeastConnector final : public WebSocketConnector {
 public:
  explicit BeastConnector(WebSocketOptions options) : options_(std::move(options)) {}

  Result<std::unique_ptr<WebSocket>> Connect(const std::string& url,
                                             std::chrono::milliseconds timeout) override {
    auto u = ParseWsUrl(url);
    if (!u) return Fail(u.error());
    if (u->tls) return Open<TlsStream>(*u, timeout);
    return Open<PlainStream>(*u, timeout);
  }

 private:
  template <class S>
  Result<std::unique_ptr<WebSocket>> Open(const ParsedUrl& u, std::chrono::milliseconds timeout) {
    auto socket = std::make_unique<BeastSocket<S>>();
    TRIBU_RETURN_IF_ERROR(socket->Open(u, options_, timeout));
    return std::unique_ptr<WebSocket>(std::move(socket));
  }

  WebSocketOptions options_;
};

}  // namespace

std::unique_ptr<WebSocketConnector> MakeBeastWebSocketConnector(WebSocketOptions options) {
  return std::make_unique<BeastConnector>(std::move(options));
}

}  // namespace tribu::connectors
