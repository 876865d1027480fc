// SPDX-License-Identifier: MIT
#include <lal/rtmp/handshake.hpp>

#include <algorithm>
#include <cassert>

#include <lal/rtmp/detail/handshake_digest.hpp>
#include <lal/rtmp/error.hpp>

namespace lal::rtmp {
namespace {

using detail::digest_size;

// Version fields written into the digest C1/S1; peers only check they are non-zero
// (ffmpeg wants S1's first version byte >= 3 before it verifies the digest).
constexpr std::uint32_t client_version = 0x09007c02;  // Flash Player 9.0.124.2
constexpr std::uint32_t server_version = 0x04050001;  // Flash Media Server 4.5.0.1

byte_span c1_key() noexcept {
    return byte_span(detail::flash_player_key).first(detail::flash_player_key_prefix);
}
byte_span s1_key() noexcept {
    return byte_span(detail::flash_media_server_key).first(detail::flash_media_server_key_prefix);
}

// Gathers bytes of `in` into `buffer` until it holds `want`; returns the count taken.
std::size_t gather(std::vector<std::byte>& buffer, std::size_t want, byte_span in) {
    auto n = std::min(want - buffer.size(), in.size());
    buffer.insert(buffer.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
}

void copy_random(std::array<std::byte, handshake_size>& to, byte_span random) {
    assert(random.size() >= handshake_size);
    std::copy_n(random.begin(), handshake_size, to.begin());
}

std::span<const std::byte, digest_size> digest_at(byte_span packet, handshake_mode scheme) {
    return packet.subspan(detail::digest_offset(packet, scheme)).first<digest_size>();
}

}  // namespace

server_handshake::server_handshake(byte_span random, std::uint32_t epoch_ms) : epoch_ms_(epoch_ms) {
    copy_random(random_, random);
}

lal::result<std::size_t> server_handshake::feed(byte_span in) {
    std::size_t used = 0;
    if (state_ == state::c0c1) {
        used += gather(in_, 1 + handshake_size, in);
        // RTMP spec 5.2.2: C0 is the version, 3. Checked at once so that an HTTP
        // request or other garbage fails without waiting for 1537 bytes.
        if (!in_.empty() && std::to_integer<std::uint8_t>(in_[0]) != rtmp_version) return errc::bad_version;
        if (in_.size() < 1 + handshake_size) return used;
        answer();
        in_.clear();
        state_ = state::c2;
    }
    if (state_ == state::c2) {
        used += gather(in_, handshake_size, in.subspan(used));
        if (in_.size() < handshake_size) return used;
        byte_span c2(in_);
        if (mode_ == handshake_mode::plain) {
            // RTMP spec 5.2.3: C2 echoes S1's random data.
            peer_response_valid_ = std::equal(c2.begin() + 8, c2.end(), s1_.begin() + 8);
        } else {
            auto expected = detail::response_signature(digest_at(s1_, mode_), detail::flash_player_key, c2);
            peer_response_valid_ = std::equal(expected.begin(), expected.end(), c2.end() - digest_size);
        }
        in_.clear();
        in_.shrink_to_fit();
        state_ = state::done;
    }
    return used;
}

// S0+S1+S2 from C1 (in_[1..1537)).
void server_handshake::answer() {
    byte_span c1 = byte_span(in_).subspan(1, handshake_size);
    out_.push_back(static_cast<std::byte>(rtmp_version));

    // RTMP spec 5.2.3: S1 is time(4), zero(4), random(1528). The digest form puts
    // a version in place of the zeros and a digest inside the random bytes.
    s1_ = random_;
    store_be(s1_.data(), epoch_ms_, 4);
    store_be(s1_.data() + 4, 0, 4);
    // A C1 with version 0 is plain whatever its bytes happen to be.
    bool c1_versioned = load_be(c1.data() + 4, 4) != 0;
    auto scheme = c1_versioned ? detail::find_digest(c1, c1_key()) : std::nullopt;
    if (!scheme) {
        mode_ = handshake_mode::plain;
        out_.insert(out_.end(), s1_.begin(), s1_.end());
        // RTMP spec 5.2.3: S2 echoes C1 (time and random); echoing it whole is what
        // clients that check it compare against.
        out_.insert(out_.end(), c1.begin(), c1.end());
        return;
    }
    mode_ = *scheme;
    store_be(s1_.data() + 4, server_version, 4);
    detail::imprint_digest(s1_, mode_, s1_key());
    out_.insert(out_.end(), s1_.begin(), s1_.end());

    // S2: random bytes ending in HMAC(HMAC(FMS full key, C1 digest), S2[0..1504)).
    std::array<std::byte, handshake_size> s2{};
    std::reverse_copy(random_.begin(), random_.end(), s2.begin());
    auto signature = detail::response_signature(digest_at(c1, mode_), detail::flash_media_server_key, s2);
    std::copy(signature.begin(), signature.end(), s2.end() - digest_size);
    out_.insert(out_.end(), s2.begin(), s2.end());
}

std::vector<std::byte> server_handshake::take_output() { return std::exchange(out_, {}); }

client_handshake::client_handshake(byte_span random, std::uint32_t epoch_ms, handshake_mode mode)
    : mode_(mode) {
    copy_random(random_, random);
    c1_ = random_;
    store_be(c1_.data(), epoch_ms, 4);
    store_be(c1_.data() + 4, mode == handshake_mode::plain ? 0 : client_version, 4);
    if (mode != handshake_mode::plain) detail::imprint_digest(c1_, mode, c1_key());
    out_.push_back(static_cast<std::byte>(rtmp_version));
    out_.insert(out_.end(), c1_.begin(), c1_.end());
}

lal::result<std::size_t> client_handshake::feed(byte_span in) {
    std::size_t used = 0;
    if (state_ == state::s0s1) {
        used += gather(in_, 1 + handshake_size, in);
        if (!in_.empty() && std::to_integer<std::uint8_t>(in_[0]) != rtmp_version) return errc::bad_version;
        if (in_.size() < 1 + handshake_size) return used;
        if (auto ec = answer()) return ec;
        in_.clear();
        state_ = state::s2;
    }
    if (state_ == state::s2) {
        used += gather(in_, handshake_size, in.subspan(used));
        if (in_.size() < handshake_size) return used;
        byte_span s2(in_);
        if (mode_ == handshake_mode::plain) {
            peer_response_valid_ = std::equal(s2.begin() + 8, s2.end(), c1_.begin() + 8);
        } else {
            auto expected =
                detail::response_signature(digest_at(c1_, mode_), detail::flash_media_server_key, s2);
            peer_response_valid_ = std::equal(expected.begin(), expected.end(), s2.end() - digest_size);
        }
        in_.clear();
        in_.shrink_to_fit();
        state_ = state::done;
    }
    return used;
}

// C2 from S1 (in_[1..1537)).
std::error_code client_handshake::answer() {
    byte_span s1 = byte_span(in_).subspan(1, handshake_size);
    bool s1_versioned = load_be(s1.data() + 4, 4) != 0;
    if (mode_ == handshake_mode::plain || !s1_versioned) {
        // A plain server (S1 version 0) gets the plain answer: C2 echoes S1.
        mode_ = handshake_mode::plain;
        out_.insert(out_.end(), s1.begin(), s1.end());
        return {};
    }
    auto scheme = detail::find_digest(s1, s1_key());
    if (!scheme) return errc::bad_digest;
    // C2: random bytes ending in HMAC(HMAC(FP full key, S1 digest), C2[0..1504)).
    std::array<std::byte, handshake_size> c2{};
    std::reverse_copy(random_.begin(), random_.end(), c2.begin());
    auto signature = detail::response_signature(digest_at(s1, *scheme), detail::flash_player_key, c2);
    std::copy(signature.begin(), signature.end(), c2.end() - digest_size);
    out_.insert(out_.end(), c2.begin(), c2.end());
    return {};
}

std::vector<std::byte> client_handshake::take_output() { return std::exchange(out_, {}); }

}  // namespace lal::rtmp
