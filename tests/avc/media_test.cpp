// SPDX-License-Identifier: MIT
// The real test media: tests/data/media/h264_5s.h264 (x264, Annex-B, 125
// frames, SPS/PPS before each of the 5 IDRs; ffprobe: Main, 640x360, 25/1).
#include <catch2/catch.hpp>

#include <lal/avc/access_unit.hpp>
#include <lal/avc/annexb_splitter.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/avc/sps.hpp>

#include "data_path.hpp"

using namespace lal::avc;

namespace {

std::vector<access_unit> access_units_of(lal::byte_span file) {
    annexb_splitter splitter;
    access_unit_assembler assembler;
    std::vector<access_unit> out;
    REQUIRE_FALSE(splitter.feed(file));
    REQUIRE_FALSE(splitter.finish());
    while (auto nal = splitter.next()) {
        REQUIRE_FALSE(assembler.push(std::move(*nal)));
        while (auto au = assembler.next()) out.push_back(std::move(*au));
    }
    assembler.finish();
    while (auto au = assembler.next()) out.push_back(std::move(*au));
    return out;
}

}  // namespace

TEST_CASE("h264_5s.h264 has 125 access units with SPS and PPS before each IDR", "[avc][media]") {
    const auto file = lal::test::read_data("media/h264_5s.h264");
    const auto aus = access_units_of(file);
    REQUIRE(aus.size() == 125);  // ffprobe -count_frames: nb_read_frames=125
    int idr = 0;
    for (std::size_t i = 0; i < aus.size(); ++i) {
        INFO("access unit " << i);
        const auto& au = aus[i];
        if (!au.is_idr()) {
            CHECK_FALSE(au.contains(nal_unit_type::sps));
            continue;
        }
        ++idr;
        CHECK(i % 25 == 0);  // GOP of 25
        bool seen_sps = false;
        bool seen_pps = false;
        for (const auto& nal : au.nal_units) {
            auto t = nal_type_of(nal.bytes());
            if (t == nal_unit_type::sps) seen_sps = true;
            if (t == nal_unit_type::pps) seen_pps = true;
            if (t == nal_unit_type::idr_slice) {
                CHECK(seen_sps);
                CHECK(seen_pps);
            }
        }
    }
    CHECK(idr == 5);

    // The SPS gives what ffprobe reports.
    auto sps = parse_sps(aus[0].nal_units[1].bytes());
    REQUIRE(sps.has_value());
    CHECK(sps->width() == 640);
    CHECK(sps->height() == 360);
    CHECK(*sps->frame_rate() == Approx(25));
    CHECK(sps->codec_string() == "avc1.4D401E");
    // The avcC ffmpeg wrote for the same encoder settings has the same profile bytes.
    auto rec = make_decoder_configuration_record(aus[0].nal_units[1].bytes(), aus[0].nal_units[2].bytes());
    REQUIRE(rec.has_value());
    CHECK(rec->codec_string() == "avc1.4D401E");
}

TEST_CASE("h264_5s.h264: Annex-B -> AVCC -> Annex-B per access unit is byte-identical",
          "[avc][media][convert]") {
    const auto file = lal::test::read_data("media/h264_5s.h264");
    auto nals = split_annexb(file);
    REQUIRE(nals.has_value());
    const auto aus = access_units_of(file);

    // Cut the file where each access unit's first start code (with its
    // zero_byte) begins.
    std::vector<std::size_t> cuts;
    std::size_t nal_index = 0;
    for (const auto& au : aus) {
        auto first = (*nals)[nal_index];
        auto begin = static_cast<std::size_t>(first.data() - file.data()) - 3;
        while (begin > (cuts.empty() ? 0 : cuts.back()) && file[begin - 1] == std::byte{0}) --begin;
        cuts.push_back(begin);
        nal_index += au.nal_units.size();
    }
    REQUIRE(nal_index == nals->size());
    REQUIRE(cuts.front() == 0);
    cuts.push_back(file.size());

    std::vector<std::byte> rebuilt;
    std::size_t avcc_total = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        auto annexb = std::span(file).subspan(cuts[i], cuts[i + 1] - cuts[i]);
        std::vector<std::byte> avcc;
        REQUIRE_FALSE(annexb_to_avcc(annexb, 4, avcc));
        auto units = split_avcc(avcc, 4);
        REQUIRE(units.has_value());
        REQUIRE(units->size() == aus[i].nal_units.size());
        avcc_total += avcc.size();
        REQUIRE_FALSE(avcc_to_annexb(avcc, 4, rebuilt));
    }
    CHECK(avcc_total > 0);
    CHECK(rebuilt.size() == file.size());
    CHECK(rebuilt == file);
}
