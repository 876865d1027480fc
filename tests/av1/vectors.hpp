// SPDX-License-Identifier: MIT
// The first OBUs (temporal delimiter, sequence header) of streams written by
// ffmpeg 5.1 -c:v libaom-av1 -f obu on testsrc2.
#pragma once

namespace lal::test::av1_vectors {

/// 320x240, Main profile, 8-bit 4:2:0, level 2.0.
inline constexpr const char* td_and_sequence_header = "12000a0b000000043cffbcdaf90040";
/// The same with -pix_fmt yuv420p10le: 10-bit.
inline constexpr const char* td_and_sequence_header_10bit = "12000a0b000000043cffbcdaf94040";

}  // namespace lal::test::av1_vectors
