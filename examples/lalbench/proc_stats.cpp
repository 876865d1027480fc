// SPDX-License-Identifier: MIT
#include "proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lalbench {
namespace {

std::uint64_t number_of(std::string_view text) {
    auto start = text.find_first_of("0123456789");
    if (start == std::string_view::npos) return 0;
    std::uint64_t v = 0;
    std::from_chars(text.data() + start, text.data() + text.size(), v);
    return v;
}

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// proc(5): /proc/PID/stat fields 14 and 15 are utime and stime in clock ticks;
// field 2 (comm) may hold spaces, so count from its closing parenthesis.
std::optional<double> cpu_of(int pid) {
    auto text = read_text("/proc/" + std::to_string(pid) + "/stat");
    if (!text) return std::nullopt;
    auto close = text->rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(text->substr(close + 1));
    std::string field;
    std::uint64_t utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = number_of(field);
        if (i == 15) stime = number_of(field);
    }
    static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return static_cast<double>(utime + stime) / ticks;
}

// proc(5): "VmRSS:   1234 kB" lines of /proc/PID/status.
std::uint64_t status_kb(const std::string& status, const std::string& key) {
    auto at = status.find(key + ":");
    if (at == std::string::npos) return 0;
    auto line = std::string_view(status).substr(at + key.size() + 1);
    return number_of(line.substr(0, line.find('\n')));
}

std::vector<int> children_of(int pid) {
    std::vector<int> out;
    std::error_code ec;
    std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
    if (ec) return out;
    for (const auto& task : tasks) {
        std::ifstream in(task.path() / "children");
        int child = 0;
        while (in >> child) out.push_back(child);
    }
    return out;
}

}  // namespace

std::optional<proc_sample> sample_processes(const std::vector<int>& pids) {
    std::vector<int> all;
    for (int pid : pids) {
        all.push_back(pid);
        for (int c : children_of(pid)) all.push_back(c);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    proc_sample s;
    for (int pid : all) {
        auto cpu = cpu_of(pid);
        auto status = read_text("/proc/" + std::to_string(pid) + "/status");
        if (!cpu || !status) {
            if (std::find(pids.begin(), pids.end(), pid) != pids.end()) return std::nullopt;
            continue;  // a child that just ended
        }
        s.cpu_seconds += *cpu;
        s.rss_kb += status_kb(*status, "VmRSS");
        s.hwm_kb += status_kb(*status, "VmHWM");
        ++s.processes;
    }
    return s;
}

std::optional<machine_cpu> sample_machine_cpu() {
    std::ifstream in("/proc/stat");
    std::string label;
    // proc(5): cpu user nice system idle iowait irq softirq steal ..., in clock ticks.
    std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (!(in >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || label != "cpu") {
        return std::nullopt;
    }
    const auto tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    return machine_cpu{static_cast<double>(user + nice + system + irq + softirq + steal) / tick,
                       static_cast<double>(softirq) / tick};
}

double self_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace lalbench
