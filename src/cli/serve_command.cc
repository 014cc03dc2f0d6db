// passerelle serve --listen ADDR --data-dir DIR [--token-file F] [--tls-cert C --tls-key K]
//                  [--max-request-bytes N] [--workers N]
// The passerelle.v1.Passerelle gRPC service (src/service/, docs/service.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "cli.h"
#include "passerelle/error.h"
#include "passerelle/proto.h"
#ifdef PASSERELLE_WITH_SERVICE
#include "server.h"
#endif

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

std::string ReadSmallFile(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open (" + option + ")");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int RunServe(int argc, char** argv) {
  return RunGuarded("serve", [&] {
    po::options_description options("Options");
    int64_t max_bytes = 64 << 20;
    options.add_options()
        ("listen", po::value<std::string>()->default_value("127.0.0.1:50051"), "address:port to listen on (port 0: any free port, printed on stderr)")
        ("data-dir", po::value<std::string>()->required(), "folder of the sessions database (sessions.sqlite) and the audit trail (audit.jsonl); created if missing")
        ("token-file", po::value<std::string>(), "file holding the bearer token calls must send (metadata 'authorization: Bearer TOKEN'); surrounding whitespace is ignored")
        ("tls-cert", po::value<std::string>(), "PEM certificate chain: serve TLS (with --tls-key)")
        ("tls-key", po::value<std::string>(), "PEM private key of --tls-cert")
        ("max-request-bytes", po::value<int64_t>(&max_bytes)->default_value(64 << 20), "largest request message accepted (RESOURCE_EXHAUSTED beyond)")
        ("workers", po::value<int>()->default_value(0), "calls solved at once (0: one per core); others wait in a queue")
        ("max-queued", po::value<int>()->default_value(1024), "calls waiting for a worker before new ones get RESOURCE_EXHAUSTED")
        ("threads", po::value<int>()->default_value(1), "threads per call for scoring and solving")
        ("max-loaded-sessions", po::value<int>()->default_value(64), "sessions kept in memory; the least recently used beyond are reloaded from disk when called");
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("serve", "--data-dir DIR [--listen 127.0.0.1:50051] [options]", argc, argv, options, positional,
                      &vm)) {
      return kExitOk;
    }
#ifndef PASSERELLE_WITH_SERVICE
    throw UsageError(
        "this passerelle was built without the service (gRPC or SQLite not found at configure time; "
        "Debian: libgrpc++-dev protobuf-compiler-grpc libsqlite3-dev libssl-dev, or scripts/setup-deps)");
#else
    if (max_bytes < 1 || max_bytes > (int64_t{1} << 31) - 1) throw UsageError("--max-request-bytes: must be in [1, 2^31)");
    if (vm.count("tls-cert") != vm.count("tls-key")) throw UsageError("--tls-cert and --tls-key go together");
    if (vm["workers"].as<int>() < 0) throw UsageError("--workers: must be >= 0");
    if (vm["max-queued"].as<int>() < 1) throw UsageError("--max-queued: must be >= 1");
    if (vm["threads"].as<int>() < 0) throw UsageError("--threads: must be >= 0");
    service::ServerOptions server;
    server.listen = vm["listen"].as<std::string>();
    server.data_dir = vm["data-dir"].as<std::string>();
    if (vm.count("token-file")) {
      std::string token = ReadSmallFile("--token-file", vm["token-file"].as<std::string>());
      const size_t b = token.find_first_not_of(" \t\r\n"), e = token.find_last_not_of(" \t\r\n");
      token = b == std::string::npos ? "" : token.substr(b, e - b + 1);
      if (token.empty()) throw UsageError("--token-file: the file is empty");
      server.token = token;
    }
    if (vm.count("tls-cert")) {
      server.tls_cert = ReadSmallFile("--tls-cert", vm["tls-cert"].as<std::string>());
      server.tls_key = ReadSmallFile("--tls-key", vm["tls-key"].as<std::string>());
    }
    server.max_request_bytes = max_bytes;
    server.workers = vm["workers"].as<int>();
    if (server.workers == 0) server.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    server.max_queued = vm["max-queued"].as<int>();
    server.threads_per_call = vm["threads"].as<int>();
    if (vm["max-loaded-sessions"].as<int>() < 1) throw UsageError("--max-loaded-sessions: must be >= 1");
    server.max_loaded_sessions = vm["max-loaded-sessions"].as<int>();
    server.taxonomy = &TaxonomyOption(vm);
    return service::RunServer(server);
#endif
  });
}

}  // namespace passerelle::cli
