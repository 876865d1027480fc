// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/http/chunked.hpp>
#include <lal/http/error.hpp>

#include "hex.hpp"
#include "split_feed.hpp"

using lal::http::chunk_decoder;
using lal::http::errc;
using lal::test::bytes_of;

namespace {

struct decoded {
    std::string data;
    bool done = false;
    std::error_code error;
    std::string rest;  // bytes left after the body ended
    friend bool operator==(const decoded&, const decoded&) = default;
};

template <class Feeder>
decoded run_decoder(const Feeder& feeder) {
    chunk_decoder d;
    decoded out;
    feeder([&](lal::byte_span in) {
        while (!in.empty() && !out.error && !d.done()) {
            auto r = d.decode(in);
            if (!r) {
                out.error = r.error();
                return;
            }
            out.data += lal::as_string_view(*r);
        }
        out.rest += lal::as_string_view(in);
    });
    out.done = d.done();
    return out;
}

}  // namespace

TEST_CASE("chunk_decoder removes framing at every split point and stops after the trailers", "[http][chunked]") {
    auto body = bytes_of("3\r\nabc\r\n10;x=y\r\n0123456789abcdef\r\n1\n!\n0\r\nT: 1\r\n\r\nNEXT");
    auto runs = lal::test::all_feedings(body, [](const auto& feeder) { return run_decoder(feeder); });
    for (std::size_t i = 1; i < runs.size(); ++i) {
        INFO("feeding #" << i);
        CHECK(runs[i] == runs[0]);
    }
    CHECK_FALSE(runs[0].error);
    CHECK(runs[0].done);
    CHECK(runs[0].data == "abc0123456789abcdef!");
    CHECK(runs[0].rest == "NEXT");  // left for whoever reads next
}

TEST_CASE("chunk_decoder keeps trailers and counts data bytes", "[http][chunked]") {
    chunk_decoder d;
    auto body = bytes_of("2\r\nhi\r\n0\r\nExpires: never\r\nX-Sum:  abc \r\n\r\n");
    lal::byte_span in = body;
    std::string data;
    while (!in.empty()) {
        auto r = d.decode(in);
        REQUIRE(r.has_value());
        data += lal::as_string_view(*r);
    }
    CHECK(d.done());
    CHECK(data == "hi");
    CHECK(d.data_bytes() == 2);
    CHECK(d.trailers().size() == 2);
    CHECK(d.trailers().find("x-sum") == "abc");
}

TEST_CASE("chunk_decoder errors are precise and sticky", "[http][chunked]") {
    chunk_decoder d;
    auto bad = bytes_of("g\r\n");
    lal::byte_span in = bad;
    auto r = d.decode(in);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::bad_chunk);
    auto more = bytes_of("1\r\na\r\n");
    lal::byte_span again = more;
    CHECK(d.decode(again).error() == errc::bad_chunk);
}

TEST_CASE("chunk framing shares the payloads and sizes them in hex", "[http][chunked]") {
    CHECK(lal::as_string_view(lal::http::chunk_header(1).bytes()) == "1\r\n");
    CHECK(lal::as_string_view(lal::http::chunk_header(0x1a2b).bytes()) == "1a2b\r\n");
    CHECK(lal::as_string_view(lal::http::chunk_end().bytes()) == "\r\n");
    CHECK(lal::as_string_view(lal::http::last_chunk().bytes()) == "0\r\n\r\n");
    CHECK(lal::http::last_chunk().shares_storage_with(lal::http::last_chunk()));

    auto a = lal::payload::copy_from(std::string_view("0123456789"));
    auto b = lal::payload::copy_from(std::string_view("abcdef"));
    std::vector<lal::payload> data{a, lal::payload{}, b};
    std::vector<lal::payload> out;
    lal::http::append_chunk(data, out);
    REQUIRE(out.size() == 4);
    CHECK(out[1].shares_storage_with(a));
    CHECK(out[2].shares_storage_with(b));
    std::string wire;
    for (const auto& p : out) wire += lal::as_string_view(p.bytes());
    CHECK(wire == "10\r\n0123456789abcdef\r\n");

    // What we frame, our decoder reads back.
    out.push_back(lal::http::last_chunk());
    wire.clear();
    for (const auto& p : out) wire += lal::as_string_view(p.bytes());
    auto decoded_back = run_decoder([&](const auto& f) { f(lal::as_byte_span(wire)); });
    CHECK(decoded_back.done);
    CHECK(decoded_back.data == "0123456789abcdef");

    std::vector<lal::payload> none{lal::payload{}};
    std::vector<lal::payload> empty_out;
    lal::http::append_chunk(none, empty_out);
    CHECK(empty_out.empty());  // a zero-size chunk would end the body
}
