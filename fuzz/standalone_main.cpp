// SPDX-License-Identifier: MIT
// Replays inputs through a fuzz target's LLVMFuzzerTestOneInput without
// libFuzzer, so the normal test suite (any compiler, with or without
// sanitizers) runs every seed and every regression input.
//   usage: <target> PATH...   (files, or folders whose files are all run)
// A missing folder is skipped; no input at all is an error. A violated
// property aborts, as under libFuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void collect(const fs::path& p, std::vector<fs::path>& out) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
        for (const auto& entry : fs::directory_iterator(p)) {
            // README files describe a folder; they are not inputs.
            if (entry.is_regular_file() && entry.path().filename() != "README.md") out.push_back(entry.path());
        }
    } else if (fs::is_regular_file(p, ec)) {
        out.push_back(p);
    } else {
        std::printf("skipping %s: not found\n", p.string().c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) collect(argv[i], inputs);
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
        std::fprintf(stderr, "no inputs\n");
        return 1;
    }
    for (const auto& p : inputs) {
        auto bytes = read_file(p);
        std::printf("%s (%zu bytes)\n", p.string().c_str(), bytes.size());
        std::fflush(stdout);
        // Copied so that reads past the end are caught by ASan, as under libFuzzer.
        std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());
        LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
    }
    std::printf("%zu inputs passed\n", inputs.size());
    return 0;
}
