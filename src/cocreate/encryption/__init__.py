"""Encryption at rest of the most private text and files: keys, field types, the start-up check and key rotation."""
