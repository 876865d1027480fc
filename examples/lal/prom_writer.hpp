// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lal::server {

/// Writes the Prometheus text exposition format (version 0.0.4): a family's
/// # HELP and # TYPE lines, then its samples, label values escaped. Our own
/// small writer rather than prometheus-cpp: the server exposes a few dozen
/// numbers it already keeps (atomics and the sessions it gathers for the API),
/// so a registry, its locks and a new dependency would buy nothing.
class prom_writer {
public:
    /// One label: name and (unescaped) value.
    using label = std::pair<std::string_view, std::string_view>;

    /// Starts a family: `type` is "counter" or "gauge". Each family once, before its samples.
    void family(std::string_view name, std::string_view type, std::string_view help);
    /// One sample of the current family (a counter's name ends with _total).
    void sample(std::string_view name, const std::vector<label>& labels, double value);
    /// One sample without labels.
    void sample(std::string_view name, double value) { sample(name, {}, value); }

    /// The text so far.
    const std::string& text() const noexcept { return out_; }

    /// The content type to serve it with.
    static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

private:
    std::string out_;
};

}  // namespace lal::server
