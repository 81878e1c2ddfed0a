#ifndef PRIMER_CFILESYSTEM_H
#define PRIMER_CFILESYSTEM_H

#include <sys/types.h>
#include <sys/wait.h>

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
///
/// Returns 0 on success, or -1 with errno set. Swift's Glibc module does not
/// import renameat2, so this one call lives in C.
int primer_exchange_paths(const char *first, const char *second);

/// Flushes to disk everything written on the file system that holds `path`
/// (Linux syncfs): one flush for a whole folder of new files, where an
/// fsync per file costs a journal commit each.
int primer_sync_file_system(const char *path);

/// Makes the calling process the reaper of its orphaned descendants
/// (PR_SET_CHILD_SUBREAPER): a process a lesson leaves behind, even one
/// in a session of its own (`setsid`), becomes this process's child, where
/// it can be found and stopped. Returns 0, or -1 with errno set.
int primer_become_subreaper(void);

/// Starts `path` with `argv` and `envp`, standard input from /dev/null and
/// standard output and error written to the named files (the same name
/// for both: one file), in a process group of its own if asked.
///
/// The child is killed when the thread that started it ends
/// (PR_SET_PDEATHSIG): if Primer is killed, what it started dies with it.
/// posix_spawn cannot ask for that, so this forks and execs. Returns the
/// child's pid, or -1 with the reason in `spawn_errno`.
pid_t primer_spawn(const char *path, char *const argv[], char *const envp[], const char *standard_output,
                   const char *standard_error, int own_process_group, int *spawn_errno);

#endif
