// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include <asio/steady_timer.hpp>

#include "control_events.hpp"
#include "hub_types.hpp"
#include "service.hpp"
#include "tls_setup.hpp"

namespace lal::server {

/// Counters of the notifications, read from any thread (metrics).
struct notify_counters {
    std::atomic<std::uint64_t> sent{0};     ///< answered with 2xx
    std::atomic<std::uint64_t> failed{0};   ///< an error, a timeout or another status
    std::atomic<std::uint64_t> dropped{0};  ///< the queue was full
};

/// lal-Go's HTTP notify (http_notify): each event is a JSON POST to the URL
/// configured for it, with lal-Go's fields. Events are queued (at most
/// http_notify.queue_size; more are dropped, logged and counted) and sent one
/// at a time, in order, from worker 0 with http_notify.timeout_ms for each: a
/// slow or dead receiver delays only the notifications, never a session.
class notify_service final : public service,
                             public lal::hub::session_listener,
                             public control_events {
public:
    /// Listens to the session directory and the services' events (before serving).
    explicit notify_service(server_context& ctx);
    ~notify_service() override;

    std::string_view name() const noexcept override { return "http_notify"; }
    /// Nothing to bind; fails naming http_notify.ca_file when it does not load.
    std::string listen() override { return tls_.error; }
    /// Sends on_server_start and the first on_update, then on_update every update_interval_sec.
    void start() override;
    /// Stops the on_update timer and queues nothing more.
    void stop(bool abort) override;

    void on_session_start(const lal::hub::session_info& info) override;
    void on_session_stop(const lal::hub::session_info& info) override;
    void on_rtmp_connect(const rtmp_connect_info& info) override;
    void on_hls_make_ts(const hls_make_ts_info& info) override;
    void on_record_open(const record_file_info& info) override;
    void on_record_close(const record_file_info& info) override;

    /// Its counters.
    const notify_counters& counters() const noexcept { return counters_; }

private:
    struct pending {
        std::string event;
        std::string url;
        std::string body;
    };
    /// Queues one event for `url` (nothing when the URL is empty or stopping).
    void enqueue(const char* event, const std::string& url, std::string body);
    /// Queues the start or stop event of a session by its role (lal-Go's SessionEventCommonInfo).
    void session_event(const lal::hub::session_info& info, bool started);
    /// Sends the next queued event, if any; on worker 0.
    void send_next();
    void schedule_update();
    void send_update();

    server_context& ctx_;
    const config::http_notify_section& cfg_;
    server_tls tls_;  // https:// receivers: verified with http_notify.ca_file
    asio::steady_timer update_timer_;
    std::mutex mutex_;
    std::deque<pending> queue_;
    bool sending_ = false;
    bool stopping_ = false;
    notify_counters counters_;
};

}  // namespace lal::server
