// SPDX-License-Identifier: MIT
#include "ip_acl.hpp"

#include <algorithm>

namespace lal::server {
namespace {

std::size_t index_of(admission_action a) noexcept { return a == admission_action::publish ? 0 : 1; }

const char* name_of(admission_action a) noexcept { return a == admission_action::publish ? "publish" : "play"; }

void fill(lal::net::ip_prefix_list& list, const std::vector<std::string>& texts) {
    for (const auto& t : texts) {
        if (auto p = lal::net::parse_ip_prefix(t)) list.add(*p);  // the config parser refused bad ones
    }
}

}  // namespace

ip_acl::ip_acl(const config::ip_acl_section& cfg, lal::hub::clock_fn clock) : clock_(std::move(clock)) {
    fill(allow_[0], cfg.publish_allow);
    fill(deny_[0], cfg.publish_deny);
    fill(allow_[1], cfg.play_allow);
    fill(deny_[1], cfg.play_deny);
}

void ip_acl::blacklist(const lal::net::ip_prefix& block, std::uint32_t seconds) {
    std::lock_guard lock(mutex_);
    std::erase_if(blacklist_, [&](const blocked& b) { return b.block == block; });
    if (seconds != 0) blacklist_.push_back({block, clock_() + std::uint64_t{seconds} * 1000});
}

std::string ip_acl::verdict(admission_action action, const lal::net::ip_address& address) {
    {
        std::lock_guard lock(mutex_);
        const auto now = clock_();
        std::erase_if(blacklist_, [now](const blocked& b) { return now >= b.until_ms; });
        for (const auto& b : blacklist_) {
            if (b.block.contains(address)) return address.str() + " is on the IP blacklist (" + b.block.str() + ")";
        }
    }
    const auto i = index_of(action);
    if (const auto* hit = deny_[i].match(address)) {
        return address.str() + " is in ip_acl." + name_of(action) + "_deny (" + hit->str() + ")";
    }
    if (!allow_[i].empty() && !allow_[i].match(address)) {
        return address.str() + " is not in ip_acl." + name_of(action) + "_allow";
    }
    return {};
}

void ip_acl::check(const admission_request& request, lal::hub::admission_reply reply) {
    const auto host = lal::net::host_of_endpoint(request.remote);
    const auto address = lal::net::parse_ip_address(host);
    if (address) {
        auto why = verdict(request.action, *address);
        reply(why.empty() ? admission_result::admit() : admission_result::refuse(std::move(why)));
        return;
    }
    bool any_rule = false;
    {
        std::lock_guard lock(mutex_);
        any_rule = !blacklist_.empty();
    }
    const auto i = index_of(request.action);
    any_rule = any_rule || !allow_[i].empty() || !deny_[i].empty();
    if (any_rule) {
        reply(admission_result::refuse("the client address \"" + std::string(host) + "\" cannot be checked"));
    } else {
        reply(admission_result::admit());
    }
}

}  // namespace lal::server
