// SPDX-License-Identifier: MIT
// The session directory: per-worker tables, gathering over workers, bitrates
// from counter changes, kicking by id, listeners.
#include <catch2/catch.hpp>

#include <optional>

#include <lal/hub/session_directory.hpp>

#include "hub_fixtures.hpp"

using namespace lal::hub;
using namespace lal::hub::test;

namespace {

struct fake_session : described_session {
    session_info describe() const override { return info; }
    void kick(std::string_view reason) override { kicked = std::string(reason); }
    session_info info;
    std::optional<std::string> kicked;
};

struct recording_listener : session_listener {
    void on_session_start(const session_info& i) override { events.push_back("start " + i.id); }
    void on_session_stop(const session_info& i) override {
        events.push_back("stop " + i.id + " " + std::to_string(i.wrote_bytes));
    }
    std::vector<std::string> events;
};

}  // namespace

TEST_CASE("sessions on two workers are gathered once both workers ran", "[hub][sessions]") {
    manual_executor w0, w1;
    std::uint64_t now = 1000;
    session_directory dir({&w0, &w1}, [&] { return now; });
    fake_session a, b;
    a.info.id = dir.next_id("RTMPPUB");
    a.info.base_type = "PUB";
    b.info.id = dir.next_id("FLVSUB");
    b.info.base_type = "SUB";
    CHECK(a.info.id == "RTMPPUB1");
    CHECK(b.info.id == "FLVSUB2");
    dir.add(0, a);
    dir.add(1, b);
    CHECK(dir.size() == 2);

    // 2 s later a read 250000 bytes (1000 kbit/s) and 50 video frames; b wrote 500000.
    now = 3000;
    a.info.read_bytes = 250000;
    a.info.video_frames = 50;
    b.info.wrote_bytes = 500000;
    std::optional<std::vector<session_info>> got;
    dir.gather([&](std::vector<session_info> all) { got = std::move(all); });
    w0.run();
    CHECK_FALSE(got);  // worker 1 has not answered yet
    w1.run();
    REQUIRE(got);
    REQUIRE(got->size() == 2);
    for (const auto& i : *got) {
        if (i.id == "RTMPPUB1") {
            CHECK(i.read_kbits == 1000);
            CHECK(i.video_fps == 25);
        } else {
            CHECK(i.id == "FLVSUB2");
            CHECK(i.wrote_kbits == 2000);
        }
    }

    // 100 ms later the window has not ended: the same rates again.
    now = 3100;
    a.info.read_bytes = 250001;
    got.reset();
    dir.gather([&](std::vector<session_info> all) { got = std::move(all); });
    w0.run();
    w1.run();
    REQUIRE(got);
    for (const auto& i : *got) {
        if (i.id == "RTMPPUB1") CHECK(i.read_kbits == 1000);
    }
}

TEST_CASE("kick finds a session by id on its worker and reports a missing one", "[hub][sessions]") {
    manual_executor w0, w1;
    session_directory dir({&w0, &w1}, [] { return std::uint64_t{0}; });
    fake_session a;
    a.info.id = "RTMPSUB9";
    dir.add(1, a);
    std::optional<bool> found;
    dir.kick("RTMPSUB9", "operator", [&](bool f) { found = f; });
    w0.run();
    w1.run();
    CHECK(found == true);
    CHECK(a.kicked == "operator");

    found.reset();
    dir.kick("NOPE1", "operator", [&](bool f) { found = f; });
    w0.run();
    w1.run();
    CHECK(found == false);
}

TEST_CASE("listeners hear each start and stop once, with the final counters", "[hub][sessions]") {
    manual_executor w0;
    session_directory dir({&w0}, [] { return std::uint64_t{0}; });
    recording_listener l;
    dir.add_listener(l);
    fake_session a;
    a.info.id = "X1";
    dir.add(0, a);
    auto last = a.describe();
    last.wrote_bytes = 42;
    dir.remove(0, last);
    dir.remove(0, last);  // a second removal is ignored
    CHECK(dir.size() == 0);
    CHECK(l.events == std::vector<std::string>{"start X1", "stop X1 42"});
}
