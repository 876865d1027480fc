// SPDX-License-Identifier: MIT
#include <lal/flv/ex_header.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/flv/frame_class.hpp>

namespace lal::flv {
namespace {

constexpr unsigned mod_ex_packet = 7;
constexpr unsigned timestamp_offset_nano = 0;  // PacketModExType 0

// Enhanced RTMP v2 ModEx: size (UI8 + 1, or UI16 + 1 after 0xff), data, then
// PacketModExType(4) and the next PacketType(4). Reads every ModEx in a row
// and returns the packet type after them.
lal::result<unsigned> read_mod_ex(lal::byte_reader& r, unsigned packet_type, std::uint32_t& offset_ns) {
    while (packet_type == mod_ex_packet) {
        auto small = r.u8();
        if (!small) return errc::truncated;
        std::size_t size = std::size_t{*small} + 1;
        if (size == 256) {
            auto large = r.u16();
            if (!large) return errc::truncated;
            size = std::size_t{*large} + 1;
        }
        auto data = r.bytes(size);
        auto next = r.u8();
        if (!data || !next) return errc::truncated;
        const unsigned mod_type = *next >> 4;
        packet_type = *next & 0x0f;
        if (mod_type == timestamp_offset_nano) {
            // UI24 nanoseconds to add to the message's millisecond time.
            // Under one millisecond by definition; a larger value would move the
            // frame past the next message's time.
            if (size < 3) return errc::bad_mod_ex;
            offset_ns = static_cast<std::uint32_t>(load_be(data->data(), 3));
            if (offset_ns >= 1'000'000) return errc::bad_mod_ex;
        }
        // Other ModEx types are for later versions: skipped, as the spec asks.
    }
    return packet_type;
}

}  // namespace

bool fourcc_has_composition_time(std::uint32_t f) noexcept {
    return f == fourcc('a', 'v', 'c', '1') || f == fourcc('h', 'v', 'c', '1');
}

lal::result<ex_video_header> parse_ex_video_header(lal::byte_span body) {
    if (!is_ex_video(body)) return body.empty() ? errc::truncated : errc::not_enhanced;
    lal::byte_reader r(body);
    const unsigned b0 = *r.u8();
    ex_video_header h;
    // IsExHeader(1) FrameType(3) PacketType(4).
    h.frame_type = static_cast<std::uint8_t>((b0 >> 4) & 7);
    auto packet = read_mod_ex(r, b0 & 0x0f, h.timestamp_offset_ns);
    if (!packet) return packet.error();
    h.packet_type = static_cast<video_packet_type>(*packet);
    if (h.packet_type != video_packet_type::metadata && h.frame_type == 5) {
        // A command frame: VideoCommand UI8, no FourCC and no payload.
        if (!r.skip(1)) return errc::truncated;
        h.size = r.position();
        return h;
    }
    if (h.packet_type == video_packet_type::multitrack) return errc::unsupported_multitrack;
    auto f = r.u32();
    if (!f) return errc::truncated;
    h.fourcc = *f;
    if (h.packet_type == video_packet_type::coded_frames && fourcc_has_composition_time(h.fourcc)) {
        auto cts = r.u24();
        if (!cts) return errc::truncated;
        const auto raw = static_cast<std::int32_t>(*cts);
        h.composition_time = (raw & 0x800000) ? raw - 0x1000000 : raw;
    }
    h.size = r.position();
    return h;
}

lal::result<ex_audio_header> parse_ex_audio_header(lal::byte_span body) {
    if (!is_ex_audio(body)) return body.empty() ? errc::truncated : errc::not_enhanced;
    lal::byte_reader r(body);
    const unsigned b0 = *r.u8();
    ex_audio_header h;
    // SoundFormat 9 (ExHeader) then AudioPacketType(4).
    auto packet = read_mod_ex(r, b0 & 0x0f, h.timestamp_offset_ns);
    if (!packet) return packet.error();
    h.packet_type = static_cast<audio_packet_type>(*packet);
    if (h.packet_type == audio_packet_type::multitrack) return errc::unsupported_multitrack;
    auto f = r.u32();
    if (!f) return errc::truncated;
    h.fourcc = *f;
    h.size = r.position();
    return h;
}

void append_ex_video_header(const ex_video_header& h, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    const auto packet = static_cast<unsigned>(h.packet_type) & 0x0f;
    w.u8(static_cast<std::uint8_t>(0x80 | (h.frame_type & 7u) << 4 | packet));
    if (h.packet_type != video_packet_type::metadata && h.frame_type == 5) {
        w.u8(0);  // VideoCommand: StartSeek
        return;
    }
    w.u32(h.fourcc);
    if (h.packet_type == video_packet_type::coded_frames && fourcc_has_composition_time(h.fourcc)) {
        w.u24(static_cast<std::uint32_t>(h.composition_time) & 0xffffff);
    }
}

void append_ex_audio_header(const ex_audio_header& h, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    w.u8(static_cast<std::uint8_t>(0x90 | (static_cast<unsigned>(h.packet_type) & 0x0f)));
    w.u32(h.fourcc);
}

}  // namespace lal::flv
