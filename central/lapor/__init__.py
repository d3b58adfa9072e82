"""The bridge from the hub to SP4N-LAPOR! (v4 integration API) and an emulator of that API.

- `mapping`: the per-deployment mapping file (agency, channel, status ids; paths and field names).
- `secrets`: the gateway key and account token (environment or a 0600 file, never stored).
- `client`: HTTP calls to the v4 API, each answer classified (ok, refused, rate-limited, unknown).
- `models`: the bridge's own tables in the hub's database (outbox, links, state).
- `bridge`: one cycle: queue what the hub's users did, send it exactly once, pull what LAPOR! did.
- `emulator`: `python -m central lapor-emulator`, the v4 shapes on loopback with switchable faults.
"""
