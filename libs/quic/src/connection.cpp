// SPDX-License-Identifier: MIT
// One QUIC connection on ngtcp2 0.12 (RFC 9000) with its GnuTLS backend
// (RFC 9001). ngtcp2 calls back into impl during read_pkt/writev; the
// callbacks only record events, so no user code runs inside ngtcp2.
#include <lal/quic/connection.hpp>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <map>

#include "send_queue.hpp"

namespace lal::quic {

namespace {

constexpr std::size_t scid_size = 16;
constexpr std::size_t max_udp_payload = 1452;  // fits a 1500-byte Ethernet MTU with IPv6
// RFC 9001 8.4: QUIC forbids the TLS 1.3 middlebox compatibility mode.
constexpr const char* priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3:%DISABLE_TLS13_COMPAT_MODE";

void random_bytes(std::uint8_t* out, std::size_t n) {
    if (gnutls_rnd(GNUTLS_RND_RANDOM, out, n) != 0) throw std::bad_alloc();
}

connection_id to_id(const ngtcp2_cid& c) {
    connection_id id;
    id.size = static_cast<std::uint8_t>(std::min<std::size_t>(c.datalen, id.bytes.size()));
    std::memcpy(id.bytes.data(), c.data, id.size);
    return id;
}

ngtcp2_cid random_cid(std::size_t n) {
    ngtcp2_cid c{};
    c.datalen = n;
    random_bytes(c.data, n);
    return c;
}

const std::uint8_t* u8(byte_span b) { return reinterpret_cast<const std::uint8_t*>(b.data()); }

}  // namespace

struct connection::impl {
    std::shared_ptr<const credentials> creds;
    options opts;
    bool server = true;
    ngtcp2_conn* conn = nullptr;
    gnutls_session_t tls = nullptr;
    ngtcp2_crypto_conn_ref conn_ref{};
    endpoint local{};
    endpoint remote{};
    std::deque<connection_event> events;
    std::map<std::int64_t, detail::send_queue> sends;
    std::deque<std::vector<std::byte>> datagrams_out;
    std::size_t datagrams_in = 0;  // datagram events not yet taken
    std::vector<connection_id> new_ids;
    std::vector<connection_id> retired_ids;
    connection_stats stats;
    ngtcp2_connection_close_error ccerr{};
    std::string close_reason;
    bool close_pending = false;  // a CONNECTION_CLOSE is to be written
    bool done = false;
    bool handshake_done = false;
    bool closed_reported = false;

    ~impl() {
        if (conn) ngtcp2_conn_del(conn);
        if (tls) gnutls_deinit(tls);
    }

    ngtcp2_path path() {
        return {{reinterpret_cast<ngtcp2_sockaddr*>(&local.storage), local.size},
                {reinterpret_cast<ngtcp2_sockaddr*>(&remote.storage), remote.size},
                nullptr};
    }

    void report_closed(std::uint64_t code, bool application, std::string reason) {
        if (closed_reported) return;
        closed_reported = true;
        events.emplace_back(event::closed{code, application, std::move(reason)});
    }

    // A fatal ngtcp2 error: close with the matching transport error.
    std::error_code fail(int rv) {
        if (rv == NGTCP2_ERR_DRAINING) {
            // The peer sent CONNECTION_CLOSE (RFC 9000 10.2.2): nothing more to send.
            ngtcp2_connection_close_error peer{};
            ngtcp2_conn_get_connection_close_error(conn, &peer);
            report_closed(peer.error_code,
                          peer.type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION,
                          std::string(reinterpret_cast<const char*>(peer.reason), peer.reasonlen));
            done = true;
            return errc::closed;
        }
        if (rv == NGTCP2_ERR_IDLE_CLOSE || rv == NGTCP2_ERR_DROP_CONN || rv == NGTCP2_ERR_HANDSHAKE_TIMEOUT) {
            // RFC 9000 10.1: an idle connection is discarded silently.
            report_closed(0, false, rv == NGTCP2_ERR_IDLE_CLOSE ? "idle timeout" : "dropped");
            done = true;
            return rv == NGTCP2_ERR_HANDSHAKE_TIMEOUT ? errc::handshake_failed : errc::closed;
        }
        if (rv == NGTCP2_ERR_CRYPTO)
            ngtcp2_connection_close_error_set_transport_error_tls_alert(&ccerr, ngtcp2_conn_get_tls_alert(conn),
                                                                        nullptr, 0);
        else
            ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr, rv, nullptr, 0);
        report_closed(ccerr.error_code, false, ngtcp2_strerror(rv));
        close_pending = true;
        return rv == NGTCP2_ERR_CRYPTO ? errc::handshake_failed : errc::transport_error;
    }

    std::error_code setup_tls();
    std::error_code create(const ngtcp2_cid& dcid, const ngtcp2_cid& scid, const ngtcp2_cid* original_dcid,
                           std::uint32_t version, timestamp now);
    void write_close(std::vector<std::vector<std::byte>>& out, timestamp now);
    bool write_datagrams(std::vector<std::vector<std::byte>>& out, std::vector<std::byte>& buf, timestamp now);
    void write_streams(std::vector<std::vector<std::byte>>& out, std::vector<std::byte>& buf, timestamp now);

    static impl& self(void* user_data) { return *static_cast<impl*>(user_data); }

    static ngtcp2_conn* get_conn(ngtcp2_crypto_conn_ref* ref) { return static_cast<impl*>(ref->user_data)->conn; }

    static void rand_cb(std::uint8_t* dest, std::size_t n, const ngtcp2_rand_ctx*) { random_bytes(dest, n); }

    static int new_id_cb(ngtcp2_conn*, ngtcp2_cid* cid, std::uint8_t* token, std::size_t cidlen, void* ud) {
        *cid = random_cid(cidlen);
        // We never send Stateless Resets (RFC 9000 10.3), so the token only has to be unguessable.
        random_bytes(token, NGTCP2_STATELESS_RESET_TOKENLEN);
        self(ud).new_ids.push_back(to_id(*cid));
        return 0;
    }

    static int remove_id_cb(ngtcp2_conn*, const ngtcp2_cid* cid, void* ud) {
        self(ud).retired_ids.push_back(to_id(*cid));
        return 0;
    }

    static int handshake_completed_cb(ngtcp2_conn*, void* ud) {
        auto& s = self(ud);
        gnutls_datum_t proto{};
        std::string alpn;
        if (gnutls_alpn_get_selected_protocol(s.tls, &proto) == 0)
            alpn.assign(reinterpret_cast<const char*>(proto.data), proto.size);
        // RFC 9001 8.1: a server without a common ALPN protocol fails the handshake.
        if (alpn != s.opts.alpn) return NGTCP2_ERR_CALLBACK_FAILURE;
        s.handshake_done = true;
        s.events.emplace_back(event::handshake_completed{std::move(alpn)});
        return 0;
    }

    static int recv_stream_data_cb(ngtcp2_conn*, std::uint32_t flags, std::int64_t stream_id, std::uint64_t,
                                   const std::uint8_t* data, std::size_t size, void* ud, void*) {
        // The receive window bounds what accumulates here; it reopens in next_event.
        const auto* b = reinterpret_cast<const std::byte*>(data);
        self(ud).events.emplace_back(
            event::stream_data{stream_id, std::vector<std::byte>(b, b + size), (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0});
        return 0;
    }

    static int acked_cb(ngtcp2_conn*, std::int64_t stream_id, std::uint64_t offset, std::uint64_t size, void* ud,
                        void*) {
        auto& s = self(ud);
        if (auto it = s.sends.find(stream_id); it != s.sends.end()) it->second.acked(offset, size);
        return 0;
    }

    static int stream_close_cb(ngtcp2_conn* c, std::uint32_t, std::int64_t stream_id, std::uint64_t, void* ud,
                               void*) {
        auto& s = self(ud);
        s.sends.erase(stream_id);
        // RFC 9000 4.6: a closed peer stream makes room for another one.
        if (!ngtcp2_conn_is_local_stream(c, stream_id)) {
            if (stream_id & 0x2)
                ngtcp2_conn_extend_max_streams_uni(c, 1);
            else
                ngtcp2_conn_extend_max_streams_bidi(c, 1);
        }
        return 0;
    }

    static int stream_reset_cb(ngtcp2_conn*, std::int64_t stream_id, std::uint64_t, std::uint64_t code, void* ud,
                               void*) {
        self(ud).events.emplace_back(event::stream_reset{stream_id, code});
        return 0;
    }

    static int recv_datagram_cb(ngtcp2_conn*, std::uint32_t, const std::uint8_t* data, std::size_t size, void* ud) {
        auto& s = self(ud);
        if (s.datagrams_in >= s.opts.limits.max_datagrams_queued) {
            ++s.stats.datagrams_dropped;  // RFC 9221 5: datagrams may be dropped
            return 0;
        }
        ++s.datagrams_in;
        const auto* b = reinterpret_cast<const std::byte*>(data);
        s.events.emplace_back(event::datagram{std::vector<std::byte>(b, b + size)});
        return 0;
    }
};

std::error_code connection::impl::setup_tls() {
    const unsigned flags = (server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NO_END_OF_EARLY_DATA | GNUTLS_NO_TICKETS;
    if (gnutls_init(&tls, flags) != 0) return errc::tls_setup;
    const int rv = server ? ngtcp2_crypto_gnutls_configure_server_session(tls)
                          : ngtcp2_crypto_gnutls_configure_client_session(tls);
    if (rv != 0) return errc::tls_setup;
    if (gnutls_priority_set_direct(tls, priorities, nullptr) != 0) return errc::tls_setup;
    if (gnutls_credentials_set(tls, GNUTLS_CRD_CERTIFICATE, creds->native()) != 0) return errc::tls_setup;
    gnutls_datum_t alpn{reinterpret_cast<unsigned char*>(opts.alpn.data()), static_cast<unsigned>(opts.alpn.size())};
    if (gnutls_alpn_set_protocols(tls, &alpn, 1, GNUTLS_ALPN_MANDATORY) != 0) return errc::tls_setup;
    if (!server && !opts.server_name.empty())
        gnutls_server_name_set(tls, GNUTLS_NAME_DNS, opts.server_name.data(), opts.server_name.size());
    conn_ref.get_conn = &impl::get_conn;
    conn_ref.user_data = this;
    gnutls_session_set_ptr(tls, &conn_ref);
    return {};
}

std::error_code connection::impl::create(const ngtcp2_cid& dcid, const ngtcp2_cid& scid,
                                         const ngtcp2_cid* original_dcid, std::uint32_t version, timestamp now) {
    ngtcp2_callbacks cb{};
    if (server) {
        cb.recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
    } else {
        cb.client_initial = ngtcp2_crypto_client_initial_cb;
        cb.recv_retry = ngtcp2_crypto_recv_retry_cb;
    }
    cb.recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
    cb.encrypt = ngtcp2_crypto_encrypt_cb;
    cb.decrypt = ngtcp2_crypto_decrypt_cb;
    cb.hp_mask = ngtcp2_crypto_hp_mask_cb;
    cb.update_key = ngtcp2_crypto_update_key_cb;
    cb.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
    cb.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
    cb.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
    cb.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
    cb.rand = &impl::rand_cb;
    cb.get_new_connection_id = &impl::new_id_cb;
    cb.remove_connection_id = &impl::remove_id_cb;
    cb.handshake_completed = &impl::handshake_completed_cb;
    cb.recv_stream_data = &impl::recv_stream_data_cb;
    cb.acked_stream_data_offset = &impl::acked_cb;
    cb.stream_close = &impl::stream_close_cb;
    cb.stream_reset = &impl::stream_reset_cb;
    cb.recv_datagram = &impl::recv_datagram_cb;

    ngtcp2_settings settings;
    ngtcp2_settings_default(&settings);
    settings.initial_ts = now;
    settings.max_tx_udp_payload_size = max_udp_payload;
    // Cap window auto-tuning at the configured windows (RFC 9000 4.2).
    settings.max_window = opts.limits.connection_window;
    settings.max_stream_window = opts.limits.stream_window;

    ngtcp2_transport_params params;
    ngtcp2_transport_params_default(&params);
    const auto& l = opts.limits;
    params.initial_max_stream_data_bidi_local = l.stream_window;
    params.initial_max_stream_data_bidi_remote = l.stream_window;
    params.initial_max_stream_data_uni = l.stream_window;
    params.initial_max_data = l.connection_window;
    params.initial_max_streams_bidi = l.max_streams_bidi;
    params.initial_max_streams_uni = l.max_streams_uni;
    params.max_idle_timeout = l.idle_timeout_ms * NGTCP2_MILLISECONDS;
    params.max_datagram_frame_size = l.max_datagram_frame_size;  // RFC 9221 3; WebTransport needs it
    params.active_connection_id_limit = 4;
    if (original_dcid) {
        params.original_dcid = *original_dcid;  // RFC 9000 7.3
        // One socket, no preferred address: a peer may not migrate (RFC 9000 18.2).
        params.disable_active_migration = 1;
    }

    auto p = path();
    const int rv = server ? ngtcp2_conn_server_new(&conn, &dcid, &scid, &p, version, &cb, &settings, &params,
                                                   nullptr, this)
                          : ngtcp2_conn_client_new(&conn, &dcid, &scid, &p, version, &cb, &settings, &params,
                                                   nullptr, this);
    if (rv != 0) {
        conn = nullptr;
        return errc::transport_error;
    }
    if (auto ec = setup_tls()) return ec;
    ngtcp2_conn_set_tls_native_handle(conn, tls);
    return {};
}

void connection::impl::write_close(std::vector<std::vector<std::byte>>& out, timestamp now) {
    close_pending = false;
    done = true;
    if (!conn || ngtcp2_conn_is_in_draining_period(conn)) return;
    std::vector<std::byte> buf(max_udp_payload);
    auto p = path();
    ngtcp2_pkt_info pi{};
    const auto n = ngtcp2_conn_write_connection_close(conn, &p, &pi, reinterpret_cast<std::uint8_t*>(buf.data()),
                                                      buf.size(), &ccerr, now);
    // RFC 9000 10.2.1: we keep no closing state; a later packet of the peer is
    // dropped as unknown, which it answers by timing out.
    if (n > 0) {
        buf.resize(static_cast<std::size_t>(n));
        out.push_back(std::move(buf));
    }
}

bool connection::impl::write_datagrams(std::vector<std::vector<std::byte>>& out, std::vector<std::byte>& buf,
                                       timestamp now) {
    while (!datagrams_out.empty() && out.size() < opts.limits.max_packets_per_flush) {
        auto& d = datagrams_out.front();
        ngtcp2_vec v{reinterpret_cast<std::uint8_t*>(d.data()), d.size()};
        int accepted = 0;
        auto p = path();
        ngtcp2_pkt_info pi{};
        const auto n = ngtcp2_conn_writev_datagram(conn, &p, &pi, reinterpret_cast<std::uint8_t*>(buf.data()),
                                                   buf.size(), &accepted, NGTCP2_WRITE_DATAGRAM_FLAG_NONE, 0, &v,
                                                   1, now);
        if (n < 0) {
            if (n == NGTCP2_ERR_INVALID_STATE || n == NGTCP2_ERR_INVALID_ARGUMENT) {
                // The peer takes no datagrams, or this one is too large for it now.
                ++stats.datagrams_dropped;
                datagrams_out.pop_front();
                continue;
            }
            fail(static_cast<int>(n));
            return false;
        }
        if (n == 0) break;  // congestion limited: keep it for the next flush
        if (accepted) datagrams_out.pop_front();
        out.emplace_back(buf.begin(), buf.begin() + n);
    }
    return true;
}

void connection::impl::write_streams(std::vector<std::vector<std::byte>>& out, std::vector<std::byte>& buf,
                                     timestamp now) {
    std::vector<std::int64_t> blocked;  // streams flow-control blocked this flush
    auto next_stream = [&]() -> std::pair<std::int64_t, detail::send_queue*> {
        for (auto& [id, q] : sends)
            if (q.has_unsent() && std::find(blocked.begin(), blocked.end(), id) == blocked.end()) return {id, &q};
        return {-1, nullptr};
    };
    while (out.size() < opts.limits.max_packets_per_flush) {
        auto [id, q] = next_stream();
        std::array<byte_span, 16> spans;
        std::array<ngtcp2_vec, 16> vecs;
        std::size_t count = 0;
        std::uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE;
        if (q) {
            count = q->unsent(spans);
            for (std::size_t i = 0; i < count; ++i)
                vecs[i] = {const_cast<std::uint8_t*>(u8(spans[i])), spans[i].size()};
            std::size_t total = 0;
            for (std::size_t i = 0; i < count; ++i) total += spans[i].size();
            // The FIN rides with the last queued byte (or alone once all bytes left).
            if (q->finished() && total == q->unsent_size()) flags |= NGTCP2_WRITE_STREAM_FLAG_FIN;
        } else {
            flags = NGTCP2_WRITE_STREAM_FLAG_NONE;  // finish the packet (acks, control frames)
        }
        ngtcp2_ssize accepted = -1;
        auto p = path();
        ngtcp2_pkt_info pi{};
        const auto n = ngtcp2_conn_writev_stream(conn, &p, &pi, reinterpret_cast<std::uint8_t*>(buf.data()),
                                                 buf.size(), &accepted, flags, id, vecs.data(), count, now);
        if (n < 0) {
            if (n == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                blocked.push_back(id);
                continue;
            }
            if (n == NGTCP2_ERR_STREAM_SHUT_WR || n == NGTCP2_ERR_STREAM_NOT_FOUND) {
                sends.erase(id);  // the peer's STOP_SENDING or a reset ended the stream
                continue;
            }
            if (n == NGTCP2_ERR_WRITE_MORE) {
                if (q && accepted >= 0) q->sent(static_cast<std::size_t>(accepted), flags & NGTCP2_WRITE_STREAM_FLAG_FIN);
                continue;
            }
            fail(static_cast<int>(n));
            return;
        }
        if (q && accepted >= 0) q->sent(static_cast<std::size_t>(accepted), flags & NGTCP2_WRITE_STREAM_FLAG_FIN);
        if (n == 0) break;  // nothing more fits the congestion window
        out.emplace_back(buf.begin(), buf.begin() + n);
    }
}

connection::connection(std::unique_ptr<impl> p) noexcept : impl_(std::move(p)) {}
connection::~connection() = default;

lal::result<std::unique_ptr<connection>> connection::accept(std::shared_ptr<const credentials> creds,
                                                            const options& opts, byte_span packet,
                                                            const endpoint& local, const endpoint& remote,
                                                            timestamp now) {
    ngtcp2_pkt_hd hd{};
    // RFC 9000 14.1 and 17.2.2: only a full-size client Initial starts a connection.
    if (ngtcp2_accept(&hd, u8(packet), packet.size()) != 0) return errc::bad_packet;
    auto p = std::make_unique<impl>();
    p->creds = std::move(creds);
    p->opts = opts;
    p->server = true;
    p->local = local;
    p->remote = remote;
    const auto scid = random_cid(scid_size);
    if (auto ec = p->create(hd.scid, scid, &hd.dcid, hd.version, now)) return ec;
    p->new_ids.push_back(to_id(hd.dcid));  // the client's Initials still carry its chosen DCID
    p->new_ids.push_back(to_id(scid));
    std::unique_ptr<connection> c(new connection(std::move(p)));
    if (auto ec = c->receive(packet, remote, now); ec && c->impl_->done) return ec;
    return c;
}

lal::result<std::unique_ptr<connection>> connection::connect(std::shared_ptr<const credentials> creds,
                                                             const options& opts, const endpoint& local,
                                                             const endpoint& remote, timestamp now) {
    auto p = std::make_unique<impl>();
    p->creds = std::move(creds);
    p->opts = opts;
    p->server = false;
    p->local = local;
    p->remote = remote;
    const auto dcid = random_cid(18);
    const auto scid = random_cid(scid_size);
    if (auto ec = p->create(dcid, scid, nullptr, NGTCP2_PROTO_VER_V1, now)) return ec;
    p->new_ids.push_back(to_id(scid));
    return std::unique_ptr<connection>(new connection(std::move(p)));
}

std::error_code connection::receive(byte_span datagram, const endpoint& remote, timestamp now) {
    auto& s = *impl_;
    if (s.done || s.close_pending) return errc::closed;
    if (datagram.empty()) return {};
    s.remote = remote;
    auto p = s.path();
    ngtcp2_pkt_info pi{};
    const int rv = ngtcp2_conn_read_pkt(s.conn, &p, &pi, u8(datagram), datagram.size(), now);
    if (rv == 0) return {};
    if (rv == NGTCP2_ERR_DISCARD_PKT) return {};
    return s.fail(rv);
}

std::optional<connection_event> connection::next_event() {
    auto& s = *impl_;
    if (s.events.empty()) return std::nullopt;
    connection_event e = std::move(s.events.front());
    s.events.pop_front();
    if (auto* d = std::get_if<event::stream_data>(&e)) {
        if (s.conn && !s.done && !d->bytes.empty()) {
            // The bytes are consumed now: reopen the windows by that much (RFC 9000 4.2).
            ngtcp2_conn_extend_max_stream_offset(s.conn, d->stream_id, d->bytes.size());
            ngtcp2_conn_extend_max_offset(s.conn, d->bytes.size());
        }
    } else if (std::holds_alternative<event::datagram>(e)) {
        --s.datagrams_in;
    }
    return e;
}

lal::result<std::int64_t> connection::open_uni_stream() {
    auto& s = *impl_;
    if (s.done || s.close_pending) return errc::closed;
    std::int64_t id = -1;
    if (ngtcp2_conn_open_uni_stream(s.conn, &id, nullptr) != 0) return errc::stream_blocked;
    s.sends.emplace(id, detail::send_queue(s.opts.limits.max_send_queue));
    return id;
}

lal::result<std::int64_t> connection::open_bidi_stream() {
    auto& s = *impl_;
    if (s.done || s.close_pending) return errc::closed;
    std::int64_t id = -1;
    if (ngtcp2_conn_open_bidi_stream(s.conn, &id, nullptr) != 0) return errc::stream_blocked;
    s.sends.emplace(id, detail::send_queue(s.opts.limits.max_send_queue));
    return id;
}

std::error_code connection::write(std::int64_t stream_id, byte_span bytes, bool fin) {
    auto& s = *impl_;
    if (s.done || s.close_pending) return errc::closed;
    auto it = s.sends.find(stream_id);
    if (it == s.sends.end()) {
        // A peer bidirectional stream gets its send side on first write (RFC 9000 2.1).
        const bool peer_bidi = !ngtcp2_conn_is_local_stream(s.conn, stream_id) && (stream_id & 0x2) == 0;
        if (!peer_bidi || stream_id < 0) return errc::unknown_stream;
        it = s.sends.emplace(stream_id, detail::send_queue(s.opts.limits.max_send_queue)).first;
    }
    if (it->second.finished() && !(bytes.empty() && fin)) return errc::unknown_stream;
    if (!it->second.push(bytes, fin)) {
        ++s.stats.writes_refused;
        return errc::queue_full;
    }
    return {};
}

std::error_code connection::reset_stream(std::int64_t stream_id, std::uint64_t code) {
    auto& s = *impl_;
    if (s.done || s.close_pending) return errc::closed;
    s.sends.erase(stream_id);
    if (ngtcp2_conn_shutdown_stream(s.conn, stream_id, code) != 0) return errc::unknown_stream;
    return {};
}

std::error_code connection::send_datagram(byte_span bytes) {
    auto& s = *impl_;
    if (s.done || s.close_pending) return errc::closed;
    if (const auto* tp = ngtcp2_conn_get_remote_transport_params(s.conn);
        tp && bytes.size() + 3 > tp->max_datagram_frame_size)  // type and length of the frame (RFC 9221 4)
        return errc::datagram_too_large;
    if (s.datagrams_out.size() >= s.opts.limits.max_datagrams_queued) {
        ++s.stats.datagrams_dropped;
        return {};
    }
    s.datagrams_out.emplace_back(bytes.begin(), bytes.end());
    return {};
}

void connection::close(std::uint64_t application_code, std::string_view reason) {
    auto& s = *impl_;
    if (s.done || s.close_pending) return;
    s.close_reason.assign(reason.substr(0, 128));  // ngtcp2 reads it when writing the packet
    ngtcp2_connection_close_error_set_application_error(
        &s.ccerr, application_code, reinterpret_cast<const std::uint8_t*>(s.close_reason.data()),
        s.close_reason.size());
    s.close_pending = true;
    s.report_closed(application_code, true, std::string(reason));
}

std::vector<std::vector<std::byte>> connection::take_datagrams(timestamp now) {
    auto& s = *impl_;
    std::vector<std::vector<std::byte>> out;
    if (s.done) return out;
    if (!s.close_pending) {
        std::vector<std::byte> buf(max_udp_payload);
        if (s.write_datagrams(out, buf, now) && !s.close_pending) s.write_streams(out, buf, now);
    }
    if (s.close_pending) s.write_close(out, now);
    return out;
}

timestamp connection::expiry() const noexcept {
    const auto& s = *impl_;
    if (s.done || !s.conn) return no_expiry;
    if (s.close_pending) return 0;  // flush the CONNECTION_CLOSE now
    return ngtcp2_conn_get_expiry(s.conn);
}

std::error_code connection::on_expiry(timestamp now) {
    auto& s = *impl_;
    if (s.done || s.close_pending) return {};
    const int rv = ngtcp2_conn_handle_expiry(s.conn, now);
    if (rv == 0) return {};
    return s.fail(rv);
}

std::size_t connection::queued(std::int64_t stream_id) const noexcept {
    auto it = impl_->sends.find(stream_id);
    return it == impl_->sends.end() ? 0 : it->second.queued();
}

bool connection::handshake_completed() const noexcept { return impl_->handshake_done; }
bool connection::is_done() const noexcept { return impl_->done; }
std::vector<connection_id> connection::take_new_ids() { return std::exchange(impl_->new_ids, {}); }
std::vector<connection_id> connection::take_retired_ids() { return std::exchange(impl_->retired_ids, {}); }
const endpoint& connection::remote() const noexcept { return impl_->remote; }
const connection_stats& connection::stats() const noexcept { return impl_->stats; }

}  // namespace lal::quic
