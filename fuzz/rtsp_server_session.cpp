// SPDX-License-Identifier: MIT
// An RTSP server session fed a client's bytes, cut anywhere, with every
// DESCRIBE, ANNOUNCE, SETUP, PLAY and RECORD accepted. Properties:
// - everything the server writes reads back as whole RTSP responses with
//   the CSeq of a request (a 400 to a request without one has none);
// - an error is lal::rtsp's and leaves the session wanting to close;
// - frames a publisher's RTP turns into belong to a track that was set up.
#include <cstdint>

#include <lal/rtsp/error.hpp>
#include <lal/rtsp/server_session.hpp>

#include "fuzz_support.hpp"

namespace rtsp = lal::rtsp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = lal::fuzz::bytes_of(data, size);
    rtsp::server_options options;
    options.session_id = "f00d";
    rtsp::server_session s(options);
    std::error_code error;
    std::int64_t now = 0;
    std::size_t answers = 0;
    rtsp::reader responses;
    lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), [&](lal::byte_span piece) {
        error = s.feed(piece, now += 10);
        while (auto ev = s.next_event()) {
            if (auto* d = std::get_if<rtsp::describe_request>(&*ev)) {
                lal::sdp::session_description sdp;
                lal::sdp::media_description m;
                m.formats = {"0"};
                m.attributes.push_back({"control", "trackID=0"});
                sdp.media.push_back(m);
                s.accept(*d, sdp);
            } else if (auto* a = std::get_if<rtsp::announce_request>(&*ev)) {
                s.accept(*a);
            } else if (auto* st = std::get_if<rtsp::setup_request>(&*ev)) {
                LAL_FUZZ_CHECK(st->track < s.tracks().size());
                s.accept(*st, {{6000, 6001}});
            } else if (auto* p = std::get_if<rtsp::play_request>(&*ev)) {
                s.accept(*p);
            } else if (auto* r = std::get_if<rtsp::record_request>(&*ev)) {
                s.accept(*r);
            } else if (auto* m = std::get_if<rtsp::media_received>(&*ev)) {
                LAL_FUZZ_CHECK(m->track < s.tracks().size() && s.tracks()[m->track].transport);
            }
        }
        for (const auto& p : s.take_output()) LAL_FUZZ_CHECK(!responses.feed(p.bytes()));
        while (auto r = responses.next()) {
            const auto* m = std::get_if<rtsp::message>(&*r);
            // A request without CSeq gets a 400 without one (RFC 2326 12.17).
            LAL_FUZZ_CHECK(m && !m->is_request && (m->cseq().has_value() || m->status == 400));
            ++answers;
        }
        return !error;
    });
    if (error) {
        LAL_FUZZ_CHECK(error.category() == rtsp::category());
        LAL_FUZZ_CHECK(s.wants_close());
    }
    (void)answers;
    return 0;
}
