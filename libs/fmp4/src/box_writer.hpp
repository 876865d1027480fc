// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::fmp4::detail {

/// Appends ISO BMFF boxes (ISO/IEC 14496-12 4.2) to a caller's buffer: open()
/// writes a size placeholder and the type, close() patches the 32-bit size.
class box_writer {
public:
    explicit box_writer(std::vector<std::byte>& out) : out_(out) {}

    /// Starts a box of `type` (four characters); returns its offset for close().
    std::size_t open(const char* type) {
        const std::size_t at = out_.size();
        u32(0);
        fourcc(type);
        return at;
    }
    /// Starts a FullBox (4.2: version and 24-bit flags after the type).
    std::size_t open_full(const char* type, std::uint8_t version, std::uint32_t flags) {
        const std::size_t at = open(type);
        u8(version);
        u24(flags);
        return at;
    }
    /// Ends the box opened at `at`: its size is everything written since.
    void close(std::size_t at) { store_be(out_.data() + at, out_.size() - at, 4); }

    void u8(std::uint32_t v) { out_.push_back(static_cast<std::byte>(v & 0xff)); }
    void u16(std::uint32_t v) { put(v, 2); }
    void u24(std::uint32_t v) { put(v, 3); }
    void u32(std::uint64_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void fourcc(const char* type) { bytes(as_byte_span(std::string_view(type, 4))); }
    void zeros(std::size_t n) { out_.insert(out_.end(), n, std::byte{0}); }
    void bytes(byte_span b) { out_.insert(out_.end(), b.begin(), b.end()); }
    /// The unity matrix of mvhd and tkhd (8.2.2.3, 8.3.2.3): 16.16 and 2.30 fixed point.
    void unity_matrix() {
        static constexpr std::uint32_t m[9] = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (auto v : m) u32(v);
    }
    /// Bytes written so far.
    std::size_t size() const noexcept { return out_.size(); }
    /// Overwrites 4 bytes at `at` (a trun data_offset known only later).
    void patch_u32(std::size_t at, std::uint32_t v) { store_be(out_.data() + at, v, 4); }

private:
    void put(std::uint64_t v, std::size_t n) {
        const std::size_t at = out_.size();
        out_.resize(at + n);
        store_be(out_.data() + at, v, n);
    }
    std::vector<std::byte>& out_;
};

}  // namespace lal::fmp4::detail
