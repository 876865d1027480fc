// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <srt/srt.h>

#include "player.hpp"
#include "ts_reader.hpp"

namespace lalbench {

/// Where an SRT player connects and the stream id it sends.
struct srt_target {
    std::string host;
    std::uint16_t port = 0;
    std::string stream_id;  ///< SRTO_STREAMID, e.g. "#!::r=live/test,m=request"
};

/// Reads srt://host:port?streamid=ID (ffmpeg's form) or srt://host:port/app/stream
/// (asks for "#!::r=app/stream,m=request", SRT's AccessControl.md); nullopt otherwise.
std::optional<srt_target> parse_srt_target(std::string_view text);

/// An SRT player (libsrt, live mode, caller): it connects with the stream id
/// and reads the server's MPEG-TS messages through ts_reader. Play start is
/// the connection itself (SRT has no play command). Sockets are non-blocking
/// and polled by one SRT epoll per worker, drained every millisecond on the
/// worker's own thread while players are there, so no thread is added.
class srt_player final : public player {
public:
    srt_player(worker& w, const player_settings& settings, const srt_target& target);
    ~srt_player() override;

    /// Readable: takes every message waiting.
    void on_readable() override;
    /// The poller saw the connection up, or failed.
    void on_writable();
    void on_error();

private:
    void open() override;
    void close_transport() override;
    void on_connected() override;
    void on_input(const lal::payload& in) override;

    const srt_target target_;
    SRTSOCKET socket_ = SRT_INVALID_SOCK;
    bool up_ = false;
    ts_reader ts_;
};

}  // namespace lalbench
