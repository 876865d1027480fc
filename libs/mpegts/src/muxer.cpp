// SPDX-License-Identifier: MIT
#include <lal/mpegts/muxer.hpp>

#include <cstring>

#include <lal/aac/adts.hpp>
#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/mpegts/packet.hpp>
#include <lal/mpegts/pes.hpp>

#include "opus.hpp"

namespace lal::mpegts {
namespace {

using media::codec_id;

constexpr std::array<std::byte, 4> start_code{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1}};
// H.264 7.3.2.4: AUD with primary_pic_type 7 (any slice type) and its stop bit.
constexpr std::array<std::byte, 6> h264_aud{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1},
                                            std::byte{0x09}, std::byte{0xf0}};
// H.265 7.3.2.5: AUD (type 35, layer 0, tid 1) with pic_type 2 (any slice type) and its stop bit.
constexpr std::array<std::byte, 7> h265_aud{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1},
                                            std::byte{0x46}, std::byte{0x01}, std::byte{0x50}};
// ISO/IEC 14496-3 1.A.2.2: aac_frame_length is 13 bits and counts the 7-byte header.
constexpr std::size_t max_adts_raw = 8191 - 7;

void append_start_coded(byte_span nal, std::vector<std::byte>& out) {
    out.insert(out.end(), start_code.begin(), start_code.end());
    out.insert(out.end(), nal.begin(), nal.end());
}

// Fills 188-byte packets of one PSI section: pointer_field 0, the section,
// 0xff after it (2.4.4.1, 2.4.4.2).
void append_section_packets(std::uint16_t pid, std::uint8_t& cc, byte_span section, std::vector<std::byte>& out) {
    bool first = true;
    while (first || !section.empty()) {
        const auto start = out.size();
        out.resize(start + packet_size, std::byte{0xff});
        auto* p = out.data() + start;
        p[0] = sync_byte;
        p[1] = static_cast<std::byte>((first ? 0x40 : 0) | (pid >> 8));
        p[2] = static_cast<std::byte>(pid & 0xff);
        p[3] = static_cast<std::byte>(0x10 | cc);
        cc = (cc + 1) & 0x0f;
        std::size_t at = 4;
        if (first) p[at++] = std::byte{0};
        const auto n = std::min(section.size(), packet_size - at);
        std::memcpy(p + at, section.data(), n);
        section = section.subspan(n);
        first = false;
    }
}

}  // namespace

struct muxer::track_state {
    codec_id codec = codec_id::unknown;
    std::uint16_t pid = 0;
    std::uint8_t stream_id = 0;
    std::uint8_t cc = 0;
    media::track_config_ptr config;
    std::size_t length_size = 4;
    std::vector<std::byte> parameter_sets;  // Annex-B, start codes included
    aac::audio_specific_config asc;

    std::error_code load(const media::track_config_ptr& c) {
        const auto record = c ? c->record.bytes() : byte_span{};
        switch (codec) {
        case codec_id::h264: {
            std::vector<std::byte> ps;
            std::size_t ls = 4;
            if (!record.empty()) {
                auto r = avc::parse_decoder_configuration_record(record);
                if (!r) return errc::bad_config;
                ls = r->length_size;
                for (const auto& s : r->sps) append_start_coded(s, ps);
                for (const auto& s : r->pps) append_start_coded(s, ps);
            }
            length_size = ls;
            parameter_sets = std::move(ps);
            break;
        }
        case codec_id::h265: {
            std::vector<std::byte> ps;
            std::size_t ls = 4;
            if (!record.empty()) {
                auto r = hevc::parse_decoder_configuration_record(record);
                if (!r) return errc::bad_config;
                ls = r->length_size;
                for (const auto& a : r->arrays) {
                    for (const auto& s : a.units) {
                        if (!s.empty()) append_start_coded(s, ps);
                    }
                }
            }
            length_size = ls;
            parameter_sets = std::move(ps);
            break;
        }
        case codec_id::aac: {
            auto r = aac::parse_asc(record);
            if (!r) return errc::bad_config;
            std::vector<std::byte> probe;
            if (aac::append_adts_header(*r, 0, probe)) return errc::bad_config;
            asc = *r;
            break;
        }
        case codec_id::opus:
        case codec_id::mp3: break;
        default: return errc::unsupported_codec;
        }
        config = c;
        return {};
    }
};

muxer::muxer(muxer&&) noexcept = default;
muxer& muxer::operator=(muxer&&) noexcept = default;
muxer::~muxer() = default;

lal::result<muxer> muxer::create(muxer_options options) {
    if (!options.video && !options.audio) return errc::no_track_for_frame;
    muxer m;
    m.pat_.transport_stream_id = options.transport_stream_id;
    m.pat_.program_number = options.program_number;
    m.pat_.pmt_pid = options.pmt_pid;
    m.pmt_.program_number = options.program_number;
    m.pat_.version = m.pmt_.version = options.version & 0x1f;
    if (options.video) {
        auto& v = *options.video;
        if (v.codec != codec_id::h264 && v.codec != codec_id::h265) return errc::unsupported_codec;
        m.video_ = std::make_unique<track_state>();
        m.video_->codec = v.codec;
        m.video_->pid = options.video_pid;
        m.video_->stream_id = stream_ids::video;
        if (auto ec = m.video_->load(v.config)) return ec;
        m.pmt_.streams.push_back(
            {v.codec == codec_id::h264 ? stream_types::h264 : stream_types::h265, options.video_pid, {}});
    }
    if (options.audio) {
        auto& a = *options.audio;
        m.audio_ = std::make_unique<track_state>();
        m.audio_->codec = a.codec;
        m.audio_->pid = options.audio_pid;
        m.audio_->stream_id = a.codec == codec_id::opus ? stream_ids::private_stream_1 : stream_ids::audio;
        if (a.codec != codec_id::aac && a.codec != codec_id::opus && a.codec != codec_id::mp3) {
            return errc::unsupported_codec;
        }
        if (auto ec = m.audio_->load(a.config)) return ec;
        pmt_stream s{stream_types::adts_aac, options.audio_pid, {}};
        if (a.codec == codec_id::mp3) {
            s.stream_type = options.mp3_is_mpeg2 ? stream_types::mpeg2_audio : stream_types::mpeg1_audio;
        } else if (a.codec == codec_id::opus) {
            s.stream_type = stream_types::private_pes;
            detail::append_opus_descriptors(a.config ? a.config->record.bytes() : byte_span{}, s.descriptors);
        }
        m.pmt_.streams.push_back(std::move(s));
    }
    // 2.4.4.9: the PCR rides on the video PID, or on the audio PID without video.
    m.pmt_.pcr_pid = m.video_ ? options.video_pid : options.audio_pid;
    m.options_ = std::move(options);
    return m;
}

void muxer::append_psi(std::vector<std::byte>& out) {
    std::vector<std::byte> section;
    append_pat_section(pat_, section);
    append_section_packets(pat_pid, pat_cc_, section, out);
    section.clear();
    append_pmt_section(pmt_, section);
    append_section_packets(options_.pmt_pid, pmt_cc_, section, out);
}

lal::payload muxer::psi() {
    std::vector<std::byte> out;
    out.reserve(2 * packet_size);
    append_psi(out);
    return lal::payload::adopt(std::move(out));
}

void muxer::reset_continuity() noexcept {
    pat_cc_ = pmt_cc_ = 0;
    if (video_) video_->cc = 0;
    if (audio_) audio_->cc = 0;
}

std::error_code muxer::build_es(track_state& t, const media::media_frame& frame) {
    const auto data = frame.data.bytes();
    es_.clear();
    es_small_.clear();
    es_.push_back({});  // the PES header, filled in by the caller
    if (t.codec == codec_id::h264 || t.codec == codec_id::h265) {
        const bool hevc = t.codec == codec_id::h265;
        // ISO/IEC 14496-15 5.3.2 / 8.3.2: every NAL unit behind its length; first pass checks them.
        bool has_aud_first = false, has_ps = false, random_access = frame.keyframe, first = true;
        for (std::size_t at = 0; at < data.size();) {
            if (data.size() - at < t.length_size) return errc::bad_frame;
            const auto length = load_be(data.data() + at, t.length_size);
            at += t.length_size;
            if (length > data.size() - at) return errc::bad_frame;
            if (length == 0) continue;
            const auto nal = data.subspan(at, length);
            at += length;
            if (hevc) {
                const auto type = hevc::nal_type_of(nal);
                if (first) has_aud_first = type == hevc::nal_type::aud;
                has_ps |= type == hevc::nal_type::vps || type == hevc::nal_type::sps;
                random_access |= hevc::is_irap(type);
            } else {
                const auto type = avc::nal_type_of(nal);
                if (first) has_aud_first = type == avc::nal_unit_type::aud;
                has_ps |= type == avc::nal_unit_type::sps;
                random_access |= type == avc::nal_unit_type::idr_slice;
            }
            first = false;
        }
        // H.222.0 2.14 (H.264) and 2.17 (H.265): each access unit starts with an AUD.
        if (!has_aud_first) es_.push_back(hevc ? byte_span(h265_aud) : byte_span(h264_aud));
        if (random_access && !has_ps && !t.parameter_sets.empty()) es_.push_back(t.parameter_sets);
        for (std::size_t at = 0; at < data.size();) {
            const auto length = load_be(data.data() + at, t.length_size);
            at += t.length_size;
            if (length == 0) continue;
            es_.push_back(start_code);
            es_.push_back(data.subspan(at, length));
            at += length;
        }
    } else if (t.codec == codec_id::aac) {
        if (data.size() > max_adts_raw) return errc::frame_too_large;
        if (aac::append_adts_header(t.asc, data.size(), es_small_)) return errc::frame_too_large;
        es_.push_back(es_small_);
        if (!data.empty()) es_.push_back(data);
    } else if (t.codec == codec_id::opus) {
        es_small_.resize(detail::opus_control_header_size(data.size()));
        es_small_.resize(detail::write_opus_control_header(data.size(), es_small_.data()));
        es_.push_back(es_small_);
        if (!data.empty()) es_.push_back(data);
    } else if (!data.empty()) {
        es_.push_back(data);
    }
    return {};
}

std::error_code muxer::append_frame(const media::media_frame& frame, std::vector<std::byte>& out) {
    track_state* t = nullptr;
    if (frame.kind == media::media_kind::video && video_ && frame.codec == video_->codec) t = video_.get();
    if (frame.kind == media::media_kind::audio && audio_ && frame.codec == audio_->codec) t = audio_.get();
    if (!t) return errc::no_track_for_frame;
    if (frame.config && frame.config != t->config) {
        if (!t->config || !(frame.config->record == t->config->record)) {
            if (auto ec = t->load(frame.config)) return ec;
        }
        t->config = frame.config;
    }
    if (auto ec = build_es(*t, frame)) return ec;

    std::size_t es_size = 0;
    for (std::size_t i = 1; i < es_.size(); ++i) es_size += es_[i].size();
    pes_header h;
    h.stream_id = t->stream_id;
    h.pts = to_90khz(frame.pts);
    h.dts = to_90khz(frame.dts);
    pes_header_size_ = write_pes_header(h, pes_header_.data());
    const bool is_video = t == video_.get();
    if (!is_video) {
        // 2.4.3.7: only a video PES may leave PES_packet_length 0.
        const auto length = pes_header_size_ - 6 + es_size;
        if (length > 0xffff) return errc::frame_too_large;
        pes_header_[4] = static_cast<std::byte>(length >> 8);
        pes_header_[5] = static_cast<std::byte>(length & 0xff);
    }
    es_[0] = byte_span(pes_header_.data(), pes_header_size_);

    const bool carries_pcr = t->pid == pmt_.pcr_pid;
    const bool random_access = is_video ? frame.keyframe : !video_;
    packetize(t->pid, t->cc, carries_pcr, random_access, *h.dts, out);
    return {};
}

lal::result<lal::payload> muxer::mux(const media::media_frame& frame) {
    std::vector<std::byte> out;
    out.reserve((frame.data.size() + 64) / max_payload * packet_size + 3 * packet_size);
    if (auto ec = append_frame(frame, out)) return ec;
    return lal::payload::adopt(std::move(out));
}

void muxer::packetize(std::uint16_t pid, std::uint8_t& cc, bool pcr, bool random_access, std::uint64_t pcr_base,
                      std::vector<std::byte>& out) {
    std::size_t remaining = 0;
    for (const auto& s : es_) remaining += s.size();
    out.reserve(out.size() + (remaining / (max_payload - 8) + 1) * packet_size);
    std::size_t piece = 0, offset = 0;
    bool first = true;
    while (remaining > 0) {
        const auto start = out.size();
        out.resize(start + packet_size);
        auto* p = out.data() + start;
        p[0] = sync_byte;
        p[1] = static_cast<std::byte>((first ? 0x40 : 0) | (pid >> 8));  // payload_unit_start_indicator
        p[2] = static_cast<std::byte>(pid & 0xff);
        // 2.4.3.4: the first packet's adaptation field carries the PCR and the
        // random_access_indicator; the last one's is grown to stuff the packet.
        const bool flagged = first && (pcr || random_access);
        bool has_af = flagged;
        std::size_t af_length = flagged ? 1 + (pcr ? 6 : 0) : 0;
        std::size_t space = max_payload - (has_af ? 1 + af_length : 0);
        if (remaining < space) {
            const auto deficit = space - remaining;
            af_length = has_af ? af_length + deficit : deficit - 1;
            has_af = true;
            space = remaining;
        }
        p[3] = static_cast<std::byte>((has_af ? 0x30 : 0x10) | cc);
        cc = (cc + 1) & 0x0f;
        std::size_t at = 4;
        if (has_af) {
            p[at++] = static_cast<std::byte>(af_length);
            const auto af_end = at + af_length;
            if (af_length > 0) {
                p[at++] = static_cast<std::byte>((flagged && random_access ? 0x40 : 0) | (flagged && pcr ? 0x10 : 0));
                if (flagged && pcr) {
                    // 2.4.3.5: program_clock_reference_base (33 bits), 6 reserved bits, extension 0.
                    p[at++] = static_cast<std::byte>(pcr_base >> 25);
                    p[at++] = static_cast<std::byte>(pcr_base >> 17);
                    p[at++] = static_cast<std::byte>(pcr_base >> 9);
                    p[at++] = static_cast<std::byte>(pcr_base >> 1);
                    p[at++] = static_cast<std::byte>(((pcr_base & 1) << 7) | 0x7e);
                    p[at++] = std::byte{0};
                }
                std::memset(p + at, 0xff, af_end - at);  // stuffing_byte
            }
            at = af_end;
        }
        remaining -= space;
        while (space > 0) {
            const auto& s = es_[piece];
            const auto n = std::min(space, s.size() - offset);
            if (n > 0) std::memcpy(p + at, s.data() + offset, n);
            at += n;
            space -= n;
            offset += n;
            if (offset == s.size()) {
                ++piece;
                offset = 0;
            }
        }
        first = false;
    }
}

}  // namespace lal::mpegts
