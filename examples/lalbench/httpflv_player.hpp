// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/flv/reader.hpp>
#include <lal/httpflv/chunked.hpp>
#include <lal/http/websocket_decoder.hpp>
#include <lal/httpflv/url.hpp>

#include "player.hpp"
#include "ts_reader.hpp"

namespace lalbench {

/// An HTTP-FLV player: GET, a 200 head read with lal::httpflv's response
/// parser, then the body (close-delimited, sized or chunked, RFC 9112 6.3,
/// 7.1) read by lal::flv::reader in its zero-copy mode: a tag that lies whole
/// in a read is a slice of it, and nothing is kept once looked at. A URL
/// ending in `.ts` is HTTP-TS: the body goes through ts_reader instead. With
/// `websocket` the GET asks for an upgrade (WS-FLV, WS-TS, RFC 6455) and the
/// stream arrives as binary messages, read by lal::http's message_reader.
class httpflv_player final : public player {
public:
    httpflv_player(worker& w, const player_settings& settings, const lal::httpflv::url& url, bool websocket = false);

private:
    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void on_head(lal::byte_span head);
    void on_body(const lal::payload& in);
    void read_tags(const lal::payload& flv);

    const lal::httpflv::url& url_;
    std::vector<std::byte> head_;  // response head until complete; freed then
    bool streaming_ = false;
    std::optional<lal::httpflv::chunk_decoder> chunks_;
    std::optional<std::uint64_t> body_left_;  // for a Content-Length body
    lal::flv::reader reader_;
    std::optional<ts_reader> ts_;  // HTTP-TS
    std::string ws_key_;           // WebSocket: the handshake's key, empty otherwise
    std::optional<lal::http::ws::message_reader> ws_;
};

}  // namespace lalbench
