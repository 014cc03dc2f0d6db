// `passerelle serve`: the passerelle.v1.Passerelle gRPC service
// (proto/passerelle/v1/service.proto, docs/service.md).
//
// - Calls arrive on gRPC's callback threads and run on a bounded pool of
//   `workers` threads; calls on one session run one at a time in arrival
//   order, different sessions and one-shot calls in parallel. No lock is
//   held around a solve.
// - Sessions live in `data_dir`/sessions.sqlite (session_store.h), the audit
//   trail in `data_dir`/audit.jsonl (src/audit/audit.h).
// - One JSON line per call on stderr.
// - SIGTERM or SIGINT: stop accepting calls, finish those in flight, return 0.
#ifndef PASSERELLE_SRC_SERVICE_SERVER_H_
#define PASSERELLE_SRC_SERVICE_SERVER_H_

#include <cstdint>
#include <string>

namespace passerelle {
class Taxonomy;
}

namespace passerelle::service {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";
  std::string data_dir;
  // Empty: no authentication.
  std::string token;
  // PEM contents; both empty: plaintext.
  std::string tls_cert;
  std::string tls_key;
  int64_t max_request_bytes = 64 << 20;
  int workers = 1;
  int max_queued = 1024;
  // Threads each call may use for scoring and solving.
  int threads_per_call = 1;
  // Sessions kept in memory (their current request); the least recently
  // used beyond this are reloaded from disk when next called.
  int max_loaded_sessions = 64;
  const Taxonomy* taxonomy = nullptr;
};

// Serves until SIGTERM or SIGINT; returns the exit code. Throws
// std::runtime_error when the data folder or the address cannot be used.
int RunServer(const ServerOptions& options);

}  // namespace passerelle::service

#endif  // PASSERELLE_SRC_SERVICE_SERVER_H_
