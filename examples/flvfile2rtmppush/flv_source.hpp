// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <lal/flv/reader.hpp>
#include <lal/flv/tag.hpp>

namespace flvfile2rtmppush {

/// Reads an FLV file tag by tag (64 KiB at a time, never the whole file) and
/// can start over for another loop.
class flv_source {
public:
    /// Opens `path` and checks the FLV header. Errors: the open error, or the
    /// lal::flv error of a bad header (errc::truncated for a file too short).
    std::error_code open(const std::string& path);
    /// The next tag; nullopt at the end of the file or on an error (see error()).
    /// A truncated last tag ends the file and sets truncated_tail().
    std::optional<lal::flv::tag> next();
    /// Starts again at the first tag.
    std::error_code rewind();

    /// Why next() stopped early: a read error or a malformed tag.
    std::error_code error() const noexcept { return error_; }
    /// File offset of the tag most recently returned.
    std::uint64_t last_offset() const noexcept { return reader_.last_tag_offset(); }
    /// True when the file ended inside a tag (the complete tags were returned).
    bool truncated_tail() const noexcept { return truncated_; }

private:
    bool fill();

    std::string path_;
    std::ifstream in_;
    lal::flv::reader reader_;
    std::vector<char> buffer_;
    std::error_code error_;
    bool eof_ = false;
    bool truncated_ = false;
};

}  // namespace flvfile2rtmppush
