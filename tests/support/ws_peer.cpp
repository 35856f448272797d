#include "support/ws_peer.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace tribu::testing {

class WsPeer::Server {
 public:
  Server() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Accept(); });
  }
  ~Server() {
    stopping_ = true;
    boost::system::error_code ec;
    {
      // A blocked accept() only returns for a connection: make one.
      boost::asio::io_context ioc;
      boost::asio::ip::tcp::socket wake(ioc);
      wake.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)},
                   ec);
    }
    acceptor_.close(ec);
    Drop();
    thread_.join();
    for (auto& t : sessions_) t.join();
  }

  std::string Url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  void Send(std::string message) {
    std::lock_guard lock(mu_);
    messages_.push_back(std::move(message));
    cv_.notify_all();
  }
  // Closes every open connection; messages queued later go to new ones.
  void Drop() {
    std::lock_guard lock(mu_);
    ++generation_;
    cv_.notify_all();
  }
  std::vector<std::string> targets() const {
    std::lock_guard lock(mu_);
    return targets_;
  }

 private:
  static std::int64_t Number(std::string_view text, std::string_view key) {
    auto at = text.find(key);
    if (at == std::string_view::npos) return 0;
    std::int64_t v = 0;
    for (std::size_t i = at + key.size(); i < text.size() && text[i] >= '0' && text[i] <= '9';
         ++i) {
      v = v * 10 + (text[i] - '0');
    }
    return v;
  }
  static std::int64_t CursorOf(std::string_view target) { return Number(target, "cursor="); }
  static std::int64_t TimeOf(std::string_view message) { return Number(message, "\"time_us\":"); }

  void Accept() {
    while (!stopping_) {
      boost::asio::ip::tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      sessions_.emplace_back([this, s = std::move(socket)]() mutable { Session(std::move(s)); });
    }
  }

  void Session(boost::asio::ip::tcp::socket socket) {
    namespace websocket = boost::beast::websocket;
    websocket::stream<boost::asio::ip::tcp::socket> ws(std::move(socket));
    boost::beast::http::request<boost::beast::http::string_body> req;
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    boost::beast::http::read(ws.next_layer(), buffer, req, ec);
    if (ec) return;
    int generation = 0;
    std::size_t sent = 0;
    {
      std::lock_guard lock(mu_);
      targets_.push_back(std::string(req.target()));
      generation = generation_;
    }
    const std::int64_t cursor = CursorOf(std::string(req.target()));
    ws.accept(req, ec);
    if (ec) return;
    while (true) {
      std::string next;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return generation != generation_ || sent < messages_.size(); });
        if (generation != generation_) break;
        next = messages_[sent++];
      }
      if (TimeOf(next) < cursor) continue;  // replays start at the cursor, as Jetstream's do
      ws.text(true);
      ws.write(boost::asio::buffer(next), ec);
      if (ec) return;
    }
    ws.next_layer().close(ec);  // an abrupt end, as a crashed server gives
  }

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_ = false;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> messages_;
  std::vector<std::string> targets_;
  int generation_ = 0;
  std::thread thread_;
  std::vector<std::thread> sessions_;
};

WsPeer::WsPeer() : server_(std::make_unique<Server>()) {}
WsPeer::~WsPeer() = default;
std::string WsPeer::Url() const { return server_->Url(); }
void WsPeer::Send(std::string message) { server_->Send(std::move(message)); }
void WsPeer::Drop() { server_->Drop(); }
std::vector<std::string> WsPeer::targets() const { return server_->targets(); }

}  // namespace tribu::testing
