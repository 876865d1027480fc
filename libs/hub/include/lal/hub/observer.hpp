// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>

#include <lal/hub/stream_key.hpp>

namespace lal::hub {

class publisher_sink;

/// Told about streams coming and going (relay, recording, HLS segmenter,
/// stats, notifications). Called on the worker of whoever caused the change,
/// never with a hub lock held; an observer that needs its own thread posts.
class observer {
public:
    virtual ~observer() = default;
    /// `publisher` attached to `key`; `query` is its URL query string.
    virtual void on_publish_start(const stream_key& /*key*/, const publisher_sink& /*publisher*/,
                                  std::string_view /*query*/) {}
    /// The publisher of `key` left.
    virtual void on_publish_stop(const stream_key& /*key*/) {}
    /// The number of subscribers of `key` changed to `count`; `live` says if it has a publisher.
    virtual void on_subscribers_changed(const stream_key& /*key*/, std::size_t /*count*/, bool /*live*/) {}
};

}  // namespace lal::hub
