// SPDX-License-Identifier: MIT
// A media playlist parser for tests (RFC 8216 4.3): reads the tags a media
// playlist of lal or another server carries and reports what breaks the
// syntax rules of one playlist. hls_playlist_checker.hpp applies the rules
// that span successive fetches.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lal::test::hls {

/// One listed media segment.
struct playlist_segment {
    std::string uri;
    /// EXTINF duration in seconds and as written.
    double duration_s = 0;
    std::string duration_text;
    /// Preceded by EXT-X-DISCONTINUITY.
    bool discontinuity = false;
    /// EXT-X-PROGRAM-DATE-TIME value, empty when absent.
    std::string program_date_time;
    /// Media sequence number: EXT-X-MEDIA-SEQUENCE plus its index (RFC 8216 6.3.2 would say "implied").
    std::uint64_t sequence = 0;
};

/// A parsed media playlist.
struct media_playlist {
    int version = 1;  ///< RFC 8216 4.3.1.2: 1 when the tag is absent
    bool has_version = false;
    std::optional<std::int64_t> target_duration;
    std::uint64_t media_sequence = 0;
    std::uint64_t discontinuity_sequence = 0;
    std::string type;  ///< "", "EVENT" or "VOD"
    bool ended = false;
    std::vector<playlist_segment> segments;

    /// Sum of the EXTINF durations in seconds.
    double duration_s() const {
        double d = 0;
        for (const auto& s : segments) d += s.duration_s;
        return d;
    }
};

namespace detail {

inline std::optional<std::uint64_t> parse_integer(std::string_view s) {
    // RFC 8216 4.2: decimal-integer, 0 to 2^64-1, digits only.
    if (s.empty() || s.size() > 19) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

inline std::optional<double> parse_decimal(std::string_view s) {
    // RFC 8216 4.2: decimal-floating-point, digits with an optional fraction, not negative.
    if (s.empty() || s.size() > 30) return std::nullopt;
    bool dot = false, digit = false;
    for (char c : s) {
        if (c == '.' && !dot) {
            dot = true;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            return std::nullopt;
        }
    }
    if (!digit) return std::nullopt;
    return std::strtod(std::string(s).c_str(), nullptr);
}

// RFC 8216 4.3.2.6 / ISO 8601: YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm)
inline bool is_date_time(std::string_view s) {
    auto digits = [&](std::size_t at, std::size_t n) {
        if (at + n > s.size()) return false;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
        }
        return true;
    };
    if (!(digits(0, 4) && s.size() > 19 && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2) &&
          s[10] == 'T' && digits(11, 2) && s[13] == ':' && digits(14, 2) && s[16] == ':' && digits(17, 2))) {
        return false;
    }
    std::size_t at = 19;
    if (s[at] == '.') {
        ++at;
        const std::size_t start = at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
        if (at == start) return false;
    }
    const auto zone = s.substr(at);
    if (zone == "Z") return true;
    return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(at + 1, 2) && zone[3] == ':' &&
           digits(at + 4, 2);
}

}  // namespace detail

/// Parses `text` as a media playlist; every rule of a single playlist it
/// breaks is appended to `problems` (with the RFC 8216 section).
inline media_playlist parse_media_playlist(std::string_view text, std::vector<std::string>& problems) {
    media_playlist p;
    auto fail = [&](std::string what) { problems.push_back(std::move(what)); };
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at < text.size();) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        at = end + 1;
    }
    if (lines.empty() || lines.front() != "#EXTM3U") {
        fail("4.3.1.1: the first line is not #EXTM3U");
        return p;
    }
    bool pending_extinf = false, pending_discontinuity = false, saw_media_sequence = false,
         saw_discontinuity_sequence = false, saw_discontinuity = false;
    std::string pending_date;
    playlist_segment next;
    bool decimal_durations = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto line = lines[i];
        if (line.empty()) continue;
        if (p.ended) {
            fail("4.3.3.4: line after EXT-X-ENDLIST: " + std::string(line));
            continue;
        }
        auto value_of = [&](std::string_view tag) -> std::optional<std::string_view> {
            if (line.substr(0, tag.size()) == tag) return line.substr(tag.size());
            return std::nullopt;
        };
        if (auto v = value_of("#EXT-X-VERSION:")) {
            auto n = detail::parse_integer(*v);
            if (p.has_version) fail("4.3.1.2: more than one EXT-X-VERSION");
            if (!n || *n == 0) fail("4.3.1.2: bad EXT-X-VERSION " + std::string(*v));
            p.has_version = true;
            p.version = n ? static_cast<int>(*n) : 0;
        } else if (auto v2 = value_of("#EXT-X-TARGETDURATION:")) {
            auto n = detail::parse_integer(*v2);
            if (p.target_duration) fail("4.3.3.1: more than one EXT-X-TARGETDURATION");
            if (!n) fail("4.3.3.1: EXT-X-TARGETDURATION is not a decimal-integer: " + std::string(*v2));
            p.target_duration = n ? static_cast<std::int64_t>(*n) : 0;
        } else if (auto v3 = value_of("#EXT-X-MEDIA-SEQUENCE:")) {
            auto n = detail::parse_integer(*v3);
            if (saw_media_sequence) fail("4.3.3.2: more than one EXT-X-MEDIA-SEQUENCE");
            if (!p.segments.empty() || pending_extinf) fail("4.3.3.2: EXT-X-MEDIA-SEQUENCE after the first segment");
            if (!n) fail("4.3.3.2: bad EXT-X-MEDIA-SEQUENCE " + std::string(*v3));
            saw_media_sequence = true;
            p.media_sequence = n.value_or(0);
        } else if (auto v4 = value_of("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
            auto n = detail::parse_integer(*v4);
            if (saw_discontinuity_sequence) fail("4.3.3.3: more than one EXT-X-DISCONTINUITY-SEQUENCE");
            if (!p.segments.empty() || pending_extinf || saw_discontinuity) {
                fail("4.3.3.3: EXT-X-DISCONTINUITY-SEQUENCE after a segment or a discontinuity");
            }
            if (!n) fail("4.3.3.3: bad EXT-X-DISCONTINUITY-SEQUENCE " + std::string(*v4));
            saw_discontinuity_sequence = true;
            p.discontinuity_sequence = n.value_or(0);
        } else if (auto v5 = value_of("#EXT-X-PLAYLIST-TYPE:")) {
            if (*v5 != "EVENT" && *v5 != "VOD") fail("4.3.3.5: bad EXT-X-PLAYLIST-TYPE " + std::string(*v5));
            if (!p.type.empty()) fail("4.3.3.5: more than one EXT-X-PLAYLIST-TYPE");
            p.type = std::string(*v5);
        } else if (line == "#EXT-X-ENDLIST") {
            if (pending_extinf) fail("4.3.2.1: EXTINF without a URI before EXT-X-ENDLIST");
            p.ended = true;
        } else if (line == "#EXT-X-DISCONTINUITY") {
            saw_discontinuity = true;
            pending_discontinuity = true;
        } else if (auto v6 = value_of("#EXT-X-PROGRAM-DATE-TIME:")) {
            if (!detail::is_date_time(*v6)) fail("4.3.2.6: bad EXT-X-PROGRAM-DATE-TIME " + std::string(*v6));
            pending_date = std::string(*v6);
        } else if (auto v7 = value_of("#EXTINF:")) {
            if (pending_extinf) fail("4.3.2.1: two EXTINF for one segment");
            const auto comma = v7->find(',');
            const auto number = v7->substr(0, comma);
            auto d = detail::parse_decimal(number);
            if (!d) fail("4.3.2.1: bad EXTINF duration " + std::string(number));
            if (number.find('.') != std::string_view::npos) decimal_durations = true;
            next = {};
            next.duration_s = d.value_or(0);
            next.duration_text = std::string(number);
            pending_extinf = true;
        } else if (line.front() == '#') {
            // RFC 8216 4.1: unknown tags and comments are ignored.
        } else {
            if (!pending_extinf) fail("4.3.2.1: segment URI without EXTINF: " + std::string(line));
            next.uri = std::string(line);
            next.discontinuity = std::exchange(pending_discontinuity, false);
            next.program_date_time = std::exchange(pending_date, {});
            next.sequence = p.media_sequence + p.segments.size();
            p.segments.push_back(std::move(next));
            next = {};
            pending_extinf = false;
        }
    }
    if (pending_extinf) fail("4.3.2.1: EXTINF without a URI at the end");
    if (!p.target_duration) {
        fail("4.3.3.1: EXT-X-TARGETDURATION is missing");
    } else {
        for (const auto& s : p.segments) {
            // RFC 8216 4.3.3.1: the EXTINF duration rounded to the nearest integer.
            const auto rounded = static_cast<std::int64_t>(std::floor(s.duration_s + 0.5));
            if (rounded > *p.target_duration) {
                fail("4.3.3.1: " + s.uri + " lasts " + s.duration_text + " s, above EXT-X-TARGETDURATION " +
                     std::to_string(*p.target_duration));
            }
        }
    }
    // RFC 8216 7: decimal EXTINF durations need protocol version 3.
    if (decimal_durations && p.version < 3) fail("7: decimal EXTINF durations need EXT-X-VERSION 3 or more");
    return p;
}

}  // namespace lal::test::hls
