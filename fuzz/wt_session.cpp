// SPDX-License-Identifier: MIT
// wt_session driven by arbitrary stream data. The input is a script of
// operations: feed bytes to one of a few stream ids (control, request and
// WebTransport ids of both directions), feed a datagram, reset a stream, or
// call accept / reject / open_stream / send / close. Properties:
// - no crash, no leak; every error is lal::h3's, maps to an HTTP/3 code, and
//   sticks (the session is dead afterwards);
// - WebTransport data is reported only for streams reported opened (or
//   opened by us), and never after that stream's FIN;
// - output goes only to streams that were fed, started or opened.
// The same script also drives a wt_client (client_script below), read as the
// server's streams, with the properties listed there.
#include <cstdint>
#include <set>
#include <variant>
#include <vector>

#include <lal/h3/wt_session.hpp>

#include "fuzz_support.hpp"
#include "wt_client_script.hpp"

namespace h3 = lal::h3;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = lal::fuzz::bytes_of(data, size);
    lal::fuzz::check_wt_client(in);
    static constexpr std::uint64_t ids[] = {0, 2, 4, 6, 8, 10, 3, 15, 1, 14};
    h3::session_options options;
    options.protocols = {"moqt-20"};
    options.limits.frames.max_payload = 4096;
    options.limits.max_streams = 32;
    h3::wt_session s(options);
    s.start(3, 7, 11);
    std::set<std::uint64_t> known{3, 7, 11};
    std::set<std::uint64_t> opened;
    std::set<std::uint64_t> finished;
    std::error_code dead;
    std::uint64_t next_local = 15;

    lal::fuzz::script_reader script(in);
    auto take = [&](std::size_t n) { return script.take(n); };
    while (!script.done()) {
        const auto op = script.byte();
        const auto id = ids[(op >> 3) % std::size(ids)];
        const bool fin = op & 0x80;
        std::error_code ec;
        switch (op & 7) {
        case 0:
        case 1:
        case 2:
        case 3: {
            known.insert(id);
            ec = s.feed(id, script.run(), fin);
            break;
        }
        case 4: {
            ec = s.feed_datagram(script.run());
            break;
        }
        case 5: ec = s.on_stream_reset(id); break;
        case 6: {
            // Calls that may fail with bad_state but must not break anything.
            switch ((op >> 3) % 5) {
            case 0: (void)s.accept("moqt-20"); break;
            case 1: (void)s.reject(404); break;
            case 2:
                if (!s.open_stream(next_local)) opened.insert(next_local);
                known.insert(next_local);
                next_local += 4;
                break;
            case 3: (void)s.send_datagram(take(4)); break;
            default: (void)s.close(1, "fuzz"); break;
            }
            break;
        }
        default:
            for (auto o : opened) (void)s.send(o, take(2), fin);
            break;
        }
        lal::fuzz::check_sticky(dead, ec, [](std::error_code e) {
            return e.category() == h3::category() && h3::application_error_code(e) >= 0x0100;
        });
        while (auto e = s.next_event()) {
            if (auto* o = std::get_if<h3::wt_event::stream_opened>(&*e)) {
                LAL_FUZZ_CHECK(!opened.count(o->stream_id) || finished.count(o->stream_id));
                opened.insert(o->stream_id);
                finished.erase(o->stream_id);
            } else if (auto* d = std::get_if<h3::wt_event::stream_data>(&*e)) {
                LAL_FUZZ_CHECK(opened.count(d->stream_id) && !finished.count(d->stream_id));
                if (d->fin) finished.insert(d->stream_id);
            } else if (auto* c = std::get_if<h3::wt_event::connect>(&*e)) {
                LAL_FUZZ_CHECK(h3::is_client_initiated(c->stream_id) && h3::is_bidirectional(c->stream_id));
            }
        }
        for (const auto& chunk : s.take_output()) LAL_FUZZ_CHECK(known.count(chunk.stream_id));
        (void)s.take_datagrams();
    }
    return 0;
}
