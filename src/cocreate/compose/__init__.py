"""How one engagement is composed from its apps: panels on shared pages, "waiting for you" items, and events."""
