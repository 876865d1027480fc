// SPDX-License-Identifier: MIT
// The RTSP service's sans-socket parts: the hub's RTP form (cut once, read
// back by every player), the SDP of a stream's track configurations, stream
// URLs, the rtsp config keys and the UDP port pairs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <lal/rtp/packetizer.hpp>
#include <lal/rtsp/media_track.hpp>
#include <lal/sdp/session.hpp>

#include "config.hpp"
#include "flv_items.hpp"
#include "rtp_form.hpp"
#include "rtsp_sdp.hpp"
#include "rtsp_udp.hpp"
#include "rtsp_url.hpp"

namespace media = lal::media;

namespace {

std::vector<std::byte> joined(const std::vector<lal::payload>& pieces) {
    std::vector<std::byte> out;
    for (const auto& p : pieces) out.insert(out.end(), p.bytes().begin(), p.bytes().end());
    return out;
}

}  // namespace

TEST_CASE("the RTP form reads back as the packets lal::rtp cuts, sharing the frame's bytes", "[server][rtsp]") {
    lal::server::rtp_form form;
    std::size_t frames = 0, packets = 0, shared = 0;
    for (const auto& item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        const auto wire = form.encode(item);
        if (item.what != media::media_item::type::frame) {
            CHECK(wire.empty());  // configurations travel in the SDP
            continue;
        }
        ++frames;
        const auto got = lal::server::rtp_packets(wire);
        const auto want = lal::rtp::packetize(item.frame, lal::server::rtp_clock_rate(item.frame));
        REQUIRE(want.has_value());
        REQUIRE(got.packets.size() == want->packets.size());
        for (std::size_t i = 0; i < got.packets.size(); ++i) {
            CHECK(got.packets[i].timestamp == want->packets[i].timestamp);
            CHECK(got.packets[i].marker == want->packets[i].marker);
            CHECK(joined(got.packets[i].pieces) == joined(want->packets[i].pieces));
            for (const auto& p : got.packets[i].pieces) shared += p.shares_storage_with(item.frame.data) ? 1 : 0;
        }
        packets += got.packets.size();
    }
    CHECK(frames == 250 + 432);
    CHECK(packets > frames);   // key frames span several packets
    CHECK(shared >= frames);   // payloads are slices of the frames, not copies
}

TEST_CASE("the WebRTC RTP form keeps each SRTP packet within rtc.mtu", "[server][rtc]") {
    // IPv6 40 + UDP 8 + RTP 12 + SRTP tag 10 (AES_CM_128_HMAC_SHA1_80) around each payload.
    CHECK(lal::server::rtc_max_payload(1280) == 1210);
    CHECK(lal::server::rtc_max_payload(100) == 100);  // a floor, never 0 or negative
    const lal::server::rtp_form rtsp;
    const lal::server::rtp_form rtc(lal::server::rtc_max_payload(1280));
    std::size_t rtsp_largest = 0, rtc_largest = 0, rtsp_packets = 0, rtc_packets = 0;
    for (const auto& item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        for (const auto& p : lal::server::rtp_packets(rtsp.encode(item)).packets) {
            rtsp_largest = std::max(rtsp_largest, joined(p.pieces).size());
            ++rtsp_packets;
        }
        for (const auto& p : lal::server::rtp_packets(rtc.encode(item)).packets) {
            rtc_largest = std::max(rtc_largest, joined(p.pieces).size());
            ++rtc_packets;
        }
    }
    CHECK(rtsp_largest > 1210);  // the RTSP form keeps its own, larger size
    CHECK(rtc_largest <= 1210);
    CHECK(rtc_largest > 1100);   // cut to the limit, not far below it
    CHECK(rtc_packets > rtsp_packets);
}

TEST_CASE("a malformed RTP form reads back as no packets", "[server][rtsp]") {
    media::wire_form w;
    w.add(lal::payload::copy_from(std::string_view("\x01\x00\x00\x05\x00\x00\x00\x00", 8)));  // 5 pieces claimed
    w.add(lal::payload::copy_from(std::string_view("abc")));
    CHECK(lal::server::rtp_packets(w).packets.empty());
    media::wire_form odd;
    odd.add(lal::payload::copy_from(std::string_view("short")));
    CHECK(lal::server::rtp_packets(odd).packets.empty());
}

TEST_CASE("the SDP of a stream carries its configurations and parses back into the same tracks", "[server][rtsp]") {
    media::track_config_ptr video, audio;
    for (const auto& item : lal::test::flv_items("media/h264_aac_10s.flv")) {
        if (item.what != media::media_item::type::config) continue;
        (item.config->kind == media::media_kind::video ? video : audio) = item.config;
    }
    REQUIRE(video);
    REQUIRE(audio);
    auto d = lal::server::describe_stream(video, audio, "test");
    REQUIRE(d.has_value());
    REQUIRE(d->tracks.size() == 2);
    CHECK(d->tracks[0].clock_rate == 90000);
    CHECK(d->tracks[1].clock_rate == 44100);
    const auto text = lal::sdp::to_string(d->sdp);
    CHECK(text.find("a=range") == std::string::npos);  // live: none (ffmpeg would read the wall clock)
    auto parsed = lal::sdp::parse(text);
    REQUIRE(parsed.has_value());
    auto tracks = lal::rtsp::tracks_of(*parsed, "rtsp://h/live/test/");
    REQUIRE(tracks.size() == 2);
    CHECK(tracks[0].url == "rtsp://h/live/test/trackID=0");
    CHECK(tracks[0].info.codec == media::codec_id::h264);
    REQUIRE(tracks[0].info.config);
    CHECK(tracks[0].info.config->record == video->record);
    CHECK(tracks[1].info.codec == media::codec_id::aac);
    REQUIRE(tracks[1].info.config);
    CHECK(tracks[1].info.config->record == audio->record);
}

TEST_CASE("G.711 gets its static payload type; a stream without configurations has no SDP", "[server][rtsp]") {
    auto pcma = std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, media::codec_id::g711a, {}});
    auto d = lal::server::describe_stream(nullptr, pcma, "s");
    REQUIRE(d.has_value());
    REQUIRE(d->sdp.media.size() == 1);
    CHECK(d->sdp.media[0].formats == std::vector<std::string>{"8"});  // RFC 3551 6
    CHECK(d->tracks[0].clock_rate == 8000);
    CHECK_FALSE(lal::server::describe_stream(nullptr, nullptr, "s").has_value());
    auto vp9 = std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::video, media::codec_id::vp9, {}});
    CHECK_FALSE(lal::server::describe_stream(vp9, nullptr, "s").has_value());  // RTP does not carry it here
}

TEST_CASE("RTSP URLs name app and stream, with the query kept", "[server][rtsp]") {
    using lal::server::parse_rtsp_stream_url;
    auto u = parse_rtsp_stream_url("rtsp://127.0.0.1:5544/live/test?lal_secret=ab12");
    REQUIRE(u.has_value());
    CHECK(u->key.app == "live");
    CHECK(u->key.name == "test");
    CHECK(u->query == "lal_secret=ab12");
    u = parse_rtsp_stream_url("RTSP://user:pw@host/app/a/b/");
    REQUIRE(u.has_value());
    CHECK(u->key.app == "app");
    CHECK(u->key.name == "a/b");
    CHECK_FALSE(parse_rtsp_stream_url("rtsp://host/live").has_value());
    CHECK_FALSE(parse_rtsp_stream_url("rtsp://host/live/").has_value());
    CHECK_FALSE(parse_rtsp_stream_url("rtsp://host").has_value());
    CHECK_FALSE(parse_rtsp_stream_url("http://host/live/test").has_value());
    CHECK_FALSE(parse_rtsp_stream_url("rtsp://host//test").has_value());
    u = parse_rtsp_stream_url("RTSPS://127.0.0.1:5322/live/t");  // RTSPS clients name their scheme
    REQUIRE(u.has_value());
    CHECK(u->key.name == "t");
    CHECK_FALSE(parse_rtsp_stream_url("rtspx://host/live/test").has_value());
}

TEST_CASE("the rtsp config keys and their cross checks", "[server][rtsp][config]") {
    std::string error;
    auto c = lal::server::parse_config(
        R"({"rtsp": {"enable": true, "addr": ":8554", "auth_enable": true, "auth_method": 1, "username": "u",
                     "password": "p", "udp_port_min": 20000, "udp_port_max": 20001}})",
        error);
    REQUIRE(c.has_value());
    CHECK(c->rtsp.enable);
    CHECK(c->rtsp.addr == ":8554");
    CHECK(c->rtsp.auth_method == 1);
    CHECK(c->rtsp.udp_port_max == 20001);
    CHECK_FALSE(lal::server::parse_config(R"({"rtsp": {"auth_method": 2}})", error).has_value());
    CHECK(error.starts_with("rtsp.auth_method:"));
    CHECK_FALSE(lal::server::parse_config(R"({"rtsp": {"udp_port_min": 30000, "udp_port_max": 30000}})", error));
    CHECK(error.starts_with("rtsp.udp_port_min:"));
    CHECK_FALSE(lal::server::parse_config(R"({"rtsp": {"auth_enable": true}})", error).has_value());
    CHECK(error.starts_with("rtsp.username:"));
    // RTSPS: lal-Go's keys; the pair defaults to default_http's (empty here).
    c = lal::server::parse_config(R"({"rtsp": {"rtsps_enable": true, "rtsps_addr": ":9322"}})", error);
    REQUIRE(c.has_value());
    CHECK(c->rtsp.rtsps_enable);
    CHECK(c->rtsp.rtsps_addr == ":9322");
    CHECK(c->rtsp.rtsps_cert_file.empty());
    CHECK(lal::server::config{}.rtsp.rtsps_addr == ":5322");
    CHECK_FALSE(lal::server::parse_config(R"({"rtsp": {"rtsps_addr": "5322"}})", error).has_value());
    CHECK(error.starts_with("rtsp.rtsps_addr:"));
}

TEST_CASE("UDP port pairs are even/odd and skip ports in use", "[server][rtsp]") {
    asio::io_context io;
    const auto loopback = asio::ip::make_address("127.0.0.1");
    // Find a free even pair, hold its RTCP port, then ask a pool of two pairs starting there.
    asio::ip::udp::socket probe(io, asio::ip::udp::endpoint(loopback, 0));
    auto base = static_cast<std::uint16_t>(probe.local_endpoint().port() & ~1u);
    if (base < 1024 || base > 65000) base = 40000;
    probe.close();
    lal::server::udp_port_pool pool(base, static_cast<std::uint16_t>(base + 3));
    std::error_code ec;
    asio::ip::udp::socket holder(io);
    holder.open(asio::ip::udp::v4());
    holder.bind({loopback, static_cast<std::uint16_t>(base + 1)}, ec);
    if (ec) {
        WARN("port " << base + 1 << " is taken by another program: nothing to check");
        return;
    }
    auto pair = pool.bind(io, loopback);
    REQUIRE(pair.has_value());
    CHECK(pair->rtp_port == base + 2);  // base+1 is held: the pair base/base+1 is skipped
    CHECK(pair->rtp.local_endpoint().port() == base + 2);
    CHECK(pair->rtcp.local_endpoint().port() == base + 3);
    CHECK_FALSE(pool.bind(io, loopback).has_value());  // both pairs are taken now
}
