// SPDX-License-Identifier: MIT
#include <lal/rtmp/error.hpp>

#include <string>

namespace lal::rtmp {
namespace {

class rtmp_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.rtmp"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::bad_version: return "unsupported RTMP version in C0/S0";
        case errc::bad_digest: return "handshake digest does not verify";
        case errc::missing_chunk_header: return "chunk continues a chunk stream that never started";
        case errc::message_too_large: return "message length over the limit";
        case errc::chunk_size_too_large: return "chunk size over the limit";
        case errc::bad_chunk_size: return "invalid chunk size";
        case errc::too_many_chunk_streams: return "too many chunk streams";
        case errc::bad_control_message: return "malformed control message";
        case errc::bad_aggregate: return "malformed aggregate message";
        case errc::bad_command: return "malformed command message";
        case errc::unexpected_message: return "unexpected message";
        case errc::connect_rejected: return "connect rejected";
        case errc::publish_rejected: return "publish rejected";
        case errc::play_rejected: return "play rejected";
        case errc::command_failed: return "command failed";
        }
        return "unknown lal.rtmp error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const rtmp_category instance;
    return instance;
}

}  // namespace lal::rtmp
