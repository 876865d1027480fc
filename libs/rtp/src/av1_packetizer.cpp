// SPDX-License-Identifier: MIT
// AV1 temporal units into RTP packets (AOM "RTP Payload Format For AV1"
// v1.0.0, sections 4.4 and 5). Every OBU element goes without its
// obu_size (5: "SHOULD be set to zero"); temporal delimiters, tile lists and
// padding are dropped (5); OBUs larger than a packet are fragmented (Y/Z).
#include "av1_format.hpp"

#include <algorithm>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/av1/obu.hpp>

namespace lal::rtp::detail {
namespace {

// One OBU to send: its header rewritten without obu_has_size_field, and its
// payload as a slice of the frame (or of the configuration record).
struct element {
    std::uint8_t header[2] = {};
    std::size_t header_size = 1;
    lal::payload payload;
    std::size_t size() const noexcept { return header_size + payload.size(); }
};

// The bytes [from, to) of an element in a packet.
struct chunk {
    std::size_t index = 0;
    std::size_t from = 0;
    std::size_t to = 0;
};

std::size_t leb128_size(std::size_t v) {
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

// The OBUs of `data` worth sending, appended to `out`. `source` owns the bytes.
std::error_code add_elements(const lal::payload& source, std::vector<element>& out, bool& has_sequence_header) {
    auto obus = av1::split_obus(source.bytes());
    if (!obus) return errc::bad_frame;
    for (const auto& o : *obus) {
        if (o.type == av1::obu_type::temporal_delimiter || o.type == av1::obu_type::tile_list ||
            o.type == av1::obu_type::padding)
            continue;
        element e;
        e.header[0] = static_cast<std::uint8_t>(std::to_integer<std::uint8_t>(o.whole[0]) & ~0x02u);
        if (o.has_extension) {
            e.header[1] = std::to_integer<std::uint8_t>(o.whole[1]);
            e.header_size = 2;
        }
        const auto offset = static_cast<std::size_t>(o.payload.data() - source.bytes().data());
        e.payload = source.slice(offset, o.payload.size());
        has_sequence_header |= o.type == av1::obu_type::sequence_header;
        out.push_back(std::move(e));
    }
    return {};
}

// Cuts the elements into packets of at most `room` payload bytes after the
// aggregation header, counting a length before every element (W = 0); the
// count form only ever needs less. A packet takes a fragment of an element
// that does not fit when at least `min_fragment` bytes of it would.
std::vector<std::vector<chunk>> plan_packets(const std::vector<element>& elements, std::size_t room) {
    constexpr std::size_t min_fragment = 32;
    std::vector<std::vector<chunk>> packets(1);
    std::size_t used = 0;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        std::size_t from = 0;
        const auto size = elements[i].size();
        while (from < size) {
            const auto left = size - from;
            const auto free = room - used;
            if (leb128_size(left) + left <= free) {
                packets.back().push_back({i, from, size});
                used += leb128_size(left) + left;
                break;
            }
            if (free >= min_fragment + 2 || packets.back().empty()) {
                // The largest fragment whose length and bytes fit.
                auto n = free - leb128_size(free);
                while (n > 0 && leb128_size(n) + n > free) --n;
                if (n > 0) {
                    packets.back().push_back({i, from, from + n});
                    from += n;
                }
            }
            packets.emplace_back();
            used = 0;
        }
    }
    if (packets.back().empty()) packets.pop_back();
    return packets;
}

}  // namespace

lal::result<packetized_frame> packetize_av1(const media::media_frame& frame, std::uint32_t timestamp,
                                            const packetizer_options& options) {
    if (frame.data.empty()) return errc::bad_frame;
    if (options.max_payload < 8) return errc::payload_too_small;
    std::vector<element> elements;
    bool has_sequence_header = false;
    if (auto ec = add_elements(frame.data, elements, has_sequence_header)) return ec;
    if (elements.empty()) return errc::bad_frame;
    // AV1 spec 7.5: decoding starts at a sequence header and a key frame, so a
    // key frame carries the sequence header and a receiver can join there.
    if (frame.keyframe && !has_sequence_header && options.parameter_sets_at_keyframes && frame.config) {
        if (auto rec = av1::parse_codec_configuration_record(frame.config->record.bytes());
            rec && !rec->config_obus.empty()) {
            std::vector<element> config;
            bool found = false;
            const auto obus = lal::payload::adopt(std::move(rec->config_obus));
            if (!add_elements(obus, config, found) && found) {
                elements.insert(elements.begin(), std::make_move_iterator(config.begin()),
                                std::make_move_iterator(config.end()));
                has_sequence_header = true;
            }
        }
    }

    const auto plans = plan_packets(elements, options.max_payload - 1);
    // The small bytes of every packet (aggregation headers, lengths, OBU
    // headers) share one buffer; payload pieces are slices of the OBUs.
    struct piece {
        bool small = false;
        std::size_t offset = 0;  // small: into the buffer; else into the element's payload
        std::size_t size = 0;
        std::size_t element = 0;
    };
    std::vector<std::byte> small;
    std::vector<std::vector<piece>> layout(plans.size());
    const auto put_small = [&](std::vector<piece>& ps, std::byte b) {
        if (ps.empty() || !ps.back().small || ps.back().offset + ps.back().size != small.size())
            ps.push_back({true, small.size(), 0, 0});
        small.push_back(b);
        ++ps.back().size;
    };
    for (std::size_t p = 0; p < plans.size(); ++p) {
        const auto& cs = plans[p];
        auto& ps = layout[p];
        const auto w = cs.size() <= 3 ? cs.size() : 0;  // 4.4: the count form omits the last length
        std::uint8_t agg = static_cast<std::uint8_t>(w << av1_w_shift);
        if (cs.front().from > 0) agg |= av1_z;
        if (cs.back().to < elements[cs.back().index].size()) agg |= av1_y;
        if (p == 0 && frame.keyframe && has_sequence_header) agg |= av1_n;
        put_small(ps, static_cast<std::byte>(agg));
        for (std::size_t c = 0; c < cs.size(); ++c) {
            const auto& ch = cs[c];
            const auto& e = elements[ch.index];
            if (w == 0 || c + 1 < cs.size()) {
                std::vector<std::byte> leb;
                av1::append_leb128(static_cast<std::uint32_t>(ch.to - ch.from), leb);
                for (auto b : leb) put_small(ps, b);
            }
            for (auto i = ch.from; i < std::min(ch.to, e.header_size); ++i) put_small(ps, std::byte{e.header[i]});
            const auto start = std::max(ch.from, e.header_size);
            if (ch.to > start) ps.push_back({false, start - e.header_size, ch.to - start, ch.index});
        }
    }
    const auto shared = lal::payload::adopt(std::move(small));
    packetized_frame out;
    out.packets.reserve(plans.size());
    for (std::size_t p = 0; p < plans.size(); ++p) {
        packet_plan plan{timestamp, p + 1 == plans.size(), {}};
        for (const auto& pc : layout[p]) {
            plan.pieces.push_back(pc.small ? shared.slice(pc.offset, pc.size)
                                           : elements[pc.element].payload.slice(pc.offset, pc.size));
        }
        out.packets.push_back(std::move(plan));
    }
    return out;
}

}  // namespace lal::rtp::detail
