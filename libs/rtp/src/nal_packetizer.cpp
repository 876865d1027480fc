// SPDX-License-Identifier: MIT
// H.264 (RFC 6184) and H.265 (RFC 7798) packetization: single NAL unit
// packets, aggregation packets (STAP-A, AP) for runs of small units, and
// fragmentation units (FU-A, FU) for units over the payload limit. NAL unit
// bytes are never copied: pieces are slices of the frame's data, and the
// small payload headers of one frame share one buffer.
#include "nal_packetizer.hpp"

#include <algorithm>

#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/rtp/hevc_config.hpp>

namespace lal::rtp::detail {
namespace {

// The configuration's parameter sets, to send before a key frame lacking them.
std::vector<lal::payload> config_parameter_sets(const nal_format& fmt, const media::track_config& config) {
    std::vector<lal::payload> out;
    if (fmt.header_size == 1) {
        auto rec = avc::parse_decoder_configuration_record(config.record.bytes());
        if (!rec) return out;
        for (const auto& s : rec->sps) out.push_back(lal::payload::copy_from(s));
        for (const auto& p : rec->pps) out.push_back(lal::payload::copy_from(p));
    } else {
        auto sets = hevc_config_parameter_sets(config.record.bytes());
        if (!sets) return out;
        for (auto s : *sets) out.push_back(lal::payload::copy_from(s));
    }
    return out;
}

// Small header bytes of one frame in one buffer; pieces refer to it by
// offset until the buffer is final.
class header_bytes {
public:
    std::size_t put(std::initializer_list<std::byte> bytes) {
        const auto at = bytes_.size();
        bytes_.insert(bytes_.end(), bytes);
        return at;
    }
    std::byte* at(std::size_t offset) noexcept { return bytes_.data() + offset; }
    void refer(packetized_frame& f, std::size_t offset, std::size_t size) {
        auto& p = f.packets.back();
        refs_.push_back({f.packets.size() - 1, p.pieces.size(), offset, size});
        p.pieces.emplace_back();
    }
    void resolve(packetized_frame& f) {
        auto all = lal::payload::adopt(std::move(bytes_));
        for (const auto& r : refs_) f.packets[r.packet].pieces[r.piece] = all.slice(r.offset, r.size);
    }

private:
    struct ref {
        std::size_t packet, piece, offset, size;
    };
    std::vector<std::byte> bytes_;
    std::vector<ref> refs_;
};

}  // namespace

lal::result<packetized_frame> packetize_nal(const nal_format& fmt, const media::media_frame& frame,
                                            std::uint32_t timestamp, const packetizer_options& options) {
    const auto hs = fmt.header_size;
    // A fragment carries at least one byte after its headers; an aggregate two units.
    if (options.max_payload < hs + 2) return errc::payload_too_small;
    auto spans = avc::split_avcc(frame.data.bytes(), 4);
    if (!spans) return errc::bad_frame;

    std::vector<lal::payload> units;
    bool has_parameter_sets = false;
    for (auto s : *spans) has_parameter_sets |= fmt.is_parameter_set(fmt.type_of(s));
    if (options.parameter_sets_at_keyframes && frame.keyframe && !has_parameter_sets && frame.config)
        units = config_parameter_sets(fmt, *frame.config);
    for (auto s : *spans) {
        if (s.size() <= hs || fmt.is_packet_type(fmt.type_of(s))) return errc::bad_frame;
        units.push_back(frame.data.slice(static_cast<std::size_t>(s.data() - frame.data.data()), s.size()));
    }
    if (units.empty()) return errc::bad_frame;

    packetized_frame out;
    header_bytes headers;
    auto new_packet = [&] {
        out.packets.emplace_back();
        out.packets.back().timestamp = timestamp;
    };
    std::size_t i = 0;
    while (i < units.size()) {
        if (options.aggregate) {
            std::size_t total = hs;
            std::size_t j = i;
            while (j < units.size() && total + 2 + units[j].size() <= options.max_payload) total += 2 + units[j++].size();
            if (j - i >= 2) {
                // RFC 6184 5.7.1 / RFC 7798 4.4.2: F is the OR of the units'
                // F bits; NRI the highest, LayerId and TID the lowest.
                std::uint8_t f = 0, nri = 0, layer = 0x3f, tid = 7;
                for (std::size_t k = i; k < j; ++k) {
                    const auto b0 = std::to_integer<std::uint8_t>(units[k].bytes()[0]);
                    f |= b0 & 0x80;
                    nri = std::max<std::uint8_t>(nri, b0 & 0x60);
                    if (hs == 2) {
                        const auto b1 = std::to_integer<std::uint8_t>(units[k].bytes()[1]);
                        layer = std::min<std::uint8_t>(layer, static_cast<std::uint8_t>(((b0 & 1) << 5) | (b1 >> 3)));
                        tid = std::min<std::uint8_t>(tid, b1 & 7);
                    }
                }
                new_packet();
                std::size_t at;
                if (hs == 1) {
                    at = headers.put({static_cast<std::byte>(f | nri | fmt.aggregate_type)});
                } else {
                    at = headers.put({static_cast<std::byte>(f | (fmt.aggregate_type << 1) | (layer >> 5)),
                                      static_cast<std::byte>(((layer & 0x1f) << 3) | tid)});
                }
                for (std::size_t k = i; k < j; ++k) {
                    const auto n = units[k].size();
                    const auto len_at = headers.put({static_cast<std::byte>(n >> 8), static_cast<std::byte>(n & 0xff)});
                    // The payload header and the first size are adjacent: one piece.
                    if (k == i) headers.refer(out, at, hs + 2);
                    else headers.refer(out, len_at, 2);
                    out.packets.back().pieces.push_back(units[k]);
                }
                i = j;
                continue;
            }
        }
        const auto& unit = units[i++];
        if (unit.size() <= options.max_payload) {
            new_packet();
            out.packets.back().pieces.push_back(unit);
            continue;
        }
        // RFC 6184 5.8 / RFC 7798 4.4.3: the unit's header is not sent; each
        // fragment has a payload header and an FU header with S, E and the type.
        const auto type = fmt.type_of(unit.bytes());
        const auto body = unit.slice(hs);
        const auto chunk = options.max_payload - hs - 1;
        for (std::size_t off = 0; off < body.size(); off += chunk) {
            const auto n = std::min(chunk, body.size() - off);
            const bool start = off == 0;
            const bool end = off + n == body.size();
            new_packet();
            const auto at = headers.put({std::byte{0}, std::byte{0}, std::byte{0}});
            fmt.payload_header(unit.bytes(), fmt.fragment_type, headers.at(at));
            *headers.at(at + hs) = static_cast<std::byte>((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            headers.refer(out, at, hs + 1);
            out.packets.back().pieces.push_back(body.slice(off, n));
        }
    }
    headers.resolve(out);
    out.packets.back().marker = true;  // RFC 6184 5.1: last packet of the access unit
    return out;
}

}  // namespace lal::rtp::detail
