#include "ICURegex.h"

#include <stdlib.h>
#include <unicode/uregex.h>

struct KBRegex {
    URegularExpression *regex;
};

KBRegex *kb_regex_open(const uint16_t *pattern, int32_t length, int caseInsensitive, int multiline,
                       int dotAll, int32_t limit, const char **error) {
    uint32_t flags = 0;
    if (caseInsensitive) flags |= UREGEX_CASE_INSENSITIVE;
    if (multiline) flags |= UREGEX_MULTILINE;
    if (dotAll) flags |= UREGEX_DOTALL;
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *regex = uregex_open((const UChar *)pattern, length, flags, NULL, &status);
    if (U_SUCCESS(status)) uregex_setTimeLimit(regex, limit, &status);
    if (U_FAILURE(status)) {
        if (regex) uregex_close(regex);
        *error = u_errorName(status);
        return NULL;
    }
    KBRegex *made = malloc(sizeof(KBRegex));
    if (!made) {
        uregex_close(regex);
        *error = "out of memory";
        return NULL;
    }
    made->regex = regex;
    return made;
}

void kb_regex_close(KBRegex *regex) {
    uregex_close(regex->regex);
    free(regex);
}

int kb_regex_set_text(KBRegex *regex, const uint16_t *text, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    static const UChar empty[1] = {0};
    uregex_setText(regex->regex, text ? (const UChar *)text : empty, length, &status);
    return U_SUCCESS(status) ? KB_REGEX_OK : KB_REGEX_INVALID;
}

static int outcome(UBool found, UErrorCode status) {
    if (status == U_REGEX_TIME_OUT) return -1;
    return U_SUCCESS(status) && found;
}

int kb_regex_find_next(KBRegex *regex) {
    UErrorCode status = U_ZERO_ERROR;
    UBool found = uregex_findNext(regex->regex, &status);
    return outcome(found, status);
}

int kb_regex_matches(KBRegex *regex) {
    UErrorCode status = U_ZERO_ERROR;
    UBool found = uregex_matches(regex->regex, -1, &status);
    return outcome(found, status);
}

int32_t kb_regex_group_count(KBRegex *regex) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t count = uregex_groupCount(regex->regex, &status);
    return U_SUCCESS(status) ? count : 0;
}

int32_t kb_regex_start(KBRegex *regex, int32_t group) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t start = uregex_start(regex->regex, group, &status);
    return U_SUCCESS(status) ? start : -1;
}

int32_t kb_regex_end(KBRegex *regex, int32_t group) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t end = uregex_end(regex->regex, group, &status);
    return U_SUCCESS(status) ? end : -1;
}
