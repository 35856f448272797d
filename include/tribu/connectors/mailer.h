// Mailer: how tribu sends e-mail (alerts, later invitations and reports). An
// interface, so that tests can count messages; the real one speaks SMTP
// through libcurl (smtp:// with STARTTLS when offered or required, smtps://).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::connectors {

struct MailMessage {
  std::string from;             // "tribu <alerts@example.org>" or a bare address
  std::vector<std::string> to;  // bare addresses
  std::string subject;          // any UTF-8; encoded as RFC 2047 where needed
  std::string text;             // the plain-text part
  std::string html;             // the HTML part (may be empty); escaped by its maker
};

// The message as sent (RFC 5322 with a MIME multipart/alternative body, each
// part base64): CR and LF never reach a header from the fields. kInvalidArgument
// for an address that is not one.
Result<std::string> ComposeMail(const MailMessage& message, Timestamp date,
                                std::string_view message_id);

// Checks one bare address: something@domain, no spaces, no angle brackets,
// no line breaks, at most 254 bytes.
Status ValidateMailAddress(std::string_view address);

// Thread-safe.
class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable when the server cannot be reached or refuses the message
  // (with its answer), kDeadlineExceeded on timeout.
  virtual Status Send(const MailMessage& message) = 0;
};

struct SmtpOptions {
  std::string url;  // smtp://host:587, smtps://host:465
  std::string username;
  std::string password;
  bool require_tls = false;  // smtp://: fail unless STARTTLS succeeds
  std::chrono::milliseconds timeout{30'000};
};

std::unique_ptr<Mailer> MakeSmtpMailer(SmtpOptions options);

}  // namespace tribu::connectors
