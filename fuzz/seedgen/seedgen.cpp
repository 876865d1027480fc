// SPDX-License-Identifier: MIT
// Writes the seed corpora of the fuzz targets from real bytes: the test media
// (tests/data/media), the recorded RTMP client sessions (tests/rtmp/data),
// the server and client sessions replying to them in memory, and requests
// and responses as real HTTP clients and servers write them.
//   usage: lal_fuzz_seedgen REPO_ROOT OUT_DIR   (OUT_DIR/<target>/<seed>)
// Seeds are kept small (a few KB); fuzz/corpus is this program's output.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <lal/aac/adts.hpp>
#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/flv/flv.hpp>
#include <lal/httpflv/chunked.hpp>
#include <lal/httpflv/client_request.hpp>
#include <lal/httpflv/url.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/client_session.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/server_session.hpp>

#include "../rtmp_support.hpp"

namespace fs = std::filesystem;
namespace flv = lal::flv;
namespace rtmp = lal::rtmp;
namespace amf0 = lal::flv::amf0;
using bytes = std::vector<std::byte>;

namespace {

fs::path out_root;
std::size_t written = 0;

bytes read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "seedgen: cannot read %s\n", p.string().c_str());
        std::exit(1);
    }
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes out(chars.size());
    std::transform(chars.begin(), chars.end(), out.begin(), [](char c) { return static_cast<std::byte>(c); });
    return out;
}

void write(const std::string& target, const std::string& name, lal::byte_span data) {
    auto dir = out_root / target;
    fs::create_directories(dir);
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    ++written;
}

void write_text(const std::string& target, const std::string& name, std::string_view text) {
    write(target, name, lal::as_byte_span(text));
}

bytes cat(std::initializer_list<lal::byte_span> parts) {
    bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

bytes first(lal::byte_span data, std::size_t n) {
    data = data.first(std::min(n, data.size()));
    return {data.begin(), data.end()};
}

bytes hex(std::string_view text) {
    bytes out;
    int high = -1;
    for (char c : text) {
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0) continue;
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::byte>(high * 16 + v));
            high = -1;
        }
    }
    return out;
}

struct flv_file {
    flv::file_header header;
    std::vector<flv::tag> tags;
};

flv_file read_flv(const fs::path& p) {
    auto data = read_file(p);
    flv::reader r;
    flv_file f;
    if (r.feed(data)) std::exit(1);
    while (auto t = r.next()) f.tags.push_back(std::move(*t));
    f.header = *r.header();
    return f;
}

flv::tag cut_tag(const flv::tag& t, std::size_t max) {
    flv::tag c = t;
    c.data = t.data.slice(0, std::min(max, t.data.size()));
    return c;
}

// A small FLV with the head of `f`: metadata, sequence headers, a few frames
// cut to `frame_cap` bytes of data each.
bytes small_flv(const flv_file& f, std::size_t frames, std::size_t frame_cap) {
    bytes out;
    flv::writer w(out);
    w.write_header(f.header);
    std::size_t media = 0;
    for (const auto& t : f.tags) {
        bool special = t.type == flv::tag_type::script || flv::is_sequence_header(t);
        if (!special && media++ >= frames) continue;
        w.write(special ? t : cut_tag(t, frame_cap));
    }
    return out;
}

// ---- FLV, AMF0, AAC and AVC seeds from the test media ----

// transcode_aac input (see fuzz/transcode_aac.cpp): control byte, the ASC,
// then length-prefixed raw frames, here the first frames of the ADTS clip.
void transcode_seeds(lal::byte_span adts) {
    bytes head;
    std::size_t frames = 0;
    for (auto rest = adts; frames < 6;) {
        auto frame = lal::aac::parse_adts_frame(rest);
        if (!frame) break;
        if (head.empty()) {
            bytes asc;
            (void)lal::aac::append_asc(lal::aac::to_audio_specific_config(frame->header), asc);
            head.push_back(static_cast<std::byte>(asc.size() | 8));  // flush at the end
            head.insert(head.end(), asc.begin(), asc.end());
        }
        head.push_back(static_cast<std::byte>(frame->raw.size() >> 8));
        head.push_back(static_cast<std::byte>(frame->raw.size() & 0xff));
        head.insert(head.end(), frame->raw.begin(), frame->raw.end());
        rest = rest.subspan(frame->header.frame_length);
        if (++frames == 2) write("transcode_aac", "clip_two_frames", head);
    }
    write("transcode_aac", "clip_six_frames", head);
}

void media_seeds(const fs::path& root) {
    auto media = root / "tests/data/media";
    const char* flv_names[] = {"h264_aac_10s", "h264_only_5s", "aac_only_5s", "h264_bframes_aac_5s"};
    std::set<bytes> ascs, avccs, spss;
    for (const char* name : flv_names) {
        auto path = media / (std::string(name) + ".flv");
        auto f = read_flv(path);
        auto raw = read_file(path);
        write("flv_reader", std::string(name) + "_head", small_flv(f, 6, 300));
        write("flv_reader", std::string(name) + "_cut", first(raw, 3000));
        write("httpflv_pull", std::string(name) + "_close",
              cat({lal::as_byte_span("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nConnection: close\r\n\r\n"),
                   small_flv(f, 3, 120)}));
        for (const auto& t : f.tags) {
            auto body = t.data.bytes();
            if (t.type == flv::tag_type::script) {
                write("amf0_decode", std::string(name) + "_onmetadata", body);
            } else if (flv::is_sequence_header(t) && t.type == flv::tag_type::audio && body.size() > 2) {
                ascs.insert(bytes(body.begin() + 2, body.end()));
            } else if (flv::is_sequence_header(t) && t.type == flv::tag_type::video && body.size() > 5) {
                avccs.insert(bytes(body.begin() + 5, body.end()));
            }
        }
        // One inter frame as an AVCC sample, whole.
        for (const auto& t : f.tags) {
            if (t.type == flv::tag_type::video && !flv::is_sequence_header(t) && !flv::is_keyframe(t) &&
                t.data.size() < 1500 && t.data.size() > 5) {
                write("avc_annexb", std::string(name) + "_avcc_sample", t.data.bytes().subspan(5));
                break;
            }
        }
    }
    int i = 0;
    for (const auto& a : ascs) write("aac_asc", "flv_sequence_header_" + std::to_string(i++), a);
    i = 0;
    for (const auto& a : avccs) {
        write("avc_decoder_config", "flv_sequence_header_" + std::to_string(i++), a);
        if (auto rec = lal::avc::parse_decoder_configuration_record(a)) {
            for (const auto& s : rec->sps) spss.insert(s);
        }
    }

    // Annex-B: the first access units of the .h264 file, and SPS/PPS/SEI cut out.
    auto h264 = read_file(media / "h264_5s.h264");
    write("avc_annexb", "h264_head", first(h264, 4000));
    auto h264_head = first(h264, 60000);
    if (auto nals = lal::avc::split_annexb(h264_head)) {
        bytes small;
        for (auto n : *nals) {
            auto type = lal::avc::nal_type_of(n);
            if (type == lal::avc::nal_unit_type::sps) spss.insert(bytes(n.begin(), n.end()));
            lal::avc::append_annexb_nal(n.first(std::min<std::size_t>(n.size(), 48)), small.empty(), small);
            if (small.size() > 600) break;
        }
        write("avc_annexb", "h264_units_cut", small);
    }
    i = 0;
    for (const auto& s : spss) write("avc_sps", "media_" + std::to_string(i++), s);

    auto aac = read_file(media / "aac_5s.aac");
    write("aac_adts", "aac_head", first(aac, 2000));
    if (auto frame = lal::aac::parse_adts_header(aac)) write("aac_adts", "one_frame", first(aac, frame->frame_length));
    transcode_seeds(aac);
}

// ---- Vectors from the unit tests and hand-built configurations ----

void vector_seeds() {
    const char* asc_vectors[] = {"12 10", "12 10 56 e5 00", "2b 11 88 00", "eb 09 88 00", "13 10 56 e5 9d 48 80",
                                 "f9 48 59 40", "f8 86 55 9e 18", "17 80 49 d4 08", "b9 8c 00",
                                 "11 80 04 c8 48 00 20 08 c8 20 0d 4c 61 76 63 35 39 2e 33 37 2e 31 30 30 56 e5 00"};
    int i = 0;
    for (const char* v : asc_vectors) write("aac_asc", "unit_test_" + std::to_string(i++), hex(v));

    // ADTS with CRC and with several raw data blocks (1.A.2.2).
    lal::aac::adts_header h;
    h.has_crc = true;
    h.crc = 0x1234;
    h.frame_length = 9 + 20;
    bytes frame;
    (void)lal::aac::append_adts_header(h, frame);
    frame.resize(h.frame_length, std::byte{0x21});
    write("aac_adts", "crc_frame", frame);
    h.raw_data_blocks = 3;
    h.block_positions = {10, 20, 0};
    h.frame_length = static_cast<std::uint16_t>(h.header_size() + 30);
    bytes multi;
    (void)lal::aac::append_adts_header(h, multi);
    multi.resize(h.frame_length, std::byte{0x11});
    write("aac_adts", "crc_three_blocks", multi);

    const char* sps_vectors[] = {"674d401eda0280bfe5c044000003000400000300ca3c58ba80",
                                 "6764001eacd940a02ff97ff000500071000003000100000300320f162d96",
                                 "6764001eacd940a02ff97016e0202034a0000003002000000641e2c5b2c0",
                                 "677a001fbcd940a02ff8bc0440000003004000001903c60c6580"};
    i = 0;
    for (const char* v : sps_vectors) {
        auto sps = hex(v);
        write("avc_sps", "unit_test_" + std::to_string(i), sps);
        if (auto rec = lal::avc::make_decoder_configuration_record(sps, hex("68efbcb0"), i % 2 ? 2 : 4)) {
            bytes out;
            if (!lal::avc::append_decoder_configuration_record(*rec, out)) {
                write("avc_decoder_config", "made_" + std::to_string(i), out);
            }
        }
        ++i;
    }

    // Every AMF0 type once, in a strict array and as separate values.
    std::vector<amf0::value> all{
        1.5,
        true,
        "live",
        amf0::object{{"app", "live"}, {"tcUrl", "rtmp://127.0.0.1/live"}, {"objectEncoding", 0}},
        amf0::null{},
        amf0::undefined{},
        amf0::reference{1},
        amf0::ecma_array{{"duration", 10.0}, {"width", 640}, {"height", 360}},
        amf0::date{1700000000000.0, 0},
        amf0::xml_document{"<a/>"},
        amf0::typed_object{"flash.Class", {{"x", 1}}},
        amf0::strict_array{1, "two", amf0::null{}, amf0::object{{"deep", amf0::strict_array{3}}}},
    };
    bytes values;
    amf0::encode_all(all, values);
    write("amf0_decode", "all_types", values);
    write("amf0_decode", "long_string_and_unsupported", hex("0c 00 00 00 03 61 62 63 0d 02 00 01 7a"));
}

// ---- RTMP: recordings, and both sessions talking in memory ----

struct recording {
    std::string name;
    bytes handshake;  // C0+C1+C2
    bytes chunks;     // everything after
};

std::vector<recording> recordings(const fs::path& root) {
    std::vector<recording> out;
    for (const char* name : {"ffmpeg_publish", "ffmpeg_play", "rtmpdump_play"}) {
        auto data = read_file(root / "tests/rtmp/data" / (std::string(name) + ".bin"));
        constexpr std::size_t hs = 1 + 2 * rtmp::handshake_size;
        out.push_back({name, first(data, hs), bytes(data.begin() + hs, data.end())});
    }
    return out;
}

void accept_all(rtmp::server_session& s, const rtmp::server_event& ev) {
    if (std::holds_alternative<rtmp::server_events::connect>(ev)) s.accept_connect();
    if (const auto* p = std::get_if<rtmp::server_events::publish>(&ev)) s.accept_publish(*p);
    if (const auto* p = std::get_if<rtmp::server_events::play>(&ev)) s.accept_play(*p);
}

// Writes one seed per distinct message kind: type byte + body.
void message_seeds(const std::string& origin, lal::byte_span chunks, std::set<std::string>& seen) {
    rtmp::chunk_decoder d;
    (void)d.feed(chunks);
    while (auto m = d.next()) {
        std::string kind = std::to_string(m->type_id);
        if (auto c = rtmp::parse_command(*m); c && (m->type_id == 20 || m->type_id == 17)) kind += "_" + c->name;
        if (auto dm = rtmp::parse_data(*m); dm && (m->type_id == 18 || m->type_id == 15)) kind += "_" + dm->name;
        if (m->type_id == 4 && m->body.size() >= 2) kind += "_" + std::to_string(std::to_integer<int>(m->body.bytes()[1]));
        if (m->body.size() > 1500 || !seen.insert(kind).second) continue;
        bytes seed{static_cast<std::byte>(m->type_id)};
        seed.insert(seed.end(), m->body.bytes().begin(), m->body.bytes().end());
        std::string file = kind;
        std::replace_if(file.begin(), file.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '_'; }, '-');
        write("rtmp_message", origin + "_" + file, seed);
        if (m->type_id == 20 || m->type_id == 18) write("amf0_decode", origin + "_" + file, m->body.bytes());
    }
}

void rtmp_recording_seeds(const fs::path& root) {
    std::set<std::string> seen;
    for (const auto& r : recordings(root)) {
        write("rtmp_handshake_server", r.name, r.handshake);
        write("rtmp_server_session", r.name, r.chunks);
        write("rtmp_chunk_decoder", r.name, first(r.chunks, 8000));
        message_seeds(r.name, r.chunks, seen);

        // What the server answers: S0+S1+S2 for the client side, chunks for the decoder.
        rtmp::server_session s({}, lal::fuzz::pseudo_random(5), 0);
        (void)s.feed(r.handshake);
        (void)s.feed(r.chunks);
        while (auto ev = s.next_event()) accept_all(s, *ev);
        auto reply = lal::fuzz::flatten(s.take_output());
        constexpr std::size_t hs = 1 + 2 * rtmp::handshake_size;
        write("rtmp_handshake_client", r.name + "_server_reply", first(reply, hs));
        write("rtmp_chunk_decoder", r.name + "_server_reply", first(lal::byte_span(reply).subspan(hs), 8000));
        message_seeds(r.name + "_reply", lal::byte_span(reply).subspan(hs), seen);
    }
    // A plain server reply and a digest one to our own client.
    for (auto mode : {rtmp::handshake_mode::plain, rtmp::handshake_mode::digest_scheme_1}) {
        rtmp::client_handshake c(lal::fuzz::pseudo_random(8), 0, mode);
        rtmp::server_handshake s(lal::fuzz::pseudo_random(9), 0);
        (void)s.feed(c.take_output());
        auto reply = s.take_output();
        write("rtmp_handshake_client", mode == rtmp::handshake_mode::plain ? "plain" : "digest_scheme_1", reply);
        (void)c.feed(reply);
        auto c2 = c.take_output();
        rtmp::client_handshake again(lal::fuzz::pseudo_random(8), 0, mode);
        write("rtmp_handshake_server", mode == rtmp::handshake_mode::plain ? "plain" : "digest_scheme_1",
              cat({again.take_output(), c2}));
    }
}

// A client and a server session in memory; returns what the server sent
// after S0+S1+S2 while `media` frames were published or played.
bytes session_replies(rtmp::client_role role, const std::vector<flv::tag>& media) {
    rtmp::client_options o;
    o.app = "live";
    o.tc_url = "rtmp://127.0.0.1:1935/live";
    o.stream_name = "test";
    o.role = role;
    o.handshake = rtmp::handshake_mode::plain;
    rtmp::client_session client(o, lal::fuzz::pseudo_random(3), 0);
    rtmp::server_session server({}, lal::fuzz::pseudo_random(4), 0);
    bytes down;
    bool sent = false;
    for (int round = 0; round < 50; ++round) {
        auto up = lal::fuzz::flatten(client.take_output());
        if (!up.empty()) (void)server.feed(up);
        while (auto ev = server.next_event()) {
            accept_all(server, *ev);
            if (std::holds_alternative<rtmp::server_events::play>(*ev)) {
                server.send_ping(1234);
                for (const auto& t : media) {
                    rtmp::message m;
                    m.type_id = static_cast<std::uint8_t>(t.type);
                    m.timestamp = t.timestamp;
                    m.message_stream_id = 1;
                    m.body = t.data;
                    server.send(m);
                }
                server.send_unpublish_notify(1);
            }
        }
        auto d = lal::fuzz::flatten(server.take_output());
        down.insert(down.end(), d.begin(), d.end());
        if (!d.empty()) (void)client.feed(d);
        while (client.next_event()) {
        }
        if (client.publishing() && !sent) {
            for (const auto& t : media) {
                rtmp::message m;
                m.type_id = static_cast<std::uint8_t>(t.type);
                m.timestamp = t.timestamp;
                m.body = t.data;
                client.send(m);
            }
            sent = true;
        }
        if (up.empty() && d.empty()) break;
    }
    return bytes(down.begin() + 1 + 2 * rtmp::handshake_size, down.end());
}

void rtmp_session_seeds(const fs::path& root) {
    auto f = read_flv(root / "tests/data/media/h264_aac_10s.flv");
    std::vector<flv::tag> media;
    std::size_t frames = 0;
    for (const auto& t : f.tags) {
        bool special = t.type == flv::tag_type::script || flv::is_sequence_header(t);
        if (!special && frames++ >= 6) continue;
        media.push_back(special ? t : cut_tag(t, 200));
    }
    auto play = session_replies(rtmp::client_role::play, media);
    write("rtmp_client_session", "server_replies_play", play);
    write("rtmp_client_session", "server_replies_publish", session_replies(rtmp::client_role::publish, media));
    write("rtmp_chunk_decoder", "server_replies_play", first(play, 8000));

    // An aggregate of three FLV tags (RTMP spec 7.1.6): tag header, data, back pointer.
    bytes aggregate{std::byte{22}};
    for (std::size_t i = 0; i < 3 && i < media.size(); ++i) flv::append_tag(cut_tag(media[i], 40), aggregate);
    write("rtmp_message", "aggregate", aggregate);
}

// ---- HTTP: requests real clients send, responses real servers send ----

void http_seeds(const fs::path& root) {
    write_text("http_request_parser", "curl",
               "GET /live/test.flv HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
    write_text("http_request_parser", "ffmpeg",
               "GET /live/test.flv HTTP/1.1\r\nUser-Agent: Lavf/59.27.100\r\nAccept: */*\r\nRange: bytes=0-\r\n"
               "Connection: close\r\nHost: 127.0.0.1:8080\r\nIcy-MetaData: 1\r\n\r\n");
    write_text("http_request_parser", "chromium_flvjs",
               "GET /live/test.flv?token=abc HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\n"
               "sec-ch-ua: \"Chromium\";v=\"120\", \"Not?A_Brand\";v=\"8\"\r\nsec-ch-ua-mobile: ?0\r\n"
               "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0.0.0 Safari/537.36\r\nsec-ch-ua-platform: \"Linux\"\r\nAccept: */*\r\n"
               "Origin: http://localhost:8000\r\nSec-Fetch-Site: same-site\r\nSec-Fetch-Mode: cors\r\n"
               "Sec-Fetch-Dest: empty\r\nReferer: http://localhost:8000/\r\n"
               "Accept-Encoding: gzip, deflate, br\r\nAccept-Language: en-US,en;q=0.9\r\n\r\n");
    write_text("http_request_parser", "cors_preflight",
               "OPTIONS /live/test.flv HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n"
               "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: range\r\n"
               "Origin: http://localhost:8000\r\nSec-Fetch-Mode: cors\r\n\r\n");
    write_text("http_request_parser", "head_http10", "HEAD /app/sub/a.b.flv HTTP/1.0\r\nUser-Agent: VLC/3.0.18 LibVLC/3.0.18\r\n\r\n");
    write_text("http_request_parser", "pipelined_bare_lf",
               "\r\nGET /live/a%20b.flv HTTP/1.1\nHost: h\n\nGET http://h:8080/live/c.flv HTTP/1.1\nHost: h\n\n"
               "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
    write_text("http_request_parser", "chunked_body",
               "POST /live/x.flv HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\nGET /live/y.flv HTTP/1.1\r\nHost: h\r\n\r\n");
    write_text("http_request_parser", "content_length_body",
               "PUT /live/x.flv HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbodyGET /a/b.flv HTTP/1.1\r\nHost: h\r\n\r\n");
    auto u = lal::httpflv::parse_url("http://127.0.0.1:8080/live/test.flv?key=1").value();
    write_text("http_request_parser", "lal_httpflvpull", lal::httpflv::make_get_request(u));

    const std::string_view flv_head =
        "HTTP/1.1 200 OK\r\nServer: lal\r\nContent-Type: video/x-flv\r\nCache-Control: no-cache\r\n"
        "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n";
    auto f = read_flv(root / "tests/data/media/aac_only_5s.flv");
    auto flv_body = small_flv(f, 2, 60);
    write("http_response_parser", "flv_until_close", cat({lal::as_byte_span(flv_head), flv_body}));
    bytes chunked = cat({lal::as_byte_span("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nTransfer-Encoding: chunked\r\n\r\n")});
    std::vector<lal::payload> coded;
    lal::payload body = lal::payload::copy_from(lal::byte_span(flv_body));
    lal::httpflv::append_chunk(std::span<const lal::payload>(&body, 1), coded);
    coded.push_back(lal::httpflv::last_chunk());
    for (const auto& p : coded) chunked.insert(chunked.end(), p.bytes().begin(), p.bytes().end());
    write("http_response_parser", "flv_chunked", chunked);
    write("httpflv_pull", "flv_chunked", chunked);
    write_text("http_response_parser", "content_length",
               "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello");
    write_text("http_response_parser", "redirect",
               "HTTP/1.1 302 Found\r\nLocation: http://other:8080/live/test.flv?x=1\r\nContent-Length: 0\r\n\r\n");
    write_text("http_response_parser", "not_found_nginx",
               "HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
               "Content-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
    write_text("http_response_parser", "chunked_trailers",
               "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4;a=b\r\nWiki\r\n0005\r\npedia\r\n0\r\nExpires: never\r\n\r\n");
    write_text("httpflv_pull", "redirect", "HTTP/1.1 301 Moved Permanently\r\nLocation: /live/other.flv\r\n\r\n");
    write_text("httpflv_pull", "not_found", "HTTP/1.0 404 Not Found\r\n\r\n");

    write_text("http_chunked", "wikipedia", "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n");
    write_text("http_chunked", "extensions_trailers",
               "1a; name=value; quoted=\"a b\"\r\nabcdefghijklmnopqrstuvwxyz\r\n000\r\nX-Checksum: 1\r\nX-B: 2\r\n\r\n");
    write_text("http_chunked", "bare_lf", "3\nabc\n0\n\n");

    write_text("http_url", "plain", "http://127.0.0.1:8080/live/test.flv?token=1#frag\n../other.flv?x=2");
    write_text("http_url", "ipv6", "http://[::1]:8080/live/a.flv\nhttp://example.com/x/y.flv");
    write_text("http_url", "escaped_path", "/live/a%20b%2Ec.flv?x=%2F\n//host:81/p");
    write_text("http_url", "no_path", "HTTP://Example.COM\n?q=1");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s REPO_ROOT OUT_DIR\n", argv[0]);
        return 2;
    }
    fs::path root = argv[1];
    out_root = argv[2];
    media_seeds(root);
    vector_seeds();
    rtmp_recording_seeds(root);
    rtmp_session_seeds(root);
    http_seeds(root);
    std::printf("seedgen: %zu seeds written to %s\n", written, out_root.string().c_str());
    return 0;
}
