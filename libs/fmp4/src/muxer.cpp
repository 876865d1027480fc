// SPDX-License-Identifier: MIT
#include <lal/fmp4/muxer.hpp>

#include <algorithm>
#include <cstdint>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/av1/obu.hpp>
#include <lal/fmp4/fragment.hpp>
#include <lal/fmp4/init_segment.hpp>

namespace lal::fmp4 {

namespace media = lal::media;

std::uint64_t to_timescale(media::micros us, std::uint32_t timescale) noexcept {
    if (us <= 0) return 0;
    const auto u = static_cast<std::uint64_t>(us);
    // Split to keep the product inside 64 bits for any dts.
    return u / 1'000'000 * timescale + u % 1'000'000 * timescale / 1'000'000;
}

lal::result<bool> muxer::set_config(const media::track_config_ptr& config) {
    if (!config) return make_error_code(errc::bad_config);
    const bool video = config->kind == media::media_kind::video;
    auto& s = video ? video_ : audio_;
    if (s && s->config == config) return false;
    if (s && s->config && s->config->codec == config->codec &&
        std::ranges::equal(s->config->record.bytes(), config->record.bytes())) {
        s->config = config;  // the same record again (a republish, a repeated sequence header)
        return false;
    }
    auto t = make_track(*config, video ? video_track_id : audio_track_id);
    if (!t) return t.error();
    if (!s) s = slot{};  // not emplace(): clang 14 cannot see the nested aggregate as default-constructible
    s->info = std::move(*t);
    s->config = config;
    if (config->codec == media::codec_id::aac) {
        auto asc = aac::parse_asc(s->info.config);
        s->frame_samples = asc ? asc->samples_per_frame().value_or(1024) : 1024;  // ISO/IEC 14496-3 4.5.1.1
    }
    dirty_ = true;
    return true;
}

const lal::payload& muxer::init_segment() {
    if (!dirty_) return init_;
    dirty_ = false;
    std::vector<track> tracks;
    if (video_) tracks.push_back(video_->info);
    if (audio_) tracks.push_back(audio_->info);
    std::vector<std::byte> out;
    if (append_init_segment(tracks, out)) {
        init_ = {};
    } else {
        init_ = lal::payload::adopt(std::move(out));
    }
    return init_;
}

namespace {

/// The frame's bytes in the sample: AV1 without a leading temporal delimiter
/// (AV1-ISOBMFF 2.4: samples do not carry them).
lal::payload sample_bytes(const media::media_frame& f) {
    if (f.codec != media::codec_id::av1 || f.data.empty()) return f.data;
    const auto b = f.data.bytes();
    const auto header = std::to_integer<unsigned>(b[0]);
    const bool has_size = (header & 0x02) != 0;
    const bool has_ext = (header & 0x04) != 0;
    if (((header >> 3) & 0x0f) != av1::obu_type::temporal_delimiter || !has_size) return f.data;
    const std::size_t at = has_ext ? 2 : 1;
    if (b.size() < at) return f.data;
    auto size = av1::read_leb128(b.subspan(at));
    if (!size) return f.data;
    const std::size_t skip = at + size->second + size->first;
    if (skip > b.size()) return f.data;
    return f.data.slice(skip, b.size() - skip);
}

}  // namespace

lal::result<media::wire_form> muxer::fragment(const media::media_frame& f) {
    const bool video = f.kind == media::media_kind::video;
    if (f.config) {
        if (auto changed = set_config(f.config); !changed) return changed.error();
    }
    auto& s = video ? video_ : audio_;
    if (!s || s->info.codec != f.codec) return make_error_code(errc::unsupported_codec);
    const std::uint32_t ts = s->info.timescale;
    const std::uint64_t dts = to_timescale(f.dts, ts);
    const std::uint64_t pts = to_timescale(f.pts, ts);
    std::uint32_t duration = 0;
    if (f.codec == media::codec_id::aac) {
        duration = s->frame_samples;
    } else if (f.codec == media::codec_id::opus) {
        // 48 kHz samples per packet; 20 ms when the TOC does not say.
        duration = opus_packet_samples(f.data.bytes()).value_or(960);
    } else {
        if (s->last_dts && dts > *s->last_dts && dts - *s->last_dts < ts * std::uint64_t{10}) {
            s->last_step = static_cast<std::uint32_t>(dts - *s->last_dts);
        }
        duration = s->last_step != 0 ? s->last_step : ts / 30;
    }
    s->last_dts = dts;
    const auto data = sample_bytes(f);
    const std::int64_t cto = static_cast<std::int64_t>(pts) - static_cast<std::int64_t>(dts);
    sample smp;
    smp.size = static_cast<std::uint32_t>(data.size());
    smp.duration = duration;
    smp.composition_offset = static_cast<std::int32_t>(std::clamp<std::int64_t>(cto, INT32_MIN, INT32_MAX));
    smp.sync = !video || f.keyframe;
    if (data.size() > 0x7fff0000) return make_error_code(errc::too_large);
    const track_run run{s->info.id, dts, std::span<const sample>(&smp, 1)};
    std::vector<std::byte> head;
    if (auto ec = append_fragment_head(sequence_, std::span<const track_run>(&run, 1), head)) return ec;
    ++sequence_;
    media::wire_form out;
    out.reserve(2);
    out.add(lal::payload::adopt(std::move(head)));
    out.add(data);
    return out;
}

}  // namespace lal::fmp4
