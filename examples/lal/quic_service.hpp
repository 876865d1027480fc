// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <asio/ip/udp.hpp>

#include <lal/hub/observer.hpp>
#include <lal/quic/router.hpp>

#include "quic_session.hpp"
#include "service.hpp"

namespace lal::server {

/// Counters of the QUIC listener, read from any thread.
struct quic_counters {
    std::atomic<std::uint64_t> datagrams_in{0};
    std::atomic<std::uint64_t> datagrams_dropped{0};   ///< garbage, unknown IDs, over max_sessions
    std::atomic<std::uint64_t> send_failures{0};       ///< sendto errors (full socket buffer)
};

/// HTTP/3 and WebTransport (quic.enable): every QUIC connection shares one
/// UDP socket (quic.addr), read on worker 0 and routed by Destination
/// Connection ID; each connection lives on one worker (round robin), where
/// its datagrams are posted, like an RTMP session. One certificate (quic.
/// cert_file, or default_http's) serves them all. A WebTransport CONNECT to
/// /moq with protocol moqt-20 gets a MoQT session. A hub observer: streams
/// starting and stopping are passed to every MoQT session (discovery).
class quic_service final : public service, private quic_host, private lal::hub::observer {
public:
    explicit quic_service(server_context& ctx);
    ~quic_service() override;

    std::string_view name() const noexcept override { return "quic"; }
    /// Loads the certificate (naming the file that fails) and binds quic.addr (UDP).
    std::string listen() override;
    /// Starts reading datagrams.
    void start() override;
    /// Closes every connection on its worker and stops reading.
    void stop(bool abort) override;
    /// Its counters.
    const quic_counters& counters() const noexcept { return counters_; }

private:
    // ---- quic_host ----
    void send(byte_span payload, const quic::endpoint& to) override;
    void ids_changed(std::uint64_t handle, const std::vector<quic::connection_id>& added,
                     const std::vector<quic::connection_id>& retired) override;
    void finished(std::uint64_t handle) override;

    // ---- lal::hub::observer ----
    void on_publish_start(const stream_key& key, const lal::hub::publisher_sink& publisher,
                          std::string_view query) override;
    void on_publish_stop(const stream_key& key) override;
    void stream_live(const stream_key& key, bool live);

    void receive();
    void on_datagram(byte_span bytes, const quic::endpoint& from);

    server_context& ctx_;
    std::shared_ptr<const quic::credentials> creds_;
    quic::options options_;
    asio::ip::udp::socket socket_;
    quic::endpoint local_{};
    std::array<std::byte, 2048> buffer_{};
    asio::ip::udp::endpoint from_;
    quic_counters counters_;
    // The router and the sessions by handle: read on worker 0, changed by every worker.
    std::mutex mutex_;
    quic::router router_;
    std::unordered_map<std::uint64_t, std::shared_ptr<quic_session>> sessions_;
    std::uint64_t next_handle_ = 1;
    std::size_t next_worker_ = 0;
    bool stopping_ = false;
};

}  // namespace lal::server
