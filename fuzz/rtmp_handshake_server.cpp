// SPDX-License-Identifier: MIT
// Server side of the RTMP handshake (RTMP spec 5.2, and the digest handshake).
// Most inputs are taken as C0+C1+C2 from the wire:
// - the same consumed count, reply, mode and verdict whether fed whole or in pieces;
// - a bad C0 fails at once; otherwise exactly min(size, 3073) bytes are used,
//   S0+S1+S2 (3073 bytes, S0 = 3) leave once C1 is complete, and a plain S2
//   echoes C1; a digest S1 verifies for any digest client.
// One input in four seeds the random bytes of a real client_handshake
// (digest scheme 0 or 1, or plain) that talks to the server: both ends must
// agree on the mode and verify each other.
#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp/handshake.hpp>

#include "fuzz_support.hpp"
#include "rtmp_support.hpp"

namespace rtmp = lal::rtmp;

namespace {

constexpr std::size_t c0c1_size = 1 + rtmp::handshake_size;
constexpr std::size_t c0c1c2_size = 1 + 2 * rtmp::handshake_size;

struct outcome {
    std::size_t used = 0;
    std::vector<std::byte> reply;
    std::error_code error;
    bool done = false;
    rtmp::handshake_mode mode = rtmp::handshake_mode::plain;
    bool valid = false;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome run(const std::vector<std::byte>& random, std::uint32_t epoch, Feeder&& feeder) {
    rtmp::server_handshake h(random, epoch);
    outcome o;
    feeder([&](lal::byte_span piece) {
        auto used = h.feed(piece);
        auto out = h.take_output();
        o.reply.insert(o.reply.end(), out.begin(), out.end());
        if (!used) {
            o.error = used.error();
            return false;
        }
        LAL_FUZZ_CHECK(*used <= piece.size());
        o.used += *used;
        return true;
    });
    // Bytes taken before a failure depend on where the input was cut.
    if (o.error) o.used = 0;
    o.done = h.done();
    if (o.reply.size() >= c0c1_size) o.mode = h.mode();
    o.valid = h.peer_response_valid();
    return o;
}

void check_wire_input(lal::byte_span in) {
    auto random = lal::fuzz::pseudo_random(7);
    auto whole = run(random, 1000, [&](auto&& feed) { feed(in); });
    auto pieces = run(random, 1000, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);

    if (!in.empty() && std::to_integer<unsigned>(in[0]) != rtmp::rtmp_version) {
        LAL_FUZZ_CHECK(whole.error == rtmp::errc::bad_version && whole.reply.empty());
        return;
    }
    LAL_FUZZ_CHECK(!whole.error);
    LAL_FUZZ_CHECK(whole.used == std::min(in.size(), c0c1c2_size));
    LAL_FUZZ_CHECK(whole.done == (in.size() >= c0c1c2_size));
    if (in.size() < c0c1_size) {
        LAL_FUZZ_CHECK(whole.reply.empty());
        return;
    }
    LAL_FUZZ_CHECK(whole.reply.size() == c0c1c2_size);
    LAL_FUZZ_CHECK(std::to_integer<unsigned>(whole.reply[0]) == rtmp::rtmp_version);
    LAL_FUZZ_CHECK(lal::load_be(whole.reply.data() + 1, 4) == 1000);  // S1 time
    auto s2 = lal::byte_span(whole.reply).subspan(c0c1_size);
    if (whole.mode == rtmp::handshake_mode::plain) {
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(s2) == lal::fuzz::to_bytes(in.subspan(1, rtmp::handshake_size)));
    } else {
        // Any digest client finds our S1 digest (it cannot check S2: not its C1).
        rtmp::client_handshake client(lal::fuzz::pseudo_random(9), 0, rtmp::handshake_mode::digest_scheme_0);
        auto used = client.feed(whole.reply);
        LAL_FUZZ_CHECK(used.has_value() && client.done());
        LAL_FUZZ_CHECK(client.mode() != rtmp::handshake_mode::plain);
    }
}

void check_real_client(lal::byte_span in, std::uint32_t seed) {
    static constexpr rtmp::handshake_mode modes[] = {rtmp::handshake_mode::digest_scheme_0,
                                                     rtmp::handshake_mode::digest_scheme_1,
                                                     rtmp::handshake_mode::plain};
    auto mode = modes[(seed >> 2) % 3];
    rtmp::client_handshake client(lal::fuzz::random_from(in), seed, mode);
    rtmp::server_handshake server(lal::fuzz::pseudo_random(seed), seed ^ 0x5555);

    auto c0c1 = client.take_output();
    LAL_FUZZ_CHECK(c0c1.size() == c0c1_size);
    auto used = server.feed(c0c1);
    LAL_FUZZ_CHECK(used.has_value() && *used == c0c1.size());
    LAL_FUZZ_CHECK(server.mode() == mode);
    auto s0s1s2 = server.take_output();
    auto taken = client.feed(s0s1s2);
    LAL_FUZZ_CHECK(taken.has_value() && *taken == s0s1s2.size());
    LAL_FUZZ_CHECK(client.done() && client.mode() == mode && client.peer_response_valid());
    auto c2 = client.take_output();
    used = server.feed(c2);
    LAL_FUZZ_CHECK(used.has_value() && *used == c2.size());
    LAL_FUZZ_CHECK(server.done() && server.peer_response_valid());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    if (seed % 4 == 3) {
        check_real_client(in, seed);
    } else {
        check_wire_input(in);
    }
    return 0;
}
