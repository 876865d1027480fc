// SPDX-License-Identifier: MIT
// Opus (libopus) -> libswresample -> AAC-LC (libavcodec's native encoder), one stream.
#include <lal/transcode/opus_to_aac.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/opus/opus_head.hpp>

#include "av_handles.hpp"
#include "frames.hpp"
#include "input_clock.hpp"
#include "pcm_fifo.hpp"
#include "resampler.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace lal::transcode {
namespace {

constexpr int opus_rate = 48000;
constexpr int max_opus_samples = 5760;  // 120 ms at 48 kHz, the longest packet (RFC 6716 3.2.5)
constexpr int plc_step = 120;           // libopus conceals in multiples of 2.5 ms
constexpr std::size_t max_head_size = 1024;
constexpr int aac_frame = 1024;         // AAC-LC frameLengthFlag 0 (ISO/IEC 14496-3 4.5.1.1)

media::track_config_ptr make_asc_config(std::uint32_t rate) {
    aac::audio_specific_config asc;
    asc.object_type = aac::object_types::aac_lc;
    asc.sampling_frequency_index = rate == 44100 ? 4 : 3;  // ISO/IEC 14496-3 Table 1.18
    asc.sampling_frequency = rate;
    asc.channel_configuration = detail::output_channels;
    std::vector<std::byte> record;
    (void)aac::append_asc(asc, record);
    return detail::make_audio_config(media::codec_id::aac, std::move(record));
}

}  // namespace

struct opus_to_aac::impl {
    explicit impl(opus_to_aac_options o)
        : options(o), rate(static_cast<int>(o.sample_rate)), out_config(make_asc_config(o.sample_rate)), resample(rate) {
        int err = 0;
        // Decoding to stereo whatever the packets carry: libopus mixes mono
        // packets up and stereo ones down as needed (RFC 7587 7.1).
        decoder.reset(opus_decoder_create(opus_rate, detail::output_channels, &err));
        if (!decoder || err != OPUS_OK) throw std::bad_alloc();
        pcm.resize(static_cast<std::size_t>(max_opus_samples) * detail::output_channels);
        frame.reset(av_frame_alloc());
        packet.reset(av_packet_alloc());
        if (!frame || !packet) throw std::bad_alloc();
    }

    // Opens libavcodec's native AAC encoder: AAC-LC, stereo, planar float.
    std::error_code open_encoder() {
        const AVCodec* codec = avcodec_find_encoder_by_name("aac");
        if (!codec) return errc::codec_unavailable;
        detail::codec_context_ptr ctx(avcodec_alloc_context3(codec));
        if (!ctx) throw std::bad_alloc();
        ctx->sample_rate = rate;
        ctx->sample_fmt = AV_SAMPLE_FMT_FLTP;
        ctx->bit_rate = options.bitrate;
        ctx->time_base = AVRational{1, rate};
        ctx->profile = FF_PROFILE_AAC_LOW;
        av_channel_layout_default(&ctx->ch_layout, detail::output_channels);
        if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return errc::codec_unavailable;
        encoder = std::move(ctx);
        return {};
    }

    // Checks a new OpusHead (RFC 7845 5.1): only mapping family 0 (mono or
    // stereo) is what a WebRTC publisher sends.
    std::error_code take_head(const lal::payload& record) {
        // RFC 7845 5.1: 21 bytes and a mapping of at most 255 channels; later
        // minor versions may add a little. Anything longer is not copied.
        if (record.size() > max_head_size) {
            head.clear();
            return head_error = errc::bad_config;
        }
        head.assign(record.bytes().begin(), record.bytes().end());
        auto parsed = opus::parse_opus_head(record.bytes());
        if (!parsed) return head_error = errc::bad_config;
        if (parsed->mapping_family != 0 || parsed->channels > 2) return head_error = errc::unsupported_config;
        return head_error = std::error_code{};
    }

    std::error_code transcode(const media::media_frame& in, std::vector<media::media_frame>& out) {
        if (in.kind != media::media_kind::audio || in.codec != media::codec_id::opus) return errc::wrong_codec;
        if (in.data.size() > max_frame_size) return errc::frame_too_large;
        if (in.config && !in.config->record.empty() && !detail::same_bytes(in.config->record, head)) {
            (void)take_head(in.config->record);
        }
        if (head_error) return head_error;
        if (!encoder) {
            if (auto ec = open_encoder()) return ec;
        }
        const auto* data = reinterpret_cast<const unsigned char*>(in.data.bytes().data());
        const auto size = static_cast<opus_int32>(in.data.size());
        // RFC 6716 3.1: the TOC byte and frame count give the duration; a
        // packet whose count is invalid is rejected before it touches the timeline.
        const int samples = size > 0 ? opus_decoder_get_nb_samples(decoder.get(), data, size) : OPUS_INVALID_PACKET;
        if (samples <= 0 || samples > max_opus_samples) return errc::decode_failed;

        const auto where = clock.check(in.dts, 1e6 * samples / opus_rate);
        if (where.what == detail::input_clock::step::jump) flush(out);
        if (where.what == detail::input_clock::step::first || where.what == detail::input_clock::step::jump) {
            clock.anchor_at(in.dts);
            if (!encoder) {
                if (auto ec = open_encoder()) return ec;
            }
        } else if (where.what == detail::input_clock::step::gap) {
            conceal(static_cast<int>(std::lround(where.gap_us * opus_rate / 1e6)), out);
        }
        const int n = opus_decode_float(decoder.get(), data, size, pcm.data(), max_opus_samples, 0);
        if (n < 0) return errc::decode_failed;
        push_pcm(n, out);
        return {};
    }

    // Lost packets: libopus's concealment fills the gap, in 2.5 ms steps.
    void conceal(int samples, std::vector<media::media_frame>& out) {
        samples -= samples % plc_step;
        while (samples > 0) {
            const int step = std::min(samples, max_opus_samples);
            const int n = opus_decode_float(decoder.get(), nullptr, 0, pcm.data(), step, 0);
            if (n <= 0) break;
            push_pcm(n, out);
            samples -= n;
        }
    }

    void push_pcm(int n, std::vector<media::media_frame>& out) {
        AVChannelLayout stereo{};
        av_channel_layout_default(&stereo, detail::output_channels);
        const auto* plane = reinterpret_cast<const std::uint8_t*>(pcm.data());
        (void)resample.convert(&plane, n, opus_rate, stereo, AV_SAMPLE_FMT_FLT, fifo);
        clock.advance(1e6 * n / opus_rate);
        while (fifo.samples() >= static_cast<std::size_t>(aac_frame)) encode_frame(out);
    }

    // Moves one encoder frame out of the FIFO (deinterleaving it) and sends
    // it; a short last frame is padded with silence.
    void encode_frame(std::vector<media::media_frame>& out) {
        const int n = static_cast<int>(std::min<std::size_t>(fifo.samples(), aac_frame));
        frame->nb_samples = aac_frame;
        frame->format = AV_SAMPLE_FMT_FLTP;
        frame->sample_rate = rate;
        av_channel_layout_default(&frame->ch_layout, detail::output_channels);
        if (av_frame_get_buffer(frame.get(), 0) < 0) throw std::bad_alloc();
        const float* src = fifo.front();
        for (int c = 0; c < detail::output_channels; ++c) {
            auto* dst = reinterpret_cast<float*>(frame->extended_data[c]);
            for (int i = 0; i < n; ++i) dst[i] = src[i * detail::output_channels + c];
            std::fill(dst + n, dst + aac_frame, 0.0F);
        }
        fifo.pop_front(static_cast<std::size_t>(n));
        frame->pts = next_pts;
        next_pts += aac_frame;
        const int sent = avcodec_send_frame(encoder.get(), frame.get());
        av_frame_unref(frame.get());
        if (sent >= 0) receive_packets(out);
    }

    void receive_packets(std::vector<media::media_frame>& out) {
        while (avcodec_receive_packet(encoder.get(), packet.get()) >= 0) {
            // The encoder's first packet (pts -1024) holds only its priming
            // (initial_padding): not sent, so every frame sent decodes to the
            // input samples of its own time.
            if (packet->pts >= 0) {
                out.push_back(detail::make_audio_frame(
                    media::codec_id::aac, clock.anchor() + packet->pts * 1000000 / rate,
                    std::as_bytes(std::span(packet->data, static_cast<std::size_t>(packet->size))), out_config));
            }
            av_packet_unref(packet.get());
        }
    }

    void flush(std::vector<media::media_frame>& out) {
        if (clock.anchored() && encoder) {
            resample.drain(fifo);
            while (fifo.samples() > 0) encode_frame(out);
            if (avcodec_send_frame(encoder.get(), nullptr) >= 0) receive_packets(out);
            encoder.reset();  // a drained encoder takes no more frames; the next input opens a new one
        }
        clock.reset();
        resample.reset();
        fifo.clear();
        next_pts = 0;
        opus_decoder_ctl(decoder.get(), OPUS_RESET_STATE);
    }

    opus_to_aac_options options;
    int rate;
    media::track_config_ptr out_config;
    detail::opus_decoder_ptr decoder;
    std::vector<float> pcm;
    std::vector<std::byte> head;  // the OpusHead last seen (valid or not)
    std::error_code head_error;
    detail::codec_context_ptr encoder;
    detail::frame_ptr frame;
    detail::packet_ptr packet;
    detail::resampler resample;
    detail::pcm_fifo fifo{detail::output_channels};
    detail::input_clock clock;
    std::int64_t next_pts = 0;
};

opus_to_aac::opus_to_aac(opus_to_aac_options options) {
    if (options.sample_rate != 48000 && options.sample_rate != 44100) {
        throw std::invalid_argument("opus_to_aac: sample_rate must be 48000 or 44100");
    }
    impl_ = std::make_unique<impl>(options);
}
opus_to_aac::~opus_to_aac() = default;
opus_to_aac::opus_to_aac(opus_to_aac&&) noexcept = default;
opus_to_aac& opus_to_aac::operator=(opus_to_aac&&) noexcept = default;

std::error_code opus_to_aac::transcode(const media::media_frame& in, std::vector<media::media_frame>& out) {
    return impl_->transcode(in, out);
}
void opus_to_aac::flush(std::vector<media::media_frame>& out) { impl_->flush(out); }
const media::track_config_ptr& opus_to_aac::config() const noexcept { return impl_->out_config; }

}  // namespace lal::transcode
