// SPDX-License-Identifier: MIT
// Audio payload formats: AAC in RFC 3640 (AU headers, fragmented AUs), and
// formats whose payload is one frame (Opus, RFC 7587; G.711, RFC 3551).
// Audio frames are independent: a loss drops only the frames it touched.
#include "audio_depacketizer.hpp"

#include <lal/aac/audio_specific_config.hpp>
#include <lal/base/bit_reader.hpp>
#include <lal/base/byte_reader.hpp>

namespace lal::rtp::detail {
namespace {

media::media_frame audio_frame(media::codec_id codec, media::micros pts, lal::payload data,
                               const media::track_config_ptr& config) {
    media::media_frame f;
    f.kind = media::media_kind::audio;
    f.codec = codec;
    f.dts = f.pts = pts;
    f.keyframe = true;
    f.data = std::move(data);
    f.config = config;
    return f;
}

class frame_depacketizer final : public depacketizer {
public:
    frame_depacketizer(media::codec_id codec, std::uint32_t rate, media::track_config_ptr config,
                       depacketizer_options options)
        : depacketizer(rate, std::move(config), options), codec_(codec) {}

private:
    std::error_code on_packet(const packet& p, bool) override {
        if (p.payload.empty()) return errc::empty_payload;
        if (p.payload.size() > options_.max_frame_size) return errc::frame_too_large;
        // The frame shares the packet's storage: no copy.
        emit(audio_frame(codec_, clock_.to_micros(p.header.timestamp), p.payload, config_));
        return {};
    }
    media::codec_id codec_;
};

class aac_depacketizer final : public depacketizer {
public:
    aac_depacketizer(std::uint32_t rate, media::track_config_ptr config, depacketizer_options options)
        : depacketizer(rate, std::move(config), options) {
        if (config_) {
            if (auto asc = aac::parse_asc(config_->record.bytes()); asc && asc->ga.frame_length_flag) samples_ = 960;
        }
    }

private:
    struct au_header {
        std::size_t size;
    };

    std::error_code on_packet(const packet& p, bool after_loss) override {
        const auto ts = p.header.timestamp;
        if (after_loss) {
            // RFC 3640 3.2.3: the marker ends a packet of whole AUs or an AU's
            // last fragment. After a loss, a packet without it may be any
            // fragment, so nothing is taken until one with it has passed.
            drop_fragment();
            resync_ = true;
        }
        if (fragment_ && fragment_ts_ != ts) drop_fragment();

        auto b = p.payload.bytes();
        lal::byte_reader r(b);
        auto header_bits = r.u16();
        if (!header_bits) return fail(errc::empty_payload);
        const std::size_t header_bytes = (std::size_t{*header_bits} + 7) / 8;
        auto section = r.bytes(header_bytes);
        if (!section) return fail(errc::bad_au_header);
        // RFC 3640 3.2.1: AU-size, then AU-Index (first) or AU-Index-delta.
        std::vector<au_header> aus;
        lal::bit_reader bits(*section);
        const unsigned size_bits = options_.size_length;
        std::size_t used = 0;
        while (size_bits > 0 && used + size_bits <= *header_bits) {
            const unsigned index_bits = aus.empty() ? options_.index_length : options_.index_delta_length;
            if (used + size_bits + index_bits > *header_bits) return fail(errc::bad_au_header);
            auto size = bits.bits(size_bits);
            if (!size || !bits.skip(index_bits)) return fail(errc::bad_au_header);
            used += size_bits + index_bits;
            aus.push_back({*size});
        }
        if (aus.empty()) return fail(errc::bad_au_header);
        const auto data_at = r.position();
        const auto data = p.payload.slice(data_at);

        if (resync_) {
            if (!p.header.marker) {
                ++stats_.broken_frames;
                return {};
            }
            resync_ = false;
            std::size_t total = 0;
            for (const auto& a : aus) total += a.size;
            if (total > data.size()) {
                ++stats_.broken_frames;  // the last fragment of an AU whose start was lost
                return {};
            }
        }

        if (fragment_) {
            // RFC 3640 3.2.3.1: a fragment repeats the whole AU's size.
            if (aus.size() != 1 || aus[0].size != fragment_size_ || fragment_.value().size() + data.size() > fragment_size_) {
                drop_fragment();
                return fail(errc::bad_au_header);
            }
            auto& buf = *fragment_;
            buf.insert(buf.end(), data.bytes().begin(), data.bytes().end());
            if (buf.size() == fragment_size_) {
                emit(audio_frame(media::codec_id::aac, clock_.to_micros(ts), lal::payload::adopt(std::move(buf)), config_));
                fragment_.reset();
            }
            return {};
        }

        std::size_t off = 0;
        for (std::size_t i = 0; i < aus.size(); ++i) {
            const auto size = aus[i].size;
            if (size > options_.max_frame_size) return fail(errc::frame_too_large);
            if (size == 0) continue;  // an empty AU carries no frame
            if (off + size <= data.size()) {
                // Consecutive AUs are one frame duration apart (3.2.3.2).
                const auto au_ts = static_cast<std::uint32_t>(ts + i * samples_);
                emit(audio_frame(media::codec_id::aac, clock_.to_micros(au_ts), data.slice(off, size), config_));
                off += size;
            } else if (aus.size() == 1 && !p.header.marker) {
                fragment_.emplace(data.bytes().begin(), data.bytes().end());
                fragment_size_ = size;
                fragment_ts_ = ts;
            } else {
                return fail(errc::bad_au_header);
            }
        }
        return {};
    }

    std::error_code fail(errc e) {
        ++stats_.broken_frames;
        return e;
    }
    void drop_fragment() {
        if (fragment_) ++stats_.broken_frames;
        fragment_.reset();
    }

    std::uint32_t samples_ = 1024;  // per AAC frame (960 with frameLengthFlag)
    bool resync_ = false;
    std::optional<std::vector<std::byte>> fragment_;
    std::size_t fragment_size_ = 0;
    std::uint32_t fragment_ts_ = 0;
};

}  // namespace

std::unique_ptr<depacketizer> make_aac_depacketizer(std::uint32_t clock_rate, media::track_config_ptr config,
                                                    depacketizer_options options) {
    return std::make_unique<aac_depacketizer>(clock_rate, std::move(config), options);
}

std::unique_ptr<depacketizer> make_frame_depacketizer(media::codec_id codec, std::uint32_t clock_rate,
                                                      media::track_config_ptr config, depacketizer_options options) {
    return std::make_unique<frame_depacketizer>(codec, clock_rate, std::move(config), options);
}

}  // namespace lal::rtp::detail
