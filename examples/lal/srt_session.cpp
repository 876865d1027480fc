// SPDX-License-Identifier: MIT
#include "srt_session.hpp"

#include <chrono>

#include <asio/post.hpp>

#include "codec_refusal.hpp"
#include "log.hpp"
#include "srt_service.hpp"
#include "srt_socket.hpp"

namespace lal::server {

namespace {
std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::uint64_t steady_ms() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}
}  // namespace

bool srt_link_stats::read(SRTSOCKET socket) {
    SRT_TRACEBSTATS st{};
    if (srt_bstats(socket, &st, 0) == SRT_ERROR) return false;
    lost = std::int64_t{st.pktRcvLossTotal} + st.pktSndLossTotal;
    // pktRcvRetrans counts since the last clear, and nothing clears it here.
    retransmitted = std::int64_t{st.pktRetransTotal} + st.pktRcvRetrans;
    dropped_late = std::int64_t{st.pktRcvDropTotal} + st.pktSndDropTotal;
    return true;
}

srt_session::srt_session(srt_service& service, SRTSOCKET socket, std::size_t worker, lal::srt::stream_id id,
                         std::string remote)
    : service_(service),
      socket_(socket),
      worker_(worker),
      id_(std::move(id)),
      key_{id_.app, id_.stream},
      remote_(std::move(remote)),
      session_id_(service.ctx_.sessions.next_id(publishing() ? "SRTPUB" : "SRTSUB")),
      start_unix_ms_(unix_ms()),
      started_ms_(steady_ms()),
      timer_(service.ctx_.loops.context(worker)) {}

srt_session::~srt_session() {
    if (!closed_) srt_close(socket_);
}

void srt_session::begin() {
    const auto& cfg = service_.ctx_.cfg;
    admission_request ask{publishing() ? admission_action::publish : admission_action::play, key_, id_.query, "srt",
                          remote_};
    auto ticket = service_.ctx_.streams.admit(std::move(ask), worker_, [weak = weak_from_this()](admission_result r) {
        if (auto self = weak.lock()) self->on_admitted(r);
    });
    if (!ticket) return;  // decided at once
    ticket_ = std::move(ticket);
    timer_.expires_after(std::chrono::milliseconds(cfg.srt.connect_timeout_ms));
    timer_.async_wait([t = std::weak_ptr<admission_ticket>(ticket_)](std::error_code ec) {
        auto pending = t.lock();
        if (!ec && pending) pending->expire("no admission decision in time (srt.connect_timeout_ms)");
    });
}

void srt_session::on_admitted(const admission_result& r) {
    timer_.cancel();
    ticket_.reset();
    if (closed_) return;
    const char* role = publishing() ? "publish" : "play";
    if (!r.admitted) {
        LAL_LOG_WARN("[srt] {} refused: remote={} stream={}: {}", role, remote_, key_.str(), r.reason);
        close_now("refused: " + r.reason);
        return;
    }
    auto& ctx = service_.ctx_;
    if (publishing()) {
        auto result = ctx.streams.publish(key_, *this, id_.query);
        if (!result) {
            LAL_LOG_WARN("[srt] publish refused: remote={} stream={}: already publishing", remote_, key_.str());
            close_now("stream is already publishing");
            return;
        }
        publication_ = std::move(*result);
        admitted_ = true;
        in_directory_ = true;
        ctx.sessions.add(worker_, *this);
        LAL_LOG_INFO("[srt] publish start: remote={} stream={}", remote_, key_.str());
        if (!early_.empty()) {
            auto early = std::move(early_);
            early_ = {};
            demux(early);
        }
        return;
    }
    // libsrt has no reject after the handshake: a player of a codec TS cannot
    // carry is closed with the reason in the log (and the session's end).
    if (auto why = codec_refusal(ctx, key_, fixed_form::mpegts); !why.empty()) {
        LAL_LOG_WARN("[srt] play refused: remote={} stream={}: {}", remote_, key_.str(), why);
        close_now(why);
        return;
    }
    admitted_ = true;
    in_directory_ = true;
    ctx.sessions.add(worker_, *this);
    waiting_ = true;
    subscription_ = ctx.streams.subscribe(key_, *this, ctx.forms.ts, ctx.cfg.srt.gop_num, worker_);
    if (waiting_) {
        LAL_LOG_INFO("[srt] play waits for a publisher: remote={} stream={}", remote_, key_.str());
        wait_for_publisher();
    }
}

void srt_session::on_data(std::vector<std::byte> bytes, const srt_link_stats& link) {
    if (closed_) return;
    link_ = link;
    read_bytes_ += bytes.size();
    if (!publishing()) return;  // a player's stray data is ignored
    if (!admitted_) {
        // ffmpeg and OBS send from the first moment: keep what comes while the
        // admission checks decide, within the connection's buffer bound.
        if (early_.size() + bytes.size() > service_.ctx_.cfg.srt.max_buffer_bytes) {
            close_now("more than srt.max_buffer_bytes before the publish was admitted");
            return;
        }
        early_.insert(early_.end(), bytes.begin(), bytes.end());
        return;
    }
    demux(bytes);
}

void srt_session::demux(lal::byte_span bytes) {
    demuxer_.feed(bytes);
    while (auto e = demuxer_.next()) {
        if (auto* f = std::get_if<lal::media::media_frame>(&*e)) {
            // The demuxer attaches each track's configuration; frame_input turns a
            // change into a config item first, as an RTMP source would send it.
            for (auto& item : input_.convert(*f)) {
                media_.note(item);
                publication_->push(std::move(item));
            }
        } else if (demux_errors_++ < 10) {
            const auto& err = std::get<lal::mpegts::demux_error>(*e);
            LAL_LOG_WARN("[srt] TS from {} ({}): {} (pid {})", remote_, key_.str(), err.code.message(), err.pid);
        }
    }
    publication_->flush();
}

void srt_session::start() {
    timer_.cancel();
    if (waiting_) LAL_LOG_INFO("[srt] play start: remote={} stream={}", remote_, key_.str());
    waiting_ = false;
}

void srt_session::stop() { wait_for_publisher(); }

void srt_session::wait_for_publisher() {
    waiting_ = true;
    timer_.expires_after(std::chrono::milliseconds(service_.ctx_.cfg.stream.wait_publisher_ms));
    timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || !self->waiting_) return;
        LAL_LOG_INFO("[srt] no publisher for {} within {} ms: closing {}", self->key_.str(),
                     self->service_.ctx_.cfg.stream.wait_publisher_ms, self->remote_);
        self->close_now("no publisher");
    });
}

void srt_session::send(const frame& f) {
    if (closed_) return;
    const auto& wire = f.encoded(service_.ctx_.forms.ts);
    if (wire.empty()) return;  // metadata, data: no TS form
    if (f.kind() == media_kind::video) seen_video_ = true;
    if (skip_to_key_) {
        // A frame cut short leaves a broken picture: resume where decoding can.
        const bool resumes = f.is_keyframe() || (!seen_video_ && f.kind() == media_kind::audio);
        if (!resumes) {
            if (!f.is_control()) ++send_dropped_;
            return;
        }
        skip_to_key_ = false;
    }
    bool cut = false;
    auto out = [&](lal::byte_span m) {
        if (!cut) cut = !send_message(m);
    };
    // Each frame's TS packets leave in 1316-byte messages, the last one shorter:
    // a message never waits for the next frame.
    for (const auto& piece : wire.pieces()) packer_.add(piece.bytes(), out);
    packer_.flush(out);
    if (cut) {
        ++send_dropped_;
        skip_to_key_ = true;
    }
}

bool srt_session::send_message(lal::byte_span m) {
    const int n = srt_sendmsg2(socket_, reinterpret_cast<const char*>(m.data()), static_cast<int>(m.size()), nullptr);
    if (n != SRT_ERROR) {
        sent_bytes_ += m.size();
        ++messages_;
        return true;
    }
    if (srt_getlasterror(nullptr) == SRT_EASYNCSND) return false;  // srt.max_buffer_bytes full
    post_close("send failed: " + srt_error_text());
    return false;
}

std::size_t srt_session::queued_bytes() const { return closed_ ? 0 : srt_send_buffered(socket_); }

std::uint64_t srt_session::written_bytes() const {
    const auto queued = queued_bytes();
    return sent_bytes_ > queued ? sent_bytes_ - queued : 0;
}

void srt_session::close(std::string_view reason) {
    player_.slow_closed = true;
    LAL_LOG_WARN("[srt] closing player {} of {}: {}", remote_, key_.str(), reason);
    post_close(std::string(reason));  // not from inside the hub's fan-out
}

void srt_session::kicked(std::string_view reason) {
    LAL_LOG_WARN("[srt] publisher {} of {} replaced: {}", remote_, key_.str(), reason);
    post_close("replaced: " + std::string(reason));
}

void srt_session::kick(std::string_view reason) {
    LAL_LOG_INFO("[srt] kicking {} ({}): {}", remote_, session_id_, reason);
    close_now("kicked: " + std::string(reason));
}

void srt_session::post_close(std::string reason) {
    asio::post(service_.ctx_.loops.context(worker_),
               [self = shared_from_this(), reason = std::move(reason)] { self->close_now(reason); });
}

lal::hub::session_info srt_session::describe() const {
    lal::hub::session_info i;
    i.id = session_id_;
    i.protocol = "SRT";
    i.base_type = publishing() ? "PUB" : "SUB";
    i.remote_addr = remote_;
    i.key = key_;
    i.url = "srt://?streamid=" + lal::srt::to_string(id_);
    i.url_param = id_.query;
    i.start_unix_ms = start_unix_ms_;
    i.read_bytes = read_bytes_;
    i.wrote_bytes = sent_bytes_;
    i.write_calls = messages_;
    player_.describe_into(i, subscription_.get());
    i.frames_dropped += send_dropped_;
    media_.describe_into(i);
    return i;
}

void srt_session::close_now(std::string_view reason) {
    if (closed_) return;
    auto self = shared_from_this();  // the service's map may hold the last reference
    timer_.cancel();
    if (ticket_) ticket_->cancel();
    if (publication_) {
        // A video PES has no length: its last frame completes at the end of input.
        demuxer_.finish();
        demux({});
    }
    if (in_directory_) {
        in_directory_ = false;
        service_.ctx_.sessions.remove(worker_, describe());  // first: it still reads the subscription
    }
    closed_ = true;
    publication_.reset();
    subscription_.reset();
    link_.read(socket_);  // a broken socket keeps the last counters read
    srt_close(socket_);
    const auto ms = steady_ms() - started_ms_;
    const auto& c = demuxer_.counters();
    LAL_LOG_INFO("[srt] session end: remote={} role={} stream={} read={} written={} messages={} frames_in={} "
                 "ts_errors={} frames_dropped={} lost={} retransmitted={} dropped_late={} duration={}ms reason={}",
                 remote_, publishing() ? "publish" : "play", key_.str(), read_bytes_, sent_bytes_, messages_, c.frames,
                 c.errors, player_.dropped + send_dropped_, link_.lost, link_.retransmitted, link_.dropped_late, ms,
                 reason);
    service_.release_connection(service_.ctx_);
    service_.forget(socket_);
}

}  // namespace lal::server
