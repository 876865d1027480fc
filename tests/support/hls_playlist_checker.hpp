// SPDX-License-Identifier: MIT
// Checks successive fetches of one HLS media playlist against RFC 8216: each
// fetch alone (hls_playlist.hpp) and each against what earlier fetches
// showed (sequence numbers, discontinuity sequence, ENDLIST, target duration).
// Any HLS test can feed it every playlist it fetches.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hls_playlist.hpp"

namespace lal::test::hls {

/// RFC 8216 rules across fetches of the same media playlist.
class playlist_checker {
public:
    /// Rules that real servers bend, each on or off.
    struct settings {
        /// Accept EXT-X-TARGETDURATION increases (never decreases); RFC 8216
        /// 6.2.1 forbids any change, nginx-rtmp and lal raise it for long GOPs.
        bool target_may_grow = false;
        /// RFC 8216 6.2.2: after a removal what stays lasts three target durations.
        bool three_target_rule = true;
    };

    playlist_checker() = default;
    /// A checker with some rules relaxed.
    explicit playlist_checker(settings s) : settings_(s) {}

    /// Checks one fetch; returns every rule it breaks (empty when none), each
    /// naming its RFC 8216 section.
    std::vector<std::string> check(std::string_view text) {
        std::vector<std::string> problems;
        auto now = parse_media_playlist(text, problems);
        if (previous_) compare(*previous_, now, text, problems);
        for (const auto& s : now.segments) {
            if (!history_.count(s.sequence)) history_.emplace(s.sequence, s);
            uri_sequence_.emplace(s.uri, s.sequence);
        }
        previous_ = std::move(now);
        previous_text_ = std::string(text);
        ++fetches_;
        return problems;
    }

    /// The last playlist checked.
    const media_playlist& last() const { return *previous_; }
    /// How many fetches were checked.
    std::size_t fetches() const { return fetches_; }
    /// Every segment seen so far, by media sequence number.
    const std::map<std::uint64_t, playlist_segment>& history() const { return history_; }

private:
    void compare(const media_playlist& before, const media_playlist& now, std::string_view text,
                 std::vector<std::string>& problems) {
        auto fail = [&](std::string what) { problems.push_back(std::move(what)); };
        // RFC 8216 6.2.1: once EXT-X-ENDLIST is there the playlist never changes.
        if (before.ended) {
            if (!now.ended) {
                fail("6.2.1: EXT-X-ENDLIST was removed");
            } else if (text != previous_text_) {
                fail("6.2.1: the playlist changed after EXT-X-ENDLIST");
            }
        }
        if (before.type == "VOD" && text != previous_text_) fail("4.3.3.5: a VOD playlist changed");
        if (before.type == "EVENT") {
            if (now.media_sequence != before.media_sequence) fail("4.3.3.5: segments removed from an EVENT playlist");
            if (now.type != "EVENT" && !(now.type == "VOD" && now.ended)) {
                fail("4.3.3.5: an EVENT playlist became '" + now.type + "'");
            }
        } else if (before.type.empty() && !now.type.empty()) {
            fail("4.3.3.5: EXT-X-PLAYLIST-TYPE appeared in a live playlist");
        }
        if (now.version != before.version) {
            fail("4.3.1.2: EXT-X-VERSION changed from " + std::to_string(before.version) + " to " +
                 std::to_string(now.version));
        }
        if (before.target_duration && now.target_duration && *now.target_duration != *before.target_duration) {
            if (!settings_.target_may_grow || *now.target_duration < *before.target_duration) {
                fail("6.2.1: EXT-X-TARGETDURATION changed from " + std::to_string(*before.target_duration) + " to " +
                     std::to_string(*now.target_duration));
            }
        }
        // RFC 8216 6.2.1/6.2.2: a sequence number always names the same segment,
        // and the window only loses whole segments at its head.
        if (now.media_sequence < before.media_sequence) {
            fail("6.2.2: EXT-X-MEDIA-SEQUENCE went back from " + std::to_string(before.media_sequence) + " to " +
                 std::to_string(now.media_sequence));
        }
        for (const auto& s : now.segments) {
            if (auto it = history_.find(s.sequence); it != history_.end()) {
                const auto& old = it->second;
                if (old.uri != s.uri || old.duration_text != s.duration_text || old.discontinuity != s.discontinuity ||
                    (!old.program_date_time.empty() && old.program_date_time != s.program_date_time)) {
                    fail("6.2.1: segment " + std::to_string(s.sequence) + " changed (" + old.uri + " " +
                         old.duration_text + (old.discontinuity ? " discontinuity" : "") + " -> " + s.uri + " " +
                         s.duration_text + (s.discontinuity ? " discontinuity" : "") + ")");
                }
            }
            if (auto it = uri_sequence_.find(s.uri); it != uri_sequence_.end() && it->second != s.sequence) {
                fail("6.2.1: " + s.uri + " was segment " + std::to_string(it->second) + ", now " +
                     std::to_string(s.sequence));
            }
        }
        // RFC 8216 6.2.2: each removed segment that carried EXT-X-DISCONTINUITY
        // adds one to EXT-X-DISCONTINUITY-SEQUENCE.
        if (now.discontinuity_sequence < before.discontinuity_sequence) {
            fail("6.2.2: EXT-X-DISCONTINUITY-SEQUENCE went back");
        } else if (now.media_sequence >= before.media_sequence) {
            std::uint64_t removed_discontinuities = 0;
            bool all_known = true;
            for (auto seq = before.media_sequence; seq < now.media_sequence; ++seq) {
                auto it = history_.find(seq);
                if (it == history_.end()) {
                    all_known = false;
                    // A client that fetched too rarely: the rest is unknown.
                    if (seq - before.media_sequence > 100000) break;
                    continue;
                }
                if (it->second.discontinuity) ++removed_discontinuities;
            }
            const auto expected = before.discontinuity_sequence + removed_discontinuities;
            if (all_known ? now.discontinuity_sequence != expected : now.discontinuity_sequence < expected) {
                fail("6.2.2: EXT-X-DISCONTINUITY-SEQUENCE is " + std::to_string(now.discontinuity_sequence) +
                     ", expected " + std::to_string(expected));
            }
        }
        if (settings_.three_target_rule && now.media_sequence > before.media_sequence && now.target_duration &&
            now.duration_s() < 3.0 * static_cast<double>(*now.target_duration) - 1e-9) {
            fail("6.2.2: segments removed leaving " + std::to_string(now.duration_s()) +
                 " s, under three target durations");
        }
    }

    settings settings_{};
    std::optional<media_playlist> previous_;
    std::string previous_text_;
    std::map<std::uint64_t, playlist_segment> history_;
    std::map<std::string, std::uint64_t> uri_sequence_;
    std::size_t fetches_ = 0;
};

}  // namespace lal::test::hls
