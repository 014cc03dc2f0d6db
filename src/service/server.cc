// `passerelle serve`: the gRPC service over the matching engine (server.h).
#include "server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <limits>
#include <optional>
#include <thread>

#include "audit.h"
#include "match_record.h"
#include "passerelle/error.h"
#include "passerelle/matcher.h"
#include "passerelle/proto.h"
#include "passerelle/scoring.h"
#include "passerelle/taxonomy.h"
#include "passerelle/v1/service.grpc.pb.h"
#include "passerelle/warnings.h"
#include "session_store.h"
#include "worker_pool.h"

namespace passerelle::service {

namespace {

// Status messages travel in HTTP/2 trailers, which clients cap (8 KiB by
// default): long problem lists are cut at a line.
constexpr size_t kMaxStatusMessage = 6000;

// Metadata naming the person behind a call.
constexpr const char* kOperatorKey = "x-passerelle-operator";

class NotFoundError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class AlreadyExistsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string Truncate(std::string message) {
  if (message.size() <= kMaxStatusMessage) return message;
  size_t cut = message.rfind('\n', kMaxStatusMessage);
  if (cut == std::string::npos || cut < kMaxStatusMessage / 2) cut = kMaxStatusMessage;
  message.resize(cut);
  message += "\n... (cut; run `passerelle validate` for every problem)";
  return message;
}

const char* StatusName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    default: return "INTERNAL";
  }
}

// Runs `body`, mapping passerelle's errors to status codes.
template <class F>
grpc::Status Guarded(F&& body) {
  try {
    return body();
  } catch (const LimitExceededError& e) {
    return {grpc::StatusCode::RESOURCE_EXHAUSTED, Truncate(e.what())};
  } catch (const InvalidArgumentError& e) {
    return {grpc::StatusCode::INVALID_ARGUMENT, Truncate(e.what())};
  } catch (const NotFoundError& e) {
    return {grpc::StatusCode::NOT_FOUND, e.what()};
  } catch (const AlreadyExistsError& e) {
    return {grpc::StatusCode::ALREADY_EXISTS, e.what()};
  } catch (const std::bad_alloc&) {
    return {grpc::StatusCode::RESOURCE_EXHAUSTED, "out of memory"};
  } catch (const std::exception& e) {
    return {grpc::StatusCode::INTERNAL, Truncate(e.what())};
  }
}

std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  out.reserve(buffer.Length());
  for (const grpc::Slice& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

// Parses a binary message, INVALID_ARGUMENT naming `source` otherwise.
template <class M>
M Parse(std::string_view bytes, std::string_view source) {
  M message;
  ParseMessage(bytes, FileFormat::kBinary, source, &message);
  return message;
}

bool ValidSessionId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

std::string NewSessionId() {
  static std::mutex mu;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard<std::mutex> lock(mu);
  char buf[24];
  std::snprintf(buf, sizeof buf, "s-%016llx", static_cast<unsigned long long>(random()));
  return buf;
}

// The part of a call's deadline the solve may use, as
// policy.limits.max_solve_seconds (0: no deadline). A margin is kept for
// the report and the reply.
double SolveSecondsLeft(const grpc::CallbackServerContext* ctx) {
  const auto deadline = ctx->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return 0;
  const double left = std::chrono::duration<double>(deadline - std::chrono::system_clock::now()).count();
  if (left > 1e6) return 0;
  return std::max(0.05, 0.8 * left - 0.05);
}

void BoundSolve(const grpc::CallbackServerContext* ctx, MatchRequest* request) {
  const double left = SolveSecondsLeft(ctx);
  if (left <= 0) return;
  double& limit = request->policy.limits.max_solve_seconds;
  if (limit <= 0 || limit > left) limit = left;
}

// A session's place in memory: its queue, and the Matcher holding its
// current request (loaded from the database on first use).
struct SessionState {
  explicit SessionState(WorkerPool* pool) : queue(pool) {}
  SerialQueue queue;
  // Touched only by tasks of `queue`, one at a time.
  std::unique_ptr<Matcher> matcher;
  std::optional<std::string> last_response;
  SessionRow row;
};

using PasserelleBase = v1::Passerelle::WithRawCallbackMethod_Validate<
    v1::Passerelle::WithRawCallbackMethod_Match<v1::Passerelle::WithRawCallbackMethod_Explain<
        v1::Passerelle::WithRawCallbackMethod_CreateSession<v1::Passerelle::WithRawCallbackMethod_GetSession<
            v1::Passerelle::WithRawCallbackMethod_ApplyChanges<v1::Passerelle::WithRawCallbackMethod_SolveSession<
                v1::Passerelle::WithRawCallbackMethod_ListSessions<
                    v1::Passerelle::WithRawCallbackMethod_DeleteSession<v1::Passerelle::Service>>>>>>>>>;

// One call in flight.
struct Call {
  grpc::CallbackServerContext* ctx = nullptr;
  grpc::ServerUnaryReactor* reactor = nullptr;
  grpc::ByteBuffer* response = nullptr;
  const char* method = "";
  std::string request;
  std::string operator_id;
  std::string session_id;
  std::chrono::steady_clock::time_point start;
};

class PasserelleService final : public PasserelleBase {
 public:
  PasserelleService(const ServerOptions& options, SessionStore* store, audit::AuditLog* audit, WorkerPool* pool)
      : options_(options), store_(store), audit_(audit), pool_(pool) {
    match_options_.taxonomy = options.taxonomy;
    match_options_.execution.threads = options.threads_per_call;
  }

  grpc::ServerUnaryReactor* Validate(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                     grpc::ByteBuffer* resp) override {
    return OneShot(ctx, "Validate", req, resp, [this](Call& call, std::string* out) {
      const MatchRequest request = ParseRequest(call.request, FileFormat::kBinary, "request", ReadOptionsFor());
      v1::ValidateResponse response;
      response.set_candidates(static_cast<int64_t>(request.candidates.size()));
      response.set_openings(static_cast<int64_t>(request.openings.size()));
      response.set_employers(static_cast<int64_t>(request.employers.size()));
      MatchResponse carrier;
      carrier.warnings = CollectWarnings(request, {.taxonomy = options_.taxonomy});
      *response.mutable_warnings() = ToProto(carrier).warnings();
      *out = SerializeMessage(response, FileFormat::kBinary);
      return grpc::Status::OK;
    });
  }

  grpc::ServerUnaryReactor* Match(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                  grpc::ByteBuffer* resp) override {
    return OneShot(ctx, "Match", req, resp, [this](Call& call, std::string* out) {
      audit::Record record;
      record.call = "Match";
      record.operator_id = call.operator_id;
      record.request_sha256 = audit::Sha256Hex(call.request);
      grpc::Status status = Guarded([&] {
        MatchRequest request = ParseRequest(call.request, FileFormat::kBinary, "request", ReadOptionsFor());
        BoundSolve(call.ctx, &request);
        const MatchResponse response = passerelle::Match(request, match_options_);
        v1::MatchResponse proto;
        ToProto(response, &proto, match_options_.execution);
        *out = SerializeMessage(proto, FileFormat::kBinary);
        record = audit::MatchRecord("Match", record.request_sha256, request, response, *out);
        record.operator_id = call.operator_id;
        return grpc::Status::OK;
      });
      Audit(&record, status);
      return status;
    });
  }

  grpc::ServerUnaryReactor* Explain(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                    grpc::ByteBuffer* resp) override {
    return OneShot(ctx, "Explain", req, resp, [this](Call& call, std::string* out) {
      const auto proto = Parse<v1::ExplainRequest>(call.request, "ExplainRequest");
      const MatchRequest request = FromProto(proto.request(), match_options_.execution);
      Language language = request.policy.language;
      if (proto.language() == v1::LANGUAGE_FRENCH) language = Language::kFrench;
      if (proto.language() == v1::LANGUAGE_ENGLISH) language = Language::kEnglish;
      const Taxonomy& taxonomy = options_.taxonomy ? *options_.taxonomy : Taxonomy::BuiltIn();
      const PairExplanation explanation =
          DescribePair(request, proto.candidate_id(), proto.opening_id(), language, taxonomy);
      *out = SerializeMessage(ToProto(explanation), FileFormat::kBinary);
      return grpc::Status::OK;
    });
  }

  grpc::ServerUnaryReactor* CreateSession(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                          grpc::ByteBuffer* resp) override {
    return OneShot(ctx, "CreateSession", req, resp, [this](Call& call, std::string* out) {
      const auto proto = Parse<v1::CreateSessionRequest>(call.request, "CreateSessionRequest");
      std::string id = proto.session_id();
      if (!id.empty() && !ValidSessionId(id)) {
        throw InvalidArgumentError("session_id: '" + id +
                                   "' is not letters, digits, '-', '_', '.' (at most 128 characters)");
      }
      if (id.empty()) id = NewSessionId();
      call.session_id = id;
      // Validated now, so that a session always holds a valid request.
      const MatchRequest request = FromProto(proto.request(), match_options_.execution);
      SessionRow row;
      row.id = id;
      row.description = request.description;
      row.created_at = audit::NowRfc3339();
      row.candidates = static_cast<int64_t>(request.candidates.size());
      row.openings = static_cast<int64_t>(request.openings.size());
      row.request = SerializeMessage(proto.request(), FileFormat::kBinary);
      if (!store_->Create(row)) throw AlreadyExistsError("session " + id + " exists already");
      *out = SerializeMessage(Info(row), FileFormat::kBinary);
      return grpc::Status::OK;
    });
  }

  grpc::ServerUnaryReactor* GetSession(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                       grpc::ByteBuffer* resp) override {
    return OnSession<v1::GetSessionRequest>(ctx, "GetSession", req, resp,
        [this](Call&, const v1::GetSessionRequest& proto, SessionState& s, std::string* out) {
          v1::Session session;
          *session.mutable_info() = Info(s.row);
          if (proto.include_request()) *session.mutable_request() = ToProto(s.matcher->request());
          const std::optional<SessionRow> row = store_->Load(s.row.id);
          if (!row) throw NotFoundError("session " + s.row.id + " not found");
          for (const StoredChange& c : row->changes) {
            session.add_changes()->ParseFromString(c.change);
          }
          if (s.last_response) session.mutable_last_response()->ParseFromString(*s.last_response);
          *out = SerializeMessage(session, FileFormat::kBinary);
          return grpc::Status::OK;
        });
  }

  grpc::ServerUnaryReactor* ApplyChanges(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                         grpc::ByteBuffer* resp) override {
    return OnSession<v1::ApplyChangesRequest>(ctx, "ApplyChanges", req, resp,
        [this](Call& call, const v1::ApplyChangesRequest& proto, SessionState& s, std::string* out) {
          std::vector<StoredChange> stored;
          const std::string now = audit::NowRfc3339();
          try {
            for (int i = 0; i < proto.changes_size(); ++i) {
              v1::SessionChange change = proto.changes(i);
              if (change.operator_id().empty()) change.set_operator_id(call.operator_id);
              const std::string path = "changes[" + std::to_string(i) + "]";
              if (change.operator_id().empty()) {
                throw InvalidArgumentError(path + ".operator_id: required (or metadata " + kOperatorKey + ")");
              }
              change.set_committed_at(now);
              Apply(change, path, s.matcher.get());
              stored.push_back({SerializeMessage(change, FileFormat::kBinary)});
            }
            // Committed to disk before the answer: an acknowledged change
            // survives a crash.
            store_->AppendChanges(s.row.id, stored, static_cast<int64_t>(s.matcher->request().candidates.size()),
                                  static_cast<int64_t>(s.matcher->request().openings.size()));
          } catch (...) {
            // The matcher may hold part of the changes: reloaded from disk
            // by the next call on the session.
            s.matcher.reset();
            throw;
          }
          s.row.change_count += static_cast<int64_t>(stored.size());
          s.row.candidates = static_cast<int64_t>(s.matcher->request().candidates.size());
          s.row.openings = static_cast<int64_t>(s.matcher->request().openings.size());
          *out = SerializeMessage(Info(s.row), FileFormat::kBinary);
          return grpc::Status::OK;
        });
  }

  grpc::ServerUnaryReactor* SolveSession(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                         grpc::ByteBuffer* resp) override {
    return OnSession<v1::SolveSessionRequest>(ctx, "SolveSession", req, resp,
        [this](Call& call, const v1::SolveSessionRequest&, SessionState& s, std::string* out) {
          audit::Record record;
          record.call = "SolveSession";
          record.operator_id = call.operator_id;
          record.session_id = s.row.id;
          grpc::Status status = Guarded([&] {
            // Solved from what is on disk alone (the current request and the
            // last response's placements as previous ones), so that a
            // restarted server answers byte for byte as before.
            MatchRequest request = s.matcher->request();
            if (s.last_response) {
              v1::MatchResponse last;
              last.ParseFromString(*s.last_response);
              request.previous_placements.clear();
              for (const v1::Placement& p : last.placements()) {
                request.previous_placements.push_back({p.candidate_id(), p.opening_id()});
              }
            }
            const std::string request_bytes = SerializeMessage(ToProto(request), FileFormat::kBinary);
            BoundSolve(call.ctx, &request);
            const MatchResponse response = passerelle::Match(request, match_options_);
            v1::MatchResponse proto;
            ToProto(response, &proto, match_options_.execution);
            *out = SerializeMessage(proto, FileFormat::kBinary);
            store_->SetLastResponse(s.row.id, *out, s.row.change_count);
            s.last_response = *out;
            s.row.solved_at_change = s.row.change_count;
            record = audit::MatchRecord("SolveSession", audit::Sha256Hex(request_bytes), request, response, *out);
            record.operator_id = call.operator_id;
            record.session_id = s.row.id;
            // The session's changes, with who made them and why.
            const std::optional<SessionRow> row = store_->Load(s.row.id);
            record.overrides.clear();
            if (row) {
              for (const StoredChange& c : row->changes) {
                v1::SessionChange change;
                change.ParseFromString(c.change);
                record.overrides.push_back(Entry(change));
              }
            }
            return grpc::Status::OK;
          });
          Audit(&record, status);
          return status;
        });
  }

  grpc::ServerUnaryReactor* ListSessions(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                         grpc::ByteBuffer* resp) override {
    return OneShot(ctx, "ListSessions", req, resp, [this](Call& call, std::string* out) {
      Parse<v1::ListSessionsRequest>(call.request, "ListSessionsRequest");
      v1::ListSessionsResponse response;
      for (const SessionRow& row : store_->List()) *response.add_sessions() = Info(row);
      *out = SerializeMessage(response, FileFormat::kBinary);
      return grpc::Status::OK;
    });
  }

  grpc::ServerUnaryReactor* DeleteSession(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                                          grpc::ByteBuffer* resp) override {
    return OnSession<v1::DeleteSessionRequest>(ctx, "DeleteSession", req, resp,
        [this](Call&, const v1::DeleteSessionRequest&, SessionState& s, std::string* out) {
          if (!store_->Delete(s.row.id)) throw NotFoundError("session " + s.row.id + " not found");
          s.matcher.reset();
          s.last_response.reset();
          *out = SerializeMessage(v1::DeleteSessionResponse(), FileFormat::kBinary);
          return grpc::Status::OK;
        });
  }

 private:
  ReadOptions ReadOptionsFor() const {
    return {.max_bytes = options_.max_request_bytes, .execution = match_options_.execution};
  }

  static v1::SessionInfo Info(const SessionRow& row) {
    v1::SessionInfo info;
    info.set_session_id(row.id);
    info.set_description(row.description);
    info.set_created_at(row.created_at);
    info.set_change_count(row.change_count);
    info.set_candidates(row.candidates);
    info.set_openings(row.openings);
    info.set_solved(row.solved_at_change == row.change_count);
    return info;
  }

  static audit::OverrideEntry Entry(const v1::SessionChange& c) {
    audit::OverrideEntry e;
    e.note = c.note();
    e.operator_id = c.operator_id();
    e.time = c.committed_at();
    auto pair = [&](const char* kind, const v1::PairOverride& p) {
      e.kind = kind;
      e.candidate_id = p.candidate_id();
      e.opening_id = p.opening_id();
      if (!p.note().empty()) e.note = p.note();
    };
    switch (c.change_case()) {
      case v1::SessionChange::kAddCandidate: e.kind = "add_candidate"; e.candidate_id = c.add_candidate().id(); break;
      case v1::SessionChange::kRemoveCandidate: e.kind = "remove_candidate"; e.candidate_id = c.remove_candidate(); break;
      case v1::SessionChange::kAddOpening: e.kind = "add_opening"; e.opening_id = c.add_opening().id(); break;
      case v1::SessionChange::kRemoveOpening: e.kind = "remove_opening"; e.opening_id = c.remove_opening(); break;
      case v1::SessionChange::kSetCapacity:
        e.kind = "set_capacity";
        e.opening_id = c.set_capacity().opening_id();
        break;
      case v1::SessionChange::kPin: pair("pin", c.pin()); break;
      case v1::SessionChange::kLock: pair("lock", c.lock()); break;
      case v1::SessionChange::kBan: pair("ban", c.ban()); break;
      case v1::SessionChange::kClearOverride: pair("clear_override", c.clear_override()); break;
      default: e.kind = "none";
    }
    return e;
  }

  // Applies one change to `matcher`; errors name `path`.
  static void Apply(const v1::SessionChange& change, const std::string& path, Matcher* matcher) {
    auto note = [&](const v1::PairOverride& p) { return p.note().empty() ? change.note() : p.note(); };
    try {
      switch (change.change_case()) {
        case v1::SessionChange::kAddCandidate: {
          v1::MatchRequest proto;
          *proto.mutable_policy() = ToProto(matcher->request().policy);
          *proto.add_candidates() = change.add_candidate();
          matcher->AddCandidate(std::move(FromProto(proto).candidates.front()));
          break;
        }
        case v1::SessionChange::kRemoveCandidate: matcher->RemoveCandidate(change.remove_candidate()); break;
        case v1::SessionChange::kAddOpening: {
          v1::MatchRequest proto;
          *proto.mutable_policy() = ToProto(matcher->request().policy);
          for (const Employer& e : matcher->request().employers) *proto.add_employers() = ToProto(e);
          *proto.add_openings() = change.add_opening();
          matcher->AddOpening(std::move(FromProto(proto).openings.front()));
          break;
        }
        case v1::SessionChange::kRemoveOpening: matcher->RemoveOpening(change.remove_opening()); break;
        case v1::SessionChange::kSetCapacity:
          if (change.set_capacity().capacity() < 0) throw InvalidArgumentError("set_capacity.capacity: must be >= 0");
          matcher->SetCapacity(change.set_capacity().opening_id(), change.set_capacity().capacity());
          break;
        case v1::SessionChange::kPin:
          matcher->Pin(change.pin().candidate_id(), change.pin().opening_id(), note(change.pin()));
          break;
        case v1::SessionChange::kLock:
          matcher->Lock(change.lock().candidate_id(), change.lock().opening_id(), note(change.lock()));
          break;
        case v1::SessionChange::kBan:
          matcher->Ban(change.ban().candidate_id(), change.ban().opening_id(), note(change.ban()));
          break;
        case v1::SessionChange::kClearOverride:
          matcher->ClearOverride(change.clear_override().candidate_id(), change.clear_override().opening_id());
          break;
        default: throw InvalidArgumentError("no change given");
      }
    } catch (const ValidationError& e) {
      throw InvalidArgumentError(path + ": " + e.what());
    } catch (const LimitExceededError& e) {
      throw LimitExceededError(path + ": " + e.what());
    } catch (const InvalidArgumentError& e) {
      throw InvalidArgumentError(path + ": " + e.what());
    }
  }

  // Loads the session into `s` unless it is there: its request with every
  // stored change replayed, and its last response.
  void EnsureLoaded(const std::string& id, SessionState& s) {
    if (s.matcher) return;
    std::optional<SessionRow> row = store_->Load(id);
    if (!row) throw NotFoundError("session " + id + " not found");
    MatchRequest request = ParseRequest(row->request, FileFormat::kBinary, "session " + id + " request");
    MatchOptions options = match_options_;
    options.keep_warm_state = false;
    auto matcher = std::make_unique<Matcher>(std::move(request), options);
    for (size_t i = 0; i < row->changes.size(); ++i) {
      v1::SessionChange change;
      change.ParseFromString(row->changes[i].change);
      Apply(change, "stored change " + std::to_string(i + 1), matcher.get());
    }
    s.matcher = std::move(matcher);
    s.last_response = row->last_response;
    s.row = std::move(*row);
    s.row.request.clear();
    s.row.changes.clear();
    s.row.last_response.reset();
  }

  std::shared_ptr<SessionState> State(const std::string& id) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    std::shared_ptr<SessionState>& s = sessions_[id];
    if (!s) s = std::make_shared<SessionState>(pool_);
    return s;
  }

  void Forget(const std::string& id) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_.erase(id);
    if (auto it = lru_index_.find(id); it != lru_index_.end()) {
      lru_.erase(it->second);
      lru_index_.erase(it);
    }
  }

  // Marks session `id` as just used; beyond `max_loaded_sessions`, the least
  // recently used sessions drop their request from memory. The drop is a
  // task of the victim's own queue, so it never races with its calls; the
  // next call reloads the session from disk.
  void Touch(const std::string& id) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    if (auto it = lru_index_.find(id); it != lru_index_.end()) lru_.erase(it->second);
    lru_.push_front(id);
    lru_index_[id] = lru_.begin();
    while (lru_.size() > static_cast<size_t>(std::max(1, options_.max_loaded_sessions))) {
      const std::string victim = lru_.back();
      lru_.pop_back();
      lru_index_.erase(victim);
      if (auto s = sessions_.find(victim); s != sessions_.end()) {
        std::shared_ptr<SessionState> state = s->second;
        state->queue.TryPost([state] {
          state->matcher.reset();
          state->last_response.reset();
        });
      }
    }
  }

  // Starts a call: authenticates, reads the operator, copies the request.
  // Returns false after finishing the call when it is refused.
  bool Begin(Call* call) {
    call->start = std::chrono::steady_clock::now();
    const auto& metadata = call->ctx->client_metadata();
    if (auto it = metadata.find(kOperatorKey); it != metadata.end()) {
      call->operator_id.assign(it->second.data(), it->second.size());
    }
    if (!options_.token.empty()) {
      std::string_view presented;
      if (auto it = metadata.find("authorization"); it != metadata.end()) {
        presented = std::string_view(it->second.data(), it->second.size());
      }
      constexpr std::string_view kBearer = "Bearer ";
      const bool ok = presented.substr(0, kBearer.size()) == kBearer &&
                      audit::ConstantTimeEquals(presented.substr(kBearer.size()), options_.token);
      if (!ok) {
        Finish(call, grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing or wrong bearer token"), "");
        return false;
      }
    }
    return true;
  }

  void Finish(Call* call, const grpc::Status& status, const std::string& out) {
    if (status.ok()) {
      grpc::Slice slice(out);
      *call->response = grpc::ByteBuffer(&slice, 1);
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - call->start).count();
    char timing[32];
    std::snprintf(timing, sizeof timing, "%.1f", ms);
    std::string line = "{\"time\":" + audit::JsonString(audit::NowRfc3339()) +
                       ",\"method\":" + audit::JsonString(call->method) +
                       ",\"peer\":" + audit::JsonString(call->ctx->peer()) +
                       ",\"operator\":" + audit::JsonString(call->operator_id) +
                       ",\"session\":" + audit::JsonString(call->session_id) +
                       ",\"status\":" + audit::JsonString(StatusName(status.error_code())) +
                       ",\"ms\":" + timing + ",\"request_bytes\":" + std::to_string(call->request.size()) +
                       ",\"response_bytes\":" + std::to_string(status.ok() ? out.size() : 0);
    if (!status.ok()) line += ",\"error\":" + audit::JsonString(status.error_message().substr(0, 300));
    line += "}\n";
    {
      static std::mutex log_mu;
      std::lock_guard<std::mutex> lock(log_mu);
      std::cerr << line << std::flush;
    }
    grpc::ServerUnaryReactor* reactor = call->reactor;
    delete call;
    reactor->Finish(status);
  }

  void Audit(audit::Record* record, const grpc::Status& status) {
    if (!status.ok()) {
      record->status = StatusName(status.error_code());
      record->error = status.error_message().substr(0, 2000);
      record->response_sha256.clear();
    }
    audit_->Append(*record);
  }

  // A call whose client left, or whose deadline passed, while it waited
  // for a worker is not started: under overload the queue drains fast.
  static bool Expired(const Call& call) {
    return call.ctx->IsCancelled() || call.ctx->deadline() <= std::chrono::system_clock::now();
  }
  static grpc::Status ExpiredStatus() {
    return {grpc::StatusCode::DEADLINE_EXCEEDED, "the call's deadline passed (or it was cancelled) before it started"};
  }

  // A call that needs no session: runs on the pool.
  template <class Body>
  grpc::ServerUnaryReactor* OneShot(grpc::CallbackServerContext* ctx, const char* method, const grpc::ByteBuffer* req,
                                    grpc::ByteBuffer* resp, Body body) {
    auto* call = new Call;
    call->ctx = ctx;
    call->reactor = ctx->DefaultReactor();
    call->response = resp;
    call->method = method;
    grpc::ServerUnaryReactor* reactor = call->reactor;
    if (!Begin(call)) return reactor;
    call->request = Bytes(*req);
    const bool queued = pool_->TryPost([this, call, body]() mutable {
      std::string out;
      const grpc::Status status = Expired(*call) ? ExpiredStatus() : Guarded([&] { return body(*call, &out); });
      Finish(call, status, out);
    });
    if (!queued) Finish(call, grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy: too many calls queued"), "");
    return reactor;
  }

  // A call on one session: queued behind the session's earlier calls.
  template <class Request, class Body>
  grpc::ServerUnaryReactor* OnSession(grpc::CallbackServerContext* ctx, const char* method,
                                      const grpc::ByteBuffer* req, grpc::ByteBuffer* resp, Body body) {
    auto* call = new Call;
    call->ctx = ctx;
    call->reactor = ctx->DefaultReactor();
    call->response = resp;
    call->method = method;
    grpc::ServerUnaryReactor* reactor = call->reactor;
    if (!Begin(call)) return reactor;
    call->request = Bytes(*req);
    auto request = std::make_shared<Request>();
    const grpc::Status parsed = Guarded([&] {
      ParseMessage(call->request, FileFormat::kBinary, Request::descriptor()->name(), request.get());
      if (request->session_id().empty()) throw InvalidArgumentError("session_id: required");
      return grpc::Status::OK;
    });
    if (!parsed.ok()) {
      Finish(call, parsed, "");
      return reactor;
    }
    call->session_id = request->session_id();
    std::shared_ptr<SessionState> state = State(call->session_id);
    const bool queued = state->queue.TryPost([this, call, body, request, state]() mutable {
      std::string out;
      bool not_found = false;
      const grpc::Status status = Expired(*call) ? ExpiredStatus() : Guarded([&] {
        try {
          EnsureLoaded(call->session_id, *state);
        } catch (const NotFoundError&) {
          not_found = true;
          throw;
        }
        return body(*call, *request, *state, &out);
      });
      const bool deleted = status.ok() && std::string_view(call->method) == "DeleteSession";
      const std::string id = call->session_id;
      const bool loaded = state->matcher != nullptr;
      Finish(call, status, out);
      if (not_found || deleted) {
        Forget(id);
      } else if (loaded) {
        Touch(id);
      }
    });
    if (!queued) Finish(call, grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy: too many calls queued"), "");
    return reactor;
  }

  const ServerOptions& options_;
  SessionStore* store_;
  audit::AuditLog* audit_;
  WorkerPool* pool_;
  MatchOptions match_options_;
  std::mutex sessions_mu_;
  std::map<std::string, std::shared_ptr<SessionState>> sessions_;
  // Sessions holding their request in memory, most recently used first.
  std::list<std::string> lru_;
  std::map<std::string, std::list<std::string>::iterator> lru_index_;
};

}  // namespace

int RunServer(const ServerOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) throw IoError(options.data_dir + ": cannot create the data folder (" + ec.message() + ")");
  const std::filesystem::path dir(options.data_dir);
  // SIGTERM and SIGINT are taken by a thread of ours (sigwait); blocked
  // before any other thread starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<SessionStore> store;
  std::unique_ptr<audit::AuditLog> audit_log;
  try {
    store = std::make_unique<SessionStore>((dir / "sessions.sqlite").string());
    audit_log = std::make_unique<audit::AuditLog>((dir / "audit.jsonl").string());
  } catch (const std::runtime_error& e) {
    throw IoError(e.what());
  }
  int exit_code = 0;
  {
    WorkerPool pool(options.workers, options.max_queued);
    PasserelleService service(options, store.get(), audit_log.get(), &pool);
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    std::shared_ptr<grpc::ServerCredentials> credentials;
    if (!options.tls_cert.empty()) {
      grpc::SslServerCredentialsOptions ssl;
      ssl.pem_key_cert_pairs.push_back({options.tls_key, options.tls_cert});
      credentials = grpc::SslServerCredentials(ssl);
    } else {
      credentials = grpc::InsecureServerCredentials();
    }
    int port = 0;
    builder.AddListeningPort(options.listen, credentials, &port);
    builder.SetMaxReceiveMessageSize(static_cast<int>(options.max_request_bytes));
    builder.SetMaxSendMessageSize(std::numeric_limits<int>::max());
    builder.RegisterService(&service);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    if (!server || port == 0) throw IoError(options.listen + ": cannot listen");
    const std::string host = options.listen.substr(0, options.listen.rfind(':'));
    std::cerr << "{\"time\":" << audit::JsonString(audit::NowRfc3339()) << ",\"event\":\"listening\",\"address\":"
              << audit::JsonString(host + ":" + std::to_string(port)) << ",\"port\":" << port
              << ",\"tls\":" << (options.tls_cert.empty() ? "false" : "true")
              << ",\"auth\":" << (options.token.empty() ? "false" : "true") << ",\"workers\":" << options.workers
              << ",\"data_dir\":" << audit::JsonString(options.data_dir) << "}" << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cerr << "{\"time\":" << audit::JsonString(audit::NowRfc3339())
              << ",\"event\":\"stopping\",\"signal\":" << received << "}" << std::endl;
    // Refuses new calls, waits for those in flight (their reactors finish
    // on the pool), then the pool joins.
    server->Shutdown();
    server->Wait();
  }
  std::cerr << "{\"time\":" << audit::JsonString(audit::NowRfc3339()) << ",\"event\":\"stopped\"}" << std::endl;
  return exit_code;
}

}  // namespace passerelle::service
