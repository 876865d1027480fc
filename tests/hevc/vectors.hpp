// SPDX-License-Identifier: MIT
// Parameter sets written by x265 3.5 (ffmpeg 5.1 -c:v libx265 on testsrc2),
// emulation prevention bytes included.
#pragma once

namespace lal::test::hevc_vectors {

/// 322x242 (coded 328x248 with a conformance window), Main, 8-bit, level 2 (60).
inline constexpr const char* vps_main = "40010c01ffff01600000030090000003000003003c959809";
inline constexpr const char* sps_main =
    "42010101600000030090000003000003003ca00a480f9c9265959a4932bc05a02000000300200000030321";
inline constexpr const char* pps_main = "4401c172b46240";

/// 640x360, Main 10 (-pix_fmt yuv420p10le), level 2.1 (63).
inline constexpr const char* vps_main10 = "40010c01ffff02200000030090000003000003003f959809";
inline constexpr const char* sps_main10 =
    "42010102200000030090000003000003003fa005020169365959a4932bc05a020000030002000003003210";

}  // namespace lal::test::hevc_vectors
