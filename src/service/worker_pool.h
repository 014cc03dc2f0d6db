// A bounded pool of worker threads, and serial queues on top of it.
//
// `WorkerPool` runs tasks on a fixed number of threads; at most
// `max_queued` tasks wait, beyond which `TryPost` refuses (the service
// answers RESOURCE_EXHAUSTED). `SerialQueue` runs its tasks one at a time in
// the order they were posted, on the pool: calls on one session are in
// order, different sessions run in parallel.
#ifndef PASSERELLE_SRC_SERVICE_WORKER_POOL_H_
#define PASSERELLE_SRC_SERVICE_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace passerelle::service {

class WorkerPool {
 public:
  WorkerPool(int workers, int max_queued);
  // Runs what is queued, then joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (and `task` dropped) when `max_queued` wait already.
  bool TryPost(std::function<void()> task);

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

class SerialQueue {
 public:
  explicit SerialQueue(WorkerPool* pool) : pool_(pool) {}
  // Queues `task` after the ones before it; false when the pool is full.
  bool TryPost(std::function<void()> task);

 private:
  void Drain();

  WorkerPool* pool_;
  std::mutex mu_;
  std::deque<std::function<void()>> queue_;
  bool running_ = false;
};

}  // namespace passerelle::service

#endif  // PASSERELLE_SRC_SERVICE_WORKER_POOL_H_
