#include "tribu/auth/secret_box.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace tribu::auth {

namespace {

constexpr std::string_view kPrefix = "sealed:v1:";
constexpr auto kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

void EnsureSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot initialise");
}

Error KeyFileError(const std::string& path, std::string_view what) {
  return {ErrorCode::kFailedPrecondition, "secret key file '" + path + "': " + std::string(what)};
}

}  // namespace

SecretBox::SecretBox(const std::array<unsigned char, kKeyBytes>& key, std::string key_name)
    : key_(key), key_name_(std::move(key_name)) {}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::unique_ptr<SecretBox> SecretBox::FromKey(const std::array<unsigned char, kKeyBytes>& key,
                                              std::string key_name) {
  EnsureSodium();
  return std::unique_ptr<SecretBox>(new SecretBox(key, std::move(key_name)));
}

Result<std::unique_ptr<SecretBox>> SecretBox::LoadOrCreate(const std::string& path) {
  EnsureSodium();
  std::array<unsigned char, kKeyBytes> key{};
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      return std::unexpected(
          KeyFileError(path, std::error_code(errno, std::generic_category()).message()));
    }
    // First start: a fresh key, readable by this user only, written atomically.
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    std::string hex(kKeyBytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    hex.back() = '\n';
    const std::string tmp = path + ".tmp";
    const mode_t old = ::umask(077);
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << hex;
      out.close();
      if (!out) {
        ::umask(old);
        return std::unexpected(KeyFileError(path, "cannot be written"));
      }
    }
    ::umask(old);
    sodium_memzero(hex.data(), hex.size());
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return std::unexpected(KeyFileError(path, ec.message()));
    return FromKey(key, path);
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return std::unexpected(KeyFileError(
        path, "is readable by other users; run chmod 600 on it (it decrypts channel secrets)"));
  }
  std::ifstream in(path);
  std::string hex;
  std::getline(in, hex);
  if (!in && !in.eof()) return std::unexpected(KeyFileError(path, "cannot be read"));
  std::size_t decoded = 0;
  if (hex.size() != kKeyBytes * 2 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &decoded, nullptr) !=
          0 ||
      decoded != kKeyBytes) {
    sodium_memzero(hex.data(), hex.size());
    return std::unexpected(KeyFileError(path, "must hold 64 hexadecimal digits"));
  }
  sodium_memzero(hex.data(), hex.size());
  auto box = FromKey(key, path);
  sodium_memzero(key.data(), key.size());
  return box;
}

Result<std::string> SecretBox::Seal(std::string_view plain) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> out(kNonce + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), kNonce);
  unsigned long long written = 0;
  static constexpr unsigned char kNothing = 0;  // an empty secret still has an address
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + kNonce, &written,
      plain.empty() ? &kNothing : reinterpret_cast<const unsigned char*>(plain.data()),
      plain.size(), nullptr, 0, nullptr, out.data(), key_.data());
  out.resize(kNonce + written);
  std::string text(sodium_base64_ENCODED_LEN(out.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), out.data(), out.size(), kVariant);
  text.resize(std::char_traits<char>::length(text.c_str()));
  return std::string(kPrefix) + text;
}

bool SecretBox::IsSealed(std::string_view text) const { return text.starts_with(kPrefix); }

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  auto bad = [&] {
    return Fail(ErrorCode::kDataLoss,
                "a stored secret cannot be decrypted: it was altered, or sealed with another key "
                "than " +
                    key_name_);
  };
  if (!IsSealed(sealed)) return bad();
  sealed.remove_prefix(kPrefix.size());
  // Shorter than a nonce and a tag cannot be one (and libsodium takes no empty buffers).
  if (sealed.size() < (kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) * 4 / 3) return bad();
  std::vector<unsigned char> raw(sealed.size());
  std::size_t len = 0;
  if (sodium_base642bin(raw.data(), raw.size(), sealed.data(), sealed.size(), nullptr, &len,
                        nullptr, kVariant) != 0 ||
      len < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return bad();
  }
  std::string plain(len - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, raw.data() + kNonce,
          len - kNonce, nullptr, 0, raw.data(), key_.data()) != 0) {
    return bad();
  }
  plain.resize(plain_len);
  return plain;
}

}  // namespace tribu::auth
