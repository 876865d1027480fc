// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <vector>

#include <lal/avc/error.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::avc {

/// nal_unit_type (ITU-T H.264 7.4.1, Table 7-1). 17, 18, 22, 23 are reserved,
/// 0 and 24..31 unspecified; every 5-bit value can still be held.
enum class nal_unit_type : std::uint8_t {
    unspecified = 0,
    non_idr_slice = 1,
    slice_data_a = 2,
    slice_data_b = 3,
    slice_data_c = 4,
    idr_slice = 5,
    sei = 6,
    sps = 7,
    pps = 8,
    aud = 9,
    end_of_sequence = 10,
    end_of_stream = 11,
    filler_data = 12,
    sps_extension = 13,
    prefix_nal = 14,
    subset_sps = 15,
    dps = 16,
    auxiliary_slice = 19,
    slice_extension = 20,
    slice_extension_depth = 21,
};

/// Short name of a type ("SPS", "IDR slice", ...); "reserved"/"unspecified" otherwise.
std::string_view to_string(nal_unit_type t) noexcept;

/// True for the VCL types 1..5 (slices and slice data partitions).
constexpr bool is_vcl(nal_unit_type t) noexcept {
    return t >= nal_unit_type::non_idr_slice && t <= nal_unit_type::idr_slice;
}

/// The one-byte NAL unit header (H.264 7.3.1).
struct nal_header {
    bool forbidden_zero_bit = false;
    std::uint8_t nal_ref_idc = 0;  ///< 0..3; 0 = not used for reference
    nal_unit_type type = nal_unit_type::unspecified;
    bool operator==(const nal_header&) const = default;
};

/// Splits a header byte into its fields; never fails.
constexpr nal_header decode_nal_header(std::byte b) noexcept {
    auto v = std::to_integer<std::uint8_t>(b);
    return {(v & 0x80) != 0, static_cast<std::uint8_t>((v >> 5) & 3),
            static_cast<nal_unit_type>(v & 0x1f)};
}

/// Header of a NAL unit; empty_nal_unit or forbidden_bit_set on bad input.
lal::result<nal_header> parse_nal_header(byte_span nal);

/// Type of a NAL unit from its first byte; unspecified (0) when empty.
constexpr nal_unit_type nal_type_of(byte_span nal) noexcept {
    return nal.empty() ? nal_unit_type::unspecified : decode_nal_header(nal[0]).type;
}

// ---- Annex-B byte stream (H.264 Annex B) ----

/// NAL units of a complete Annex-B buffer, as views into `in`. Start codes may
/// be 3 or 4 bytes; leading and trailing zero bytes are dropped (B.2), as are
/// empty units. Fails with missing_start_code if anything but zero bytes
/// precedes the first start code.
lal::result<std::vector<byte_span>> split_annexb(byte_span in);

/// Which start codes an Annex-B writer uses.
enum class start_code_style : std::uint8_t {
    /// 00 00 00 01 where B.1.2 requires zero_byte (SPS, PPS, the first NAL
    /// unit of an access unit), 00 00 01 elsewhere: what x264 writes.
    as_required,
    always_four,  ///< 00 00 00 01 before every NAL unit
};

/// Appends a start code (4 bytes if `long_start_code`, else 3) and `nal`.
void append_annexb_nal(byte_span nal, bool long_start_code, std::vector<std::byte>& out);

// ---- Length-prefixed NAL units (ISO/IEC 14496-15 sample format, "AVCC") ----

/// NAL units of an AVCC sample with `length_size` (1, 2 or 4) byte big-endian
/// lengths, as views into `in`. Every length is checked against the bytes
/// left (nal_length_exceeds_data, truncated); zero-length units are skipped.
lal::result<std::vector<byte_span>> split_avcc(byte_span in, std::size_t length_size);

/// Appends a `length_size`-byte length and `nal`; nal_unit_too_large if the
/// length does not fit, bad_length_size unless 1, 2 or 4 (nothing appended then).
std::error_code append_avcc_nal(byte_span nal, std::size_t length_size, std::vector<std::byte>& out);

// ---- Conversions; on error `out` is left as it was ----

/// Annex-B -> AVCC: each NAL unit of `in` with a `length_size` prefix.
std::error_code annexb_to_avcc(byte_span in, std::size_t length_size, std::vector<std::byte>& out);

/// AVCC -> Annex-B. `in` is taken as one access unit (as in an FLV/MP4
/// sample), so under as_required its first NAL unit gets a 4-byte start code.
std::error_code avcc_to_annexb(byte_span in, std::size_t length_size, std::vector<std::byte>& out,
                               start_code_style style = start_code_style::as_required);

}  // namespace lal::avc
