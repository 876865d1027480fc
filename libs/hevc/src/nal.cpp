// SPDX-License-Identifier: MIT
#include <lal/hevc/nal.hpp>

#include <vector>

namespace lal::hevc {

lal::result<nal_header> parse_nal_header(byte_span nal) {
    if (nal.size() < 2) return errc::empty_nal_unit;
    // H.265 7.3.1.2: forbidden_zero_bit(1) nal_unit_type(6) nuh_layer_id(6)
    // nuh_temporal_id_plus1(3).
    const auto v = static_cast<unsigned>(load_be(nal.data(), 2));
    if (v & 0x8000) return errc::forbidden_bit_set;
    nal_header h;
    h.type = static_cast<std::uint8_t>((v >> 9) & 0x3f);
    h.layer_id = static_cast<std::uint8_t>((v >> 3) & 0x3f);
    h.temporal_id_plus1 = static_cast<std::uint8_t>(v & 7);
    // 7.4.2.2: nuh_temporal_id_plus1 shall not be 0.
    if (h.temporal_id_plus1 == 0) return errc::bad_temporal_id;
    return h;
}

void append_nal_header(const nal_header& h, std::vector<std::byte>& out) {
    const unsigned v = (h.type & 0x3fu) << 9 | (h.layer_id & 0x3fu) << 3 | (h.temporal_id_plus1 & 7u);
    out.push_back(static_cast<std::byte>(v >> 8));
    out.push_back(static_cast<std::byte>(v & 0xff));
}

}  // namespace lal::hevc
