// SPDX-License-Identifier: MIT
// What a lalbench player reads from a server, decoded the way the players do:
// lal::rtmp::chunk_decoder and lal::flv::reader in their zero-copy modes, each
// read its own payload. Every stamped frame must come back, in order, however
// the reads fall.
#include <catch2/catch.hpp>

#include <vector>

#include <lal/avc/nalu.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/writer.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/control.hpp>

#include "hex.hpp"
#include "stamp.hpp"

namespace {

constexpr std::size_t frames = 24;

// A stream as a server sends it to a player: AVC sequence header (4-byte NAL
// lengths), then stamped frames of 100 bytes to 9 KB with AAC between them.
std::vector<lal::flv::tag> stream_tags() {
    std::vector<lal::flv::tag> out;
    out.push_back({lal::flv::tag_type::video, 0, 0,
                   lal::payload::adopt(lal::test::hex("17 00 00 00 00 01 4d 40 1e ff e1 00 04 67 4d 40 1e 01 00 04 68 ee 3c 80"))});
    for (std::size_t i = 0; i < frames; ++i) {
        auto body = lal::test::hex(i % 12 == 0 ? "17 01 00 00 00" : "27 01 00 00 00");
        std::vector<std::byte> nal(100 + i * 380, std::byte{0x5a});
        nal[0] = std::byte{0x41};
        REQUIRE_FALSE(lal::avc::append_avcc_nal(nal, 4, body));
        auto t = static_cast<std::uint32_t>(i * 40);
        out.push_back({lal::flv::tag_type::video, t, 0, lalbench::stamp_video_body(body, 4, {i, 1000 + i})});
        out.push_back({lal::flv::tag_type::audio, t + 3, 0, lal::payload::adopt(lal::test::hex("af 01 21 1a 2b"))});
    }
    return out;
}

// What a player makes of the video bodies: the sequence numbers of their stamps.
struct player_view {
    std::vector<std::uint64_t> stamps;
    std::size_t audio = 0;
    std::size_t shared = 0;  // bodies that are slices of a read
    bool failed = false;

    void video(lal::byte_span body) {
        if (lalbench::sequence_header_length_size(body.first(std::min<std::size_t>(body.size(), 10)))) return;
        auto prefix = body.first(std::min(body.size(), lalbench::stamp_prefix_size));
        if (auto s = lalbench::find_stamp(prefix, 4)) stamps.push_back(s->sequence);
    }
};

std::vector<std::uint64_t> all_sequences() {
    std::vector<std::uint64_t> out;
    for (std::uint64_t i = 0; i < frames; ++i) out.push_back(i);
    return out;
}

// Plays `wire` in reads of `read_size` bytes, each a payload of its own, the
// way the players decode: `decoder` fed in zero-copy mode, `drain(decoder,
// read, view)` looking at what came out.
template <class Decoder, class Drain>
player_view play(const std::vector<std::byte>& wire, std::size_t read_size, Drain&& drain) {
    Decoder decoder;
    player_view view;
    for (std::size_t at = 0; at < wire.size(); at += read_size) {
        auto n = std::min(read_size, wire.size() - at);
        auto read = lal::payload::copy_from(lal::byte_span(wire).subspan(at, n));
        view.failed |= static_cast<bool>(decoder.feed(read));
        drain(decoder, read, view);
    }
    CHECK_FALSE(view.failed);
    CHECK(view.stamps == all_sequences());
    CHECK(view.audio == frames);
    return view;
}

}  // namespace

TEST_CASE("an RTMP player finds every stamp of a stream chunked at 4096, whatever the read size",
          "[lalbench][decode]") {
    std::vector<std::byte> wire;
    lal::rtmp::append_chunks(lal::rtmp::make_set_chunk_size(4096), 2, 128, wire);
    for (const auto& t : stream_tags()) {
        lal::rtmp::message m{static_cast<std::uint8_t>(t.type), t.timestamp, 1, 0, t.data};
        lal::rtmp::append_chunks(m, lal::rtmp::default_chunk_stream(m.type_id), 4096, wire);
    }
    for (std::size_t read_size : {wire.size(), std::size_t{65536}, std::size_t{4096}, std::size_t{1000},
                                  std::size_t{333}, std::size_t{17}, std::size_t{1}}) {
        INFO("reads of " << read_size);
        auto view = play<lal::rtmp::chunk_decoder>(wire, read_size, [](auto& decoder, auto& read, auto& v) {
            while (auto m = decoder.next()) {
                v.shared += m->body.shares_storage_with(read);
                if (m->type_id == lal::rtmp::message_type::video) v.video(m->body.bytes());
                if (m->type_id == lal::rtmp::message_type::audio) ++v.audio;
            }
        });
        // Whole reads share the messages that fit one chunk: audio and the smaller frames.
        if (read_size == wire.size()) CHECK(view.shared > frames);
    }
}

TEST_CASE("an HTTP-FLV player finds every stamp of a stream, whatever the read size", "[lalbench][decode]") {
    std::vector<std::byte> wire;
    lal::flv::writer w(wire);
    w.write_header({});
    for (const auto& t : stream_tags()) w.write(t);
    for (std::size_t read_size : {wire.size(), std::size_t{16384}, std::size_t{4096}, std::size_t{333},
                                  std::size_t{1}}) {
        INFO("reads of " << read_size);
        auto view = play<lal::flv::reader>(wire, read_size, [](auto& reader, auto& read, auto& v) {
            while (auto t = reader.next()) {
                v.shared += t->data.shares_storage_with(read);
                if (t->type == lal::flv::tag_type::video) v.video(t->data.bytes());
                if (t->type == lal::flv::tag_type::audio) ++v.audio;
            }
        });
        if (read_size == wire.size()) CHECK(view.shared == 2 * frames + 1);  // every tag
    }
}

#include "rtsp_player.hpp"
#ifdef LALBENCH_HAVE_SRT
#include "srt_player.hpp"
#endif

TEST_CASE("player URLs: host and port, RTSP and SRT targets", "[lalbench][url]") {
    using lalbench::split_authority;
    auto hp = split_authority("127.0.0.1:5544", 554);
    REQUIRE(hp);
    CHECK(hp->host == "127.0.0.1");
    CHECK(hp->port == 5544);
    CHECK(split_authority("cam", 554)->port == 554);
    hp = split_authority("[::1]:6001", 0);
    REQUIRE(hp);
    CHECK(hp->host == "::1");
    CHECK(hp->port == 6001);
    CHECK(split_authority("[::1]", 554)->host == "::1");
    CHECK_FALSE(split_authority("host", 0));  // a port is required
    CHECK_FALSE(split_authority("host:0", 554));
    CHECK_FALSE(split_authority("host:65536", 554));
    CHECK_FALSE(split_authority(":554", 554));

    auto rtsp = lalbench::parse_rtsp_target("rtsp://user:pw@10.0.0.2/live/cam");
    REQUIRE(rtsp);
    CHECK(rtsp->host == "10.0.0.2");
    CHECK(rtsp->port == 554);
#ifdef LALBENCH_HAVE_SRT
    auto srt = lalbench::parse_srt_target("srt://127.0.0.1:6001/live/bench");
    REQUIRE(srt);
    CHECK(srt->port == 6001);
    CHECK(srt->stream_id == "#!::r=live/bench,m=request");
    srt = lalbench::parse_srt_target("srt://127.0.0.1:6001?streamid=#!::h=bench,m=request");
    REQUIRE(srt);
    CHECK(srt->stream_id == "#!::h=bench,m=request");
    CHECK_FALSE(lalbench::parse_srt_target("srt://127.0.0.1/live/bench"));  // no port
    CHECK_FALSE(lalbench::parse_srt_target("srt://127.0.0.1:6001"));        // no stream
    CHECK_FALSE(lalbench::parse_srt_target("srt://127.0.0.1:6001/live/b?x=1"));
    CHECK_FALSE(lalbench::parse_srt_target("srt://127.0.0.1:6001?streamid=" + std::string(513, 'x')));
#endif
}
