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

namespace httpflvpull {

/// Writes pulled tags to an FLV file: whole tags only, timestamps rebased so
/// the first audio or video tag is at 0 (one base for both tracks, so they
/// stay in sync), frames that cannot be decoded before their codec's sequence
/// header dropped.
class flv_saver {
public:
    /// Creates (truncates) `path` lazily, when the FLV header arrives.
    explicit flv_saver(std::string path);
    ~flv_saver();
    flv_saver(const flv_saver&) = delete;
    flv_saver& operator=(const flv_saver&) = delete;

    /// Opens the file and writes the header (audio/video flags from the source).
    std::error_code write_header(const lal::flv::file_header& h);
    /// Rebases and appends one tag; write errors come back here or from finish().
    std::error_code write_tag(lal::flv::tag t);
    /// Writes what is buffered and closes the file.
    std::error_code finish();

    bool opened() const noexcept { return fd_ >= 0; }
    std::uint64_t video_tags() const noexcept { return video_; }
    std::uint64_t audio_tags() const noexcept { return audio_; }
    std::uint64_t script_tags() const noexcept { return script_; }
    std::uint64_t dropped_tags() const noexcept { return dropped_; }
    std::uint64_t bytes_written() const noexcept { return written_; }
    /// Rebased timestamp of the last audio or video tag, in ms.
    std::uint32_t last_timestamp() const noexcept { return last_ts_; }

private:
    std::error_code write_out();

    std::string path_;
    int fd_ = -1;
    std::vector<std::byte> buffer_;  // whole tags only
    std::optional<std::uint32_t> base_;
    bool video_config_ = false;
    bool audio_config_ = false;
    std::uint64_t video_ = 0;
    std::uint64_t audio_ = 0;
    std::uint64_t script_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t written_ = 0;
    std::uint32_t last_ts_ = 0;
};

}  // namespace httpflvpull
