// SPDX-License-Identifier: MIT
#include "flv_source.hpp"

#include <cerrno>
#include <span>

#include <lal/flv/error.hpp>

namespace flvfile2rtmppush {

std::error_code flv_source::open(const std::string& path) {
    path_ = path;
    buffer_.resize(64 * 1024);
    return rewind();
}

std::error_code flv_source::rewind() {
    in_.close();
    in_.clear();
    errno = 0;
    in_.open(path_, std::ios::binary);
    if (!in_) return errno ? std::error_code(errno, std::generic_category()) : std::make_error_code(std::errc::io_error);
    reader_ = lal::flv::reader{};
    error_.clear();
    eof_ = false;
    truncated_ = false;
    // The header must be there before anything is sent.
    while (!reader_.header() && fill()) {
    }
    if (error_) return error_;
    if (!reader_.header()) return lal::flv::errc::truncated;
    return {};
}

bool flv_source::fill() {
    if (eof_ || error_) return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) {
        error_ = std::make_error_code(std::errc::io_error);
        return false;
    }
    if (got == 0) {
        eof_ = true;
        // A capture cut inside its last tag is common: keep the whole tags.
        truncated_ = static_cast<bool>(reader_.finish());
        return false;
    }
    if (auto ec = reader_.feed(std::as_bytes(std::span(buffer_.data(), got)))) {
        error_ = ec;
        return false;
    }
    return true;
}

std::optional<lal::flv::tag> flv_source::next() {
    for (;;) {
        if (auto t = reader_.next()) return t;
        if (!fill()) return std::nullopt;
    }
}

}  // namespace flvfile2rtmppush
