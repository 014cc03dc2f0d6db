// The audit trail: records as hash-chained JSON lines (audit.h).
#include "audit.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "build_info.h"

namespace passerelle::audit {

namespace {

constexpr std::string_view kHashKey = ",\"hash\":\"";
constexpr std::string_view kPrevKey = "{\"prev\":\"";
const std::string kZeroHash(64, '0');

std::string Number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Splits a record line into body and hash; false when it is not shaped as one.
bool SplitLine(std::string_view line, std::string_view* body, std::string_view* hash) {
  const size_t tail = kHashKey.size() + 64 + 2;
  if (line.size() < kPrevKey.size() + 64 + tail || line.substr(line.size() - 2) != "\"}") return false;
  const size_t pos = line.size() - tail;
  if (line.substr(pos, kHashKey.size()) != kHashKey) return false;
  *body = line.substr(0, pos);
  *hash = line.substr(pos + kHashKey.size(), 64);
  return IsHex64(*hash) && body->substr(0, kPrevKey.size()) == kPrevKey;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  if (in.bad()) throw std::runtime_error(path + ": cannot read");
  return lines;
}

// The raw JSON value of the first top-level `"key":` (the simple fields
// come first in a record, before the policy and the overrides).
std::string Field(std::string_view body, std::string_view key) {
  std::string needle;
  needle.reserve(key.size() + 3);
  needle += '"';
  needle += key;
  needle += "\":";
  const size_t pos = body.find(needle);
  if (pos == std::string_view::npos) return "";
  size_t i = pos + needle.size();
  if (i < body.size() && body[i] == '"') {
    std::string out;
    for (++i; i < body.size() && body[i] != '"'; ++i) {
      if (body[i] == '\\' && i + 1 < body.size()) ++i;
      out += body[i];
    }
    return out;
  }
  const size_t end = body.find_first_of(",}", i);
  return std::string(body.substr(i, end - i));
}

// The file's last line, without its newline; empty for an empty file.
// Throws when the file does not end with a newline (a torn write).
std::string LastLine(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
  const std::streamoff size = in.tellg();
  if (size <= 0) return "";
  std::string tail;
  std::streamoff start = size;
  constexpr std::streamoff kChunk = 1 << 16;
  for (;;) {
    const std::streamoff from = std::max<std::streamoff>(0, start - kChunk);
    std::string chunk(static_cast<size_t>(start - from), '\0');
    in.seekg(from);
    if (!in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
      throw std::runtime_error(path + ": cannot read");
    }
    tail.insert(0, chunk);
    start = from;
    if (tail.back() != '\n') {
      throw std::runtime_error(path + ": the last record is cut (no newline); run `passerelle audit verify`");
    }
    const size_t nl = tail.rfind('\n', tail.size() - 2);
    if (nl != std::string::npos) return tail.substr(nl + 1, tail.size() - nl - 2);
    if (start == 0) return tail.substr(0, tail.size() - 1);
  }
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("sha256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string NowRfc3339() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

AuditLog::AuditLog(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::runtime_error(path_ + ": cannot open the audit log (" + std::strerror(errno) + ")");
  last_hash_ = kZeroHash;
  // Only the last line is read (a trail of years opens at once): its hash
  // continues the chain, its seq the numbering.
  std::string last;
  try {
    last = LastLine(path_);
  } catch (...) {
    ::close(fd_);
    throw;
  }
  if (!last.empty()) {
    std::string_view body, hash;
    int64_t seq = 0;
    const std::string seq_text = SplitLine(last, &body, &hash) ? Field(body, "seq") : "";
    if (seq_text.empty() || std::sscanf(seq_text.c_str(), "%lld", reinterpret_cast<long long*>(&seq)) != 1 ||
        seq < 1) {
      ::close(fd_);
      throw std::runtime_error(path_ + ": the last line is not an audit record; run `passerelle audit verify`");
    }
    last_hash_ = std::string(hash);
    next_seq_ = seq + 1;
  }
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

void AuditLog::Append(const Record& r) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string body;
  body.reserve(1024 + r.policy_json.size());
  body += kPrevKey;
  body += last_hash_;
  body += "\",\"seq\":" + std::to_string(next_seq_);
  body += ",\"time\":" + JsonString(NowRfc3339());
  body += ",\"call\":" + JsonString(r.call);
  body += ",\"operator\":" + JsonString(r.operator_id);
  body += ",\"session\":" + JsonString(r.session_id);
  body += ",\"status\":" + JsonString(r.status);
  body += ",\"solve_status\":" + JsonString(r.solve_status);
  body += ",\"objective\":" + Number(r.objective);
  body += ",\"candidates\":" + std::to_string(r.candidates);
  body += ",\"openings\":" + std::to_string(r.openings);
  body += ",\"placements\":" + std::to_string(r.placements);
  body += ",\"unplaced\":" + std::to_string(r.unplaced);
  body += ",\"request_sha256\":" + JsonString(r.request_sha256);
  body += ",\"response_sha256\":" + JsonString(r.response_sha256);
  body += ",\"version\":" + JsonString(kVersion);
  body += ",\"git_revision\":" + JsonString(kGitRevision);
  body += ",\"error\":" + JsonString(r.error);
  body += ",\"policy\":" + (r.policy_json.empty() ? std::string("null") : r.policy_json);
  body += ",\"model\":" + (r.model_json.empty() ? std::string("null") : r.model_json);
  body += ",\"overrides\":[";
  for (size_t i = 0; i < r.overrides.size(); ++i) {
    const OverrideEntry& o = r.overrides[i];
    if (i) body += ',';
    body += "{\"kind\":" + JsonString(o.kind) + ",\"candidate_id\":" + JsonString(o.candidate_id) +
            ",\"opening_id\":" + JsonString(o.opening_id) + ",\"note\":" + JsonString(o.note) +
            ",\"operator\":" + JsonString(o.operator_id) + ",\"time\":" + JsonString(o.time) + "}";
  }
  body += ']';
  const std::string hash = Sha256Hex(body);
  std::string line = body;
  line += kHashKey;
  line += hash;
  line += "\"}\n";
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(path_ + ": cannot write the audit log (" + std::strerror(errno) + ")");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0) throw std::runtime_error(path_ + ": cannot sync the audit log (" + std::strerror(errno) + ")");
  last_hash_ = hash;
  ++next_seq_;
}

VerifyResult Verify(const std::string& path) {
  const std::vector<std::string> lines = ReadLines(path);
  VerifyResult result;
  std::string prev = kZeroHash;
  for (size_t i = 0; i < lines.size(); ++i) {
    const int64_t line_no = static_cast<int64_t>(i) + 1;
    auto broken = [&](std::string why) {
      result.ok = false;
      result.broken_line = line_no;
      result.problem = std::move(why);
      return result;
    };
    std::string_view body, hash;
    if (!SplitLine(lines[i], &body, &hash)) return broken("not an audit record");
    const std::string_view recorded_prev = body.substr(kPrevKey.size(), 64);
    if (recorded_prev != prev) {
      return broken("its prev hash does not match the record before it (a record was removed, inserted or reordered)");
    }
    if (Sha256Hex(body) != hash) return broken("its contents do not match its hash (the record was changed)");
    if (Field(body, "seq") != std::to_string(line_no)) return broken("its seq is not " + std::to_string(line_no));
    prev = std::string(hash);
    result.records = line_no;
  }
  return result;
}

std::vector<std::string> Show(const std::string& path) {
  std::vector<std::string> out;
  for (const std::string& line : ReadLines(path)) {
    std::string_view body, hash;
    if (!SplitLine(line, &body, &hash)) {
      out.push_back("(not an audit record)");
      continue;
    }
    std::ostringstream s;
    s << Field(body, "seq") << ' ' << Field(body, "time") << ' ' << Field(body, "call");
    const std::string op = Field(body, "operator"), session = Field(body, "session");
    s << " operator=" << (op.empty() ? "-" : op) << " session=" << (session.empty() ? "-" : session);
    s << ' ' << Field(body, "status");
    const std::string solve = Field(body, "solve_status");
    if (!solve.empty()) s << ' ' << solve;
    s << " objective=" << Field(body, "objective") << " candidates=" << Field(body, "candidates")
      << " openings=" << Field(body, "openings") << " placements=" << Field(body, "placements")
      << " unplaced=" << Field(body, "unplaced");
    s << " request=" << Field(body, "request_sha256").substr(0, 12)
      << " response=" << Field(body, "response_sha256").substr(0, 12) << " hash=" << hash.substr(0, 12);
    const std::string error = Field(body, "error");
    if (!error.empty()) s << " error=" << JsonString(error);
    out.push_back(s.str());
  }
  return out;
}

}  // namespace passerelle::audit
