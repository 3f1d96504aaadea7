"""Evidence packs: the inputs frozen at a cut-off, the files built from them, a manifest of
hashes, and the checks that a pack still reproduces (on the server) and that a downloaded pack
is intact (offline, without a database)."""
