// SPDX-License-Identifier: MIT
// Synthetic TS frames on a µs timeline and a harness that drains a
// segmenter's events and checks every playlist it publishes.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/hls/segmenter.hpp>

#include "hls_playlist_checker.hpp"

namespace lal::test::hls {

using lal::media::media_kind;
using lal::media::micros;

/// TS packet size (ISO/IEC 13818-1 2.4.3.2).
inline constexpr std::size_t packet = 188;

/// Fake PAT+PMT: two packets of a pattern no frame uses.
inline lal::payload fake_psi() {
    std::vector<std::byte> b(2 * packet, std::byte{0xab});
    b[0] = b[packet] = std::byte{0x47};
    return lal::payload::adopt(std::move(b));
}

/// One synthetic frame: a packet naming its kind, key flag and index, in two
/// pieces (a header piece and a slice of a shared body) as a muxer gives them.
inline lal::hls::ts_frame make_frame(media_kind kind, micros dts, bool key, std::uint32_t index) {
    std::vector<std::byte> head{std::byte{0x47}, std::byte{kind == media_kind::video ? std::uint8_t{0xe0} : std::uint8_t{0xc0}},
                                std::byte{key ? std::uint8_t{1} : std::uint8_t{0}}, std::byte{0}};
    std::vector<std::byte> body(packet, std::byte{0});
    for (std::size_t i = 0; i < 4; ++i) body[i] = static_cast<std::byte>(index >> (8 * i));
    for (std::size_t i = 4; i < body.size(); ++i) body[i] = static_cast<std::byte>(index + i);
    lal::hls::ts_frame f;
    f.kind = kind;
    f.dts = dts;
    f.keyframe = key;
    f.ts.add(lal::payload::adopt(std::move(head)));
    f.ts.add(lal::payload::adopt(std::move(body)).slice(0, packet - 4));
    return f;
}

/// How a synthetic stream looks.
struct stream_shape {
    bool video = true;
    bool audio = true;
    micros video_step = 40'000;  ///< 25 fps
    int key_every = 75;          ///< a key frame every 3 s at 25 fps
    micros audio_step = 21'333;  ///< AAC, 1024 samples at 48 kHz
};

/// An audio-only shape.
inline stream_shape audio_only() {
    stream_shape s;
    s.video = false;
    return s;
}

/// Frames from `start` for `length` µs, audio and video merged in dts order;
/// the first video frame is a key frame.
inline std::vector<lal::hls::ts_frame> make_stream(micros start, micros length, stream_shape shape = {},
                                                   std::uint32_t first_index = 0) {
    std::vector<lal::hls::ts_frame> out;
    micros v = start, a = start;
    int n = 0;
    std::uint32_t index = first_index;
    while ((shape.video && v < start + length) || (shape.audio && a < start + length)) {
        const bool take_video = shape.video && v < start + length && (!shape.audio || a >= start + length || v <= a);
        if (take_video) {
            out.push_back(make_frame(media_kind::video, v, n % shape.key_every == 0, index++));
            ++n;
            v += shape.video_step;
        } else {
            out.push_back(make_frame(media_kind::audio, a, false, index++));
            a += shape.audio_step;
        }
    }
    return out;
}

/// A segmenter plus everything it reported, with every published live and
/// record playlist run through a playlist_checker.
struct harness {
    explicit harness(lal::hls::segmenter_options o, playlist_checker::settings s = {})
        : seg(*lal::hls::segmenter::create(std::move(o))), live(s), record(s) {
        seg.set_psi(fake_psi());
    }

    /// Feeds frames at a wall clock that follows their dts from `wall_start`.
    void feed(const std::vector<lal::hls::ts_frame>& frames, std::int64_t wall_start = 1'796'611'644'000) {
        for (const auto& f : frames) {
            seg.on_frame(f, wall_start + f.dts / 1000);
            drain();
        }
    }

    /// Feeds `frames`, ends the stream and collects the events.
    void feed_and_end(const std::vector<lal::hls::ts_frame>& frames) {
        feed(frames);
        seg.on_publish_end(0);
        drain();
    }

    /// The problems found, one per line (for test messages).
    std::string report() const {
        std::string out;
        for (const auto& p : problems) out += p + "\n";
        return out;
    }

    /// Collects the pending events.
    void drain() {
        while (auto e = seg.next_event()) {
            std::visit([this](auto& ev) { take(ev); }, *e);
        }
    }

    void take(lal::hls::segment_opened& e) { opened.push_back(e.name); }
    void take(lal::hls::segment_closed& e) { closed.push_back(e.seg); }
    void take(lal::hls::segment_evicted& e) { evicted.push_back(e.name); }
    void take(lal::hls::delete_files& e) { deletions.push_back(e); }
    void take(lal::hls::playlist_updated& e) {
        ++updates;
        ended_seen = ended_seen || e.ended;
        const auto text = std::string(lal::as_string_view(seg.playlist().bytes()));
        for (auto& p : live.check(text)) problems.push_back("live: " + p + "\n" + text);
        if (!seg.record_playlist().empty()) {
            const auto rec = std::string(lal::as_string_view(seg.record_playlist().bytes()));
            for (auto& p : record.check(rec)) problems.push_back("record: " + p + "\n" + rec);
        }
        if (live.last().segments.size() != seg.window().size()) problems.push_back("window and playlist differ");
    }

    lal::hls::segmenter seg;
    playlist_checker live;
    playlist_checker record;
    std::vector<std::string> opened;
    std::vector<lal::hls::segment_ptr> closed;
    std::vector<std::string> evicted;
    std::vector<lal::hls::delete_files> deletions;
    std::vector<std::string> problems;
    int updates = 0;
    bool ended_seen = false;
};

/// Options for stream "test" with `fragment_ms` and `num` listed segments.
inline lal::hls::segmenter_options options(std::uint32_t fragment_ms = 3000, std::uint32_t num = 6) {
    lal::hls::segmenter_options o;
    o.stream_name = "test";
    o.fragment_duration_ms = fragment_ms;
    o.fragment_num = num;
    return o;
}

/// The bytes of all frames, in order.
inline std::vector<std::byte> concat(const std::vector<lal::hls::ts_frame>& frames) {
    std::vector<std::byte> out;
    for (const auto& f : frames) {
        auto b = f.ts.flatten();
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

}  // namespace lal::test::hls

/// Checks that the harness `h` found no RFC 8216 problem, listing them if it did.
#define CHECK_CLEAN(h)        \
    do {                      \
        INFO((h).report());   \
        CHECK((h).problems.empty()); \
    } while (false)
