// E-mail over SMTP with libcurl; see tribu/connectors/mailer.h.
#include <curl/curl.h>
#include <sodium.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "tribu/connectors/mailer.h"
#include "tribu/core/utf8.h"

namespace tribu::connectors {

namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::string NoBreaks(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
  return out;
}

std::string Base64(std::string_view data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Lines of at most 76 characters, as MIME asks.
std::string Wrapped(const std::string& b64) {
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded-words, split so that none passes 75 characters and no
// UTF-8 sequence is cut.
std::string EncodedHeader(std::string_view value) {
  std::string clean = NoBreaks(value);
  if (IsAscii(clean)) return clean;
  std::string out;
  std::size_t i = 0;
  while (i < clean.size()) {
    std::string_view chunk = TruncateUtf8(std::string_view(clean).substr(i), 45);
    if (chunk.empty()) chunk = std::string_view(clean).substr(i, 1);
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + Base64(chunk) + "?=";
    i += chunk.size();
  }
  return out;
}

std::string RfcDate(Timestamp t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(
          std::chrono::system_clock::time_point(t.time_since_epoch())));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// The bare address inside "Name <address>", or the whole.
std::string_view AddressOf(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return mailbox.substr(open + 1, close - open - 1);
  }
  return mailbox;
}

struct Upload {
  std::string_view data;
  std::size_t at = 0;
};

std::size_t ReadUpload(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t len = std::min(size * n, u->data.size() - u->at);
  std::memcpy(buf, u->data.data() + u->at, len);
  u->at += len;
  return len;
}

class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions o) : options_(std::move(o)) {
    static std::once_flag init;
    std::call_once(init, [] {
      curl_global_init(CURL_GLOBAL_DEFAULT);
      if (sodium_init() < 0) std::abort();  // no usable randomness: nothing safe to do
    });
  }

  Status Send(const MailMessage& message) override {
    if (!options_.url.starts_with("smtp://") && !options_.url.starts_with("smtps://")) {
      return Fail(ErrorCode::kInvalidArgument, "the SMTP URL must start with smtp:// or smtps://");
    }
    std::array<unsigned char, 12> id{};
    randombytes_buf(id.data(), id.size());
    std::string token;
    for (unsigned char b : id)
      token += "0123456789abcdef"[b >> 4], token += "0123456789abcdef"[b & 15];
    const std::string_view from = AddressOf(message.from);
    const auto at = from.find('@');
    const std::string domain =
        at == std::string_view::npos ? "tribu" : std::string(from.substr(at + 1));
    auto text = ComposeMail(message, Now(), token + "@" + domain);
    if (!text) return Fail(text.error());

    CURL* curl = curl_easy_init();
    if (!curl) return Fail(ErrorCode::kInternal, "libcurl could not start");
    struct Cleanup {
      CURL* c;
      curl_slist* rcpt = nullptr;
      ~Cleanup() {
        curl_slist_free_all(rcpt);
        curl_easy_cleanup(c);
      }
    } cleanup{curl};
    const std::string mail_from = "<" + std::string(from) + ">";
    for (const std::string& to : message.to) {
      cleanup.rcpt = curl_slist_append(cleanup.rcpt, ("<" + to + ">").c_str());
    }
    Upload upload{*text};
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, cleanup.rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     options_.require_tls ? static_cast<long>(CURLUSESSL_ALL)
                                          : static_cast<long>(CURLUSESSL_TRY));
    if (!options_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
    }
    const CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return Fail(ErrorCode::kDeadlineExceeded, "the SMTP server did not answer in time");
    }
    if (rc != CURLE_OK) {
      long code = 0;
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
      std::string why = error[0] ? error : curl_easy_strerror(rc);
      if (code) why += " (SMTP " + std::to_string(code) + ")";
      return Fail(ErrorCode::kUnavailable, "the mail was not sent: " + why);
    }
    return {};
  }

 private:
  static Timestamp Now() {
    return Timestamp(std::chrono::duration_cast<Timestamp::duration>(
        std::chrono::system_clock::now().time_since_epoch()));
  }
  SmtpOptions options_;
};

}  // namespace

Status ValidateMailAddress(std::string_view a) {
  const auto at = a.find('@');
  const bool ok = !a.empty() && a.size() <= 254 && at != std::string_view::npos && at > 0 &&
                  at + 1 < a.size() && a.find('@', at + 1) == std::string_view::npos &&
                  a.find_first_of(" \t\r\n<>\",;()[]\\") == std::string_view::npos &&
                  IsValidUtf8(a);
  if (!ok) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + NoBreaks(TruncateUtf8(a, 60)) + "' is not an e-mail address");
  }
  return {};
}

Result<std::string> ComposeMail(const MailMessage& m, Timestamp date, std::string_view message_id) {
  TRIBU_RETURN_IF_ERROR(ValidateMailAddress(AddressOf(m.from)));
  if (m.to.empty()) return Fail(ErrorCode::kInvalidArgument, "a mail needs a recipient");
  std::string to;
  for (const std::string& r : m.to) {
    TRIBU_RETURN_IF_ERROR(ValidateMailAddress(r));
    to += (to.empty() ? "" : ", ") + r;
  }
  // The display name of From, encoded; the address as is.
  std::string from = std::string(AddressOf(m.from));
  const auto open = m.from.rfind('<');
  if (open != std::string::npos && open > 0) {
    std::string name = m.from.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    std::string quoted;
    for (char c : NoBreaks(name)) {
      if (c != '"' && c != '\\') quoted += c;
    }
    from = (IsAscii(quoted) ? "\"" + quoted + "\"" : EncodedHeader(quoted)) + " <" + from + ">";
  }
  const std::string boundary = "tribu-" + std::string(message_id.substr(0, 24));
  std::string out;
  out += "From: " + from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + EncodedHeader(m.subject) + "\r\n";
  out += "Date: " + RfcDate(date) + "\r\n";
  out += "Message-ID: <" + NoBreaks(message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  auto part = [&](std::string_view type, std::string_view body) {
    out += "--" + boundary + "\r\n";
    out += "Content-Type: " + std::string(type) + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Wrapped(Base64(RepairUtf8(body)));
  };
  part("text/plain", m.text);
  if (!m.html.empty()) part("text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

std::unique_ptr<Mailer> MakeSmtpMailer(SmtpOptions options) {
  return std::make_unique<SmtpMailer>(std::move(options));
}

}  // namespace tribu::connectors
