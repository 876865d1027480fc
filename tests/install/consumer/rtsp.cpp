// SPDX-License-Identifier: MIT
// The lal::rtsp part of the outside program: a client pulls from a server
// session in memory through a Digest challenge, and one audio frame crosses
// over interleaved TCP.
#include <string>
#include <vector>

#include <lal/rtp/packetizer.hpp>
#include <lal/rtsp/client_session.hpp>
#include <lal/rtsp/server_session.hpp>

namespace {
template <class To>
bool carry(std::vector<lal::payload> out, To& to) {
    for (const auto& p : out)
        if (to.feed(p.bytes(), 0)) return false;
    return true;
}
}  // namespace

std::string rtsp_summary() {
    lal::rtsp::server_options so;
    so.user = lal::rtsp::credentials{"u", "p"};
    so.auth.realm = "lal";
    so.auth.nonce = "42";
    lal::rtsp::server_session server(so);
    lal::rtsp::client_options co;
    co.url = "rtsp://127.0.0.1/live/x";
    co.user = so.user;
    lal::rtsp::client_session client(co);

    lal::sdp::session_description sdp;
    lal::sdp::media_description pcma;
    pcma.media = "audio";
    pcma.formats = {"8"};
    pcma.attributes.push_back({"control", "trackID=0"});
    sdp.media.push_back(pcma);

    client.pull(0);
    int started = 0;
    for (int round = 0; round < 10 && !started; ++round) {
        if (!carry(client.take_output(), server)) return "rtsp_error";
        while (auto ev = server.next_event()) {
            if (auto* d = std::get_if<lal::rtsp::describe_request>(&*ev)) server.accept(*d, sdp);
            if (auto* s = std::get_if<lal::rtsp::setup_request>(&*ev)) server.accept(*s);
            if (auto* p = std::get_if<lal::rtsp::play_request>(&*ev)) server.accept(*p);
        }
        if (!carry(server.take_output(), client)) return "rtsp_error";
        while (auto ev = client.next_event()) started += std::holds_alternative<lal::rtsp::client_started>(*ev);
    }
    lal::media::media_frame frame;
    frame.kind = lal::media::media_kind::audio;
    frame.codec = lal::media::codec_id::g711a;
    frame.data = lal::payload::copy_from(std::string(160, '\xd5'));
    auto plans = lal::rtp::packetize(frame, 8000);
    if (!plans) return "rtsp_error";
    server.send(0, *plans);
    if (!carry(server.take_output(), client)) return "rtsp_error";
    int frames = 0;
    while (auto ev = client.next_event()) frames += std::holds_alternative<lal::rtsp::client_media>(*ev);
    return "rtsp_started=" + std::to_string(started) + " rtsp_frames=" + std::to_string(frames);
}
