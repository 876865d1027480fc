// SPDX-License-Identifier: MIT
// Client side of the RTMP handshake (RTMP spec 5.2, and the digest handshake).
// Most inputs are taken as S0+S1+S2 from the wire, for a client asking for
// plain, digest scheme 0 or digest scheme 1 (chosen from the input):
// - the same consumed count, C2, mode and verdict whether fed whole or in pieces;
// - C0+C1 (1537 bytes) leave at construction; a bad S0 fails at once; a digest
//   client fails with bad_digest exactly when a versioned S1 carries no valid
//   digest; otherwise C2 (1536 bytes) follows S1, echoing it when plain.
// One input in four seeds the random bytes of a real server_handshake that
// answers the client: both ends must agree on the mode and verify each other.
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

constexpr std::size_t s0s1_size = 1 + rtmp::handshake_size;
constexpr std::size_t s0s1s2_size = 1 + 2 * rtmp::handshake_size;
constexpr rtmp::handshake_mode modes[] = {rtmp::handshake_mode::digest_scheme_0,
                                          rtmp::handshake_mode::digest_scheme_1, rtmp::handshake_mode::plain};

struct outcome {
    std::size_t used = 0;
    std::vector<std::byte> output;
    std::error_code error;
    bool done = false;
    rtmp::handshake_mode mode = rtmp::handshake_mode::plain;
    bool valid = false;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome run(rtmp::handshake_mode mode, Feeder&& feeder) {
    rtmp::client_handshake h(lal::fuzz::pseudo_random(11), 2000, mode);
    outcome o;
    o.output = h.take_output();
    LAL_FUZZ_CHECK(o.output.size() == s0s1_size);
    feeder([&](lal::byte_span piece) {
        auto used = h.feed(piece);
        auto out = h.take_output();
        o.output.insert(o.output.end(), out.begin(), out.end());
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
    o.mode = h.mode();
    o.valid = h.peer_response_valid();
    return o;
}

void check_wire_input(lal::byte_span in, rtmp::handshake_mode mode) {
    auto whole = run(mode, [&](auto&& feed) { feed(in); });
    auto pieces = run(mode, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);

    if (!in.empty() && std::to_integer<unsigned>(in[0]) != rtmp::rtmp_version) {
        LAL_FUZZ_CHECK(whole.error == rtmp::errc::bad_version && whole.output.size() == s0s1_size);
        return;
    }
    if (in.size() < s0s1_size) {
        LAL_FUZZ_CHECK(!whole.error && whole.used == in.size() && whole.output.size() == s0s1_size);
        return;
    }
    auto s1 = in.subspan(1, rtmp::handshake_size);
    bool versioned = lal::load_be(s1.data() + 4, 4) != 0;
    if (whole.error) {
        LAL_FUZZ_CHECK(whole.error == rtmp::errc::bad_digest);
        LAL_FUZZ_CHECK(mode != rtmp::handshake_mode::plain && versioned);
        LAL_FUZZ_CHECK(whole.output.size() == s0s1_size);
        return;
    }
    LAL_FUZZ_CHECK(whole.used == std::min(in.size(), s0s1s2_size));
    LAL_FUZZ_CHECK(whole.done == (in.size() >= s0s1s2_size));
    LAL_FUZZ_CHECK(whole.output.size() == s0s1_size + rtmp::handshake_size);
    auto c2 = lal::byte_span(whole.output).subspan(s0s1_size);
    if (mode == rtmp::handshake_mode::plain || !versioned) {
        LAL_FUZZ_CHECK(whole.mode == rtmp::handshake_mode::plain);
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(c2) == lal::fuzz::to_bytes(s1));
    } else {
        LAL_FUZZ_CHECK(whole.mode == mode);
    }
}

void check_real_server(lal::byte_span in, std::uint32_t seed) {
    auto mode = modes[(seed >> 2) % 3];
    rtmp::client_handshake client(lal::fuzz::pseudo_random(seed), seed ^ 0xaaaa, mode);
    rtmp::server_handshake server(lal::fuzz::random_from(in), seed);

    auto c0c1 = client.take_output();
    auto used = server.feed(c0c1);
    LAL_FUZZ_CHECK(used.has_value() && *used == c0c1.size());
    auto s0s1s2 = server.take_output();
    LAL_FUZZ_CHECK(s0s1s2.size() == s0s1s2_size);
    auto taken = client.feed(s0s1s2);
    LAL_FUZZ_CHECK(taken.has_value() && *taken == s0s1s2.size());
    LAL_FUZZ_CHECK(client.done() && client.mode() == mode && client.peer_response_valid());
    auto c2 = client.take_output();
    used = server.feed(c2);
    LAL_FUZZ_CHECK(used.has_value() && server.done());
    LAL_FUZZ_CHECK(server.mode() == mode && server.peer_response_valid());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    if (seed % 4 == 3) {
        check_real_server(in, seed);
    } else {
        check_wire_input(in, modes[(seed >> 2) % 3]);
    }
    return 0;
}
