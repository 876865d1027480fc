// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <lal/avc/sps.hpp>

#include "hex.hpp"
#include "sps_writer.hpp"

using namespace lal::avc;
using lal::test::hex;

namespace {

struct real_sps {
    const char* what;
    const char* nal;
    std::uint8_t profile;
    std::uint32_t chroma_format;
    std::uint32_t bit_depth;
    bool frame_mbs_only;
    std::uint32_t width;
    std::uint32_t height;
    double fps;
};

// SPS NAL units written by x264 (ffmpeg 5.1 -c:v libx264, 3 frames of
// testsrc2); width, height, frame rate and profile are what ffprobe reported
// for each stream (r_frame_rate, width, height, profile, pix_fmt, field_order).
const real_sps real_spses[] = {
    // tests/data/media/h264_5s.h264 and the avcC of h264_aac_10s.flv: Main, 640x360, 25/1.
    {"test media (Main)", "674d401eda0280bfe5c044000003000400000300ca3c58ba80", 77, 1, 8, true, 640, 360, 25},
    // avcC of tests/data/media/h264_bframes_aac_5s.flv: High, 640x360, 25/1.
    {"test media (High)", "6764001eacd940a02ff97011000003000100000300320f162d96", 100, 1, 8, true, 640, 360, 25},
    // High 4:4:4 Predictive, yuv444p.
    {"4:4:4", "67f4001e919b281405ff1380880000030008000003019078b16cb0", 244, 3, 8, true, 640, 360, 25},
    // 637x357 yuv444p source, ffprobe 636x356 at 24/1: CropUnitX is 1 in 4:4:4.
    {"4:4:4 cropped", "67f4001e919b281405fcb1b808800000030080000018078b16cb", 244, 3, 8, true, 636, 356, 24},
    // High 10, yuv420p10le.
    {"High 10", "676e001ea6cd940a02ff97011000000300100000030320f162d960", 110, 1, 10, true, 640, 360, 25},
    // 638x358 at 30000/1001: cropping in 2-sample units.
    {"4:2:0 cropped", "6764001eacd940a02fea6c04400000fa40003a9803c58b6580", 100, 1, 8, true, 638, 358, 30000.0 / 1001},
    // High 4:2:2, 640x358 at 50/1: CropUnitY is 1 in 4:2:2.
    {"4:2:2 cropped", "677a001fbcd940a02ff8bc0440000003004000001903c60c6580", 122, 2, 8, true, 640, 358, 50},
    // Monochrome (gray) in High profile: chroma_format_idc 0.
    {"4:0:0", "6764001ef3650280bfe27016c80000030008000003019078b16cb0", 100, 0, 8, true, 640, 360, 25},
    // Interlaced 720x576 (field_order tt), 25/1.
    {"interlaced 576i", "6764001eacd940b424d8088000000300800000190f8a14cb", 100, 1, 8, false, 720, 576, 25},
    // Interlaced 1920x1080: 1088 rows cropped by 2 units of 4 (CropUnitY = 2 * 2).
    {"interlaced 1080i", "67640028acd94078044fde0220000003002000000643e2c5b2c0", 100, 1, 8, false, 1920, 1080, 25},
    // Constrained Baseline.
    {"Baseline", "6742c01ed900a02ff97011000003000100000300320f162e48", 66, 1, 8, true, 640, 360, 25},
};

}  // namespace

TEST_CASE("real x264 SPSs give what ffprobe reports", "[avc][sps]") {
    for (const auto& t : real_spses) {
        INFO(t.what);
        auto nal = hex(t.nal);
        auto s = parse_sps(nal);
        REQUIRE(s.has_value());
        CHECK(s->profile_idc == t.profile);
        CHECK(s->chroma_format_idc == t.chroma_format);
        CHECK(s->bit_depth_luma == t.bit_depth);
        CHECK(s->bit_depth_chroma == t.bit_depth);
        CHECK(s->frame_mbs_only == t.frame_mbs_only);
        CHECK(s->width() == t.width);
        CHECK(s->height() == t.height);
        REQUIRE(s->frame_rate().has_value());
        CHECK(*s->frame_rate() == Approx(t.fps));
        CHECK(s->id == 0);
        CHECK_FALSE(s->separate_colour_plane);
        // The test helper writes the same fields back to the same bytes.
        auto again = parse_sps(lal::test::write_sps(*s));
        REQUIRE(again.has_value());
        CHECK(*again == *s);
    }
}

TEST_CASE("SPS of the test media in detail", "[avc][sps]") {
    auto s = parse_sps(hex("674d401eda0280bfe5c044000003000400000300ca3c58ba80"));
    REQUIRE(s.has_value());
    CHECK(s->profile_idc == 77);
    CHECK(s->constraint_flags == 0x40);
    CHECK(s->constraint_set(1));
    CHECK_FALSE(s->constraint_set(0));
    CHECK(s->level_idc == 30);
    CHECK(s->codec_string() == "avc1.4D401E");
    CHECK(s->pic_order_cnt_type == 2);
    CHECK(s->pic_width_in_mbs == 40);
    CHECK(s->pic_height_in_map_units == 23);  // 368 rows, 8 cropped
    CHECK(s->frame_cropping);
    CHECK(s->crop_bottom == 4);
    REQUIRE(s->vui.has_value());
    CHECK(s->vui->timing_info_present);
    CHECK(s->vui->num_units_in_tick == 1);
    CHECK(s->vui->time_scale == 50);
    CHECK(s->vui->bitstream_restriction_present);
}

TEST_CASE("VUI fields of real SPSs", "[avc][sps][vui]") {
    SECTION("Extended_SAR 5:7 (ffprobe sample_aspect_ratio=5:7)") {
        auto s = parse_sps(hex("6764001eacd940a02ff97ff000500071000003000100000300320f162d96"));
        REQUIRE(s.has_value());
        REQUIRE(s->vui.has_value());
        CHECK(s->vui->aspect_ratio_idc == 255);
        CHECK(s->vui->sar_width == 5);
        CHECK(s->vui->sar_height == 7);
        CHECK(s->width() == 640);
    }
    SECTION("full range BT.709 with chroma location (ffprobe color_range=pc, bt709, center)") {
        auto s = parse_sps(hex("6764001eacd940a02ff97016e0202034a0000003002000000641e2c5b2c0"));
        REQUIRE(s.has_value());
        REQUIRE(s->vui.has_value());
        CHECK(s->vui->video_signal_type_present);
        CHECK(s->vui->video_full_range);
        CHECK(s->vui->colour_description_present);
        CHECK(s->vui->colour_primaries == 1);
        CHECK(s->vui->transfer_characteristics == 1);
        CHECK(s->vui->matrix_coefficients == 1);
        CHECK(s->vui->chroma_loc_info_present);
        CHECK(s->vui->chroma_sample_loc_type_top_field == 1);
        CHECK(*s->frame_rate() == Approx(25));
    }
    SECTION("Table E-1 aspect ratio") {
        seq_parameter_set s;
        s.profile_idc = 66;
        s.pic_width_in_mbs = 45;
        s.pic_height_in_map_units = 36;
        s.vui = vui_parameters{};
        s.vui->aspect_ratio_info_present = true;
        s.vui->aspect_ratio_idc = 2;  // 12:11
        auto p = parse_sps(lal::test::write_sps(s));
        REQUIRE(p.has_value());
        CHECK(p->vui->sar_width == 12);
        CHECK(p->vui->sar_height == 11);
        CHECK_FALSE(p->frame_rate().has_value());
    }
}

TEST_CASE("pic_order_cnt_type 1 with its offset cycle", "[avc][sps]") {
    seq_parameter_set s;
    s.profile_idc = 77;
    s.level_idc = 31;
    s.id = 31;
    s.log2_max_frame_num = 16;
    s.pic_order_cnt_type = 1;
    s.delta_pic_order_always_zero = true;
    s.offset_for_non_ref_pic = -2147483647;
    s.offset_for_top_to_bottom_field = 7;
    s.offset_for_ref_frame = std::vector<std::int32_t>(255, -3);
    s.offset_for_ref_frame[254] = 2147483647;
    s.max_num_ref_frames = 16;
    s.pic_width_in_mbs = 80;
    s.pic_height_in_map_units = 45;
    s.direct_8x8_inference = true;
    auto p = parse_sps(lal::test::write_sps(s));
    REQUIRE(p.has_value());
    CHECK(*p == s);
    CHECK(p->width() == 1280);
    CHECK(p->height() == 720);
}

TEST_CASE("scaling matrices are skipped to the right bit", "[avc][sps]") {
    seq_parameter_set s;
    s.profile_idc = 100;
    s.seq_scaling_matrix_present = true;
    s.log2_max_frame_num = 5;
    s.pic_width_in_mbs = 120;
    s.pic_height_in_map_units = 68;
    s.frame_cropping = true;
    s.crop_bottom = 4;
    s.vui = vui_parameters{};
    s.vui->timing_info_present = true;
    s.vui->num_units_in_tick = 1001;
    s.vui->time_scale = 60000;
    // List 0: 16 deltas with no early stop; list 1: stops at once (delta -8
    // makes nextScale 0, "use the default"); list 6: 64 entries of +1.
    std::vector<std::vector<std::int32_t>> lists(8);
    lists[0] = std::vector<std::int32_t>(16, 3);
    lists[0][5] = -128;
    lists[0][6] = 127;
    lists[1] = {-8};
    lists[6] = std::vector<std::int32_t>(64, 1);
    auto p = parse_sps(lal::test::write_sps(s, lists));
    REQUIRE(p.has_value());
    CHECK(*p == s);
    CHECK(p->width() == 1920);
    CHECK(p->height() == 1080);
    CHECK(*p->frame_rate() == Approx(29.97).epsilon(0.001));

    SECTION("4:4:4 has twelve lists") {
        s.chroma_format_idc = 3;
        s.profile_idc = 244;
        s.separate_colour_plane = true;
        lists.resize(12);
        lists[11].resize(64);
        for (std::size_t j = 0; j < 64; ++j) lists[11][j] = j % 2 ? 1 : -1;  // 7, 8, 7, ...
        auto q = parse_sps(lal::test::write_sps(s, lists));
        REQUIRE(q.has_value());
        CHECK(*q == s);
        CHECK(q->chroma_array_type() == 0);
        CHECK(q->height() == 1088 - 4);  // ChromaArrayType 0: CropUnitY 1, not 2
    }
    SECTION("a delta outside -128..127 is an error") {
        lists[0][2] = 128;
        CHECK(parse_sps(lal::test::write_sps(s, lists)).error() == errc::bad_scaling_list);
    }
}

TEST_CASE("VUI with HRD parameters and bitstream restriction", "[avc][sps][vui]") {
    seq_parameter_set s;
    s.profile_idc = 100;
    s.pic_width_in_mbs = 40;
    s.pic_height_in_map_units = 30;
    vui_parameters v;
    v.overscan_info_present = true;
    v.overscan_appropriate = true;
    v.timing_info_present = true;
    v.num_units_in_tick = 1;
    v.time_scale = 60;
    v.fixed_frame_rate = true;
    v.nal_hrd_present = true;
    v.vcl_hrd_present = true;
    v.low_delay_hrd = true;
    v.pic_struct_present = true;
    v.bitstream_restriction_present = true;
    v.motion_vectors_over_pic_boundaries = true;
    v.max_bytes_per_pic_denom = 2;
    v.max_bits_per_mb_denom = 1;
    v.log2_max_mv_length_horizontal = 13;
    v.log2_max_mv_length_vertical = 11;
    v.max_num_reorder_frames = 2;
    v.max_dec_frame_buffering = 4;
    s.vui = v;
    auto nal = lal::test::write_sps(s);
    auto p = parse_sps(nal);
    REQUIRE(p.has_value());
    CHECK(*p == s);
    CHECK(*p->frame_rate() == Approx(30));

    SECTION("a cut inside bitstream_restriction keeps the rest") {
        // Drop the last byte, which holds the end of the restriction fields.
        nal.pop_back();
        auto q = parse_sps(nal);
        REQUIRE(q.has_value());
        CHECK_FALSE(q->vui->bitstream_restriction_present);
        CHECK(q->vui->max_dec_frame_buffering == 0);
        CHECK(q->vui->pic_struct_present);
        CHECK(*q->frame_rate() == Approx(30));
    }
}

TEST_CASE("SPS range errors are precise", "[avc][sps][errors]") {
    seq_parameter_set base;
    base.profile_idc = 100;
    base.pic_width_in_mbs = 40;
    base.pic_height_in_map_units = 23;
    REQUIRE(parse_sps(lal::test::write_sps(base)).has_value());
    auto error_of = [](const seq_parameter_set& s) { return parse_sps(lal::test::write_sps(s)).error(); };

    auto s = base;
    s.id = 32;
    CHECK(error_of(s) == errc::bad_sps_id);
    s = base;
    s.chroma_format_idc = 4;
    CHECK(error_of(s) == errc::bad_chroma_format);
    s = base;
    s.bit_depth_luma = 15;
    CHECK(error_of(s) == errc::bad_bit_depth);
    s = base;
    s.bit_depth_chroma = 15;
    CHECK(error_of(s) == errc::bad_bit_depth);
    s = base;
    s.log2_max_frame_num = 17;
    CHECK(error_of(s) == errc::bad_frame_num_size);
    s = base;
    s.pic_order_cnt_type = 3;
    CHECK(error_of(s) == errc::bad_pic_order_cnt);
    s = base;
    s.log2_max_pic_order_cnt_lsb = 17;
    CHECK(error_of(s) == errc::bad_pic_order_cnt);
    s = base;
    s.pic_order_cnt_type = 1;
    s.offset_for_ref_frame.resize(256);
    CHECK(error_of(s) == errc::too_many_poc_cycle_frames);
    s = base;
    s.max_num_ref_frames = 17;
    CHECK(error_of(s) == errc::too_many_ref_frames);
    s = base;
    s.pic_width_in_mbs = 2049;
    CHECK(error_of(s) == errc::bad_picture_size);
    s = base;
    s.frame_mbs_only = false;
    s.pic_height_in_map_units = 1025;  // 2050 macroblock rows
    CHECK(error_of(s) == errc::bad_picture_size);
    s = base;
    s.frame_cropping = true;
    s.crop_left = 10;
    s.crop_right = 310;  // 2 * 320 = 640 = the whole width
    CHECK(error_of(s) == errc::bad_cropping);
    s.crop_right = 309;
    CHECK_FALSE(error_of(s));
    s = base;
    s.frame_cropping = true;
    s.crop_top = 0xffffffff - 1;
    CHECK(error_of(s) == errc::bad_cropping);
    s = base;
    s.vui = vui_parameters{};
    s.vui->chroma_loc_info_present = true;
    s.vui->chroma_sample_loc_type_top_field = 6;
    CHECK(error_of(s) == errc::bad_vui);

    CHECK(parse_sps({}).error() == errc::empty_nal_unit);
    CHECK(parse_sps(hex("68 ef 3c 80")).error() == errc::not_sps);
    CHECK(parse_sps(hex("67 4d 40")).error() == errc::truncated);
}

TEST_CASE("frame rate needs both timing fields", "[avc][sps]") {
    seq_parameter_set s;
    CHECK_FALSE(s.frame_rate().has_value());
    s.vui = vui_parameters{};
    s.vui->timing_info_present = true;
    s.vui->time_scale = 50;
    CHECK_FALSE(s.frame_rate().has_value());
    s.vui->num_units_in_tick = 1;
    CHECK(*s.frame_rate() == Approx(25));
}
