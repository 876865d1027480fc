// SPDX-License-Identifier: MIT
#include <lal/fmp4/reader.hpp>

#include <algorithm>
#include <optional>

#include <lal/base/byte_reader.hpp>
#include <lal/opus/opus_head.hpp>

namespace lal::fmp4 {

namespace media = lal::media;

namespace {

std::error_code err(errc e) { return make_error_code(e); }

/// A box inside a parent whose bytes are all present: its type and body.
struct child {
    box_header head;
    byte_span body;
};

/// The boxes of `body` in order; a box running past its parent is bad_box_size.
class children {
public:
    explicit children(byte_span body) : rest_(body) {}
    /// The next child; empty at the end, an error for a box that does not fit.
    lal::result<std::optional<child>> next() {
        if (rest_.empty()) return std::optional<child>{};
        auto h = read_box_header(rest_);
        if (!h) return h.error() == errc::truncated ? err(errc::bad_box_size) : h.error();
        child c{*h, rest_.subspan(h->header_size, h->size - h->header_size)};
        rest_ = rest_.subspan(h->size);
        return std::optional<child>{c};
    }

private:
    byte_span rest_;
};

/// The body of the first child of `type`; missing_box when absent.
lal::result<byte_span> find(byte_span body, std::string_view type) {
    children kids(body);
    for (;;) {
        auto c = kids.next();
        if (!c) return c.error();
        if (!*c) return err(errc::missing_box);
        if ((*c)->head.is(type)) return (*c)->body;
    }
}

/// Follows a path of boxes ("mdia", "minf", "stbl"...) down from `body`.
lal::result<byte_span> find_path(byte_span body, std::initializer_list<std::string_view> path) {
    for (auto t : path) {
        auto b = find(body, t);
        if (!b) return b;
        body = *b;
    }
    return body;
}

/// A FullBox body's version and flags, then the rest.
struct full_box {
    std::uint8_t version;
    std::uint32_t flags;
    byte_reader rest;
};
lal::result<full_box> read_full(byte_span body) {
    byte_reader r(body);
    auto v = r.u8();
    auto f = r.u24();
    if (!v || !f) return err(errc::truncated);
    return full_box{*v, *f, byte_reader(r.rest())};
}

/// An ISO/IEC 14496-1 8.3.3 expandable size (at most 4 bytes).
std::optional<std::size_t> descriptor_size(byte_reader& r) {
    std::size_t n = 0;
    for (int i = 0; i < 4; ++i) {
        auto b = r.u8();
        if (!b) return std::nullopt;
        n = (n << 7) | (*b & 0x7f);
        if ((*b & 0x80) == 0) return n;
    }
    return std::nullopt;
}

/// The DecoderSpecificInfo (the AudioSpecificConfig) of an esds body.
lal::result<std::vector<std::byte>> read_esds(byte_span body) {
    auto fb = read_full(body);
    if (!fb) return fb.error();
    auto& r = fb->rest;
    // Walk ES_Descriptor -> DecoderConfigDescriptor -> DecSpecificInfo (14496-1 7.2.6.5-7).
    auto tag = r.u8();
    if (!tag || *tag != 0x03 || !descriptor_size(r)) return err(errc::bad_config);
    auto es_id = r.u16();
    auto es_flags = r.u8();
    if (!es_id || !es_flags) return err(errc::truncated);
    if (*es_flags & 0x80 && !r.skip(2)) return err(errc::truncated);  // dependsOn_ES_ID
    if (*es_flags & 0x40) {  // URL
        auto len = r.u8();
        if (!len || !r.skip(*len)) return err(errc::truncated);
    }
    if (*es_flags & 0x20 && !r.skip(2)) return err(errc::truncated);  // OCR_ES_Id
    tag = r.u8();
    if (!tag || *tag != 0x04 || !descriptor_size(r)) return err(errc::bad_config);
    if (!r.skip(13)) return err(errc::truncated);
    tag = r.u8();
    if (!tag || *tag != 0x05) return err(errc::bad_config);
    auto n = descriptor_size(r);
    if (!n) return err(errc::bad_config);
    auto asc = r.bytes(*n);
    if (!asc) return err(errc::truncated);
    return to_vector(*asc);
}

/// A dOps body (Opus in ISOBMFF 4.3.2) as an OpusHead (RFC 7845 5.1).
lal::result<std::vector<std::byte>> read_dops(byte_span body) {
    byte_reader r(body);
    auto version = r.u8();
    auto channels = r.u8();
    auto pre_skip = r.u16();
    auto rate = r.u32();
    auto gain = r.u16();
    auto family = r.u8();
    if (!version || !channels || !pre_skip || !rate || !gain || !family) return err(errc::truncated);
    if (*version != 0) return err(errc::unsupported_codec);
    opus::opus_head h;
    h.channels = *channels;
    h.pre_skip = *pre_skip;
    h.input_sample_rate = *rate;
    h.output_gain = static_cast<std::int16_t>(*gain);
    h.mapping_family = *family;
    if (h.mapping_family != 0) {
        auto streams = r.u8();
        auto coupled = r.u8();
        auto mapping = r.bytes(h.channels);
        if (!streams || !coupled || !mapping) return err(errc::truncated);
        h.stream_count = *streams;
        h.coupled_count = *coupled;
        for (auto b : *mapping) h.mapping.push_back(std::to_integer<std::uint8_t>(b));
    } else {
        h.stream_count = 1;
        h.coupled_count = h.channels > 1 ? 1 : 0;
    }
    std::vector<std::byte> out;
    if (append_opus_head(h, out)) return err(errc::bad_config);
    return out;
}

/// The first sample entry of an stsd body into `t`.
std::error_code read_sample_entry(byte_span stsd, track& t) {
    auto fb = read_full(stsd);
    if (!fb) return fb.error();
    auto count = fb->rest.u32();
    if (!count) return err(errc::truncated);
    if (*count == 0) return err(errc::missing_box);
    children kids(fb->rest.rest());
    auto c = kids.next();
    if (!c) return c.error();
    if (!*c) return err(errc::missing_box);
    const auto& entry = **c;
    struct known {
        std::string_view type;
        media::codec_id codec;
        std::string_view config;
    };
    static constexpr known table[] = {
        {"avc1", media::codec_id::h264, "avcC"}, {"avc3", media::codec_id::h264, "avcC"},
        {"hvc1", media::codec_id::h265, "hvcC"}, {"hev1", media::codec_id::h265, "hvcC"},
        {"av01", media::codec_id::av1, "av1C"},  {"mp4a", media::codec_id::aac, "esds"},
        {"Opus", media::codec_id::opus, "dOps"},
    };
    const auto* k = std::find_if(std::begin(table), std::end(table), [&](const known& x) { return entry.head.is(x.type); });
    if (k == std::end(table)) return err(errc::unsupported_codec);
    t.codec = k->codec;
    byte_reader r(entry.body);
    if (!r.skip(8)) return err(errc::truncated);  // reserved, data_reference_index
    if (media::is_video(t.codec)) {
        if (t.kind != media::media_kind::video) return err(errc::unsupported_codec);
        if (!r.skip(16)) return err(errc::truncated);
        auto w = r.u16();
        auto h = r.u16();
        if (!w || !h || !r.skip(50)) return err(errc::truncated);
        t.width = *w;
        t.height = *h;
    } else {
        if (t.kind != media::media_kind::audio) return err(errc::unsupported_codec);
        auto version = r.u16();
        if (!version || !r.skip(6)) return err(errc::truncated);
        auto channels = r.u16();
        auto size = r.u16();
        auto skip = r.u32();
        auto rate = r.u32();
        if (!channels || !size || !skip || !rate) return err(errc::truncated);
        // QuickTime sound description versions 1 and 2 carry more fields.
        if (*version == 1 && !r.skip(16)) return err(errc::truncated);
        if (*version == 2 && !r.skip(36)) return err(errc::truncated);
        t.channels = *channels;
        t.sample_rate = *rate >> 16;
    }
    auto config = find(r.rest(), k->config);
    if (!config) return config.error();
    if (t.codec == media::codec_id::aac) {
        auto asc = read_esds(*config);
        if (!asc) return asc.error();
        t.config = std::move(*asc);
    } else if (t.codec == media::codec_id::opus) {
        auto head = read_dops(*config);
        if (!head) return head.error();
        t.config = std::move(*head);
    } else {
        t.config = to_vector(*config);
    }
    return {};
}

lal::result<track> read_trak(byte_span trak) {
    track t;
    auto tkhd = find(trak, "tkhd");
    if (!tkhd) return tkhd.error();
    auto fb = read_full(*tkhd);
    if (!fb) return fb.error();
    if (!fb->rest.skip(fb->version == 1 ? 16 : 8)) return err(errc::truncated);
    auto id = fb->rest.u32();
    if (!id) return err(errc::truncated);
    if (*id == 0) return err(errc::bad_track);
    t.id = *id;
    auto mdia = find(trak, "mdia");
    if (!mdia) return mdia.error();
    auto mdhd = find(*mdia, "mdhd");
    if (!mdhd) return mdhd.error();
    auto md = read_full(*mdhd);
    if (!md) return md.error();
    if (!md->rest.skip(md->version == 1 ? 16 : 8)) return err(errc::truncated);
    auto timescale = md->rest.u32();
    if (!timescale) return err(errc::truncated);
    if (*timescale == 0) return err(errc::bad_config);
    t.timescale = *timescale;
    auto hdlr = find(*mdia, "hdlr");
    if (!hdlr) return hdlr.error();
    auto hd = read_full(*hdlr);
    if (!hd) return hd.error();
    auto handler = hd->rest.bytes(8);
    if (!handler) return err(errc::truncated);
    const auto h = as_string_view(*handler).substr(4);
    if (h == "vide") {
        t.kind = media::media_kind::video;
    } else if (h == "soun") {
        t.kind = media::media_kind::audio;
    } else {
        return err(errc::unsupported_codec);
    }
    auto stsd = find_path(*mdia, {"minf", "stbl", "stsd"});
    if (!stsd) return stsd.error();
    if (auto ec = read_sample_entry(*stsd, t)) return ec;
    return t;
}

/// tfhd (8.8.7) as it applies to its trun boxes.
struct traf_defaults {
    std::uint32_t track_id = 0;
    std::optional<std::uint64_t> base_data_offset;
    std::uint32_t duration = 0;
    std::uint32_t size = 0;
    std::uint32_t flags = 0;
};

lal::result<traf_defaults> read_tfhd(byte_span body) {
    auto fb = read_full(body);
    if (!fb) return fb.error();
    auto& r = fb->rest;
    traf_defaults d;
    auto id = r.u32();
    if (!id) return err(errc::truncated);
    if (*id == 0) return err(errc::bad_track);
    d.track_id = *id;
    auto field = [&](std::uint32_t bit, std::size_t n) -> std::optional<std::uint64_t> {
        if ((fb->flags & bit) == 0) return std::uint64_t{0};
        return r.read_be(n);
    };
    auto base = field(0x000001, 8);
    auto desc = field(0x000002, 4);
    auto dur = field(0x000008, 4);
    auto size = field(0x000010, 4);
    auto flags = field(0x000020, 4);
    if (!base || !desc || !dur || !size || !flags) return err(errc::truncated);
    if (fb->flags & 0x000001) d.base_data_offset = *base;
    d.duration = static_cast<std::uint32_t>(*dur);
    d.size = static_cast<std::uint32_t>(*size);
    d.flags = static_cast<std::uint32_t>(*flags);
    return d;
}

/// One trun (8.8.8) into `run`; `offset` is where its data starts (from the
/// moof, or from the previous run's end when it gives no data_offset).
std::error_code read_trun(byte_span body, const traf_defaults& d, std::size_t budget, read_run& run,
                          std::uint64_t& offset, std::vector<std::uint64_t>& offsets) {
    auto fb = read_full(body);
    if (!fb) return fb.error();
    auto& r = fb->rest;
    auto count = r.u32();
    if (!count) return err(errc::truncated);
    const std::uint32_t f = fb->flags;
    std::size_t per = 0;
    for (std::uint32_t bit : {0x100u, 0x200u, 0x400u, 0x800u}) per += (f & bit) ? 4 : 0;
    if (*count > budget) return err(errc::too_many);
    // Bound the count by the bytes present before reserving for it.
    const std::size_t fixed = ((f & 0x001) ? 4 : 0) + ((f & 0x004) ? 4 : 0);
    if (r.remaining() < fixed + std::size_t{*count} * per) return err(errc::truncated);
    if (f & 0x001) {
        auto off = r.u32();
        offset = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(*off)) +
                                            static_cast<std::int64_t>(d.base_data_offset.value_or(0)));
    }
    std::optional<std::uint32_t> first_flags;
    if (f & 0x004) first_flags = r.u32();
    run.samples.reserve(run.samples.size() + *count);
    for (std::uint32_t i = 0; i < *count; ++i) {
        sample s;
        s.duration = (f & 0x100) ? *r.u32() : d.duration;
        s.size = (f & 0x200) ? *r.u32() : d.size;
        std::uint32_t flags = (f & 0x400) ? *r.u32() : d.flags;
        if (i == 0 && first_flags) flags = *first_flags;
        // 8.8.3.1: sample_is_non_sync_sample is bit 16.
        s.sync = (flags & 0x00010000) == 0;
        if (f & 0x800) s.composition_offset = static_cast<std::int32_t>(*r.u32());
        offsets.push_back(offset);
        offset += s.size;
        run.samples.push_back(s);
    }
    return {};
}

}  // namespace

lal::result<box_header> read_box_header(byte_span in) {
    byte_reader r(in);
    auto size = r.u32();
    auto type = r.bytes(4);
    if (!size || !type) return err(errc::truncated);
    box_header h;
    std::copy_n(reinterpret_cast<const char*>(type->data()), 4, h.type.begin());
    h.size = *size;
    if (*size == 1) {
        auto large = r.u64();
        if (!large) return err(errc::truncated);
        h.size = *large;
        h.header_size = 16;
    } else if (*size == 0) {
        h.size = in.size();  // 4.2: the box extends to the end of the file
    }
    if (h.size < h.header_size) return err(errc::bad_box_size);
    if (h.size > in.size()) return err(errc::truncated);
    return h;
}

lal::result<init_segment_info> read_init_segment(byte_span in, reader_limits limits) {
    init_segment_info info;
    std::size_t pos = 0;
    for (;;) {
        auto h = read_box_header(in.subspan(pos));
        if (!h) return h.error();
        const auto body = in.subspan(pos + h->header_size, h->size - h->header_size);
        pos += h->size;
        if (h->is("ftyp")) {
            if (body.size() < 4) return err(errc::truncated);
            std::copy_n(reinterpret_cast<const char*>(body.data()), 4, info.major_brand.begin());
            continue;
        }
        if (!h->is("moov")) continue;
        children kids(body);
        for (;;) {
            auto c = kids.next();
            if (!c) return c.error();
            if (!*c) break;
            if (!(*c)->head.is("trak")) continue;
            if (info.tracks.size() == limits.max_tracks) return err(errc::too_many);
            auto t = read_trak((*c)->body);
            if (!t) return t.error();
            info.tracks.push_back(std::move(*t));
        }
        if (info.tracks.empty()) return err(errc::missing_box);
        info.size = pos;
        return info;
    }
}

lal::result<fragment_info> read_fragment(byte_span in, reader_limits limits) {
    fragment_info info;
    std::size_t pos = 0;
    std::optional<box_header> moof;
    for (;;) {
        auto h = read_box_header(in.subspan(pos));
        if (!h) return h.error();
        if (h->is("moof")) {
            moof = *h;
            break;
        }
        pos += h->size;
    }
    const std::size_t moof_at = pos;
    const auto moof_body = in.subspan(pos + moof->header_size, moof->size - moof->header_size);
    pos += moof->size;
    // The mdat after the moof (other boxes between are skipped).
    std::size_t end = 0;
    for (;;) {
        auto h = read_box_header(in.subspan(pos));
        if (!h) return h.error();
        pos += h->size;
        if (h->is("mdat")) {
            end = pos;
            break;
        }
    }
    info.size = end;
    auto mfhd = find(moof_body, "mfhd");
    if (!mfhd) return mfhd.error();
    auto fb = read_full(*mfhd);
    if (!fb) return fb.error();
    auto seq = fb->rest.u32();
    if (!seq) return err(errc::truncated);
    info.sequence = *seq;

    std::size_t budget = limits.max_samples;
    children trafs(moof_body);
    for (;;) {
        auto c = trafs.next();
        if (!c) return c.error();
        if (!*c) break;
        if (!(*c)->head.is("traf")) continue;
        if (info.runs.size() == limits.max_runs) return err(errc::too_many);
        const auto traf = (*c)->body;
        auto tfhd = find(traf, "tfhd");
        if (!tfhd) return tfhd.error();
        auto d = read_tfhd(*tfhd);
        if (!d) return d.error();
        read_run run;
        run.track_id = d->track_id;
        if (auto tfdt = find(traf, "tfdt")) {
            auto t = read_full(*tfdt);
            if (!t) return t.error();
            auto v = t->rest.read_be(t->version == 1 ? 8 : 4);
            if (!v) return err(errc::truncated);
            run.base_decode_time = *v;
        }
        // Without base-data-offset, offsets count from the moof (8.8.7.1,
        // default-base-is-moof, and the first traf's rule without it).
        if (!d->base_data_offset) d->base_data_offset = moof_at;
        std::uint64_t offset = *d->base_data_offset;
        std::vector<std::uint64_t> offsets;
        children truns(traf);
        for (;;) {
            auto t = truns.next();
            if (!t) return t.error();
            if (!*t) break;
            if (!(*t)->head.is("trun")) continue;
            const std::size_t before = run.samples.size();
            if (auto ec = read_trun((*t)->body, *d, budget, run, offset, offsets)) return ec;
            budget -= run.samples.size() - before;
        }
        run.data.reserve(run.samples.size());
        for (std::size_t i = 0; i < run.samples.size(); ++i) {
            const std::uint64_t at = offsets[i];
            const std::uint64_t size = run.samples[i].size;
            if (at < moof_at || at > end || size > end - at) return err(errc::too_large);
            run.data.push_back(in.subspan(static_cast<std::size_t>(at), static_cast<std::size_t>(size)));
        }
        info.runs.push_back(std::move(run));
    }
    if (info.runs.empty()) return err(errc::missing_box);
    return info;
}

}  // namespace lal::fmp4
