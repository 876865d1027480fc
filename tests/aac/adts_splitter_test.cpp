// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>

#include <lal/aac/adts.hpp>
#include <lal/aac/adts_splitter.hpp>

#include "data_path.hpp"
#include "hex.hpp"
#include "split_feed.hpp"

using namespace lal::aac;

namespace {

struct split_result {
    std::vector<std::vector<std::byte>> frames;
    std::error_code error;
    std::error_code at_end;
    bool operator==(const split_result&) const = default;
};

// Feeds through `feed_all`, draining after each piece as a caller would.
template <class Feeder>
split_result run_splitter(Feeder&& feed_all) {
    adts_splitter s;
    split_result r;
    feed_all([&](lal::byte_span piece) {
        auto ec = s.feed(piece);
        if (ec && !r.error) r.error = ec;
        while (auto f = s.next()) r.frames.push_back(lal::to_vector(f->bytes()));
    });
    r.at_end = s.finish();
    return r;
}

}  // namespace

TEST_CASE("aac_5s.aac splits into its 216 frames and rebuilds byte for byte", "[aac][adts][splitter]") {
    const auto file = lal::test::read_data("media/aac_5s.aac");
    auto r = run_splitter([&](const auto& f) { f(file); });
    REQUIRE_FALSE(r.error);
    REQUIRE_FALSE(r.at_end);
    REQUIRE(r.frames.size() == 216);  // ffprobe -count_frames: nb_read_frames=216

    std::vector<std::byte> rebuilt;
    for (const auto& frame : r.frames) {
        auto f = parse_adts_frame(frame);
        REQUIRE(f.has_value());
        CHECK(f->header.frame_length == frame.size());
        auto asc = to_audio_specific_config(f->header);
        CHECK(asc.sampling_frequency == 44100u);
        CHECK(asc.channel_count() == 2u);
        REQUIRE_FALSE(append_adts_frame(asc, f->raw, rebuilt));
    }
    CHECK(rebuilt == file);
}

TEST_CASE("ADTS splitter gives identical frames at every split point and byte by byte",
          "[aac][adts][splitter]") {
    const auto file = lal::test::read_data("media/aac_5s.aac");
    // The first ten frames (2478 bytes) plus half of the eleventh keep the
    // quadratic every-split run short; the cut frame must stay pending.
    const auto input = std::span(file).first(2478 + 100);
    auto results = lal::test::all_feedings(input, [](const auto& feeder) {
        return run_splitter(feeder);
    });
    REQUIRE(results.front().frames.size() == 10);
    CHECK(results.front().at_end == errc::truncated);
    for (const auto& r : results) REQUIRE(r == results.front());

    SECTION("the whole file byte by byte and in random pieces") {
        auto whole = run_splitter([&](const auto& f) { f(file); });
        auto bytewise = run_splitter([&](const auto& f) { lal::test::feed_bytewise(file, f); });
        CHECK(bytewise == whole);
        std::mt19937 rng(7);
        auto pieces = run_splitter([&](const auto& f) {
            std::size_t pos = 0;
            while (pos < file.size()) {
                auto n = std::min<std::size_t>(file.size() - pos, rng() % 700);
                f(std::span(file).subspan(pos, n));
                pos += n;
            }
        });
        CHECK(pieces == whole);
    }
}

TEST_CASE("ADTS splitter stops at garbage and keeps the frames before it", "[aac][adts][splitter]") {
    auto file = lal::test::read_data("media/aac_5s.aac");
    std::vector<std::byte> input(file.begin(), file.begin() + 215 + 321);  // two frames
    input.push_back(std::byte{0x12});
    for (int i = 0; i < 10; ++i) input.push_back(std::byte{0});
    auto results = lal::test::all_feedings(input, [](const auto& feeder) { return run_splitter(feeder); });
    for (const auto& r : results) {
        REQUIRE(r.frames.size() == 2);
        CHECK(r.error == errc::bad_adts_sync);
        CHECK(r.at_end == errc::bad_adts_sync);
    }
    adts_splitter dead;
    CHECK(dead.feed(input) == errc::bad_adts_sync);
    CHECK(dead.feed(std::span(file).first(215)) == errc::bad_adts_sync);
}
