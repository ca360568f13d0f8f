"""Every size and time limit in one place, each with its reason. Readers refuse input past a limit with
one line; below it, their work is linear and streaming. Kept free of imports so any layer can read it."""

from __future__ import annotations

MiB = 1024 * 1024

# --- transcripts ------------------------------------------------------------------------------

MAX_TRANSCRIPT_BYTES = 64 * MiB
"""A 4-hour interview with long answers is a few MB; 64 MB holds 30 pastes at the answer limit below."""

MAX_TURNS = 1_000
"""A 240-minute interview (the longest allowed) with an answer every 30 s is 960 turns."""

MAX_EVENTS = 20_000
"""Each turn brings at most a few other events (assessment, phase, hint, edge): 20 per turn is slack."""

MAX_JSON_DEPTH = 32
"""Our deepest event (an assessment's points) nests 5 levels; anything far deeper is not ours."""

MAX_ANSWER_CHARS = 2_000_000
"""About 400 pages. A paste that large is not an answer; the session refuses it (the text stays with
the candidate) instead of writing a transcript no reader would accept."""

# --- data files -------------------------------------------------------------------------------

MAX_QUESTION_FILE_BYTES = 1 * MiB
"""The largest question in the bank is 33 KB; 30x that is room for a very thorough question."""

MAX_LABELS_BYTES = 8 * MiB
"""labels.json for the 22-transcript golden set is 20 KB; 8 MB holds thousands of labels."""

MAX_LABELS = 10_000

# --- model replies ----------------------------------------------------------------------------

MAX_REPLY_CHARS = 8_000
"""The ask call requests at most 600 tokens (about 2,500 characters of English); 8,000 leaves room for
verbose local models and other scripts. A streamed reply is cut here, with a notice in the text."""

MAX_RESPONSE_BYTES = 4 * MiB
"""One HTTP response from the model server, headers and body. 8,000 characters streamed one per SSE
event is about 1.5 MB of JSON; a structured assessment is a few KB."""

MAX_FIELD_CHARS = 2_000
"""A string field in a structured reply (a note, a quote, a problem); longer ones are cut, marked."""

MAX_LIST_ITEMS = 50
"""A list field in a structured reply (points hit, problems); a ladder has about 40 points in all."""

MAX_TIMEOUT_SECONDS = 3_600.0
"""`--timeout` above an hour is a typo, not a wish."""

MAX_MINUTES = 240
"""The longest interview (as in `InterviewSettings`)."""
