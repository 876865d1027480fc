// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <vector>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>

#include "data_path.hpp"
#include "error.hpp"
#include "flv_scanner.hpp"
#include "hex.hpp"
#include "split_feed.hpp"
#include "stamp.hpp"

#include <lal/flv/reader.hpp>

namespace {

struct seen {
    std::uint8_t type = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t size = 0;
    std::vector<std::byte> body;
    friend bool operator==(const seen&, const seen&) = default;
};

struct recorder final : lalbench::tag_sink {
    std::vector<seen> all;
    void on_tag(const lalbench::scanned_tag& t) override {
        all.push_back({t.type, t.timestamp, t.data_size, std::vector<std::byte>(t.body.begin(), t.body.end())});
    }
};

seen expected(const lal::flv::tag& t) {
    seen s{static_cast<std::uint8_t>(t.type), t.timestamp, static_cast<std::uint32_t>(t.data.size()), {}};
    if (t.type == lal::flv::tag_type::video) {
        auto b = t.data.bytes();
        s.body.assign(b.begin(), b.begin() + std::min(b.size(), lalbench::stamp_prefix_size));
    }
    return s;
}

template <class Feeder>
std::pair<std::vector<seen>, std::error_code> scan(const Feeder& feeder) {
    lalbench::flv_scanner scanner;
    recorder r;
    std::error_code ec;
    feeder([&](lal::byte_span part) {
        if (!ec) ec = scanner.feed(part, r);
    });
    return {r.all, ec};
}

}  // namespace

TEST_CASE("FLV scanner finds every tag of a real file, however the input is split", "[lalbench][flv]") {
    auto file = lal::test::read_data("media/h264_aac_10s.flv");
    // Enough of the file for every split point to stay quick: header and the first tags.
    auto part = lal::byte_span(file).first(40'000);
    lal::flv::reader reader;
    REQUIRE_FALSE(reader.feed(part));
    std::vector<seen> want;
    while (auto t = reader.next()) want.push_back(expected(*t));
    REQUIRE(want.size() > 20);
    // The part ends inside a tag: the scanner reports whole tags only, like the reader.
    auto runs = lal::test::all_feedings(part, [&](const auto& feeder) { return scan(feeder); });
    for (const auto& [tags, ec] : runs) {
        CHECK_FALSE(ec);
        CHECK(tags == want);
    }
}

TEST_CASE("FLV scanner counts every tag of the whole 10 s file", "[lalbench][flv]") {
    auto file = lal::test::read_data("media/h264_aac_10s.flv");
    lalbench::flv_scanner scanner;
    recorder r;
    REQUIRE_FALSE(scanner.feed(file, r));
    CHECK(scanner.at_tag_boundary());
    std::size_t video = 0, audio = 0;
    for (const auto& t : r.all) {
        video += t.type == 9;
        audio += t.type == 8;
    }
    // tests/data/media/README.md: 250 video and 432 audio frames, plus one
    // sequence header each and the end-of-sequence video tag.
    CHECK(video == 252);
    CHECK(audio == 433);
}

TEST_CASE("FLV scanner rejects a bad signature, a wrong PreviousTagSize and unknown tag types", "[lalbench][flv]") {
    auto run = [](const std::vector<std::byte>& bytes) {
        lalbench::flv_scanner scanner;
        recorder r;
        return scanner.feed(bytes, r);
    };
    auto header = lal::test::hex("46 4c 56 01 05 00 00 00 09 00 00 00 00");
    CHECK(run(lal::test::hex("46 4c 58 01 05 00 00 00 09")) == lalbench::errc::bad_flv_header);
    CHECK(run(lal::test::hex("46 4c 56 01 05 00 00 00 08")) == lalbench::errc::bad_flv_header);

    auto bad_size = header;
    auto tag = lal::test::hex("08 00 00 02 00 00 00 00 00 00 00 af 01 00 00 00 0e");  // should be 13
    bad_size.insert(bad_size.end(), tag.begin(), tag.end());
    CHECK(run(bad_size) == lalbench::errc::bad_flv_tag);

    auto bad_type = header;
    auto odd = lal::test::hex("07 00 00 00 00 00 00 00 00 00 00");
    bad_type.insert(bad_type.end(), odd.begin(), odd.end());
    CHECK(run(bad_type) == lalbench::errc::bad_flv_tag);

    auto ok = header;
    auto good = lal::test::hex("08 00 00 02 00 00 00 00 00 00 00 af 01 00 00 00 0d");
    ok.insert(ok.end(), good.begin(), good.end());
    CHECK_FALSE(run(ok));
}

TEST_CASE("FLV scanner skips bytes between a longer file header and the first tag", "[lalbench][flv]") {
    // DataOffset 12: three extra bytes before PreviousTagSize0 (FLV spec E.2).
    auto bytes = lal::test::hex("46 4c 56 01 05 00 00 00 0c 01 02 03 00 00 00 00"
                                "08 00 00 02 00 00 07 00 00 00 00 af 01 00 00 00 0d");
    lalbench::flv_scanner scanner;
    recorder r;
    REQUIRE_FALSE(scanner.feed(bytes, r));
    REQUIRE(r.all.size() == 1);
    CHECK(r.all[0].timestamp == 7);
}
