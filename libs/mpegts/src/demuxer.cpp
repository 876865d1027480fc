// SPDX-License-Identifier: MIT
#include <lal/mpegts/demuxer.hpp>

#include <algorithm>
#include <cstring>

#include <lal/mpegts/packet.hpp>
#include <lal/mpegts/pes.hpp>

#include "opus.hpp"
#include "stream_state.hpp"

namespace lal::mpegts {
namespace {

constexpr std::uint64_t mask33 = (std::uint64_t{1} << 33) - 1;
// 2.4.4.4 / 2.4.4.9: PAT and PMT sections are at most 1024 bytes.
constexpr std::size_t max_section_size = 1024;

// Extends a 33-bit time to 64 bits next to `reference` (the nearest value
// congruent modulo 2^33), so timestamps run on across the 26.5-hour wrap.
std::int64_t extend(std::uint64_t ts, std::int64_t reference) noexcept {
    auto diff = static_cast<std::int64_t>((ts - static_cast<std::uint64_t>(reference)) & mask33);
    if (diff >= (std::int64_t{1} << 32)) diff -= std::int64_t{1} << 33;
    return reference + diff;
}

}  // namespace

demuxer::demuxer(demuxer_limits limits) : limits_(limits) {}
demuxer::demuxer(demuxer&&) noexcept = default;
demuxer& demuxer::operator=(demuxer&&) noexcept = default;
demuxer::~demuxer() = default;

void demuxer::error(std::error_code code, std::uint16_t pid, std::uint64_t bytes) {
    ++counters_.errors;
    events_.push_back(demux_error{code, pid, counters_.packets, bytes});
}

void demuxer::report_skipped() {
    if (skipping_ == 0) return;
    error(errc::sync_lost, 0, skipping_);
    skipping_ = 0;
}

void demuxer::feed(byte_span in) {
    while (!in.empty()) {
        if (partial_size_ == 0) {
            // 2.4.3.2: every packet starts with sync_byte; anything else is skipped.
            const auto* sync = std::find(in.begin(), in.end(), sync_byte).base();
            const auto skipped = static_cast<std::size_t>(sync - in.data());
            skipping_ += skipped;
            counters_.skipped_bytes += skipped;
            in = in.subspan(skipped);
            if (in.empty()) return;
            report_skipped();
            if (in.size() >= packet_size) {
                packet(in.first(packet_size));
                in = in.subspan(packet_size);
                continue;
            }
        }
        const auto n = std::min(packet_size - partial_size_, in.size());
        std::memcpy(partial_.data() + partial_size_, in.data(), n);
        partial_size_ += n;
        in = in.subspan(n);
        if (partial_size_ == packet_size) {
            partial_size_ = 0;
            packet(partial_);
        }
    }
}

void demuxer::finish() {
    report_skipped();
    for (auto& s : streams_) {
        if (s->open) end_pes(*s);
    }
}

std::optional<demux_event> demuxer::next() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

void demuxer::packet(byte_span p) {
    const auto b1 = std::to_integer<unsigned>(p[1]);
    const auto b3 = std::to_integer<unsigned>(p[3]);
    const auto pid = static_cast<std::uint16_t>(((b1 & 0x1f) << 8) | std::to_integer<unsigned>(p[2]));
    const bool unit_start = (b1 & 0x40) != 0;
    const unsigned afc = (b3 >> 4) & 3;
    const int cc = static_cast<int>(b3 & 0x0f);
    ++counters_.packets;
    if (b1 & 0x80) {  // 2.4.3.3 transport_error_indicator
        error(errc::transport_error, pid);
        return;
    }
    if (pid == null_pid) return;
    std::size_t at = 4;
    bool discontinuity = false;
    if (afc & 2) {
        // 2.4.3.4: 0..182 bytes with a payload, 183 without.
        const auto length = std::to_integer<std::size_t>(p[4]);
        if (length > ((afc & 1) ? 182u : 183u)) {
            error(errc::bad_adaptation_field, pid);
            return;
        }
        discontinuity = length > 0 && (std::to_integer<unsigned>(p[5]) & 0x80) != 0;
        at = 5 + length;
    }
    const bool has_payload = (afc & 1) != 0;

    int* last_cc = nullptr;
    stream_state* es = nullptr;
    const bool is_pat = pid == pat_pid;
    const bool is_pmt = pat_ && pid == pat_->pmt_pid && !is_pat;
    if (is_pat) {
        last_cc = &pat_cc_;
    } else if (is_pmt) {
        last_cc = &pmt_cc_;
    } else {
        for (auto& s : streams_) {
            if (s->pid == pid) es = s.get();
        }
        if (!es) return;
        last_cc = &es->last_cc;
    }
    if (!has_payload) return;
    // 2.4.3.3: the counter grows by one per packet with payload; one repeat is allowed.
    if (!discontinuity && *last_cc >= 0) {
        if (cc == *last_cc) return;
        if (cc != ((*last_cc + 1) & 0x0f)) {
            ++counters_.continuity_errors;
            error(errc::continuity_error, pid);
            if (es && es->open) {
                es->open = false;
                es->pes.clear();
                ++counters_.dropped_pes;
            }
            if (is_pat) pat_open_ = false;
            if (is_pmt) pmt_open_ = false;
        }
    }
    *last_cc = cc;
    const auto payload = p.subspan(at);
    if (es) {
        pes_payload(*es, unit_start, payload);
    } else {
        psi_payload(is_pat, unit_start, payload, pid);
    }
}

void demuxer::psi_payload(bool is_pat, bool unit_start, byte_span payload, std::uint16_t pid) {
    auto& buf = is_pat ? pat_section_ : pmt_section_;
    auto& open = is_pat ? pat_open_ : pmt_open_;
    // Feeds bytes to the open section, completing it once its length is
    // there; another section may follow in the same payload (2.4.4.2: or 0xff stuffing).
    auto take = [&](byte_span bytes) {
        while (open && !bytes.empty()) {
            const auto size = section_size(buf);
            const auto want = size ? size - buf.size() : 3 - buf.size();
            const auto n = std::min(want, bytes.size());
            buf.insert(buf.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
            bytes = bytes.subspan(n);
            const auto whole = section_size(buf);
            if (whole == 0) continue;
            if (whole > max_section_size) {
                error(errc::bad_section, pid);
                open = false;
                return;
            }
            if (buf.size() < whole) continue;
            section(is_pat, buf, pid);
            buf.clear();
            open = !bytes.empty() && bytes.front() != std::byte{0xff};
        }
    };
    if (unit_start) {
        // 2.4.4.2: pointer_field counts the bytes ending the previous section.
        const auto pointer = std::to_integer<std::size_t>(payload[0]);
        if (pointer + 1 > payload.size()) {
            error(errc::bad_section, pid);
            open = false;
            return;
        }
        take(payload.subspan(1, pointer));
        buf.clear();
        open = true;
        take(payload.subspan(1 + pointer));
    } else {
        take(payload);
    }
}

void demuxer::section(bool is_pat, byte_span s, std::uint16_t pid) {
    if (is_pat) {
        auto p = parse_pat_section(s);
        if (!p) return error(p.error(), pid);
        if (pat_ && pat_->pmt_pid != p->pmt_pid) {
            // A new program map PID: the old program and its streams are gone.
            pmt_.reset();
            pmt_cc_ = -1;
            pmt_open_ = false;
            streams_.clear();
        }
        pat_ = *p;
        return;
    }
    // 2.4.4.8: table_id 0x02 only; another program's map may share the PID.
    if (s.empty() || s[0] != std::byte{0x02}) return;
    auto p = parse_pmt_section(s);
    if (!p) return error(p.error(), pid);
    if (p->program_number != pat_->program_number) return;
    if (pmt_ && *pmt_ == *p) return;
    apply_pmt(std::move(*p));
}

void demuxer::apply_pmt(pmt p) {
    std::vector<std::unique_ptr<stream_state>> next;
    for (const auto& ps : p.streams) {
        const auto codec = detail::codec_of(ps.stream_type, ps.descriptors);
        if (codec == media::codec_id::unknown) continue;
        if (next.size() == limits_.max_streams) {
            error(errc::too_many_streams, ps.pid);
            break;
        }
        // A stream kept across a version change keeps its PES, counter and configuration.
        auto old = std::find_if(streams_.begin(), streams_.end(), [&](const auto& s) {
            return s && s->pid == ps.pid && s->stream_type == ps.stream_type;
        });
        if (old != streams_.end()) {
            next.push_back(std::move(*old));
            continue;
        }
        auto s = std::make_unique<stream_state>();
        s->pid = ps.pid;
        s->stream_type = ps.stream_type;
        s->codec = codec;
        s->kind = media::is_video(codec) ? media::media_kind::video : media::media_kind::audio;
        if (codec == media::codec_id::opus) {
            if (auto head = detail::opus_head_from(ps.descriptors)) {
                auto c = std::make_shared<media::track_config>();
                c->kind = media::media_kind::audio;
                c->codec = codec;
                c->record = lal::payload::adopt(std::move(*head));
                s->config = std::move(c);
            }
        }
        next.push_back(std::move(s));
    }
    // Streams the new map drops have ended: their last PES is complete.
    for (auto& s : streams_) {
        if (s && s->open) end_pes(*s);
    }
    streams_ = std::move(next);
    pmt_ = std::move(p);
}

void demuxer::pes_payload(stream_state& s, bool unit_start, byte_span payload) {
    if (unit_start) {
        if (s.open) end_pes(s);
        s.pes.clear();
        s.open = true;
    } else if (!s.open) {
        return;  // the rest of a PES whose start was lost or dropped
    }
    if (payload.size() > limits_.max_pes_size - s.pes.size()) {
        error(errc::pes_too_large, s.pid, s.pes.size() + payload.size());
        ++counters_.dropped_pes;
        s.open = false;
        s.pes.clear();
        return;
    }
    s.pes.insert(s.pes.end(), payload.begin(), payload.end());
    // 2.4.3.7: a PES with a PES_packet_length ends when that many bytes are there.
    if (s.pes.size() >= 6) {
        const auto length = load_be(s.pes.data() + 4, 2);
        if (length != 0 && s.pes.size() >= length + 6) end_pes(s);
    }
}

void demuxer::end_pes(stream_state& s) {
    s.open = false;
    auto header = parse_pes_header(s.pes);
    if (!header) {
        ++counters_.dropped_pes;
        return error(header.error(), s.pid);
    }
    std::size_t end = s.pes.size();
    if (header->packet_length != 0) {
        if (end < std::size_t{header->packet_length} + 6) {
            ++counters_.dropped_pes;
            return error(errc::pes_length_mismatch, s.pid);
        }
        end = std::size_t{header->packet_length} + 6;
    }
    std::int64_t dts = s.last_dts, pts = s.last_dts;
    if (header->pts) {
        const auto dts33 = header->dts.value_or(*header->pts);
        dts = s.have_time ? extend(dts33, s.last_dts) : static_cast<std::int64_t>(dts33);
        pts = extend(*header->pts, dts);
        s.last_dts = dts;
        s.have_time = true;
    }
    const auto start = header->header_size;
    auto es = lal::payload::adopt(std::move(s.pes)).slice(start, end - start);
    s.pes = {};
    std::vector<media::media_frame> frames;
    const auto ec = detail::read_elementary_stream(s, es, from_90khz(pts), from_90khz(dts), frames);
    for (auto& f : frames) {
        ++counters_.frames;
        events_.push_back(std::move(f));
    }
    if (ec) error(ec, s.pid);
}

}  // namespace lal::mpegts
