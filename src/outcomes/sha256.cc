// Sha256Hex (passerelle/outcomes.h): OpenSSL's one-shot EVP digest.
#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "passerelle/error.h"
#include "passerelle/outcomes.h"

namespace passerelle {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error("sha256: OpenSSL's EVP_Digest failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int k = 0; k < length; ++k) {
    out += kHex[digest[k] >> 4];
    out += kHex[digest[k] & 15];
  }
  return out;
}

}  // namespace passerelle
