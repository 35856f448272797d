// HttpClient over libcurl's easy interface: one handle per request, so that
// Send is thread-safe without sharing state between connectors.
#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "tribu/connectors/http_client.h"
#include "tribu/core/ascii.h"

namespace tribu::connectors {

namespace {

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct Transfer {
  HttpResponse response;
  std::size_t max_body = 0;
  bool too_large = false;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new hop (redirect, 100 Continue): keep the last
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || t->response.headers.size() >= 200) return n;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) {
      s.remove_suffix(1);
    }
    return s;
  };
  t->response.headers.emplace_back(AsciiLower(trim(line.substr(0, colon))),
                                   std::string(trim(line.substr(colon + 1)).substr(0, 8192)));
  return n;
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options) : options_(std::move(options)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<HttpResponse> Send(const HttpRequest& req) override {
    if (!req.url.starts_with("http://") && !req.url.starts_with("https://")) {
      return Fail(ErrorCode::kInvalidArgument,
                  "URL must start with http:// or https://: " + req.url.substr(0, 200));
    }
    CurlHandle h(curl_easy_init());
    if (!h) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
    Transfer t;
    t.max_body = req.max_body_bytes;
    Slist headers;
    for (const auto& [name, value] : req.headers) {
      std::string line = name;
      line += ": ";
      line += value;
      curl_slist* l = curl_slist_append(headers.get(), line.c_str());
      if (l == nullptr) return Fail(ErrorCode::kInternal, "out of memory for headers");
      (void)headers.release();
      headers.reset(l);
    }
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl decodes
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<std::int64_t>(req.timeout.count(), 10'000)));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    if (req.method == "GET") {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);

    CURLcode rc = curl_easy_perform(c);
    const std::string where = " (" + req.method + " " + req.url.substr(0, 200) + ")";
    if (t.too_large) {
      return Fail(
          ErrorCode::kPayloadTooLarge,
          "response body is larger than " + std::to_string(req.max_body_bytes) + " bytes" + where);
    }
    if (rc != CURLE_OK) {
      std::string detail = error[0] != '\0' ? error : curl_easy_strerror(rc);
      ErrorCode code = rc == CURLE_OPERATION_TIMEDOUT ? ErrorCode::kDeadlineExceeded
                       : rc == CURLE_TOO_MANY_REDIRECTS || rc == CURLE_UNSUPPORTED_PROTOCOL
                           ? ErrorCode::kFailedPrecondition
                           : ErrorCode::kUnavailable;
      return Fail(code, detail + where);
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    t.response.status = static_cast<int>(status);
    char* final_url = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final_url);
    t.response.final_url = final_url != nullptr ? final_url : req.url;
    return std::move(t.response);
  }

 private:
  CurlOptions options_;
};

}  // namespace

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::unique_ptr<HttpClient> MakeCurlHttpClient(CurlOptions options) {
  return std::make_unique<CurlHttpClient>(std::move(options));
}

std::optional<std::chrono::milliseconds> RetryAfter(const HttpResponse& response, Timestamp now) {
  auto value = response.Header("retry-after");
  if (!value) return std::nullopt;
  std::string_view v = *value;
  if (!v.empty() && v.size() <= 9 && v.find_first_not_of("0123456789") == std::string_view::npos) {
    return std::chrono::seconds(std::stoll(std::string(v)));
  }
  auto at = ParseRfc822Date(v);
  if (!at) return std::nullopt;
  return std::max(std::chrono::milliseconds(0), *at - now);
}

}  // namespace tribu::connectors
