// SPDX-License-Identifier: MIT
#include <lal/rtmp/aggregate.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/rtmp/error.hpp>

namespace lal::rtmp {

lal::result<std::vector<message>> split_aggregate(const message& aggregate) {
    // RTMP spec 7.1.6: each sub-message is an 11-byte header (type, 24-bit
    // length, 24-bit timestamp plus 8 high bits, 24-bit stream id), the data,
    // then a 4-byte back pointer (the size of the sub-message with its header).
    std::vector<message> out;
    byte_reader r(aggregate.body.bytes());
    std::uint32_t offset = 0;
    while (!r.empty()) {
        if (r.remaining() < 11) return errc::bad_aggregate;
        auto type_id = *r.u8();
        auto length = *r.u24();
        auto low = *r.u24();
        auto high = *r.u8();
        r.skip(3);  // the aggregate's stream id overrides this one
        if (r.remaining() < length) return errc::bad_aggregate;
        auto timestamp = (static_cast<std::uint32_t>(high) << 24) | low;
        if (out.empty()) offset = aggregate.timestamp - timestamp;
        message m;
        m.type_id = type_id;
        m.timestamp = timestamp + offset;
        m.message_stream_id = aggregate.message_stream_id;
        m.chunk_stream_id = aggregate.chunk_stream_id;
        m.body = aggregate.body.slice(r.position(), length);
        r.skip(length);
        out.push_back(std::move(m));
        if (r.remaining() < 4) {
            if (!r.empty()) return errc::bad_aggregate;
            break;
        }
        r.skip(4);
    }
    return out;
}

}  // namespace lal::rtmp
