// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/rtmp/aggregate.hpp>
#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/error.hpp>

#include "hex.hpp"
#include "rtmp_test_util.hpp"

using namespace lal::rtmp;
using lal::rtmp::test::make_message;
using lal::test::hex;
using lal::test::to_hex;

namespace {

std::string wire(const message& m) { return to_hex(encode_chunks(m, m.chunk_stream_id, 128).bytes()); }

}  // namespace

TEST_CASE("protocol control messages have their RTMP 5.4 encodings", "[rtmp][control]") {
    CHECK(wire(make_set_chunk_size(4096)) == to_hex(hex("02 000000 000004 01 00000000 00001000")));
    CHECK(wire(make_abort(7)) == to_hex(hex("02 000000 000004 02 00000000 00000007")));
    CHECK(wire(make_acknowledgement(2500000)) == to_hex(hex("02 000000 000004 03 00000000 002625a0")));
    CHECK(wire(make_window_ack_size(2500000)) == to_hex(hex("02 000000 000004 05 00000000 002625a0")));
    CHECK(wire(make_set_peer_bandwidth(2500000, bandwidth_limit::dynamic)) ==
          to_hex(hex("02 000000 000005 06 00000000 002625a0 02")));
    // The reserved top bit of a chunk size is never sent.
    CHECK(to_hex(make_set_chunk_size(0xffffffff).body.bytes()) == "7fffffff");
}

TEST_CASE("user control events have their RTMP 7.1.7 encodings", "[rtmp][control]") {
    CHECK(wire(make_stream_begin(1)) == to_hex(hex("02 000000 000006 04 00000000 0000 00000001")));
    CHECK(to_hex(make_stream_eof(1).body.bytes()) == "000100000001");
    CHECK(to_hex(make_stream_dry(1).body.bytes()) == "000200000001");
    CHECK(to_hex(make_set_buffer_length(1, 3000).body.bytes()) == "00030000000100000bb8");
    CHECK(to_hex(make_stream_is_recorded(1).body.bytes()) == "000400000001");
    CHECK(to_hex(make_ping_request(123456).body.bytes()) == "00060001e240");
    CHECK(to_hex(make_ping_response(123456).body.bytes()) == "00070001e240");
    auto m = make_ping_request(1);
    CHECK(m.chunk_stream_id == 2);
    CHECK(m.message_stream_id == 0);
    CHECK(m.type_id == message_type::user_control);
}

TEST_CASE("control bodies parse back and short ones are errors", "[rtmp][control]") {
    CHECK(parse_u32_control(make_window_ack_size(5000000).body.bytes()).value() == 5000000);
    CHECK(parse_u32_control(hex("000010")).error() == errc::bad_control_message);
    auto bw = parse_set_peer_bandwidth(make_set_peer_bandwidth(1000, bandwidth_limit::soft).body.bytes());
    REQUIRE(bw.has_value());
    CHECK(*bw == peer_bandwidth{1000, bandwidth_limit::soft});
    CHECK(parse_set_peer_bandwidth(hex("00001000")).error() == errc::bad_control_message);
    CHECK(parse_set_peer_bandwidth(hex("00001000 03")).error() == errc::bad_control_message);

    auto sbl = parse_user_control(make_set_buffer_length(1, 3000).body.bytes());
    REQUIRE(sbl.has_value());
    CHECK(*sbl == user_control{user_event::set_buffer_length, 1, 3000});
    CHECK(parse_user_control(hex("0003 00000001")).error() == errc::bad_control_message);
    CHECK(parse_user_control(hex("0006 0000")).error() == errc::bad_control_message);
    CHECK(parse_user_control(hex("00")).error() == errc::bad_control_message);
    CHECK(parse_user_control(hex("0006 0001e240")).value() == user_control{user_event::ping_request, 123456});
    // Unknown events (e.g. 31, "buffer empty" in some servers) need no data.
    CHECK(parse_user_control(hex("001f")).value().event == 31);
}

TEST_CASE("acknowledgements are due after each window of received bytes", "[rtmp][control]") {
    ack_window acks;
    CHECK_FALSE(acks.update(10'000'000));  // no window yet: never
    acks.set_window(1000);
    CHECK(acks.window() == 1000);
    CHECK(acks.update(10'000'999).value() == 10'000'999u);
    CHECK_FALSE(acks.update(10'001'500));
    CHECK(acks.update(10'002'000).value() == 10'002'000u);
    CHECK_FALSE(acks.update(10'002'999));
    // The sequence number wraps at 2^32 like the byte count on the wire.
    CHECK(acks.update(0x100000010ull).value() == 0x10u);
}

TEST_CASE("aggregate messages split into sub-messages rebased on the aggregate timestamp", "[rtmp][aggregate]") {
    // RTMP spec 7.1.6: header(11) data back-pointer(4) per sub-message.
    auto body = hex(
        "09 000003 0003e8 00 000001 170001 0000000e"   // video ts 1000, 3 bytes, back pointer 14
        "08 000002 0003f2 00 000001 af01 0000000d"     // audio ts 1010, 2 bytes, back pointer 13
        "09 000001 000000 01 000001 27 0000000c");     // video ts 0x01000000 (extended byte)
    message agg = make_message(message_type::aggregate, 5000, 1, 7, "");
    agg.body = lal::payload::copy_from(body);
    auto parts = split_aggregate(agg);
    REQUIRE(parts.has_value());
    REQUIRE(parts->size() == 3);
    CHECK((*parts)[0] == make_message(9, 5000, 1, 7, "170001"));
    CHECK((*parts)[1] == make_message(8, 5010, 1, 7, "af01"));
    CHECK((*parts)[2].timestamp == 0x01000000u + 4000u);
    // Sub-message bodies are slices of the aggregate, not copies.
    CHECK((*parts)[0].body.shares_storage_with(agg.body));

    SECTION("the last back pointer may be missing") {
        agg.body = lal::payload::copy_from(hex("09 000003 0003e8 00 000001 170001"));
        auto one = split_aggregate(agg);
        REQUIRE(one.has_value());
        CHECK(one->size() == 1);
    }
    SECTION("an empty aggregate has no sub-messages") {
        agg.body = {};
        CHECK(split_aggregate(agg).value().empty());
    }
    SECTION("a sub-message that runs past the body is an error") {
        agg.body = lal::payload::copy_from(hex("09 000010 0003e8 00 000001 170001"));
        CHECK(split_aggregate(agg).error() == errc::bad_aggregate);
        agg.body = lal::payload::copy_from(hex("09 000003 0003e8 00"));
        CHECK(split_aggregate(agg).error() == errc::bad_aggregate);
        agg.body = lal::payload::copy_from(hex("09 000001 0003e8 00 000001 17 0000000c 00"));
        CHECK(split_aggregate(agg).error() == errc::bad_aggregate);
        agg.body = lal::payload::copy_from(hex("09 000001 0003e8 00 000001 17 0000"));
        CHECK(split_aggregate(agg).error() == errc::bad_aggregate);
    }
}
