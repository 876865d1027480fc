// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

namespace lal::http_asio {
class server_connection;
}

namespace lal::server {

/// What a held LL-HLS request waits for (RFC 8216bis 6.2.5.2, 4.4.5.3).
struct hls_wait {
    /// `_HLS_msn`: the media sequence number of the segment asked for.
    std::uint64_t msn = 0;
    /// `_HLS_part`: the part of that segment, if asked.
    std::optional<std::uint32_t> part;
    /// Not empty: a preload-hinted part requested before it exists, by name.
    std::string part_name;
};

/// The requests of one HLS stream held for a future playlist or part
/// (blocking playlist reload), without holding a thread: each is a pending
/// answer of its connection plus a timer on the connection's worker. The
/// stream calls wake() after its playlist changed (from its own worker); the
/// ready ones are answered on their own worker. A request whose timer runs
/// out is answered by its `answer(conn, true)`; one whose client left is
/// dropped at the next wake() (its connection is not kept alive meanwhile).
/// At most `max_held` requests per stream; thread-safe.
class hls_held {
public:
    /// Answers a held request on its worker: `timed_out` false when ready (or the stream ended).
    using answer_fn = std::function<void(const std::shared_ptr<http_asio::server_connection>&, bool timed_out)>;

    /// Held requests per stream: enough for a thousand players on one stream;
    /// past it a request gets 503 at once.
    static constexpr std::size_t max_held = 4096;

    /// Holds the request being handled on `conn` until wake() finds it ready or
    /// `timeout` passes; false (nothing held) when max_held are held already.
    bool hold(hls_wait want, const std::shared_ptr<http_asio::server_connection>& conn,
              std::chrono::milliseconds timeout, answer_fn answer);
    /// Answers the held requests `ready(want)` accepts, on their workers, and
    /// forgets those answered, timed out or whose client left.
    void wake(const std::function<bool(const hls_wait&)>& ready);
    /// Answers every held request (the stream ended or went away).
    void wake_all() {
        wake([](const hls_wait&) { return true; });
    }
    /// Requests held now (some may have just timed out).
    std::size_t size() const;

private:
    struct waiter;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<waiter>> waiters_;
};

}  // namespace lal::server
