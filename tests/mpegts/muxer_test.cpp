// SPDX-License-Identifier: MIT
#include <algorithm>
#include <map>

#include <catch2/catch.hpp>

#include <lal/aac/adts.hpp>
#include <lal/aac/audio_specific_config.hpp>
#include <lal/mpegts/muxer.hpp>
#include <lal/mpegts/packet.hpp>
#include <lal/mpegts/pes.hpp>

#include "data_path.hpp"
#include "flv_frames.hpp"
#include "hex.hpp"
#include "ts_inspect.hpp"

namespace ts = lal::mpegts;
namespace media = lal::media;
using lal::test::hex;
using lal::test::to_hex;

namespace {

const lal::test::flv_media& clip() {
    static const auto m = lal::test::read_flv_media(lal::test::read_data("media/h264_aac_10s.flv"));
    return m;
}

media::track_config_ptr config_of(media::media_kind kind, media::codec_id codec, std::vector<std::byte> record) {
    auto c = std::make_shared<media::track_config>();
    c->kind = kind;
    c->codec = codec;
    c->record = lal::payload::adopt(std::move(record));
    return c;
}

media::media_frame frame_of(media::media_kind kind, media::codec_id codec, media::micros dts, std::vector<std::byte> data,
                            bool key = false) {
    media::media_frame f;
    f.kind = kind;
    f.codec = codec;
    f.dts = f.pts = dts;
    f.keyframe = key;
    f.data = lal::payload::adopt(std::move(data));
    return f;
}

ts::muxer av_muxer() {
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h264, clip().video};
    o.audio = ts::muxer_track{media::codec_id::aac, clip().audio};
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    return std::move(*m);
}

ts::muxer mp3_only() {
    ts::muxer_options o;
    o.audio = ts::muxer_track{media::codec_id::mp3, nullptr};
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    return std::move(*m);
}

}  // namespace

TEST_CASE("psi() gives a PAT and a PMT packet whose counters advance per call", "[mpegts][muxer]") {
    auto m = av_muxer();
    auto first = m.psi();
    REQUIRE(first.size() == 2 * ts::packet_size);
    CHECK(to_hex(first.bytes().first(21)) == "474000100000b00d0001c100000001f0002ab104b2");
    CHECK(first.bytes()[187] == std::byte{0xff});
    auto pk = lal::test::packets_of(first.bytes());
    CHECK(pk[1].pid == 0x1000);
    CHECK(pk[1].unit_start);
    auto section = lal::byte_span(pk[1].payload).subspan(1);
    auto pmt = ts::parse_pmt_section(section.first(ts::section_size(section)));
    REQUIRE(pmt);
    CHECK(pmt->pcr_pid == 0x100);
    REQUIRE(pmt->streams.size() == 2);
    CHECK(pmt->streams[0].stream_type == 0x1b);
    CHECK(pmt->streams[1].stream_type == 0x0f);
    CHECK(pmt->streams[1].pid == 0x101);
    auto second = lal::test::packets_of(m.psi().bytes());
    CHECK(second[0].cc == 1);
    CHECK(second[1].cc == 1);
    m.reset_continuity();
    CHECK(lal::test::packets_of(m.psi().bytes())[0].cc == 0);
}

TEST_CASE("an H.264 key frame: AUD, SPS and PPS first, PCR and random access on its first packet", "[mpegts][muxer]") {
    auto m = av_muxer();
    const auto& f = clip().frames.front();
    REQUIRE(f.kind == media::media_kind::video);
    REQUIRE(f.keyframe);
    auto out = m.mux(f);
    REQUIRE(out);
    REQUIRE(out->size() % ts::packet_size == 0);
    auto pk = lal::test::packets_of(out->bytes());
    REQUIRE(pk[0].unit_start);
    REQUIRE(pk[0].has_af);
    REQUIRE(pk[0].af.size() == 7);
    CHECK(pk[0].af[0] == std::byte{0x50});  // random_access_indicator and PCR_flag
    // 2.4.3.5: PCR base (33 bits) = DTS on the 90 kHz clock, 6 reserved bits set, extension 0.
    const auto base = ts::to_90khz(f.dts);
    std::uint64_t pcr = 0;
    for (int i = 1; i <= 6; ++i) pcr = pcr << 8 | std::to_integer<std::uint64_t>(pk[0].af[static_cast<std::size_t>(i)]);
    CHECK(pcr >> 15 == base);
    CHECK(((pcr >> 9) & 0x3f) == 0x3f);
    CHECK((pcr & 0x1ff) == 0);
    for (std::size_t i = 1; i < pk.size(); ++i) CHECK_FALSE(pk[i].unit_start);

    auto pes = lal::test::joined_payload(pk, 0x100);
    auto h = ts::parse_pes_header(pes);
    REQUIRE(h);
    CHECK(h->stream_id == 0xe0);
    CHECK(h->packet_length == 0);  // video: unbounded
    CHECK(h->pts == ts::to_90khz(f.pts));
    CHECK(!h->dts);  // no B-frames: DTS = PTS is not written
    auto es = lal::byte_span(pes).subspan(h->header_size);
    CHECK(to_hex(es.first(6)) == "0000000109f0");
    CHECK(to_hex(es.subspan(6, 5)) == "0000000167");  // SPS from the avcC
    // The frame's own NAL units follow with start codes: as many bytes as its data.
    CHECK(std::count(es.begin(), es.end(), std::byte{0}) > 0);
}

TEST_CASE("frames after a key frame get no parameter sets and no random_access_indicator", "[mpegts][muxer]") {
    auto m = av_muxer();
    const media::media_frame* delta = nullptr;
    for (const auto& f : clip().frames) {
        if (f.kind == media::media_kind::video && !f.keyframe) {
            delta = &f;
            break;
        }
    }
    REQUIRE(delta);
    auto out = m.mux(*delta);
    REQUIRE(out);
    auto pk = lal::test::packets_of(out->bytes());
    REQUIRE(pk[0].has_af);
    CHECK(pk[0].af[0] == std::byte{0x10});  // PCR only
    auto pes = lal::test::joined_payload(pk, 0x100);
    auto h = ts::parse_pes_header(pes);
    REQUIRE(h);
    auto es = lal::byte_span(pes).subspan(h->header_size);
    CHECK(to_hex(es.first(6)) == "0000000109f0");
    // Annex B: the same bytes as the length-prefixed data, with start codes for the lengths.
    CHECK(es.size() == 6 + delta->data.size());
    const auto needle = hex("0000000167");
    CHECK(std::search(es.begin(), es.end(), needle.begin(), needle.end()) == es.end());
}

TEST_CASE("continuity counters run on per PID across frames and wrap at 16", "[mpegts][muxer]") {
    auto m = av_muxer();
    std::map<std::uint16_t, int> last;
    for (std::size_t i = 0; i < 60; ++i) {
        auto out = m.mux(clip().frames[i]);
        REQUIRE(out);
        for (const auto& p : lal::test::packets_of(out->bytes())) {
            if (last.count(p.pid)) CHECK(p.cc == static_cast<unsigned>((last[p.pid] + 1) % 16));
            last[p.pid] = static_cast<int>(p.cc);
        }
    }
    CHECK(last.size() == 2);
}

TEST_CASE("the last packet of a PES is stuffed through its adaptation field", "[mpegts][muxer]") {
    // Audio only: the first packet has an 8-byte adaptation field (random
    // access, PCR) and the PES header 14 bytes, so 162 bytes of MP3 fill it.
    struct size_case {
        std::size_t es;
        std::size_t packets;
        std::vector<std::size_t> af_lengths;  // adaptation_field_length per packet, SIZE_MAX for none
    };
    constexpr auto none = static_cast<std::size_t>(-1);
    const std::vector<size_case> cases = {
        {162, 1, {7}},               // exactly full
        {161, 1, {8}},               // one stuffing byte in the flagged field
        {162 + 184, 2, {7, none}},   // second packet full
        {162 + 183, 2, {7, 0}},      // a bare length byte
        {162 + 182, 2, {7, 1}},      // length 1: flags byte only
        {162 + 100, 2, {7, 83}},     // flags and 82 stuffing bytes
    };
    for (const auto& c : cases) {
        auto m = mp3_only();
        std::vector<std::byte> data(c.es, std::byte{0x5a});
        auto out = m.mux(frame_of(media::media_kind::audio, media::codec_id::mp3, 40000, data, true));
        REQUIRE(out);
        auto pk = lal::test::packets_of(out->bytes());
        REQUIRE(pk.size() == c.packets);
        for (std::size_t i = 0; i < pk.size(); ++i) {
            INFO("es " << c.es << " packet " << i);
            if (c.af_lengths[i] == none) {
                CHECK_FALSE(pk[i].has_af);
            } else {
                REQUIRE(pk[i].has_af);
                CHECK(pk[i].af.size() == c.af_lengths[i]);
                if (i > 0 && !pk[i].af.empty()) CHECK(pk[i].af[0] == std::byte{0});
                for (std::size_t k = (i == 0 ? 7 : 1); k < pk[i].af.size(); ++k) CHECK(pk[i].af[k] == std::byte{0xff});
            }
        }
        CHECK(pk[0].af[0] == std::byte{0x50});  // audio-only: random access and PCR on every frame
        auto pes = lal::test::joined_payload(pk, 0x101);
        REQUIRE(pes.size() == 14 + c.es);
        CHECK(lal::load_be(pes.data() + 4, 2) == 8 + c.es);  // PES_packet_length
        CHECK(std::all_of(pes.begin() + 14, pes.end(), [](std::byte b) { return b == std::byte{0x5a}; }));
    }
}

TEST_CASE("AAC frames get an ADTS header from the AudioSpecificConfig and no PCR beside video", "[mpegts][muxer]") {
    auto m = av_muxer();
    const media::media_frame* audio = nullptr;
    for (const auto& f : clip().frames) {
        if (f.kind == media::media_kind::audio) {
            audio = &f;
            break;
        }
    }
    REQUIRE(audio);
    auto out = m.mux(*audio);
    REQUIRE(out);
    auto pk = lal::test::packets_of(out->bytes());
    CHECK(pk[0].pid == 0x101);
    for (const auto& p : pk) CHECK((!p.has_af || p.af.empty() || (p.af[0] & std::byte{0x50}) == std::byte{0}));
    auto pes = lal::test::joined_payload(pk, 0x101);
    auto h = ts::parse_pes_header(pes);
    REQUIRE(h);
    CHECK(h->stream_id == 0xc0);
    auto adts = ts::parse_pes_header(pes) ? lal::byte_span(pes).subspan(h->header_size) : lal::byte_span{};
    auto frame = lal::aac::parse_adts_frame(adts);
    REQUIRE(frame);
    CHECK(frame->header.frame_length == adts.size());
    CHECK(lal::payload::copy_from(frame->raw) == audio->data);
    auto asc = lal::aac::parse_asc(clip().audio->record.bytes());
    REQUIRE(asc);
    CHECK(lal::aac::to_audio_specific_config(frame->header).sampling_frequency == asc->sampling_frequency);
}

TEST_CASE("Opus: registration and extension descriptors, private stream 1, a control header per packet", "[mpegts][muxer]") {
    // RFC 7845 5.1: OpusHead, 2 channels, pre-skip 312, 48 kHz, family 0.
    auto head = hex("4f707573486561640102380180bb0000000000");
    ts::muxer_options o;
    o.audio = ts::muxer_track{media::codec_id::opus, config_of(media::media_kind::audio, media::codec_id::opus, head)};
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    REQUIRE(m->program().streams.size() == 1);
    CHECK(m->program().streams[0].stream_type == 0x06);
    CHECK(to_hex(m->program().streams[0].descriptors) == "05044f7075737f028002");
    std::vector<std::byte> packet(300, std::byte{0xfc});
    auto out = m->mux(frame_of(media::media_kind::audio, media::codec_id::opus, 20000, packet, true));
    REQUIRE(out);
    auto pes = lal::test::joined_payload(lal::test::packets_of(out->bytes()), 0x101);
    auto h = ts::parse_pes_header(pes);
    REQUIRE(h);
    CHECK(h->stream_id == 0xbd);
    // 0x7fe0, then au_size 300 as 255 + 45.
    CHECK(to_hex(lal::byte_span(pes).subspan(h->header_size, 4)) == "7fe0ff2d");
    CHECK(pes.size() == h->header_size + 4 + 300);
}

TEST_CASE("H.265: AUD, then VPS, SPS and PPS from the hvcC before an IRAP picture", "[mpegts][muxer]") {
    // hvcC with a VPS, an SPS and a PPS (ISO/IEC 14496-15 8.3.3.1), 4-byte lengths.
    auto hvcc = hex("01 01 60000000 900000000000 5d f000 fc fd f8 f8 0000 0f 03"
                    "a0 0001 0004 40010c01"
                    "a1 0001 0005 4201010160"
                    "a2 0001 0003 4401c1");
    ts::muxer_options o;
    o.video = ts::muxer_track{media::codec_id::h265, config_of(media::media_kind::video, media::codec_id::h265, hvcc)};
    auto m = ts::muxer::create(o);
    REQUIRE(m);
    CHECK(m->program().streams[0].stream_type == 0x24);
    auto idr = frame_of(media::media_kind::video, media::codec_id::h265, 0, hex("00000004 2601afaf"), true);
    auto out = m->mux(idr);
    REQUIRE(out);
    auto pes = lal::test::joined_payload(lal::test::packets_of(out->bytes()), 0x100);
    auto h = ts::parse_pes_header(pes);
    REQUIRE(h);
    CHECK(to_hex(lal::byte_span(pes).subspan(h->header_size)) ==
          "00000001460150" "0000000140010c01" "000000014201010160" "000000014401c1" "000000012601afaf");
    auto trail = frame_of(media::media_kind::video, media::codec_id::h265, 40000, hex("00000003 0201d0"));
    out = m->mux(trail);
    REQUIRE(out);
    pes = lal::test::joined_payload(lal::test::packets_of(out->bytes()), 0x100);
    CHECK(to_hex(lal::byte_span(pes).subspan(14)) == "00000001460150" "000000010201d0");
}

TEST_CASE("muxer errors name the problem and leave the counters alone", "[mpegts][muxer]") {
    auto m = av_muxer();
    auto opus = frame_of(media::media_kind::audio, media::codec_id::opus, 0, hex("fc"));
    CHECK(m.mux(opus).error() == ts::errc::no_track_for_frame);
    auto broken = frame_of(media::media_kind::video, media::codec_id::h264, 0, hex("00000009 6588"));
    CHECK(m.mux(broken).error() == ts::errc::bad_frame);
    auto out = m.mux(clip().frames.front());
    REQUIRE(out);
    CHECK(lal::test::packets_of(out->bytes())[0].cc == 0);
    auto big = frame_of(media::media_kind::audio, media::codec_id::aac, 0, std::vector<std::byte>(9000));
    CHECK(m.mux(big).error() == ts::errc::frame_too_large);

    ts::muxer_options none;
    CHECK(ts::muxer::create(none).error() == ts::errc::no_track_for_frame);
    ts::muxer_options vp9;
    vp9.video = ts::muxer_track{media::codec_id::vp9, nullptr};
    CHECK(ts::muxer::create(vp9).error() == ts::errc::unsupported_codec);
    ts::muxer_options bad;
    bad.video = ts::muxer_track{media::codec_id::h264, config_of(media::media_kind::video, media::codec_id::h264, hex("02"))};
    CHECK(ts::muxer::create(bad).error() == ts::errc::bad_config);
}
