// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/http/websocket_decoder.hpp>
#include <lal/http/websocket_frame.hpp>

#include "hex.hpp"
#include "split_feed.hpp"

namespace ws = lal::http::ws;
using lal::test::hex;
using lal::test::to_hex;

namespace {

/// Reader events as text, with the error, so runs can be compared.
struct outcome {
    std::vector<std::string> events;
    std::error_code error;
    friend bool operator==(const outcome&, const outcome&) = default;
};

std::string describe(const ws::event& e) {
    if (auto* m = std::get_if<ws::message>(&e)) {
        return (m->type == ws::opcode::text ? "text " : "binary ") + to_hex(m->data.bytes());
    }
    if (auto* p = std::get_if<ws::ping>(&e)) return "ping " + to_hex(p->data.bytes());
    if (auto* p = std::get_if<ws::pong>(&e)) return "pong " + to_hex(p->data.bytes());
    const auto& c = std::get<ws::close_frame>(e);
    return "close " + std::to_string(c.code) + " " + c.reason;
}

outcome read_everywhere(const std::vector<std::byte>& input, ws::role role, ws::decoder_limits limits = {}) {
    auto runs = lal::test::all_feedings(input, [&](const auto& feeder) {
        ws::message_reader r(role, limits);
        outcome out;
        feeder([&](lal::byte_span chunk) {
            if (out.error) return;
            out.error = r.feed(chunk);
            while (auto e = r.next()) out.events.push_back(describe(*e));
        });
        return out;
    });
    for (std::size_t i = 1; i < runs.size(); ++i) {
        INFO("feeding #" << i);
        REQUIRE(runs[i] == runs[0]);
    }
    return runs[0];
}

std::vector<std::byte> concat(std::initializer_list<std::vector<std::byte>> parts) {
    std::vector<std::byte> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

constexpr ws::masking_key rfc_key{std::byte{0x37}, std::byte{0xfa}, std::byte{0x21}, std::byte{0x3d}};

}  // namespace

TEST_CASE("RFC 6455 5.7 example frames decode at every split point", "[http][websocket][frame]") {
    // A single-frame unmasked text message, read by a client.
    CHECK(read_everywhere(hex("81 05 48 65 6c 6c 6f"), ws::role::client).events ==
          std::vector<std::string>{"text 48656c6c6f"});
    // A single-frame masked text message, read by a server.
    CHECK(read_everywhere(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), ws::role::server).events ==
          std::vector<std::string>{"text 48656c6c6f"});
    // A fragmented unmasked text message, with an unmasked ping between the fragments.
    CHECK(read_everywhere(hex("01 03 48 65 6c  89 05 48 65 6c 6c 6f  80 02 6c 6f"), ws::role::client).events ==
          std::vector<std::string>{"ping 48656c6c6f", "text 48656c6c6f"});
    // A masked pong, read by a server.
    CHECK(read_everywhere(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), ws::role::server).events ==
          std::vector<std::string>{"pong 48656c6c6f"});
    // 256 bytes in one unmasked binary frame (16-bit length).
    std::vector<std::byte> body(256, std::byte{0xab});
    auto out = read_everywhere(concat({hex("82 7e 01 00"), body}), ws::role::client);
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0] == "binary " + to_hex(body));
}

TEST_CASE("a 64 KiB frame uses the 64-bit length, and limits are checked before allocating",
          "[http][websocket][frame]") {
    std::vector<std::byte> body(65536, std::byte{0x5a});
    auto frame = concat({hex("82 7f 00 00 00 00 00 01 00 00"), body});
    ws::message_reader r(ws::role::client);
    REQUIRE_FALSE(r.feed(frame));
    auto e = r.next();
    REQUIRE(e);
    CHECK(std::get<ws::message>(*e).data.size() == 65536);

    // A header announcing 2^62 bytes fails on its own header, with 1009 to send.
    ws::frame_decoder d(ws::role::client);
    auto ec = d.feed(hex("82 7f 40 00 00 00 00 00 00 00"));
    CHECK(ec == ws::errc::frame_too_large);
    CHECK(ws::close_code_for(ec) == ws::close_code::message_too_big);
    ws::decoder_limits small;
    small.max_frame_bytes = 100;
    small.max_message_bytes = 150;
    CHECK(read_everywhere(hex("82 65") /* 101 bytes */, ws::role::client, small).error == ws::errc::frame_too_large);
    // Fragments of 100 bytes each pass the frame limit but not the message limit.
    std::vector<std::byte> hundred(100, std::byte{1});
    auto two = concat({hex("02 64"), hundred, hex("80 64"), hundred});
    CHECK(read_everywhere(two, ws::role::client, small).error == ws::errc::message_too_large);
}

TEST_CASE("protocol errors map to the close code to send", "[http][websocket][frame]") {
    auto error_of = [](std::string_view h, ws::role role = ws::role::client) {
        return read_everywhere(hex(h), role).error;
    };
    CHECK(error_of("c1 00") == ws::errc::reserved_bits);
    CHECK(error_of("83 00") == ws::errc::unknown_opcode);
    CHECK(error_of("8b 00") == ws::errc::unknown_opcode);
    CHECK(error_of("81 00", ws::role::server) == ws::errc::bad_mask);          // clients must mask
    CHECK(error_of("81 80 00 00 00 00") == ws::errc::bad_mask);                // servers must not
    CHECK(error_of("82 7e 00 10") == ws::errc::non_minimal_length);
    CHECK(error_of("82 7f 00 00 00 00 00 00 ff ff") == ws::errc::non_minimal_length);
    CHECK(error_of("82 7f 80 00 00 00 00 00 00 00") == ws::errc::length_msb_set);
    CHECK(error_of("89 7e 00 7e") == ws::errc::control_too_long);
    CHECK(error_of("09 00") == ws::errc::control_fragmented);
    CHECK(error_of("80 00") == ws::errc::unexpected_continuation);
    CHECK(error_of("01 01 61 81 01 62") == ws::errc::expected_continuation);
    CHECK(error_of("81 02 c3 28") == ws::errc::invalid_utf8);
    CHECK(ws::close_code_for(make_error_code(ws::errc::reserved_bits)) == ws::close_code::protocol_error);
    CHECK(ws::close_code_for(make_error_code(ws::errc::invalid_utf8)) == ws::close_code::invalid_payload);
    // A character split across fragments is valid once joined.
    auto split_euro = read_everywhere(hex("01 01 e2 80 02 82 ac"), ws::role::client);
    CHECK_FALSE(split_euro.error);
    CHECK(split_euro.events == std::vector<std::string>{"text e282ac"});
}

TEST_CASE("close frames: code and reason, no code, and invalid payloads", "[http][websocket][close]") {
    CHECK(read_everywhere(hex("88 05 03 e8 62 79 65"), ws::role::client).events ==
          std::vector<std::string>{"close 1000 bye"});
    CHECK(read_everywhere(hex("88 00"), ws::role::client).events == std::vector<std::string>{"close 1005 "});
    // Nothing after a close frame is read (RFC 6455 5.5.1), not even garbage.
    CHECK(read_everywhere(hex("88 02 0f a0 ff ff ff"), ws::role::client).events ==
          std::vector<std::string>{"close 4000 "});
    CHECK(read_everywhere(hex("88 01 03"), ws::role::client).error == ws::errc::bad_close_payload);
    CHECK(read_everywhere(hex("88 02 03 ed"), ws::role::client).error == ws::errc::bad_close_payload);  // 1005
    CHECK(read_everywhere(hex("88 02 03 f7"), ws::role::client).error == ws::errc::bad_close_payload);  // 1015
    CHECK(read_everywhere(hex("88 02 03 e7"), ws::role::client).error == ws::errc::bad_close_payload);  // 999
    CHECK(read_everywhere(hex("88 03 03 e8 ff"), ws::role::client).error == ws::errc::invalid_utf8);
}

TEST_CASE("UTF-8 validation refuses overlongs, surrogates and code points above U+10FFFF", "[http][websocket][utf8]") {
    CHECK(ws::is_valid_utf8(hex("48 c3 a9 e2 82 ac f0 9f 98 80")));
    CHECK(ws::is_valid_utf8(hex("f4 8f bf bf")));
    CHECK_FALSE(ws::is_valid_utf8(hex("c0 af")));        // overlong '/'
    CHECK_FALSE(ws::is_valid_utf8(hex("e0 80 af")));     // overlong
    CHECK_FALSE(ws::is_valid_utf8(hex("ed a0 80")));     // surrogate
    CHECK_FALSE(ws::is_valid_utf8(hex("f4 90 80 80")));  // above U+10FFFF
    CHECK_FALSE(ws::is_valid_utf8(hex("e2 82")));        // cut short
    CHECK_FALSE(ws::is_valid_utf8(hex("80")));
}

TEST_CASE("the encoder writes the RFC 6455 5.7 frames", "[http][websocket][encode]") {
    auto hello = lal::test::bytes_of("Hello");
    CHECK(to_hex(ws::encode_frame(ws::opcode::text, hello).bytes()) == "810548656c6c6f");
    CHECK(to_hex(ws::encode_frame(ws::opcode::text, hello, rfc_key).bytes()) == "818537fa213d7f9f4d5158");
    CHECK(to_hex(ws::encode_frame(ws::opcode::pong, hello, rfc_key).bytes()) == "8a8537fa213d7f9f4d5158");
    CHECK(to_hex(ws::encode_frame(ws::opcode::text, lal::test::bytes_of("Hel"), {}, false).bytes()) == "010348656c");
    CHECK(to_hex(ws::binary_message_header(256).bytes()) == "827e0100");
    CHECK(to_hex(ws::binary_message_header(65536).bytes()) == "827f0000000000010000");
    CHECK(to_hex(ws::binary_message_header(125).bytes()) == "827d");
    CHECK(to_hex(ws::binary_message_header(126).bytes()) == "827e007e");
    CHECK(to_hex(ws::binary_message_header(65535).bytes()) == "827effff");
    CHECK(to_hex(ws::encode_close(ws::close_code::normal, "bye").bytes()) == "880503e8627965");
    CHECK(to_hex(ws::encode_close(ws::close_code::no_status).bytes()) == "8800");
    // A long reason is cut to 123 bytes, never inside a character.
    std::string euros;
    for (int i = 0; i < 50; ++i) euros += "\xE2\x82\xAC";
    auto long_close = ws::encode_close(ws::close_code::going_away, euros);
    CHECK(long_close.size() == 2 + 2 + 123);
    ws::message_reader r(ws::role::client);
    REQUIRE_FALSE(r.feed(long_close.bytes()));
    CHECK(std::get<ws::close_frame>(*r.next()).reason.size() == 123);
}

TEST_CASE("a shared payload goes out after its own header, not copied", "[http][websocket][encode]") {
    auto media = lal::payload::copy_from(lal::test::bytes_of("FLV tag bytes"));
    std::vector<lal::payload> out;
    ws::append_frame(ws::opcode::binary, std::span<const lal::payload>(&media, 1), out);
    REQUIRE(out.size() == 2);
    CHECK(to_hex(out[0].bytes()) == "820d");
    CHECK(out[1].shares_storage_with(media));

    std::vector<std::byte> wire;
    for (const auto& p : out) wire.insert(wire.end(), p.bytes().begin(), p.bytes().end());
    CHECK(read_everywhere(wire, ws::role::client).events ==
          std::vector<std::string>{"binary " + to_hex(media.bytes())});
}

TEST_CASE("masked client frames round-trip through a server reader", "[http][websocket][encode]") {
    std::vector<std::byte> data(300);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::byte>(i * 7);
    const ws::masking_key key{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
    auto wire = concat({[&] {
                            auto p = ws::encode_frame(ws::opcode::binary, lal::byte_span(data).first(100), key, false);
                            return std::vector<std::byte>(p.bytes().begin(), p.bytes().end());
                        }(),
                        [&] {
                            auto p = ws::encode_frame(ws::opcode::continuation, lal::byte_span(data).subspan(100), key);
                            return std::vector<std::byte>(p.bytes().begin(), p.bytes().end());
                        }()});
    CHECK(read_everywhere(wire, ws::role::server).events == std::vector<std::string>{"binary " + to_hex(data)});
}
