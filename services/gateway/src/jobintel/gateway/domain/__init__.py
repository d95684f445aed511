"""Pure logic of the gateway: the read-model projection and input checks. No I/O."""
