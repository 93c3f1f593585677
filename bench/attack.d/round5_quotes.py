# Round five, quote headers (issue 31): the cut of a reply's quoted
# original reads each line at most twice (alone, and joined with the next
# when a client wrapped a header), by substring tests, so lines built to
# look almost like headers cost linear time. Each body starts with the
# vendor's words; everything after them is the hostile part, which must
# not be read as the vendor's and must not slow the reader.
# Loaded by bench/attack.py into its namespace (case, reader_run from
# round4_reader.py).


@case("r5-quotes", "256 KB of near quote headers, each wrapped line joined with the next (100 replies): read in under 2 s")
def _(binary, work):
    line = b"Am 3. Maerz 2026 um 10:12 schrieb Max schrieb Max schrieb Max <max@example.de> schrieb\n"
    body = b"Your data has been deleted.\n" + (line * 4000)[: 256 << 10]
    return reader_run(binary, work, [body] * 100, "confirmed")


@case("r5-quotes", "a header line of 10 MB full of quote verbs ending in ':': read in under 2 s")
def _(binary, work):
    body = b"Your data has been deleted.\nAm 3. Maerz 2026 " + b"schrieb wrote skrev " * (10 << 20 // 20) + b":"
    return reader_run(binary, work, [body], "confirmed")
