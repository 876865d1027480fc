// SPDX-License-Identifier: MIT
// The sendfile copies of a stream's HLS segments: made once on the first
// request of a listed segment, holding its bytes, forgotten once the playlist
// moves past the segment or the segment is dropped.
#include <catch2/catch.hpp>

#include <deque>
#include <memory>
#include <string>

#include <unistd.h>

#include "hls_sendfile_cache.hpp"

using namespace lal::server;
using listed = std::deque<lal::hls::segment_ptr>;

namespace {
lal::hls::segment_ptr make_segment(std::string name, const std::string& bytes) {
    auto s = std::make_shared<lal::hls::segment>();
    s->name = std::move(name);
    s->bytes = lal::payload::copy_from(std::as_bytes(std::span(bytes.data(), bytes.size())));
    return s;
}

std::string file_text(const lal::net::shared_file& f) {
    std::string out(f.size(), '\0');
    REQUIRE(::pread(f.fd(), out.data(), out.size(), 0) == static_cast<ssize_t>(out.size()));
    return out;
}
}  // namespace

TEST_CASE("an HLS segment's sendfile copy is made once and holds its bytes", "[server][hls]") {
    hls_sendfile_cache cache;
    auto a = make_segment("s-1-0.ts", std::string(188 * 50, 'G'));
    auto b = make_segment("s-2-1.ts", std::string(188 * 20, 'H'));
    const listed window{a, b};
    CHECK(cache.size() == 0);
    auto fa = cache.get(a, window);
    REQUIRE(fa);
    CHECK(fa == cache.get(a, window));  // the second player shares the first one's file
    CHECK(file_text(*fa) == std::string(188 * 50, 'G'));
    auto fb = cache.get(b, window);
    REQUIRE(fb);
    CHECK(fb != fa);
    CHECK(file_text(*fb) == std::string(188 * 20, 'H'));
    CHECK(cache.size() == 2);
    CHECK(cache.bytes() == 188 * 70);
    CHECK_FALSE(cache.get(nullptr, window));
}

TEST_CASE("an HLS segment no longer listed has no sendfile copy", "[server][hls]") {
    hls_sendfile_cache cache;
    auto a = make_segment("s-1-0.ts", "first");
    auto b = make_segment("s-2-1.ts", "second");
    auto c = make_segment("s-3-2.ts", "third!!");
    std::weak_ptr<const lal::net::shared_file> fa = cache.get(a, {a, b});
    REQUIRE_FALSE(fa.expired());
    CHECK(cache.get(b, {a, b}));
    // A cut: c is added, a slides out of the playlist (kept in memory for late fetches).
    cache.retain({b, c});
    CHECK(fa.expired());  // its memfd is closed
    CHECK(cache.size() == 1);
    CHECK_FALSE(cache.get(a, {b, c}));  // a late fetch of a goes from memory
    CHECK(cache.size() == 1);
    auto fc = cache.get(c, {b, c});
    REQUIRE(fc);
    CHECK(file_text(*fc) == "third!!");
    CHECK(cache.bytes() == 6 + 7);
}

TEST_CASE("an HLS segment's sendfile copy goes with its segment", "[server][hls]") {
    hls_sendfile_cache cache;
    auto a = make_segment("s-1-0.ts", "first");
    auto b = make_segment("s-2-1.ts", "second");
    std::weak_ptr<const lal::net::shared_file> fa = cache.get(a, {a, b});
    cache.get(b, {a, b});
    CHECK(cache.size() == 2);
    a.reset();  // the segmenter dropped it (a new playlist after the stream ended) and no request holds it
    CHECK(cache.size() == 1);
    CHECK(fa.expired());
    CHECK(cache.bytes() == 6);
    // A new segment at the dropped one's address gets its own file, not the old one's.
    auto c = make_segment("s-3-2.ts", "third!!");
    auto fc = cache.get(c, {b, c});
    REQUIRE(fc);
    CHECK(file_text(*fc) == "third!!");
    b.reset();
    c.reset();
    fc.reset();
    CHECK(cache.size() == 0);
    CHECK(cache.bytes() == 0);
}
