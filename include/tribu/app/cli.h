// The `tribu` command line. Exit codes: 0 success, 1 failure, 2 bad usage or
// configuration, 3 an import that skipped bad rows.
#pragma once

namespace tribu {

int RunCli(int argc, char** argv);

}  // namespace tribu
