// SPDX-License-Identifier: MIT
#include <lal/quic/router.hpp>

#include <ngtcp2/ngtcp2.h>

#include <array>
#include <cstring>

namespace lal::quic {

namespace {

connection_id make_id(const std::uint8_t* data, std::size_t size) {
    connection_id id;
    id.size = static_cast<std::uint8_t>(size);
    std::memcpy(id.bytes.data(), data, size);
    return id;
}

}  // namespace

router::router(router_options options) : options_(options) {}

route_result router::route(byte_span datagram) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(datagram.data());
    if (datagram.empty()) {
        ++stats_.dropped_garbage;
        return route::drop{};
    }
    ngtcp2_version_cid vc{};
    const int rv = ngtcp2_pkt_decode_version_cid(&vc, data, datagram.size(), options_.short_dcid_size);
    if (rv == NGTCP2_ERR_VERSION_NEGOTIATION) {
        // RFC 9000 6.1 and 14.1: answer only datagrams big enough to be a client's
        // first flight, so a small spoofed packet cannot be amplified.
        if (datagram.size() < NGTCP2_MAX_UDP_PAYLOAD_SIZE) {
            ++stats_.dropped_garbage;
            return route::drop{};
        }
        std::array<std::uint32_t, 1> versions{NGTCP2_PROTO_VER_V1};
        std::vector<std::byte> out(256);
        std::uint8_t unused = 0;
        // RFC 9000 17.2.1: the first byte's low bits are arbitrary; derive them from the input.
        for (auto b : datagram.first(std::min<std::size_t>(datagram.size(), 32))) unused ^= static_cast<std::uint8_t>(b);
        const auto n = ngtcp2_pkt_write_version_negotiation(reinterpret_cast<std::uint8_t*>(out.data()), out.size(),
                                                            unused, vc.scid, vc.scidlen, vc.dcid, vc.dcidlen,
                                                            versions.data(), versions.size());
        if (n <= 0) {
            ++stats_.dropped_garbage;
            return route::drop{};
        }
        out.resize(static_cast<std::size_t>(n));
        ++stats_.version_negotiations;
        return route::version_negotiation{std::move(out)};
    }
    if (rv != 0 || vc.dcidlen > 20) {
        ++stats_.dropped_garbage;
        return route::drop{};
    }
    if (auto it = by_id_.find(make_id(vc.dcid, vc.dcidlen)); it != by_id_.end()) return route::existing{it->second};

    // Unknown DCID: only a client Initial may start something (RFC 9000 17.2.2).
    ngtcp2_pkt_hd hd{};
    if (ngtcp2_accept(&hd, data, datagram.size()) != 0) {
        ++stats_.dropped_unknown_id;
        return route::drop{};
    }
    if (by_handle_.size() >= options_.max_connections) {
        ++stats_.dropped_full;
        return route::drop{};
    }
    ++stats_.accepted;
    return route::new_connection{};
}

void router::add(const connection_id& id, std::uint64_t handle) {
    auto [it, inserted] = by_id_.emplace(id, handle);
    if (!inserted) return;  // IDs are random; a collision keeps the first owner
    by_handle_[handle].insert(id);
}

void router::remove(const connection_id& id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    auto h = by_handle_.find(it->second);
    if (h != by_handle_.end()) {
        h->second.erase(id);
        // A connection keeps its map entry until remove_all, so connections() counts it.
    }
    by_id_.erase(it);
}

void router::remove_all(std::uint64_t handle) {
    auto h = by_handle_.find(handle);
    if (h == by_handle_.end()) return;
    for (const auto& id : h->second) by_id_.erase(id);
    by_handle_.erase(h);
}

}  // namespace lal::quic
