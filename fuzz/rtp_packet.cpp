// SPDX-License-Identifier: MIT
// RTP packets (RFC 3550 5.1). Properties:
// - a parsed packet's payload, extension and padding lie inside the input and
//   add up to it with the header;
// - the packet rebuilt from its fields parses to the same fields, and is the
//   input byte for byte when it had no padding (padding bytes are not kept);
// - errors are lal::rtp's.
#include <cstdint>

#include <lal/rtp/packet.hpp>

#include "fuzz_support.hpp"

namespace rtp = lal::rtp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = lal::payload::copy_from(lal::fuzz::bytes_of(data, size));
    auto p = rtp::parse_packet(in);
    if (!p) {
        LAL_FUZZ_CHECK(p.error().category() == rtp::category());
        return 0;
    }
    const auto& h = p->header;
    LAL_FUZZ_CHECK(h.csrcs.size() <= rtp::max_csrcs && h.payload_type < 128);
    LAL_FUZZ_CHECK(p->payload.shares_storage_with(in) || p->payload.empty());
    const std::size_t ext = h.extension ? 4 + h.extension->data.size() : 0;
    LAL_FUZZ_CHECK(rtp::fixed_header_size + 4 * h.csrcs.size() + ext + p->payload.size() + p->padding == size);

    auto built = rtp::build_packet(h, p->payload.bytes(), p->padding);
    LAL_FUZZ_CHECK(built.has_value());
    LAL_FUZZ_CHECK(built->size() == size);
    if (p->padding == 0) LAL_FUZZ_CHECK(lal::fuzz::to_bytes(in.bytes()) == *built);
    auto again = rtp::parse_packet(lal::payload::adopt(std::move(*built)));
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(again->header.marker == h.marker && again->header.payload_type == h.payload_type);
    LAL_FUZZ_CHECK(again->header.sequence == h.sequence && again->header.timestamp == h.timestamp);
    LAL_FUZZ_CHECK(again->header.ssrc == h.ssrc && again->header.csrcs == h.csrcs);
    LAL_FUZZ_CHECK(again->header.extension.has_value() == h.extension.has_value());
    if (h.extension) LAL_FUZZ_CHECK(again->header.extension->data == h.extension->data);
    LAL_FUZZ_CHECK(again->payload == p->payload && again->padding == p->padding);
    return 0;
}
