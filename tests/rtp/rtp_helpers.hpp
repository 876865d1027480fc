// SPDX-License-Identifier: MIT
// Helpers of the lal::rtp tests: frames from NAL lists, packets through a
// sender as a peer would receive them, and the frames of the test clips.
#pragma once

#include <string>
#include <vector>

#include <lal/flv/media_convert.hpp>
#include <lal/flv/reader.hpp>
#include <lal/rtp/depacketizer.hpp>
#include <lal/rtp/packetizer.hpp>
#include <lal/rtp/sender.hpp>

#include "data_path.hpp"
#include "hex.hpp"

namespace lal::rtp::test {

/// A frame of the model with dts = pts.
inline media::media_frame make_frame(media::media_kind kind, media::codec_id codec, std::vector<std::byte> data,
                                     media::micros pts, bool key, media::track_config_ptr config) {
    media::media_frame f;
    f.kind = kind;
    f.codec = codec;
    f.pts = f.dts = pts;
    f.keyframe = key;
    f.data = lal::payload::adopt(std::move(data));
    f.config = std::move(config);
    return f;
}

/// A video frame of the given NAL units, each with a 4-byte length.
inline media::media_frame video_frame(media::codec_id codec, std::vector<std::vector<std::byte>> nals,
                                      media::micros pts, bool key, media::track_config_ptr config = {}) {
    std::vector<std::byte> data;
    for (const auto& n : nals) {
        const auto at = data.size();
        data.resize(at + 4);
        store_be(data.data() + at, n.size(), 4);
        data.insert(data.end(), n.begin(), n.end());
    }
    return make_frame(media::media_kind::video, codec, std::move(data), pts, key, std::move(config));
}

/// NAL unit of `size` bytes: `header` then a counting pattern.
inline std::vector<std::byte> nal(std::vector<std::byte> header, std::size_t size) {
    auto n = std::move(header);
    while (n.size() < size) n.push_back(static_cast<std::byte>(n.size() * 7));
    return n;
}

/// A received packet (payload type 96, SSRC 1) carrying `payload`.
inline packet make_packet(std::uint16_t seq, std::uint32_t ts, bool marker, const std::vector<std::byte>& payload) {
    auto bytes = build_packet({marker, 96, seq, ts, 1, {}, {}}, payload);
    return *parse_packet(lal::payload::adopt(std::move(*bytes)));
}

/// The packets of a packetized frame as received: parsed from whole datagrams.
inline std::vector<packet> wire_packets(sender& s, const packetized_frame& f) {
    std::vector<packet> out;
    for (const auto& plan : f.packets) {
        auto datagram = lal::payload::adopt(s.packet(plan).flatten());
        auto p = parse_packet(datagram);
        if (!p) throw std::runtime_error("sender wrote an unparsable packet");
        out.push_back(std::move(*p));
    }
    return out;
}

/// Every frame a depacketizer gives out for `packets`, each pushed without error.
inline std::vector<media::media_frame> depacketize_all(media::codec_id codec, std::uint32_t rate,
                                                       media::track_config_ptr config, const std::vector<packet>& packets) {
    auto d = make_depacketizer(codec, rate, std::move(config));
    std::vector<media::media_frame> out;
    for (const auto& p : packets) {
        if (d->push(p)) throw std::runtime_error("depacketizer refused a packet");
        while (auto f = d->next()) out.push_back(std::move(*f));
    }
    return out;
}

/// Every frame a depacketizer gives out so far.
inline std::vector<media::media_frame> drain(depacketizer& d) {
    std::vector<media::media_frame> out;
    while (auto f = d.next()) out.push_back(std::move(*f));
    return out;
}

/// The audio or video frames of an FLV test clip, each with its configuration.
inline std::vector<media::media_frame> clip_frames(const std::string& name, media::media_kind kind) {
    auto bytes = lal::test::read_data("media/" + name);
    flv::reader r;
    if (r.feed(bytes)) throw std::runtime_error("bad clip");
    std::vector<media::media_frame> out;
    media::track_config_ptr config;
    while (auto t = r.next()) {
        const bool video = t->type == flv::tag_type::video;
        if ((video ? media::media_kind::video : media::media_kind::audio) != kind) continue;
        if (t->type != flv::tag_type::video && t->type != flv::tag_type::audio) continue;
        auto item = flv::to_media(t->type, t->timestamp, t->data, config);
        if (!item) continue;
        if (item->what == flv::media_item::type::config) config = item->config;
        if (item->what == flv::media_item::type::frame) out.push_back(item->frame);
    }
    return out;
}

}  // namespace lal::rtp::test
