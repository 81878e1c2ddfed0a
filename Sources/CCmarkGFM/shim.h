#include <stdint.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

/* cmark-gfm's cmark_chunk (src/chunk.h), which the extension API hands to
   inline extensions but only declares. Its layout has not changed since
   cmark 0.22; Primer reads `data` and `len` to scan a formula's text. */
struct cmark_chunk {
  unsigned char *data;
  int32_t len;
  int32_t alloc;
};
