// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/error.hpp>

#include "data_path.hpp"
#include "hex.hpp"
#include "rtmp_test_util.hpp"
#include "split_feed.hpp"

using namespace lal::rtmp;
using lal::byte_span;
using lal::rtmp::test::decode_whole;
using lal::rtmp::test::decoded;
using lal::rtmp::test::make_message;
using lal::test::hex;

namespace {

std::vector<std::byte> cat(std::initializer_list<std::vector<std::byte>> parts) {
    std::vector<std::byte> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::string repeat_hex(const char* byte_hex, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += byte_hex;
    return out;
}

// Every way of cutting `input` (one cut anywhere, and byte by byte) decodes to
// what the whole input decodes to, in the copying and in the zero-copy mode
// (each piece fed as a payload of its own).
void check_all_feedings(byte_span input, decoder_limits limits = {}) {
    for (bool zero_copy : {false, true}) {
        auto results = lal::test::all_feedings(input, [&](const auto& feeder) {
            chunk_decoder d(limits);
            decoded out;
            feeder([&](byte_span piece) {
                if (!out.error) out.error = zero_copy ? d.feed(lal::payload::copy_from(piece)) : d.feed(piece);
                lal::rtmp::test::drain(d, out.messages);
            });
            return out;
        });
        auto expected = decode_whole(input, limits);
        for (std::size_t i = 0; i < results.size(); ++i) {
            INFO("zero-copy " << zero_copy << ", feeding " << i);
            REQUIRE(results[i] == expected);
        }
    }
}

}  // namespace

TEST_CASE("a type 0 chunk with a one-byte basic header decodes every field", "[rtmp][chunk]") {
    // fmt 0 csid 3, timestamp 1000, length 5, type 20, stream id 1 (little-endian), "hello".
    auto in = hex("03 0003e8 000005 14 01000000 68656c6c6f");
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 1);
    CHECK(out.messages[0] == make_message(20, 1000, 1, 3, "68656c6c6f"));
    check_all_feedings(in);
}

TEST_CASE("basic headers of one, two and three bytes carry chunk stream ids 2 to 65599", "[rtmp][chunk]") {
    struct form {
        const char* basic;
        std::uint32_t csid;
    };
    for (auto f : {form{"02", 2}, form{"3f", 63}, form{"00 00", 64}, form{"00 ff", 319}, form{"01 00 01", 320},
                   form{"01 ff ff", 65599}, form{"01 00 00", 64}, form{"01 3f 01", 383}}) {
        INFO("basic header " << f.basic);
        auto in = cat({hex(f.basic), hex("000010 000001 09 05000000 aa")});
        auto out = decode_whole(in);
        REQUIRE_FALSE(out.error);
        REQUIRE(out.messages.size() == 1);
        CHECK(out.messages[0] == make_message(9, 16, 5, f.csid, "aa"));
        // The encoder picks the shortest form.
        auto encoded = encode_chunks(out.messages[0], f.csid, 128);
        auto shortest = f.csid < 64 ? 1u : f.csid < 320 ? 2u : 3u;
        CHECK(encoded.size() == shortest + 11 + 1);
        CHECK(decode_whole(encoded.bytes()).messages == out.messages);
    }
}

TEST_CASE("types 1, 2 and 3 reuse what the chunk stream's earlier headers set", "[rtmp][chunk]") {
    // The shape of RTMP spec 5.3.2.1 (Example 1): audio on one stream, first a
    // type 0, then a type 2 with delta 20, then type 3 chunks that repeat it.
    auto in = cat({
        hex("04 0003e8 000003 08 39300000 a1a2a3"),  // csid 4, ts 1000, len 3, audio, msid 12345
        hex("84 000014 b1b2b3"),                     // type 2: delta 20 -> 1020
        hex("c4 c1c2c3"),                            // type 3 new message: delta 20 again -> 1040
        hex("c4 d1d2d3"),                            // -> 1060
        hex("44 000028 000002 09 e1e2"),             // type 1: delta 40, len 2, video -> 1100
        hex("c4 f1f2"),                              // type 3 reuses delta 40 -> 1140
    });
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 6);
    CHECK(out.messages[0] == make_message(8, 1000, 12345, 4, "a1a2a3"));
    CHECK(out.messages[1] == make_message(8, 1020, 12345, 4, "b1b2b3"));
    CHECK(out.messages[2] == make_message(8, 1040, 12345, 4, "c1c2c3"));
    CHECK(out.messages[3] == make_message(8, 1060, 12345, 4, "d1d2d3"));
    CHECK(out.messages[4] == make_message(9, 1100, 12345, 4, "e1e2"));
    CHECK(out.messages[5] == make_message(9, 1140, 12345, 4, "f1f2"));
    check_all_feedings(in);
}

TEST_CASE("a message longer than the chunk size continues in type 3 chunks", "[rtmp][chunk]") {
    // RTMP spec 5.3.2.2 (Example 2): a 307-byte message at chunk size 128.
    auto body = repeat_hex("5a", 307);
    auto in = cat({hex("04 0003e8 000133 09 3a300000"), hex(repeat_hex("5a", 128)), hex("c4"),
                   hex(repeat_hex("5a", 128)), hex("c4"), hex(repeat_hex("5a", 51))});
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 1);
    CHECK(out.messages[0] == make_message(9, 1000, 12346, 4, body));
    check_all_feedings(in);
}

TEST_CASE("a type 3 chunk after a type 0 header adds the type 0 timestamp as delta", "[rtmp][chunk]") {
    // What ffmpeg and librtmp senders mean: ts 40, then a type 3 new message at 80.
    auto in = hex("06 000028 000001 08 01000000 aa c6 bb");
    auto out = decode_whole(in);
    REQUIRE(out.messages.size() == 2);
    CHECK(out.messages[1].timestamp == 80);
}

TEST_CASE("a type 1 header may start a chunk stream, types 2 and 3 may not", "[rtmp][chunk]") {
    auto ok = decode_whole(hex("45 000064 000001 12 aa"));
    REQUIRE_FALSE(ok.error);
    REQUIRE(ok.messages.size() == 1);
    CHECK(ok.messages[0] == make_message(18, 100, 0, 5, "aa"));
    CHECK(decode_whole(hex("85 000064 aa")).error == errc::missing_chunk_header);
    CHECK(decode_whole(hex("c5 aa")).error == errc::missing_chunk_header);
}

TEST_CASE("extended timestamps in type 0 headers", "[rtmp][chunk]") {
    // RTMP spec 5.3.1.3: field 0xffffff, then the 32-bit timestamp.
    auto in = hex("03 ffffff 000002 09 01000000 01020304 aabb");
    auto out = decode_whole(in);
    REQUIRE(out.messages.size() == 1);
    CHECK(out.messages[0] == make_message(9, 0x01020304, 1, 3, "aabb"));
    CHECK(encode_chunks(out.messages[0], 3, 128).bytes().size() == in.size());
    CHECK(lal::test::to_hex(encode_chunks(out.messages[0], 3, 128).bytes()) == lal::test::to_hex(in));
    // 0xfffffe still fits the 24-bit field; 0xffffff already needs the extension.
    CHECK(decode_whole(hex("03 fffffe 000001 09 01000000 aa")).messages[0].timestamp == 0xfffffe);
    CHECK(decode_whole(hex("03 ffffff 000001 09 01000000 00ffffff aa")).messages[0].timestamp == 0xffffff);
    check_all_feedings(in);
}

TEST_CASE("type 3 chunks are read with or without a repeated extended timestamp", "[rtmp][chunk]") {
    // Chunk size 2 (set first), then a 5-byte message at timestamp 0x01000000.
    auto set_size = hex("02 000000 000004 01 00000000 00000002");
    auto expected = make_message(9, 0x01000000, 1, 3, "1122334455");
    SECTION("repeated, as Flash, ffmpeg and our encoder send it") {
        auto in = cat({set_size, hex("03 ffffff 000005 09 01000000 01000000 1122"), hex("c3 01000000 3344"),
                       hex("c3 01000000 55")});
        auto out = decode_whole(in);
        REQUIRE_FALSE(out.error);
        REQUIRE(out.messages.size() == 2);
        CHECK(out.messages[1] == expected);
        // Our encoder writes exactly this.
        chunk_encoder enc(2);
        std::vector<std::byte> encoded;
        enc.encode(expected, encoded);
        CHECK(lal::test::to_hex(encoded) == lal::test::to_hex(byte_span(in).subspan(set_size.size())));
        check_all_feedings(in);
    }
    SECTION("not repeated, as some other peers send it") {
        auto in = cat({set_size, hex("03 ffffff 000005 09 01000000 01000000 1122"), hex("c3 3344"), hex("c3 55"),
                       hex("03 000000 000001 08 01000000 99")});
        auto out = decode_whole(in);
        REQUIRE_FALSE(out.error);
        REQUIRE(out.messages.size() == 3);
        CHECK(out.messages[1] == expected);
        CHECK(out.messages[2] == make_message(8, 0, 1, 3, "99"));
        check_all_feedings(in);
    }
    SECTION("a type 3 chunk starting a message repeats the extended delta") {
        // The last type 3 chunk is followed by another message, so the decoder can
        // see that the 4 bytes after its basic header are no repeat.
        auto in = cat({set_size, hex("03 000000 000001 09 01000000 aa"), hex("83 ffffff 01000000 bb"),
                       hex("c3 01000000 cc"), hex("c3 dd"), hex("04 000000 000002 08 01000000 1122")});
        auto out = decode_whole(in);
        REQUIRE_FALSE(out.error);
        REQUIRE(out.messages.size() == 6);
        CHECK(out.messages[2].timestamp == 0x01000000);
        CHECK(out.messages[3].timestamp == 0x02000000);  // repeated ext: delta 0x01000000
        CHECK(out.messages[4].timestamp == 0x03000000);  // no repeat: same delta
        CHECK(out.messages[4].body == lal::payload::copy_from(hex("dd")));
        CHECK(out.messages[5] == make_message(8, 0, 1, 4, "1122"));
        check_all_feedings(in);
    }
}

TEST_CASE("a Set Chunk Size applies to the chunks right after it, even in the same read", "[rtmp][chunk]") {
    auto in = cat({
        hex("04 000000 00000a 09 01000000"), hex(repeat_hex("01", 10)),  // fits in 128
        hex("02 000000 000004 01 00000000 00000004"),                     // chunk size 4
        hex("04 000000 00000a 09 01000000 02020202 c4 02020202 c4 0202"),
        hex("02 000000 000004 01 00000000 00000100"),  // chunk size 256
        hex("04 000000 000136 09 01000000"), hex(repeat_hex("03", 256)), hex("c4"), hex(repeat_hex("03", 54)),
    });
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 5);
    CHECK(out.messages[1].type_id == message_type::set_chunk_size);
    CHECK(out.messages[2] == make_message(9, 0, 1, 4, repeat_hex("02", 10)));
    CHECK(out.messages[4] == make_message(9, 0, 1, 4, repeat_hex("03", 310)));
    chunk_decoder d;
    REQUIRE_FALSE(d.feed(in));
    CHECK(d.peer_chunk_size() == 256);
    CHECK(d.bytes_received() == in.size());
    check_all_feedings(in);
}

TEST_CASE("chunks of different chunk streams interleave", "[rtmp][chunk]") {
    // A 200-byte video message on csid 7 is interrupted by a 3-byte audio
    // message on csid 6 and a command on csid 3.
    auto in = cat({
        hex("07 000064 0000c8 09 01000000"), hex(repeat_hex("77", 128)),
        hex("06 000064 000003 08 01000000 666666"),
        hex("03 000000 000002 14 00000000 3333"),
        hex("c7"), hex(repeat_hex("77", 72)),
    });
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 3);
    CHECK(out.messages[0] == make_message(8, 100, 1, 6, "666666"));
    CHECK(out.messages[1] == make_message(20, 0, 0, 3, "3333"));
    CHECK(out.messages[2] == make_message(9, 100, 1, 7, repeat_hex("77", 200)));
    check_all_feedings(in);
}

TEST_CASE("an Abort drops the partial message of its chunk stream", "[rtmp][chunk]") {
    auto in = cat({
        hex("07 000064 0000c8 09 01000000"), hex(repeat_hex("77", 128)),  // 128 of 200 bytes
        hex("02 000000 000004 02 00000000 00000007"),                     // abort csid 7
        // A type 3 chunk now starts a new message (same length, delta 100).
        hex("c7"), hex(repeat_hex("88", 128)), hex("c7"), hex(repeat_hex("88", 72)),
    });
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 2);
    CHECK(out.messages[0].type_id == message_type::abort);
    CHECK(out.messages[1] == make_message(9, 200, 1, 7, repeat_hex("88", 200)));
    check_all_feedings(in);
}

TEST_CASE("a new type 0 header on a chunk stream with a partial message starts over", "[rtmp][chunk]") {
    auto in = cat({hex("07 000064 0000c8 09 01000000"), hex(repeat_hex("77", 128)),
                   hex("07 000070 000002 09 01000000 abcd")});
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 1);
    CHECK(out.messages[0] == make_message(9, 112, 1, 7, "abcd"));
}

TEST_CASE("zero-length messages complete with their header", "[rtmp][chunk]") {
    auto in = hex("03 000005 000000 14 00000000 c3 03 000006 000001 14 00000000 ee");
    auto out = decode_whole(in);
    REQUIRE_FALSE(out.error);
    REQUIRE(out.messages.size() == 3);
    CHECK(out.messages[0].body.empty());
    CHECK(out.messages[1].timestamp == 10);
    CHECK(out.messages[2] == make_message(20, 6, 0, 3, "ee"));
    check_all_feedings(in);
}

TEST_CASE("every cap turns into a clean error and the decoder stays dead", "[rtmp][chunk]") {
    SECTION("a 16 MiB message length") {
        chunk_decoder d;
        CHECK(d.feed(hex("04 000000 ffffff 09 01000000")) == errc::message_too_large);
        CHECK(d.feed(hex("04 000000 000001 09 01000000 00")) == errc::message_too_large);
        CHECK_FALSE(d.next());
        CHECK(d.error() == errc::message_too_large);
    }
    SECTION("a message just over a configured limit, and one at it") {
        decoder_limits limits;
        limits.max_message_size = 1000;
        CHECK(decode_whole(hex("04 000000 0003e9 09 01000000"), limits).error == errc::message_too_large);
        CHECK_FALSE(decode_whole(hex("04 000000 0003e8 09 01000000"), limits).error);
        CHECK(decode_whole(hex("04 000000 000001 09 01000000 aa 44 000000 0003e9 09"), limits).error ==
              errc::message_too_large);
    }
    SECTION("Set Chunk Size 2^31-1, 2^31 and 0") {
        CHECK(decode_whole(hex("02 000000 000004 01 00000000 7fffffff")).error == errc::chunk_size_too_large);
        CHECK(decode_whole(hex("02 000000 000004 01 00000000 80000000")).error == errc::bad_chunk_size);
        CHECK(decode_whole(hex("02 000000 000004 01 00000000 00000000")).error == errc::bad_chunk_size);
        auto max_ok = decode_whole(hex("02 000000 000004 01 00000000 01000000"));
        CHECK_FALSE(max_ok.error);
        CHECK(max_ok.messages.size() == 1);
        CHECK(decode_whole(hex("02 000000 000004 01 00000000 01000001")).error == errc::chunk_size_too_large);
        chunk_decoder d;
        CHECK(d.set_peer_chunk_size(0x7fffffff) == errc::chunk_size_too_large);
        CHECK(d.feed(hex("02")) == errc::chunk_size_too_large);
    }
    SECTION("a short Set Chunk Size body") {
        CHECK(decode_whole(hex("02 000000 000002 01 00000000 0100")).error == errc::bad_control_message);
        CHECK(decode_whole(hex("02 000000 000003 02 00000000 000007")).error == errc::bad_control_message);
    }
    SECTION("too many chunk streams") {
        std::vector<std::byte> in;
        for (std::uint32_t csid = 2; csid < 2 + 64; ++csid) {
            auto one = encode_chunks(make_message(8, 0, 1, csid, "aa"), csid, 128);
            in.insert(in.end(), one.bytes().begin(), one.bytes().end());
        }
        auto out = decode_whole(in);
        CHECK_FALSE(out.error);
        CHECK(out.messages.size() == 64);
        auto extra = encode_chunks(make_message(8, 0, 1, 300, "aa"), 300, 128);
        in.insert(in.end(), extra.bytes().begin(), extra.bytes().end());
        out = decode_whole(in);
        CHECK(out.error == errc::too_many_chunk_streams);
        CHECK(out.messages.size() == 64);
        // Reusing known chunk streams is fine.
        chunk_decoder d;
        REQUIRE_FALSE(d.feed(byte_span(in).first(in.size() - extra.size())));
        auto again = encode_chunks(make_message(8, 0, 1, 5, "bb"), 5, 128);
        CHECK_FALSE(d.feed(again.bytes()));
        CHECK(d.chunk_stream_count() == 64);
    }
}

TEST_CASE("a peer announcing a large message without sending it does not make us allocate it",
          "[rtmp][chunk]") {
    // 64 chunk streams each announce 8 MiB and send one 128-byte chunk: the
    // decoder keeps its initial reserve per stream, not 512 MiB.
    std::vector<std::byte> in;
    for (std::uint32_t csid = 2; csid < 66; ++csid) {
        auto one = cat({hex("00"), hex("000000 800000 09 01000000"), hex(repeat_hex("aa", 128))});
        one[0] = static_cast<std::byte>(csid < 64 ? csid : 0);
        if (csid >= 64) one.insert(one.begin() + 1, static_cast<std::byte>(csid - 64));
        in.insert(in.end(), one.begin(), one.end());
    }
    chunk_decoder d;
    CHECK_FALSE(d.feed(in));
    CHECK_FALSE(d.next());
    CHECK(d.chunk_stream_count() == 64);
}

TEST_CASE("truncated input never yields a partial message or an error", "[rtmp][chunk]") {
    auto in = cat({hex("07 000064 0000c8 09 01000000"), hex(repeat_hex("77", 128)),
                   hex("06 ffffff 000003 08 01000000 01000000 666666"), hex("c7"), hex(repeat_hex("77", 72))});
    for (std::size_t n = 0; n < in.size(); ++n) {
        auto out = decode_whole(byte_span(in).first(n));
        CHECK_FALSE(out.error);
        CHECK(out.messages.size() <= 1);
    }
    CHECK(decode_whole(in).messages.size() == 2);
}

TEST_CASE("random input never crashes the decoder", "[rtmp][chunk]") {
    std::mt19937 rng(20240501);
    std::size_t errors = 0;
    std::size_t messages = 0;
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::byte> in(rng() % 600);
        for (auto& b : in) b = static_cast<std::byte>(rng());
        // Often start from a valid header so the parser gets deeper.
        if (round % 2 == 0 && in.size() > 12) {
            auto head = hex("03 000000 000020 09 01000000");
            std::copy(head.begin(), head.end(), in.begin());
        }
        decoder_limits limits;
        limits.max_message_size = 4096;
        limits.max_chunk_streams = 8;
        chunk_decoder d(limits);
        std::size_t at = 0;
        while (at < in.size()) {
            auto n = std::min<std::size_t>(1 + rng() % 40, in.size() - at);
            if (d.feed(byte_span(in).subspan(at, n))) break;
            at += n;
        }
        if (d.error()) ++errors;
        while (auto m = d.next()) {
            ++messages;
            REQUIRE(m->body.size() <= 4096);
        }
    }
    // Both outcomes happen, so the loop exercised real parsing.
    CHECK(errors > 0);
    CHECK(messages > 0);
}

TEST_CASE("zero-copy mode hands out messages that lie whole in one chunk as slices of the input",
          "[rtmp][chunk]") {
    // Audio and a command fit their chunks; the video message is cut by their headers.
    auto in = lal::payload::adopt(cat({
        hex("07 000064 0000c8 09 01000000"), hex(repeat_hex("77", 128)),
        hex("06 000064 000003 08 01000000 666666"),
        hex("03 000000 000002 14 00000000 3333"),
        hex("c7"), hex(repeat_hex("77", 72)),
        hex("06 000064 000000 08 01000000"),  // empty
    }));
    chunk_decoder d;
    REQUIRE_FALSE(d.feed(in));
    decoded out;
    lal::rtmp::test::drain(d, out.messages);
    REQUIRE(out == decode_whole(in.bytes()));
    REQUIRE(out.messages.size() == 4);
    CHECK(out.messages[0].body.shares_storage_with(in));
    CHECK(out.messages[0].body.data() == in.data() + 12 + 128 + 12);
    CHECK(out.messages[1].body.shares_storage_with(in));
    CHECK_FALSE(out.messages[2].body.shares_storage_with(in));  // assembled from two chunks
    CHECK(out.messages[3].body.empty());

    SECTION("a message cut by the end of the input is copied, the next one shared again") {
        chunk_decoder split;
        auto first = in.slice(0, 12 + 128 + 12 + 1);  // one byte of the audio body
        REQUIRE_FALSE(split.feed(first));
        REQUIRE_FALSE(split.feed(in.slice(first.size())));
        std::vector<message> got;
        lal::rtmp::test::drain(split, got);
        REQUIRE(got == out.messages);
        CHECK_FALSE(got[0].body.shares_storage_with(in));
        CHECK(got[1].body.shares_storage_with(in));
    }
    SECTION("the copying feed never shares") {
        chunk_decoder copying;
        REQUIRE_FALSE(copying.feed(in.bytes()));
        while (auto m = copying.next()) CHECK_FALSE(m->body.shares_storage_with(in));
    }
}

TEST_CASE("zero-copy mode decodes a recorded ffmpeg publish like the copying mode", "[rtmp][chunk]") {
    auto file = lal::test::read_data("../rtmp/data/ffmpeg_publish.bin");
    // RTMP spec 5.2: C0 and C1 (1 + 1536 bytes), then C2 (1536), then chunks.
    REQUIRE(file.size() > 3073);
    auto chunks = lal::payload::copy_from(byte_span(file).subspan(3073));
    auto expected = decode_whole(chunks.bytes());
    REQUIRE_FALSE(expected.error);
    REQUIRE(expected.messages.size() > 20);
    for (std::size_t piece : {chunks.size(), std::size_t{4096}, std::size_t{1000}, std::size_t{77}}) {
        INFO("pieces of " << piece);
        chunk_decoder d;
        decoded out;
        std::size_t shared = 0;
        for (std::size_t at = 0; at < chunks.size(); at += piece) {
            out.error = d.feed(chunks.slice(at, std::min(piece, chunks.size() - at)));
            while (auto m = d.next()) {
                shared += m->body.shares_storage_with(chunks);
                out.messages.push_back(std::move(*m));
            }
        }
        REQUIRE(out == expected);
        CHECK(shared > 0);
    }
}
