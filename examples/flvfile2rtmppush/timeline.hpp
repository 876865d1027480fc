// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/flv/tag.hpp>
#include <lal/rtmp/message.hpp>

namespace flvfile2rtmppush {

/// Turns the tags of an FLV file, read once or looped, into the RTMP messages
/// to publish:
/// - timestamps stay continuous and monotonic across loops: each loop starts
///   at the previous loop's last timestamp plus one frame duration (the last
///   video frame interval, else the last audio one);
/// - onMetaData goes out as "@setDataFrame", "onMetaData", {...}, as encoders
///   such as ffmpeg send it;
/// - from the second loop on, metadata and sequence headers identical to the
///   ones already sent are skipped (changed ones are sent), and AVC end of
///   sequence tags are dropped: mid-stream they would tell decoders the
///   stream ended.
class timeline {
public:
    /// `looping`: the file will be read more than once.
    explicit timeline(bool looping) noexcept : looping_(looping) {}

    /// The message for the next tag of the current loop, or nullopt to skip it.
    std::optional<lal::rtmp::message> map(const lal::flv::tag& t);
    /// The file ended; the next tag starts a new loop.
    void end_loop();

    /// Loops completed so far.
    std::uint32_t loops_done() const noexcept { return loop_; }
    /// Offset added to the file's timestamps in the current loop.
    std::uint32_t offset() const noexcept { return offset_; }
    /// Largest timestamp produced so far.
    std::uint32_t last_timestamp() const noexcept { return last_out_; }

private:
    bool looping_;
    std::uint32_t loop_ = 0;
    std::uint32_t offset_ = 0;
    std::optional<std::uint32_t> loop_first_;  // first file timestamp of this loop
    std::uint32_t last_out_ = 0;
    bool any_out_ = false;
    std::optional<std::uint32_t> last_video_, last_audio_;
    std::uint32_t video_step_ = 0;
    std::uint32_t audio_step_ = 0;
    lal::payload metadata_, video_header_, audio_header_;
};

/// Tags read from the start of a file, up to and including its first coded
/// frame, reordered so that metadata comes first, then sequence headers, then
/// the rest in file order: what players need before any frame.
std::vector<lal::flv::tag> headers_first(std::vector<lal::flv::tag> leading);

}  // namespace flvfile2rtmppush
