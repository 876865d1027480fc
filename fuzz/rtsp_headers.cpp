// SPDX-License-Identifier: MIT
// RTSP header values: Transport (RFC 2326 12.39), Session (12.37),
// RTP-Info (12.33), WWW-Authenticate and Authorization (RFC 7616, 7617).
// Properties:
// - a Transport, Session or challenge that parses prints to a value that
//   parses to the same fields, and printing that again is a fixed point;
// - a client's answer to any parsed Digest challenge verifies on the server
//   side with the same credentials and fails with another password;
// - errors are lal::rtsp's.
#include <cstdint>

#include <lal/rtsp/auth.hpp>
#include <lal/rtsp/error.hpp>
#include <lal/rtsp/headers.hpp>

#include "fuzz_support.hpp"

namespace rtsp = lal::rtsp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = lal::fuzz::text_of(data, size);

    if (auto t = rtsp::parse_transport(text)) {
        for (const auto& one : *t) {
            const auto printed = rtsp::to_string(one);
            auto back = rtsp::parse_transport(printed);
            LAL_FUZZ_CHECK(back.has_value() && back->size() == 1);
            const auto& b = back->front();
            LAL_FUZZ_CHECK(b.tcp == one.tcp && b.interleaved == one.interleaved && b.client_port == one.client_port &&
                           b.server_port == one.server_port && b.ssrc == one.ssrc && b.multicast == one.multicast);
            LAL_FUZZ_CHECK(rtsp::to_string(b) == printed);
        }
    } else {
        LAL_FUZZ_CHECK(t.error().category() == rtsp::category());
    }

    if (auto s = rtsp::parse_session(text)) {
        auto back = rtsp::parse_session(rtsp::to_string(*s));
        if (s->id.find(';') == std::string::npos) {
            LAL_FUZZ_CHECK(back.has_value() && back->timeout == s->timeout);
        }
    } else {
        LAL_FUZZ_CHECK(s.error().category() == rtsp::category());
    }

    for (const auto& r : rtsp::parse_rtp_info(text)) LAL_FUZZ_CHECK(!r.url.empty());

    if (auto c = rtsp::parse_challenge(text)) {
        const auto printed = rtsp::to_string(*c);
        auto back = rtsp::parse_challenge(printed);
        LAL_FUZZ_CHECK(back.has_value());
        LAL_FUZZ_CHECK(back->realm == c->realm && back->nonce == c->nonce && back->scheme == c->scheme);
        LAL_FUZZ_CHECK(rtsp::to_string(*back) == printed);
        const rtsp::credentials who{"user", "pass"};
        if (auto a = rtsp::answer(*c, who, "DESCRIBE", "rtsp://h/x")) {
            auto parsed = rtsp::parse_authorization(rtsp::to_string(*a));
            LAL_FUZZ_CHECK(parsed.has_value());
            LAL_FUZZ_CHECK(rtsp::verify(*parsed, who, "DESCRIBE", c->realm, c->nonce));
            LAL_FUZZ_CHECK(!rtsp::verify(*parsed, {"user", "other"}, "DESCRIBE", c->realm, c->nonce));
        }
    } else {
        LAL_FUZZ_CHECK(c.error().category() == rtsp::category());
    }

    if (auto a = rtsp::parse_authorization(text); !a) LAL_FUZZ_CHECK(a.error().category() == rtsp::category());
    return 0;
}
