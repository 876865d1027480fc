// SPDX-License-Identifier: MIT
#include "record_files.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "log.hpp"

namespace lal::server {

namespace {

/// An app or stream name made safe as one file name item.
std::string safe_item(std::string s) {
    for (auto& c : s) {
        if (c == '/' || c == '\\') c = '_';
    }
    if (s.empty() || s == "." || s == "..") s = "_";
    return s;
}

std::string errno_text(int e) { return std::error_code(e, std::generic_category()).message(); }

/// Most pieces one writev takes (IOV_MAX is at least 1024 on Linux).
constexpr std::size_t max_iov = 64;

}  // namespace

std::string record_file_name(const std::string& pattern, const stream_key& key, std::int64_t unix_ms,
                             std::uint32_t index) {
    const auto sec = static_cast<std::time_t>(unix_ms / 1000);
    std::tm utc{};
    gmtime_r(&sec, &utc);
    char datetime[32];
    std::strftime(datetime, sizeof datetime, "%Y%m%d-%H%M%S", &utc);
    const std::pair<std::string_view, std::string> values[] = {
        {"{app}", safe_item(key.app)},          {"{stream}", safe_item(key.name)},
        {"{unixsec}", std::to_string(sec)},     {"{unixms}", std::to_string(unix_ms)},
        {"{datetime}", datetime},               {"{index}", std::to_string(index)},
    };
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
        bool replaced = false;
        for (const auto& [name, value] : values) {
            if (pattern.compare(i, name.size(), name) == 0) {
                out += value;
                i += name.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out += pattern[i++];
    }
    return out;
}

record_output::record_output(hls_file_writer& writer, record_file_info about, report_fn report,
                             std::function<void()> failed)
    : writer_(writer), report_(std::move(report)), failed_fn_(std::move(failed)), file_(std::move(about)) {}

record_output::~record_output() {
    // Every close is queued, so a file is left open only when a job was refused.
    if (dropped_) {
        close_dropped();
    } else {
        do_close();
    }
}

void record_output::post(std::function<void(record_output&)> job, std::size_t bytes) {
    if (!ok()) return;
    if (writer_.post([self = shared_from_this(), job = std::move(job)] { job(*self); }, bytes)) return;
    // A file missing bytes in its middle is worse than a file that ends early.
    dropped_.store(true);
    if (failed_.exchange(true)) return;
    LAL_LOG_ERROR("[record] recording of {}/{} ({}) stopped: the file writer is behind (slow disk?); the stream goes on",
                  file_.app_name, file_.stream_name, file_.format);
    if (failed_fn_) failed_fn_();
}

void record_output::open(std::string path) {
    post([path = std::move(path)](record_output& o) { o.do_open(path); }, 0);
}

void record_output::write(std::vector<lal::payload> pieces, std::int64_t media_ms) {
    std::size_t bytes = 0;
    for (const auto& p : pieces) bytes += p.size();
    post([pieces = std::move(pieces), media_ms](record_output& o) { o.do_write(pieces, media_ms); }, bytes);
}

void record_output::close() {
    post([](record_output& o) { o.do_close(); }, 0);
}

void record_output::do_open(const std::string& path) {
    if (dropped_) {
        if (fd_ < 0) file_.file = path;  // the loss is reported with the file it hit
        return close_dropped();
    }
    if (!ok()) return;  // failed before: no new file
    do_close();
    file_.file = path;
    file_.bytes = 0;
    file_.duration = 0;
    file_.error.clear();
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return fail("cannot make the folder " + parent.string() + ": " + ec.message());
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return fail("cannot open " + path + ": " + errno_text(errno));
    LAL_LOG_INFO("[record] {}/{} ({}): recording to {}", file_.app_name, file_.stream_name, file_.format, path);
    if (report_) report_(true, file_);
}

void record_output::do_write(const std::vector<lal::payload>& pieces, std::int64_t media_ms) {
    if (dropped_) return close_dropped();
    if (fd_ < 0 || !ok()) return;
    // Gathered writes of up to max_iov pieces; a short write goes on where it stopped.
    std::size_t next = 0;
    std::size_t skip = 0;  // bytes of pieces[next] already written
    while (next < pieces.size()) {
        iovec iov[max_iov];
        int n = 0;
        for (auto i = next; i < pieces.size() && n < static_cast<int>(max_iov); ++i, ++n) {
            const auto b = pieces[i].bytes().subspan(i == next ? skip : 0);
            iov[n] = {const_cast<std::byte*>(b.data()), b.size()};
        }
        const auto wrote = ::writev(fd_, iov, n);
        if (wrote < 0) {
            if (errno == EINTR) continue;
            return fail("cannot write " + file_.file + ": " + errno_text(errno));
        }
        if (wrote == 0) return fail("cannot write " + file_.file + ": nothing written");
        file_.bytes += static_cast<std::uint64_t>(wrote);
        auto left = static_cast<std::size_t>(wrote);
        while (next < pieces.size() && left >= pieces[next].size() - skip) {
            left -= pieces[next].size() - skip;
            skip = 0;
            ++next;
        }
        skip += left;
    }
    file_.duration = static_cast<double>(media_ms) / 1000.0;
}

void record_output::do_close() {
    if (dropped_) return close_dropped();
    if (fd_ < 0) return;
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) return fail("cannot close " + file_.file + ": " + errno_text(errno));
    LAL_LOG_INFO("[record] {}/{} ({}): closed {} ({} bytes, {:.3f} s)", file_.app_name, file_.stream_name,
                 file_.format, file_.file, file_.bytes, file_.duration);
    if (report_) report_(false, file_);
}

void record_output::fail(const std::string& why) {
    if (failed_.exchange(true)) {
        if (dropped_) close_dropped();  // refused a job meanwhile: reported as that
        return;
    }
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
    file_.error = why;
    LAL_LOG_ERROR("[record] recording of {}/{} ({}) stopped: {}; the stream goes on", file_.app_name,
                  file_.stream_name, file_.format, why);
    if (report_) report_(false, file_);
    if (failed_fn_) failed_fn_();
}

void record_output::close_dropped() {
    if (drop_reported_) return;
    drop_reported_ = true;
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
    file_.error = "the file writer was behind (slow disk?): the file ends early";
    if (report_) report_(false, file_);
}

}  // namespace lal::server
