// SPDX-License-Identifier: MIT
// The client half of the wt_session target: the same script (op byte, then
// a length byte and bytes for feeds) read by an h3::wt_client as what a
// server sends. The harness behaves like a QUIC layer would: it feeds only
// server streams and bidirectional streams of ours that exist (the CONNECT
// stream once its HEADERS went out, streams opened with open_stream), and
// nothing after a stream's FIN or reset. Properties:
// - every error is lal::h3's, maps to an HTTP/3 code (>= 0x100), and sticks;
// - one `answered` at most; streams, data and datagrams of the session only
//   after a 2xx answer; data only on streams reported opened (or opened by
//   us), never after their FIN; `closed` at most once;
// - no stream_data event longer than max_early_bytes or the longest feed
//   (held early bytes stay within the documented bound);
// - output only on our streams (control, QPACK, CONNECT, opened ones), and
//   resets only of server streams that were fed;
// - each feed given whole and in pieces (fuzz_support.hpp's plan) gives the
//   same events (stream data joined per stream) and the same error.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <lal/h3/error.hpp>
#include <lal/h3/wt_client.hpp>

#include "fuzz_support.hpp"

namespace lal::fuzz {

/// What one run of the client script reported, for the whole/pieces comparison.
struct wt_client_outcome {
    std::vector<std::string> events;  // one line per event, stream data joined per stream
    std::error_code error;
    friend bool operator==(const wt_client_outcome&, const wt_client_outcome&) = default;
};

/// Runs the script in `in` on a wt_client, feeding each stream write whole
/// (`pieces` false) or cut by `plan`; checks the per-run properties.
inline wt_client_outcome run_wt_client(lal::byte_span in, bool pieces, feed_plan plan) {
    namespace h3 = lal::h3;
    // Ours: 0 (CONNECT), 4 and 8 (opened); the server's: uni 3, 7, 11, 15, bidi 1, 5, 9.
    static constexpr std::uint64_t ids[] = {0, 3, 7, 11, 15, 1, 5, 4, 8, 9};
    h3::client_options options;
    options.authority = "127.0.0.1:4433";
    options.path = "/moq";
    options.protocols = {"moqt-20"};
    options.limits.frames.max_payload = 4096;
    options.limits.max_streams = 16;
    options.max_early_bytes = in.empty() ? 64 : 16 + std::to_integer<std::size_t>(in.back());
    h3::wt_client c(options);
    c.start(2, 6, 10, 0);

    wt_client_outcome out;
    std::set<std::uint64_t> ours{2, 6, 10, 0};  // streams we may write on
    std::set<std::uint64_t> fed;                // server streams fed, which we may reset
    std::set<std::uint64_t> ended;              // streams the server finished or reset
    std::set<std::uint64_t> opened;             // WebTransport streams reported or opened by us
    std::set<std::uint64_t> finished;           // their FIN was reported
    std::set<std::uint64_t> locally_opened;
    bool connect_sent = false;
    bool answered = false;
    bool established = false;
    bool closed = false;
    bool we_closed = false;
    std::uint64_t next_local = 4;
    std::error_code dead;
    std::size_t longest_feed = 0;

    auto line = [&](std::string text) { out.events.push_back(std::move(text)); };
    // Data of one stream in a row is joined, so cuts do not show; a FIN is a line of its own.
    auto add_data = [&](std::uint64_t id, const std::vector<std::byte>& bytes, bool fin) {
        const auto head = "data " + std::to_string(id) + " ";
        const std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        if (!out.events.empty() && out.events.back().rfind(head, 0) == 0) out.events.back() += text;
        else if (!bytes.empty()) line(head + text);
        if (fin) line("fin " + std::to_string(id));
    };
    auto check = [&](std::error_code ec) {
        check_sticky(dead, ec, [](std::error_code e) {
            return e.category() == h3::category() && h3::application_error_code(e) >= 0x0100;
        });
        out.error = dead;
    };
    auto drain = [&] {
        while (auto e = c.next_event()) {
            if (auto* a = std::get_if<h3::wt_event::answered>(&*e)) {
                LAL_FUZZ_CHECK(!answered && connect_sent);
                LAL_FUZZ_CHECK(a->status >= 200 && a->status <= 999);
                answered = true;
                established = a->status < 300;
                line("answered " + std::to_string(a->status) + " " + a->protocol);
            } else if (auto* o = std::get_if<h3::wt_event::stream_opened>(&*e)) {
                LAL_FUZZ_CHECK(established && !h3::is_client_initiated(o->stream_id));
                LAL_FUZZ_CHECK(o->bidirectional == h3::is_bidirectional(o->stream_id));
                LAL_FUZZ_CHECK(!opened.count(o->stream_id));
                opened.insert(o->stream_id);
                line("opened " + std::to_string(o->stream_id));
            } else if (auto* d = std::get_if<h3::wt_event::stream_data>(&*e)) {
                LAL_FUZZ_CHECK(opened.count(d->stream_id) && !finished.count(d->stream_id));
                LAL_FUZZ_CHECK(d->bytes.size() <= std::max(options.max_early_bytes, longest_feed));
                if (d->fin) finished.insert(d->stream_id);
                add_data(d->stream_id, d->bytes, d->fin);
            } else if (auto* r = std::get_if<h3::wt_event::stream_reset>(&*e)) {
                LAL_FUZZ_CHECK(opened.count(r->stream_id));
                line("reset " + std::to_string(r->stream_id));
            } else if (auto* g = std::get_if<h3::wt_event::datagram>(&*e)) {
                LAL_FUZZ_CHECK(established);
                line("datagram " + std::to_string(g->payload.size()));
            } else if (auto* x = std::get_if<h3::wt_event::closed>(&*e)) {
                LAL_FUZZ_CHECK(!closed);
                closed = true;
                line("closed " + std::to_string(x->code) + " " + x->reason);
            } else if (auto* w = std::get_if<h3::wt_event::goaway>(&*e)) {
                line("goaway " + std::to_string(w->id));
            }
        }
        for (const auto& chunk : c.take_output()) {
            if (chunk.reset) {
                LAL_FUZZ_CHECK(fed.count(chunk.stream_id) && chunk.bytes.empty());
                line("refused " + std::to_string(chunk.stream_id) + " " + std::to_string(*chunk.reset));
            } else {
                LAL_FUZZ_CHECK(ours.count(chunk.stream_id));
                if (chunk.stream_id == 0) connect_sent = true;
            }
        }
        (void)c.take_datagrams();
    };
    drain();

    script_reader script(in);
    while (!script.done()) {
        const auto op = script.byte();
        const auto id = ids[(op >> 3) % std::size(ids)];
        const bool fin = op & 0x80;
        // A QUIC layer delivers nothing on a stream of ours that does not exist yet, nor after a FIN or reset.
        const bool can_feed = !ended.count(id) && (!h3::is_client_initiated(id) ? true
                                                   : id == 0 ? connect_sent
                                                             : locally_opened.count(id) > 0);
        switch (op & 7) {
        case 0:
        case 1:
        case 2:
        case 3: {
            const auto bytes = script.run();
            if (!can_feed) break;
            longest_feed = std::max(longest_feed, bytes.size());
            if (!h3::is_client_initiated(id)) fed.insert(id);
            if (fin) ended.insert(id);
            auto feed = [&](lal::byte_span piece, bool f) { check(c.feed(id, piece, f)); };
            if (pieces) feed_write_pieces(bytes, plan, fin, feed);
            else feed(bytes, fin);
            break;
        }
        case 4: {
            check(c.feed_datagram(script.run()));
            break;
        }
        case 5:
            if (!can_feed) break;
            if (!h3::is_client_initiated(id)) fed.insert(id);
            ended.insert(id);
            check(c.on_stream_reset(id));
            break;
        case 6:
            // Calls that may fail with bad_state but must not break anything.
            switch ((op >> 3) % 4) {
            case 0:
                if (!c.open_stream(next_local)) {
                    ours.insert(next_local);
                    locally_opened.insert(next_local);
                    opened.insert(next_local);
                }
                next_local += 4;
                break;
            case 1: (void)c.send_datagram(script.take(4)); break;
            case 2: we_closed = !c.close(1, "fuzz") || we_closed; break;
            default: LAL_FUZZ_CHECK(c.session_id().has_value() == (established && !closed && !we_closed)); break;
            }
            break;
        default:
            for (auto o : locally_opened) (void)c.send(o, script.take(2), fin);
            break;
        }
        drain();
    }
    return out;
}

/// The wt_client properties of the header comment, on `in`.
inline void check_wt_client(lal::byte_span in) { check_whole_equals_pieces(in, run_wt_client); }

}  // namespace lal::fuzz
