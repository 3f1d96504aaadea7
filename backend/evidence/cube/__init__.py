"""The impact evidence as one cube of published cells: every table any request can reach, built
once for a period and protected jointly (primary and complementary suppression over all of them
at once), then sliced per request. Pure numpy/pandas: no Django, no I/O."""
