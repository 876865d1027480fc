// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/message.hpp>
#include <lal/rtmp_asio/url.hpp>

#include "player.hpp"

namespace lalbench {

/// An RTMP player that costs little more than its reads: plain handshake,
/// connect, createStream, play (RTMP spec 5.2, 7.2.1.1, 7.2.1.3, 7.2.2.1),
/// then lal::rtmp::chunk_decoder in its zero-copy mode: a message that lies
/// whole in one chunk of a read is a slice of it, and nothing is kept once
/// looked at. It answers pings and sends acknowledgements (spec 5.4.3, 7.1.7)
/// as servers expect.
class rtmp_player final : public player {
public:
    rtmp_player(worker& w, const player_settings& settings, const lal::rtmp_asio::rtmp_url& url);

private:
    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void on_message(const lal::rtmp::message& m);
    void on_command(const lal::rtmp::message& m);
    void send_message(const lal::rtmp::message& msg);

    const lal::rtmp_asio::rtmp_url& url_;
    std::unique_ptr<lal::rtmp::client_handshake> handshake_;  // freed once done
    lal::rtmp::chunk_decoder decoder_;
    lal::rtmp::ack_window acks_;
    std::uint32_t stream_id_ = 0;
    std::uint64_t bytes_in_ = 0;  // every byte received, handshake included (RTMP spec 5.4.3)
    std::vector<std::byte> out_;  // scratch for encoding what we send
};

}  // namespace lalbench
