"""Backups that restore: `cocreate backup` writes one archive of the database and the uploaded files, with a
manifest to check it by; `cocreate restore` puts it back into an empty database (docs/security.md, "Backups")."""
