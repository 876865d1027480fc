// SPDX-License-Identifier: MIT
// MoQT draft-20 control messages and data-plane units. Properties:
// - message_reader fed whole and in pieces gives the same messages and the
//   same error; errors are lal::moqt's;
// - a decoded message re-encodes, and that encoding decodes and re-encodes
//   to itself (the codec reaches a fixed point);
// - a publisher session fed the input as a request stream (after a valid
//   SETUP) either works or ends with a lal::moqt error that maps to a
//   draft-20 termination code, and stays ended;
// - subgroup_reader whole = pieces; object datagrams that parse round-trip;
// - a subscriber fed the input as a script of server streams keeps the
//   properties listed in moqt_subscriber_script.hpp.
#include <cstdint>
#include <vector>

#include <lal/moqt/draft20.hpp>
#include <lal/moqt/session.hpp>

#include "fuzz_support.hpp"
#include "moqt_subscriber_script.hpp"

namespace moqt = lal::moqt;
namespace d20 = lal::moqt::draft20;

namespace {

std::vector<std::byte> encode(const d20::message& m) {
    std::vector<std::byte> out;
    LAL_FUZZ_CHECK(!d20::append_message(m, out));
    return out;
}

struct outcome {
    std::vector<std::vector<std::byte>> messages;  // re-encoded, for comparison
    std::error_code error;
};

template <class Feeder>
outcome run(Feeder&& feeder) {
    d20::message_reader r({4096});
    outcome o;
    feeder([&](lal::byte_span piece) {
        o.error = r.feed(piece);
        while (auto m = r.next()) o.messages.push_back(encode(*m));
        return !o.error;
    });
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = lal::fuzz::bytes_of(data, size);
    const auto plan = lal::fuzz::plan_for(in);

    const auto whole = run([&](auto&& feed) { feed(in); });
    const auto pieces = run([&](auto&& feed) { lal::fuzz::feed_pieces(in, plan, feed); });
    LAL_FUZZ_CHECK(whole.messages == pieces.messages);
    LAL_FUZZ_CHECK(whole.error == pieces.error);
    LAL_FUZZ_CHECK(!whole.error || whole.error.category() == moqt::category());
    for (const auto& e : whole.messages) {
        d20::message_reader r;
        LAL_FUZZ_CHECK(!r.feed(e));
        auto m = r.next();
        LAL_FUZZ_CHECK(m && encode(*m) == e);
    }

    moqt::session s({{4096, 8, 16}, "fuzz"});
    s.start();
    const auto setup = std::vector<std::byte>{std::byte{0xaf}, std::byte{0x00}, std::byte{0x00}, std::byte{0x00}};
    LAL_FUZZ_CHECK(!s.feed_uni(2, setup, false));
    std::error_code dead;
    lal::fuzz::feed_pieces(in, plan, [&](lal::byte_span piece) {
        auto ec = s.feed_request(0, piece, false);
        if (dead) {
            LAL_FUZZ_CHECK(ec == dead);
        } else if (ec) {
            LAL_FUZZ_CHECK(ec.category() == moqt::category());
            LAL_FUZZ_CHECK(moqt::termination_code(ec) != 0);
            dead = ec;
        }
        while (auto e = s.next_event()) {
            if (auto* sub = std::get_if<moqt::moqt_event::subscribe>(&*e)) {
                LAL_FUZZ_CHECK(sub->request_id % 2 == 0);
                if (sub->request_id % 4 == 0) {
                    LAL_FUZZ_CHECK(!s.accept_subscribe(sub->request_id, d20::location{1, 1}));
                    LAL_FUZZ_CHECK(!s.send_object(sub->request_id, 2, 0, piece));
                } else {
                    LAL_FUZZ_CHECK(!s.reject(sub->request_id, d20::request_error_code::does_not_exist, "no"));
                }
            }
        }
        (void)s.take_output();
        return true;
    });

    auto read_subgroup = [&](auto&& feeder) {
        d20::subgroup_reader r({1024});
        std::vector<d20::subgroup_object> objects;
        std::error_code error;
        feeder([&](lal::byte_span piece) {
            error = r.feed(piece);
            while (auto o = r.next()) objects.push_back(std::move(*o));
            return !error;
        });
        LAL_FUZZ_CHECK(!error || error.category() == moqt::category());
        return std::make_pair(objects, error);
    };
    LAL_FUZZ_CHECK(read_subgroup([&](auto&& feed) { feed(in); }) ==
                   read_subgroup([&](auto&& feed) { lal::fuzz::feed_pieces(in, plan, feed); }));

    if (auto d = d20::parse_object_datagram(in)) {
        std::vector<std::byte> out;
        d20::append_object_datagram(*d, out);
        auto back = d20::parse_object_datagram(out);
        LAL_FUZZ_CHECK(back && *back == *d);
    } else {
        LAL_FUZZ_CHECK(d.error().category() == moqt::category());
    }

    lal::fuzz::check_subscriber(in);
    return 0;
}
