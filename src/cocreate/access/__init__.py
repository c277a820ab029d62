"""The access policy and access events: nothing else decides who may see what."""
