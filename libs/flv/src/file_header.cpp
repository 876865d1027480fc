// SPDX-License-Identifier: MIT
#include <lal/flv/file_header.hpp>

#include <lal/base/byte_reader.hpp>

namespace lal::flv {

lal::result<file_header> parse_file_header(lal::byte_span in) {
    lal::byte_reader r(in);
    auto sig = r.bytes(3);
    if (!sig) return errc::truncated;
    if (lal::as_string_view(*sig) != "FLV") return errc::bad_signature;
    auto version = r.u8();
    auto flags = r.u8();
    auto offset = r.u32();
    if (!version || !flags || !offset) return errc::truncated;
    // E.2: TypeFlagsAudio is bit 2, TypeFlagsVideo bit 0; DataOffset is the header size.
    if (*version == 0 || *offset < file_header_size) return errc::bad_header;
    file_header h;
    h.version = *version;
    h.has_audio = (*flags & 0x04) != 0;
    h.has_video = (*flags & 0x01) != 0;
    h.data_offset = *offset;
    return h;
}

void append_file_header(const file_header& h, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    w.bytes(lal::as_byte_span("FLV"));
    w.u8(h.version);
    w.u8(static_cast<std::uint8_t>((h.has_audio ? 0x04 : 0) | (h.has_video ? 0x01 : 0)));
    w.u32(static_cast<std::uint32_t>(file_header_size));
    w.u32(0);  // E.3: PreviousTagSize0 is always 0
}

}  // namespace lal::flv
