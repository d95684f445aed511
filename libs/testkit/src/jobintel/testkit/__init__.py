"""Test helpers for jobintel: dev-only, never a dependency of a service.

`anthropic` is a local HTTP fake of the Anthropic Messages API that the real SDK talks to;
`jetstream` starts a real nats-server for a test and reads what its streams hold.
"""
