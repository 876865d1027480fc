// SPDX-License-Identifier: MIT
// AV1 temporal units from RTP packets (AOM "RTP Payload Format For AV1"
// v1.0.0, 4.4 and 5): OBU elements in either form (W = 0: each with a
// leb128 length; W = 1..3: that many, the last without), fragments joined
// across packets (Z, Y), and each OBU written out with obu_has_size_field
// set (the low-overhead format of AV1 spec 5.2 that the model carries).
// Temporal delimiters, tile lists and padding are ignored (5). A unit ends at the
// marker bit (RTP header usage: set on a unit's last packet) or when the timestamp changes.
#include "av1_format.hpp"

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/av1/obu.hpp>

namespace lal::rtp::detail {
namespace {

class av1_depacketizer final : public depacketizer {
public:
    av1_depacketizer(std::uint32_t rate, media::track_config_ptr config, depacketizer_options options)
        : depacketizer(rate, std::move(config), options) {
        dts_.set_reorder_frames(0);  // AV1 frames arrive in decode order and show without reordering delay
    }

private:
    std::error_code on_packet(const packet& p, bool after_loss) override {
        const auto ts = p.header.timestamp;
        if (after_loss && tu_ts_) tu_broken_ = true;
        if (tu_ts_ && *tu_ts_ != ts) complete();
        if (!tu_ts_) {
            tu_ts_ = ts;
            tu_broken_ = after_loss;
        }
        if (after_loss) in_fragment_ = false;  // its tail or head is gone
        auto ec = read_payload(p.payload.bytes(), after_loss);
        if (ec) {
            // The unit is lost; the rest of an OBU this packet left unfinished is skipped quietly.
            tu_broken_ = true;
            in_fragment_ = false;
            const auto b = p.payload.bytes();
            dropping_ = !b.empty() && (std::to_integer<std::uint8_t>(b[0]) & av1_y) != 0;
        }
        if (p.header.marker) complete();
        return ec;
    }

    void on_flush() override { complete(); }

    std::error_code read_payload(byte_span b, bool after_loss) {
        if (b.size() < 2) return errc::empty_payload;
        const auto agg = std::to_integer<std::uint8_t>(b[0]);
        const bool z = agg & av1_z;
        const bool y = agg & av1_y;
        const unsigned w = (agg >> av1_w_shift) & 3;
        // 4.4: a continuation needs the fragment before it; a new OBU must not
        // arrive while one is unfinished.
        const bool skip_first = z && !in_fragment_ && (after_loss || dropping_);  // its start was lost
        dropping_ = false;
        if (z && !in_fragment_ && !skip_first) return errc::bad_fragment;
        if (!z && in_fragment_) {
            in_fragment_ = false;
            return errc::bad_fragment;
        }
        auto rest = b.subspan(1);
        unsigned count = 0;
        for (unsigned i = 0; !rest.empty(); ++i) {
            const bool last = w != 0 && i + 1 == w;
            std::size_t size = rest.size();
            if (!last) {
                auto leb = av1::read_leb128(rest);
                if (!leb) return errc::bad_aggregate;
                rest = rest.subspan(leb->second);
                if (leb->first > rest.size()) return errc::bad_aggregate;
                size = leb->first;
            }
            if (w != 0 && i >= w) return errc::bad_aggregate;  // more bytes than W elements
            const auto element = rest.first(size);
            rest = rest.subspan(size);
            const bool first = i == 0;
            const bool ends_packet = rest.empty();
            ++count;
            if (first && skip_first) {
                dropping_ = ends_packet && y;  // the rest of it follows
                continue;
            }
            if (size == 0) {
                if (w == 0) continue;  // a zero length is padding of the W = 0 form
                return errc::bad_aggregate;
            }
            if (first && z) {
                if (fragment_.size() + size > options_.max_frame_size) return errc::frame_too_large;
                fragment_.insert(fragment_.end(), element.begin(), element.end());
                if (ends_packet && y) continue;  // a middle fragment
                in_fragment_ = false;
                if (auto ec = add_obu(fragment_)) return ec;
                continue;
            }
            if (ends_packet && y) {
                if (element.size() > options_.max_frame_size) return errc::frame_too_large;
                fragment_.assign(element.begin(), element.end());
                in_fragment_ = true;
                continue;
            }
            if (auto ec = add_obu(element)) return ec;
        }
        if (w != 0 && count != w) return errc::bad_aggregate;  // fewer elements than W says
        return {};
    }

    // One whole OBU element: written with its size field (AV1 spec 5.3.1).
    std::error_code add_obu(byte_span e) {
        const auto h = std::to_integer<std::uint8_t>(e[0]);
        if (h & 0x80) return errc::bad_aggregate;  // obu_forbidden_bit
        const auto type = static_cast<std::uint8_t>((h >> 3) & 0x0f);
        const std::size_t header_size = (h & 0x04) ? 2 : 1;
        if (e.size() < header_size) return errc::truncated;
        auto payload = e.subspan(header_size);
        if (h & 0x02) {
            // 5: receivers accept OBUs that keep their obu_size.
            auto leb = av1::read_leb128(payload);
            if (!leb || leb->first > payload.size() - leb->second) return errc::bad_aggregate;
            payload = payload.subspan(leb->second, leb->first);
        }
        if (type == av1::obu_type::temporal_delimiter || type == av1::obu_type::tile_list ||
            type == av1::obu_type::padding)
            return {};
        if (tu_.size() + header_size + 5 + payload.size() > options_.max_frame_size) return errc::frame_too_large;
        const auto at = tu_.size();
        tu_.push_back(static_cast<std::byte>(h | 0x02));
        if (header_size == 2) tu_.push_back(e[1]);
        av1::append_leb128(static_cast<std::uint32_t>(payload.size()), tu_);
        tu_.insert(tu_.end(), payload.begin(), payload.end());
        if (type == av1::obu_type::sequence_header) {
            tu_has_sequence_header_ = true;
            const auto written = byte_span(tu_).subspan(at);
            if (std::equal(written.begin(), written.end(), sequence_header_.begin(), sequence_header_.end())) return {};
            sequence_header_.assign(written.begin(), written.end());
            config_changed_ = true;
        } else if ((type == av1::obu_type::frame || type == av1::obu_type::frame_header) && !tu_frame_seen_) {
            // 5.9.2: show_existing_frame(1), frame_type(2) = KEY_FRAME (0).
            tu_frame_seen_ = true;
            tu_key_frame_ = !payload.empty() && (std::to_integer<std::uint8_t>(payload[0]) & 0xe0) == 0;
        }
        return {};
    }

    // An av1C made from the newest in-band sequence header (AV1-ISOBMFF 2.3).
    void update_config() {
        if (!config_changed_) return;
        config_changed_ = false;
        auto rec = av1::make_codec_configuration_record(sequence_header_);
        if (!rec) return;
        std::vector<std::byte> record;
        av1::append_codec_configuration_record(*rec, record);
        if (config_ && std::equal(record.begin(), record.end(), config_->record.bytes().begin(),
                                  config_->record.bytes().end()))
            return;
        config_ = std::make_shared<const media::track_config>(
            media::track_config{media::media_kind::video, media::codec_id::av1, lal::payload::adopt(std::move(record))});
    }

    void complete() {
        if (!tu_ts_) return;
        if (in_fragment_) {
            tu_broken_ = true;  // the last fragment never came
            in_fragment_ = false;
        }
        // A key frame is a random access point only with its sequence header (AV1 spec 7.5).
        const bool key = tu_key_frame_ && tu_has_sequence_header_;
        if (tu_broken_) {
            ++stats_.broken_frames;
            need_key_ = true;
        } else if (!tu_.empty()) {
            update_config();
            if ((need_key_ && !key) || !config_) {
                ++stats_.skipped_frames;
            } else {
                media::media_frame f;
                f.kind = media::media_kind::video;
                f.codec = media::codec_id::av1;
                f.pts = clock_.to_micros(*tu_ts_);
                f.dts = dts_.next(f.pts, key);
                f.keyframe = key;
                f.data = lal::payload::adopt(std::move(tu_));
                f.config = config_;
                need_key_ = false;
                emit(std::move(f));
            }
        }
        tu_.clear();
        tu_ts_.reset();
        tu_broken_ = tu_has_sequence_header_ = tu_key_frame_ = tu_frame_seen_ = false;
    }

    dts_estimator dts_;
    std::optional<std::uint32_t> tu_ts_;
    std::vector<std::byte> tu_;        // OBUs of the temporal unit in progress
    bool tu_broken_ = false;
    bool tu_has_sequence_header_ = false;
    bool tu_key_frame_ = false;
    bool tu_frame_seen_ = false;
    std::vector<std::byte> fragment_;  // the OBU being joined from fragments
    bool in_fragment_ = false;
    bool dropping_ = false;            // skipping the fragments of an OBU whose start was lost
    bool need_key_ = true;             // decoding starts at a key frame
    std::vector<std::byte> sequence_header_;
    bool config_changed_ = false;
};

}  // namespace

std::unique_ptr<depacketizer> make_av1_depacketizer(std::uint32_t clock_rate, media::track_config_ptr config,
                                                    depacketizer_options options) {
    return std::make_unique<av1_depacketizer>(clock_rate, std::move(config), options);
}

}  // namespace lal::rtp::detail
