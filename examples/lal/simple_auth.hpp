// SPDX-License-Identifier: MIT
#pragma once

#include "config.hpp"
#include "hub_types.hpp"

namespace lal::server {

/// lal-Go's simple_auth as an admission check: where the switch of the
/// protocol and action is on (simple_auth.pub_rtmp_enable, sub_rtmp_enable,
/// sub_httpflv_enable, ...), the URL query must carry
/// lal_secret = md5_hex(simple_auth.key + stream_name), compared without
/// case, or simple_auth.dangerous_lal_secret when that is set.
class simple_auth final : public lal::hub::admission_check {
public:
    /// Keeps a reference to the section (the config outlives the server).
    explicit simple_auth(const config::simple_auth_section& cfg) : cfg_(cfg) {}

    /// True when requests of `protocol` ("rtmp", "httpflv", ...) for `action` are checked.
    bool applies(const admission_request& request) const noexcept;
    /// The refusal reason, empty when `request` passes.
    std::string verdict(const admission_request& request) const;
    void check(const admission_request& request, lal::hub::admission_reply reply) override;

private:
    const config::simple_auth_section& cfg_;
};

}  // namespace lal::server
