// Random tokens (sessions, API tokens, one-time links, CSRF) and how they are
// kept: only their SHA-256 is stored, so a copy of the database signs nobody in.
#pragma once

#include <string>
#include <string_view>

namespace tribu::auth {

// `bytes` random bytes from the system's CSPRNG, as unpadded base64url.
std::string RandomToken(std::size_t bytes = 32);
// Hex SHA-256 of the token.
std::string HashToken(std::string_view token);
// Compares without leaking where the first difference is.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tribu::auth
