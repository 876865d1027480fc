// SPDX-License-Identifier: MIT
// Shared helpers of the fuzz targets: property checks that abort (so libFuzzer
// and the replay driver report them), and deterministic ways to cut an input
// into pieces for the "fed whole == fed in pieces" checks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::fuzz {

/// Reports a violated property and aborts, which libFuzzer records as a crash.
[[noreturn]] inline void property_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
    std::fflush(stderr);
    std::abort();
}

/// The fuzz input as bytes.
inline lal::byte_span bytes_of(const std::uint8_t* data, std::size_t size) noexcept {
    if (size == 0) return {};
    return {reinterpret_cast<const std::byte*>(data), size};
}

/// The fuzz input as text.
inline std::string_view text_of(const std::uint8_t* data, std::size_t size) noexcept {
    if (size == 0) return {};
    return {reinterpret_cast<const char*>(data), size};
}

/// A number that varies with the first and last bytes and the size of `in`,
/// so mutations anywhere in the usual places move the cut points.
inline std::uint32_t seed_of(lal::byte_span in) noexcept {
    if (in.empty()) return 0;
    auto first = std::to_integer<std::uint32_t>(in.front());
    auto last = std::to_integer<std::uint32_t>(in.back());
    auto x = first * 0x9e3779b1u ^ (last + 0x7f4a7c15u) * 0x85ebca6bu ^ static_cast<std::uint32_t>(in.size());
    x ^= x >> 15;
    x *= 0x2c1b3c6du;
    x ^= x >> 12;
    return x;
}

/// How to cut an input: a first piece of `split` bytes, then pieces of `step`
/// bytes (1 = byte by byte) up to the end.
struct feed_plan {
    std::size_t split = 0;
    std::size_t step = 1;
};

/// A cut plan derived from `in` itself (see seed_of): any split point, and a
/// step of 1 to about 4 KiB, biased to small steps.
inline feed_plan plan_for(lal::byte_span in) noexcept {
    auto seed = seed_of(in);
    feed_plan p;
    p.split = in.empty() ? 0 : seed % (in.size() + 1);
    p.step = (std::size_t{1} << ((seed >> 20) % 13)) + (seed >> 8) % 3;
    return p;
}

/// Calls `feed(piece)` for the pieces of `in` under `plan`, in order. Stops
/// early when `feed` returns false.
template <class Feed>
void feed_pieces(lal::byte_span in, feed_plan plan, Feed&& feed) {
    if (!feed(in.first(plan.split))) return;
    for (std::size_t at = plan.split; at < in.size(); at += plan.step) {
        auto n = std::min(plan.step, in.size() - at);
        if (!feed(in.subspan(at, n))) return;
    }
}

/// Feeds one stream write of `bytes` (with `fin`) to `feed(piece, fin)`, cut
/// by `plan` (its split taken within `bytes`); the FIN goes with the last piece.
template <class Feed>
void feed_write_pieces(lal::byte_span bytes, feed_plan plan, bool fin, Feed&& feed) {
    const feed_plan local{plan.split % (bytes.size() + 1), plan.step};
    std::size_t done = 0;
    feed_pieces(bytes, local, [&](lal::byte_span piece) {
        done += piece.size();
        feed(piece, fin && done == bytes.size() && (!piece.empty() || bytes.empty()));
        return true;
    });
}

/// Reads a script input from the front; reads past the end come back short (or 0).
class script_reader {
public:
    /// A reader at the start of `in`.
    explicit script_reader(lal::byte_span in) noexcept : in_(in) {}
    /// True once every byte was read.
    bool done() const noexcept { return at_ >= in_.size(); }
    /// The next `n` bytes, fewer at the end.
    lal::byte_span take(std::size_t n) noexcept {
        n = std::min(n, in_.size() - at_);
        auto out = in_.subspan(at_, n);
        at_ += n;
        return out;
    }
    /// The next byte, 0 at the end.
    std::uint8_t byte() noexcept { return done() ? 0 : std::to_integer<std::uint8_t>(take(1)[0]); }
    /// A length byte, then that many bytes.
    lal::byte_span run() noexcept { return take(byte()); }

private:
    lal::byte_span in_;
    std::size_t at_ = 0;
};

/// Bytes as a vector, for comparisons.
inline std::vector<std::byte> to_bytes(lal::byte_span in) { return {in.begin(), in.end()}; }

}  // namespace lal::fuzz

/// Aborts with the condition's text when `cond` is false.
#define LAL_FUZZ_CHECK(cond) \
    ((cond) ? static_cast<void>(0) : ::lal::fuzz::property_failed(#cond, __FILE__, __LINE__))

namespace lal::fuzz {

/// Checks that a session's error sticks: once `dead` is set, calls return it
/// or nothing; a first error must satisfy `valid` and becomes `dead`.
template <class Valid>
void check_sticky(std::error_code& dead, std::error_code ec, Valid&& valid) {
    if (dead) {
        LAL_FUZZ_CHECK(!ec || ec == dead);
    } else if (ec) {
        LAL_FUZZ_CHECK(valid(ec));
        dead = ec;
    }
}

/// Runs a script `run(in, pieces, plan)` with its writes fed whole and cut
/// by plan_for(in): the same error, and the same outcome when there is none
/// (an outcome is comparable and has an `error` member).
template <class Run>
void check_whole_equals_pieces(lal::byte_span in, Run&& run) {
    const auto plan = plan_for(in);
    const auto whole = run(in, false, plan);
    const auto cut = run(in, true, plan);
    LAL_FUZZ_CHECK(whole.error == cut.error);
    if (!whole.error) LAL_FUZZ_CHECK(whole == cut);
}

}  // namespace lal::fuzz
