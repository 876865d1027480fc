// SPDX-License-Identifier: MIT
// The lal::rtp and lal::sdp part of the outside program: reads an SDP as
// ffmpeg writes it, takes the H.264 track's configuration from it, and sends
// one key frame through packetizer, sender, parser and depacketizer.
#include <cstdio>
#include <string>

#include <lal/rtp/depacketizer.hpp>
#include <lal/rtp/packetizer.hpp>
#include <lal/rtp/sender.hpp>
#include <lal/sdp/session.hpp>
#include <lal/sdp/track.hpp>

std::string rtp_sdp_summary() {
    constexpr const char* text =
        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=No Name\r\nt=0 0\r\n"
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
        "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z01AHtoCgL/lwEQAAAMABAAAAwDKPFi6gA==,aO88gA==\r\n"
        "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/44100/2\r\n"
        "a=fmtp:97 mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1210\r\n";
    auto session = lal::sdp::parse(text);
    if (!session) return "sdp_error";
    unsigned tracks = 0;
    for (const auto& m : session->media) tracks += lal::sdp::describe_track(m).has_value();
    auto video = lal::sdp::describe_track(session->media[0]);
    if (!video || !video->config) return "sdp_no_video";

    std::vector<std::byte> idr{std::byte{0}, std::byte{0}, std::byte{3}, std::byte{0xe8}, std::byte{0x65}};
    idr.resize(4 + 1000, std::byte{0x42});
    lal::media::media_frame frame;
    frame.codec = lal::media::codec_id::h264;
    frame.keyframe = true;
    frame.data = lal::payload::adopt(std::move(idr));
    frame.config = video->config;
    auto plans = lal::rtp::packetize(frame, video->clock_rate);
    if (!plans) return "rtp_error";
    auto depacketizer = lal::rtp::make_depacketizer(video->codec, video->clock_rate, video->config);
    lal::rtp::sender sender(1, video->payload_type, 0, 0);
    for (const auto& plan : plans->packets) {
        auto packet = lal::rtp::parse_packet(lal::payload::adopt(sender.packet(plan).flatten()));
        if (!packet || depacketizer->push(*packet)) return "rtp_error";
    }
    unsigned frames = 0;
    while (auto f = depacketizer->next()) frames += f->keyframe;
    return "rtp_frames=" + std::to_string(frames) + " sdp_tracks=" + std::to_string(tracks);
}
