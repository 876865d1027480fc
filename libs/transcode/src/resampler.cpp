// SPDX-License-Identifier: MIT
#include "resampler.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace lal::transcode::detail {

resampler::~resampler() { av_channel_layout_uninit(&in_layout_); }

bool resampler::convert(const std::uint8_t* const* data, int samples, int rate, const AVChannelLayout& layout,
                        AVSampleFormat format, pcm_fifo& out) {
    AVChannelLayout wanted{};
    // A layout without order (a PCE's channels, ISO/IEC 14496-3 4.5.1.2) gets
    // FFmpeg's default order for its channel count, so the downmix can be built.
    if (layout.order == AV_CHANNEL_ORDER_UNSPEC) {
        av_channel_layout_default(&wanted, layout.nb_channels);
    } else if (av_channel_layout_copy(&wanted, &layout) < 0) {
        return false;
    }
    if (!swr_ || rate != in_rate_ || format != in_format_ || av_channel_layout_compare(&wanted, &in_layout_) != 0) {
        drain(out);
        AVChannelLayout stereo{};
        av_channel_layout_default(&stereo, output_channels);
        SwrContext* s = nullptr;
        if (swr_alloc_set_opts2(&s, &stereo, AV_SAMPLE_FMT_FLT, out_rate_, &wanted, format, rate, 0, nullptr) < 0 ||
            swr_init(s) < 0) {
            swr_free(&s);
            av_channel_layout_uninit(&wanted);
            return false;
        }
        swr_.reset(s);
        in_rate_ = rate;
        in_format_ = format;
        av_channel_layout_uninit(&in_layout_);
        in_layout_ = wanted;
    } else {
        av_channel_layout_uninit(&wanted);
    }
    const int room = swr_get_out_samples(swr_.get(), samples);
    if (room < 0) return false;
    float* dst = out.prepare_back(static_cast<std::size_t>(room));
    auto* planes = reinterpret_cast<std::uint8_t*>(dst);
    const int n = swr_convert(swr_.get(), &planes, room, const_cast<const std::uint8_t**>(data), samples);
    out.commit_back(n > 0 ? static_cast<std::size_t>(n) : 0);
    return n >= 0;
}

void resampler::inject_silence(int samples) {
    if (swr_ && samples > 0) swr_inject_silence(swr_.get(), samples);
}

void resampler::drain(pcm_fifo& out) {
    if (swr_) {
        const int room = swr_get_out_samples(swr_.get(), 0);
        if (room > 0) {
            auto* planes = reinterpret_cast<std::uint8_t*>(out.prepare_back(static_cast<std::size_t>(room)));
            const int n = swr_convert(swr_.get(), &planes, room, nullptr, 0);
            out.commit_back(n > 0 ? static_cast<std::size_t>(n) : 0);
        }
    }
    reset();
}

void resampler::reset() noexcept {
    swr_.reset();
    in_rate_ = 0;
    in_format_ = AV_SAMPLE_FMT_NONE;
    av_channel_layout_uninit(&in_layout_);
}

}  // namespace lal::transcode::detail
