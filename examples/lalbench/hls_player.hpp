// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/httpflv/url.hpp>

#include "player.hpp"
#include "fmp4_reader.hpp"
#include "ts_reader.hpp"

namespace lalbench {

/// An HLS player (RFC 8216) as a live client behaves: on one kept-alive
/// connection it GETs the media playlist, fetches each segment it has not
/// fetched yet once (on the first poll only the newest, where a live player
/// joins), then polls the playlist again after the target duration (half of
/// it when nothing changed, RFC 8216 6.3.4). Segment bodies go through
/// ts_reader (MPEG-TS) or, after the EXT-X-MAP init segment, fmp4_reader for
/// frames and stamps. A Low-Latency HLS playlist (RFC 8216bis: parts and
/// CAN-BLOCK-RELOAD) is played as hls.js does in low-latency mode: each new
/// part is fetched once, starting at the newest independent part, and the
/// playlist is asked again at once with _HLS_msn/_HLS_part for the next part,
/// a request the server holds until that part exists. Each player sends its
/// own User-Agent, so a server that tells HLS viewers apart by address and
/// agent sees N viewers.
class hls_player final : public player {
public:
    hls_player(worker& w, const player_settings& settings, const lal::httpflv::url& url);

    void check(clock_type::time_point now) override;

private:
    enum class fetching { nothing, playlist, init, segment };
    /// A part's place: media sequence number and index in its segment.
    struct part_id {
        std::uint64_t msn = 0;
        std::uint32_t index = 0;
        auto operator<=>(const part_id&) const = default;
    };

    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void get(const std::string& path, fetching what);
    void on_head(lal::byte_span head);
    void on_body(const lal::payload& body);
    void body_done();
    void on_playlist(std::string_view text);
    /// The server path of a playlist URI (absolute URL, absolute path, or relative to the playlist).
    std::string resolve(std::string_view uri) const;
    bool on_low_latency_playlist(std::string_view text);
    void next_request();

    const lal::httpflv::url& url_;
    std::string agent_;
    std::string base_;  // the playlist's folder, for relative segment URIs
    ts_reader ts_;
    fmp4_reader fmp4_;
    std::string map_uri_;              // EXT-X-MAP: fMP4 media, the init segment's path
    std::vector<std::byte> media_;     // an fMP4 body until complete (read whole)
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
    // Low-Latency HLS: the last part fetched, and whether its segment was complete then.
    std::optional<part_id> last_part_;
    bool last_part_closes_segment_ = false;
    bool low_latency_ = false;
};

}  // namespace lalbench
