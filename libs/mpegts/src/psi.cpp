// SPDX-License-Identifier: MIT
#include <lal/mpegts/psi.hpp>

#include <lal/base/byte_reader.hpp>
#include <lal/mpegts/packet.hpp>

namespace lal::mpegts {
namespace {

constexpr std::uint8_t pat_table_id = 0x00;
constexpr std::uint8_t pmt_table_id = 0x02;
// 2.4.4.4 / 2.4.4.9: section_length of a PAT or PMT never exceeds 1021.
constexpr std::size_t max_section_length = 1021;

void put8(std::vector<std::byte>& out, unsigned v) { out.push_back(static_cast<std::byte>(v & 0xff)); }
void put16(std::vector<std::byte>& out, unsigned v) {
    put8(out, v >> 8);
    put8(out, v);
}

// Writes the long-form section header (2.4.4.3 / 2.4.4.8) with a placeholder
// length; returns where the section starts.
std::size_t begin_section(std::vector<std::byte>& out, std::uint8_t table_id, std::uint16_t id,
                          std::uint8_t version) {
    const auto start = out.size();
    put8(out, table_id);
    put16(out, 0xb000);  // section_syntax_indicator 1, '0', reserved '11', length filled later
    put16(out, id);
    put8(out, 0xc1 | ((version & 0x1f) << 1));  // reserved '11', version, current_next_indicator 1
    put8(out, 0);  // section_number
    put8(out, 0);  // last_section_number
    return start;
}

// Fills section_length and appends the CRC_32 over the whole section (Annex A).
void end_section(std::vector<std::byte>& out, std::size_t start) {
    const auto length = out.size() - start - 3 + 4;
    out[start + 1] = static_cast<std::byte>(0xb0 | ((length >> 8) & 0x0f));
    out[start + 2] = static_cast<std::byte>(length & 0xff);
    const auto crc = crc32(byte_span(out).subspan(start));
    put16(out, crc >> 16);
    put16(out, crc & 0xffff);
}

struct section_body {
    std::uint16_t id = 0;
    std::uint8_t version = 0;
    byte_span body;  // after last_section_number, before the CRC
};

lal::result<section_body> open_section(byte_span in, std::uint8_t table_id) {
    const auto size = section_size(in);
    if (size == 0 || size > in.size()) return errc::bad_section;
    const auto length = size - 3;
    // 2.4.4.3: the long form has 5 header bytes after the length and a 4-byte CRC.
    if (length < 9 || length > max_section_length) return errc::bad_section;
    const auto s = in.first(size);
    if (std::to_integer<std::uint8_t>(s[0]) != table_id) return errc::bad_section;
    if ((std::to_integer<unsigned>(s[1]) & 0xc0) != 0x80) return errc::bad_section;
    if (crc32(s) != 0) return errc::crc_mismatch;
    section_body b;
    b.id = static_cast<std::uint16_t>(load_be(s.data() + 3, 2));
    b.version = static_cast<std::uint8_t>((std::to_integer<unsigned>(s[5]) >> 1) & 0x1f);
    b.body = s.subspan(8, size - 8 - 4);
    return b;
}

}  // namespace

std::size_t section_size(byte_span start) noexcept {
    if (start.size() < 3) return 0;
    return 3 + (load_be(start.data() + 1, 2) & 0x0fff);
}

void append_pat_section(const pat& p, std::vector<std::byte>& out) {
    const auto start = begin_section(out, pat_table_id, p.transport_stream_id, p.version);
    put16(out, p.program_number);
    put16(out, 0xe000 | (p.pmt_pid & 0x1fff));  // reserved '111', program_map_PID
    end_section(out, start);
}

void append_pmt_section(const pmt& p, std::vector<std::byte>& out) {
    const auto start = begin_section(out, pmt_table_id, p.program_number, p.version);
    put16(out, 0xe000 | (p.pcr_pid & 0x1fff));  // reserved '111', PCR_PID
    put16(out, 0xf000);                          // reserved '1111', program_info_length 0
    for (const auto& s : p.streams) {
        put8(out, s.stream_type);
        put16(out, 0xe000 | (s.pid & 0x1fff));
        put16(out, 0xf000 | (s.descriptors.size() & 0x3ff));  // ES_info_length, 10 bits used
        out.insert(out.end(), s.descriptors.begin(), s.descriptors.end());
    }
    end_section(out, start);
}

lal::result<pat> parse_pat_section(byte_span section) {
    auto sec = open_section(section, pat_table_id);
    if (!sec) return sec.error();
    if (sec->body.size() % 4 != 0) return errc::bad_section;
    pat p;
    p.transport_stream_id = sec->id;
    p.version = sec->version;
    for (std::size_t at = 0; at < sec->body.size(); at += 4) {
        const auto number = static_cast<std::uint16_t>(load_be(sec->body.data() + at, 2));
        if (number == 0) continue;  // the network PID
        p.program_number = number;
        p.pmt_pid = static_cast<std::uint16_t>(load_be(sec->body.data() + at + 2, 2) & 0x1fff);
        return p;
    }
    return errc::bad_section;
}

lal::result<pmt> parse_pmt_section(byte_span section) {
    auto sec = open_section(section, pmt_table_id);
    if (!sec) return sec.error();
    pmt p;
    p.program_number = sec->id;
    p.version = sec->version;
    byte_reader r(sec->body);
    auto pcr = r.u16();
    auto info_length = r.u16();
    if (!pcr || !info_length || !r.skip(*info_length & 0x0fff)) return errc::bad_section;
    p.pcr_pid = *pcr & 0x1fff;
    while (!r.empty()) {
        auto type = r.u8();
        auto pid = r.u16();
        auto es_length = r.u16();
        if (!type || !pid || !es_length) return errc::bad_section;
        auto descriptors = r.bytes(*es_length & 0x0fff);
        if (!descriptors) return errc::bad_section;
        p.streams.push_back({*type, static_cast<std::uint16_t>(*pid & 0x1fff), to_vector(*descriptors)});
    }
    return p;
}

}  // namespace lal::mpegts
