// SPDX-License-Identifier: MIT
#include "video_prefix.hpp"

#include <algorithm>

#include "stamp.hpp"

namespace lalbench {

void flv_video_prefix(lal::byte_span nalus, bool keyframe, std::vector<std::byte>& out) {
    while (nalus.size() > 4) {
        const std::size_t len = (std::to_integer<std::size_t>(nalus[0]) << 24) |
                                (std::to_integer<std::size_t>(nalus[1]) << 16) |
                                (std::to_integer<std::size_t>(nalus[2]) << 8) | std::to_integer<std::size_t>(nalus[3]);
        const auto type = std::to_integer<unsigned>(nalus[4]) & 0x1f;
        if ((type != 9 && type != 7 && type != 8) || len + 4 > nalus.size()) break;
        nalus = nalus.subspan(len + 4);
    }
    const std::byte head[5] = {std::byte{static_cast<unsigned char>(keyframe ? 0x17 : 0x27)}, std::byte{1},
                               std::byte{0}, std::byte{0}, std::byte{0}};
    out.assign(head, head + 5);
    const auto n = std::min(nalus.size(), stamp_prefix_size - 5);
    out.insert(out.end(), nalus.begin(), nalus.begin() + static_cast<std::ptrdiff_t>(n));
}

}  // namespace lalbench
