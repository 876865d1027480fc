// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/media/frame.hpp>
#include <lal/mpegts/error.hpp>
#include <lal/mpegts/psi.hpp>

namespace lal::mpegts {

/// Bounds of what a demuxer holds.
struct demuxer_limits {
    /// Largest PES reassembled (header included); a larger one is dropped with pes_too_large.
    std::size_t max_pes_size = 8u * 1024 * 1024;
    /// Elementary streams of the program followed; more give too_many_streams.
    std::size_t max_streams = 8;
};

/// Something the demuxer dropped or skipped, and why. Never fatal.
struct demux_error {
    std::error_code code;
    std::uint16_t pid = 0;       ///< the PID concerned (0 for sync_lost)
    std::uint64_t packet = 0;    ///< index of the packet it was found in (packets seen before it)
    std::uint64_t bytes = 0;     ///< sync_lost: bytes skipped; pes_too_large: bytes dropped so far
    bool operator==(const demux_error&) const = default;
};

/// What next() gives: a frame in the lal::media model, or an error.
using demux_event = std::variant<media::media_frame, demux_error>;

/// Running totals, for logs and stats.
struct demux_counters {
    std::uint64_t packets = 0;            ///< whole packets read
    std::uint64_t skipped_bytes = 0;      ///< bytes skipped looking for sync
    std::uint64_t continuity_errors = 0;
    std::uint64_t dropped_pes = 0;        ///< PES packets dropped (continuity, limit, bad header)
    std::uint64_t frames = 0;             ///< frames given out
    std::uint64_t errors = 0;             ///< demux_error events given out
    bool operator==(const demux_counters&) const = default;
};

/// MPEG-TS demuxer (ISO/IEC 13818-1) of the first program of a stream: fed
/// bytes cut anywhere, it follows PAT and PMT (and their version changes),
/// reassembles PES packets and gives back media_frames: H.264/H.265 as
/// 4-byte length-prefixed NAL units with an avcC/hvcC built from the
/// parameter sets in the stream, AAC raw with its AudioSpecificConfig, Opus
/// packets with an OpusHead, MP3 as carried; times in µs. Results do not
/// depend on how the input is cut. Not thread-safe.
class demuxer {
public:
    explicit demuxer(demuxer_limits limits = {});
    demuxer(demuxer&&) noexcept;
    demuxer& operator=(demuxer&&) noexcept;
    ~demuxer();

    /// Consumes all of `in`; whole packets are demuxed at once, a partial
    /// one is kept. Bytes that cannot start a packet are skipped (sync_lost).
    void feed(byte_span in);
    /// Declares the end of the input: a PES still open (video PES have no
    /// length) is completed, and skipped bytes not yet reported are.
    void finish();
    /// Next frame or error in stream order; empty when more input is needed.
    std::optional<demux_event> next();

    /// Totals so far.
    const demux_counters& counters() const noexcept { return counters_; }
    /// The program map in effect, once one was read.
    const std::optional<pmt>& program() const noexcept { return pmt_; }

    struct stream_state;

private:
    void packet(byte_span p);
    void psi_payload(bool is_pat, bool unit_start, byte_span payload, std::uint16_t pid);
    void section(bool is_pat, byte_span s, std::uint16_t pid);
    void apply_pmt(pmt p);
    void pes_payload(stream_state& s, bool unit_start, byte_span payload);
    void end_pes(stream_state& s);
    void error(std::error_code code, std::uint16_t pid, std::uint64_t bytes = 0);
    void report_skipped();

    demuxer_limits limits_;
    std::array<std::byte, 188> partial_{};
    std::size_t partial_size_ = 0;
    std::uint64_t skipping_ = 0;  // bytes skipped since the last packet, not yet reported
    std::optional<pat> pat_;
    std::optional<pmt> pmt_;
    int pat_cc_ = -1;
    int pmt_cc_ = -1;
    std::vector<std::byte> pat_section_;
    std::vector<std::byte> pmt_section_;
    bool pat_open_ = false;
    bool pmt_open_ = false;
    std::vector<std::unique_ptr<stream_state>> streams_;
    std::deque<demux_event> events_;
    demux_counters counters_;
};

}  // namespace lal::mpegts
