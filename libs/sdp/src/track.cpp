// SPDX-License-Identifier: MIT
// Media sections to receivable tracks (codec, clock, configuration record)
// and track configurations to media sections, for the payload formats of
// lal::rtp: RFC 6184 8.1 (H.264), RFC 7798 7.1 (H.265), RFC 3640 4.1 (AAC),
// RFC 7587 6.1 (Opus), RFC 3551 (G.711).
#include <lal/sdp/track.hpp>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/rtp/hevc_config.hpp>

#include "text.hpp"

namespace lal::sdp {
namespace {

using detail::iequals;
using detail::number;

media::track_config_ptr make_config(media::media_kind kind, media::codec_id codec, std::vector<std::byte> record) {
    return std::make_shared<const media::track_config>(
        media::track_config{kind, codec, lal::payload::adopt(std::move(record))});
}

std::optional<std::vector<std::byte>> hex_bytes(std::string_view s) {
    s = detail::trim(s);
    if (s.size() % 2 != 0) return std::nullopt;
    std::vector<std::byte> out;
    for (std::size_t i = 0; i < s.size(); i += 2) {
        auto v = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        const int hi = v(s[i]), lo = v(s[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<std::byte>(hi * 16 + lo));
    }
    return out;
}

std::string hex_text(byte_span b) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (auto x : b) {
        out += digits[std::to_integer<unsigned>(x) >> 4];
        out += digits[std::to_integer<unsigned>(x) & 15];
    }
    return out;
}

// RFC 6184 8.1: sprop-parameter-sets is a comma-separated list of base64
// NAL units (SPS and PPS in any order). Cameras add spaces, a trailing comma,
// or leave out the padding.
media::track_config_ptr h264_config(const std::vector<fmtp_parameter>& fmtp) {
    auto sets = fmtp_value(fmtp, "sprop-parameter-sets");
    if (!sets) return nullptr;
    std::vector<std::vector<std::byte>> sps, pps;
    std::string_view rest = *sets;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto nal = base64_decode(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (!nal || nal->empty()) continue;
        const auto type = avc::nal_type_of(*nal);
        if (type == avc::nal_unit_type::sps) sps.push_back(std::move(*nal));
        else if (type == avc::nal_unit_type::pps) pps.push_back(std::move(*nal));
    }
    if (sps.empty() || pps.empty()) return nullptr;
    auto rec = avc::make_decoder_configuration_record(sps.front(), pps.front());
    if (!rec) return nullptr;
    for (std::size_t i = 1; i < pps.size(); ++i) rec->pps.push_back(pps[i]);
    std::vector<std::byte> out;
    if (avc::append_decoder_configuration_record(*rec, out)) return nullptr;
    return make_config(media::media_kind::video, media::codec_id::h264, std::move(out));
}

// RFC 7798 7.1: sprop-vps, sprop-sps, sprop-pps (base64, comma-separated; the first is used).
media::track_config_ptr h265_config(const std::vector<fmtp_parameter>& fmtp) {
    auto first = [&](std::string_view name) -> std::optional<std::vector<std::byte>> {
        auto v = fmtp_value(fmtp, name);
        if (!v) return std::nullopt;
        auto b = base64_decode(v->substr(0, v->find(',')));
        if (!b || b->empty()) return std::nullopt;
        return b;
    };
    auto vps = first("sprop-vps");
    auto sps = first("sprop-sps");
    auto pps = first("sprop-pps");
    if (!vps || !sps || !pps) return nullptr;
    auto rec = rtp::make_hevc_config(*vps, *sps, *pps);
    if (!rec) return nullptr;
    return make_config(media::media_kind::video, media::codec_id::h265, std::move(*rec));
}

// RFC 7845 5.1 identification header, for players that want an OpusHead.
std::vector<std::byte> opus_head(unsigned channels) {
    std::vector<std::byte> h;
    for (char c : std::string_view("OpusHead")) h.push_back(static_cast<std::byte>(c));
    h.push_back(std::byte{1});                                // version
    h.push_back(static_cast<std::byte>(channels));            // output channel count
    h.insert(h.end(), {std::byte{0}, std::byte{0}});          // pre-skip: unknown from SDP
    h.insert(h.end(), {std::byte{0x80}, std::byte{0xbb}, std::byte{0}, std::byte{0}});  // 48000 LE
    h.insert(h.end(), {std::byte{0}, std::byte{0}, std::byte{0}});  // gain 0, mapping family 0
    return h;
}

lal::result<track> describe_format(const media_description& m, std::uint8_t pt) {
    auto map = m.rtpmap(pt);
    if (!map) return errc::no_media;
    const auto fmtp = m.fmtp(pt);
    track t;
    t.kind = iequals(m.media, "audio") ? media::media_kind::audio : media::media_kind::video;
    t.payload_type = pt;
    t.clock_rate = map->clock_rate;
    t.channels = map->channels;
    t.control = std::string(m.control());
    const auto& enc = map->encoding;
    if (iequals(enc, "H264")) {
        // RFC 6184 5.4: mode 2 (interleaved) needs STAP-B/MTAP/FU-B, which lal does not read.
        if (auto mode = fmtp_value(fmtp, "packetization-mode"); mode && number<int>(*mode) == 2)
            return errc::unsupported_mode;
        t.kind = media::media_kind::video;
        t.codec = media::codec_id::h264;
        t.config = h264_config(fmtp);
    } else if (iequals(enc, "H265")) {
        t.kind = media::media_kind::video;
        t.codec = media::codec_id::h265;
        t.config = h265_config(fmtp);
    } else if (iequals(enc, "mpeg4-generic")) {
        // RFC 3640 4.1: AAC only in the modes with AU headers of fixed size.
        auto mode = fmtp_value(fmtp, "mode");
        if (mode && !iequals(*mode, "AAC-hbr") && !iequals(*mode, "AAC-lbr")) return errc::unsupported_mode;
        t.kind = media::media_kind::audio;
        t.codec = media::codec_id::aac;
        if (auto v = fmtp_value(fmtp, "sizelength")) t.depacketizer.size_length = number<unsigned>(*v).value_or(13);
        if (auto v = fmtp_value(fmtp, "indexlength")) t.depacketizer.index_length = number<unsigned>(*v).value_or(3);
        if (auto v = fmtp_value(fmtp, "indexdeltalength"))
            t.depacketizer.index_delta_length = number<unsigned>(*v).value_or(3);
        if (t.depacketizer.size_length > 16 || t.depacketizer.index_length > 8 || t.depacketizer.index_delta_length > 8)
            return errc::unsupported_mode;
        if (auto cfg = fmtp_value(fmtp, "config")) {
            auto bytes = hex_bytes(*cfg);
            if (bytes && aac::parse_asc(*bytes)) t.config = make_config(t.kind, t.codec, std::move(*bytes));
        }
    } else if (iequals(enc, "opus")) {
        // RFC 7587 7: the rtpmap always says 48000/2; sprop-stereo says what is sent.
        t.kind = media::media_kind::audio;
        t.codec = media::codec_id::opus;
        auto stereo = fmtp_value(fmtp, "sprop-stereo");
        t.channels = stereo && number<int>(*stereo) == 1 ? 2 : 1;
        t.config = make_config(t.kind, t.codec, opus_head(t.channels));
    } else if (iequals(enc, "PCMA") || iequals(enc, "PCMU")) {
        t.kind = media::media_kind::audio;
        t.codec = iequals(enc, "PCMA") ? media::codec_id::g711a : media::codec_id::g711u;
        if (t.channels == 0) t.channels = 1;
    } else {
        return errc::no_media;
    }
    if (t.clock_rate == 0) t.clock_rate = media::is_video(t.codec) ? 90000 : 8000;
    return t;
}

}  // namespace

lal::result<track> describe_track(const media_description& m) {
    std::error_code first_error = errc::no_media;
    for (const auto& f : m.formats) {
        auto pt = number<unsigned>(f);
        if (!pt || *pt > 127) continue;
        auto t = describe_format(m, static_cast<std::uint8_t>(*pt));
        if (t) return t;
        if (t.error() != errc::no_media) first_error = t.error();
    }
    return first_error;
}

lal::result<media_description> media_for(const media::track_config& config, std::uint8_t payload_type,
                                         std::string control) {
    media_description m;
    m.media = media::is_video(config.codec) ? "video" : "audio";
    m.formats.push_back(std::to_string(payload_type));
    const auto pt = std::to_string(payload_type);
    std::string rtpmap, fmtp;
    switch (config.codec) {
    case media::codec_id::h264: {
        auto rec = avc::parse_decoder_configuration_record(config.record.bytes());
        if (!rec || rec->sps.empty() || rec->pps.empty() || rec->sps.front().size() < 4) return errc::bad_parameter_sets;
        rtpmap = "H264/90000";
        fmtp = "packetization-mode=1;profile-level-id=" + hex_text(std::span(rec->sps.front()).subspan(1, 3)) +
               ";sprop-parameter-sets=" + base64_encode(rec->sps.front());
        for (const auto& p : rec->pps) fmtp += "," + base64_encode(p);
        break;
    }
    case media::codec_id::h265: {
        auto sets = rtp::hevc_config_parameter_sets(config.record.bytes());
        if (!sets) return errc::bad_parameter_sets;
        std::string vps, sps, pps;
        for (auto s : *sets) {
            const auto type = rtp::hevc_nal_type(s);
            auto& list = type == rtp::hevc_nal::vps ? vps : type == rtp::hevc_nal::sps ? sps : pps;
            if (type < rtp::hevc_nal::vps || type > rtp::hevc_nal::pps) continue;
            list += (list.empty() ? "" : ",") + base64_encode(s);
        }
        if (vps.empty() || sps.empty() || pps.empty()) return errc::bad_parameter_sets;
        rtpmap = "H265/90000";
        fmtp = "sprop-vps=" + vps + ";sprop-sps=" + sps + ";sprop-pps=" + pps;
        break;
    }
    case media::codec_id::aac: {
        auto asc = aac::parse_asc(config.record.bytes());
        if (!asc) return errc::bad_parameter_sets;
        rtpmap = "mpeg4-generic/" + std::to_string(asc->sampling_frequency) + "/" +
                 std::to_string(asc->channel_configuration ? asc->channel_configuration : 2);
        fmtp = "streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=" +
               hex_text(config.record.bytes());
        break;
    }
    case media::codec_id::opus: {
        // OpusHead byte 9 is the channel count (RFC 7845 5.1).
        const auto rec = config.record.bytes();
        const bool stereo = rec.size() > 9 && std::to_integer<int>(rec[9]) >= 2;
        rtpmap = "opus/48000/2";
        fmtp = stereo ? "sprop-stereo=1" : "sprop-stereo=0";
        break;
    }
    case media::codec_id::g711a: rtpmap = "PCMA/8000"; break;
    case media::codec_id::g711u: rtpmap = "PCMU/8000"; break;
    default: return errc::unsupported_codec;
    }
    m.attributes.push_back({"rtpmap", pt + " " + rtpmap});
    if (!fmtp.empty()) m.attributes.push_back({"fmtp", pt + " " + fmtp});
    m.attributes.push_back({"control", std::move(control)});
    return m;
}

}  // namespace lal::sdp
