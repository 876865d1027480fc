// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::rtmp {

/// Size of C1, S1, C2 and S2 (RTMP spec 5.2.3).
inline constexpr std::size_t handshake_size = 1536;
/// The only RTMP version we speak, sent in C0/S0 (RTMP spec 5.2.2).
inline constexpr std::uint8_t rtmp_version = 3;

/// Which handshake a peer used: the plain one of RTMP spec 5.2, or the digest
/// handshake with the digest in the first (scheme 0) or second (scheme 1) block.
enum class handshake_mode { plain, digest_scheme_0, digest_scheme_1 };

/// Server side of the handshake, sans-IO. Waits for C0+C1, answers S0+S1+S2 at
/// once, then waits for C2. Answers a digest C1 with a digest S1 and an S2 signed
/// from the C1 digest; answers anything else plainly (S2 echoes C1).
class server_handshake {
public:
    /// `random` must hold at least 1536 bytes (the first 1536 fill S1 and S2);
    /// `epoch_ms` is written as S1's time.
    server_handshake(byte_span random, std::uint32_t epoch_ms);

    /// Consumes what it needs of `in` and returns that count; bytes after C2 are
    /// the first chunks and stay with the caller. Error: errc::bad_version.
    lal::result<std::size_t> feed(byte_span in);
    /// The bytes to send so far (S0+S1+S2 once C1 arrived); moves them out.
    std::vector<std::byte> take_output();
    /// True once C2 was consumed.
    bool done() const noexcept { return state_ == state::done; }
    /// The handshake the client asked for; meaningful once C1 arrived.
    handshake_mode mode() const noexcept { return mode_; }
    /// True when C2 answered S1 correctly (digest signature, or plain echo). Only
    /// informative: ffmpeg, for one, echoes S1 even after a digest C1.
    bool peer_response_valid() const noexcept { return peer_response_valid_; }

private:
    enum class state { c0c1, c2, done };
    void answer();

    state state_ = state::c0c1;
    handshake_mode mode_ = handshake_mode::plain;
    bool peer_response_valid_ = false;
    std::uint32_t epoch_ms_;
    std::array<std::byte, handshake_size> random_{};
    std::array<std::byte, handshake_size> s1_{};
    std::vector<std::byte> in_;
    std::vector<std::byte> out_;
};

/// Client side of the handshake, sans-IO. C0+C1 are queued at construction; C2
/// follows S1; done once S2 arrived. In a digest mode S1 must carry a valid
/// digest unless the server shows it is plain (S1 version 0); a wrong S2 only
/// clears peer_response_valid(), as real clients tolerate it.
class client_handshake {
public:
    /// `random` must hold at least 1536 bytes; `epoch_ms` is written as C1's time.
    client_handshake(byte_span random, std::uint32_t epoch_ms,
                     handshake_mode mode = handshake_mode::digest_scheme_0);

    /// Consumes what it needs of `in` and returns that count; bytes after S2 stay
    /// with the caller. Errors: errc::bad_version, errc::bad_digest.
    lal::result<std::size_t> feed(byte_span in);
    /// The bytes to send so far; moves them out.
    std::vector<std::byte> take_output();
    /// True once S2 was consumed.
    bool done() const noexcept { return state_ == state::done; }
    /// The handshake in effect: the requested mode, or plain if the server is plain.
    handshake_mode mode() const noexcept { return mode_; }
    /// True when S2 answered C1 correctly (digest signature, or plain echo).
    bool peer_response_valid() const noexcept { return peer_response_valid_; }

private:
    enum class state { s0s1, s2, done };
    std::error_code answer();

    state state_ = state::s0s1;
    handshake_mode mode_;
    bool peer_response_valid_ = false;
    std::array<std::byte, handshake_size> random_{};
    std::array<std::byte, handshake_size> c1_{};
    std::vector<std::byte> in_;
    std::vector<std::byte> out_;
};

}  // namespace lal::rtmp
