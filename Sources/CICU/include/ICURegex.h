#ifndef KB_ICU_REGEX_H
#define KB_ICU_REGEX_H

#include <stdint.h>

// ICU's regular expressions behind plain C types: Swift's Foundation carries its own copy of
// ICU's headers, whose types clash with Debian's in one module graph, so none of ICU's own
// types cross this boundary.

typedef struct KBRegex KBRegex;

enum { KB_REGEX_OK = 0, KB_REGEX_INVALID = 1, KB_REGEX_TIMED_OUT = 2 };

/// Compiles `pattern` (UTF-16) with `limit` as ICU's time limit, in its steps of the match engine.
/// On failure returns NULL, with `error` set to ICU's name of the error.
KBRegex *kb_regex_open(const uint16_t *pattern, int32_t length, int caseInsensitive, int multiline,
                       int dotAll, int32_t limit, const char **error);
void kb_regex_close(KBRegex *regex);
/// The text to match; the caller keeps it alive until the next call of `kb_regex_set_text`.
int kb_regex_set_text(KBRegex *regex, const uint16_t *text, int32_t length);
/// The next match: 1 found, 0 none, -1 the time limit reached.
int kb_regex_find_next(KBRegex *regex);
/// The whole text matches: 1, 0, or -1 the time limit reached.
int kb_regex_matches(KBRegex *regex);
int32_t kb_regex_group_count(KBRegex *regex);
/// Where a group of the last match starts and ends, -1 when it took no part.
int32_t kb_regex_start(KBRegex *regex, int32_t group);
int32_t kb_regex_end(KBRegex *regex, int32_t group);

#endif
