// SPDX-License-Identifier: MIT
// Reassembles H.264 (RFC 6184) and H.265 (RFC 7798) access units from single
// NAL unit packets, aggregation packets (STAP-A, AP) and fragmentation
// units (FU-A, FU). An access unit ends at the marker bit (RFC 6184 5.1) or,
// for senders that never set it, when the timestamp changes.
#include "nal_depacketizer.hpp"

#include <algorithm>

#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/base/byte_reader.hpp>
#include <lal/rtp/hevc_config.hpp>

namespace lal::rtp::detail {
namespace {

class nal_depacketizer final : public depacketizer {
public:
    nal_depacketizer(const nal_format& fmt, std::uint32_t rate, media::track_config_ptr config,
                     depacketizer_options options)
        : depacketizer(rate, std::move(config), options), fmt_(fmt) {
        if (options_.reorder_frames) dts_.set_reorder_frames(*options_.reorder_frames);
        if (config_ && fmt_.header_size == 1) {
            if (auto rec = avc::parse_decoder_configuration_record(config_->record.bytes()); rec && !rec->sps.empty())
                learn_reordering(rec->sps.front());
        }
    }

private:
    std::error_code on_packet(const packet& p, bool after_loss) override {
        const auto ts = p.header.timestamp;
        // Lost packets may have been the tail of the unit in progress (its
        // marker was not seen) or the head of the next one: both are broken.
        if (after_loss && au_ts_) au_broken_ = true;
        if (au_ts_ && *au_ts_ != ts) complete();
        if (!au_ts_) {
            au_ts_ = ts;
            au_broken_ = after_loss;
        }
        auto ec = read_payload(p.payload.bytes());
        if (ec) au_broken_ = true;
        if (p.header.marker) complete();
        return ec;
    }

    void on_flush() override { complete(); }

    std::error_code read_payload(byte_span b) {
        const auto hs = fmt_.header_size;
        if (b.size() <= hs) return errc::empty_payload;
        const auto type = fmt_.type_of(b);
        if (type == fmt_.aggregate_type) {
            if (in_fu_) return broken_fragment();
            // RFC 6184 5.7.1 / RFC 7798 4.4.2 (without DONL): 16-bit size, unit.
            lal::byte_reader r(b.subspan(hs));
            while (!r.empty()) {
                auto size = r.u16();
                if (!size || *size <= hs) return errc::bad_aggregate;
                auto unit = r.bytes(*size);
                if (!unit) return errc::bad_aggregate;
                if (auto ec = add_unit(*unit)) return ec;
            }
            return {};
        }
        if (type == fmt_.fragment_type) {
            if (b.size() < hs + 2) return errc::empty_payload;
            const auto fu = std::to_integer<std::uint8_t>(b[hs]);
            const bool start = fu & 0x80;
            const bool end = fu & 0x40;
            const auto unit_type = static_cast<std::uint8_t>(fu & (hs == 1 ? 0x1f : 0x3f));
            const auto data = b.subspan(hs + 1);
            if (start) {
                // RFC 6184 5.8: S and E never both set; a start ends no fragment.
                if (in_fu_ || end) return broken_fragment();
                fu_.resize(hs);
                fmt_.unit_header(b, unit_type, fu_.data());
                in_fu_ = true;
            } else if (!in_fu_) {
                return errc::bad_fragment;  // its start was lost or never sent
            }
            if (fu_.size() + data.size() > options_.max_frame_size) {
                in_fu_ = false;
                return errc::frame_too_large;
            }
            fu_.insert(fu_.end(), data.begin(), data.end());
            if (end) {
                in_fu_ = false;
                return add_unit(fu_);
            }
            return {};
        }
        // RFC 6184 5.2: STAP-B, MTAP16/24, FU-B are for interleaved mode; RFC 7798 PACI 50.
        if ((hs == 1 && (type == 0 || type >= 25)) || (hs == 2 && type >= 50)) return errc::unsupported_packet_type;
        if (in_fu_) return broken_fragment();
        return add_unit(b);
    }

    std::error_code broken_fragment() {
        in_fu_ = false;
        return errc::bad_fragment;
    }

    std::error_code add_unit(byte_span nal) {
        if (nal.size() <= fmt_.header_size) return errc::empty_payload;
        if (fmt_.is_packet_type(fmt_.type_of(nal))) return errc::unsupported_packet_type;
        if (au_.size() + 4 + nal.size() > options_.max_frame_size) return errc::frame_too_large;
        const auto at = au_.size();
        au_.resize(at + 4);
        store_be(au_.data() + at, nal.size(), 4);
        au_.insert(au_.end(), nal.begin(), nal.end());
        const auto type = fmt_.type_of(nal);
        au_key_ |= fmt_.is_key(type);
        au_closed_key_ |= fmt_.is_closed_key(type);
        if (fmt_.is_parameter_set(type)) remember_parameter_set(type, nal);
        return {};
    }

    void remember_parameter_set(std::uint8_t type, byte_span nal) {
        std::vector<std::byte>* slot = nullptr;
        if (fmt_.header_size == 1) slot = type == 7 ? &sps_ : &pps_;
        else slot = type == hevc_nal::vps ? &vps_ : type == hevc_nal::sps ? &sps_ : &pps_;
        if (slot->size() == nal.size() && std::equal(nal.begin(), nal.end(), slot->begin())) return;
        slot->assign(nal.begin(), nal.end());
        parameter_sets_changed_ = true;
        if (fmt_.header_size == 1 && type == 7) learn_reordering(nal);
    }

    // The dts delay from the SPS: baseline has no B-frames; the VUI may say how many.
    void learn_reordering(byte_span sps) {
        if (options_.reorder_frames) return;
        auto s = avc::parse_sps(sps);
        if (!s) return;
        if (s->profile_idc == 66) dts_.set_reorder_frames(0);
        else if (s->vui && s->vui->bitstream_restriction_present) dts_.set_reorder_frames(s->vui->max_num_reorder_frames);
    }

    // A configuration made from in-band parameter sets, when they differ from
    // the one in effect (cameras that omit sprop-parameter-sets, or change them).
    void update_config() {
        if (!parameter_sets_changed_) return;
        std::vector<std::byte> record;
        if (fmt_.header_size == 1) {
            if (sps_.empty() || pps_.empty()) return;
            auto rec = avc::make_decoder_configuration_record(sps_, pps_);
            if (!rec || avc::append_decoder_configuration_record(*rec, record)) return;
        } else {
            if (vps_.empty() || sps_.empty() || pps_.empty()) return;
            auto rec = make_hevc_config(vps_, sps_, pps_);
            if (!rec) return;
            record = std::move(*rec);
        }
        parameter_sets_changed_ = false;
        if (config_ && config_->record.bytes().size() == record.size() &&
            std::equal(record.begin(), record.end(), config_->record.bytes().begin()))
            return;
        config_ = std::make_shared<const media::track_config>(
            media::track_config{media::media_kind::video, fmt_.codec, lal::payload::adopt(std::move(record))});
    }

    void complete() {
        if (!au_ts_) return;
        if (in_fu_) {
            au_broken_ = true;  // the end fragment never came
            in_fu_ = false;
        }
        if (au_broken_) {
            // Even with no unit collected (only fragments without their start).
            ++stats_.broken_frames;
            need_key_ = true;
        } else if (!au_.empty()) {
            {
                update_config();
                if ((need_key_ && !au_key_) || !config_) {
                    ++stats_.skipped_frames;
                } else {
                    media::media_frame f;
                    f.kind = media::media_kind::video;
                    f.codec = fmt_.codec;
                    f.pts = clock_.to_micros(*au_ts_);
                    f.dts = dts_.next(f.pts, au_closed_key_);
                    f.keyframe = au_key_;
                    f.data = lal::payload::adopt(std::move(au_));
                    f.config = config_;
                    need_key_ = false;
                    emit(std::move(f));
                }
            }
        }
        au_.clear();
        au_ts_.reset();
        au_broken_ = au_key_ = au_closed_key_ = false;
    }

    nal_format fmt_;
    dts_estimator dts_;
    std::optional<std::uint32_t> au_ts_;
    std::vector<std::byte> au_;  // length-prefixed units of the access unit in progress
    bool au_broken_ = false;
    bool au_key_ = false;
    bool au_closed_key_ = false;
    std::vector<std::byte> fu_;  // the unit being reassembled from fragments
    bool in_fu_ = false;
    bool need_key_ = true;       // decoding starts at a key frame
    std::vector<std::byte> vps_, sps_, pps_;
    bool parameter_sets_changed_ = false;
};

}  // namespace

std::unique_ptr<depacketizer> make_nal_depacketizer(const nal_format& fmt, std::uint32_t clock_rate,
                                                    media::track_config_ptr config, depacketizer_options options) {
    return std::make_unique<nal_depacketizer>(fmt, clock_rate, std::move(config), options);
}

}  // namespace lal::rtp::detail
