// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <vector>

#include <lal/rtp/reorder_buffer.hpp>

namespace rtp = lal::rtp;

namespace {
rtp::packet make(std::uint16_t seq) {
    rtp::packet p;
    p.header.sequence = seq;
    return p;
}
// Releases what next() gives at `now`, as (sequence, lost_before) pairs.
std::vector<std::pair<std::uint16_t, std::uint32_t>> take(rtp::reorder_buffer& b, lal::media::micros now) {
    std::vector<std::pair<std::uint16_t, std::uint32_t>> out;
    while (auto p = b.next(now)) out.emplace_back(p->packet.header.sequence, p->lost_before);
    return out;
}
using seqs = std::vector<std::pair<std::uint16_t, std::uint32_t>>;
}  // namespace

TEST_CASE("Extended sequence numbers follow wraps both ways (RFC 3550 A.1)", "[rtp][sequence]") {
    rtp::sequence_unwrapper u;
    CHECK(u.unwrap(65534) == 65534);
    CHECK(u.unwrap(65535) == 65535);
    CHECK(u.unwrap(0) == 65536);
    CHECK(u.unwrap(65533) == 65533);  // late, from before the wrap
    CHECK(u.unwrap(1) == 65537);
    CHECK(u.highest() == 65537);
    rtp::timestamp_unwrapper t;
    CHECK(t.unwrap(0xfffffff0u) == 0xfffffff0ll);
    CHECK(t.unwrap(0x10) == 0x100000010ll);
}

TEST_CASE("Swapped packets come out in order without loss", "[rtp][reorder]") {
    rtp::reorder_buffer b;
    b.push(make(10), 0);
    CHECK(take(b, 0).empty());  // the first packet waits: an earlier one may be late
    CHECK(take(b, 100'000) == seqs{{10, 0}});
    b.push(make(12), 1);
    CHECK(take(b, 1).empty());
    b.push(make(11), 2);
    CHECK(take(b, 2) == seqs{{11, 0}, {12, 0}});
    CHECK(b.stats().lost == 0);
}

TEST_CASE("A gap is declared lost after max_wait and a late packet is dropped", "[rtp][reorder]") {
    rtp::reorder_buffer b({64, 50'000, 3000});
    b.push(make(65535), 0);
    CHECK(take(b, 50'000) == seqs{{65535, 0}});
    b.push(make(1), 51'000);  // 0 missing, across the wrap
    b.push(make(2), 52'000);
    CHECK(take(b, 100'999).empty());
    REQUIRE(b.deadline() == 101'000);
    CHECK(take(b, 101'000) == seqs{{1, 1}, {2, 0}});
    b.push(make(0), 110'000);
    CHECK(take(b, 110'000).empty());
    CHECK(b.stats().lost == 1);
    CHECK(b.stats().late == 1);
}

TEST_CASE("A full buffer gives up on its gap at once", "[rtp][reorder]") {
    rtp::reorder_buffer b({3, 1'000'000, 3000});
    b.push(make(1), 0);
    CHECK(take(b, 1'000'000) == seqs{{1, 0}});
    b.push(make(4), 0);
    b.push(make(5), 0);
    CHECK(take(b, 0).empty());
    b.push(make(6), 0);
    CHECK(take(b, 0) == seqs{{4, 2}, {5, 0}, {6, 0}});
}

TEST_CASE("Duplicates are dropped and a restarted sequence is a discontinuity", "[rtp][reorder]") {
    rtp::reorder_buffer b;
    b.push(make(100), 0);
    b.push(make(100), 0);
    CHECK(take(b, 100'000) == seqs{{100, 0}});
    CHECK(b.stats().duplicates == 1);
    b.push(make(40000), 1);
    CHECK(take(b, 1) == seqs{{40000, 1}});
    b.push(make(40001), 2);
    CHECK(take(b, 2) == seqs{{40001, 0}});
    CHECK(b.stats().restarts == 1);
}

TEST_CASE("A packet sent before the first one received still comes out first", "[rtp][reorder]") {
    rtp::reorder_buffer b({64, 20'000, 3000});
    b.push(make(501), 0);
    b.push(make(500), 10);
    b.push(make(502), 20);
    CHECK(take(b, 19'999).empty());
    CHECK(take(b, 20'000) == seqs{{500, 0}, {501, 0}, {502, 0}});
    CHECK(b.stats().late == 0);
}
