// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/control.hpp>

#include "hex.hpp"
#include "rtmp_test_util.hpp"

using namespace lal::rtmp;
using lal::byte_span;
using lal::rtmp::test::decode_whole;
using lal::rtmp::test::make_message;
using lal::rtmp::test::patterned_message;
using lal::test::hex;
using lal::test::to_hex;

namespace {

std::string encode_hex(chunk_encoder& enc, const message& m) {
    std::vector<std::byte> out;
    enc.encode(m, out);
    return to_hex(out);
}

}  // namespace

TEST_CASE("the encoder compresses headers with types 0, 1, 2 and 3", "[rtmp][chunk]") {
    chunk_encoder enc;
    // First message on a chunk stream: type 0.
    CHECK(encode_hex(enc, make_message(8, 1000, 1, 6, "a1a2a3")) == to_hex(hex("06 0003e8 000003 08 01000000 a1a2a3")));
    // Same length and type, new delta: type 2 (no type 3 right after a type 0).
    CHECK(encode_hex(enc, make_message(8, 1000, 1, 6, "b1b2b3")) == to_hex(hex("86 000000 b1b2b3")));
    // Same delta again: type 3.
    CHECK(encode_hex(enc, make_message(8, 1000, 1, 6, "c1c2c3")) == to_hex(hex("c6 c1c2c3")));
    // New delta: type 2.
    CHECK(encode_hex(enc, make_message(8, 1023, 1, 6, "d1d2d3")) == to_hex(hex("86 000017 d1d2d3")));
    CHECK(encode_hex(enc, make_message(8, 1046, 1, 6, "e1e2e3")) == to_hex(hex("c6 e1e2e3")));
    // New length: type 1.
    CHECK(encode_hex(enc, make_message(8, 1069, 1, 6, "f1f2")) == to_hex(hex("46 000017 000002 08 f1f2")));
    // New type: type 1.
    CHECK(encode_hex(enc, make_message(9, 1069, 1, 6, "f1f2")) == to_hex(hex("46 000000 000002 09 f1f2")));
    // New message stream id: type 0.
    CHECK(encode_hex(enc, make_message(9, 1069, 2, 6, "f1f2")) == to_hex(hex("06 00042d 000002 09 02000000 f1f2")));
    // Time going back: type 0.
    CHECK(encode_hex(enc, make_message(9, 5, 2, 6, "f1f2")) == to_hex(hex("06 000005 000002 09 02000000 f1f2")));
    // Other chunk streams keep their own state.
    CHECK(encode_hex(enc, make_message(20, 0, 0, 3, "01")) == to_hex(hex("03 000000 000001 14 00000000 01")));
    CHECK(encode_hex(enc, make_message(9, 5, 2, 6, "f3f4")) == to_hex(hex("86 000000 f3f4")));
    // reset() forgets a chunk stream.
    enc.reset(6);
    CHECK(encode_hex(enc, make_message(9, 5, 2, 6, "f5f6")) == to_hex(hex("06 000005 000002 09 02000000 f5f6")));
}

TEST_CASE("the encoder splits at its chunk size and uses the default chunk streams", "[rtmp][chunk]") {
    chunk_encoder enc(4);
    CHECK(enc.chunk_size() == 4);
    auto m = make_message(9, 0, 1, 0, "00010203040506070809");  // csid 0: pick the default (7)
    CHECK(encode_hex(enc, m) == to_hex(hex("07 000000 00000a 09 01000000 00010203 c7 04050607 c7 0809")));
    enc.set_chunk_size(128);
    m.chunk_stream_id = 320;
    CHECK(encode_hex(enc, m) == to_hex(hex("01 0001 000000 00000a 09 01000000 00010203040506070809")));
    CHECK(default_chunk_stream(message_type::audio) == 6);
    CHECK(default_chunk_stream(message_type::set_chunk_size) == 2);
    CHECK(default_chunk_stream(message_type::user_control) == 2);
    CHECK(default_chunk_stream(message_type::command_amf0) == 3);
    CHECK(default_chunk_stream(message_type::data_amf0) == 5);
}

TEST_CASE("extended timestamps are written in type 0, 2 and repeated in type 3 chunks", "[rtmp][chunk]") {
    chunk_encoder enc(2);
    CHECK(encode_hex(enc, make_message(8, 0x01000000, 1, 6, "aabbcc")) ==
          to_hex(hex("06 ffffff 000003 08 01000000 01000000 aabb c6 01000000 cc")));
    CHECK(encode_hex(enc, make_message(8, 0x01000010, 1, 6, "aabbcc")) == to_hex(hex("86 000010 aabb c6 cc")));
    CHECK(encode_hex(enc, make_message(8, 0x02000010, 1, 6, "aabbcc")) ==
          to_hex(hex("86 ffffff 01000000 aabb c6 01000000 cc")));
    CHECK(encode_hex(enc, make_message(8, 0x03000010, 1, 6, "ddeeff")) ==
          to_hex(hex("c6 01000000 ddee c6 01000000 ff")));
}

TEST_CASE("encode_chunks makes type 0 then type 3 chunks with the absolute timestamp", "[rtmp][chunk]") {
    auto m = make_message(9, 40, 1, 0, "0001020304050607");
    auto p = encode_chunks(m, 7, 3);
    CHECK(to_hex(p.bytes()) == to_hex(hex("07 000028 000008 09 01000000 000102 c7 030405 c7 0607")));
    // The same message later is still a full type 0 header: no connection state.
    CHECK(encode_chunks(m, 7, 3) == p);
    // A chunk size of exactly the body length makes one chunk.
    CHECK(encode_chunks(m, 7, 8).size() == 12 + 8);
    CHECK(first_chunk_stream_id(p.bytes()) == 7);
    CHECK(first_chunk_stream_id(encode_chunks(m, 300, 128).bytes()) == 300);
    CHECK(first_chunk_stream_id(encode_chunks(m, 64, 128).bytes()) == 64);
    CHECK(first_chunk_stream_id({}) == 0);
    // An empty body is a header-only chunk.
    CHECK(to_hex(encode_chunks(make_message(18, 0, 1, 0, ""), 5, 128).bytes()) ==
          to_hex(hex("05 000000 000000 12 01000000")));
}

TEST_CASE("whatever the encoder writes, the decoder reads back", "[rtmp][chunk]") {
    std::mt19937 rng(7);
    for (int round = 0; round < 50; ++round) {
        std::uint32_t chunk_size = 1 + rng() % 300;
        chunk_encoder enc(chunk_size);
        std::vector<std::byte> wire;
        // Tell the decoder the chunk size with the message the encoder needs before.
        chunk_encoder(128).encode(make_set_chunk_size(chunk_size), wire);
        std::vector<message> sent;
        std::uint32_t clock[3] = {static_cast<std::uint32_t>(rng() % 100), 0xfffff0, 0xfffffff0};
        for (int i = 0; i < 60; ++i) {
            auto lane = rng() % 3;
            auto csid = std::array<std::uint32_t, 3>{4, 70, 400}[lane];
            if (rng() % 4 != 0) clock[lane] += rng() % 3 == 0 ? 40 : rng() % 0x2000000;
            auto type = static_cast<std::uint8_t>(rng() % 2 ? 8 : 9);
            auto size = rng() % 3 == 0 ? 17 : rng() % 700;
            auto m = patterned_message(type, clock[lane], 1 + rng() % 2, csid, size, static_cast<unsigned>(i));
            if (rng() % 5 == 0) {
                append_chunks(m, 100 + lane, chunk_size, wire);  // encode-once form on other ids
                m.chunk_stream_id = 100 + lane;
            } else {
                enc.encode(m, wire);
            }
            sent.push_back(m);
        }
        auto out = decode_whole(wire);
        REQUIRE_FALSE(out.error);
        REQUIRE(out.messages.size() == sent.size() + 1);
        out.messages.erase(out.messages.begin());
        for (std::size_t i = 0; i < sent.size(); ++i) {
            INFO("round " << round << " message " << i << " chunk size " << chunk_size);
            REQUIRE(out.messages[i] == sent[i]);
        }
    }
}

TEST_CASE("encode_chunk_pieces gives encode_chunks' bytes as headers plus slices of the body", "[rtmp][chunk]") {
    for (std::uint32_t csid : {6u, 64u, 400u}) {
        for (std::uint32_t timestamp : {0u, 40u, 0xfffffeu, 0xffffffu, 0x12345678u}) {
            for (std::size_t size : {0u, 1u, 127u, 128u, 129u, 600u, 4096u, 5000u}) {
                std::vector<std::byte> bytes(size);
                for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>(i * 13 + 1);
                const auto body = lal::payload::adopt(std::move(bytes));
                const message m{9, timestamp, 1, 0, body};
                const auto flat = encode_chunks(m, csid, 128);
                const auto pieces = encode_chunk_pieces(m, csid, 128, 100);
                const auto joined = pieces.flatten();
                CHECK(lal::payload::copy_from(joined) == flat);
                CHECK(pieces.size() == flat.size());
                std::size_t sliced = 0;
                for (const auto& p : pieces.pieces()) sliced += p.shares_storage_with(body) ? p.size() : 0;
                CHECK(sliced == (size >= 100 ? size : 0));
            }
        }
    }
}
