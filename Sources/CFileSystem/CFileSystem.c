#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <linux/close_range.h>
#include "CFileSystem.h"

int primer_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int primer_sync_file_system(const char *path) {
    int folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0) return -1;
#if defined(__linux__)
    int result = syncfs(folder);
#else
    int result = fsync(folder);
#endif
    int saved = errno;
    close(folder);
    errno = saved;
    return result;
}

int primer_become_subreaper(void) {
#if defined(__linux__)
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// Opens `path` onto `target` in the child; 0 on success.
static int redirect(const char *path, int flags, int target) {
    int descriptor = open(path, flags, 0644);
    if (descriptor < 0) return -1;
    if (descriptor != target) {
        if (dup2(descriptor, target) < 0) return -1;
        close(descriptor);
    }
    return 0;
}

pid_t primer_spawn(const char *path, char *const argv[], char *const envp[], const char *standard_output,
                   const char *standard_error, int own_process_group, int *spawn_errno) {
    // The child reports a failure before exec through this pipe; a
    // successful exec closes it (O_CLOEXEC) with nothing written.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *spawn_errno = errno;
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *spawn_errno = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        // Only async-signal-safe calls from here to exec.
        close(report[0]);
        if (own_process_group) setpgid(0, 0);
#if defined(__linux__)
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != parent) _exit(127);  // the parent died before prctl
#endif
        int failed = redirect("/dev/null", O_RDONLY, 0) != 0
            || redirect(standard_output, O_WRONLY | O_CREAT | O_TRUNC, 1) != 0;
        if (!failed) {
            // One file for both streams is opened once, so they append to it
            // together rather than overwrite each other.
            int same = 1;
            for (const char *a = standard_output, *b = standard_error; *a || *b; a++, b++) {
                if (*a != *b) { same = 0; break; }
            }
            failed = same ? dup2(1, 2) < 0 : redirect(standard_error, O_WRONLY | O_CREAT | O_TRUNC, 2) != 0;
        }
        // Nothing else of Primer's: an inherited descriptor would keep a
        // pipe open for as long as anything the child starts lives (which
        // is how Foundation's Process notices that Primer has ended).
        if (!failed) {
            int keep = report[1];
            if (keep > 3) close_range(3, keep - 1, 0);
            close_range(keep + 1, ~0U, 0);
            execve(path, argv, envp);
        }
        int code = errno;
        (void)!write(report[1], &code, sizeof code);
        _exit(127);
    }
    close(report[1]);
    int code = 0;
    ssize_t count;
    do {
        count = read(report[0], &code, sizeof code);
    } while (count < 0 && errno == EINTR);
    close(report[0]);
    if (count == (ssize_t)sizeof code) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *spawn_errno = code;
        return -1;
    }
    return pid;
}
