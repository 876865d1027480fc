// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/handshake.hpp>

#include "chunk_scanner.hpp"
#include "error.hpp"
#include "hex.hpp"
#include "split_feed.hpp"
#include "stamp.hpp"

namespace {

using lalbench::chunk_scanner;
namespace mt = lal::rtmp::message_type;

// What the scanner reported of one message, with its bytes copied.
struct seen {
    std::uint8_t type_id = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t length = 0;
    std::uint32_t stream_id = 0;
    std::uint32_t csid = 0;
    std::vector<std::byte> body;
    friend bool operator==(const seen&, const seen&) = default;
};

struct recorder final : lalbench::message_sink {
    std::vector<seen> all;
    void on_message(const lalbench::scanned_message& m) override {
        all.push_back({m.type_id, m.timestamp, m.length, m.message_stream_id, m.chunk_stream_id,
                       std::vector<std::byte>(m.body.begin(), m.body.end())});
    }
};

// What the scanner must report for a whole message: whole bodies of control and
// command messages, the first bytes of video, nothing of the rest.
seen expected(const lal::rtmp::message& m, std::uint32_t csid) {
    seen s{m.type_id, m.timestamp, static_cast<std::uint32_t>(m.body.size()), m.message_stream_id, csid, {}};
    auto b = m.body.bytes();
    bool whole = (m.type_id >= 1 && m.type_id <= 6) || m.type_id == mt::command_amf0;
    if (whole) s.body.assign(b.begin(), b.end());
    if (m.type_id == mt::video) s.body.assign(b.begin(), b.begin() + std::min(b.size(), lalbench::stamp_prefix_size));
    return s;
}

lal::rtmp::message media(std::uint8_t type, std::uint32_t ts, std::size_t size, std::uint8_t fill) {
    std::vector<std::byte> body(size, std::byte{fill});
    return lal::rtmp::message{type, ts, 1, 0, lal::payload::adopt(std::move(body))};
}

lal::rtmp::message stamped_video(std::uint32_t ts, std::uint64_t seq, std::size_t nal_size) {
    // FLV video tag header of an AVC key frame (E.4.3.1), then one NAL unit.
    std::vector<std::byte> body = lal::test::hex("17 01 00 00 00");
    body.resize(body.size() + 4);
    lal::store_be(body.data() + 5, nal_size, 4);
    body.push_back(std::byte{0x65});
    body.resize(body.size() + nal_size - 1, std::byte{0x88});
    auto stamped = lalbench::stamp_video_body(body, 4, {seq, 1'000'000 + seq});
    return lal::rtmp::message{mt::video, ts, 1, 0, stamped};
}

// Scans the input as `feeder` splits it; the first error ends the run and is
// reported as a message of type 0.
template <class Feeder>
std::vector<seen> scan(const Feeder& feeder) {
    chunk_scanner scanner;
    recorder r;
    std::error_code ec;
    feeder([&](lal::byte_span part) {
        if (!ec) ec = scanner.feed(part, r);
    });
    if (ec) r.all.push_back({0, static_cast<std::uint32_t>(ec.value()), 0, 0, 0, {}});
    return r.all;
}

}  // namespace

TEST_CASE("chunk scanner finds every message of a compressed chunk stream, however the input is split",
          "[lalbench][scanner]") {
    lal::rtmp::chunk_encoder enc(128);
    std::vector<std::byte> wire;
    std::vector<seen> want;
    auto put = [&](const lal::rtmp::message& m) {
        auto csid = m.chunk_stream_id ? m.chunk_stream_id : lal::rtmp::default_chunk_stream(m.type_id);
        enc.encode(m, wire);
        want.push_back(expected(m, csid));
    };
    put(lal::rtmp::make_window_ack_size(5'000'000));
    put(lal::rtmp::make_set_peer_bandwidth(5'000'000, lal::rtmp::bandwidth_limit::dynamic));
    put(lal::rtmp::make_connect_result(1, "FMS/3,0,1,123", 0));  // over 128 bytes: several chunks
    put(lal::rtmp::make_set_chunk_size(512));
    enc.set_chunk_size(512);
    put(lal::rtmp::make_on_status(1, "status", "NetStream.Play.Start", "Started playing"));
    for (std::uint32_t i = 0; i < 4; ++i) {
        put(media(mt::audio, 1000 + 23 * i, 100, 0xaa));                 // type 2, then type 3 headers
        put(stamped_video(1000 + 40 * i, i, i % 2 ? 1200 : 60));          // spans 3 chunks when large
    }
    put(media(mt::data_amf0, 1300, 0, 0));                                // an empty message
    put(media(mt::video, 0x01000000, 1100, 0x11));                        // extended timestamp, repeated on type 3

    auto runs = lal::test::all_feedings(wire, [&](const auto& feeder) { return scan(feeder); });
    for (const auto& r : runs) CHECK(r == want);
}

TEST_CASE("chunk scanner reads messages of a real ffmpeg publish session as the chunk decoder does",
          "[lalbench][scanner]") {
    std::ifstream in(std::string(LAL_RTMP_TEST_DATA_DIR) + "/ffmpeg_publish.bin", std::ios::binary);
    REQUIRE(in);
    std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // RTMP spec 5.2.5: C0 (1 byte), C1 and C2 (1536 bytes each) come before the chunks.
    constexpr std::size_t handshake_bytes = 1 + 2 * lal::rtmp::handshake_size;
    REQUIRE(raw.size() > handshake_bytes);
    auto chunks = std::as_bytes(std::span(raw)).subspan(handshake_bytes);

    lal::rtmp::chunk_decoder decoder;
    REQUIRE_FALSE(decoder.feed(chunks));
    std::vector<seen> want;
    while (auto m = decoder.next()) want.push_back(expected(*m, m->chunk_stream_id));
    REQUIRE(want.size() > 30);  // connect, releaseStream ... and about 2 s of audio and video

    auto runs = lal::test::all_feedings(chunks, [&](const auto& feeder) { return scan(feeder); });
    for (const auto& r : runs) CHECK(r == want);
}

TEST_CASE("chunk scanner reports a message whose chunks interleave with another chunk stream's",
          "[lalbench][scanner]") {
    auto video = media(mt::video, 40, 300, 0x22);
    auto audio = media(mt::audio, 23, 50, 0x33);
    std::vector<std::byte> v, a;
    lal::rtmp::append_chunks(video, 7, 128, v);  // 12-byte header + 128, then 1 + 128, then 1 + 44
    lal::rtmp::append_chunks(audio, 6, 128, a);
    std::vector<std::byte> wire(v.begin(), v.begin() + 12 + 128);
    wire.insert(wire.end(), a.begin(), a.end());
    wire.insert(wire.end(), v.begin() + 12 + 128, v.end());

    auto runs = lal::test::all_feedings(wire, [&](const auto& feeder) { return scan(feeder); });
    for (const auto& r : runs) CHECK(r == std::vector<seen>{expected(audio, 6), expected(video, 7)});
}

TEST_CASE("chunk scanner takes an extended timestamp that type 3 chunks do not repeat", "[lalbench][scanner]") {
    // Type 0 on csid 6: timestamp 0xffffff (extended follows), length 200, audio, stream 1;
    // extended timestamp 0x01000000; 128 bytes; then a type 3 chunk without the repeat.
    auto wire = lal::test::hex("06 ff ff ff 00 00 c8 08 01 00 00 00 01 00 00 00");
    wire.insert(wire.end(), 128, std::byte{0x44});
    wire.push_back(std::byte{0xc6});
    wire.insert(wire.end(), 72, std::byte{0x44});
    seen want{mt::audio, 0x01000000, 200, 1, 6, {}};
    auto runs = lal::test::all_feedings(wire, [&](const auto& feeder) { return scan(feeder); });
    for (const auto& r : runs) CHECK(r == std::vector<seen>{want});
}

TEST_CASE("chunk scanner drops a message cut short by Abort and reads the next one", "[lalbench][scanner]") {
    auto first = media(mt::video, 40, 300, 0x55);
    auto second = media(mt::video, 80, 20, 0x66);
    std::vector<std::byte> v;
    lal::rtmp::append_chunks(first, 7, 128, v);
    std::vector<std::byte> wire(v.begin(), v.begin() + 12 + 128);  // only the first chunk
    auto abort = lal::rtmp::make_abort(7);
    lal::rtmp::append_chunks(abort, 2, 128, wire);
    lal::rtmp::append_chunks(second, 7, 128, wire);
    auto runs = lal::test::all_feedings(wire, [&](const auto& feeder) { return scan(feeder); });
    for (const auto& r : runs) CHECK(r == std::vector<seen>{expected(abort, 2), expected(second, 7)});
}

TEST_CASE("chunk scanner fails on chunk streams that never started, too many chunk streams, huge commands "
          "and bad chunk sizes",
          "[lalbench][scanner]") {
    auto run = [](lal::byte_span wire, lalbench::scanner_limits limits = {}) {
        chunk_scanner scanner(limits);
        recorder r;
        auto ec = scanner.feed(wire, r);
        // A dead scanner stays dead.
        CHECK(scanner.feed(lal::test::hex("02"), r) == ec);
        return ec;
    };
    SECTION("a type 2 chunk first") {
        CHECK(run(lal::test::hex("86 00 00 28 00")) == lalbench::errc::missing_chunk_header);
    }
    SECTION("65 chunk streams") {
        std::vector<std::byte> wire;
        for (std::uint32_t csid = 3; csid < 3 + 65; ++csid) {
            lal::rtmp::append_chunks(media(mt::audio, 0, 1, 0), csid, 128, wire);
        }
        CHECK(run(wire) == lalbench::errc::too_many_chunk_streams);
    }
    SECTION("a command longer than what is kept, refused at its header") {
        lalbench::scanner_limits small;
        small.max_kept_message = 100;
        auto cmd = lal::rtmp::make_connect_result(1, "FMS/3,0,1,123", 0);
        std::vector<std::byte> wire;
        lal::rtmp::append_chunks(cmd, 3, 128, wire);
        CHECK(run(lal::byte_span(wire).first(12), small) == lalbench::errc::message_too_large);
    }
    SECTION("Set Chunk Size 0 and with the reserved bit") {
        std::vector<std::byte> zero, top;
        lal::rtmp::append_chunks(lal::rtmp::message{mt::set_chunk_size, 0, 0, 2, lal::payload::copy_from(lal::test::hex("00 00 00 00"))}, 2, 128, zero);
        lal::rtmp::append_chunks(lal::rtmp::message{mt::set_chunk_size, 0, 0, 2, lal::payload::copy_from(lal::test::hex("80 00 10 00"))}, 2, 128, top);
        CHECK(run(zero) == lalbench::errc::bad_chunk_size);
        CHECK(run(top) == lalbench::errc::bad_chunk_size);
    }
}
