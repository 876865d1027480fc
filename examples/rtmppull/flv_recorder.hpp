// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>
#include <lal/rtmp/message.hpp>

namespace rtmppull {

/// Writes a played stream to an FLV file:
/// - the FLV header, metadata and sequence headers come before any frame: the
///   first frames are held until each track announced by a sequence header has
///   a frame (or a second of media, or 64 tags, passed), then written after them;
/// - timestamps are rebased so the file starts at 0, with one base for both
///   tracks (the smallest held frame timestamp), and kept monotonic per track;
/// - frames that cannot be decoded before their codec's sequence header
///   (AVC NAL units, raw AAC) are dropped;
/// - only whole tags reach the file, each write(2) carrying whole tags, so the
///   file ends on a tag boundary however the program stops.
class flv_recorder {
public:
    /// The file is created (truncated) with the first write.
    explicit flv_recorder(std::string path);
    ~flv_recorder();
    flv_recorder(const flv_recorder&) = delete;
    flv_recorder& operator=(const flv_recorder&) = delete;

    /// Takes one audio, video or data message (metadata already without "@setDataFrame").
    std::error_code add(const lal::rtmp::message& msg);
    /// Writes whatever is held and closes the file. Safe to call twice.
    std::error_code finish();

    /// True once the file was created.
    bool opened() const noexcept { return fd_ >= 0; }
    std::uint64_t video_tags() const noexcept { return video_; }
    std::uint64_t audio_tags() const noexcept { return audio_; }
    std::uint64_t script_tags() const noexcept { return script_; }
    std::uint64_t dropped_tags() const noexcept { return dropped_; }
    std::uint64_t bytes_written() const noexcept { return written_; }
    /// Rebased timestamp of the last audio or video tag written, in ms.
    std::uint32_t last_timestamp() const noexcept { return last_ts_; }

private:
    bool ready_to_start() const;
    std::error_code start();
    std::error_code write_tag(lal::flv::tag t);
    std::error_code write_out();

    std::string path_;
    int fd_ = -1;
    bool started_ = false;
    bool header_written_ = false;
    lal::flv::file_header header_;
    std::vector<lal::flv::tag> held_;
    std::vector<std::byte> buffer_;  // whole tags only
    std::optional<std::uint32_t> base_;
    std::optional<std::uint32_t> last_video_ts_, last_audio_ts_;
    bool video_config_ = false;
    bool audio_config_ = false;
    std::uint64_t video_ = 0;
    std::uint64_t audio_ = 0;
    std::uint64_t script_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t written_ = 0;
    std::uint32_t last_ts_ = 0;
};

}  // namespace rtmppull
