// SPDX-License-Identifier: MIT
#pragma once

namespace lal::transcode {

/// Silences libavcodec's own messages (the AAC encoder's statistics when it
/// closes, the decoder's complaint on every corrupt frame), which it prints to
/// stderr by default. Process-wide, since FFmpeg's log level is: call it once
/// at start-up; the transcoders report every failure as an error_code anyway.
void quiet_codec_logs() noexcept;

}  // namespace lal::transcode
