// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/flv/writer.hpp>

#include <random>
#include <tuple>

#include "data_path.hpp"
#include "hex.hpp"
#include "split_feed.hpp"

using namespace lal::flv;
using lal::test::hex;

namespace {

// Everything a run of the reader produced, to compare runs fed differently.
struct outcome {
    std::vector<std::tuple<tag_type, std::uint32_t, std::uint32_t, std::vector<std::byte>, std::uint64_t>> tags;
    std::error_code feed_error;
    std::error_code finish;
    std::uint64_t mismatches = 0;
    std::optional<file_header> header;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome run_reader(Feeder&& feeder, reader_limits limits = {}, bool zero_copy = false) {
    reader r(limits);
    outcome o;
    auto drain = [&] {
        while (auto t = r.next()) {
            auto b = t->data.bytes();
            o.tags.emplace_back(t->type, t->timestamp, t->stream_id,
                                std::vector<std::byte>(b.begin(), b.end()), r.last_tag_offset());
        }
    };
    feeder([&](lal::byte_span piece) {
        auto ec = zero_copy ? r.feed(lal::payload::copy_from(piece)) : r.feed(piece);
        if (ec && !o.feed_error) o.feed_error = ec;
        drain();  // draining between pieces must not change anything
    });
    o.finish = r.finish();
    o.mismatches = r.previous_tag_size_mismatches();
    o.header = r.header();
    return o;
}

outcome read_whole(lal::byte_span in, reader_limits limits = {}) {
    return run_reader([&](const auto& f) { f(in); }, limits);
}

// A small file with every tag type, a zero-length tag and an extended timestamp.
std::vector<std::byte> small_file() {
    std::vector<std::byte> out;
    writer w(out);
    w.write_header({1, true, true, 9});
    w.write({tag_type::script, 0, 0, lal::payload::adopt(build_metadata(amf0::ecma_array{{"duration", 1.0}}))});
    w.write({tag_type::video, 0, 0, lal::payload::adopt(hex("17 00 00 00 00 01 4d 40 1e ff"))});
    w.write({tag_type::audio, 0, 0, lal::payload::adopt(hex("af 00 12 10"))});
    w.write({tag_type::video, 40, 0, lal::payload::adopt(hex("17 01 00 00 28 00 00 00 02 65 88"))});
    w.write({tag_type::audio, 0x01020304, 0, {}});
    w.write({tag_type::audio, 0x01020305, 0, lal::payload::adopt(hex("af 01 21"))});
    return out;
}

}  // namespace

TEST_CASE("FLV reader returns every tag with its file offset", "[flv][reader]") {
    auto file = small_file();
    auto o = read_whole(file);
    CHECK_FALSE(o.feed_error);
    CHECK_FALSE(o.finish);
    CHECK(o.mismatches == 0);
    REQUIRE(o.header.has_value());
    CHECK(o.header->has_audio);
    REQUIRE(o.tags.size() == 6);
    CHECK(std::get<0>(o.tags[0]) == tag_type::script);
    CHECK(std::get<4>(o.tags[0]) == 13);  // right after header and PreviousTagSize0
    CHECK(std::get<1>(o.tags[3]) == 40);
    CHECK(std::get<3>(o.tags[4]).empty());
    CHECK(std::get<1>(o.tags[4]) == 0x01020304u);
    // Each offset points at a tag header whose size matches the data.
    for (const auto& t : o.tags) {
        auto at = static_cast<std::size_t>(std::get<4>(t));
        auto h = parse_tag_header(std::span(file).subspan(at));
        REQUIRE(h.has_value());
        CHECK(h->data_size == std::get<3>(t).size());
    }
}

TEST_CASE("FLV reader gives identical results at every split point and byte by byte", "[flv][reader]") {
    auto file = small_file();
    auto runs = lal::test::all_feedings(file, [](const auto& feeder) { return run_reader(feeder); });
    REQUIRE(runs.size() == file.size() + 3);
    for (std::size_t i = 1; i < runs.size(); ++i) REQUIRE(runs[i] == runs[0]);
}

TEST_CASE("FLV reader reports a truncated tail and keeps complete tags", "[flv][reader]") {
    auto file = small_file();
    auto whole = read_whole(file);
    std::size_t boundaries = 0;
    for (std::size_t n = 0; n < file.size(); ++n) {
        auto o = read_whole(std::span(file).first(n));
        REQUIRE_FALSE(o.feed_error);
        // Tags out so far are a prefix of the full run's tags.
        REQUIRE(o.tags.size() <= whole.tags.size());
        for (std::size_t i = 0; i < o.tags.size(); ++i) REQUIRE(o.tags[i] == whole.tags[i]);
        if (!o.finish) {
            ++boundaries;  // only right after a PreviousTagSize
            auto at = n;
            bool after_tag = at == 13;
            for (const auto& t : whole.tags) {
                if (std::get<4>(t) + 11 + std::get<3>(t).size() + 4 == at) after_tag = true;
            }
            REQUIRE(after_tag);
        } else {
            REQUIRE(o.finish == errc::truncated);
        }
    }
    CHECK(boundaries == 6);  // after the header and after each tag but the last
}

TEST_CASE("FLV reader enforces the tag size cap before buffering", "[flv][reader]") {
    // Only the headers are fed: the error must come before any body byte.
    auto in = hex("46 4c 56 01 05 00 00 00 09 00 00 00 00"
                  "09 ff ff ff 00 00 00 00 00 00 00");
    auto o = read_whole(in, {.max_tag_size = 1024});
    CHECK(o.feed_error == errc::tag_too_large);
    CHECK(o.finish == errc::tag_too_large);

    auto fits = hex("46 4c 56 01 05 00 00 00 09 00 00 00 00"
                    "09 00 00 04 00 00 00 00 00 00 00 17 02 00 00 00 00 00 0f");
    auto ok = read_whole(fits, {.max_tag_size = 4});
    CHECK_FALSE(ok.feed_error);
    CHECK(ok.tags.size() == 1);
    CHECK(ok.mismatches == 0);
}

TEST_CASE("FLV reader errors are sticky", "[flv][reader]") {
    reader r;
    CHECK(r.feed(hex("46 4c 58")) == errc::bad_signature);
    CHECK(r.feed(hex("01 05 00 00 00 09")) == errc::bad_signature);
    CHECK_FALSE(r.next().has_value());
    CHECK(r.finish() == errc::bad_signature);

    reader bad_type;
    CHECK(bad_type.feed(hex("46 4c 56 01 05 00 00 00 09 00 00 00 00 0a 00 00 00 00 00 00 00 00 00 00")) ==
          errc::unknown_tag_type);
}

TEST_CASE("FLV reader skips a larger data offset and counts size mismatches", "[flv][reader]") {
    // DataOffset 12: three extra header bytes; PreviousTagSize0 = 5 and a wrong size after the tag.
    auto in = hex("46 4c 56 01 01 00 00 00 0c aa bb cc 00 00 00 05"
                  "12 00 00 03 00 00 07 00 00 00 00 02 00 00 00 00 00 99");
    auto runs = lal::test::all_feedings(in, [](const auto& feeder) { return run_reader(feeder); });
    for (const auto& o : runs) {
        REQUIRE(o == runs[0]);
        REQUIRE_FALSE(o.finish);
        REQUIRE(o.tags.size() == 1);
        REQUIRE(std::get<4>(o.tags[0]) == 16);
        REQUIRE(std::get<1>(o.tags[0]) == 7);
        REQUIRE(o.mismatches == 2);
    }
}

TEST_CASE("FLV reader survives random and corrupted input", "[flv][reader]") {
    std::mt19937 rng(4242);
    auto file = small_file();
    for (int iter = 0; iter < 3000; ++iter) {
        std::vector<std::byte> in;
        if (iter % 3 == 0) {
            in.resize(rng() % 200);
            for (auto& b : in) b = static_cast<std::byte>(rng());
        } else {
            in = file;
            for (int k = 0; k < 1 + iter % 5; ++k) in[rng() % in.size()] = static_cast<std::byte>(rng());
        }
        auto whole = read_whole(in, {.max_tag_size = 4096});
        auto bytewise = run_reader([&](const auto& f) { lal::test::feed_bytewise(in, f); },
                                   {.max_tag_size = 4096});
        REQUIRE(whole == bytewise);
        for (const auto& t : whole.tags) REQUIRE(std::get<3>(t).size() <= 4096);
    }
}

TEST_CASE("FLV reader counts the frames of the real test files", "[flv][reader][media]") {
    struct expect {
        const char* file;
        int audio, video, keyframes, sequence_headers, end_of_sequence;
    };
    for (auto e : {expect{"media/h264_aac_10s.flv", 433, 252, 10, 2, 1},
                   expect{"media/h264_only_5s.flv", 0, 127, 5, 1, 1},
                   expect{"media/aac_only_5s.flv", 217, 0, 0, 1, 0},
                   expect{"media/h264_bframes_aac_5s.flv", 217, 127, 5, 2, 1}}) {
        INFO(e.file);
        auto file = lal::test::read_data(e.file);
        reader r;
        REQUIRE_FALSE(r.feed(file));
        CHECK_FALSE(r.finish());
        CHECK(r.previous_tag_size_mismatches() == 0);
        int audio = 0, video = 0, key = 0, seq = 0, eos = 0, script = 0, negative_cts = 0;
        while (auto t = r.next()) {
            audio += t->type == tag_type::audio;
            video += t->type == tag_type::video;
            key += is_keyframe(*t);
            seq += is_sequence_header(*t);
            eos += is_end_of_sequence(*t);
            if (t->type == tag_type::script) {
                ++script;
                auto sd = parse_script_data(t->data.bytes());
                REQUIRE(sd.has_value());
                CHECK(sd->name == "onMetaData");
                REQUIRE(sd->properties() != nullptr);
                CHECK(sd->properties()->get("duration")->as_number().has_value());
            }
            if (t->type == tag_type::video) {
                auto h = parse_video_tag_header(t->data.bytes());
                REQUIRE(h.has_value());
                negative_cts += h->composition_time < 0;
            }
        }
        CHECK(audio == e.audio);  // frames plus the AAC sequence header
        CHECK(video == e.video);  // frames plus sequence header and end of sequence
        CHECK(key == e.keyframes);
        CHECK(seq == e.sequence_headers);
        CHECK(eos == e.end_of_sequence);
        CHECK(script == 1);
        CHECK(negative_cts == 0);
    }
}

TEST_CASE("FLV reader on a real file: byte by byte and sampled splits match", "[flv][reader][media]") {
    auto file = lal::test::read_data("media/h264_bframes_aac_5s.flv");
    auto whole = read_whole(file);
    REQUIRE(whole.tags.size() == 345);
    auto bytewise = run_reader([&](const auto& f) { lal::test::feed_bytewise(file, f); });
    CHECK(bytewise == whole);
    for (std::size_t split = 0; split <= file.size(); split += 7919) {
        auto o = run_reader([&](const auto& f) { lal::test::feed_split(file, split, f); });
        REQUIRE(o == whole);
    }
}

TEST_CASE("FLV reader zero-copy mode gives the same tags at every split point", "[flv][reader]") {
    auto file = small_file();
    auto whole = read_whole(file);
    auto results = lal::test::all_feedings(file, [&](const auto& feeder) { return run_reader(feeder, {}, true); });
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO("feeding " << i);
        REQUIRE(results[i] == whole);
    }
}

TEST_CASE("FLV reader zero-copy mode shares the data of tags that lie whole in the input", "[flv][reader]") {
    auto in = lal::payload::adopt(small_file());
    reader r;
    REQUIRE_FALSE(r.feed(in));
    std::vector<tag> tags;
    while (auto t = r.next()) tags.push_back(std::move(*t));
    REQUIRE(tags.size() == 6);
    for (const auto& t : tags) {
        if (t.data.empty()) continue;
        CHECK(t.data.shares_storage_with(in));
    }
    // The first tag's data follows the file header, PreviousTagSize0 and its tag header.
    CHECK(tags[0].data.data() == in.data() + 9 + 4 + 11);

    SECTION("a tag cut by the end of a piece is copied; the next ones are shared again") {
        reader split;
        auto cut = std::size_t{9 + 4 + 11 + 3};
        REQUIRE_FALSE(split.feed(in.slice(0, cut)));
        REQUIRE_FALSE(split.feed(in.slice(cut)));
        std::vector<tag> got;
        while (auto t = split.next()) got.push_back(std::move(*t));
        REQUIRE(got == tags);
        CHECK_FALSE(got[0].data.shares_storage_with(in));
        CHECK(got[1].data.shares_storage_with(in));
    }
}

TEST_CASE("FLV reader zero-copy mode reads a real file like the copying mode", "[flv][reader][media]") {
    auto file = lal::test::read_data("media/h264_aac_10s.flv");
    auto whole = read_whole(file);
    for (std::size_t split = 0; split <= file.size(); split += 65521) {
        auto o = run_reader([&](const auto& f) { lal::test::feed_split(file, split, f); }, {}, true);
        REQUIRE(o == whole);
    }
}
