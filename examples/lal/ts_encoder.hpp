// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <lal/base/payload.hpp>
#include <lal/hub/stream_encoder.hpp>
#include <lal/media/frame.hpp>
#include <lal/mpegts/muxer.hpp>

namespace lal::server {

/// The MPEG-TS form of one stream (ISO/IEC 13818-1), an ordered hub form: one
/// lal::mpegts::muxer per stream whose continuity counters run across every
/// frame, so HTTP-TS players and the HLS segmenter share one copy of the bytes.
///
/// - Configuration items are empty: they only update the tracks. The first
///   coded frame after a change of the track set or a codec makes a new
///   muxer with the next version_number (2.4.4.8) and goes out after PAT+PMT,
///   so the configurations a publisher sends first give one program map, not
///   one per track (demuxers such as GStreamer's tsdemux rebuild their pads
///   on each new map).
/// - A video key frame is PAT+PMT then the frame: a player joining at the GOP
///   cache (and every HLS segment) starts with the program map; without video,
///   an audio frame carries it at least every psi_interval.
/// - Coded frames of codecs TS does not carry here (AV1, VP9, AC-3...),
///   metadata and data are empty: HTTP-TS and HLS players get the stream
///   without that track, and the first such track of a stream is logged
///   (a warning naming the stream, the track and the codec).
class ts_encoder final : public lal::hub::stream_encoder {
public:
    /// `stream` names the stream in log lines ("live/test").
    explicit ts_encoder(std::string stream = {}) : stream_(std::move(stream)) {}

    lal::media::wire_form encode(const lal::media::media_item& item) override;

    /// Longest distance between two PAT+PMT of a stream without video.
    static constexpr lal::media::micros psi_interval = 500'000;

    /// True when `w`, the form of a video key frame, starts with the PAT+PMT
    /// piece (two 188-byte packets) before the frame's packets.
    static bool starts_with_psi(const lal::media::wire_form& w) noexcept;

private:
    struct track {
        lal::media::codec_id codec = lal::media::codec_id::unknown;
        lal::media::track_config_ptr config;
    };
    /// Records the track of `kind`; true when the muxer must be rebuilt.
    bool update_track(lal::media::media_kind kind, lal::media::codec_id codec,
                      const lal::media::track_config_ptr& config);
    void rebuild();
    /// Logs, once per track kind, a codec TS cannot carry.
    void note_refused(lal::media::media_kind kind, lal::media::codec_id codec);

    std::optional<track> video_;
    std::optional<track> audio_;
    std::optional<lal::mpegts::muxer> muxer_;
    bool dirty_ = false;  // the tracks changed since the muxer was made
    std::uint8_t version_ = 0;
    std::optional<lal::media::micros> last_psi_dts_;
    std::string stream_;
    bool refused_video_ = false;
    bool refused_audio_ = false;
};

/// True for the codecs the TS form carries: H.264, H.265, AAC, Opus, MP3.
bool ts_carries(lal::media::codec_id codec) noexcept;

}  // namespace lal::server
