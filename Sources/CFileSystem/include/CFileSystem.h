#ifndef PRIMER_CFILESYSTEM_H
#define PRIMER_CFILESYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
///
/// Returns 0 on success, or -1 with errno set. Swift's Glibc module does not
/// import renameat2, so this one call lives in C.
int primer_exchange_paths(const char *first, const char *second);

#endif
