// An HttpClient that answers from a script, for unit tests of sources: each
// Send pops the next answer (a response or an error) and records the request.
#pragma once

#include <deque>
#include <mutex>
#include <utility>
#include <variant>
#include <vector>

#include "tribu/connectors/http_client.h"

namespace tribu::testing {

class ScriptedHttpClient final : public connectors::HttpClient {
 public:
  void Answer(int status, std::string body, connectors::Headers headers = {}) {
    connectors::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    std::lock_guard lock(mu_);
    script_.emplace_back(std::move(r));
  }
  void Fails(ErrorCode code, std::string message) {
    std::lock_guard lock(mu_);
    script_.emplace_back(Error{code, std::move(message)});
  }

  Result<connectors::HttpResponse> Send(const connectors::HttpRequest& request) override {
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    if (script_.empty()) return Fail(ErrorCode::kUnavailable, "script exhausted");
    auto next = std::move(script_.front());
    script_.pop_front();
    if (auto* e = std::get_if<Error>(&next)) return Fail(*e);
    auto r = std::get<connectors::HttpResponse>(std::move(next));
    if (r.final_url.empty()) r.final_url = request.url;
    return r;
  }

  std::vector<connectors::HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  mutable std::mutex mu_;
  std::deque<std::variant<connectors::HttpResponse, Error>> script_;
  std::vector<connectors::HttpRequest> requests_;
};

}  // namespace tribu::testing
