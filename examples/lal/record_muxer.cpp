// SPDX-License-Identifier: MIT
#include "record_muxer.hpp"

#include <algorithm>

#include <lal/flv/tag.hpp>

#include "fmp4_encoder.hpp"
#include "fmp4_rebase.hpp"
#include "log.hpp"
#include "wire_encoder.hpp"

namespace lal::server {

namespace {

/// Appends the tag `w` (the flv_tag form) with its timestamp set to `ms`:
/// the first piece starts with the 11-byte tag header, whose bytes 4-7 are
/// Timestamp (UI24) and TimestampExtended (UI8, the high byte) (FLV E.4.1).
/// Only the header is copied; the body stays shared.
void append_retimed(const lal::media::wire_form& w, std::uint32_t ms, std::vector<lal::payload>& out) {
    const auto pieces = w.pieces();
    if (pieces.empty() || pieces.front().size() < flv::tag_header_size) return;
    const auto head = pieces.front().bytes();
    std::vector<std::byte> h(head.begin(), head.begin() + flv::tag_header_size);
    h[4] = static_cast<std::byte>(ms >> 16);
    h[5] = static_cast<std::byte>(ms >> 8);
    h[6] = static_cast<std::byte>(ms);
    h[7] = static_cast<std::byte>(ms >> 24);
    out.push_back(lal::payload::adopt(std::move(h)));
    if (pieces.front().size() > flv::tag_header_size) {
        out.push_back(pieces.front().slice(flv::tag_header_size, pieces.front().size() - flv::tag_header_size));
    }
    out.insert(out.end(), pieces.begin() + 1, pieces.end());
}

class flv_muxer final : public record_muxer {
public:
    explicit flv_muxer(form_index form) : form_(form) {}
    std::string_view format() const noexcept override { return "flv"; }
    form_index form() const noexcept override { return form_; }

    void keep(const frame& f) override {
        const auto& w = f.encoded(form_);
        if (w.empty()) return;
        if (f.kind() == media_kind::metadata) {
            metadata_ = w;
        } else if (f.is_config()) {
            (f.kind() == media_kind::video ? video_config_ : audio_config_) = w;
        }
    }
    void open(const frame& first, std::vector<lal::payload>& out) override {
        base_ = first.dts();
        out.push_back(flv_stream_header());
        // Metadata and the sequence headers at time 0, as a player expects them first.
        for (const auto* w : {&metadata_, &video_config_, &audio_config_}) append_retimed(*w, 0, out);
    }
    void write(const frame& f, std::vector<lal::payload>& out) override {
        if (f.is_control() && f.kind() == media_kind::metadata) return;  // once per file, at its start
        // Times start at 0 in each file; a configuration sent again from the cache may be older.
        const auto ms = lal::media::to_ms(std::max<lal::media::micros>(f.dts() - base_, 0));
        append_retimed(f.encoded(form_), static_cast<std::uint32_t>(ms), out);
    }

private:
    form_index form_;
    lal::media::wire_form metadata_;
    lal::media::wire_form video_config_;
    lal::media::wire_form audio_config_;
    lal::media::micros base_ = 0;
};

class ts_muxer final : public record_muxer {
public:
    explicit ts_muxer(form_index form) : form_(form) {}
    std::string_view format() const noexcept override { return "ts"; }
    form_index form() const noexcept override { return form_; }
    // The TS form of a key frame carries the program map: nothing to keep or lead with.
    void keep(const frame&) override {}
    void open(const frame&, std::vector<lal::payload>&) override {}
    void write(const frame& f, std::vector<lal::payload>& out) override {
        const auto pieces = f.encoded(form_).pieces();
        out.insert(out.end(), pieces.begin(), pieces.end());
    }

private:
    form_index form_;
};

class mp4_muxer final : public record_muxer {
public:
    explicit mp4_muxer(form_index form) : form_(form) {}
    std::string_view format() const noexcept override { return "mp4"; }
    form_index form() const noexcept override { return form_; }
    // Every coded frame of the fMP4 form leads with the current init segment: nothing to keep.
    void keep(const frame&) override {}
    void open(const frame& first, std::vector<lal::payload>& out) override {
        const auto* init = fmp4_encoder::init_piece(first.encoded(form_));
        init_ = init ? *init : lal::payload{};
        warned_ = false;
        // Players show a file's time from its first tfdt: make it 0.
        origins_ = init ? track_origins(*init, first.dts()) : std::vector<track_origin>{};
        if (init) out.push_back(*init);
    }
    void write(const frame& f, std::vector<lal::payload>& out) override {
        const auto pieces = f.encoded(form_).pieces();
        if (pieces.size() < 2) return;  // configuration, metadata, a codec fMP4 does not carry
        if (!fmp4_encoder::same_init(pieces.front(), init_) && !warned_) {
            // One file holds one moov: fragments of a track it does not declare would not play.
            // (The next file, after a split or a republish, starts with the new init segment.)
            LAL_LOG_WARN("[record] the tracks changed inside an MP4 recording; its file keeps the tracks it began with");
            warned_ = true;
        }
        // The moof (and mdat header) copied with the tfdt rebased; the frame's bytes stay shared.
        out.push_back(rebase_fragment(pieces[1], origins_));
        out.insert(out.end(), pieces.begin() + 2, pieces.end());
    }

private:
    form_index form_;
    std::vector<track_origin> origins_;
    lal::payload init_;
    bool warned_ = false;
};

}  // namespace

std::unique_ptr<record_muxer> make_flv_muxer(const server_forms& forms) {
    return std::make_unique<flv_muxer>(forms.flv_tag);
}

std::unique_ptr<record_muxer> make_ts_muxer(const server_forms& forms) {
    return std::make_unique<ts_muxer>(forms.ts);
}

std::unique_ptr<record_muxer> make_mp4_muxer(const server_forms& forms) {
    return std::make_unique<mp4_muxer>(forms.fmp4);
}

}  // namespace lal::server
