// SPDX-License-Identifier: MIT
#include <lal/flv/media_convert.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/flv/ex_header.hpp>
#include <lal/flv/frame_class.hpp>

namespace lal::flv {
namespace {

using media::codec_id;
using media::media_kind;

unsigned byte_at(lal::byte_span b, std::size_t i) noexcept { return std::to_integer<unsigned>(b[i]); }

// SI24 CompositionTime (E.4.3.1, and Enhanced RTMP CodedFrames for avc1/hvc1).
std::int32_t si24_at(lal::byte_span b, std::size_t i) noexcept {
    const auto raw = static_cast<std::int32_t>(byte_at(b, i) << 16 | byte_at(b, i + 1) << 8 | byte_at(b, i + 2));
    return (raw & 0x800000) ? raw - 0x1000000 : raw;
}

// Where the header ends, the composition time, and what the body carries.
struct layout {
    std::size_t header = 0;
    std::int32_t composition_ms = 0;
    std::uint32_t offset_ns = 0;  // Enhanced RTMP v2 ModEx TimestampOffsetNano
    media_item::type what = media_item::type::other;
};

lal::result<layout> video_layout(lal::byte_span b, const frame_class& c) {
    layout l;
    const unsigned b0 = byte_at(b, 0);
    if (c.enhanced) {
        auto h = parse_ex_video_header(b);
        // A body the model would read (a configuration, frames, an end) that
        // ends inside its header is an error; anything else passes whole.
        const bool readable = ((b0 >> 4) & 7) != 5 && (b0 & 0x0f) <= 3;
        if (!h && h.error() == errc::truncated && readable) return errc::truncated;
        using pt = video_packet_type;
        if (!h || h->frame_type == 5 || h->packet_type == pt::metadata || h->packet_type == pt::multitrack ||
            h->packet_type == pt::mpeg2ts_sequence_start || static_cast<unsigned>(h->packet_type) > 7) {
            // Command frames, metadata, multitrack (refused by the parser),
            // AV1's MPEG-TS configuration, unknown types: carried whole, so
            // FLV and RTMP players still get them as they came.
            l.header = b.size();
            return l;
        }
        // Only avc1/hvc1 CodedFrames carry a CompositionTime (the parser read it).
        l.header = h->size;
        l.composition_ms = h->composition_time;
        l.offset_ns = h->timestamp_offset_ns;
        l.what = h->packet_type == pt::sequence_start ? media_item::type::config
                 : h->packet_type == pt::sequence_end ? media_item::type::end_of_sequence
                                                      : media_item::type::frame;
        return l;
    }
    if ((b0 >> 4) == 5) {
        l.header = b.size();  // video info / command frame (E.4.3.1), whatever the codec
        return l;
    }
    const unsigned codec = b0 & 0x0f;
    if (codec == 7 || codec == 12 || codec == 13) {
        // AVCPacketType and CompositionTime follow (E.4.3.1).
        if (b.size() < 5) return errc::truncated;
        l.header = 5;
        const unsigned packet_type = byte_at(b, 1);
        if (packet_type == 0) {
            l.what = media_item::type::config;
        } else if (packet_type == 1) {
            l.what = media_item::type::frame;
            l.composition_ms = si24_at(b, 2);
        } else if (packet_type == 2) {
            l.what = media_item::type::end_of_sequence;
        } else {
            l.header = b.size();
        }
        return l;
    }
    l.header = 1;
    l.what = media_item::type::frame;
    return l;
}

lal::result<layout> audio_layout(lal::byte_span b, const frame_class& c) {
    layout l;
    const unsigned b0 = byte_at(b, 0);
    if (c.enhanced) {
        auto h = parse_ex_audio_header(b);
        if (!h && h.error() == errc::truncated && (b0 & 0x0f) <= 2) return errc::truncated;
        using pt = audio_packet_type;
        if (!h || static_cast<unsigned>(h->packet_type) > 2) {
            l.header = b.size();  // multichannel configuration, multitrack: carried whole
            return l;
        }
        l.header = h->size;
        l.offset_ns = h->timestamp_offset_ns;
        l.what = h->packet_type == pt::sequence_start ? media_item::type::config
                 : h->packet_type == pt::sequence_end ? media_item::type::end_of_sequence
                                                      : media_item::type::frame;
        return l;
    }
    if ((b0 >> 4) == 10) {
        // AACPacketType follows (E.4.2.1).
        if (b.size() < 2) return errc::truncated;
        l.header = 2;
        l.what = byte_at(b, 1) == 0 ? media_item::type::config : media_item::type::frame;
        return l;
    }
    l.header = 1;
    l.what = media_item::type::frame;
    return l;
}

}  // namespace

lal::result<media_item> to_media(tag_type type, std::uint32_t timestamp_ms, const lal::payload& body,
                                 media::track_config_ptr current) {
    if (type == tag_type::script) return errc::unknown_tag_type;
    const auto b = body.bytes();
    if (b.empty()) return errc::truncated;
    const auto c = classify(type, b);
    auto l = type == tag_type::video ? video_layout(b, c) : audio_layout(b, c);
    if (!l) return l.error();
    const auto kind = type == tag_type::video ? media_kind::video : media_kind::audio;

    media_item item;
    item.what = l->what;
    item.source = media::container::flv;
    // Every item says its track, codec and time, so the hub orders and times it alike.
    item.frame.kind = kind;
    item.frame.codec = c.codec;
    // Enhanced RTMP v2 ModEx TimestampOffsetNano refines the millisecond time
    // (under 1 ms by the spec; kept to whole µs, the media model's unit).
    item.frame.dts = media::from_ms(timestamp_ms) + static_cast<media::micros>(l->offset_ns / 1000);
    item.frame.pts = item.frame.dts;
    // An end of sequence carries nothing the model reads: all of it is header.
    if (l->what == media_item::type::end_of_sequence) l->header = b.size();
    item.header = body.slice(0, l->header);
    const auto rest = body.slice(l->header);
    if (l->what == media_item::type::config) {
        item.config = std::make_shared<const media::track_config>(media::track_config{kind, c.codec, rest});
        return item;
    }
    item.config = std::move(current);
    auto& f = item.frame;
    if (l->what != media_item::type::frame) {
        // Passed through whole; a key frame the model cannot read (a multitrack
        // packet...) still starts a GOP for players and the cache.
        f.keyframe = kind == media_kind::video && c.keyframe;
        return item;
    }
    f.pts = f.dts + media::from_ms(l->composition_ms);
    // Audio frames are all random access points.
    f.keyframe = kind == media_kind::audio || c.keyframe;
    f.data = rest;
    f.config = item.config;
    return item;
}

namespace {

// The kept FLV body of `item` (its header and data, or script data's AMF
// bytes) into `out`; false when the body has to be built from the model.
bool kept_pieces(const media_item& item, body_pieces& out) noexcept {
    if (item.what == media_item::type::metadata || item.what == media_item::type::data) {
        out.kept[0] = item.frame.data;  // script data: the AMF bytes are the body (E.4.4)
        out.count = 1;
        return true;
    }
    if (item.source != media::container::flv || (item.header.empty() && item.what != media_item::type::other)) {
        return false;
    }
    const lal::payload& data = item.what == media_item::type::config
                                   ? (item.config ? item.config->record : lal::payload{})
                                   : item.frame.data;
    out.count = 0;
    for (const auto* p : {&item.header, &data}) {
        if (!p->empty()) out.kept[out.count++] = *p;
    }
    return true;
}

}  // namespace

lal::result<body_pieces> to_flv_pieces(const media_item& item) {
    body_pieces out;
    if (kept_pieces(item, out)) return out;
    auto built = to_flv_body(item);
    if (!built) return built.error();
    out.built = std::move(*built);
    return out;
}

lal::result<media::wire_form> to_flv_body(const media_item& item) {
    media::wire_form out;
    {
        body_pieces kept;
        if (kept_pieces(item, kept)) {
            for (const auto& p : kept.pieces()) out.add(p);
            return out;
        }
    }
    const lal::payload& data = item.what == media_item::type::config
                                   ? (item.config ? item.config->record : lal::payload{})
                                   : item.frame.data;
    // No kept header: build one from the model.
    const bool is_config = item.what == media_item::type::config;
    const bool is_eos = item.what == media_item::type::end_of_sequence;
    const auto kind = is_config ? (item.config ? item.config->kind : media_kind::video) : item.frame.kind;
    auto codec = item.frame.codec != codec_id::unknown ? item.frame.codec
                 : item.config                         ? item.config->codec
                                                       : codec_id::unknown;
    if (is_config) codec = item.config ? item.config->codec : codec_id::unknown;
    if (item.what == media_item::type::other) return errc::unsupported_codec;
    std::vector<std::byte> h;
    lal::byte_writer w(h);
    const bool key = is_config || is_eos || item.frame.keyframe;
    const unsigned frame_type = key ? 1 : 2;
    const unsigned packet_type = is_config ? 0 : is_eos ? 2 : 1;
    if (kind == media_kind::video) {
        if (codec == codec_id::h264 || codec == codec_id::h265) {
            // E.4.3.1: FrameType, CodecID (12 for HEVC), AVCPacketType, CompositionTime in ms.
            w.u8(static_cast<std::uint8_t>(frame_type << 4 | (codec == codec_id::h264 ? 7u : 12u)));
            w.u8(static_cast<std::uint8_t>(packet_type));
            const auto cts = item.what == media_item::type::frame ? media::to_ms(item.frame.pts - item.frame.dts) : 0;
            w.u24(static_cast<std::uint32_t>(cts) & 0xffffff);
        } else if (codec == codec_id::av1 || codec == codec_id::vp9) {
            // Enhanced RTMP: IsExHeader, FrameType, PacketType, FourCC; these
            // packets have no CompositionTime, so pts must equal dts.
            if (item.what == media_item::type::frame && item.frame.pts != item.frame.dts) return errc::unsupported_codec;
            ex_video_header eh;
            eh.frame_type = static_cast<std::uint8_t>(frame_type);
            eh.packet_type = static_cast<video_packet_type>(packet_type);
            eh.fourcc = codec == codec_id::av1 ? fourcc('a', 'v', '0', '1') : fourcc('v', 'p', '0', '9');
            append_ex_video_header(eh, h);
        } else {
            return errc::unsupported_codec;
        }
    } else {
        switch (codec) {
            case codec_id::aac:
                if (is_eos) return errc::unsupported_codec;
                w.u8(0xaf);  // AAC, 44 kHz, 16-bit, stereo: what E.4.2.1 asks of AAC
                w.u8(static_cast<std::uint8_t>(is_config ? 0 : 1));
                break;
            case codec_id::opus:
                append_ex_audio_header({static_cast<audio_packet_type>(packet_type), fourcc('O', 'p', 'u', 's'), 0, 0}, h);
                break;
            case codec_id::mp3:
            case codec_id::g711a:
            case codec_id::g711u:
                if (item.what != media_item::type::frame) return errc::unsupported_codec;
                // 44 kHz 16-bit stereo for MP3; G.711 as 8 kHz mono 16-bit decoders expect (rate bits 0).
                w.u8(codec == codec_id::mp3 ? 0x2f : codec == codec_id::g711a ? 0x72 : 0x82);
                break;
            default: return errc::unsupported_codec;
        }
    }
    out.add(lal::payload::adopt(std::move(h)));
    out.add(data);
    return out;
}

}  // namespace lal::flv
