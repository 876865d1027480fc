// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lal/base/bytes.hpp>

#include "ts_reader.hpp"

namespace lalbench {

/// The frames of fMP4 HLS media (an init segment, then segments or LL-HLS
/// parts, each whole) for players: lal::fmp4's reader, with the same
/// handlers as ts_reader. Only H.264 video with 4-byte NAL lengths gives
/// stamps (what lal writes); other tracks count as audio or are ignored.
class fmp4_reader {
public:
    explicit fmp4_reader(ts_reader::handlers h) : handlers_(std::move(h)) {}
    /// Reads the init segment (ISO/IEC 14496-12 8.1, 8.2). An empty string, or what is wrong with it.
    std::string init(lal::byte_span segment);
    /// True once an init segment was read.
    bool ready() const noexcept { return ready_; }
    /// Reads every fragment (moof + mdat) of one whole segment or part; frames go to the handlers.
    /// An empty string, or what is wrong with it.
    std::string fragments(lal::byte_span media);

private:
    ts_reader::handlers handlers_;
    bool ready_ = false;
    std::uint32_t video_track_ = 0;  // 0: none that gives stamps
    std::vector<std::uint32_t> audio_tracks_;
    std::vector<std::byte> prefix_;
};

}  // namespace lalbench
