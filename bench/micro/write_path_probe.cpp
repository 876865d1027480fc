// SPDX-License-Identifier: MIT
// write_path_probe: what the kernel charges a sender for the same bytes sent
// to many loopback TCP players, by write method (issue 21, the sendfile lever).
//
// lal's RTMP fan-out at 1000 players spends about 70 % of its CPU in the
// kernel, a quarter of it in _copy_from_iter: each player's copy of the same
// frame bytes into its socket buffer. Before the server sends those bytes by
// reference, this probe measures what that would be worth. It opens N
// loopback connections to a reader process (pinned to its own core, draining
// every socket with epoll as fast as it can, as lalbench's players do) and,
// pinned to another core, writes R rounds at a set rate; a round is one flush
// of S bytes to every connection, by one of
//   copy      one gathered sendmsg of K iovecs into one shared buffer (lal
//             today: a flush carries the pieces every player shares);
//   file      one sendfile of the round's range of a memfd the sender appended
//             the bytes to once per round (the lever: the skbs reference the
//             file's pages; ranges every connection has sent are released with
//             fallocate(PUNCH_HOLE), and written bytes are never rewritten);
//   zerocopy  sendmsg with MSG_ZEROCOPY (a local receiver makes the kernel copy
//             the pages at delivery: shown, not expected to help).
// A player that falls behind gets its backlog in the next flush, still one call
// (or calls of at most --call-bytes).
// Methods alternate phase by phase over the same connections. Figures are CPU
// time, not wall time: the sender thread's (getrusage RUSAGE_THREAD) and the
// reader's (/proc/PID/schedstat), so other load on the machine changes how
// long a phase takes more than what it costs. A phase ends when the reader
// has every byte. With --verify the reader checks every byte it receives.
//
// How the flush is cut into calls, and Nagle (nginx-rtmp's pattern against
// lal's): --call-bytes B sends each flush of S bytes as ceil(S/B) calls of at
// most B bytes (nginx-rtmp writes one RTMP chunk per call), and --nagle leaves
// TCP_NODELAY off (lal sets it; nginx-rtmp does not), so a small segment waits
// while an earlier small one is unacknowledged (RFC 896; Linux holds it only
// behind an unacknowledged small segment, tcp_minshall_check). The segments
// each phase put on the wire come from tcp_info (tcpi_data_segs_out). The
// delay a round's bytes saw is measured per connection: the sender stamps
// CLOCK_MONOTONIC (shared by both processes) just before the call that carries
// the round's last byte, the reader when that byte arrives.

#include <dirent.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <linux/tcp.h>  // tcp_info with tcpi_data_segs_out (glibc's is older)
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <array>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

enum class method { copy, file, zerocopy };

const char* name_of(method m) {
    switch (m) {
    case method::copy: return "copy";
    case method::file: return "file";
    case method::zerocopy: return "zerocopy";
    }
    return "?";
}

/// The command line.
struct options {
    std::size_t conns = 1000;
    std::size_t size = 6600;  // bytes per flush per connection
    std::size_t pieces = 6;   // iovecs per flush (copy, zerocopy)
    double kbps = 2000;       // each connection's rate when --rate is not given
    double rate = 0;          // rounds per second
    double seconds = 4;       // of rounds per phase when --rounds is not given
    std::size_t rounds = 0;
    std::size_t repeat = 3;
    std::vector<method> methods{method::copy, method::file};
    int sender_cpu = 0;
    int reader_cpu = 1;
    std::size_t zc_drain = 4;  // rounds between reads of the zerocopy completions
    std::size_t call_bytes = 0;  // at most this many bytes per call; 0: the whole flush in one call
    bool nagle = false;          // leave TCP_NODELAY off
    bool verify = false;
};

/// Counters the reader process shares with the sender (an anonymous shared mapping).
struct shared_counters {
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> received{0};
    std::atomic<std::uint64_t> mismatches{0};
    std::atomic<int> stop{0};
};

/// Round ends the sender stamps and the reader turns into delays (a shared mapping, so plain
/// arrays accessed through atomic_ref: two processes, no constructors).
struct delay_board {
    static constexpr std::size_t slots = 1024;    // rounds a connection's stamps are kept for
    static constexpr std::int64_t bucket_ns = 10'000;
    static constexpr std::size_t buckets = 100'000;  // 1 s; the last one also counts anything longer
    std::int64_t* sent = nullptr;        // [conn * slots + round % slots]: ns before the call with the round's end
    std::uint64_t* histogram = nullptr;  // delays of round ends, bucket_ns wide; the sender clears it per phase

    /// The delay recorded for one round end that arrived at `now_ns`.
    void record(std::size_t conn_index, std::uint64_t round, std::int64_t now_ns) const {
        const auto stamp = std::atomic_ref(sent[conn_index * slots + round % slots]).load(std::memory_order_acquire);
        const auto delay = std::max<std::int64_t>(0, now_ns - stamp);
        const auto bucket = std::min<std::size_t>(buckets - 1, static_cast<std::size_t>(delay / bucket_ns));
        std::atomic_ref(histogram[bucket]).fetch_add(1, std::memory_order_relaxed);
    }
};

/// CLOCK_MONOTONIC in nanoseconds: the same clock in the sender and the reader.
std::int64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

[[noreturn]] void die(const char* what) {
    std::perror(what);
    std::exit(2);
}

/// Pins the calling thread to `cpu`; a warning when the machine has no such core.
void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) std::fprintf(stderr, "warning: cannot pin to core %d\n", cpu);
}

/// The bytes of one flush; stream offset p of every connection carries block[p % size].
std::vector<unsigned char> make_block(std::size_t size) {
    std::vector<unsigned char> block(size);
    for (std::size_t i = 0; i < size; ++i) block[i] = static_cast<unsigned char>(i * 7 + i / 251);
    return block;
}

/// True when `got`, received at stream offset `pos`, is the pattern of make_block.
bool matches(const unsigned char* got, std::size_t n, std::uint64_t pos, const std::vector<unsigned char>& block) {
    while (n > 0) {
        const auto o = static_cast<std::size_t>(pos % block.size());
        const auto len = std::min(n, block.size() - o);
        if (std::memcmp(got, block.data() + o, len) != 0) return false;
        got += len;
        n -= len;
        pos += len;
    }
    return true;
}

/// The reader process: accepts every connection, then drains them with epoll until told to stop.
[[noreturn]] void run_reader(int listener, const options& o, shared_counters& shared, const delay_board& delays,
                             const std::vector<unsigned char>& block) {
    pin(o.reader_cpu);
    const int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    std::vector<int> fds;
    while (fds.size() < o.conns) {
        const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR) continue;
            die("accept4");
        }
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = fds.size();
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) die("epoll_ctl");
        fds.push_back(fd);
        shared.accepted.store(fds.size());
    }
    std::vector<std::uint64_t> pos(o.conns, 0);
    std::vector<unsigned char> buf(64 * 1024);
    std::vector<epoll_event> events(512);
    while (shared.stop.load() == 0) {
        const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
        for (int i = 0; i < n; ++i) {
            const auto c = events[static_cast<std::size_t>(i)].data.u64;
            for (;;) {
                const auto got = recv(fds[c], buf.data(), buf.size(), 0);
                if (got == 0) epoll_ctl(ep, EPOLL_CTL_DEL, fds[c], nullptr);  // the sender closed
                if (got <= 0) break;
                const auto len = static_cast<std::size_t>(got);
                if (o.verify && !matches(buf.data(), len, pos[c], block)) shared.mismatches.fetch_add(1);
                // Every round ends at a multiple of the flush size in every connection's stream.
                const auto first = pos[c] / o.size + 1, last = (pos[c] + len) / o.size;
                if (first <= last) {
                    const auto t = now_ns();
                    for (auto round = first; round <= last; ++round) delays.record(c, round, t);
                }
                pos[c] += len;
                // Release: a sender that sees the bytes counted sees their delays recorded.
                shared.received.fetch_add(len, std::memory_order_release);
                if (len < buf.size()) break;  // drained: no need for a call that says EAGAIN
            }
        }
    }
    _exit(0);
}

/// CPU seconds a task has run (/proc/PID/schedstat or /proc/PID/task/TID/schedstat, nanoseconds).
double schedstat_s(const std::string& path) {
    std::ifstream in(path);
    double ns = 0;
    in >> ns;
    return ns / 1e9;
}

/// The schedstat paths of the softirq threads of the two cores: work they take over is nobody's CPU here.
std::vector<std::string> softirq_threads(const options& o) {
    std::vector<std::string> paths;
    const std::string want[] = {"ksoftirqd/" + std::to_string(o.sender_cpu), "ksoftirqd/" + std::to_string(o.reader_cpu)};
    DIR* dir = opendir("/proc");
    if (dir == nullptr) return paths;
    while (const dirent* e = readdir(dir)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        std::ifstream in(std::string("/proc/") + e->d_name + "/comm");
        std::string comm;
        std::getline(in, comm);
        if (comm == want[0] || comm == want[1]) paths.push_back(std::string("/proc/") + e->d_name + "/schedstat");
    }
    closedir(dir);
    return paths;
}

/// One connection of the sender: how much of its stream it has sent, and its zerocopy sends.
struct conn {
    int fd = -1;
    std::uint64_t pos = 0;
    std::uint64_t zc_sends = 0;
    std::uint64_t zc_done = 0;
};

/// What one phase cost.
struct phase_result {
    method m = method::copy;
    double wall_s = 0, user_s = 0, sys_s = 0, reader_s = 0, softirqd_s = 0;
    std::uint64_t rounds = 0, bytes = 0, sends = 0, other_calls = 0, eagain = 0, short_sends = 0, segments = 0;
    std::uint64_t zc_completions = 0, zc_copied = 0;
    std::uint64_t delays = 0;  // round ends the reader timed
    double delay_ms[3] = {0, 0, 0};  // p50, p99, p99.9
    double gb() const { return static_cast<double>(bytes) / 1e9; }
    double sender_s() const { return user_s + sys_s; }
};

/// The sender's side of a phase: the connections, the shared bytes, the phase's stream.
struct sender {
    const options& o;
    std::vector<conn>& conns;
    const std::vector<unsigned char>& block;
    const delay_board& delays;
    std::uint64_t base = 0;  // stream offset where this phase starts (every connection is there)
    std::uint64_t end = 0;   // stream offset the rounds so far reach
    int memfd = -1;          // method file: file offset 0 is stream offset `base`
    std::uint64_t punched = 0;
    std::vector<iovec> iov;

    /// Where the piece holding block offset `off` ends: K pieces of size/K bytes, the last takes the rest.
    std::size_t piece_end(std::size_t off) const {
        const auto piece = o.size / o.pieces;
        const auto next = off / piece + 1;
        return next >= o.pieces ? o.size : next * piece;
    }

    /// Sends c's bytes [pos, end) in calls of at most --call-bytes; false when the socket took nothing.
    bool flush(conn& c, method m, phase_result& r) {
        bool moved = false;
        while (c.pos < end) {
            const auto rest = end - c.pos;
            const auto want = o.call_bytes == 0 ? rest : std::min<std::uint64_t>(rest, o.call_bytes);
            const auto n = send_once(c, m, want, r);
            if (n == 0) return moved;
            moved = true;
            if (n < want) return true;  // the socket is full; the rest goes when it can take it
        }
        return moved;
    }

    /// One call with c's bytes [pos, pos + want) by method `m`: the bytes it took, 0 when none.
    std::uint64_t send_once(conn& c, method m, std::uint64_t want, phase_result& r) {
        // Stamp the round ends this call carries before making it: the reader may have them before it returns.
        const auto first = c.pos / o.size + 1, last = (c.pos + want) / o.size;
        if (first <= last) {
            const auto t = now_ns();
            const auto index = static_cast<std::size_t>(&c - conns.data());
            for (auto round = first; round <= last; ++round)
                std::atomic_ref(delays.sent[index * delay_board::slots + round % delay_board::slots])
                    .store(t, std::memory_order_release);
        }
        ssize_t n = 0;
        if (m == method::file) {
            auto off = static_cast<off_t>(c.pos - base);
            n = sendfile(c.fd, memfd, &off, want);
        } else {
            iov.clear();
            for (auto p = c.pos; p < c.pos + want && iov.size() < IOV_MAX;) {
                const auto at = static_cast<std::size_t>(p % o.size);
                const auto len = std::min<std::uint64_t>(piece_end(at) - at, c.pos + want - p);
                // iovec wants a non-const pointer; sendmsg only reads through it.
                iov.push_back({const_cast<unsigned char*>(block.data() + at), static_cast<std::size_t>(len)});
                p += len;
            }
            msghdr msg{};
            msg.msg_iov = iov.data();
            msg.msg_iovlen = iov.size();
            n = sendmsg(c.fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT | (m == method::zerocopy ? MSG_ZEROCOPY : 0));
        }
        ++r.sends;
        if (n < 0) {
            // ENOBUFS: the zerocopy notifications used up the socket's option memory until drained.
            if (errno == EAGAIN || errno == ENOBUFS) {
                ++r.eagain;
                return 0;
            }
            die(m == method::file ? "sendfile" : "sendmsg");
        }
        if (m == method::zerocopy) ++c.zc_sends;
        c.pos += static_cast<std::uint64_t>(n);
        if (static_cast<std::uint64_t>(n) < want) ++r.short_sends;
        return static_cast<std::uint64_t>(n);
    }

    /// Appends one round's bytes to the memfd: one copy for all connections.
    void append_round(phase_result& r) {
        std::size_t done = 0;
        while (done < block.size()) {
            const auto n = pwrite(memfd, block.data() + done, block.size() - done,
                                  static_cast<off_t>(end - base + done));
            ++r.other_calls;
            if (n < 0) die("pwrite memfd");
            done += static_cast<std::size_t>(n);
        }
    }

    /// Releases the memfd's whole pages every connection has sent: skbs in flight hold their own references.
    void punch(phase_result& r) {
        std::uint64_t low = end;
        for (const auto& c : conns) low = std::min(low, c.pos);
        const auto upto = (low - base) / 4096 * 4096;
        if (upto <= punched) return;
        ++r.other_calls;
        if (fallocate(memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(punched),
                      static_cast<off_t>(upto - punched)) != 0)
            die("fallocate PUNCH_HOLE");
        punched = upto;
    }

    /// Reads c's MSG_ZEROCOPY completions from its error queue; counts the ones the kernel copied.
    void drain_completions(conn& c, phase_result& r) {
        while (c.zc_done < c.zc_sends) {
            alignas(cmsghdr) char control[128];
            msghdr msg{};
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            ++r.other_calls;
            if (recvmsg(c.fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return;
            for (cmsghdr* cm = CMSG_FIRSTHDR(&msg); cm != nullptr; cm = CMSG_NXTHDR(&msg, cm)) {
                if (cm->cmsg_level != SOL_IP || cm->cmsg_type != IP_RECVERR) continue;
                sock_extended_err ee{};
                std::memcpy(&ee, CMSG_DATA(cm), sizeof ee);
                if (ee.ee_errno != 0 || ee.ee_origin != SO_EE_ORIGIN_ZEROCOPY) continue;
                const auto count = static_cast<std::uint64_t>(ee.ee_data - ee.ee_info) + 1;
                c.zc_done += count;
                r.zc_completions += count;
                if ((ee.ee_code & SO_EE_CODE_ZEROCOPY_COPIED) != 0) r.zc_copied += count;
            }
        }
    }

    /// Waits for every connection that `pending` says is not done, then calls `act` on the ready ones.
    template <typename Pending, typename Act>
    void until_done(short events, Pending pending, Act act) {
        std::vector<pollfd> fds;
        std::vector<conn*> which;
        for (;;) {
            fds.clear();
            which.clear();
            for (auto& c : conns)
                if (pending(c)) {
                    fds.push_back({c.fd, events, 0});
                    which.push_back(&c);
                }
            if (fds.empty()) return;
            if (poll(fds.data(), fds.size(), 5000) <= 0) die("poll: a connection stopped moving");
            for (std::size_t i = 0; i < fds.size(); ++i)
                if (fds[i].revents != 0) act(*which[i]);
        }
    }
};

/// The sender thread's user and system CPU seconds.
std::pair<double, double> thread_cpu() {
    rusage ru{};
    getrusage(RUSAGE_THREAD, &ru);
    return {static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) / 1e6,
            static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6};
}

/// TCP segments with data the connections have sent so far (tcp_info).
std::uint64_t segments_out(const std::vector<conn>& conns) {
    std::uint64_t total = 0;
    for (const auto& c : conns) {
        tcp_info info{};
        socklen_t len = sizeof info;
        if (getsockopt(c.fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0) total += info.tcpi_data_segs_out;
    }
    return total;
}

/// p50, p99 and p99.9 of the delays in the board's histogram, in ms; how many there are.
std::uint64_t delay_percentiles(const delay_board& delays, double (&ms)[3]) {
    std::uint64_t total = 0;
    for (std::size_t b = 0; b < delay_board::buckets; ++b) total += std::atomic_ref(delays.histogram[b]).load();
    const std::array<double, 3> quantiles{0.5, 0.99, 0.999};
    std::uint64_t seen = 0;
    std::size_t q = 0;
    for (std::size_t b = 0; b < delay_board::buckets && q < quantiles.size(); ++b) {
        seen += std::atomic_ref(delays.histogram[b]).load();
        // A bucket's upper edge: the delays in it are at most that.
        while (q < quantiles.size() && total > 0 &&
               static_cast<double>(seen) >= quantiles[q] * static_cast<double>(total))
            ms[q++] = static_cast<double>(static_cast<std::int64_t>(b + 1) * delay_board::bucket_ns) / 1e6;
    }
    return total;
}

/// One phase: `rounds` flushes to every connection by method `m`, until the reader has every byte.
phase_result run_phase(method m, std::size_t rounds, double rate, const options& o, std::vector<conn>& conns,
                       const std::vector<unsigned char>& block, shared_counters& shared, const delay_board& delays,
                       pid_t reader, const std::vector<std::string>& softirqd) {
    phase_result r;
    r.m = m;
    r.rounds = rounds;
    // The reader has every byte of the phase before (it waited for that), so it has no delay to record now.
    for (std::size_t b = 0; b < delay_board::buckets; ++b) std::atomic_ref(delays.histogram[b]).store(0);
    sender s{o, conns, block, delays, conns.front().pos, conns.front().pos, -1, 0, {}};
    if (m == method::file) {
        s.memfd = memfd_create("write-path-probe", 0);
        if (s.memfd < 0) die("memfd_create");
        // No access time to update on every sendfile (file_accessed); a server would do the same.
        fcntl(s.memfd, F_SETFL, fcntl(s.memfd, F_GETFL) | O_NOATIME);
    }
    const auto reader_stat = "/proc/" + std::to_string(reader) + "/schedstat";
    const auto received0 = shared.received.load();
    const auto segments0 = segments_out(conns);
    double softirqd0 = 0;
    for (const auto& p : softirqd) softirqd0 += schedstat_s(p);
    const double reader0 = schedstat_s(reader_stat);
    const auto [user0, sys0] = thread_cpu();
    const auto start = clock_type::now();
    const auto period = std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(1.0 / rate));

    for (std::size_t round = 0; round < rounds; ++round) {
        // Paced from the start: a sender that falls behind does not sleep.
        std::this_thread::sleep_until(start + period * static_cast<long>(round));
        if (m == method::file) s.append_round(r);
        s.end += o.size;
        for (auto& c : conns) s.flush(c, m, r);
        if (m == method::file && round % 16 == 15) s.punch(r);
        if (m == method::zerocopy && round % o.zc_drain == o.zc_drain - 1)
            for (auto& c : conns) s.drain_completions(c, r);
    }
    // Backlogs (a socket that was full) go when the socket can take them.
    s.until_done(POLLOUT, [&](const conn& c) { return c.pos < s.end; }, [&](conn& c) { s.flush(c, m, r); });
    if (m == method::zerocopy)
        s.until_done(0, [&](const conn& c) { return c.zc_done < c.zc_sends; },
                     [&](conn& c) { s.drain_completions(c, r); });
    const auto [user1, sys1] = thread_cpu();
    r.user_s = user1 - user0;
    r.sys_s = sys1 - sys0;
    r.bytes = (s.end - s.base) * conns.size();

    // The reader's share ends when it has every byte (it then sleeps in epoll_wait).
    const auto deadline = clock_type::now() + std::chrono::seconds(30);
    while (shared.received.load() - received0 < r.bytes) {
        if (clock_type::now() > deadline) {
            std::fprintf(stderr, "error: the reader got %llu of %llu bytes\n",
                         static_cast<unsigned long long>(shared.received.load() - received0),
                         static_cast<unsigned long long>(r.bytes));
            std::exit(1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    r.wall_s = std::chrono::duration<double>(clock_type::now() - start).count();
    r.reader_s = schedstat_s(reader_stat) - reader0;
    for (const auto& p : softirqd) r.softirqd_s += schedstat_s(p);
    r.softirqd_s -= softirqd0;
    r.segments = segments_out(conns) - segments0;
    r.delays = delay_percentiles(delays, r.delay_ms);
    if (r.delays != rounds * conns.size()) {
        std::fprintf(stderr, "error: the reader timed %llu round ends of %zu\n",
                     static_cast<unsigned long long>(r.delays), rounds * conns.size());
        std::exit(1);
    }
    if (s.memfd >= 0) close(s.memfd);
    return r;
}

/// One line per phase, for the log.
void print_phase(std::size_t rep, const phase_result& r) {
    const double gb = r.gb();
    std::printf("phase %zu %-8s rounds/s %6.1f  GB %.3f  sender s/GB %.3f (user %.3f sys %.3f)  sends/GB %.0f  "
                "us/send %.2f  reader s/GB %.3f  segments/GB %.0f  us/segment %.2f  delay ms p50 %.2f p99 %.2f "
                "p99.9 %.2f (%llu round ends)  other calls/GB %.0f  eagain %llu  short %llu  softirqd ms %.1f",
                rep, name_of(r.m), static_cast<double>(r.rounds) / r.wall_s, gb, r.sender_s() / gb, r.user_s / gb,
                r.sys_s / gb, static_cast<double>(r.sends) / gb, r.sender_s() * 1e6 / static_cast<double>(r.sends),
                r.reader_s / gb, static_cast<double>(r.segments) / gb,
                r.sender_s() * 1e6 / static_cast<double>(std::max<std::uint64_t>(1, r.segments)), r.delay_ms[0],
                r.delay_ms[1], r.delay_ms[2], static_cast<unsigned long long>(r.delays),
                static_cast<double>(r.other_calls) / gb, static_cast<unsigned long long>(r.eagain),
                static_cast<unsigned long long>(r.short_sends), r.softirqd_s * 1e3);
    if (r.m == method::zerocopy)
        std::printf("  zerocopy completions %llu, copied %.0f %%", static_cast<unsigned long long>(r.zc_completions),
                    r.zc_completions == 0 ? 0.0
                                          : 100.0 * static_cast<double>(r.zc_copied) / static_cast<double>(r.zc_completions));
    std::printf("\n");
    std::fflush(stdout);
}

/// The median of `values` (not empty).
double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// "median [min-max]" of `values` (not empty) with `digits` decimals.
std::string spread(const std::vector<double>& values, int digits) {
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    char text[96];
    std::snprintf(text, sizeof text, "%.*f [%.*f-%.*f]", digits, median(values), digits, *low, digits, *high);
    return text;
}

/// The summary: one markdown row per method, medians and [min-max] over its phases, and the ratio to copy.
void print_summary(const options& o, const std::vector<phase_result>& all) {
    std::printf("\n| players | bytes per flush | pieces | bytes per call | Nagle | method | phases | sender CPU s/GB | "
                "user s/GB | system s/GB | calls/GB | us per call | reader CPU s/GB | segments/GB | us per segment | "
                "delay p50 ms | p99 ms | p99.9 ms | sender vs copy |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    double copy_median = 0;
    for (const auto m : o.methods) {
        std::vector<double> sender_gb, user_gb, sys_gb, sends_gb, us_send, reader_gb, segs_gb, us_seg, p50, p99, p999;
        for (const auto& r : all) {
            if (r.m != m) continue;
            sender_gb.push_back(r.sender_s() / r.gb());
            user_gb.push_back(r.user_s / r.gb());
            sys_gb.push_back(r.sys_s / r.gb());
            sends_gb.push_back(static_cast<double>(r.sends) / r.gb());
            us_send.push_back(r.sender_s() * 1e6 / static_cast<double>(r.sends));
            reader_gb.push_back(r.reader_s / r.gb());
            segs_gb.push_back(static_cast<double>(r.segments) / r.gb());
            us_seg.push_back(r.sender_s() * 1e6 / static_cast<double>(std::max<std::uint64_t>(1, r.segments)));
            p50.push_back(r.delay_ms[0]);
            p99.push_back(r.delay_ms[1]);
            p999.push_back(r.delay_ms[2]);
        }
        if (sender_gb.empty()) continue;
        const double med = median(sender_gb);
        if (m == method::copy) copy_median = med;
        char ratio[32] = "-";
        if (m != method::copy && copy_median > 0) std::snprintf(ratio, sizeof ratio, "%.2f", med / copy_median);
        std::printf("| %zu | %zu | %zu | %zu | %s | %s | %zu | %s | %s | %s | %.0f | %s | %s | %.0f | %s | %s | %s "
                    "| %s | %s |\n",
                    o.conns, o.size, o.pieces, o.call_bytes == 0 ? o.size : std::min(o.call_bytes, o.size),
                    o.nagle ? "on" : "off", name_of(m), sender_gb.size(), spread(sender_gb, 3).c_str(),
                    spread(user_gb, 3).c_str(), spread(sys_gb, 3).c_str(), median(sends_gb),
                    spread(us_send, 2).c_str(), spread(reader_gb, 3).c_str(), median(segs_gb),
                    spread(us_seg, 2).c_str(), spread(p50, 2).c_str(), spread(p99, 2).c_str(),
                    spread(p999, 2).c_str(), ratio);
    }
    std::fflush(stdout);
}

/// The load average now, as /proc/loadavg gives it (the first three figures).
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

/// Parses the command line; prints the usage and exits on anything it does not know.
options parse(int argc, char** argv) {
    options o;
    const auto usage = [&] {
        std::fprintf(stderr,
                     "usage: %s [--conns N] [--size BYTES] [--pieces K] [--kbps RATE | --rate ROUNDS_PER_S]\n"
                     "          [--seconds S | --rounds R] [--repeat M] [--methods copy,file,zerocopy]\n"
                     "          [--sender-cpu C] [--reader-cpu C] [--zc-drain ROUNDS] [--call-bytes B] [--nagle]\n"
                     "          [--verify]\n",
                     argv[0]);
        std::exit(2);
    };
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--verify" || arg == "--nagle") {
            (arg == "--verify" ? o.verify : o.nagle) = true;
            continue;
        }
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (arg == "--conns") o.conns = std::stoul(value);
        else if (arg == "--size") o.size = std::stoul(value);
        else if (arg == "--pieces") o.pieces = std::stoul(value);
        else if (arg == "--kbps") o.kbps = std::stod(value);
        else if (arg == "--rate") o.rate = std::stod(value);
        else if (arg == "--seconds") o.seconds = std::stod(value);
        else if (arg == "--rounds") o.rounds = std::stoul(value);
        else if (arg == "--repeat") o.repeat = std::stoul(value);
        else if (arg == "--sender-cpu") o.sender_cpu = std::stoi(value);
        else if (arg == "--reader-cpu") o.reader_cpu = std::stoi(value);
        else if (arg == "--zc-drain") o.zc_drain = std::max<std::size_t>(1, std::stoul(value));
        else if (arg == "--call-bytes") o.call_bytes = std::stoul(value);
        else if (arg == "--methods") {
            o.methods.clear();
            for (std::size_t at = 0; at <= value.size();) {
                const auto comma = std::min(value.find(',', at), value.size());
                const auto name = value.substr(at, comma - at);
                if (name == "copy") o.methods.push_back(method::copy);
                else if (name == "file") o.methods.push_back(method::file);
                else if (name == "zerocopy") o.methods.push_back(method::zerocopy);
                else usage();
                at = comma + 1;
            }
        } else usage();
    }
    if (o.conns == 0 || o.size == 0 || o.pieces == 0 || o.pieces > o.size || o.repeat == 0) usage();
    if (o.rate <= 0) o.rate = o.kbps * 1000 / 8 / static_cast<double>(o.size);
    if (o.rounds == 0) o.rounds = std::max<std::size_t>(1, static_cast<std::size_t>(o.rate * o.seconds));
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const auto o = parse(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_cur < o.conns + 64) {
        std::fprintf(stderr, "error: %zu connections need more descriptors (limit %llu)\n", o.conns,
                     static_cast<unsigned long long>(files.rlim_cur));
        return 2;
    }

    void* mem = mmap(nullptr, sizeof(shared_counters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) die("mmap");
    auto& shared = *new (mem) shared_counters;
    const auto stamps = o.conns * delay_board::slots * sizeof(std::int64_t);
    void* board = mmap(nullptr, stamps + delay_board::buckets * sizeof(std::uint64_t), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (board == MAP_FAILED) die("mmap");
    const delay_board delays{static_cast<std::int64_t*>(board),
                             reinterpret_cast<std::uint64_t*>(static_cast<char*>(board) + stamps)};
    const auto block = make_block(o.size);

    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t addr_len = sizeof addr;
    if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listener, static_cast<int>(o.conns)) != 0 ||
        getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0)
        die("listen");

    const pid_t reader = fork();
    if (reader < 0) die("fork");
    if (reader == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        run_reader(listener, o, shared, delays, block);
    }
    pin(o.sender_cpu);
    std::vector<conn> conns(o.conns);
    for (auto& c : conns) {
        c.fd = socket(AF_INET, SOCK_STREAM, 0);
        if (c.fd < 0 || connect(c.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) die("connect");
        const int one = 1;
        if (!o.nagle) setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as lal's server sockets
        if (std::find(o.methods.begin(), o.methods.end(), method::zerocopy) != o.methods.end() &&
            setsockopt(c.fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof one) != 0)
            die("SO_ZEROCOPY");
        fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    }
    while (shared.accepted.load() < o.conns) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    close(listener);
    const auto softirqd = softirq_threads(o);

    std::printf("write_path_probe: %zu connections, %zu bytes per flush in %zu pieces, calls of at most %zu bytes, "
                "Nagle %s, %.1f rounds/s (%.0f kbit/s per connection), %zu rounds per phase, %zu phases per method; "
                "sender on core %d, reader on core %d; load average %s\n",
                o.conns, o.size, o.pieces, o.call_bytes == 0 ? o.size : std::min(o.call_bytes, o.size),
                o.nagle ? "on" : "off (TCP_NODELAY)", o.rate, o.rate * static_cast<double>(o.size) * 8 / 1000,
                o.rounds, o.repeat, o.sender_cpu, o.reader_cpu, load_average().c_str());
    // A short unreported phase per method first: windows open, pages fault in, optmem is allocated.
    const auto warm_rounds = std::max<std::size_t>(1, o.rounds / 8);
    for (const auto m : o.methods) run_phase(m, warm_rounds, o.rate, o, conns, block, shared, delays, reader, softirqd);

    std::vector<phase_result> all;
    for (std::size_t rep = 0; rep < o.repeat; ++rep) {
        // Alternate, and reverse the order every other repetition so no method always follows the same one.
        auto order = o.methods;
        if (rep % 2 == 1) std::reverse(order.begin(), order.end());
        for (const auto m : order) {
            all.push_back(run_phase(m, o.rounds, o.rate, o, conns, block, shared, delays, reader, softirqd));
            print_phase(rep, all.back());
        }
    }
    print_summary(o, all);
    std::printf("load average at the end: %s\n", load_average().c_str());

    shared.stop.store(1);
    int status = 0;
    waitpid(reader, &status, 0);
    const auto expected = conns.front().pos * conns.size();
    const auto mismatches = shared.mismatches.load();
    if (shared.received.load() != expected || mismatches != 0) {
        std::fprintf(stderr, "error: the reader got %llu bytes of %llu, %llu reads differed from what was sent\n",
                     static_cast<unsigned long long>(shared.received.load()),
                     static_cast<unsigned long long>(expected), static_cast<unsigned long long>(mismatches));
        return 1;
    }
    if (o.verify) std::printf("verified: every byte the reader got is the byte sent at its offset\n");
    return 0;
}
