// SPDX-License-Identifier: MIT
// flvfile2rtmppush: publish a local FLV file to an RTMP server in real time.
//   flvfile2rtmppush -i in.flv -o rtmp[s]://host[:port]/app/stream [-r] [--ca-file ca.pem]
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/core.h>

#include <lal/flv/media_header.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtmp_asio/url.hpp>

#include "flv_source.hpp"
#include "timeline.hpp"
#include "tls_option.hpp"
#include "parse_args.hpp"

namespace {

constexpr const char* tool = "flvfile2rtmppush";
using clock_type = std::chrono::steady_clock;

// More than this waiting for the socket and we stop reading the file until it
// drains: pacing keeps the queue short unless the network cannot keep up.
constexpr std::size_t high_water = 2 * 1024 * 1024;

/// Publishes the file paced by its timestamps: a message is sent when the
/// steady clock reaches its timestamp (relative to the first), by a timer.
class pusher {
public:
    pusher(asio::io_context& io, flvfile2rtmppush::flv_source& source, std::string input, bool loop,
           lal::rtmp_asio::client_options options)
        : io_(io),
          source_(source),
          input_(std::move(input)),
          loop_(loop),
          options_(std::move(options)),
          timeline_(loop),
          timer_(io) {}

    /// Reads the metadata and sequence headers of the file's start (checking the file).
    bool prepare() {
        if (!read_preamble()) return false;
        if (preamble_.empty()) {
            fmt::print(stderr, "{}: {}: the file has no tags\n", tool, input_);
            return false;
        }
        return true;
    }

    void start(const lal::rtmp_asio::rtmp_url& url) {
        url_ = url;
        // Enhanced RTMP: announce the FourCCs a file may hold (the tool sends
        // tags as they are), as ffmpeg 6.1 and OBS 30 do for HEVC and AV1.
        options_.session.fourcc_list = lal::rtmp::default_fourcc_list();
        conn_ = std::make_shared<lal::rtmp_asio::client_connection>(io_.get_executor(), options_);
        lal::rtmp_asio::client_handlers h;
        h.on_event = [this](lal::rtmp::client_event& e) {
            if (std::holds_alternative<lal::rtmp::client_events::publish_started>(e)) {
                fmt::print(stderr, "{}: connected to {}, publishing {}/{}{}\n", tool, to_string(url_), url_.app,
                           url_.stream, loop_ ? " in a loop" : "");
                started_at_ = clock_type::now();
                pump();
            } else if (auto* s = std::get_if<lal::rtmp::client_events::status>(&e)) {
                if (s->level == "error") fmt::print(stderr, "{}: server says {} {}\n", tool, s->code, s->description);
            }
        };
        h.on_drained = [this] {
            if (waiting_drain_) {
                waiting_drain_ = false;
                pump();
            }
        };
        h.on_closed = [this](const lal::rtmp_asio::client_result& r) { on_closed(r); };
        conn_->start(url_, lal::rtmp::client_role::publish, std::move(h));
    }

    /// Ends the push politely (signal).
    void stop() {
        if (finished_) return;
        interrupted_ = true;
        finish();
    }

    /// 0 on success (end of file, or stopped by a signal), 1 otherwise.
    int exit_code() const { return failed_ ? 1 : 0; }
    bool done() const { return closed_; }

private:
    bool read_preamble() {
        std::vector<lal::flv::tag> leading;
        while (auto t = source_.next()) {
            bool frame = t->type != lal::flv::tag_type::script && !lal::flv::is_sequence_header(*t);
            leading.push_back(std::move(*t));
            if (frame) break;
        }
        if (source_.error()) {
            report_source_error();
            return false;
        }
        for (auto& t : flvfile2rtmppush::headers_first(std::move(leading))) preamble_.push_back(std::move(t));
        return true;
    }

    void report_source_error() {
        fmt::print(stderr, "{}: {}: {} (tag at offset {})\n", tool, input_, source_.error().message(),
                   source_.last_offset());
        failed_ = true;
    }

    /// The next tag of the file, looping if asked; nullopt at the end or on an error.
    std::optional<lal::flv::tag> next_tag() {
        for (;;) {
            if (!preamble_.empty()) {
                auto t = std::move(preamble_.front());
                preamble_.pop_front();
                return t;
            }
            if (auto t = source_.next()) return t;
            if (source_.error()) {
                report_source_error();
                return std::nullopt;
            }
            if (source_.truncated_tail() && !warned_truncated_) {
                warned_truncated_ = true;
                fmt::print(stderr, "{}: warning: {}: truncated, the partial last tag is skipped\n", tool, input_);
            }
            if (!loop_) return std::nullopt;
            timeline_.end_loop();
            if (auto ec = source_.rewind()) {
                fmt::print(stderr, "{}: {}: {}\n", tool, input_, ec.message());
                failed_ = true;
                return std::nullopt;
            }
            if (!read_preamble()) return std::nullopt;
            fmt::print(stderr, "{}: loop {} starts at {} ms\n", tool, timeline_.loops_done() + 1, timeline_.offset());
        }
    }

    /// Sends everything that is due, then sleeps on the timer until the next message is.
    void pump() {
        if (finished_ || !conn_->publishing()) return;
        auto now = clock_type::now();
        for (;;) {
            if (!next_) {
                auto t = next_tag();
                if (!t) {
                    finish();
                    return;
                }
                next_ = timeline_.map(*t);
                if (!next_) continue;
                if (!first_ts_) first_ts_ = next_->timestamp;
            }
            auto due = started_at_ + std::chrono::milliseconds(next_->timestamp - std::min(*first_ts_, next_->timestamp));
            if (due > now) {
                timer_.expires_at(due);
                timer_.async_wait([this](std::error_code ec) {
                    if (!ec) pump();
                });
                return;
            }
            count(*next_);
            conn_->send(*next_);
            next_.reset();
            if (conn_->bytes_queued() > high_water) {
                waiting_drain_ = true;  // on_drained continues
                return;
            }
        }
    }

    void count(const lal::rtmp::message& m) {
        if (m.type_id == lal::rtmp::message_type::video) ++video_;
        else if (m.type_id == lal::rtmp::message_type::audio) ++audio_;
        else ++data_;
    }

    void finish() {
        if (finished_) return;
        finished_ = true;
        timer_.cancel();
        conn_->close();  // FCUnpublish, deleteStream, then the TCP close
    }

    void on_closed(const lal::rtmp_asio::client_result& r) {
        closed_ = true;
        timer_.cancel();
        if (!finished_ || r.error) {
            // The server or the network ended it, or it never started.
            if (!failed_) fmt::print(stderr, "{}: {}\n", tool, r.description);
            failed_ = true;
            io_.stop();
            return;
        }
        fmt::print(stderr, "{}: {}; sent {} video, {} audio, {} data messages, {} bytes, last timestamp {} ms{}\n", tool,
                   interrupted_ ? "interrupted" : failed_ ? "stopped" : "done", video_, audio_, data_,
                   r.stats.bytes_written, timeline_.last_timestamp(),
                   loop_ ? fmt::format(", {} loops over one connection", timeline_.loops_done() + 1) : "");
        io_.stop();
    }

    asio::io_context& io_;
    flvfile2rtmppush::flv_source& source_;
    std::string input_;
    bool loop_;
    lal::rtmp_asio::client_options options_;
    flvfile2rtmppush::timeline timeline_;
    asio::steady_timer timer_;
    lal::rtmp_asio::rtmp_url url_;
    std::shared_ptr<lal::rtmp_asio::client_connection> conn_;
    std::deque<lal::flv::tag> preamble_;
    std::optional<lal::rtmp::message> next_;
    std::optional<std::uint32_t> first_ts_;
    clock_type::time_point started_at_{};
    std::uint64_t video_ = 0, audio_ = 0, data_ = 0;
    bool waiting_drain_ = false;
    bool warned_truncated_ = false;
    bool finished_ = false;
    bool interrupted_ = false;
    bool failed_ = false;
    bool closed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Publish a local FLV file to an RTMP server in real time, paced by its timestamps.\n"
                 "Metadata (@setDataFrame onMetaData) and sequence headers go first. With -r the file\n"
                 "loops forever over the same connection with continuous, increasing timestamps;\n"
                 "identical metadata and sequence headers are not sent again.",
                 tool};
    std::string input, output;
    bool loop = false;
    app.add_option("-i,--input", input, "FLV file to publish")->required();
    std::string ca_file;
    app.add_option("-o,--output", output, "rtmp[s]://host[:port]/app/stream[?query]")->required();
    app.add_option("--ca-file", ca_file, lal_tools::ca_file_help);
    app.add_flag("-r,--loop", loop, "loop the file forever");
    if (auto stop = lal_tools::parse_args(app, argc, argv)) return *stop;

    auto url = lal::rtmp_asio::parse_rtmp_url(output);
    if (!url) {
        fmt::print(stderr, "{}: bad URL '{}': {}\n", tool, output, url.error().message());
        return 2;
    }
    flvfile2rtmppush::flv_source source;
    if (auto ec = source.open(input)) {
        fmt::print(stderr, "{}: {}: {}\n", tool, input, ec.message());
        return 1;
    }

    asio::io_context io;
    lal::rtmp_asio::client_options options;
    if (!lal_tools::tls_for_ca_file(tool, ca_file, options.tls)) return 2;
    pusher push(io, source, input, loop, options);
    if (!push.prepare()) return 1;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code ec, int) {
        if (!ec) push.stop();
    });
    push.start(*url);
    io.run();
    return push.exit_code();
}
