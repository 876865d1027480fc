// SPDX-License-Identifier: MIT
// An outside program built against an installed lal: reads an FLV with
// lal::flv and its sequence headers with lal::aac and lal::avc (which come
// along with lal::flv), answers the RFC 6455 1.3 handshake key with lal::http,
// parses a listen address with lal::net (which brings standalone Asio through
// the installed Findasio.cmake), routes a path with lal::http_asio's router,
// and prints a one-line summary.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/flv/flv.hpp>
#include <lal/http/websocket_handshake.hpp>
#include <lal/http_asio/server_connection.hpp>
#include <lal/net/listen_address.hpp>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    lal::flv::reader reader;
    if (reader.feed(std::as_bytes(std::span(bytes)))) return 1;
    unsigned video = 0, audio = 0, rate = 0, width = 0, height = 0;
    while (auto t = reader.next()) {
        const auto body = t->data.bytes();
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
    std::printf("video=%u audio=%u aac_rate=%u width=%u height=%u ws_accept=%s listen=%s routed=%d\n", video, audio,
                rate, width, height, lal::http::ws::accept_key("dGhlIHNhbXBsZSBub25jZQ==").c_str(),
                listen->str().c_str(), routed ? 1 : 0);
    return 0;
}
