// SPDX-License-Identifier: MIT
// lalbench: a load generator for live streaming servers (RTMP, HTTP-FLV).
//   lalbench play  -u rtmp://host/app/stream -n N -t SECONDS
//   lalbench push  -i in.flv -u rtmp://host/app/stream{i} -n N -t SECONDS
//   lalbench run   --push-input in.flv -u rtmp://host/app/stream -n N -t SECONDS
//   lalbench churn -u rtmp://host/app/stream -n 5000 -c 100
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "options.hpp"
#include "parse_args.hpp"

namespace {

constexpr const char* tool = "lalbench";

// Options every mode shares.
void add_common(CLI::App& cmd, lalbench::options& o) {
    cmd.add_option("-j,--threads", o.threads, "event-loop threads (connections are spread over them)")
        ->check(CLI::Range(1, 256));
    cmd.add_option("-r,--rate", o.rate, "connections started per second; 0: all at once")
        ->check(CLI::NonNegativeNumber);
    cmd.add_option("--connect-timeout", o.connect_timeout, "seconds from TCP connect to play/publish start")
        ->check(CLI::PositiveNumber);
    cmd.add_option("--server-pid", o.server_pids,
                   "server process to report CPU seconds and peak RSS of (its child processes included); repeatable");
    cmd.add_flag("--json", o.json, "print the summary as one JSON object on stdout (progress goes to stderr)");
    cmd.add_flag("-q,--quiet", o.quiet, "no once-a-second progress lines");
}

void add_player_options(CLI::App& cmd, lalbench::options& o) {
    cmd.add_option("-t,--time", o.seconds, "seconds measured, after the ramp-up and the warm-up")
        ->check(CLI::NonNegativeNumber);
    cmd.add_option("--warmup", o.warmup, "seconds between the last player's start and the measured window")
        ->check(CLI::NonNegativeNumber);
    cmd.add_option("--idle-timeout", o.idle_timeout, "a player that receives nothing this long fails")
        ->check(CLI::PositiveNumber);
    cmd.add_option("--lag-ms", o.lag_ms, "a player whose latency went over this fell behind: its loss is counted apart")
        ->check(CLI::PositiveNumber);
    cmd.add_flag("--whep", o.whep, "the http:// URL is a WHEP endpoint: players POST an offer there and play over WebRTC");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lalbench: load generator for live streaming servers. Players read RTMP or HTTP-FLV with\n"
                 "minimal parsing; publishers push an FLV file in real time, looped, and stamp each H.264\n"
                 "frame (an SEI NAL unit with a sequence number and the send time) so players report\n"
                 "end-to-end latency and lost frames. {i} in a URL is replaced by the stream number.\n"
                 "Exit 0 when no connection failed, 1 when one did, 2 on bad arguments.",
                 tool};
    app.require_subcommand(1);
    lalbench::options o;

    auto* play = app.add_subcommand("play", "N players");
    play->add_option("-u,--url", o.url, "rtmp://host[:port]/app/stream, http://host:port/app/stream.flv, rtsp://host:port/app/stream, srt://host:port/app/stream, whep://host:http_port/app/stream or moq://host:quic_port/app/stream")
        ->required();
    play->add_option("-n,--players", o.players, "players")->check(CLI::Range(1, 1000000));
    play->add_option("--streams", o.streams, "streams {i} spreads the players over (default: one each)");
    add_player_options(*play, o);
    add_common(*play, o);

    auto* push = app.add_subcommand("push", "N publishers, each pushing the file in real time, looped");
    push->add_option("-i,--input", o.input, "FLV file (H.264 + AAC)")->required()->check(CLI::ExistingFile);
    push->add_option("-u,--url", o.url, "rtmp://host[:port]/app/stream, with {i} for several")->required();
    push->add_option("-n,--publishers", o.publishers, "publishers")->check(CLI::Range(1, 100000));
    push->add_option("-t,--time", o.seconds, "seconds measured after all started")->check(CLI::NonNegativeNumber);
    add_common(*push, o);

    auto* run = app.add_subcommand("run", "publishers and players in one process (one clock for latency)");
    run->add_option("-i,--push-input", o.input, "FLV file to publish")->required()->check(CLI::ExistingFile);
    run->add_option("-u,--url", o.url, "play URL (RTMP, HTTP-FLV/TS, HLS, RTSP, SRT or WHEP), {i} = stream number")->required();
    run->add_option("--push-url", o.push_url, "publish URL when the play URL is not it (e.g. HTTP-FLV players)");
    run->add_option("-n,--players", o.players, "players, spread over the publishers' streams")
        ->check(CLI::Range(1, 1000000));
    run->add_option("-p,--publishers", o.publishers, "publishers (streams), default 1")
        ->check(CLI::Range(1, 100000));
    run->add_option("--publish-warmup", o.publish_warmup, "seconds of publishing before players join")
        ->check(CLI::NonNegativeNumber);
    add_player_options(*run, o);
    add_common(*run, o);

    auto* churn = app.add_subcommand("churn", "N x (connect, play, first media message, close)");
    churn->add_option("-u,--url", o.url, "play URL (RTMP or HTTP-FLV)")->required();
    churn->add_option("-n,--connections", o.players, "connections in total")->check(CLI::Range(1, 100000000));
    churn->add_option("-c,--concurrency", o.concurrency, "connections in flight")->check(CLI::Range(1, 100000));
    churn->add_flag("--until-start", o.churn_until_start, "close at play start instead of the first media message");
    churn->add_option("-i,--push-input", o.input, "also publish this file (then players get media at once)")
        ->check(CLI::ExistingFile);
    churn->add_option("--push-url", o.push_url, "publish URL when the play URL is not it");
    churn->add_option("--publish-warmup", o.publish_warmup, "seconds of publishing before the churn")
        ->check(CLI::NonNegativeNumber);
    add_common(*churn, o);

    if (auto code = lal_tools::parse_args(app, argc, argv)) return *code;
    if (app.got_subcommand(play)) o.mode = lalbench::mode::play;
    else if (app.got_subcommand(push)) o.mode = lalbench::mode::push;
    else if (app.got_subcommand(run)) o.mode = lalbench::mode::run;
    else o.mode = lalbench::mode::churn;
    // Churn measures how fast connections can come and go: unpaced unless asked.
    if (o.mode == lalbench::mode::churn && churn->count("--rate") == 0) o.rate = 0;
    if (o.mode == lalbench::mode::push && o.publishers == 0) o.publishers = 1;
    return lalbench::run(o);
}
