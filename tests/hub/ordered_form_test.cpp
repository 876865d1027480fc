// SPDX-License-Identifier: MIT
// Ordered (stateful) output forms: one encoder per stream, run in stream order
// at flush before fan-out, its bytes shared by every subscriber and the cache.
#include <catch2/catch.hpp>

#include <string>

#include "hub_fixtures.hpp"

using namespace lal::hub;
using namespace lal::hub::test;
namespace media = lal::media;

namespace {

/// Numbers every item it sees, like continuity counters: "<stream>#<n>".
class numbering_encoder : public stream_encoder {
public:
    explicit numbering_encoder(std::string name) : name_(std::move(name)) {}
    media::wire_form encode(const media::media_item&) override {
        media::wire_form w;
        w.add(lal::payload::copy_from(name_ + "#" + std::to_string(next_++)));
        return w;
    }

private:
    std::string name_;
    int next_ = 0;
};

std::string text(const lal::payload& p) {
    return {reinterpret_cast<const char*>(p.bytes().data()), p.size()};
}

}  // namespace

TEST_CASE("an ordered form numbers frames per stream, in order, shared by every subscriber and joiners",
          "[hub][forms]") {
    output_forms forms;
    int made = 0;
    const auto ts = forms.add_ordered("ts", [&made](const stream_key& k) -> std::unique_ptr<stream_encoder> {
        ++made;
        if (k.name == "off") return nullptr;  // a stream the form is not wanted for
        return std::make_unique<numbering_encoder>(k.name);
    });
    CHECK(forms.ordered(ts));
    manual_executor w0, w1;
    registry h(hub_options{}, forms, {&w0, &w1}, [] { return std::uint64_t{0}; });
    recording_publisher pub;
    recording_sink a(ts), b(ts);
    auto sa = h.subscribe({"live", "s"}, a, ts, 1, 0);
    auto sb = h.subscribe({"live", "s"}, b, ts, 1, 1);
    auto p = h.publish({"live", "s"}, pub);
    REQUIRE(p.has_value());
    const auto key = avc_key();
    const auto inter = avc_inter();
    feed(**p, media_kind::video, 0, key);
    feed(**p, media_kind::video, 40, inter);
    (*p)->flush();
    feed(**p, media_kind::video, 80, inter);
    (*p)->flush();
    w0.run();
    w1.run();
    REQUIRE(a.frames.size() == 3);
    REQUIRE(b.frames.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(text(a.frames[i].bytes) == "s#" + std::to_string(i));
        // Encoded once: both players hold the same bytes.
        CHECK(a.frames[i].bytes.shares_storage_with(b.frames[i].bytes));
    }
    // A joiner gets the cached GOP with the bytes made at flush, not new numbers.
    recording_sink late(ts);
    auto sl = h.subscribe({"live", "s"}, late, ts, 1, 0);
    w0.run();
    REQUIRE(late.frames.size() == 3);
    CHECK(text(late.frames[0].bytes) == "s#0");
    CHECK(text(late.frames[2].bytes) == "s#2");

    // A stream the factory declines: frames carry no bytes in the form.
    recording_sink off(ts);
    auto so = h.subscribe({"live", "off"}, off, ts, 1, 0);
    auto p2 = h.publish({"live", "off"}, pub);
    REQUIRE(p2.has_value());
    feed(**p2, media_kind::video, 0, key);
    (*p2)->flush();
    w0.run();
    REQUIRE(off.frames.size() == 1);
    CHECK(off.frames[0].bytes.empty());
    CHECK(made == 2);
}
