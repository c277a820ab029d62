"""Session reminders: the practice's times before a session, each person's own choice of them, and the sender."""
