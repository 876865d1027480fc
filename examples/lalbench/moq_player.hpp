// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/h3/wt_client.hpp>
#include <lal/moqt/subscriber.hpp>
#include <lal/quic/connection.hpp>

#include "player.hpp"

namespace lalbench {

/// Where a MoQT player plays: moq://host:quic_port/app/stream.
struct moq_target {
    std::string host;
    std::uint16_t port = 0;
    std::string app;
    std::string stream;
};

/// Reads moq://host:port/app/stream (the port is required: the server's QUIC
/// port); nullopt for anything else.
std::optional<moq_target> parse_moq_target(std::string_view text);

/// A MoQT player (draft-ietf-moq-transport-20 over WebTransport): one
/// connected UDP socket, a QUIC client connection (lal::quic, ALPN h3, the
/// server's certificate not checked), HTTP/3 with an extended CONNECT to
/// /moq (lal::h3::wt_client), then MoQT SETUP and SUBSCRIBE to the
/// broadcast (app, stream.msf)'s catalog, video and audio tracks
/// (lal::moqt::subscriber). A video object's payload is a QUIC varint time
/// then the AVC frame (length-prefixed NAL units), shown to the stamp reader
/// in FLV form; each audio object is an audio frame. Play start is the
/// video SUBSCRIBE_OK. QUIC timers run from connection::expiry().
class moq_player final : public player {
public:
    moq_player(worker& w, const player_settings& settings, const moq_target& target);
    ~moq_player() override;

    /// Reads the UDP socket's datagrams into the QUIC connection.
    void on_readable() override;
    /// Says which step stalled when the connect timeout passes.
    void check(clock_type::time_point now) override;

private:
    enum class step { handshake, connect, setup, subscribe, media };

    void open() override;
    void close_transport() override;
    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void on_quic_events();
    void on_wt_events();
    void on_moq_events();
    void on_answered(const lal::h3::wt_event::answered& a);
    void on_object(const lal::moqt::subscriber_event::object& o);
    void subscribe_all();
    std::optional<std::int64_t> open_stream(bool bidirectional, const char* what);
    void flush();
    void arm_timer();
    void send_datagram(lal::byte_span bytes);
    const char* step_text() const noexcept;

    const moq_target target_;
    asio::ip::udp::socket udp_;
    asio::steady_timer timer_;
    lal::quic::timestamp timer_at_ = lal::quic::no_expiry;  // the expiry the timer waits for
    bool udp_watched_ = false;
    lal::quic::endpoint remote_;
    std::unique_ptr<lal::quic::connection> conn_;
    std::unique_ptr<lal::h3::wt_client> wt_;
    lal::moqt::subscriber moq_;
    step step_ = step::handshake;
    std::optional<std::uint64_t> catalog_, video_, audio_;  // Request IDs
    std::vector<std::byte> buffer_;  // one datagram
    std::vector<std::byte> prefix_;
};

}  // namespace lalbench
