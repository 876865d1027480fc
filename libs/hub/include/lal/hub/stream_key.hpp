// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>

namespace lal::hub {

/// A stream's identity: application and stream name. The query string of the
/// URL is not part of it.
struct stream_key {
    std::string app;
    std::string name;

    /// "app/name", for logs.
    std::string str() const { return app + "/" + name; }
    friend bool operator==(const stream_key&, const stream_key&) = default;
};

/// Hash for unordered containers.
struct stream_key_hash {
    std::size_t operator()(const stream_key& k) const noexcept {
        return std::hash<std::string>{}(k.app) * 31 + std::hash<std::string>{}(k.name);
    }
};

}  // namespace lal::hub
