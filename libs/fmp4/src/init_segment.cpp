// SPDX-License-Identifier: MIT
#include <lal/fmp4/init_segment.hpp>

#include <lal/opus/opus_head.hpp>

#include "box_writer.hpp"

namespace lal::fmp4 {

namespace media = lal::media;
using detail::box_writer;

namespace {

constexpr std::uint32_t movie_timescale = 1000;

const char* sample_entry_type(media::codec_id c) noexcept {
    switch (c) {
        case media::codec_id::h264: return "avc1";  // ISO/IEC 14496-15 5.4.2.1
        case media::codec_id::h265: return "hvc1";  // 14496-15 8.4.1.1: parameter sets in hvcC only
        case media::codec_id::av1: return "av01";   // AV1-ISOBMFF 2.2.3
        case media::codec_id::aac: return "mp4a";   // ISO/IEC 14496-14 5.6
        case media::codec_id::opus: return "Opus";  // Opus in ISOBMFF 4.3.1
        default: return nullptr;
    }
}

/// ISO/IEC 14496-1 8.3.3: a descriptor's tag and its size in the 4-byte expandable form.
void descriptor_head(box_writer& w, std::uint8_t tag, std::size_t size) {
    w.u8(tag);
    w.u8(0x80 | ((size >> 21) & 0x7f));
    w.u8(0x80 | ((size >> 14) & 0x7f));
    w.u8(0x80 | ((size >> 7) & 0x7f));
    w.u8(size & 0x7f);
}

/// esds (ISO/IEC 14496-14 5.6.1) with ES_Descriptor, DecoderConfigDescriptor
/// and the AudioSpecificConfig as DecoderSpecificInfo (14496-1 7.2.6.5-7).
void write_esds(box_writer& w, const track& t) {
    const auto box = w.open_full("esds", 0, 0);
    const std::size_t dsi = 5 + t.config.size();
    const std::size_t dcd = 5 + 13 + dsi;
    const std::size_t sl = 5 + 1;
    descriptor_head(w, 0x03, 3 + dcd + sl);  // ES_DescrTag
    w.u16(0);                                // ES_ID: 0 in MP4 files (14496-14 3.1.2)
    w.u8(0);                                 // no dependsOn, URL or OCR stream
    descriptor_head(w, 0x04, 13 + dsi);      // DecoderConfigDescrTag
    w.u8(0x40);                              // objectTypeIndication: Audio ISO/IEC 14496-3
    w.u8((0x05 << 2) | 1);                   // streamType audio, upStream 0, reserved 1
    w.u24(0);                                // bufferSizeDB unknown
    w.u32(0);                                // maxBitrate unknown
    w.u32(0);                                // avgBitrate unknown (variable)
    descriptor_head(w, 0x05, t.config.size());  // DecSpecificInfoTag
    w.bytes(t.config);
    descriptor_head(w, 0x06, 1);  // SLConfigDescrTag
    w.u8(2);                      // predefined: reserved for MP4 (14496-14 3.1.2)
    w.close(box);
}

/// dOps (Opus in ISOBMFF 4.3.2): OpusHead's fields big-endian, without the magic and version.
std::error_code write_dops(box_writer& w, const track& t) {
    auto head = opus::parse_opus_head(t.config);
    if (!head) return make_error_code(errc::bad_config);
    const auto box = w.open("dOps");
    w.u8(0);  // Version
    w.u8(head->channels);
    w.u16(head->pre_skip);
    w.u32(head->input_sample_rate);
    w.u16(static_cast<std::uint16_t>(head->output_gain));
    w.u8(head->mapping_family);
    if (head->mapping_family != 0) {
        w.u8(head->stream_count);
        w.u8(head->coupled_count);
        for (auto m : head->mapping) w.u8(m);
    }
    w.close(box);
    return {};
}

std::error_code write_sample_entry(box_writer& w, const track& t) {
    const auto entry = w.open(sample_entry_type(t.codec));
    w.zeros(6);  // SampleEntry reserved (8.5.2.2)
    w.u16(1);    // data_reference_index: the one dref entry
    if (t.kind == media::media_kind::video) {
        // VisualSampleEntry (12.1.3.2)
        w.zeros(16);  // pre_defined, reserved, pre_defined[3]
        w.u16(t.width);
        w.u16(t.height);
        w.u32(0x00480000);  // horizresolution 72 dpi
        w.u32(0x00480000);  // vertresolution
        w.u32(0);           // reserved
        w.u16(1);           // frame_count
        w.zeros(32);        // compressorname
        w.u16(0x0018);      // depth: colour without alpha
        w.u16(0xffff);      // pre_defined -1
        const char* config_box = t.codec == media::codec_id::h264   ? "avcC"
                                 : t.codec == media::codec_id::h265 ? "hvcC"
                                                                    : "av1C";
        const auto c = w.open(config_box);
        w.bytes(t.config);
        w.close(c);
    } else {
        // AudioSampleEntry (12.2.3.2)
        w.zeros(8);  // reserved
        w.u16(t.channels);
        w.u16(16);  // samplesize
        w.u32(0);   // pre_defined, reserved
        w.u32(t.sample_rate <= 0xffff ? t.sample_rate << 16 : 0);  // 16.16
        if (t.codec == media::codec_id::aac) {
            if (t.config.size() > 0x0fffffff - 64) return make_error_code(errc::bad_config);
            write_esds(w, t);
        } else if (auto ec = write_dops(w, t)) {
            return ec;
        }
    }
    w.close(entry);
    return {};
}

std::error_code write_trak(box_writer& w, const track& t) {
    const bool video = t.kind == media::media_kind::video;
    const auto trak = w.open("trak");
    const auto tkhd = w.open_full("tkhd", 0, 0x000003);  // 8.3.2: enabled, in movie
    w.u32(0);                                           // creation_time
    w.u32(0);                                           // modification_time
    w.u32(t.id);
    w.u32(0);  // reserved
    w.u32(0);  // duration: unknown, the fragments tell (8.8.1)
    w.zeros(8);
    w.u16(0);                     // layer
    w.u16(0);                     // alternate_group
    w.u16(video ? 0 : 0x0100);    // volume: 1.0 for audio
    w.u16(0);
    w.unity_matrix();
    w.u32(video ? t.width << 16 : 0);  // 16.16
    w.u32(video ? t.height << 16 : 0);
    w.close(tkhd);

    const auto mdia = w.open("mdia");
    const auto mdhd = w.open_full("mdhd", 0, 0);  // 8.4.2
    w.u32(0);
    w.u32(0);
    w.u32(t.timescale);
    w.u32(0);       // duration
    w.u16(0x55c4);  // language "und", ISO-639-2/T packed in 5-bit letters
    w.u16(0);
    w.close(mdhd);
    const auto hdlr = w.open_full("hdlr", 0, 0);  // 8.4.3
    w.u32(0);
    w.fourcc(video ? "vide" : "soun");
    w.zeros(12);
    w.bytes(as_byte_span(video ? std::string_view("VideoHandler\0", 13) : std::string_view("SoundHandler\0", 13)));
    w.close(hdlr);

    const auto minf = w.open("minf");
    if (video) {
        const auto vmhd = w.open_full("vmhd", 0, 1);  // 12.1.2: flags 1
        w.zeros(8);                                   // graphicsmode, opcolor
        w.close(vmhd);
    } else {
        const auto smhd = w.open_full("smhd", 0, 0);  // 12.2.2
        w.u32(0);                                     // balance, reserved
        w.close(smhd);
    }
    const auto dinf = w.open("dinf");  // 8.7.1-8.7.2: the media is in this file
    const auto dref = w.open_full("dref", 0, 0);
    w.u32(1);
    w.close(w.open_full("url ", 0, 1));
    w.close(dref);
    w.close(dinf);

    const auto stbl = w.open("stbl");
    const auto stsd = w.open_full("stsd", 0, 0);  // 8.5.2
    w.u32(1);
    if (auto ec = write_sample_entry(w, t)) return ec;
    w.close(stsd);
    // Empty sample tables: every sample is in a fragment (8.8.1).
    for (const char* type : {"stts", "stsc", "stco"}) {
        const auto b = w.open_full(type, 0, 0);
        w.u32(0);
        w.close(b);
    }
    const auto stsz = w.open_full("stsz", 0, 0);
    w.u32(0);  // sample_size
    w.u32(0);  // sample_count
    w.close(stsz);
    w.close(stbl);
    w.close(minf);
    w.close(mdia);
    w.close(trak);
    return {};
}

std::error_code check(std::span<const track> tracks) {
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const auto& t = tracks[i];
        if (t.id == 0) return make_error_code(errc::bad_track);
        for (std::size_t j = 0; j < i; ++j) {
            if (tracks[j].id == t.id) return make_error_code(errc::bad_track);
        }
        if (!sample_entry_type(t.codec) || media::is_video(t.codec) != (t.kind == media::media_kind::video)) {
            return make_error_code(errc::unsupported_codec);
        }
        if (t.timescale == 0) return make_error_code(errc::bad_config);
    }
    return {};
}

}  // namespace

std::error_code append_init_segment(std::span<const track> tracks, std::vector<std::byte>& out) {
    if (auto ec = check(tracks)) return ec;
    const std::size_t start = out.size();
    box_writer w(out);
    const auto ftyp = w.open("ftyp");  // 4.3
    w.fourcc("iso6");                  // major brand: 8.8 movie fragments with tfdt
    w.u32(0);
    for (const char* brand : {"iso6", "cmfc", "isom", "mp41"}) w.fourcc(brand);
    w.close(ftyp);

    const auto moov = w.open("moov");
    const auto mvhd = w.open_full("mvhd", 0, 0);  // 8.2.2
    w.u32(0);
    w.u32(0);
    w.u32(movie_timescale);
    w.u32(0);           // duration unknown
    w.u32(0x00010000);  // rate 1.0
    w.u16(0x0100);      // volume 1.0
    w.zeros(10);
    w.unity_matrix();
    w.zeros(24);  // pre_defined
    std::uint32_t next = 1;
    for (const auto& t : tracks) next = std::max(next, t.id + 1);
    w.u32(next);  // next_track_ID
    w.close(mvhd);
    for (const auto& t : tracks) {
        if (auto ec = write_trak(w, t)) {
            out.resize(start);
            return ec;
        }
    }
    const auto mvex = w.open("mvex");  // 8.8.1: the movie has fragments
    for (const auto& t : tracks) {
        const auto trex = w.open_full("trex", 0, 0);  // 8.8.3
        w.u32(t.id);
        w.u32(1);  // default_sample_description_index
        w.u32(0);  // default_sample_duration
        w.u32(0);  // default_sample_size
        w.u32(0);  // default_sample_flags
        w.close(trex);
    }
    w.close(mvex);
    w.close(moov);
    return {};
}

}  // namespace lal::fmp4
