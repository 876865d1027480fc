// SPDX-License-Identifier: MIT
#include "hls_files.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>

#include "log.hpp"

namespace lal::server {

namespace {
/// Writes `bytes` to `target`, through `<target>.tmp` and a rename when `replace`; the error text, empty on success.
std::string write_file(const std::filesystem::path& target, const lal::payload& bytes, bool replace) {
    auto path = target;
    if (replace) path += ".tmp";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return std::error_code(errno, std::generic_category()).message();
    out.write(reinterpret_cast<const char*>(bytes.bytes().data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return "write failed (disk full?)";
    std::error_code ec;
    if (replace) std::filesystem::rename(path, target, ec);
    return ec ? ec.message() : std::string{};
}

/// `<stream>-<digits>-<digits>.ts`: a segment name of `stream` (lal-Go's names).
bool is_segment_of(std::string_view name, std::string_view stream) {
    if (!name.starts_with(stream) || !name.ends_with(".ts")) return false;
    name.remove_prefix(stream.size());
    name.remove_suffix(3);
    int numbers = 0;
    while (!name.empty()) {
        if (name.front() != '-' || name.size() < 2) return false;
        name.remove_prefix(1);
        std::size_t n = 0;
        while (n < name.size() && std::isdigit(static_cast<unsigned char>(name[n]))) ++n;
        if (n == 0) return false;
        name.remove_prefix(n);
        ++numbers;
    }
    return numbers == 2;
}
}  // namespace

void hls_files::state::stop(const std::string& what, const std::string& why) {
    if (failed.exchange(true)) return;
    LAL_LOG_ERROR("[hls] file output of {} stopped: cannot {}: {} (memory HLS goes on)", stream, what, why);
}

hls_files::hls_files(hls_file_writer& writer, const std::string& out_path, const std::string& stream)
    : writer_(writer), state_(std::make_shared<state>()) {
    state_->dir = std::filesystem::path(out_path) / stream;
    state_->stream = stream;
    post([s = state_] {
            std::error_code ec;
            std::filesystem::create_directories(s->dir, ec);
            if (ec) s->stop("create " + s->dir.string(), ec.message());
        },
        0, "the folder");
}

bool hls_files::post(std::function<void()> job, std::size_t bytes, const std::string& what) {
    if (!writing()) return false;
    if (writer_.post(std::move(job), bytes)) return true;
    // One line per drop would flood the log while the disk is stuck.
    const auto dropped = writer_.counters().dropped.load(std::memory_order_relaxed);
    if (dropped == 1 || dropped % 100 == 0) {
        LAL_LOG_WARN("[hls] file writer behind (slow disk?): dropped {} of {}, {} dropped so far", what,
                     state_->stream, dropped);
    }
    return false;
}

bool hls_files::write_segment(const lal::hls::segment_ptr& seg, std::function<void(bool ok)> written) {
    return post(
        [s = state_, seg, written = std::move(written)] {
            bool ok = false;
            if (!s->failed.load()) {
                const auto target = s->dir / seg->name;
                auto error = write_file(target, seg->bytes, false);
                if (!error.empty()) s->stop("write " + target.string(), error);
                ok = error.empty();
            }
            if (written) written(ok);
        },
        seg->bytes.size(), seg->name);
}

void hls_files::write_playlists(const lal::payload& live, const lal::payload& record) {
    post(
        [s = state_, live, record] {
            for (const auto& [name, bytes] : {std::pair{"playlist.m3u8", live}, std::pair{"record.m3u8", record}}) {
                if (bytes.empty() || s->failed.load()) continue;
                const auto target = s->dir / name;
                if (auto error = write_file(target, bytes, true); !error.empty()) s->stop("write " + target.string(), error);
            }
        },
        live.size() + record.size(), "the playlists");
}

void hls_files::schedule(const lal::hls::delete_files& d) { pending_.push_back(d); }

void hls_files::remove_due(std::int64_t now_ms) {
    auto due = [now_ms](const lal::hls::delete_files& d) { return d.not_before_ms <= now_ms; };
    std::vector<std::string> names;
    for (const auto& d : pending_) {
        if (due(d)) names.insert(names.end(), d.names.begin(), d.names.end());
    }
    std::erase_if(pending_, due);
    if (names.empty()) return;
    const auto count = names.size();
    // Removal goes on after a write failed: it frees what was written before.
    if (!writer_.post([s = state_, names = std::move(names)] {
            for (const auto& name : names) {
                std::error_code ec;
                std::filesystem::remove(s->dir / name, ec);  // already gone is fine
            }
        })) {
        LAL_LOG_WARN("[hls] file writer behind: {} file(s) of {} not removed", count, state_->stream);
    }
}

std::size_t remove_orphan_files(const std::string& out_path, std::uint32_t cleanup_mode) {
    std::size_t removed = 0;
    std::error_code ec;
    std::filesystem::directory_iterator dirs(out_path, ec);
    if (ec) return 0;  // no folder yet: nothing left behind
    for (const auto& dir : dirs) {
        if (!dir.is_directory(ec)) continue;
        const auto stream = dir.path().filename().string();
        std::vector<std::filesystem::path> ours;
        for (const auto& f : std::filesystem::directory_iterator(dir.path(), ec)) {
            const auto name = f.path().filename().string();
            const bool tmp = name == "playlist.m3u8.tmp" || name == "record.m3u8.tmp";
            const bool made = name == "playlist.m3u8" || name == "record.m3u8" || is_segment_of(name, stream);
            if (tmp || (made && cleanup_mode != 0)) ours.push_back(f.path());
        }
        for (const auto& p : ours) {
            if (std::filesystem::remove(p, ec)) ++removed;
        }
        if (!ours.empty() && std::filesystem::is_empty(dir.path(), ec)) std::filesystem::remove(dir.path(), ec);
    }
    return removed;
}

}  // namespace lal::server
