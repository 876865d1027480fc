// SPDX-License-Identifier: MIT
// Owning handles for the FFmpeg and libopus objects the transcoders hold.
// Private: only the transcoders' .cpp files include FFmpeg's headers.
#pragma once

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
}
#include <opus/opus.h>

namespace lal::transcode::detail {

struct codec_context_free {
    void operator()(AVCodecContext* c) const noexcept { avcodec_free_context(&c); }
};
struct frame_free {
    void operator()(AVFrame* f) const noexcept { av_frame_free(&f); }
};
struct packet_free {
    void operator()(AVPacket* p) const noexcept { av_packet_free(&p); }
};
struct swr_free_ctx {
    void operator()(SwrContext* s) const noexcept { swr_free(&s); }
};
struct opus_encoder_free {
    void operator()(OpusEncoder* e) const noexcept { opus_encoder_destroy(e); }
};
struct opus_decoder_free {
    void operator()(OpusDecoder* d) const noexcept { opus_decoder_destroy(d); }
};

/// An AVCodecContext, freed with avcodec_free_context.
using codec_context_ptr = std::unique_ptr<AVCodecContext, codec_context_free>;
/// An AVFrame, freed with av_frame_free.
using frame_ptr = std::unique_ptr<AVFrame, frame_free>;
/// An AVPacket, freed with av_packet_free.
using packet_ptr = std::unique_ptr<AVPacket, packet_free>;
/// A SwrContext, freed with swr_free.
using swr_ptr = std::unique_ptr<SwrContext, swr_free_ctx>;
/// A libopus encoder, freed with opus_encoder_destroy.
using opus_encoder_ptr = std::unique_ptr<OpusEncoder, opus_encoder_free>;
/// A libopus decoder, freed with opus_decoder_destroy.
using opus_decoder_ptr = std::unique_ptr<OpusDecoder, opus_decoder_free>;

}  // namespace lal::transcode::detail
