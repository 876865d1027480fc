// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/fmp4/fragment.hpp>
#include <lal/fmp4/reader.hpp>

#include "hex.hpp"

using namespace lal::fmp4;

namespace {

/// A fragment of two runs: video with B-frames (negative offsets) and audio.
struct two_runs {
    std::vector<sample> video{{5, 3000, 3000, true}, {3, 3000, -3000, false}, {4, 3000, 0, false}};
    std::vector<sample> audio{{2, 1024, 0, true}, {6, 1024, 0, true}};
    std::vector<track_run> runs{{1, 900000, video}, {2, 1ull << 33, audio}};
    std::vector<std::byte> bytes;
    two_runs() {
        REQUIRE_FALSE(append_fragment_head(7, runs, bytes));
        REQUIRE(bytes.size() == fragment_head_size(runs));
        for (int i = 0; i < 20; ++i) bytes.push_back(static_cast<std::byte>(i));
    }
};

}  // namespace

TEST_CASE("a fragment reads back with its runs, samples and bytes", "[fmp4][fragment]") {
    two_runs f;
    auto info = read_fragment(f.bytes);
    REQUIRE(info.has_value());
    CHECK(info->sequence == 7);
    CHECK(info->size == f.bytes.size());
    REQUIRE(info->runs.size() == 2);
    CHECK(info->runs[0].track_id == 1);
    CHECK(info->runs[0].base_decode_time == 900000);
    CHECK(info->runs[0].samples == f.video);
    CHECK(info->runs[1].track_id == 2);
    CHECK(info->runs[1].base_decode_time == 1ull << 33);
    CHECK(info->runs[1].samples == f.audio);
    // The sample bytes follow the mdat header run by run: 0..11 video, 12..19 audio.
    std::size_t next = 0;
    for (const auto& run : info->runs) {
        for (auto d : run.data) {
            for (auto b : d) CHECK(std::to_integer<std::size_t>(b) == next++);
        }
    }
    CHECK(next == 20);
}

TEST_CASE("every prefix of a fragment is truncated", "[fmp4][fragment][reader]") {
    two_runs f;
    for (std::size_t n = 0; n < f.bytes.size(); ++n) {
        auto info = read_fragment(std::span(f.bytes).first(n));
        REQUIRE_FALSE(info.has_value());
        CHECK(info.error() == errc::truncated);
    }
}

TEST_CASE("the reader bounds samples and runs", "[fmp4][fragment][reader][errors]") {
    two_runs f;
    CHECK(read_fragment(f.bytes, {.max_samples = 4}).error() == errc::too_many);
    CHECK(read_fragment(f.bytes, {.max_runs = 1}).error() == errc::too_many);
    // A sample count far beyond the bytes present is refused before anything is reserved.
    auto copy = f.bytes;
    const std::string_view text(reinterpret_cast<const char*>(copy.data()), copy.size());
    const auto trun = text.find("trun");
    REQUIRE(trun != std::string_view::npos);
    copy[trun + 8] = std::byte{0x7f};  // sample_count's high byte
    CHECK(read_fragment(copy).error() == errc::too_many);
}

TEST_CASE("a sample outside the moof and mdat is refused", "[fmp4][fragment][reader][errors]") {
    two_runs f;
    REQUIRE(!f.bytes.empty());
    f.bytes.pop_back();
    // Shrink the mdat by one byte so the last sample runs past it.
    const std::string_view text(reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size());
    const auto mdat = text.find("mdat") - 4;
    lal::store_be(f.bytes.data() + mdat, 8 + 19, 4);
    CHECK(read_fragment(f.bytes).error() == errc::too_large);
}

TEST_CASE("append_fragment_head refuses what it cannot write", "[fmp4][fragment][errors]") {
    std::vector<std::byte> out;
    std::vector<sample> none;
    std::vector<sample> one{{1, 1, 0, true}};
    CHECK(append_fragment_head(1, std::vector<track_run>{}, out) == errc::too_many);
    CHECK(append_fragment_head(1, std::vector<track_run>{{1, 0, none}}, out) == errc::too_many);
    CHECK(append_fragment_head(1, std::vector<track_run>{{0, 0, one}}, out) == errc::bad_track);
    std::vector<sample> huge{{0xffffff00u, 1, 0, true}, {0xffffff00u, 1, 0, true}};
    CHECK(append_fragment_head(1, std::vector<track_run>{{1, 0, huge}}, out) == errc::too_large);
    CHECK(out.empty());
}

TEST_CASE("tfhd defaults and first-sample flags apply", "[fmp4][fragment][reader]") {
    // moof{mfhd seq 3; traf{tfhd id 1, flags default-base-is-moof|duration|size|flags (0x020038);
    // trun flags data-offset|first-sample-flags (0x005), 2 samples}} then mdat of 2x4 bytes.
    auto bytes = lal::test::hex(
        "00000054" "6d6f6f66"
        "00000010" "6d666864" "00000000" "00000003"
        "0000003c" "74726166"
        "0000001c" "74666864" "00020038" "00000001" "00000400" "00000004" "01010000"
        "00000018" "7472756e" "00000005" "00000002" "0000005c" "02000000"
        "00000010" "6d646174" "0102030405060708");
    auto info = read_fragment(bytes);
    REQUIRE(info.has_value());
    REQUIRE(info->runs.size() == 1);
    const auto& r = info->runs[0];
    CHECK(r.samples == std::vector<sample>{{4, 1024, 0, true}, {4, 1024, 0, false}});
    CHECK(std::to_integer<int>(r.data[1][0]) == 5);
}
