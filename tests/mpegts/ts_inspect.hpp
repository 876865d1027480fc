// SPDX-License-Identifier: MIT
// Test helpers: TS packets taken apart, and demuxer events as comparable text.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/mpegts/demuxer.hpp>

#include "hex.hpp"

namespace lal::test {

/// One 188-byte packet's header fields (ISO/IEC 13818-1 2.4.3.2) and parts.
struct ts_packet {
    std::uint16_t pid = 0;
    bool unit_start = false;
    unsigned cc = 0;
    bool has_af = false;
    std::vector<std::byte> af;  ///< the adaptation field after its length byte
    lal::byte_span payload;
};

/// Splits `ts` (a multiple of 188 bytes) into packets; payloads view `ts`.
inline std::vector<ts_packet> packets_of(lal::byte_span ts) {
    std::vector<ts_packet> out;
    for (std::size_t at = 0; at + 188 <= ts.size(); at += 188) {
        auto p = ts.subspan(at, 188);
        ts_packet k;
        const auto b1 = std::to_integer<unsigned>(p[1]);
        k.pid = static_cast<std::uint16_t>(((b1 & 0x1f) << 8) | std::to_integer<unsigned>(p[2]));
        k.unit_start = (b1 & 0x40) != 0;
        k.cc = std::to_integer<unsigned>(p[3]) & 0x0f;
        std::size_t pos = 4;
        if (std::to_integer<unsigned>(p[3]) & 0x20) {
            k.has_af = true;
            const auto n = std::to_integer<std::size_t>(p[4]);
            k.af.assign(p.begin() + 5, p.begin() + 5 + static_cast<std::ptrdiff_t>(n));
            pos = 5 + n;
        }
        k.payload = p.subspan(pos);
        out.push_back(std::move(k));
    }
    return out;
}

/// The payloads of `pid`'s packets joined (a PES or PSI sections).
inline std::vector<std::byte> joined_payload(const std::vector<ts_packet>& packets, std::uint16_t pid) {
    std::vector<std::byte> out;
    for (const auto& p : packets) {
        if (p.pid == pid) out.insert(out.end(), p.payload.begin(), p.payload.end());
    }
    return out;
}

/// One line per event: a frame's fields and bytes, or an error's code and place.
inline std::string describe(const mpegts::demux_event& e) {
    if (const auto* f = std::get_if<media::media_frame>(&e)) {
        return "frame kind=" + std::to_string(static_cast<int>(f->kind)) +
               " codec=" + std::to_string(static_cast<int>(f->codec)) + " dts=" + std::to_string(f->dts) +
               " pts=" + std::to_string(f->pts) + " key=" + std::to_string(f->keyframe) +
               " data=" + to_hex(f->data.bytes()) + " config=" + (f->config ? to_hex(f->config->record.bytes()) : "-");
    }
    const auto& err = std::get<mpegts::demux_error>(e);
    return "error " + err.code.message() + " pid=" + std::to_string(err.pid) + " packet=" +
           std::to_string(err.packet) + " bytes=" + std::to_string(err.bytes);
}

/// Every event a demuxer has ready, described.
inline std::vector<std::string> drain(mpegts::demuxer& d) {
    std::vector<std::string> out;
    while (auto e = d.next()) out.push_back(describe(*e));
    return out;
}

/// Every frame a demuxer has ready (errors counted in `errors` when given).
inline std::vector<media::media_frame> frames_of(mpegts::demuxer& d, std::vector<mpegts::demux_error>* errors = nullptr) {
    std::vector<media::media_frame> out;
    while (auto e = d.next()) {
        if (auto* f = std::get_if<media::media_frame>(&*e)) {
            out.push_back(std::move(*f));
        } else if (errors) {
            errors->push_back(std::get<mpegts::demux_error>(*e));
        }
    }
    return out;
}

}  // namespace lal::test
