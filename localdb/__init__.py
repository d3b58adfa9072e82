"""The local store: one SQLite database per user profile (see docs/localdb.md).

Imports only `domain`; never Qt, never `sync`. Start with `localdb.profile.Profile.open`.
"""
