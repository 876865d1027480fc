// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct redisContext;

namespace lal::server {

/// One Redis answer, reduced to what the cluster registry reads.
struct redis_reply {
    bool ok = false;          ///< false: not sent, no answer in time, or a Redis error
    std::string error;        ///< why, when !ok
    bool nil = false;         ///< a nil bulk string (GET of a missing key)
    std::string text;         ///< a bulk or status string
    long long integer = 0;    ///< an integer reply
    bool is_integer = false;  ///< the reply was an integer
};

/// A Redis client (hiredis, blocking calls) on a thread of its own, so no
/// worker ever waits for the registry. Commands queue (bounded) and run in
/// order, each bounded by `timeout`; a lost connection is made again on the
/// next command, at most once per `timeout`, and commands fail fast meanwhile.
/// Callbacks run on the client's thread: post to a worker from them.
class redis_client {
public:
    /// Starts the thread; connects lazily.
    redis_client(std::string host, std::uint16_t port, std::chrono::milliseconds timeout, std::size_t max_queue = 4096);
    /// Runs what is queued (each still bounded by the timeout), then joins.
    ~redis_client();
    redis_client(const redis_client&) = delete;
    redis_client& operator=(const redis_client&) = delete;

    /// Queues `argv`; `done` runs once with the answer (at once with an error
    /// when the queue is full).
    void run(std::vector<std::string> argv, std::function<void(redis_reply)> done);

private:
    struct job {
        std::vector<std::string> argv;
        std::function<void(redis_reply)> done;
    };
    void loop();
    redis_reply execute(const std::vector<std::string>& argv);
    bool connect();
    void drop_connection(const std::string& why);

    const std::string host_;
    const std::uint16_t port_;
    const std::chrono::milliseconds timeout_;
    const std::size_t max_queue_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> jobs_;
    bool stopping_ = false;
    // Only on the client's thread:
    redisContext* ctx_ = nullptr;
    bool down_ = false;  // logged as unreachable, not yet back
    std::chrono::steady_clock::time_point last_attempt_{};
    std::thread thread_;
};

}  // namespace lal::server
