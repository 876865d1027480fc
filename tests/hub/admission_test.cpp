// SPDX-License-Identifier: MIT
// Admission checks, several observers and the output-form registry.
#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <thread>

#include "hub_fixtures.hpp"

using namespace lal::hub;
using namespace lal::hub::test;

namespace {

const stream_key key{"live", "gate"};

/// A check that answers when the test says so (or at once with `answer_now`).
struct held_check : admission_check {
    void check(const admission_request& r, admission_reply reply) override {
        seen.push_back(r);
        if (answer_now) {
            reply(*answer_now);
            return;
        }
        pending.push_back(std::move(reply));
    }
    std::optional<admission_result> answer_now;
    std::vector<admission_request> seen;
    std::vector<admission_reply> pending;
};

struct rig {
    rig() : h(hub_options{}, forms.forms, {&worker}, [] { return std::uint64_t{0}; }) {}
    counting_forms forms;
    manual_executor worker;
    registry h;
};

admission_request play_request() { return {admission_action::play, key, "token=abc", "rtmp", "127.0.0.1:5000"}; }

}  // namespace

TEST_CASE("admission without checks decides at once, inside the call", "[hub][admission]") {
    rig r;
    std::optional<admission_result> got;
    auto ticket = r.h.admit(play_request(), 0, [&](admission_result a) { got = a; });
    CHECK(ticket == nullptr);
    REQUIRE(got.has_value());
    CHECK(got->admitted);
    CHECK(r.worker.posts == 0);
}

TEST_CASE("a check that answers later: the decision is posted to the requester's worker", "[hub][admission]") {
    rig r;
    held_check check;
    r.h.add_admission_check(check);
    std::optional<admission_result> got;
    auto ticket = r.h.admit(play_request(), 0, [&](admission_result a) { got = a; });
    REQUIRE(ticket != nullptr);
    REQUIRE(check.seen.size() == 1);
    CHECK(check.seen[0].query == "token=abc");
    CHECK(check.seen[0].action == admission_action::play);
    r.worker.run();
    CHECK_FALSE(got.has_value());  // nothing decided yet, nothing blocked

    // The answer comes from another thread, as an HTTP hook's would.
    std::thread hook([reply = check.pending[0]] { reply(admission_result::refuse("bad token")); });
    hook.join();
    CHECK(ticket->decided());
    CHECK_FALSE(got.has_value());  // not run on the hook's thread
    r.worker.run();
    REQUIRE(got.has_value());
    CHECK_FALSE(got->admitted);
    CHECK(got->reason == "bad token");
}

TEST_CASE("a check that never answers: the caller's timer expires the ticket, a late answer is ignored",
          "[hub][admission]") {
    rig r;
    held_check check;
    r.h.add_admission_check(check);
    int calls = 0;
    admission_result got;
    auto ticket = r.h.admit(play_request(), 0, [&](admission_result a) {
        ++calls;
        got = a;
    });
    ticket->expire("no answer in 5000 ms");
    ticket->expire("twice");  // only the first decision counts
    r.worker.run();
    CHECK(calls == 1);
    CHECK_FALSE(got.admitted);
    CHECK(got.reason == "no answer in 5000 ms");
    check.pending[0](admission_result::admit());
    r.worker.run();
    CHECK(calls == 1);
}

TEST_CASE("checks run in order; the first refusal decides and later checks are not asked", "[hub][admission]") {
    rig r;
    held_check first, second, third;
    first.answer_now = admission_result::admit();
    second.answer_now = admission_result::refuse("stream not allowed");
    r.h.add_admission_check(first);
    r.h.add_admission_check(second);
    r.h.add_admission_check(third);
    std::optional<admission_result> got;
    auto ticket = r.h.admit({admission_action::publish, key, "", "rtmp", "x"}, 0, [&](admission_result a) { got = a; });
    REQUIRE(ticket);
    CHECK_FALSE(got.has_value());  // even a synchronous answer is posted
    r.worker.run();
    REQUIRE(got.has_value());
    CHECK_FALSE(got->admitted);
    CHECK(third.seen.empty());

    // All admitting admits.
    second.answer_now = admission_result::admit();
    third.answer_now = admission_result::admit();
    got.reset();
    auto t2 = r.h.admit(play_request(), 0, [&](admission_result a) { got = a; });
    r.worker.run();
    REQUIRE(got.has_value());
    CHECK(got->admitted);
    CHECK(third.seen.size() == 1);
}

TEST_CASE("a cancelled request's decision is not delivered (its connection went away)", "[hub][admission]") {
    rig r;
    held_check check;
    r.h.add_admission_check(check);
    bool called = false;
    auto ticket = r.h.admit(play_request(), 0, [&](admission_result) { called = true; });
    ticket->cancel();
    ticket.reset();  // the requester dropped it; the check still holds its reply
    check.pending[0](admission_result::admit());
    r.worker.run();
    CHECK_FALSE(called);
}

TEST_CASE("every observer hears of publishes and subscribers, in the order they were added", "[hub][observer]") {
    struct log_observer : observer {
        log_observer(std::vector<std::string>& log, std::string name) : log_(log), name_(std::move(name)) {}
        void on_publish_start(const stream_key& k, const publisher_sink&, std::string_view q) override {
            log_.push_back(name_ + " start " + k.str() + "?" + std::string(q));
        }
        void on_publish_stop(const stream_key& k) override { log_.push_back(name_ + " stop " + k.str()); }
        void on_subscribers_changed(const stream_key&, std::size_t n, bool live) override {
            log_.push_back(name_ + " players " + std::to_string(n) + (live ? " live" : ""));
        }
        std::vector<std::string>& log_;
        std::string name_;
    };
    rig r;
    std::vector<std::string> log;
    log_observer relay(log, "relay"), recorder(log, "recorder"), stats(log, "stats");
    r.h.add_observer(relay);
    r.h.add_observer(recorder);
    r.h.add_observer(stats);
    r.h.remove_observer(stats);

    recording_publisher pub;
    recording_sink player;
    {
        auto p = r.h.publish(key, pub, "k=1");
        REQUIRE(p.has_value());
        auto sub = r.h.subscribe(key, player, rtmp_form, 1, 0);
    }
    CHECK(log == std::vector<std::string>{"relay start live/gate?k=1", "recorder start live/gate?k=1",
                                          "relay players 1 live", "recorder players 1 live", "relay players 0 live",
                                          "recorder players 0 live", "relay stop live/gate", "recorder stop live/gate"});
}

TEST_CASE("output forms are registered by name with an index, each encoded once per frame", "[hub][forms]") {
    counting_forms f;
    CHECK(f.forms.size() == 2);
    CHECK(f.forms.find("flv_tag") == 1);
    CHECK(f.forms.find("ts") == -1);
    CHECK(f.forms.name(rtmp_form) == "rtmp_chunks");
    CHECK_THROWS_AS(f.forms.add("flv_tag", std::make_unique<counting_encoder>(9, f.count)), std::invalid_argument);
    for (std::size_t i = f.forms.size(); i < max_output_forms; ++i) {
        f.forms.add("extra" + std::to_string(i), std::make_unique<counting_encoder>(static_cast<int>(i), f.count));
    }
    CHECK_THROWS_AS(f.forms.add("one too many", std::make_unique<counting_encoder>(0, f.count)), std::length_error);

    frame fr(item_of(media_kind::video, 40, avc_key()), &f.forms);
    const auto& a = fr.encoded(flv_form);
    const auto& b = fr.encoded(flv_form);
    CHECK(&a == &b);
    CHECK(lal::as_string_view(a.pieces().front().bytes()) == "1:1:40");
    CHECK(lal::as_string_view(fr.encoded(max_output_forms - 1).pieces().front().bytes()) == "7:1:40");
    CHECK(f.count == 2);
}
