// SPDX-License-Identifier: MIT
// The client half of the moqt_control target: the input read as a script
// (op byte, then a length byte and bytes for feeds) of what a server sends
// to a moqt::subscriber that subscribed to two tracks on request streams 0
// and 4: its control stream (3), subgroup streams (7, 11, 15, 19), answers
// on the request streams (0, 4, 8), resets; and of our unsubscribe and
// subscribe calls. The harness behaves like a QUIC layer: nothing on a
// request stream we did not open, nothing after a FIN or reset. Properties:
// - every error is lal::moqt's, maps to a termination code, and sticks;
// - SETUP once and first; `subscribed` once per live request of ours, with
//   an alias no live subscription has; refused/done end a live request;
//   objects only for live subscribed requests, payloads within max_payload;
// - objects held for an alias not answered yet stay within max_payload,
//   counting each held Object's fixed cost (subscriber::held_object_cost);
// - writes only on our control and request streams, nothing after our FIN;
// - each feed given whole and in pieces gives the same events, the same
//   error and the same drop count.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <lal/moqt/error.hpp>
#include <lal/moqt/subscriber.hpp>

#include "fuzz_support.hpp"

namespace lal::fuzz {

/// What one run of the subscriber script reported, for the whole/pieces comparison.
struct subscriber_outcome {
    std::vector<std::string> events;
    std::error_code error;
    std::uint64_t dropped = 0;
    friend bool operator==(const subscriber_outcome&, const subscriber_outcome&) = default;
};

/// Runs the script in `in` on a subscriber, feeding each stream write whole
/// (`pieces` false) or cut by `plan`; checks the per-run properties.
inline subscriber_outcome run_subscriber(lal::byte_span in, bool pieces, feed_plan plan) {
    namespace moqt = lal::moqt;
    static constexpr std::uint64_t ids[] = {3, 7, 11, 15, 19, 0, 4, 8};
    moqt::subscriber_options options;
    options.limits.max_message = 1024;
    options.limits.max_streams = 8;
    options.limits.max_requests = 4;
    options.limits.max_payload = in.empty() ? 512 : 64 + 4 * std::to_integer<std::size_t>(in.back());
    moqt::subscriber s(options);
    s.start(2);

    subscriber_outcome out;
    std::set<std::uint64_t> request_streams;  // opened by us
    std::set<std::uint64_t> ended;            // the server finished or reset them
    std::set<std::uint64_t> our_fin;          // we finished or reset them
    std::map<std::uint64_t, std::uint64_t> live;  // Request ID -> stream, subscribed by us and not over
    std::map<std::uint64_t, std::uint64_t> alias_of;  // live and answered Request ID -> Track Alias
    bool setup = false;
    std::error_code dead;

    auto check = [&](std::error_code ec) {
        check_sticky(dead, ec, [](std::error_code e) {
            return e.category() == moqt::category() && moqt::termination_code(e) != 0;
        });
        out.error = dead;
    };
    auto subscribe = [&](std::uint64_t stream, const char* name) {
        auto id = s.subscribe(stream, {"fuzz"}, name);
        if (!id) return;
        LAL_FUZZ_CHECK(*id % 2 == 0 && !live.count(*id));
        live[*id] = stream;
        request_streams.insert(stream);
    };
    auto over = [&](std::uint64_t request_id) {
        live.erase(request_id);
        alias_of.erase(request_id);
    };
    // `released`: objects reported during a request-stream feed, which can only be held ones.
    auto drain = [&](bool held_only) {
        std::size_t released = 0;
        while (auto e = s.next_event()) {
            if (auto* u = std::get_if<moqt::subscriber_event::setup>(&*e)) {
                LAL_FUZZ_CHECK(!setup);
                setup = true;
                out.events.push_back("setup " + std::to_string(u->options.size()));
                continue;
            }
            LAL_FUZZ_CHECK(setup || !std::holds_alternative<moqt::subscriber_event::goaway>(*e));
            if (auto* ok = std::get_if<moqt::subscriber_event::subscribed>(&*e)) {
                LAL_FUZZ_CHECK(live.count(ok->request_id) && !alias_of.count(ok->request_id));
                for (const auto& [id, alias] : alias_of) LAL_FUZZ_CHECK(alias != ok->track_alias);
                alias_of[ok->request_id] = ok->track_alias;
                out.events.push_back("subscribed " + std::to_string(ok->request_id) + " " +
                                     std::to_string(ok->track_alias));
            } else if (auto* r = std::get_if<moqt::subscriber_event::refused>(&*e)) {
                LAL_FUZZ_CHECK(live.count(r->request_id) && !alias_of.count(r->request_id));
                our_fin.insert(live[r->request_id]);
                over(r->request_id);
                out.events.push_back("refused " + std::to_string(r->request_id) + " " + r->reason);
            } else if (auto* d = std::get_if<moqt::subscriber_event::done>(&*e)) {
                LAL_FUZZ_CHECK(live.count(d->request_id));
                our_fin.insert(live[d->request_id]);
                over(d->request_id);
                out.events.push_back("done " + std::to_string(d->request_id) + " " + d->reason);
            } else if (auto* o = std::get_if<moqt::subscriber_event::object>(&*e)) {
                LAL_FUZZ_CHECK(alias_of.count(o->request_id));
                LAL_FUZZ_CHECK(o->payload.size() <= options.limits.max_payload);
                released += o->payload.size() + moqt::subscriber::held_object_cost;
                LAL_FUZZ_CHECK(!held_only || released <= options.limits.max_payload);
                out.events.push_back("object " + std::to_string(o->request_id) + " " + std::to_string(o->group) +
                                     " " + std::to_string(o->object_id) + " " +
                                     std::string(reinterpret_cast<const char*>(o->payload.data()), o->payload.size()));
            } else if (auto* g = std::get_if<moqt::subscriber_event::goaway>(&*e)) {
                out.events.push_back("goaway " + g->new_session_uri);
            }
        }
        for (const auto& w : s.take_output()) {
            LAL_FUZZ_CHECK(w.stream_id == 2 || request_streams.count(w.stream_id));
            LAL_FUZZ_CHECK(w.stream_id == 2 || !our_fin.count(w.stream_id) || w.fin || w.reset);
            if (w.stream_id == 2) LAL_FUZZ_CHECK(!w.fin && !w.reset);
        }
    };
    subscribe(0, "a");
    subscribe(4, "b");
    drain(false);

    script_reader script(in);
    while (!script.done()) {
        const auto op = script.byte();
        const auto id = ids[(op >> 3) % std::size(ids)];
        const bool fin = op & 0x80;
        const bool request = id % 2 == 0;
        const bool can_feed = !ended.count(id) && (!request || request_streams.count(id));
        bool held_only = false;
        switch (op & 7) {
        case 0:
        case 1:
        case 2:
        case 3: {
            const auto bytes = script.run();
            if (!can_feed) break;
            if (fin) ended.insert(id);
            held_only = request;
            auto feed = [&](lal::byte_span piece, bool f) {
                check(request ? s.feed_request(id, piece, f) : s.feed_uni(id, piece, f));
            };
            if (pieces) feed_write_pieces(bytes, plan, fin, feed);
            else feed(bytes, fin);
            break;
        }
        case 4:
            if (!can_feed) break;
            ended.insert(id);
            s.on_stream_reset(id);
            break;
        case 5: {
            const std::uint64_t request_id = 2 * ((op >> 3) % 3);
            const bool was_live = live.count(request_id) > 0;
            const auto ec = s.unsubscribe(request_id);
            LAL_FUZZ_CHECK(!ec == was_live);
            if (was_live) {
                our_fin.insert(live[request_id]);
                over(request_id);
            }
            break;
        }
        case 6:
            if (!request_streams.count(8)) subscribe(8, "c");
            break;
        default: break;
        }
        drain(held_only);
    }
    out.dropped = s.objects_dropped();
    return out;
}

/// The subscriber properties of the header comment, on `in`.
inline void check_subscriber(lal::byte_span in) { check_whole_equals_pieces(in, run_subscriber); }

}  // namespace lal::fuzz
