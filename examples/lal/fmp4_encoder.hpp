// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <lal/fmp4/muxer.hpp>
#include <lal/hub/stream_encoder.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::server {

/// The fragmented MP4 form of one stream (ISO/IEC 14496-12 8.8), an ordered
/// hub form: one lal::fmp4::muxer per stream, whose mfhd sequence numbers
/// run across every frame, so HTTP-fMP4 players and the fMP4 HLS segmenter
/// share one copy of the bytes.
///
/// - Configuration items are empty: they only update the tracks.
/// - Every coded frame is two or three pieces: first the stream's current
///   initialization segment (one shared payload, the same object until the
///   tracks change, so it costs a reference per frame), then the frame's
///   fragment (moof + mdat header, the frame's bytes as a slice). A player
///   sends the init piece only when it differs from the last one it sent;
///   HLS keeps it aside for EXT-X-MAP.
/// - A fragment per frame, audio between the video frames, is what
///   low-latency players want: a frame leaves as soon as it is published
///   instead of waiting for the end of its GOP (MSE appends each fragment).
/// - Codecs fMP4 does not carry here (VP9, G.711, MP3...), metadata and data
///   are empty; the first such track of a stream is logged.
class fmp4_encoder final : public lal::hub::stream_encoder {
public:
    /// `stream` names the stream in log lines ("live/test").
    explicit fmp4_encoder(std::string stream = {}) : stream_(std::move(stream)) {}

    lal::media::wire_form encode(const lal::media::media_item& item) override;

    /// The init segment piece of `w` (a frame of this form), or null for an empty form.
    static const lal::payload* init_piece(const lal::media::wire_form& w) noexcept;
    /// True when `a` and `b` are the same init segment: the encoder keeps one
    /// payload until the tracks change, so identity is enough.
    static bool same_init(const lal::payload& a, const lal::payload& b) noexcept {
        return a.bytes().data() == b.bytes().data() && a.size() == b.size();
    }

private:
    void note_refused(lal::media::media_kind kind, lal::media::codec_id codec, std::error_code ec);

    lal::fmp4::muxer muxer_;
    std::string stream_;
    bool refused_video_ = false;
    bool refused_audio_ = false;
};

/// True for the codecs the fMP4 form carries: H.264, H.265, AV1, AAC, Opus.
bool fmp4_carries(lal::media::codec_id codec) noexcept;

}  // namespace lal::server
