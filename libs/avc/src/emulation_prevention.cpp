// SPDX-License-Identifier: MIT
#include <lal/avc/emulation_prevention.hpp>

namespace lal::avc {

std::vector<std::byte> remove_emulation_prevention(byte_span nal_bytes) {
    std::vector<std::byte> out;
    out.reserve(nal_bytes.size());
    unsigned zeros = 0;
    for (auto b : nal_bytes) {
        if (zeros >= 2 && b == std::byte{3}) {
            zeros = 0;
            continue;
        }
        out.push_back(b);
        zeros = b == std::byte{0} ? zeros + 1 : 0;
    }
    return out;
}

void append_emulation_prevention(byte_span rbsp, std::vector<std::byte>& out) {
    unsigned zeros = 0;
    for (auto b : rbsp) {
        if (zeros >= 2 && std::to_integer<unsigned>(b) <= 3) {
            out.push_back(std::byte{3});
            zeros = 0;
        }
        out.push_back(b);
        zeros = b == std::byte{0} ? zeros + 1 : 0;
    }
    if (!rbsp.empty() && rbsp.back() == std::byte{0}) out.push_back(std::byte{3});
}

}  // namespace lal::avc
