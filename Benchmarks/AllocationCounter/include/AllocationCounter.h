// Counts the calls to malloc and its relatives in the benchmark process, for
// kit-benchmarks' allocation figures. Linking this target into an executable
// puts its malloc in front of the C library's for every library the process
// loads (the executable's symbols come first), without LD_PRELOAD; each call
// is counted and passed on to glibc's own implementation (__libc_malloc).
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

#include <stdint.h>

/// Allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc,
/// memalign) since the process started.
uint64_t allocation_count(void);

/// Bytes requested by those allocations.
uint64_t allocated_bytes(void);

/// Minor page faults of the process so far (getrusage's ru_minflt): pages
/// the kernel mapped on first touch, which is what fresh memory costs.
uint64_t minor_page_faults(void);

#endif
