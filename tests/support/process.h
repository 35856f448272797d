// Runs the tribu binary as a child process, for black-box tests.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tribu::testing {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// A child whose stdout and stderr go to files in `dir`.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& dir,
        const std::vector<std::string>& extra_env = {}) {
    out_path_ = dir + "/child-" + std::to_string(++counter_) + ".out";
    err_path_ = out_path_ + ".err";
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e; ++e) {
      if (std::string_view(*e).starts_with("TRIBU_")) continue;  // tests set what they need
      env_storage.emplace_back(*e);
    }
    for (const auto& e : extra_env) env_storage.push_back(e);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  void Signal(int sig) { kill(pid_, sig); }

  // Waits for the exit; returns the exit code, or -1 if a signal ended it.
  int Wait() {
    if (reaped_) return exit_code_;
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }
  bool Exited() {
    if (reaped_) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    return reaped_;
  }

  std::string Out() const { return Slurp(out_path_); }
  std::string Err() const { return Slurp(err_path_); }

 private:
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  std::string out_path_, err_path_;
};

inline RunResult Run(const std::vector<std::string>& args, const std::string& dir,
                     const std::vector<std::string>& extra_env = {}) {
  Child child(args, dir, extra_env);
  RunResult r;
  if (!child.started()) return r;
  r.exit_code = child.Wait();
  r.out = child.Out();
  r.err = child.Err();
  return r;
}

}  // namespace tribu::testing
