// SPDX-License-Identifier: MIT
#include <lal/rtsp/media_track.hpp>

#include <variant>

#include <lal/rtp/rtcp.hpp>

namespace lal::rtsp {
namespace {

std::string_view without_slash(std::string_view s) {
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    return s;
}

}  // namespace

std::vector<media_track> tracks_of(const sdp::session_description& s, std::string_view base) {
    std::vector<media_track> out;
    for (const auto& m : s.media) {
        auto t = sdp::describe_track(m);
        if (!t) continue;
        media_track mt;
        mt.url = sdp::resolve_control(base, t->control.empty() ? std::string_view("*") : t->control);
        mt.info = std::move(*t);
        out.push_back(std::move(mt));
    }
    return out;
}

std::optional<std::size_t> find_track(const std::vector<media_track>& tracks, std::string_view uri) {
    uri = without_slash(uri);
    for (std::size_t i = 0; i < tracks.size(); ++i)
        if (without_slash(tracks[i].url) == uri) return i;
    // Clients that rewrite the host (127.0.0.1 vs localhost) still name the control at the end.
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const auto& c = tracks[i].info.control;
        if (!c.empty() && c != "*" && uri.size() > c.size() && uri.ends_with(c) && uri[uri.size() - c.size() - 1] == '/')
            return i;
    }
    if (tracks.size() == 1) return 0;  // a single track set up on the aggregate URL
    return std::nullopt;
}

void start_receiving(media_track& t, std::optional<std::uint16_t> first_sequence) {
    auto options = t.info.depacketizer;
    options.first_sequence = first_sequence;
    t.depacketizer = rtp::make_depacketizer(t.info.codec, t.info.clock_rate, t.info.config, options);
}

void start_sending(media_track& t, std::uint32_t random) {
    // Derive distinct values from one seed; RFC 3550 5.1 wants them unpredictable.
    const std::uint32_t mixed = random * 2654435761u + t.info.payload_type;
    t.sender.emplace(mixed ^ 0x5a5a5a5au, t.info.payload_type, static_cast<std::uint16_t>(mixed >> 7),
                     mixed * 40503u);
}

std::optional<std::pair<std::size_t, bool>> channel_owner(const std::vector<media_track>& tracks, std::uint8_t channel) {
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const auto& t = tracks[i].transport;
        if (!t || !t->interleaved) continue;
        if (channel == t->interleaved->first) return std::pair{i, false};
        if (channel == t->interleaved->second) return std::pair{i, true};
    }
    return std::nullopt;
}

std::error_code receive_packet(media_track& t, bool rtcp, const lal::payload& data,
                               std::vector<media::media_frame>& frames) {
    if (!t.depacketizer) return {};
    if (rtcp) {  // RFC 3550 6.4.1: the SR ties RTP time to the sender's wall clock
        auto packets = rtp::parse_rtcp(data.bytes());
        if (!packets) return packets.error();
        for (const auto& p : *packets)
            if (const auto* sr = std::get_if<rtp::sender_report>(&p)) t.depacketizer->clock().on_sender_report(*sr);
        return {};
    }
    auto p = rtp::parse_packet(data);
    if (!p) return p.error();
    auto ec = t.depacketizer->push(*p);
    while (auto f = t.depacketizer->next()) frames.push_back(std::move(*f));
    return ec;
}

namespace {
// RFC 2326 10.12: '$', the channel, the 16-bit length of what follows.
void append_frame_header(std::uint8_t channel, std::size_t length, std::vector<std::byte>& out) {
    out.push_back(std::byte{'$'});
    out.push_back(static_cast<std::byte>(channel));
    out.push_back(static_cast<std::byte>(length >> 8));
    out.push_back(static_cast<std::byte>(length & 0xff));
}
}  // namespace

void append_interleaved_rtcp(const media_track& t, std::span<const std::byte> compound, std::vector<lal::payload>& out) {
    if (!t.transport || !t.transport->interleaved || compound.size() > 0xffff) return;
    std::vector<std::byte> frame;
    frame.reserve(4 + compound.size());
    append_frame_header(t.transport->interleaved->second, compound.size(), frame);
    frame.insert(frame.end(), compound.begin(), compound.end());
    out.push_back(lal::payload::adopt(std::move(frame)));
}

void append_interleaved(media_track& t, const rtp::packetized_frame& frame, std::vector<lal::payload>& out) {
    if (!t.sender || !t.transport || !t.transport->interleaved) return;
    const auto channel = t.transport->interleaved->first;
    for (const auto& plan : frame.packets) {
        const auto length = plan.size() + rtp::fixed_header_size;
        std::vector<std::byte> head;
        head.reserve(4 + rtp::fixed_header_size);
        append_frame_header(channel, length, head);
        const auto h = t.sender->header(plan);
        head.insert(head.end(), h.begin(), h.end());
        out.push_back(lal::payload::adopt(std::move(head)));
        for (const auto& piece : plan.pieces) out.push_back(piece);
    }
}

}  // namespace lal::rtsp
