// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <vector>

#include <lal/srt/message_packer.hpp>

namespace srt = lal::srt;

namespace {
std::vector<std::byte> counting(std::size_t n) {
    std::vector<std::byte> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>(i * 7 + i / 251);
    return v;
}
}  // namespace

TEST_CASE("TS bytes leave in 1316-byte messages, whatever the pieces", "[srt][message_packer]") {
    const auto input = counting(188 * 40);  // 5 full messages and 5 packets over
    for (std::size_t piece : {1u, 100u, 188u, 1316u, 2000u, 7520u}) {
        srt::message_packer p;
        std::vector<std::vector<std::byte>> messages;
        auto sink = [&](lal::byte_span m) { messages.emplace_back(m.begin(), m.end()); };
        for (std::size_t at = 0; at < input.size(); at += piece) {
            const auto n = std::min(piece, input.size() - at);
            p.add(lal::byte_span(input).subspan(at, n), sink);
        }
        INFO("piece size " << piece);
        REQUIRE(messages.size() == 5);
        CHECK(p.pending() == 188 * 5);
        p.flush(sink);
        CHECK(p.pending() == 0);
        REQUIRE(messages.size() == 6);
        CHECK(messages.back().size() == 188 * 5);
        std::vector<std::byte> joined;
        for (const auto& m : messages) {
            CHECK(m.size() % 188 == 0);
            CHECK(m.size() <= srt::live_message_size);
            joined.insert(joined.end(), m.begin(), m.end());
        }
        CHECK(joined == input);
        p.flush(sink);
        CHECK(messages.size() == 6);  // nothing left: no empty message
    }
}

TEST_CASE("whole messages in one piece are passed on without a copy", "[srt][message_packer]") {
    const auto input = counting(1316 * 2);
    srt::message_packer p;
    std::vector<const std::byte*> starts;
    p.add(input, [&](lal::byte_span m) { starts.push_back(m.data()); });
    REQUIRE(starts.size() == 2);
    CHECK(starts[0] == input.data());
    CHECK(starts[1] == input.data() + 1316);
    p.clear();
    CHECK(p.pending() == 0);
}
