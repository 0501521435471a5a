#include "ICUCollation.h"

#include <unicode/ucol.h>
#include <unicode/uloc.h>

kb_collator *kb_collator_open(const char *language) {
    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY];
    uloc_forLanguageTag(language, locale, sizeof locale, NULL, &status);
    if (U_FAILURE(status)) {
        locale[0] = 0;
        status = U_ZERO_ERROR;
    }
    UCollator *collator = ucol_open(locale, &status);
    if (U_FAILURE(status)) {
        return NULL;
    }
    return (kb_collator *)collator;
}

void kb_collator_close(kb_collator *collator) {
    ucol_close((UCollator *)collator);
}

int32_t kb_collator_sort_key(const kb_collator *collator, const uint16_t *text, int32_t length, uint8_t *key,
                             int32_t capacity) {
    return ucol_getSortKey((const UCollator *)collator, (const UChar *)text, length, key, capacity);
}
