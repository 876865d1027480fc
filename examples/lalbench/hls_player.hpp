// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/httpflv/url.hpp>

#include "player.hpp"
#include "ts_reader.hpp"

namespace lalbench {

/// An HLS player (RFC 8216) as a live client behaves: on one kept-alive
/// connection it GETs the media playlist, fetches each segment it has not
/// fetched yet once (on the first poll only the newest, where a live player
/// joins), then polls the playlist again after the target duration (half of
/// it when nothing changed, RFC 8216 6.3.4). Segment bodies go through
/// ts_reader for frames and stamps. Each player sends its own User-Agent, so
/// a server that tells HLS viewers apart by address and agent sees N viewers.
class hls_player final : public player {
public:
    hls_player(worker& w, const player_settings& settings, const lal::httpflv::url& url);

    void check(clock_type::time_point now) override;

private:
    enum class fetching { nothing, playlist, segment };

    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void get(const std::string& path, fetching what);
    void on_head(lal::byte_span head);
    void on_body(const lal::payload& body);
    void body_done();
    void on_playlist(std::string_view text);
    void next_request();

    const lal::httpflv::url& url_;
    std::string agent_;
    std::string base_;  // the playlist's folder, for relative segment URIs
    ts_reader ts_;
    fetching fetching_ = fetching::nothing;
    std::vector<std::byte> head_;    // a response head until complete
    bool in_body_ = false;
    std::uint64_t body_left_ = 0;
    std::string playlist_;
    // Segments listed and not fetched yet, by path; the highest sequence fetched.
    std::vector<std::string> queue_;
    std::optional<std::uint64_t> last_sequence_;
    bool changed_ = false;
    std::chrono::milliseconds target_{1000};
    std::optional<clock_type::time_point> next_poll_;
};

}  // namespace lalbench
