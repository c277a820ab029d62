"""Users, practices (tenants), memberships and roles, invitations, auth security."""
