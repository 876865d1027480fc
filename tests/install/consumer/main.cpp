// SPDX-License-Identifier: MIT
// An outside program built against an installed lal: reads an FLV with
// lal::flv and its sequence headers with lal::aac and lal::avc (which come
// along with lal::flv), answers the RFC 6455 1.3 handshake key with lal::http,
// parses a listen address with lal::net (which brings standalone Asio through
// the installed Findasio.cmake), passes every tag through a lal::hub stream to
// one subscriber, routes a path with lal::http_asio's router, muxes an MP3
// frame into MPEG-TS and demuxes it with lal::mpegts, cuts the video into HLS
// segments with lal::hls, and prints a summary.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <variant>
#include <string>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/flv/flv.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_input.hpp>
#include <lal/http/websocket_handshake.hpp>
#include <lal/hls/segmenter.hpp>
#include <lal/http_asio/server_connection.hpp>
#include <lal/hub/registry.hpp>
#include <lal/mpegts/demuxer.hpp>
#include <lal/mpegts/muxer.hpp>
#include <lal/net/listen_address.hpp>

std::string rtp_sdp_summary();  // rtp_sdp.cpp
std::string rtsp_summary();     // rtsp.cpp
std::string srt_summary();      // srt.cpp
std::string codecs_summary();   // codecs.cpp
std::string rtsp_asio_summary();  // rtsp_asio.cpp
std::string fmp4_summary();    // fmp4.cpp
std::string webrtc_summary();     // webrtc.cpp
#ifdef LAL_CONSUMER_TRANSCODE
std::string transcode_summary();  // transcode.cpp
#endif
std::string quic_summary();       // quic.cpp
#ifdef LAL_CONSUMER_QUIC
std::string quic_transport_summary();  // quic_transport.cpp
#endif

namespace {
// Runs posted work at once.
struct inline_executor : lal::hub::executor {
    void post(std::function<void()> work) override { work(); }
};
// The form a subscriber asks for: here the tag body, as lal::flv gives it back.
struct body_form : lal::media::form_encoder {
    lal::media::wire_form encode(const lal::media::media_item& item) const override {
        auto body = lal::flv::to_flv_body(item);
        return body ? *body : lal::media::wire_form{};
    }
};
// Counts what the hub hands one subscriber.
struct counting_sink : lal::hub::subscriber_sink {
    void start() override {}
    void stop() override {}
    void send(const lal::hub::frame& f) override {
        bytes += f.encoded(0).size();
        ++frames;
    }
    std::size_t queued_bytes() const override { return 0; }
    std::uint64_t written_bytes() const override { return bytes; }
    void close(std::string_view) override {}
    unsigned frames = 0;
    std::uint64_t bytes = 0;
};
struct null_publisher : lal::hub::publisher_sink {
    void kicked(std::string_view) override {}
};
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    lal::flv::reader reader;
    if (reader.feed(std::as_bytes(std::span(bytes)))) return 1;
    unsigned video = 0, audio = 0, rate = 0, width = 0, height = 0;
    lal::hub::output_forms forms;
    forms.add("body", std::make_unique<body_form>());
    inline_executor worker;
    lal::hub::registry hub({}, forms, {&worker}, [] { return std::uint64_t{0}; });
    null_publisher publisher;
    counting_sink player;
    auto sub = hub.subscribe({"live", "file"}, player, 0, 1, 0);
    auto publication = hub.publish({"live", "file"}, publisher);
    if (!publication) return 1;
    lal::flv::media_input input;  // each tag into the media model, once
    while (auto t = reader.next()) {
        const auto body = t->data.bytes();
        const auto kind = lal::flv::media_kind_of(static_cast<std::uint8_t>(t->type), true);
        (*publication)->push(input.convert(*kind, t->timestamp, t->data));
        (*publication)->flush();
        if (lal::flv::is_sequence_header(*t)) {
            if (t->type == lal::flv::tag_type::audio) {
                if (auto asc = lal::aac::parse_asc(body.subspan(2))) rate = asc->sampling_frequency;
            } else if (auto rec = lal::avc::parse_decoder_configuration_record(body.subspan(5));
                       rec && !rec->sps.empty()) {
                if (auto sps = lal::avc::parse_sps(rec->sps.front())) {
                    width = sps->width();
                    height = sps->height();
                }
            }
        } else if (t->type == lal::flv::tag_type::video && !lal::flv::is_end_of_sequence(*t)) {
            ++video;
        } else if (t->type == lal::flv::tag_type::audio) {
            ++audio;
        }
    }
    auto listen = lal::net::parse_listen_address("[::1]:1935");
    if (!listen) return 1;
    lal::http_asio::router routes;
    routes.suffix(".flv", {"GET"}, [](const lal::http::request&, const auto&) {});
    lal::http::request req;
    req.method = "GET";
    req.path = "/live/a.flv";
    const bool routed = routes.match(req).result == lal::http::route_match::outcome::matched;
    lal::mpegts::muxer_options ts_options;
    ts_options.audio = lal::mpegts::muxer_track{lal::media::codec_id::mp3, nullptr};
    auto ts_muxer = lal::mpegts::muxer::create(ts_options);
    if (!ts_muxer) return 1;
    lal::media::media_frame mp3;
    mp3.kind = lal::media::media_kind::audio;
    mp3.codec = lal::media::codec_id::mp3;
    mp3.data = lal::payload::copy_from(std::string_view("\xff\xfb\x90\x64"));
    auto ts_packets = ts_muxer->mux(mp3);
    if (!ts_packets) return 1;
    lal::mpegts::demuxer ts_demuxer;
    ts_demuxer.feed(ts_muxer->psi().bytes());
    ts_demuxer.feed(ts_packets->bytes());
    unsigned ts_frames = 0;
    while (auto e = ts_demuxer.next()) ts_frames += std::holds_alternative<lal::media::media_frame>(*e) ? 1 : 0;
    std::printf("video=%u audio=%u aac_rate=%u width=%u height=%u ws_accept=%s listen=%s hub_frames=%u routed=%d ts_frames=%u\n",
                video, audio, rate, width, height, lal::http::ws::accept_key("dGhlIHNhbXBsZSBub25jZQ==").c_str(),
                listen->str().c_str(), player.frames, routed ? 1 : 0, ts_frames);
    // Every video frame as one fake TS packet: 10 s cut into 3 s segments, the last one at the end.
    lal::hls::segmenter_options hls_options;
    hls_options.stream_name = "file";
    auto hls = lal::hls::segmenter::create(hls_options);
    if (!hls) return 1;
    hls->set_psi(lal::payload::copy_from(std::string(376, 'P')));
    if (hls->on_publish_start(true)) return 1;
    lal::flv::reader again;
    if (again.feed(std::as_bytes(std::span(bytes)))) return 1;
    while (auto t = again.next()) {
        const auto c = lal::flv::classify(t->type, t->data.bytes());
        if (t->type != lal::flv::tag_type::video || c.sequence_header) continue;
        lal::media::wire_form ts;
        ts.add(lal::payload::copy_from(std::string(188, 'V')));
        hls->on_frame({lal::media::media_kind::video, lal::media::from_ms(t->timestamp), c.keyframe, ts}, 0);
    }
    hls->on_publish_end(0);
    std::printf("hls_segments=%llu ended=%d\n", static_cast<unsigned long long>(hls->stats().segments),
                hls->ended() ? 1 : 0);
    std::printf("%s\n", rtp_sdp_summary().c_str());
    std::printf("%s\n", rtsp_summary().c_str());
    std::printf("%s\n", srt_summary().c_str());
    std::printf("%s\n", codecs_summary().c_str());
    std::printf("%s\n", rtsp_asio_summary().c_str());
    std::printf("%s\n", fmp4_summary().c_str());
    std::printf("%s\n", webrtc_summary().c_str());
#ifdef LAL_CONSUMER_TRANSCODE
    std::printf("%s\n", transcode_summary().c_str());
#endif
    std::printf("%s\n", quic_summary().c_str());
#ifdef LAL_CONSUMER_QUIC
    std::printf("%s\n", quic_transport_summary().c_str());
#endif
    return 0;
}
