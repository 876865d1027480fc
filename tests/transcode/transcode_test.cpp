// SPDX-License-Identifier: MIT
// AAC <-> Opus transcoding on real bytes: the test clip's AAC and tones coded
// here with libavcodec's AAC encoder and libopus, checked after decoding the
// output again (frame counts, timestamps, the tone's frequency, its onset).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <optional>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
}
#include <opus/opus.h>

#include <lal/aac/adts.hpp>
#include <lal/aac/adts_splitter.hpp>
#include <lal/opus/opus_head.hpp>
#include <lal/transcode/aac_to_opus.hpp>
#include <lal/transcode/codec_log.hpp>
#include <lal/transcode/opus_to_aac.hpp>

#include "data_path.hpp"

namespace media = lal::media;
using lal::transcode::aac_to_opus;
using lal::transcode::errc;
using lal::transcode::opus_to_aac;

namespace {

using frames = std::vector<media::media_frame>;

// libavcodec's messages would bury the test output.
const bool quiet = [] {
    lal::transcode::quiet_codec_logs();
    return true;
}();

media::track_config_ptr make_config(media::codec_id codec, std::span<const std::byte> record) {
    return std::make_shared<const media::track_config>(
        media::track_config{media::media_kind::audio, codec, lal::payload::copy_from(record)});
}

media::media_frame audio_frame(media::codec_id codec, media::micros dts, std::span<const std::byte> data,
                               media::track_config_ptr config) {
    media::media_frame f;
    f.kind = media::media_kind::audio;
    f.codec = codec;
    f.dts = f.pts = dts;
    f.keyframe = true;
    f.data = lal::payload::copy_from(data);
    f.config = std::move(config);
    return f;
}

// tests/data/media/aac_5s.aac as raw frames with their ASC, timestamps in
// whole milliseconds as FLV would carry them.
frames clip_frames() {
    auto file = lal::test::read_data("media/aac_5s.aac");
    lal::aac::adts_splitter splitter;
    REQUIRE(!splitter.feed(file));
    frames out;
    media::track_config_ptr config;
    std::int64_t samples = 0;
    while (auto whole = splitter.next()) {
        auto frame = lal::aac::parse_adts_frame(whole->bytes());
        REQUIRE(frame.has_value());
        if (!config) {
            std::vector<std::byte> asc;
            REQUIRE(!lal::aac::append_asc(lal::aac::to_audio_specific_config(frame->header), asc));
            config = make_config(media::codec_id::aac, asc);
        }
        out.push_back(audio_frame(media::codec_id::aac, media::from_ms(samples * 1000 / 44100), frame->raw, config));
        samples += 1024;
    }
    return out;
}

// A tone of `hz` from `onset` seconds on (silence before), `seconds` long.
std::vector<float> tone(int rate, int channels, double hz, double seconds, double onset = 0) {
    const auto n = static_cast<std::size_t>(seconds * rate);
    std::vector<float> pcm(n * static_cast<std::size_t>(channels), 0.0F);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / rate;
        if (t < onset) continue;
        const auto v = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * hz * t));
        for (int c = 0; c < channels; ++c) pcm[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = v;
    }
    return pcm;
}

// Codes interleaved `pcm` with libavcodec's AAC encoder; frames stamped with
// the encoder's pts, so the priming frame comes first at a negative time.
frames encode_aac(const std::vector<float>& pcm, int rate, int channels) {
    const AVCodec* codec = avcodec_find_encoder_by_name("aac");
    REQUIRE(codec != nullptr);
    AVCodecContext* ctx = avcodec_alloc_context3(codec);
    ctx->sample_rate = rate;
    ctx->sample_fmt = AV_SAMPLE_FMT_FLTP;
    ctx->bit_rate = 96000;
    ctx->time_base = AVRational{1, rate};
    av_channel_layout_default(&ctx->ch_layout, channels);
    REQUIRE(avcodec_open2(ctx, codec, nullptr) == 0);
    auto config = make_config(media::codec_id::aac,
                              std::as_bytes(std::span(ctx->extradata, static_cast<std::size_t>(ctx->extradata_size))));
    frames out;
    AVPacket* pkt = av_packet_alloc();
    auto drain = [&] {
        while (avcodec_receive_packet(ctx, pkt) == 0) {
            out.push_back(audio_frame(media::codec_id::aac, pkt->pts * 1000000 / rate,
                                      std::as_bytes(std::span(pkt->data, static_cast<std::size_t>(pkt->size))), config));
            av_packet_unref(pkt);
        }
    };
    const std::size_t total = pcm.size() / static_cast<std::size_t>(channels);
    AVFrame* frame = av_frame_alloc();
    for (std::size_t at = 0; at < total; at += 1024) {
        frame->nb_samples = static_cast<int>(std::min<std::size_t>(1024, total - at));
        frame->format = AV_SAMPLE_FMT_FLTP;
        frame->sample_rate = rate;
        av_channel_layout_default(&frame->ch_layout, channels);
        REQUIRE(av_frame_get_buffer(frame, 0) == 0);
        for (int c = 0; c < channels; ++c) {
            auto* dst = reinterpret_cast<float*>(frame->extended_data[c]);
            for (int i = 0; i < frame->nb_samples; ++i) {
                dst[i] = pcm[(at + static_cast<std::size_t>(i)) * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)];
            }
        }
        frame->pts = static_cast<std::int64_t>(at);
        REQUIRE(avcodec_send_frame(ctx, frame) == 0);
        av_frame_unref(frame);
        drain();
    }
    avcodec_send_frame(ctx, nullptr);
    drain();
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&ctx);
    return out;
}

// Decodes AAC frames (their ASC as extradata) to interleaved stereo-or-mono float.
std::vector<float> decode_aac(const frames& in, int& channels, int& rate) {
    REQUIRE(!in.empty());
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
    AVCodecContext* ctx = avcodec_alloc_context3(codec);
    const auto& asc = in.front().config->record;
    ctx->extradata = static_cast<std::uint8_t*>(av_mallocz(asc.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    std::memcpy(ctx->extradata, asc.bytes().data(), asc.size());
    ctx->extradata_size = static_cast<int>(asc.size());
    REQUIRE(avcodec_open2(ctx, codec, nullptr) == 0);
    std::vector<float> pcm;
    AVPacket* pkt = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    for (const auto& f : in) {
        REQUIRE(av_new_packet(pkt, static_cast<int>(f.data.size())) == 0);
        std::memcpy(pkt->data, f.data.bytes().data(), f.data.size());
        REQUIRE(avcodec_send_packet(ctx, pkt) == 0);
        av_packet_unref(pkt);
        while (avcodec_receive_frame(ctx, frame) == 0) {
            channels = frame->ch_layout.nb_channels;
            rate = frame->sample_rate;
            REQUIRE(frame->format == AV_SAMPLE_FMT_FLTP);
            for (int i = 0; i < frame->nb_samples; ++i) {
                for (int c = 0; c < channels; ++c) pcm.push_back(reinterpret_cast<const float*>(frame->extended_data[c])[i]);
            }
            av_frame_unref(frame);
        }
    }
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&ctx);
    return pcm;
}

// Codes interleaved 48 kHz `pcm` into 20 ms Opus packets stamped 20 ms apart.
frames encode_opus(const std::vector<float>& pcm, int channels) {
    int err = 0;
    OpusEncoder* enc = opus_encoder_create(48000, channels, OPUS_APPLICATION_AUDIO, &err);
    REQUIRE(err == OPUS_OK);
    frames out;
    unsigned char buf[4000];
    const std::size_t step = 960 * static_cast<std::size_t>(channels);
    for (std::size_t at = 0; at + step <= pcm.size(); at += step) {
        const int n = opus_encode_float(enc, pcm.data() + at, 960, buf, sizeof buf);
        REQUIRE(n > 0);
        out.push_back(audio_frame(media::codec_id::opus, static_cast<media::micros>(out.size()) * 20000,
                                  std::as_bytes(std::span(buf, static_cast<std::size_t>(n))), nullptr));
    }
    opus_encoder_destroy(enc);
    return out;
}

// Decodes Opus packets with libopus to interleaved 48 kHz stereo.
std::vector<float> decode_opus(const frames& in) {
    int err = 0;
    OpusDecoder* dec = opus_decoder_create(48000, 2, &err);
    REQUIRE(err == OPUS_OK);
    std::vector<float> pcm;
    std::vector<float> buf(5760 * 2);
    for (const auto& f : in) {
        const int n = opus_decode_float(dec, reinterpret_cast<const unsigned char*>(f.data.bytes().data()),
                                        static_cast<opus_int32>(f.data.size()), buf.data(), 5760, 0);
        REQUIRE(n == 960);
        pcm.insert(pcm.end(), buf.begin(), buf.begin() + 2 * n);
    }
    opus_decoder_destroy(dec);
    return pcm;
}

// Power of `hz` in channel `c` of `count` samples from `first` (Goertzel).
double power_at(const std::vector<float>& pcm, int channels, int c, std::size_t first, std::size_t count, int rate, double hz) {
    const double k = 2 * std::cos(2 * std::numbers::pi * hz / rate);
    double s1 = 0, s2 = 0;
    for (std::size_t i = first; i < first + count; ++i) {
        const double s = pcm[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] + k * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    return s1 * s1 + s2 * s2 - k * s1 * s2;
}

// The strongest frequency (10 Hz steps, 100 Hz to 4 kHz) in a middle stretch of channel `c`.
double peak_hz(const std::vector<float>& pcm, int channels, int c, int rate) {
    const std::size_t total = pcm.size() / static_cast<std::size_t>(channels);
    const std::size_t count = static_cast<std::size_t>(rate) / 4;
    REQUIRE(total > 2 * count);
    const std::size_t first = total / 2 - count / 2;
    double best = 0, best_hz = 0;
    for (double hz = 100; hz <= 4000; hz += 10) {
        const double p = power_at(pcm, channels, c, first, count, rate, hz);
        if (p > best) best = p, best_hz = hz;
    }
    return best_hz;
}

// Root mean square of channel `c`.
double rms(const std::vector<float>& pcm, int channels, int c) {
    double sum = 0;
    const std::size_t total = pcm.size() / static_cast<std::size_t>(channels);
    for (std::size_t i = 0; i < total; ++i) {
        const double v = pcm[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)];
        sum += v * v;
    }
    return std::sqrt(sum / static_cast<double>(total));
}

// Index of the first sample of channel 0 whose level passes half the tone's amplitude.
std::optional<std::size_t> onset(const std::vector<float>& pcm, int channels) {
    for (std::size_t i = 0; i * static_cast<std::size_t>(channels) < pcm.size(); ++i) {
        if (std::abs(pcm[i * static_cast<std::size_t>(channels)]) > 0.25F) return i;
    }
    return std::nullopt;
}

frames run(aac_to_opus& t, const frames& in) {
    frames out;
    for (const auto& f : in) REQUIRE(!t.transcode(f, out));
    t.flush(out);
    return out;
}

frames run(opus_to_aac& t, const frames& in) {
    frames out;
    for (const auto& f : in) REQUIRE(!t.transcode(f, out));
    t.flush(out);
    return out;
}

void check_opus_timeline(const frames& out, media::micros anchor) {
    for (std::size_t k = 0; k < out.size(); ++k) {
        REQUIRE(out[k].codec == media::codec_id::opus);
        REQUIRE(out[k].dts == anchor + static_cast<media::micros>(k) * 20000);
        REQUIRE(out[k].pts == out[k].dts);
    }
}

}  // namespace

TEST_CASE("aac_to_opus turns the test clip into 20 ms Opus frames carrying its 440/660 Hz tones", "[transcode][aac_to_opus]") {
    auto in = clip_frames();
    REQUIRE(in.size() == 216);
    aac_to_opus t;
    auto out = run(t, in);
    // 216 x 1024 samples at 44.1 kHz = 240744.5 samples at 48 kHz: 251 frames of 960.
    CHECK(out.size() == 251);
    check_opus_timeline(out, 0);
    REQUIRE(t.config()->codec == media::codec_id::opus);
    CHECK(out.front().config == t.config());
    CHECK(t.lookahead() > 0);

    auto pcm = decode_opus(out);
    CHECK(pcm.size() == 251u * 960 * 2);
    CHECK(rms(pcm, 2, 0) > 0.05);
    CHECK(rms(pcm, 2, 1) > 0.05);
    CHECK(peak_hz(pcm, 2, 0, 48000) == Approx(440).margin(10));
    CHECK(peak_hz(pcm, 2, 1, 48000) == Approx(660).margin(10));
}

TEST_CASE("aac_to_opus resamples and upmixes 32 kHz mono and keeps the tone's onset in sync", "[transcode][aac_to_opus]") {
    // 2 s at 32 kHz: silence, then 1 kHz from 0.5 s.
    auto in = encode_aac(tone(32000, 1, 1000, 2.0, 0.5), 32000, 1);
    REQUIRE(in.front().dts < 0);  // the encoder's priming frame
    aac_to_opus t;
    auto out = run(t, in);
    const media::micros anchor = in.front().dts;
    check_opus_timeline(out, anchor);
    // Every AAC frame is decoded: (frames x 1024) samples at 32 kHz -> 48 kHz.
    const auto samples_48k = static_cast<double>(in.size()) * 1024 * 48000 / 32000;
    CHECK(out.size() == static_cast<std::size_t>(std::ceil(samples_48k / 960)));

    auto pcm = decode_opus(out);
    CHECK(peak_hz(pcm, 2, 0, 48000) == Approx(1000).margin(10));
    CHECK(peak_hz(pcm, 2, 1, 48000) == Approx(1000).margin(10));
    // Sample i of the decoded Opus plays at anchor + i / 48 kHz: the onset
    // lands at 0.5 s within 1 ms (AAC's pre-echo and the resampler's filter).
    auto at = onset(pcm, 2);
    REQUIRE(at.has_value());
    const double onset_us = static_cast<double>(anchor) + 1e6 * static_cast<double>(*at) / 48000;
    CHECK(onset_us == Approx(500000).margin(1000));
}

TEST_CASE("aac_to_opus follows an HE-AAC config to the decoder's doubled output rate", "[transcode][aac_to_opus]") {
    // The clip's frames under an ASC with explicit SBR (ISO/IEC 14496-3 1.6.5,
    // hierarchical signalling, 88.2 kHz output): the decoder runs its SBR
    // stage and gives 2048 samples per frame at 88.2 kHz, the same 23.2 ms.
    lal::aac::audio_specific_config he;
    he.object_type = lal::aac::object_types::aac_lc;
    he.sampling_frequency_index = 4;
    he.sampling_frequency = 44100;
    he.channel_configuration = 2;
    he.signalling = lal::aac::sbr_signalling::hierarchical;
    he.extension_object_type = lal::aac::object_types::sbr;
    he.sbr_present = true;
    he.extension_sampling_frequency_index = 1;
    he.extension_sampling_frequency = 88200;
    std::vector<std::byte> record;
    REQUIRE(!lal::aac::append_asc(he, record));
    auto config = make_config(media::codec_id::aac, record);
    auto in = clip_frames();
    for (auto& f : in) f.config = config;
    aac_to_opus t;
    auto out = run(t, in);
    CHECK(out.size() == 251);
    check_opus_timeline(out, 0);
    auto pcm = decode_opus(out);
    CHECK(peak_hz(pcm, 2, 0, 48000) == Approx(440).margin(10));
}

TEST_CASE("aac_to_opus fills a gap of lost frames with silence and re-anchors on a jump", "[transcode][aac_to_opus]") {
    auto in = clip_frames();
    SECTION("five frames lost in the middle keep every later frame on time") {
        frames holed;
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (i < 100 || i >= 105) holed.push_back(in[i]);
        }
        aac_to_opus t;
        auto out = run(t, holed);
        CHECK(out.size() == 251);
        check_opus_timeline(out, 0);
    }
    SECTION("a jump of ten seconds flushes the first part and starts again at the new time") {
        frames jumped = in;
        for (std::size_t i = 108; i < jumped.size(); ++i) jumped[i].dts = jumped[i].pts = jumped[i].dts + 10000000;
        aac_to_opus t;
        auto out = run(t, jumped);
        // 108 x 1024 at 44.1 kHz = 120372.2 samples at 48 kHz: 126 frames; the rest likewise.
        REQUIRE(out.size() == 126 + 126);
        check_opus_timeline(frames(out.begin(), out.begin() + 126), 0);
        check_opus_timeline(frames(out.begin() + 126, out.end()), jumped[108].dts);
    }
}

TEST_CASE("aac_to_opus reports bad input for that frame and goes on", "[transcode][aac_to_opus]") {
    auto in = clip_frames();
    aac_to_opus t;
    frames out;
    auto garbage = std::vector<std::byte>(200, std::byte{0xa5});

    SECTION("not AAC, no config, empty, too large") {
        auto opus_frame = in[0];
        opus_frame.codec = media::codec_id::opus;
        CHECK(t.transcode(opus_frame, out) == errc::wrong_codec);
        auto bare = in[0];
        bare.config = nullptr;
        CHECK(t.transcode(bare, out) == errc::missing_config);
        auto empty = audio_frame(media::codec_id::aac, 0, {}, in[0].config);
        CHECK(t.transcode(empty, out) == errc::decode_failed);
        std::vector<std::byte> huge(lal::transcode::max_frame_size + 1);
        CHECK(t.transcode(audio_frame(media::codec_id::aac, 0, huge, in[0].config), out) == errc::frame_too_large);
        CHECK(out.empty());
    }
    SECTION("a corrupt frame is an error and the next frames decode") {
        for (std::size_t i = 0; i < 50; ++i) REQUIRE(!t.transcode(in[i], out));
        auto bad = audio_frame(media::codec_id::aac, in[50].dts, garbage, in[50].config);
        CHECK(t.transcode(bad, out) == errc::decode_failed);
        for (std::size_t i = 51; i < in.size(); ++i) REQUIRE(!t.transcode(in[i], out));
        t.flush(out);
        // The rejected frame's time is filled with silence: same count as the whole clip.
        CHECK(out.size() == 251);
        check_opus_timeline(out, 0);
    }
    SECTION("a wrong ASC fails its frames until a good one re-opens the decoder") {
        std::vector<std::byte> reserved_rate{std::byte{0x17}, std::byte{0x10}};  // AAC-LC, sampling index 14
        auto bad_config = make_config(media::codec_id::aac, reserved_rate);
        for (int i = 0; i < 3; ++i) {
            CHECK(t.transcode(audio_frame(media::codec_id::aac, 0, in[0].data.bytes(), bad_config), out) == errc::bad_config);
        }
        auto bare = in[0];
        bare.config = nullptr;
        CHECK(t.transcode(bare, out) == errc::bad_config);
        // A good ASC followed by 2 KB: too long for any ASC, refused before parsing.
        std::vector<std::byte> oversized(in[0].config->record.bytes().begin(), in[0].config->record.bytes().end());
        oversized.resize(2048);
        CHECK(t.transcode(audio_frame(media::codec_id::aac, 0, in[0].data.bytes(),
                                      make_config(media::codec_id::aac, oversized)), out) == errc::bad_config);
        for (const auto& f : in) REQUIRE(!t.transcode(f, out));
        t.flush(out);
        CHECK(out.size() == 251);
    }
    SECTION("a new ASC mid-stream (44.1 kHz stereo to 32 kHz mono) re-opens the decoder") {
        auto second = encode_aac(tone(32000, 1, 1000, 1.0), 32000, 1);
        for (std::size_t i = 0; i < 108; ++i) REQUIRE(!t.transcode(in[i], out));
        const media::micros next = media::from_ms(108 * 1024 * 1000 / 44100);
        for (auto f : second) {
            f.dts = f.pts = f.dts - second.front().dts + next;
            REQUIRE(!t.transcode(f, out));
        }
        t.flush(out);
        check_opus_timeline(out, 0);
        auto pcm = decode_opus(out);
        // 0.7 s of the second part, away from its edges.
        const std::vector<float> tail(pcm.end() - 2 * 43200, pcm.end() - 2 * 9600);
        CHECK(peak_hz(tail, 2, 0, 48000) == Approx(1000).margin(10));
    }
}

TEST_CASE("opus_to_aac turns 20 ms Opus packets into AAC-LC frames carrying the tone", "[transcode][opus_to_aac]") {
    // 2 s of stereo 48 kHz: silence, then 1 kHz from 0.5 s; 100 packets.
    auto in = encode_opus(tone(48000, 2, 1000, 2.0, 0.5), 2);
    REQUIRE(in.size() == 100);
    for (unsigned rate : {48000u, 44100u}) {
        DYNAMIC_SECTION("at " << rate << " Hz") {
            opus_to_aac t({.sample_rate = rate});
            auto out = run(t, in);
            // 96000 decoded samples, at the output rate, in frames of 1024.
            const auto expected = static_cast<std::size_t>(std::ceil(96000.0 * rate / 48000 / 1024));
            CHECK(out.size() == expected);
            for (std::size_t k = 0; k < out.size(); ++k) {
                REQUIRE(out[k].codec == media::codec_id::aac);
                REQUIRE(out[k].dts == static_cast<media::micros>(k) * 1024 * 1000000 / rate);
                REQUIRE(out[k].config == t.config());
            }
            auto asc = lal::aac::parse_asc(t.config()->record.bytes());
            REQUIRE(asc.has_value());
            CHECK(asc->object_type == lal::aac::object_types::aac_lc);
            CHECK(asc->sampling_frequency == rate);
            CHECK(asc->channel_configuration == 2);

            int channels = 0, decoded_rate = 0;
            auto pcm = decode_aac(out, channels, decoded_rate);
            REQUIRE(channels == 2);
            REQUIRE(decoded_rate == static_cast<int>(rate));
            CHECK(pcm.size() == out.size() * 1024 * 2);
            CHECK(peak_hz(pcm, 2, 0, decoded_rate) == Approx(1000).margin(10));
            CHECK(peak_hz(pcm, 2, 1, decoded_rate) == Approx(1000).margin(10));
            // libopus's own look-ahead is in the input; the AAC encoder's
            // priming is taken out, so the onset stays within 1 ms.
            auto at = onset(pcm, 2);
            REQUIRE(at.has_value());
            const double onset_us = 1e6 * static_cast<double>(*at) / rate;
            CHECK(onset_us == Approx(500000 + 1e6 * 312 / 48000).margin(1000));
        }
    }
}

TEST_CASE("opus_to_aac conceals lost packets, re-anchors on a jump and survives garbage", "[transcode][opus_to_aac]") {
    auto in = encode_opus(tone(48000, 2, 1000, 2.0), 2);
    opus_to_aac t;
    frames out;
    SECTION("three lost packets keep the frame count and the timeline") {
        frames holed;
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (i < 40 || i >= 43) holed.push_back(in[i]);
        }
        out = run(t, holed);
        CHECK(out.size() == 94);
        for (std::size_t k = 0; k < out.size(); ++k) REQUIRE(out[k].dts == static_cast<media::micros>(k) * 1024 * 1000000 / 48000);
    }
    SECTION("a jump of a minute starts a new timeline at the jump") {
        for (std::size_t i = 50; i < in.size(); ++i) in[i].dts = in[i].pts = in[i].dts + 60000000;
        out = run(t, in);
        // 48000 samples on each side: 47 frames each (46.9).
        REQUIRE(out.size() == 94);
        CHECK(out[46].dts == media::micros{46} * 1024 * 1000000 / 48000);
        CHECK(out[47].dts == in[50].dts);
    }
    SECTION("garbage is an error for its frame; a bad OpusHead fails until a good one comes") {
        auto bad = audio_frame(media::codec_id::opus, 0, std::vector<std::byte>(3, std::byte{0xff}), nullptr);
        CHECK(t.transcode(bad, out) == errc::decode_failed);
        CHECK(t.transcode(audio_frame(media::codec_id::opus, 0, {}, nullptr), out) == errc::decode_failed);
        auto aac = in[0];
        aac.codec = media::codec_id::aac;
        CHECK(t.transcode(aac, out) == errc::wrong_codec);
        std::vector<std::byte> not_head(19, std::byte{0});
        auto with_bad_head = in[0];
        with_bad_head.config = make_config(media::codec_id::opus, not_head);
        CHECK(t.transcode(with_bad_head, out) == errc::bad_config);
        CHECK(t.transcode(in[0], out) == errc::bad_config);  // no config: the bad one is still in effect
        std::vector<std::byte> six_channels{std::byte{'O'}, std::byte{'p'}, std::byte{'u'}, std::byte{'s'},
                                            std::byte{'H'}, std::byte{'e'}, std::byte{'a'}, std::byte{'d'},
                                            std::byte{1},   std::byte{6},   std::byte{0},   std::byte{0},
                                            std::byte{0x80}, std::byte{0xbb}, std::byte{0}, std::byte{0},
                                            std::byte{0},   std::byte{0},   std::byte{1},   std::byte{4},
                                            std::byte{2},   std::byte{0},   std::byte{4},   std::byte{1},
                                            std::byte{2},   std::byte{3},   std::byte{5}};
        auto surround = in[0];
        surround.config = make_config(media::codec_id::opus, six_channels);
        CHECK(t.transcode(surround, out) == errc::unsupported_config);
        CHECK(out.empty());
        std::vector<std::byte> good;
        REQUIRE(!lal::opus::append_opus_head(lal::opus::default_opus_head(2), good));
        auto head = make_config(media::codec_id::opus, good);
        for (auto f : in) {
            f.config = head;
            REQUIRE(!t.transcode(f, out));
        }
        t.flush(out);
        CHECK(out.size() == 94);
    }
}
