// Result<T>: the one way tribu reports expected failures.
//
// Every fallible operation returns Result<T> (std::expected<T, Error>). An Error
// carries a code that maps to an HTTP status (see HttpStatus) and a message a
// person can act on: what was wrong, where, and what to do. Exceptions are kept
// for programmer errors and are caught at the HTTP and CLI boundaries.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace tribu {

enum class ErrorCode {
  kInvalidArgument,     // 400: the caller sent something malformed or out of range
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404
  kAlreadyExists,       // 409: a unique key is taken
  kConflict,            // 409: the state changed under the caller
  kPayloadTooLarge,     // 413
  kUnsupportedMedia,    // 415
  kFailedPrecondition,  // 422: well-formed, but not acceptable in the current state
  kResourceExhausted,   // 429: rate limit or quota
  kInternal,            // 500: a bug or a broken invariant
  kUnavailable,         // 503: a dependency is down; retrying may help
  kDeadlineExceeded,    // 504: a dependency timed out
  kDataLoss,            // 500: stored data is corrupt
};

// Stable machine-readable name, e.g. "invalid_argument". Used in API error bodies.
std::string_view CodeName(ErrorCode code);

// HTTP status code for an error code.
int HttpStatus(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // Returns a copy whose message is prefixed with `context: `.
  Error WithContext(std::string_view context) const;
};

template <class T>
using Result = std::expected<T, Error>;

// Result<void> reads as Status where an operation returns nothing.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

inline std::unexpected<Error> Fail(Error error) { return std::unexpected(std::move(error)); }

}  // namespace tribu

// Propagates the error of a Result expression, otherwise yields nothing.
#define TRIBU_RETURN_IF_ERROR(expr)                             \
  do {                                                          \
    if (auto tribu_status_ = (expr); !tribu_status_) {          \
      return std::unexpected(std::move(tribu_status_).error()); \
    }                                                           \
  } while (false)
