// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/flv/reader.hpp>
#include <lal/flv/tag.hpp>
#include <lal/flv/writer.hpp>

#include "data_path.hpp"
#include "hex.hpp"

using namespace lal::flv;

TEST_CASE("FLV reading then writing every real file gives identical bytes", "[flv][writer][media]") {
    for (const char* name : {"media/h264_aac_10s.flv", "media/h264_only_5s.flv",
                             "media/aac_only_5s.flv", "media/h264_bframes_aac_5s.flv"}) {
        INFO(name);
        auto file = lal::test::read_data(name);
        reader r;
        REQUIRE_FALSE(r.feed(file));
        REQUIRE_FALSE(r.finish());
        REQUIRE(r.header().has_value());

        std::vector<std::byte> out;
        writer w(out);
        w.write_header(*r.header());
        std::size_t count = 0;
        while (auto t = r.next()) {
            auto at = w.write(*t);
            CHECK(at == r.last_tag_offset());  // same layout, same offsets
            ++count;
        }
        CHECK(count > 100);
        CHECK(w.offset() == out.size());
        REQUIRE(out.size() == file.size());
        CHECK(out == file);
    }
}

TEST_CASE("FLV encode_tag produces the bytes the writer appends", "[flv][writer]") {
    tag t{tag_type::video, 123456789, 0, lal::payload::adopt(lal::test::hex("17 01 00 00 00 00 00 00 01 65"))};
    std::vector<std::byte> out;
    writer w(out);
    CHECK(w.write(t) == 0);
    auto once = encode_tag(t);
    CHECK(once.bytes().size() == out.size());
    CHECK(lal::test::to_hex(once.bytes()) == lal::test::to_hex(out));
    // Shared, not copied, by every consumer of the encoded tag.
    auto copy = once;
    CHECK(copy.shares_storage_with(once));
}

TEST_CASE("encode_tag_pieces gives encode_tag's bytes with the data shared, not copied", "[flv][tag]") {
    for (std::size_t size : {0u, 10u, 127u, 128u, 3000u}) {
        std::vector<std::byte> bytes(size, std::byte{0x5a});
        const auto data = lal::payload::adopt(std::move(bytes));
        const lal::flv::tag t{lal::flv::tag_type::video, 0x01020304, 0, data};
        const auto pieces = lal::flv::encode_tag_pieces(t);
        CHECK(lal::payload::copy_from(pieces.flatten()) == lal::flv::encode_tag(t));
        if (size >= lal::media::default_copy_below) {
            REQUIRE(pieces.pieces().size() == 3);
            CHECK(pieces.pieces()[1].shares_storage_with(data));
        } else {
            CHECK(pieces.pieces().size() == 1);
        }
    }
}
