// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/httpflv/chunked.hpp>
#include <lal/httpflv/url.hpp>

#include "flv_scanner.hpp"
#include "player.hpp"

namespace lalbench {

/// An HTTP-FLV player: GET, a 200 head read with lal::httpflv's response
/// parser, then the body (close-delimited, sized or chunked, RFC 9112 6.3,
/// 7.1) scanned for tag boundaries without keeping tag data.
class httpflv_player final : public player, private tag_sink {
public:
    httpflv_player(worker& w, const player_settings& settings, const lal::httpflv::url& url);

private:
    void on_connected() override;
    void on_input(lal::byte_span in) override;
    void on_tag(const scanned_tag& t) override;
    void on_head(lal::byte_span head);
    void on_body(lal::byte_span in);

    const lal::httpflv::url& url_;
    std::vector<std::byte> head_;  // response head until complete; freed then
    bool streaming_ = false;
    std::optional<lal::httpflv::chunk_decoder> chunks_;
    std::optional<std::uint64_t> body_left_;  // for a Content-Length body
    flv_scanner scanner_;
};

}  // namespace lalbench
