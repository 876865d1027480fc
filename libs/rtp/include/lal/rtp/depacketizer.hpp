// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <system_error>

#include <lal/media/frame.hpp>
#include <lal/rtp/clock.hpp>
#include <lal/rtp/packet.hpp>

namespace lal::rtp {

/// Limits and payload format parameters of a depacketizer.
struct depacketizer_options {
    /// Largest frame reassembled; a larger one is dropped (frame_too_large).
    std::size_t max_frame_size = 8u << 20;
    /// Frames of B-frame reordering for the derived dts (see dts_estimator);
    /// unset: from the H.264 SPS when it says, else 2 (H.264 baseline: 0).
    std::optional<std::uint32_t> reorder_frames;
    /// The sequence number of the first packet when known (RTSP RTP-Info
    /// "seq"): if the first packet received is a later one, what came before
    /// is treated as lost. Unknown: the first frame is kept if its first
    /// packet starts a unit cleanly.
    std::optional<std::uint16_t> first_sequence;
    /// RFC 3640 fmtp sizeLength, indexLength, indexDeltaLength (AAC-hbr: 13, 3, 3).
    unsigned size_length = 13;
    unsigned index_length = 3;
    unsigned index_delta_length = 3;
};

/// Counters of a depacketizer.
struct depacketizer_stats {
    std::uint64_t frames = 0;          ///< frames handed out
    std::uint64_t lost_packets = 0;    ///< sequence numbers skipped
    std::uint64_t broken_frames = 0;   ///< dropped: a packet of theirs was lost or malformed
    std::uint64_t skipped_frames = 0;  ///< dropped while video waited for a key frame (or a configuration)
    std::uint64_t bad_packets = 0;     ///< packets push() returned an error for
};

/// Turns one track's RTP packets, given in sequence order (a reorder_buffer's
/// output for UDP, or interleaved TCP), into frames of the model: pts from
/// the RTP timestamp (µs since the track's first), video dts derived
/// (dts_estimator), H.264/H.265 as 4-byte length-prefixed NAL units, AV1
/// as OBUs with obu_size (no temporal delimiter).
/// A frame one of whose packets is missing is dropped, never built from a
/// broken set; video then waits for the next key frame. Loss is seen from
/// the sequence numbers themselves.
class depacketizer {
public:
    virtual ~depacketizer() = default;
    depacketizer(const depacketizer&) = delete;
    depacketizer& operator=(const depacketizer&) = delete;

    /// Takes the next packet. A malformed payload returns an error; the
    /// packet's frame is dropped and the depacketizer stays usable.
    std::error_code push(const packet& p);
    /// The next finished frame, or empty.
    std::optional<media::media_frame> next();
    /// Completes the frame in progress (end of stream, for senders that never
    /// set the marker bit).
    void flush() { on_flush(); }
    /// The track's clock: feed it the track's RTCP sender reports for A/V sync.
    track_clock& clock() noexcept { return clock_; }
    /// Counters.
    const depacketizer_stats& stats() const noexcept { return stats_; }
    /// The configuration in effect (from the SDP or in-band parameter sets); may be null.
    const media::track_config_ptr& config() const noexcept { return config_; }

protected:
    depacketizer(std::uint32_t clock_rate, media::track_config_ptr config, depacketizer_options options)
        : clock_(clock_rate), config_(std::move(config)), options_(options) {}
    /// One packet; `after_loss` when packets are missing just before it.
    virtual std::error_code on_packet(const packet& p, bool after_loss) = 0;
    virtual void on_flush() {}
    void emit(media::media_frame f) {
        ++stats_.frames;
        out_.push_back(std::move(f));
    }

    track_clock clock_;
    media::track_config_ptr config_;
    depacketizer_options options_;
    depacketizer_stats stats_;

private:
    std::deque<media::media_frame> out_;
    std::optional<std::uint16_t> last_sequence_;
};

/// A depacketizer for `codec` (h264, h265, av1, aac, opus, g711a, g711u) at
/// `clock_rate` Hz with the SDP's configuration (may be null: H.264/H.265
/// then take parameter sets from the stream); null for other codecs.
std::unique_ptr<depacketizer> make_depacketizer(media::codec_id codec, std::uint32_t clock_rate,
                                                media::track_config_ptr config = {},
                                                depacketizer_options options = {});

}  // namespace lal::rtp
