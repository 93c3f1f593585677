# Round five, quote headers (issue 31): the cut of a reply's quoted
# original reads each line at most twice (alone, and joined with the next
# when a client wrapped a header), by substring tests, so lines built to
# look almost like headers cost linear time. Each body starts with the
# vendor's words; everything after them is the hostile part, which must
# not be read as the vendor's and must not slow the reader.
# Loaded by bench/attack.py into its namespace (case, reader_run from
# round4_reader.py).


@case("r5-quotes", "256 KB of near quote headers, the cut's worst (100 replies): read in under 2 s")
def _(binary, work):
    # Each line starts like a header, holds a date and an address, ends
    # with ':' and holds the verb a dozen times, never as a whole word: the
    # cut tests every place of it, and finds none.
    line = b"Am 3. Maerz 2026 um 10:12 " + b"schriebx Max <max@example.de> " * 9 + b":\n"
    body = b"Your data has been deleted.\n" + (line * 1000)[: 256 << 10]
    return reader_run(binary, work, [body] * 100, "confirmed")


@case("r5-quotes", "a header line of 10 MB full of quote verbs ending in ':': read in under 2 s")
def _(binary, work):
    body = b"Your data has been deleted.\nAm 3. Maerz 2026 " + b"schrieb wrote skrev " * (10 << 20 // 20) + b":"
    return reader_run(binary, work, [body], "confirmed")
