// SPDX-License-Identifier: MIT
// AAC (libavcodec's decoder) -> libswresample -> Opus (libopus), one stream.
#include <lal/transcode/aac_to_opus.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/opus/opus_head.hpp>

#include "av_handles.hpp"
#include "frames.hpp"
#include "input_clock.hpp"
#include "pcm_fifo.hpp"
#include "resampler.hpp"

namespace lal::transcode {
namespace {

constexpr int opus_rate = 48000;
constexpr int opus_frame = 960;            // 20 ms at 48 kHz (RFC 7587 4.2)
constexpr int max_opus_packet = 4000;      // libopus's recommended output room for one frame
// Rates and frame sizes a decoded AAC frame may have: Table 1.18's lowest
// rate, its highest core rate, doubled by SBR (ISO/IEC 14496-3 4.6.18), and
// 2048 samples (960/1024, doubled by SBR).
constexpr std::uint32_t min_rate = 7350;
constexpr std::uint32_t max_core_rate = 96000;
constexpr int max_decoded_rate = 192000;
constexpr int max_decoded_samples = 2048;
constexpr std::size_t max_config_size = 1024;

media::track_config_ptr make_opus_config() {
    // RFC 7845 5.1: pre-skip 0, since the encoder's look-ahead is dropped here
    // (see aac_to_opus::impl::prime) rather than left for the player to skip.
    std::vector<std::byte> record;
    (void)opus::append_opus_head(opus::default_opus_head(detail::output_channels), record);
    return detail::make_audio_config(media::codec_id::opus, std::move(record));
}

}  // namespace

struct aac_to_opus::impl {
    explicit impl(aac_to_opus_options o) : options(o), out_config(make_opus_config()) {
        int err = 0;
        encoder.reset(opus_encoder_create(opus_rate, detail::output_channels, OPUS_APPLICATION_AUDIO, &err));
        if (!encoder || err != OPUS_OK) throw std::bad_alloc();
        opus_encoder_ctl(encoder.get(), OPUS_SET_BITRATE(options.bitrate));
        opus_encoder_ctl(encoder.get(), OPUS_SET_COMPLEXITY(std::clamp(options.complexity, 0, 10)));
        opus_encoder_ctl(encoder.get(), OPUS_GET_LOOKAHEAD(&lookahead));
        decoded.reset(av_frame_alloc());
        packet.reset(av_packet_alloc());
        if (!decoded || !packet) throw std::bad_alloc();
    }

    // Opens the decoder for the ASC `record` (ISO/IEC 14496-3 1.6.2.1), which
    // libavcodec's AAC decoder takes as its extradata.
    std::error_code open_decoder(const lal::payload& record) {
        decoder.reset();
        // An ASC is a few bytes; with a PCE and its comment (ISO/IEC 14496-3
        // 4.4.1.1) a few hundred. Anything longer is not copied or parsed.
        if (record.size() > max_config_size) {
            asc.clear();
            return config_error = errc::bad_config;
        }
        asc.assign(record.bytes().begin(), record.bytes().end());
        auto parsed = aac::parse_asc(record.bytes());
        if (!parsed) return config_error = errc::bad_config;
        // An explicit 24-bit rate (ISO/IEC 14496-3 1.6.2.1) can be anything;
        // outside Table 1.18's rates a frame could stand for minutes of audio.
        if (parsed->sampling_frequency < min_rate || parsed->sampling_frequency > max_core_rate) {
            return config_error = errc::bad_config;
        }
        const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
        if (!codec) return config_error = errc::codec_unavailable;
        detail::codec_context_ptr ctx(avcodec_alloc_context3(codec));
        if (!ctx) throw std::bad_alloc();
        auto* extra = static_cast<std::uint8_t*>(av_mallocz(asc.size() + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!extra) throw std::bad_alloc();
        std::memcpy(extra, asc.data(), asc.size());
        ctx->extradata = extra;
        ctx->extradata_size = static_cast<int>(asc.size());
        if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return config_error = errc::bad_config;
        decoder = std::move(ctx);
        config_error = {};
        return {};
    }

    std::error_code transcode(const media::media_frame& in, std::vector<media::media_frame>& out) {
        if (in.kind != media::media_kind::audio || in.codec != media::codec_id::aac) return errc::wrong_codec;
        if (in.data.size() > max_frame_size) return errc::frame_too_large;
        if (in.data.empty()) return errc::decode_failed;  // an empty packet would drain libavcodec's decoder
        if (in.config && !in.config->record.empty()) {
            if (!detail::same_bytes(in.config->record, asc)) {
                if (auto ec = open_decoder(in.config->record)) return ec;
            }
        } else if (!decoder && !config_error) {
            return errc::missing_config;
        }
        if (config_error) return config_error;

        if (av_new_packet(packet.get(), static_cast<int>(in.data.size())) < 0) throw std::bad_alloc();
        std::memcpy(packet->data, in.data.bytes().data(), in.data.size());
        const int sent = avcodec_send_packet(decoder.get(), packet.get());
        av_packet_unref(packet.get());
        if (sent < 0) return errc::decode_failed;
        for (;;) {
            const int got = avcodec_receive_frame(decoder.get(), decoded.get());
            if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) break;
            if (got < 0) return errc::decode_failed;
            const bool ok = take_decoded(in.dts, out);
            av_frame_unref(decoded.get());
            if (!ok) return errc::decode_failed;
        }
        return {};
    }

    // Places one decoded frame on the timeline, converts it and encodes every
    // whole Opus frame now buffered.
    bool take_decoded(media::micros dts, std::vector<media::media_frame>& out) {
        const AVFrame& f = *decoded;
        if (f.nb_samples <= 0) return true;
        if (f.sample_rate < static_cast<int>(min_rate) || f.sample_rate > max_decoded_rate ||
            f.nb_samples > max_decoded_samples) {
            return false;
        }
        const double frame_us = 1e6 * f.nb_samples / f.sample_rate;
        const auto where = clock.check(dts, frame_us);
        if (where.what == detail::input_clock::step::jump) flush(out);
        if (where.what == detail::input_clock::step::first || where.what == detail::input_clock::step::jump) {
            clock.anchor_at(dts);
            prime();
        } else if (where.what == detail::input_clock::step::gap) {
            // Frames lost or rejected before this one: silence keeps the
            // samples after the gap at their time.
            const int rate = resample.input_rate() > 0 ? resample.input_rate() : f.sample_rate;
            const auto fill = static_cast<int>(std::lround(where.gap_us * rate / 1e6));
            if (resample.input_rate() > 0) {
                resample.inject_silence(fill);
            } else {
                fifo.append_silence(static_cast<std::size_t>(std::lround(where.gap_us * opus_rate / 1e6)));
            }
            clock.advance(1e6 * fill / rate);
        }
        if (!resample.convert(f.extended_data, f.nb_samples, f.sample_rate, f.ch_layout,
                              static_cast<AVSampleFormat>(f.format), fifo)) {
            return false;
        }
        clock.advance(frame_us);
        encode_whole_frames(out);
        return true;
    }

    // libopus delays its output by `lookahead` samples. Leading silence makes
    // that delay plus the silence a whole number of frames, which are then not
    // sent: the first frame sent starts exactly at the anchor.
    void prime() {
        const int silence = (opus_frame - lookahead % opus_frame) % opus_frame;
        fifo.append_silence(static_cast<std::size_t>(silence));
        frames_to_drop = (silence + lookahead) / opus_frame;
        frames_sent = 0;
    }

    void encode_whole_frames(std::vector<media::media_frame>& out) {
        while (fifo.samples() >= static_cast<std::size_t>(opus_frame)) {
            unsigned char buf[max_opus_packet];
            const opus_int32 n = opus_encode_float(encoder.get(), fifo.front(), opus_frame, buf, max_opus_packet);
            fifo.pop_front(opus_frame);
            if (n < 0) continue;  // not expected for valid PCM; the timeline still moves on
            if (frames_to_drop > 0) {
                --frames_to_drop;
                continue;
            }
            out.push_back(detail::make_audio_frame(media::codec_id::opus,
                                                   clock.anchor() + frames_sent * aac_to_opus::frame_duration_us,
                                                   std::as_bytes(std::span(buf, static_cast<std::size_t>(n))), out_config));
            ++frames_sent;
        }
    }

    void flush(std::vector<media::media_frame>& out) {
        if (clock.anchored()) {
            resample.drain(fifo);
            // The last real samples sit in the encoder's look-ahead: push them
            // out with silence, up to a whole frame.
            const std::size_t held = fifo.samples() + static_cast<std::size_t>(lookahead);
            const std::size_t padded = (held + opus_frame - 1) / opus_frame * opus_frame;
            fifo.append_silence(padded - fifo.samples());
            encode_whole_frames(out);
        }
        clock.reset();
        resample.reset();
        fifo.clear();
        opus_encoder_ctl(encoder.get(), OPUS_RESET_STATE);
        if (decoder) avcodec_flush_buffers(decoder.get());
    }

    aac_to_opus_options options;
    media::track_config_ptr out_config;
    detail::opus_encoder_ptr encoder;
    int lookahead = 0;
    detail::codec_context_ptr decoder;
    std::vector<std::byte> asc;  // the ASC the decoder was opened with (or failed on)
    std::error_code config_error;
    detail::frame_ptr decoded;
    detail::packet_ptr packet;
    detail::resampler resample{opus_rate};
    detail::pcm_fifo fifo{detail::output_channels};
    detail::input_clock clock;
    int frames_to_drop = 0;
    std::int64_t frames_sent = 0;
};

aac_to_opus::aac_to_opus(aac_to_opus_options options) : impl_(std::make_unique<impl>(options)) {}
aac_to_opus::~aac_to_opus() = default;
aac_to_opus::aac_to_opus(aac_to_opus&&) noexcept = default;
aac_to_opus& aac_to_opus::operator=(aac_to_opus&&) noexcept = default;

std::error_code aac_to_opus::transcode(const media::media_frame& in, std::vector<media::media_frame>& out) {
    return impl_->transcode(in, out);
}
void aac_to_opus::flush(std::vector<media::media_frame>& out) { impl_->flush(out); }
const media::track_config_ptr& aac_to_opus::config() const noexcept { return impl_->out_config; }
int aac_to_opus::lookahead() const noexcept { return impl_->lookahead; }

}  // namespace lal::transcode
