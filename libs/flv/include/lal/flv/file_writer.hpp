// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>

namespace lal::flv {

/// How long the start of a file may wait for its tracks.
struct file_writer_options {
    /// Media span (first to last frame timestamp) after which the file starts
    /// even if an announced track has shown no frame yet.
    std::uint32_t max_hold_ms = 1000;
    /// Tags after which the file starts anyway.
    std::size_t max_hold_tags = 64;
};

/// Turns the tags of a live stream into a playable FLV file, sans-IO: add()
/// tags as they come, take_output() whole tags and write them out.
/// - The start is held until every announced track has a frame (or
///   max_hold_ms of media or max_hold_tags tags passed), so the header's audio
///   and video flags name the tracks the file really holds and metadata and
///   sequence headers come before any frame.
/// - Timestamps are rebased so the earliest written frame is at 0 (one base
///   for both tracks, so they stay in sync); tags older than it, such as the
///   cached sequence headers a server sends a late joiner, go to 0. Per track
///   timestamps never go back.
/// - Frames a decoder cannot use before their codec's sequence header
///   (AVC/HEVC NAL units, raw AAC; Adobe FLV spec v10.1 E.4.2.1, E.4.3.1) are
///   dropped until it arrived.
/// - A file without a single frame stays empty: headers alone play nothing.
class file_writer {
public:
    explicit file_writer(file_writer_options options = {});

    /// Takes one audio, video or script tag (`data` is the whole tag body).
    /// Empty tags are ignored; stream id and timestamp are rewritten.
    void add(tag t);
    /// End of the stream: writes what is held when it holds a frame.
    void finish();

    /// The bytes produced since the last call: the file header first, then
    /// whole tags only, so a file cut after any take ends on a tag boundary.
    std::vector<std::byte> take_output();
    /// Bytes waiting in take_output().
    std::size_t output_size() const noexcept { return out_.size(); }
    /// Every byte produced so far, taken or not.
    std::uint64_t bytes_produced() const noexcept { return produced_ + out_.size(); }

    /// True once the file header was produced.
    bool started() const noexcept { return started_; }
    /// The header written, once started.
    const file_header& header() const noexcept { return header_; }
    std::uint64_t video_tags() const noexcept { return video_; }    ///< video tags written
    std::uint64_t audio_tags() const noexcept { return audio_; }    ///< audio tags written
    std::uint64_t script_tags() const noexcept { return script_; }  ///< script tags written
    /// Frames dropped because their sequence header had not arrived.
    std::uint64_t dropped_tags() const noexcept { return dropped_; }
    /// Rebased timestamp of the latest audio or video tag written, in ms.
    std::uint32_t last_timestamp() const noexcept { return last_ts_; }

private:
    bool ready_to_start() const;
    void start();
    void write(tag t);

    file_writer_options options_;
    bool started_ = false;
    file_header header_;
    std::vector<tag> held_;
    std::vector<std::byte> out_;
    std::uint64_t produced_ = 0;
    std::optional<std::uint32_t> base_;
    std::optional<std::uint32_t> last_video_ts_, last_audio_ts_;
    bool video_config_ = false;
    bool audio_config_ = false;
    std::uint64_t video_ = 0;
    std::uint64_t audio_ = 0;
    std::uint64_t script_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint32_t last_ts_ = 0;
};

}  // namespace lal::flv
