#ifndef KB_ICU_COLLATION_H
#define KB_ICU_COLLATION_H

#include <stdint.h>

/// A language's collation from the system's ICU (Debian's libicu), behind unversioned names:
/// ICU's own C functions are renamed per version by macros (ucol_open is ucol_open_72), which
/// Swift cannot import.
typedef struct kb_collator kb_collator;

/// The collator of a BCP 47 language tag (`ja`, `de-CH`); ICU's root order for a language it
/// lacks. NULL only when ICU fails.
kb_collator *kb_collator_open(const char *language);
void kb_collator_close(kb_collator *collator);

/// The sort key of `length` UTF-16 units into `key` (at most `capacity` bytes, the final 0
/// included); returns the key's whole length, which may exceed `capacity`.
int32_t kb_collator_sort_key(const kb_collator *collator, const uint16_t *text, int32_t length, uint8_t *key,
                             int32_t capacity);

#endif
