// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/media/frame.hpp>
#include <lal/mpegts/error.hpp>
#include <lal/mpegts/psi.hpp>

namespace lal::mpegts {

/// One track of a muxed program: its codec and configuration record (avcC,
/// hvcC, AudioSpecificConfig, OpusHead; none for MP3).
struct muxer_track {
    media::codec_id codec = media::codec_id::unknown;
    media::track_config_ptr config;
};

/// What a muxer writes: the tracks and the PIDs (ffmpeg's defaults).
struct muxer_options {
    std::optional<muxer_track> video;  ///< H.264 or H.265
    std::optional<muxer_track> audio;  ///< AAC, Opus or MP3
    std::uint16_t transport_stream_id = 1;
    std::uint16_t program_number = 1;
    std::uint16_t pmt_pid = 0x1000;
    std::uint16_t video_pid = 0x100;
    std::uint16_t audio_pid = 0x101;
    /// version_number of PAT and PMT (5 bits): a new value tells demuxers the program changed.
    std::uint8_t version = 0;
    /// MP3 as stream_type 0x04 (MPEG-2 audio, 16..24 kHz) instead of 0x03.
    bool mp3_is_mpeg2 = false;
};

/// MPEG-TS muxer of one program (ISO/IEC 13818-1) for one output stream. Its
/// state is the continuity counters of its PIDs, so one muxer serves every
/// segment of a stream (CC continues across segments) and is shared by the
/// stream's players. Not thread-safe.
class muxer {
public:
    /// Checks the tracks and parses their configurations: unsupported_codec,
    /// bad_config, or no_track_for_frame when there is no track at all.
    static lal::result<muxer> create(muxer_options options);

    /// PAT and PMT (2.4.4.3, 2.4.4.8) as two 188-byte packets.
    lal::payload psi();
    /// Appends PAT and PMT packets to `out`.
    void append_psi(std::vector<std::byte>& out);

    /// The TS packets of one frame: a PES (PTS, DTS when it differs) with
    /// PCR and random_access_indicator where due, stuffed to whole packets.
    /// Errors (nothing is written, counters unchanged): no_track_for_frame,
    /// bad_config (a new config that does not parse), bad_frame, frame_too_large.
    lal::result<lal::payload> mux(const media::media_frame& frame);
    /// As mux(), appending to `out` (on error `out` is left as it was).
    std::error_code append_frame(const media::media_frame& frame, std::vector<std::byte>& out);

    /// Starts every continuity counter again at 0 (a new output, not a new segment).
    void reset_continuity() noexcept;

    /// The program map this muxer writes.
    const pmt& program() const noexcept { return pmt_; }

    muxer(muxer&&) noexcept;
    muxer& operator=(muxer&&) noexcept;
    ~muxer();

private:
    struct track_state;
    muxer() = default;

    std::error_code build_es(track_state& t, const media::media_frame& frame);
    void packetize(std::uint16_t pid, std::uint8_t& cc, bool pcr, bool random_access, std::uint64_t pcr_base,
                   std::vector<std::byte>& out);

    muxer_options options_;
    pat pat_;
    pmt pmt_;
    std::uint8_t pat_cc_ = 0;
    std::uint8_t pmt_cc_ = 0;
    std::unique_ptr<track_state> video_;
    std::unique_ptr<track_state> audio_;
    // Scratch of the frame being muxed, kept to reuse its capacity.
    std::array<std::byte, 32> pes_header_{};
    std::size_t pes_header_size_ = 0;
    std::vector<byte_span> es_;
    std::vector<std::byte> es_small_;
};

}  // namespace lal::mpegts
