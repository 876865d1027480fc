// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <lal/http/request.hpp>

#include "hub_types.hpp"
#include "server_context.hpp"

namespace lal::server {

class hls_viewer;

/// HLS viewers as sessions, the way lal-Go keeps them: HTTP requests carry no
/// session, so a viewer is known by a hash of hls.sub_session_hash_key, the
/// client's IP address (not its port: players open several connections) and
/// its User-Agent, per stream. The first playlist request of a viewer goes
/// through the hub's admission checks (simple_auth.hls_m3u8_enable,
/// hooks.on_play, the IP blacklist); an admitted viewer becomes a session of
/// the session directory (protocol "HLS", role "SUB": API, notify, metrics)
/// on the worker that took that request, and ends after
/// hls.sub_session_timeout_ms without a request.
class hls_viewers {
public:
    /// What a playlist request gets once decided: the viewer (null when refused) and the decision.
    using decided = std::function<void(hls_viewer* viewer, const admission_result& r)>;

    explicit hls_viewers(server_context& ctx);
    ~hls_viewers();
    hls_viewers(const hls_viewers&) = delete;
    hls_viewers& operator=(const hls_viewers&) = delete;

    /// The viewer hash of a request from `remote` (lal-Go's sub session hash).
    std::string identity(const http::request& req, const asio::ip::tcp::endpoint& remote) const;

    /// A playlist request of stream `key` on worker `worker`: the viewer's
    /// session if it has one, else admission first. `done` runs on `worker`
    /// (maybe before this returns); `viewer` stays valid during the call.
    void on_playlist(const http::request& req, const asio::ip::tcp::endpoint& remote, const stream_key& key,
                     std::size_t worker, decided done);
    /// A segment request of stream `stream_name`: the viewer's session when
    /// it has one (its idle time restarts); null otherwise.
    std::shared_ptr<hls_viewer> on_segment(const http::request& req, const asio::ip::tcp::endpoint& remote,
                                           std::string_view stream_name);
    /// True when viewers need admission (a segment without a session is refused then).
    bool admission_needed() const noexcept;

    /// Ends every viewer on its worker (on_sub_stop goes out).
    void stop();
    /// Viewers now.
    std::size_t size() const;

private:
    friend class hls_viewer;
    std::shared_ptr<hls_viewer> find(const std::string& slot) const;
    /// Adds an admitted viewer (on `worker`), or returns the one a concurrent request added.
    std::shared_ptr<hls_viewer> add(const std::string& slot, const http::request& req,
                                    const asio::ip::tcp::endpoint& remote, const stream_key& key, std::size_t worker);
    /// Drops `v` from the table if it is still there.
    void forget(const hls_viewer& v);

    server_context& ctx_;
    mutable std::mutex mutex_;
    // By identity + '\n' + stream name.
    std::unordered_map<std::string, std::shared_ptr<hls_viewer>> viewers_;
};

/// One HLS viewer session. Counters are atomics: requests of the same viewer
/// may arrive on any worker; the directory and the idle timer use only `worker`.
class hls_viewer final : public lal::hub::described_session, public std::enable_shared_from_this<hls_viewer> {
public:
    hls_viewer(hls_viewers& owner, std::string slot, stream_key key, const http::request& req, std::string remote,
               std::size_t worker);

    /// A request of this viewer: restarts its idle time and counts `bytes` sent.
    void touch(std::size_t bytes) noexcept;
    /// Adds it to the session directory and starts its idle timer (on its worker).
    void begin();
    /// Leaves the directory and the table once (on its worker); `why` is for the log.
    void end(std::string_view why);

    lal::hub::session_info describe() const override;
    void kick(std::string_view reason) override;

    /// Its table key (identity and stream).
    const std::string& slot() const noexcept { return slot_; }
    /// The worker its session lives on.
    std::size_t worker() const noexcept { return worker_; }

private:
    void arm_idle_timer(std::chrono::milliseconds after);

    hls_viewers& owner_;
    std::string slot_;
    std::string id_;
    stream_key key_;
    std::string url_;
    std::string query_;
    std::string remote_;
    std::size_t worker_;
    std::int64_t start_unix_ms_;
    asio::steady_timer idle_timer_;
    std::atomic<std::uint64_t> wrote_{0};
    std::atomic<std::int64_t> last_seen_ms_;
    bool in_directory_ = false;  // on worker_ only
};

}  // namespace lal::server
