// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/mpegts/error.hpp>

namespace lal::mpegts {

/// The program association table of one transport stream (2.4.4.3), one program.
struct pat {
    std::uint16_t transport_stream_id = 1;
    std::uint8_t version = 0;          ///< 5 bits
    std::uint16_t program_number = 1;  ///< the first program with a number other than 0
    std::uint16_t pmt_pid = 0x1000;
    bool operator==(const pat&) const = default;
};

/// One elementary stream of a PMT (2.4.4.8).
struct pmt_stream {
    std::uint8_t stream_type = 0;
    std::uint16_t pid = 0;
    std::vector<std::byte> descriptors;  ///< the ES_info descriptors as they are on the wire
    bool operator==(const pmt_stream&) const = default;
};

/// The program map table of one program (2.4.4.8).
struct pmt {
    std::uint16_t program_number = 1;
    std::uint8_t version = 0;  ///< 5 bits
    std::uint16_t pcr_pid = 0x1fff;
    std::vector<pmt_stream> streams;
    bool operator==(const pmt&) const = default;
};

/// Appends a program_association_section with its CRC_32 (no pointer field).
void append_pat_section(const pat& p, std::vector<std::byte>& out);
/// Appends a TS_program_map_section with its CRC_32; program_info is empty.
/// Descriptor loops over 1023 bytes are a caller bug.
void append_pmt_section(const pmt& p, std::vector<std::byte>& out);

/// Parses a whole section (table_id to CRC_32, bytes after it ignored):
/// bad_section (length, table_id, syntax), crc_mismatch. A PAT without a
/// program gives bad_section.
lal::result<pat> parse_pat_section(byte_span section);
/// As parse_pat_section for a PMT.
lal::result<pmt> parse_pmt_section(byte_span section);

/// Bytes of a whole section from its first three bytes (3 + section_length),
/// or 0 when fewer than 3 bytes are given.
std::size_t section_size(byte_span start) noexcept;

}  // namespace lal::mpegts
